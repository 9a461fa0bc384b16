package dev.consent.spi;

import java.util.Objects;

/**
 * One chain head a checkpoint anchors: the subject's chain had {@code seq} events, the last with
 * {@code hash}, and {@code legacyEvents} of them were sealed with hash version 1 (whose content a
 * redaction makes uncheckable, so their count is anchored too).
 *
 * @param subjectRef the subject's pseudonymous reference
 * @param checkpoint the number of the checkpoint that anchors it
 * @param seq the chain's last {@code seq} at the time
 * @param hash the hash of that event
 * @param legacyEvents how many of events 1..seq have hash version 1
 * @since 0.5
 */
public record AnchoredHead(String subjectRef, long checkpoint, long seq, String hash, long legacyEvents) {
  public AnchoredHead {
    Objects.requireNonNull(subjectRef, "subjectRef");
    Objects.requireNonNull(hash, "hash");
    if (checkpoint < 1 || seq < 1 || legacyEvents < 0 || legacyEvents > seq) {
      throw new IllegalArgumentException("an anchored head needs checkpoint >= 1, seq >= 1 and 0 <= legacyEvents <= seq");
    }
  }
}
