package dev.consent.spi;

import dev.consent.ConsentStatus;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an append reads before it seals an event: the subject's chain head and the current status
 * of the event's purpose, as one consistent snapshot ({@link LedgerStore#head}).
 *
 * @param subjectRef the subject's pseudonymous reference
 * @param seq the {@code seq} of the subject's last event (0 when it has none)
 * @param hash the hash of that event ({@link EventChain#GENESIS} when none)
 * @param status the purpose's status, or null when none is recorded
 * @since 0.5
 */
public record ChainHead(String subjectRef, long seq, String hash, @Nullable ConsentStatus status) {
  public ChainHead {
    Objects.requireNonNull(subjectRef, "subjectRef");
    Objects.requireNonNull(hash, "hash");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative");
    }
  }

  /** The head of a subject without events. */
  public static ChainHead empty(String subjectRef) {
    return new ChainHead(subjectRef, 0, EventChain.GENESIS, null);
  }
}
