package dev.consent;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the kit reports to {@link dev.consent.kit.ConsentKit.Builder#observer} after each gate check, inbound message
 * and ledger append, for the host's metrics (Micrometer, OpenTelemetry, logs). Holds no number, body
 * or code: purposes, decisions, results, event kinds and how long the call took (measured with {@link
 * System#nanoTime()}, not the kit's clock).
 *
 * <p>A call that throws (a store failure while handling a message or appending) reports nothing; the
 * gate never throws for a store failure, it reports {@link DenyReason#STORE_UNAVAILABLE}.
 *
 * <p>Values; thread-safe.
 *
 * @since 0.5
 */
public sealed interface KitObservation {

  /** How long the call took. */
  Duration took();

  /**
   * One {@link MessageGate#check} (also the check inside {@link MessageGate#send}).
   *
   * @param purposeId the message's purpose
   * @param decision what the gate decided
   * @param took how long the check took
   */
  record GateChecked(String purposeId, GateDecision decision, Duration took) implements KitObservation {
    public GateChecked {
      Objects.requireNonNull(purposeId, "purposeId");
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(took, "took");
    }
  }

  /**
   * One {@link MessageGate#checkAll} (a campaign): its decisions in the order of the messages.
   *
   * @param purposeIds each message's purpose, in the order of the messages
   * @param decisions what the gate decided for each message
   * @param took how long the whole call took
   */
  record CampaignChecked(List<String> purposeIds, List<GateDecision> decisions, Duration took)
      implements KitObservation {
    public CampaignChecked {
      purposeIds = List.copyOf(purposeIds);
      decisions = List.copyOf(decisions);
      Objects.requireNonNull(took, "took");
      if (purposeIds.size() != decisions.size()) {
        throw new IllegalArgumentException("one purpose per decision");
      }
    }
  }

  /**
   * One {@link InboundHandler#handle(InboundMessage)}.
   *
   * @param carrier the message's carrier, e.g. {@code twilio}
   * @param verified whether the webhook was verified ({@link InboundMessage#authenticated()})
   * @param result what the handler did
   * @param took how long the handling took
   */
  record InboundHandled(String carrier, boolean verified, InboundResult result, Duration took)
      implements KitObservation {
    public InboundHandled {
      Objects.requireNonNull(carrier, "carrier");
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(took, "took");
    }
  }

  /**
   * One ledger append by the kit (grant, withdrawal, STOP, confirmation, erasure, review, ...).
   *
   * @param kind the event's kind
   * @param duplicate whether an event with the same idempotency key was already stored (nothing changed)
   * @param took how long the append took, the notice it references stored first if it was not yet
   */
  record EventAppended(EventKind kind, boolean duplicate, Duration took) implements KitObservation {
    public EventAppended {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(took, "took");
    }
  }
}
