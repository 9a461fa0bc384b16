package dev.consent.internal;

import dev.consent.ConsentEvent;
import dev.consent.ConsentReceipt;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.DataController;
import dev.consent.EventKind;
import dev.consent.MessageRecord;
import dev.consent.Notice;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.error.ConfigurationException;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import dev.consent.internal.base.ReceiptLabels;
import dev.consent.policy.Jurisdiction;
import dev.consent.spi.EventChain;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Builds consent receipts from the ledger, the notices, the purposes and the message log. Not API. */
public final class Receipts {
  private final KitContext ctx;
  private final @Nullable DataController controller;

  public Receipts(KitContext ctx, @Nullable DataController controller) {
    this.ctx = ctx;
    this.controller = controller;
  }

  /** Whether a controller was configured, so that receipts can be issued. */
  public boolean enabled() {
    return controller != null;
  }

  public ConsentReceipt receipt(PhoneNumber number, String eventId) {
    DataController who = requireController();
    Checks.notNull(number, "number");
    Checks.notBlank(eventId, "event id");
    List<ConsentEvent> history = ctx.store().history(ctx.tenant(), number);
    ConsentEvent grant = history.stream().filter(e -> e.eventId().equals(eventId)).findFirst()
        .orElseThrow(() -> new InvalidInputException("no event with this id in the number's ledger"));
    if (grant.kind() != EventKind.GRANTED) {
      throw new InvalidInputException("a receipt is issued for a grant; the event is " + grant.kind());
    }
    return build(who, number, grant, history, ctx.store().messages(ctx.tenant(), number), verified(number));
  }

  /** A receipt for every grant of the number to a configured purpose, in ledger order. */
  public List<ConsentReceipt> receipts(PhoneNumber number) {
    DataController who = requireController();
    Checks.notNull(number, "number");
    List<ConsentEvent> history = ctx.store().history(ctx.tenant(), number);
    List<MessageRecord> messages = ctx.store().messages(ctx.tenant(), number);
    boolean verified = verified(number);
    List<ConsentReceipt> out = new ArrayList<>();
    for (ConsentEvent e : history) {
      if (e.kind() == EventKind.GRANTED && ctx.purposes().containsKey(e.purposeId())) {
        out.add(build(who, number, e, history, messages, verified));
      }
    }
    return out;
  }

  /** Whether the number's chain verifies as stored (every edit, deletion, insertion or reorder shows). */
  private boolean verified(PhoneNumber number) {
    return EventChain.verify(ctx.store().chain(ctx.tenant(), ctx.store().subjectRef(ctx.tenant(), number))).isIntact();
  }

  private DataController requireController() {
    if (controller == null) {
      throw new ConfigurationException(
          "consent receipts need the controller's name, contact and policy URL: set ConsentKit.Builder.controller(...)");
    }
    return controller;
  }

  private ConsentReceipt build(DataController who, PhoneNumber number, ConsentEvent grant, List<ConsentEvent> history,
      List<MessageRecord> messages, boolean verified) {
    Purpose purpose = ctx.purpose(grant.purposeId());
    Program program = purpose.program();
    Optional<Notice> notice = grant.noticeVersion() == null ? Optional.empty()
        : ctx.notice(purpose.id(), grant.noticeVersion())
            .or(() -> ctx.store().notice(ctx.tenant(), purpose.id(), grant.noticeVersion()));
    String language = language(notice.map(Notice::language).orElse(program.defaultLanguage()));
    Properties labels = ReceiptLabels.labelsOrEnglish(language);
    Map<String, String> ev = grant.evidence();
    String requestId = ev.get("requestId");
    Optional<MessageRecord> confirmation = requestId == null ? Optional.empty()
        : messages.stream().filter(m -> m.messageId().equals(requestId)).findFirst();
    String sender = confirmation.map(MessageRecord::sender).orElse(program.senders().get(0));
    List<String> carrierIds = new ArrayList<>();
    confirmation.map(MessageRecord::carrierMessageId).ifPresent(carrierIds::add);
    Optional.ofNullable(ev.get("inboundMessageId")).ifPresent(carrierIds::add);
    Set<String> processors = new LinkedHashSet<>();
    confirmation.ifPresent(m -> processors.add(m.carrier()));
    processors.add(ctx.carrier().name());
    Instant sentAt = instant(ev.get("requestedAt")).orElse(confirmation.map(MessageRecord::sentAt).orElse(null));
    ConsentReceipt.CollectionMethod collection = new ConsentReceipt.CollectionMethod(grant.method(), grant.channel(),
        requestId, ev.get("confirmationText"), sentAt, ev.get("reply"), carrierIds, grant.evidence(),
        grant.isRedacted());

    Jurisdiction jurisdiction = ctx.policies().jurisdictionFor(number);
    Duration validity = validity(purpose, jurisdiction);
    String termination = validity == null ? labels.getProperty("terminationStop")
        : ReceiptLabels.fill(labels.getProperty("terminationValidity"),
            Map.of("until", ReceiptLabels.day(grant.occurredAt().plus(validity))));
    String withdrawal = ReceiptLabels.fill(labels.getProperty("withdrawal"),
        Map.of("sender", sender, "contact", who.contact()));
    Instant now = Instant.now(ctx.clock());
    Status status = status(number, grant, history, validity, now);
    return new ConsentReceipt(receiptId(grant), now, ctx.tenant(), jurisdiction.id(), language, grant.subjectRef(), who,
        grant.eventId(), grant.hash(), verified, grant.occurredAt(), collection, grant.noticeVersion(), notice.map(Notice::contentHash).orElse(null),
        program.name(), sender, purpose.id(), purpose.description(), category(purpose), purpose.basis(), termination,
        withdrawal, List.copyOf(processors), status.status, status.since, purpose.retention());
  }

