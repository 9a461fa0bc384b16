package dev.consent;

import java.time.Instant;
import java.util.List;

/**
 * Everything a tenant holds on one number (GDPR Art. 15 access, Art. 20 portability), as returned by
 * {@link ConsentRegistry#export}: statuses, the whole ledger with its evidence, the notices the
 * ledger refers to (exact text and version), the messages logged, suppressions, open and past
 * double opt-in requests, and the verification of the number's chain. Personal data: hand it to the
 * person, not to logs.
 *
 * @param tenant the brand or client
 * @param number the number asked about
 * @param subjectRef the pseudonymous reference the records are kept under
 * @param exportedAt when the export was made
 * @param statuses the current status per purpose
 * @param history the ledger in chain order, with evidence (events erased earlier carry none)
 * @param notices the notices the ledger's grants and requests refer to
 * @param messages the messages logged to the number, oldest first, with bodies still kept
 * @param suppressions the suppressions of the number
 * @param optInRequests double opt-in requests of the number, newest first (codes are never kept)
 * @param chain the verification of the number's hash chain
 * @param receipts the consent receipts of the number's grants (empty when the kit has no controller
 *     configured; since 0.3)
 * @param deferredMessages messages held for the number ({@link MessageGate#sendOrDefer}), earliest due
 *     first (since 0.5)
 * @since 0.2
 */
public record SubjectExport(
    String tenant,
    PhoneNumber number,
    String subjectRef,
    Instant exportedAt,
    List<ConsentStatus> statuses,
    List<ConsentEvent> history,
    List<Notice> notices,
    List<MessageRecord> messages,
    List<Suppression> suppressions,
    List<PendingOptIn> optInRequests,
    ChainReport chain,
    List<ConsentReceipt> receipts,
    List<DeferredMessage> deferredMessages) {

  public SubjectExport {
    statuses = List.copyOf(statuses);
    history = List.copyOf(history);
    notices = List.copyOf(notices);
    messages = List.copyOf(messages);
    suppressions = List.copyOf(suppressions);
    optInRequests = List.copyOf(optInRequests);
    receipts = List.copyOf(receipts);
    deferredMessages = List.copyOf(deferredMessages);
  }

  /** An export without deferred messages (the components before 0.5). */
  public SubjectExport(String tenant, PhoneNumber number, String subjectRef, Instant exportedAt,
      List<ConsentStatus> statuses, List<ConsentEvent> history, List<Notice> notices, List<MessageRecord> messages,
      List<Suppression> suppressions, List<PendingOptIn> optInRequests, ChainReport chain,
      List<ConsentReceipt> receipts) {
    this(tenant, number, subjectRef, exportedAt, statuses, history, notices, messages, suppressions, optInRequests,
        chain, receipts, List.of());
  }

  /** The export as one indented JSON document (numbers in E.164, times in ISO-8601 UTC). */
  public String toJson() {
    return Json.write(this);
  }

  /** What the export holds, counted: its contents are the person's data, for the person, not for logs. */
  @Override
  public String toString() {
    return "SubjectExport[tenant=" + tenant + ", number=" + number.masked() + ", subjectRef=" + subjectRef
        + ", exportedAt=" + exportedAt + ", statuses=" + statuses.size() + ", history=" + history.size() + ", notices="
        + notices.size() + ", messages=" + messages.size() + ", suppressions=" + suppressions.size()
        + ", optInRequests=" + optInRequests.size() + ", chain=" + chain + ", receipts=" + receipts.size() + ", deferredMessages=" + deferredMessages.size() + "]";
  }
}
