package dev.consent.spi;

import dev.consent.ConsentEvent;
import java.util.List;

/**
 * One subject's chain as a store holds it: the events in {@code seq} order and the head (last
 * {@code seq} and hash) the store recorded with its last append, so that a deleted last event is
 * noticed too.
 *
 * @param subjectRef the subject's pseudonymous reference ({@link Pseudonyms})
 * @param events the events, in {@code seq} order as stored
 * @param headSeq the {@code seq} of the last event appended (0 when none)
 * @param headHash the hash of the last event appended ({@link EventChain#GENESIS} when none)
 * @since 0.2
 */
public record StoredChain(String subjectRef, List<ConsentEvent> events, long headSeq, String headHash) {
  public StoredChain {
    events = List.copyOf(events);
  }

  /** A chain whose head is its last event (for callers that have no separately stored head). */
  public static StoredChain of(String subjectRef, List<ConsentEvent> events) {
    ConsentEvent last = events.isEmpty() ? null : events.get(events.size() - 1);
    return new StoredChain(subjectRef, events, last == null ? 0 : last.seq(), last == null ? EventChain.GENESIS : last.hash());
  }
}
