package dev.consent;

import java.time.Instant;
import java.util.List;

/**
 * What {@link ConsentRegistry#erase} did. Holds no personal data: the subject reference is a keyed
 * hash that only the host's key links to a number.
 *
 * @param subjectRef the pseudonymous reference that remains on the suppression list and in the ledger
 * @param erasedAt when
 * @param purposes purposes whose status became ERASED (an {@code ERASED} event was appended for each)
 * @param eventsRedacted ledger events whose number and evidence values were removed (hashes kept)
 * @param messagesDeleted message log entries deleted (bodies, carrier ids)
 * @param pendingOptInsDeleted pending double opt-ins deleted
 * @since 0.2
 */
public record ErasureResult(String subjectRef, Instant erasedAt, List<String> purposes, int eventsRedacted,
    int messagesDeleted, int pendingOptInsDeleted) {
  public ErasureResult {
    purposes = List.copyOf(purposes);
  }
}
