package dev.consent.sms.twilio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.consent.CarrierAction;
import dev.consent.InboundHandler;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.PhoneNumber;
import dev.consent.carrier.CarrierHttp;
import dev.consent.error.CarrierException;
import dev.consent.error.ConfigurationException;
import dev.consent.error.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays inbound messages from Twilio's Messages API into an {@link InboundHandler}, so that a
 * STOP whose webhook was lost is still recorded. Run it on a schedule (e.g. every 15 minutes, for
 * the last day): it lists the messages sent to the program's numbers since a time ({@code GET
 * Messages.json} with {@code To} and {@code DateSent>}, following {@code next_page_uri}), keeps the
 * inbound ones, and hands them to the handler oldest first. The handler is idempotent by {@code
 * MessageSid}, so messages whose webhook did arrive change nothing.
 *
 * <pre>{@code
 * TwilioReconciler job = TwilioReconciler.builder(twilio).to("+14155550000").build();
 * TwilioReconciler.Report r = job.reconcile(clock.instant().minus(Duration.ofDays(1)), kit.inbound());
 * }</pre>
 *
 * <p>These messages come from Twilio's API over our own credentials, so they are {@code
 * authenticated}. The API does not say whether Twilio's opt-out handling already answered a
 * keyword; by default a body that is exactly one of Twilio's standard keywords is marked with the
 * matching {@link CarrierAction} (Twilio answers those itself), so the core sends no second reply.
 *
 * <p>Immutable and thread-safe; run one reconciliation at a time per handler. A failure to list
 * throws {@link CarrierException} (nothing is lost: run again); a failure of the handler (the store
 * is down) propagates.
 *
 * @since 0.1
 */
public final class TwilioReconciler {
  private static final Logger log = LoggerFactory.getLogger(TwilioReconciler.class);
  private static final Set<String> TWILIO_STOP =
      Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
  private static final Set<String> TWILIO_START = Set.of("START", "YES", "UNSTOP");
  private static final Set<String> TWILIO_HELP = Set.of("HELP", "INFO");

  private final TwilioApi api;
  private final List<String> to;
  private final int pageSize;
  private final int maxPages;
  private final boolean carrierAnswersKeywords;
  private final ObjectMapper json = new ObjectMapper();

  private TwilioReconciler(Builder b) {
    this.api = b.carrier.api();
    this.to = List.copyOf(b.to);
    this.pageSize = b.pageSize;
    this.maxPages = b.maxPages;
    this.carrierAnswersKeywords = b.carrierAnswersKeywords;
  }

  /** A reconciler that uses {@code carrier}'s account, credentials, HTTP seam and clock. */
  public static Builder builder(TwilioCarrier carrier) {
    return new Builder(carrier);
  }

  /**
   * What one run did.
   *
   * @param listed inbound messages listed since the given time
   * @param handled messages the handler acted on for the first time
   * @param duplicates messages the handler had already seen (their webhook arrived)
   * @param skipped messages that could not be read (e.g. a sender that is not a phone number)
   * @param complete false when the page limit stopped the listing early: run again
   */
  public record Report(int listed, int handled, int duplicates, int skipped, boolean complete) {}

  /**
   * Lists inbound messages sent on or after {@code since} and replays them oldest first.
   *
   * @throws CarrierException when Twilio cannot be listed (retryable if it was unavailable)
   */
  public Report reconcile(Instant since, InboundHandler handler) {
    Map<String, InboundMessage> found = new LinkedHashMap<>();
    int[] skipped = {0};
    boolean complete = true;
    for (String number : to.isEmpty() ? java.util.Collections.<@Nullable String>singletonList(null) : to) {
      complete &= list(firstPage(number, since), since, found, skipped);
    }
    List<InboundMessage> ordered = new ArrayList<>(found.values());
    ordered.sort(Comparator.comparing(InboundMessage::receivedAt).thenComparing(InboundMessage::messageId));
    int handled = 0;
    int duplicates = 0;
    for (InboundMessage m : ordered) {
      if (handler.handle(m) instanceof InboundResult.Duplicate) {
        duplicates++;
      } else {
        handled++;
      }
    }
    Report report = new Report(ordered.size(), handled, duplicates, skipped[0], complete);
    log.info("twilio reconciliation since {}: {}", since, report);
    return report;
  }

  private URI firstPage(@Nullable String number, Instant since) {
    StringBuilder q = new StringBuilder("?");
    if (number != null) {
      q.append("To=").append(URLEncoder.encode(number, StandardCharsets.UTF_8)).append('&');
    }
    // Twilio filters by day; the exact instant is checked on each message below.
    String day = since.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    q.append("DateSent%3E=").append(day).append("&PageSize=").append(pageSize);
    return URI.create(api.messagesUri() + q.toString());
  }

