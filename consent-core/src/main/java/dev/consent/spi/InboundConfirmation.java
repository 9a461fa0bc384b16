package dev.consent.spi;

import dev.consent.InboundMessage;
import dev.consent.LogText;
import java.util.Map;
import java.util.Objects;

/**
 * What a carrier's authenticated API said about an inbound message id.
 *
 * @since 0.4
 */
public sealed interface InboundConfirmation {

  /**
   * The carrier has this inbound message. {@code message} is built from the carrier's record alone
   * (sender, recipient, body, the carrier's timestamp), never from the unverified request, and is
   * marked authenticated; {@code evidence} says how it was confirmed (e.g. the API resource fetched).
   */
  record Confirmed(InboundMessage message, Map<String, String> evidence) implements InboundConfirmation {
    public Confirmed {
      Objects.requireNonNull(message, "message");
      if (!message.authenticated()) {
        throw new IllegalArgumentException("a confirmed message must be built as authenticated");
      }
      evidence = Map.copyOf(evidence);
    }

    /** The message as it prints itself (body as its length), the evidence values hidden. */
    @Override
    public String toString() {
      return "Confirmed[message=" + message + ", evidence=" + LogText.keys(evidence) + "]";
    }
  }

  /** The carrier has no inbound message with this id, or it is not an inbound message: forged. */
  record NotFound(String why) implements InboundConfirmation {}

  /** The carrier could not be asked now (network, 5xx, rate limit): ask again later. */
  record Unavailable(String why) implements InboundConfirmation {}
}
