package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.Instant;

/**
 * How an item of the {@link ReviewQueue} was resolved. Holds no number and no reply text.
 *
 * @param decision opt-out or not
 * @param source who resolved it: a person, the subscriber's answer to the clarification, or the deadline
 * @param decidedBy the person's identifier (as the host names its staff), {@code "reply:<message id>"}
 *     for a clarification answer, or {@code "deadline"}; at most 128 characters
 * @param decidedAt when it was resolved (the kit's clock)
 * @since 0.5
 */
public record ReviewResolution(ReviewDecision decision, Source source, String decidedBy, Instant decidedAt) {

  /** Who resolved an item. */
  public enum Source {
    /** A person of the host's staff, through {@link ReviewQueue#resolve}. */
    PERSON,
    /** The subscriber's next clear reply (STOP, START, or YES/NO to the clarification question). */
    CLARIFICATION_REPLY,
    /** The item was still open at its deadline ({@link ReviewQueue#applyDeadlines()}). */
    DEADLINE
  }

  public ReviewResolution {
    Checks.notNull(decision, "decision");
    Checks.notNull(source, "source");
    Checks.maxLength(Checks.notBlank(decidedBy, "decidedBy"), 128, "decidedBy");
    decidedAt = Checks.micros(decidedAt, "decidedAt");
  }
}
