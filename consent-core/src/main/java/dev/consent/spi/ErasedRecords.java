package dev.consent.spi;

/**
 * What {@link ConsentStore#erase} removed or redacted for one subject.
 *
 * @param eventsRedacted ledger events whose number and evidence values were removed (digests and hashes kept)
 * @param messagesDeleted message log entries deleted (bodies, carrier ids, senders)
 * @param pendingDeleted pending double opt-ins deleted
 * @param suppressionsKept suppressions kept under the subject reference, evidence removed (including the
 *     erasure's own)
 * @since 0.2
 */
public record ErasedRecords(int eventsRedacted, int messagesDeleted, int pendingDeleted, int suppressionsKept) {}