  /** Follows the pages; returns false if the page limit cut the listing short. */
  private boolean list(URI first, Instant since, Map<String, InboundMessage> found, int[] skipped) {
    URI next = first;
    for (int page = 0; page < maxPages; page++) {
      JsonNode body = fetch(next);
      for (JsonNode m : body.path("messages")) {
        if ("inbound".equals(m.path("direction").asText())) {
          InboundMessage msg = toMessage(m);
          if (msg == null) {
            skipped[0]++;
          } else if (!msg.receivedAt().isBefore(since)) {
            found.putIfAbsent(msg.messageId(), msg);
          }
        }
      }
      String nextUri = body.path("next_page_uri").isTextual() ? body.path("next_page_uri").asText() : null;
      if (nextUri == null || nextUri.isBlank()) {
        return true;
      }
      if (!nextUri.startsWith("/")) {
        throw new CarrierException("Twilio returned an unexpected next_page_uri", (Integer) null, false);
      }
      next = api.resolve(nextUri);
    }
    return false;
  }

  private JsonNode fetch(URI uri) {
    CarrierHttp.Response response;
    try {
      response = api.get(uri);
    } catch (IOException e) {
      throw new CarrierException("could not list Twilio messages: " + e.getClass().getSimpleName(), e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CarrierException("interrupted while listing Twilio messages", e, true);
    }
    if (response.status() != 200) {
      TwilioErrors.TwilioError e = TwilioErrors.read(json, response);
      boolean retryable = e.retryable() || response.status() >= 500;
      throw new CarrierException("Twilio refused to list messages: " + e.codeText() + " " + e.message(), response.status(), retryable);
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new CarrierException("Twilio's message list is not JSON", e, true);
    }
  }

  private @Nullable InboundMessage toMessage(JsonNode m) {
    try {
      String sid = m.path("sid").asText();
      if (!Config.isSid(sid, "SM") && !Config.isSid(sid, "MM")) {
        return null;
      }
      String mg = m.path("messaging_service_sid").isTextual() ? m.path("messaging_service_sid").asText() : null;
      String body = m.path("body").isTextual() ? m.path("body").asText() : "";
      return new InboundMessage(
          TwilioCarrier.NAME,
          sid,
          PhoneNumber.parse(m.path("from").asText()),
          m.path("to").asText(),
          body,
          sentAt(m),
          true,
          action(body),
          mg != null && Config.isSid(mg, "MG") ? mg : null);
    } catch (InvalidInputException | DateTimeParseException e) {
      return null;
    }
  }

  /** Twilio's dates are RFC 2822 ({@code Fri, 24 May 2019 17:44:50 +0000}). */
  private Instant sentAt(JsonNode m) {
    String date = m.path("date_sent").isTextual() ? m.path("date_sent").asText() : m.path("date_created").asText();
    return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
  }

  private CarrierAction action(String body) {
    if (!carrierAnswersKeywords) {
      return CarrierAction.NONE;
    }
    String word = body.trim().toUpperCase(Locale.ROOT);
    if (TWILIO_STOP.contains(word)) {
      return CarrierAction.OPT_OUT;
    }
    if (TWILIO_START.contains(word)) {
      return CarrierAction.OPT_IN;
    }
    return TWILIO_HELP.contains(word) ? CarrierAction.HELP : CarrierAction.NONE;
  }

  @Override
  public String toString() {
    return "TwilioReconciler[" + api + ", numbers=" + to.size() + "]";
  }

  /**
   * Configures a {@link TwilioReconciler}. Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final TwilioCarrier carrier;
    private final List<String> to = new ArrayList<>();
    private int pageSize = 100;
    private int maxPages = 50;
    private boolean carrierAnswersKeywords = true;

    private Builder(TwilioCarrier carrier) {
      this.carrier = Config.required(carrier, "carrier");
    }

    /** Lists only messages sent to these numbers (the program's senders); default: every inbound message. */
    public Builder to(String... numbers) {
      for (String n : numbers) {
        to.add(PhoneNumber.parse(n).e164());
      }
      return this;
    }

    /** Messages per page (1-1000, default 100) and most pages per number (default 50). */
    public Builder paging(int pageSize, int maxPages) {
      this.pageSize = pageSize;
      this.maxPages = maxPages;
      return this;
    }

    /**
     * Whether Twilio's own opt-out handling answers its standard keywords on these numbers (default
     * true, as on Twilio long codes and toll-free numbers): replayed keywords are then marked as
     * already answered. Set false if the account has opt-out handling switched off.
     */
    public Builder carrierAnswersKeywords(boolean value) {
      this.carrierAnswersKeywords = value;
      return this;
    }

    /** Builds the reconciler. @throws ConfigurationException for a bad page setting */
    public TwilioReconciler build() {
      if (pageSize < 1 || pageSize > 1000 || maxPages < 1) {
        throw new ConfigurationException("Twilio page size must be 1-1000 and max pages positive");
      }
      return new TwilioReconciler(this);
    }
  }
}