  /** The notice's language where both the kit's replies and the receipt labels have it, else English. */
  private String language(String noticeLanguage) {
    String lang = noticeLanguage.toLowerCase(Locale.ROOT);
    int dash = lang.indexOf('-');
    String base = dash > 0 ? lang.substring(0, dash) : lang;
    boolean kitHasIt = ctx.replies().languages().contains(lang) || ctx.replies().languages().contains(base);
    return kitHasIt && ReceiptLabels.hasLabels(lang) ? lang : ReceiptLabels.FALLBACK;
  }

  private record Status(ConsentReceipt.Status status, Instant since) {}

  /**
   * The grant's status now, as the ledger's fold says ({@link EventChain#fold}): a grant that never
   * took effect (not clearly later than a withdrawal in force) is withdrawn (or expired) since that
   * status began; otherwise it stays given while its purpose's status stays GRANTED (later grants
   * renew it), then withdrawn (an erasure counts as a withdrawal) or expired when the status first
   * leaves GRANTED; a given grant whose newest renewal is older than the validity has expired.
   */
  private Status status(PhoneNumber number, ConsentEvent grant, List<ConsentEvent> history,
      @Nullable Duration validity, Instant now) {
    ConsentStatus status = ConsentStatus.none(ctx.tenant(), number, grant.purposeId());
    Instant newestGrant = grant.occurredAt();
    for (ConsentEvent e : history) {
      if (!e.purposeId().equals(grant.purposeId())) {
        continue;
      }
      status = EventChain.fold(status, e);
      if (e.seq() < grant.seq()) {
        continue;
      }
      if (status.state() == ConsentState.GRANTED) {
        newestGrant = status.since().isAfter(newestGrant) ? status.since() : newestGrant;
        continue;
      }
      return status.state() == ConsentState.EXPIRED ? new Status(ConsentReceipt.Status.EXPIRED, status.since())
          : new Status(ConsentReceipt.Status.WITHDRAWN, status.since());
    }
    if (validity != null && !now.isBefore(newestGrant.plus(validity))) {
      return new Status(ConsentReceipt.Status.EXPIRED, newestGrant.plus(validity));
    }
    return new Status(ConsentReceipt.Status.GIVEN, grant.occurredAt());
  }

  /** The shorter of the purpose's and the jurisdiction's validity, as the gate applies it. */
  private static @Nullable Duration validity(Purpose purpose, Jurisdiction j) {
    Duration a = purpose.consentValidity();
    Duration b = j.consentValidity();
    if (a == null) {
      return b;
    }
    return b == null || a.compareTo(b) <= 0 ? a : b;
  }

  private static String category(Purpose p) {
    return switch (p.messageClass()) {
      case MARKETING -> "dpv:DirectMarketing";
      case SERVICE -> "dpv:ServiceProvision";
      case CONVERSATIONAL -> "dpv:CommunicationManagement";
    };
  }

  private static String receiptId(ConsentEvent grant) {
    return UUID.nameUUIDFromBytes((grant.tenant() + "\u0000" + grant.eventId() + "\u0000receipt")
        .getBytes(StandardCharsets.UTF_8)).toString();
  }

  private static Optional<Instant> instant(@Nullable String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
