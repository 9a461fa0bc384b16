package dev.consent.carrier;

import dev.consent.DeliveryReport;
import dev.consent.InboundMessage;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a carrier adapter's webhooks made of one request, the same for every carrier: an inbound
 * message, a delivery report, one part of a longer message kept until the rest arrives, a genuine
 * request with nothing for the core, or a rejection that changed nothing. Hand {@link
 * Inbound#message()} and {@link Delivery#report()} to {@link dev.consent.InboundHandler} (which
 * quarantines an unverified message rather than applying it) and answer the carrier with {@link
 * #httpStatus()}; a store failure in the handler must answer 500 instead, so that the carrier
 * retries.
 *
 * <pre>{@code
 * WebhookResult r = webhooks.inbound(request);
 * if (r instanceof WebhookResult.Inbound in) {
 *   if (!in.verified()) metrics.count(in.unverified());  // e.g. a proxy changed the URL's scheme
 *   kit.inbound().handle(in.message());
 * } else if (r instanceof WebhookResult.Delivery d) {
 *   kit.inbound().handle(d.report());
 * }
 * respond(r.httpStatus());
 * }</pre>
 *
 * <p>Values; thread-safe. No component quotes the request's values.
 *
 * @since 0.5
 */
public sealed interface WebhookResult {

  /** The HTTP status to answer the carrier with: 200 for everything taken, else the rejection's. */
  int httpStatus();

  /**
   * An inbound SMS (a concatenated one already joined). When the request was verified {@code
   * message.authenticated()} is true and {@code unverified} is null. Otherwise (no signature, one
   * that does not match or is stale, a signed request with an undocumented parameter) the message is
   * {@code authenticated=false}, {@code unverified} says why and {@code detail} explains it: the kit
   * never applies such a message as received, it confirms it with the carrier's API ({@link
   * dev.consent.spi.InboundConfirmer}). Answered 200 either way, because a carrier does not retry a
   * 4xx usefully (Twilio never; Vonage resends for a day and fails the same check).
   *
   * @param message the message; its content is the request's, trusted only when authenticated
   * @param unverified why it could not be verified, or null when it was: {@link
   *     Reason#MISSING_SIGNATURE}, {@link Reason#BAD_SIGNATURE}, {@link Reason#STALE} or {@link
   *     Reason#UNDOCUMENTED_PARAMETERS}
   * @param detail a short explanation that never quotes the request's values, empty when verified
   */
  record Inbound(InboundMessage message, @Nullable Reason unverified, String detail) implements WebhookResult {
    public Inbound {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(detail, "detail");
      if (message.authenticated() != (unverified == null)) {
        throw new IllegalArgumentException("an unverified reason goes with an unauthenticated message, and only then");
      }
      if (unverified != null && !unverified.leavesUnverified()) {
        throw new IllegalArgumentException(
            "unverified must be MISSING_SIGNATURE, BAD_SIGNATURE, STALE or UNDOCUMENTED_PARAMETERS");
      }
    }

    /** A verified inbound message ({@code message.authenticated()} must be true). */
    public Inbound(InboundMessage message) {
      this(message, null, "");
    }

    /** Whether the request's signature (or token) and parameters were verified. */
    public boolean verified() {
      return unverified == null;
    }

    /**
     * The same as {@link #unverified()}.
     *
     * @deprecated since 0.5, Vonage's name; use {@link #unverified()}
     */
    @Deprecated(since = "0.5", forRemoval = true)
    public @Nullable Reason unverifiedReason() {
      return unverified;
    }

    /** 200, also when unverified. */
    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /**
   * A verified delivery report (status callback, delivery receipt) for a message sent earlier;
   * {@code report().isOptOut()} when it means the recipient opted out at the carrier.
   */
  record Delivery(DeliveryReport report) implements WebhookResult {
    public Delivery {
      Objects.requireNonNull(report, "report");
    }

    /** 200. */
    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /**
   * One part of a concatenated SMS was kept until the others arrive: nothing to hand on yet.
   *
   * @param received parts of this message received so far
   * @param total parts it has
   */
  record PartStored(int received, int total) implements WebhookResult {
    public PartStored {
      if (received < 1 || received >= total) {
        throw new IllegalArgumentException("received must be at least 1 and below the total");
      }
    }

    /** 200. */
    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /**
   * A genuine request with nothing for the core (another channel, a binary SMS, an unknown state).
   *
   * @param why a short explanation that never quotes the request's values
   */
  record Ignored(String why) implements WebhookResult {
    public Ignored {
      Objects.requireNonNull(why, "why");
    }

    /** 200. */
    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /**
   * The request was refused; nothing may be recorded from it.
   *
   * @param reason why
   * @param detail a short explanation that never quotes the request's values
   * @param httpStatus the 4xx or 5xx status the carrier expects for it
   */
  record Rejected(Reason reason, String detail, int httpStatus) implements WebhookResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
      if (httpStatus < 400 || httpStatus > 599) {
        throw new IllegalArgumentException("a rejection is answered with a 4xx or 5xx status");
      }
    }

    /** A rejection answered with the reason's {@link Reason#defaultStatus()}. */
    public Rejected(Reason reason, String detail) {
      this(reason, detail, reason.defaultStatus());
    }
  }

  /** Why a request was rejected, or left unverified. */
  enum Reason {
    /** No signature (Twilio's {@code X-Twilio-Signature}, Vonage's {@code sig} or bearer token). */
    MISSING_SIGNATURE(403),
    /** The signature does not match the URL, parameters or body (forged, tampered, wrong secret). */
    BAD_SIGNATURE(403),
    /** The signed timestamp or the token's {@code iat} lies outside the allowed window. */
    STALE(403),
    /** Signed correctly but for another account than the one configured. */
    WRONG_ACCOUNT(403),
    /** The body, the URL, a text or a concatenated message is larger than allowed. */
    TOO_LARGE(413),
    /** More parameters than the configured limit. */
    TOO_MANY_PARAMETERS(400),
    /** Not a method or content type the carrier sends. */
    UNSUPPORTED(415),
    /** A required field is missing or invalid, or a name repeats. */
    MALFORMED(400),
    /**
     * Signed, but with a parameter the carrier does not document for this webhook, or one not shaped
     * as the carrier sends it: an inbound message is then kept unverified, never rejected.
     */
    UNDOCUMENTED_PARAMETERS(400),
    /**
     * A buffer is full: the carrier should send the request again later.
     *
     * @deprecated not produced since 0.4 (a full concatenation buffer drops its oldest message)
     */
    @Deprecated(since = "0.5", forRemoval = true)
    BUSY(503);

    private final int defaultStatus;

    Reason(int defaultStatus) {
      this.defaultStatus = defaultStatus;
    }

    /**
     * The status a rejection for this reason is answered with unless the adapter says otherwise:
     * 403 for signature problems (Vonage answers them 401), 413, 415, 503 or 400.
     */
    public int defaultStatus() {
      return defaultStatus;
    }

    /** Whether an inbound message may be kept unverified for this reason instead of rejected. */
    public boolean leavesUnverified() {
      return this == MISSING_SIGNATURE || this == BAD_SIGNATURE || this == STALE || this == UNDOCUMENTED_PARAMETERS;
    }
  }
}
