package dev.consent;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The proof of a (number, purpose) status: the status, the events that establish it (from the
 * request and grant in force, or the last grant, through the change that set the status), the
 * notice the grant was given against, and whether the number's chain verifies.
 *
 * @param status the current status
 * @param events the establishing events, in chain order
 * @param notice the notice text shown, if the grant referenced one
 * @param chain the verification of the number's whole hash chain
 * @since 0.1
 */
public record ConsentProof(ConsentStatus status, List<ConsentEvent> events, @Nullable Notice notice, ChainReport chain) {
  public ConsentProof {
    events = List.copyOf(events);
  }

  /** The proof as an indented JSON document (numbers in E.164, times in ISO-8601 UTC). Personal data. */
  public String toJson() {
    return Json.write(this);
  }
}
