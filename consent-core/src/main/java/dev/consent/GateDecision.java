package dev.consent;

import dev.consent.internal.base.Checks;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the gate decided about one message: {@link Allowed} or {@link Denied} with the reason.
 *
 * <pre>{@code
 * GateDecision d = gate.check(message);
 * if (d instanceof GateDecision.Allowed a) {           // Java 17: instanceof patterns, no switch patterns
 *   send(a.sender());
 * } else if (d instanceof GateDecision.Denied denied) {
 *   log.info("not sent: {}", denied.reason());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface GateDecision {

  boolean isAllowed();

  /**
   * The message may go out now.
   *
   * @param sender the sender id it must be sent from
   */
  record Allowed(String sender) implements GateDecision {
    public Allowed {
      Checks.notBlank(sender, "sender");
    }

    @Override
    public boolean isAllowed() {
      return true;
    }
  }

  /**
   * The message must not go out.
   *
   * @param reason machine-readable reason
   * @param detail a sentence for people (never contains the number or the body)
   * @param retryAt the earliest instant the same message could pass, for quiet hours and caps
   */
  record Denied(DenyReason reason, String detail, @Nullable Instant retryAt) implements GateDecision {
    public Denied {
      Checks.notNull(reason, "reason");
      Checks.notNull(detail, "detail");
    }

    public static Denied of(DenyReason reason, String detail) {
      return new Denied(reason, detail, null);
    }

    public Optional<Instant> retry() {
      return Optional.ofNullable(retryAt);
    }

    @Override
    public boolean isAllowed() {
      return false;
    }
  }
}
