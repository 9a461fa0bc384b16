package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A consent receipt for one grant: the fields of the Kantara Consent Receipt v1.1 and ISO/IEC TS
 * 27560 that an SMS consent has, with the double opt-in evidence (confirmation text sent, the
 * person's reply, carrier message ids, times). Built by {@link ConsentRegistry#receipt};
 * {@link #toJson()} renders it for machines (schema {@value #SCHEMA_RESOURCE}), {@link #toText()}
 * for the person. It holds no phone number: the person is named by the pseudonymous {@code
 * subjectId}. The evidence may still hold personal data (a form URL, a reply): hand it to the
 * person or the host's records, not to logs.
 *
 * @param receiptId stable id of this receipt (the same grant always gets the same id)
 * @param issuedAt when the receipt was made
 * @param tenant the brand or client
 * @param jurisdiction the id of the jurisdiction whose rules apply to the number, e.g. {@code US-NY}
 * @param language BCP 47 tag of the notice shown, which {@link #toText()} uses where it has labels
 * @param subjectId pseudonymous reference of the person (never the number)
 * @param controller who is responsible for the consent
 * @param eventId the ledger event of the grant
 * @param eventHash the grant event's hash in the number's tamper-evident chain
 * @param ledgerVerified whether the number's whole chain verified when the receipt was made (false:
 *     the ledger was edited, and the receipt's evidence or status may not be what was recorded)
 * @param consentTime when the consent was given
 * @param collection how the consent was collected, with the double opt-in evidence
 * @param noticeVersion the version of the notice shown (null when the grant named none)
 * @param noticeHash SHA-256 (hex) of the exact notice text shown (null when unknown)
 * @param programName the SMS program (brand) the person subscribed to
 * @param sender the sender id messages come from, to which STOP can be replied
 * @param purposeId the purpose consented to
 * @param purposeDescription the purpose in one line for people
 * @param purposeCategory the purpose's DPV category, e.g. {@code dpv:DirectMarketing}
 * @param lawfulBasis the GDPR Art. 6(1) basis the purpose relies on
 * @param termination when the consent ends, in the receipt's language
 * @param withdrawalMethod how to withdraw, in the receipt's language
 * @param processors who receives the number to deliver messages (the SMS carrier), as processors
 * @param status the consent's status now (DPV term)
 * @param statusSince when that status began
 * @param retention how long the records are kept after they stop being needed (null: not set)
 * @since 0.3
 */
public record ConsentReceipt(
    String receiptId,
    Instant issuedAt,
    String tenant,
    String jurisdiction,
    String language,
    String subjectId,
    DataController controller,
    String eventId,
    String eventHash,
    boolean ledgerVerified,
    Instant consentTime,
    CollectionMethod collection,
    @Nullable String noticeVersion,
    @Nullable String noticeHash,
    String programName,
    String sender,
    String purposeId,
    String purposeDescription,
    String purposeCategory,
    LawfulBasis lawfulBasis,
    String termination,
    String withdrawalMethod,
    List<String> processors,
    Status status,
    Instant statusSince,
    @Nullable Duration retention) {

  /** The version of the receipt format this class writes. */
  public static final String SCHEMA_VERSION = "consent-receipt-v1";

  /** The JSON Schema (draft 2020-12) of {@link #toJson()}, on the class path. */
  public static final String SCHEMA_RESOURCE = "dev/consent/receipt/consent-receipt-v1.schema.json";

  public ConsentReceipt {
    Checks.notBlank(receiptId, "receipt id");
    Checks.notNull(issuedAt, "issuedAt");
    Checks.id(tenant, "tenant");
    Checks.notBlank(jurisdiction, "jurisdiction");
    Checks.notBlank(language, "language");
    Checks.notBlank(subjectId, "subject id");
    Checks.notNull(controller, "controller");
    Checks.notBlank(eventId, "event id");
    Checks.notBlank(eventHash, "event hash");
    Checks.notNull(consentTime, "consent time");
    Checks.notNull(collection, "collection method");
    Checks.notBlank(programName, "program name");
    Checks.notBlank(sender, "sender");
    Checks.id(purposeId, "purpose id");
    Checks.notBlank(purposeDescription, "purpose description");
    Checks.notBlank(purposeCategory, "purpose category");
    Checks.notNull(lawfulBasis, "lawful basis");
    Checks.notBlank(termination, "termination");
    Checks.notBlank(withdrawalMethod, "withdrawal method");
    processors = List.copyOf(Checks.notNull(processors, "processors"));
    Checks.notNull(status, "status");
    Checks.notNull(statusSince, "status since");
  }

  /** Always {@code explicit}: the library records no implied or pre-ticked consent. */
  public String consentType() {
    return "explicit";
  }

  /** The personal data the consent covers: the mobile number. */
  public List<String> dataCategories() {
    return List.of("mobile number");
  }

  /**
   * Whether the number is disclosed to third parties other than the {@link #processors()}: never,
   * the library hands it only to the SMS carrier that delivers the messages.
   */
  public boolean thirdPartyDisclosure() {
    return false;
  }

  /** The receipt as one indented JSON document, valid against {@value #SCHEMA_RESOURCE}. */
  public String toJson() {
    return ReceiptRendering.json(this);
  }

  /**
   * The receipt as plain text for the person, in {@link #language()} where the library has labels
   * for it (the languages of its reply templates), in English otherwise.
   */
  public String toText() {
    return ReceiptRendering.text(this);
  }

  /**
   * How the consent was collected. For an SMS double opt-in: the confirmation text sent (its code
   * masked), when it was sent, the person's reply, and the carrier ids of both messages.
   *
   * @param method how the consent was captured
   * @param channel through which channel
   * @param requestId the double opt-in request (null for other methods)
   * @param confirmationText the confirmation SMS as sent, code masked (null unless double opt-in)
   * @param confirmationSentAt when the confirmation was requested (null unless double opt-in)
   * @param reply the person's reply that confirmed, as normalised keyword text (null unless by SMS)
   * @param carrierMessageIds carrier ids of the confirmation sent and of the reply received
   * @param evidence every evidence entry the ledger keeps for the grant (empty once erased)
   * @param evidenceErased whether an erasure removed the evidence values (the ledger keeps their digest)
   */
  public record CollectionMethod(
      ConsentMethod method,
      Channel channel,
      @Nullable String requestId,
      @Nullable String confirmationText,
      @Nullable Instant confirmationSentAt,
      @Nullable String reply,
      List<String> carrierMessageIds,
      SortedMap<String, String> evidence,
      boolean evidenceErased) {

    public CollectionMethod {
      Checks.notNull(method, "method");
      Checks.notNull(channel, "channel");
      carrierMessageIds = List.copyOf(Checks.notNull(carrierMessageIds, "carrier message ids"));
      evidence = Collections.unmodifiableSortedMap(new TreeMap<>(Checks.notNull(evidence, "evidence")));
    }

    /** Whether the consent was confirmed from the phone by SMS double opt-in. */
    public boolean isDoubleOptIn() {
      return method == ConsentMethod.SMS_DOUBLE_OPT_IN;
    }

    /** The request id hidden, the texts as their lengths, the evidence values hidden. */
    @Override
    public String toString() {
      return "CollectionMethod[method=" + method + ", channel=" + channel + ", requestId=" + LogText.hidden(requestId) + ", confirmationText=" + LogText.chars(confirmationText) + ", confirmationSentAt=" + confirmationSentAt + ", reply=" + LogText.chars(reply) + ", carrierMessageIds=" + carrierMessageIds + ", evidence=" + LogText.keys(evidence) + ", evidenceErased=" + evidenceErased + "]";
    }
  }

  /**
   * The consent's status, with its term from the W3C Data Privacy Vocabulary.
   *
   * @since 0.3
   */
  public enum Status {
    /** Given and in force. */
    GIVEN("dpv:ConsentGiven"),
    /** Withdrawn by the person (STOP, web, API, carrier report, erasure request). */
    WITHDRAWN("dpv:ConsentWithdrawn"),
    /** Ran out of its validity, or a later expiry was recorded. */
    EXPIRED("dpv:ConsentExpired");

    private final String dpv;

    Status(String dpv) {
      this.dpv = dpv;
    }

    /** The DPV term, e.g. {@code dpv:ConsentGiven}. */
    public String dpv() {
      return dpv;
    }
  }
}
