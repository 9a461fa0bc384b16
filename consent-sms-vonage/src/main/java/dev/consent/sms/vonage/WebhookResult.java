package dev.consent.sms.vonage;

import dev.consent.DeliveryReport;
import dev.consent.InboundMessage;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link VonageWebhooks} made of one webhook request. {@link #httpStatus()} is the status to
 * answer Vonage with: 2xx for what was taken, 4xx for what must not be retried as is, 503 when the
 * request should come again later.
 *
 * <pre>{@code
 * WebhookResult r = webhooks.smsInbound(request);
 * if (r instanceof WebhookResult.Inbound in) kit.inbound().handle(in.message());  // unverified: authenticated=false,
 *                                                      // in.unverifiedReason() says why (alarm on it)
 * else if (r instanceof WebhookResult.Delivery d) kit.inbound().handle(d.report());
 * respond(r.httpStatus());     // a store failure in handle(..) must answer 500 instead
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface WebhookResult {

  /** The HTTP status to answer Vonage with. */
  int httpStatus();

  /**
   * A complete inbound message (concatenated parts already joined): hand it to the core.
   *
   * <p>When the request's signature or token could not be verified ({@code unverifiedReason} is
   * {@link Reason#UNSIGNED} under {@link VonageWebhooks.Builder#acceptUnsigned()}, {@link
   * Reason#BAD_SIGNATURE} or {@link Reason#STALE}), the message is built with {@code
   * authenticated=false}: the core keeps it apart from verified input and never trusts it as a
   * verified one. It is still answered 200, because Vonage resends anything else for 24 hours and a
   * resend would fail the same check. {@code unverifiedReason} tells the host why, for its alarms
   * (a wrong signature secret or method in the configuration, or a forgery).
   *
   * @param message the message; {@code authenticated} exactly when {@code unverifiedReason} is null
   * @param unverifiedReason why the request could not be verified, or null when it was (since 0.4)
   */
  record Inbound(InboundMessage message, @Nullable Reason unverifiedReason) implements WebhookResult {
    public Inbound {
      Objects.requireNonNull(message, "message");
      if (message.authenticated() != (unverifiedReason == null)) {
        throw new IllegalArgumentException("an unverified reason goes with an unauthenticated message, and only then");
      }
      if (unverifiedReason != null && unverifiedReason.status != 401) {
        throw new IllegalArgumentException("unverifiedReason must be UNSIGNED, BAD_SIGNATURE or STALE");
      }
    }

    /**
     * A message as verified by its flag: an unauthenticated one counts as {@link Reason#UNSIGNED}.
     */
    public Inbound(InboundMessage message) {
      this(message, message.authenticated() ? null : Reason.UNSIGNED);
    }

    /**
     * Whether the request's signature or token was verified.
     *
     * @since 0.4
     */
    public boolean verified() {
      return unverifiedReason == null;
    }

    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /** A delivery receipt or status: hand it to the core; {@code report().isOptOut()} when it means STOP. */
  record Delivery(DeliveryReport report) implements WebhookResult {
    public Delivery {
      Objects.requireNonNull(report, "report");
    }

    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /** One part of a concatenated SMS was kept until the others arrive: nothing to hand on yet. */
  record PartStored(int received, int total) implements WebhookResult {
    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /** A genuine request with nothing for the core (another channel, a binary SMS). */
  record Ignored(String why) implements WebhookResult {
    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /** The request was refused and nothing was recorded. {@code detail} names no personal value. */
  record Rejected(Reason reason, String detail) implements WebhookResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public int httpStatus() {
      return reason.status;
    }
  }

  /** Why a webhook request was refused. */
  enum Reason {
    /** No signature or token, and unsigned requests are not accepted. */
    UNSIGNED(401),
    /** The signature or token does not match, or the body does not match the token's hash. */
    BAD_SIGNATURE(401),
    /** The signed timestamp or the token's {@code iat} lies outside the allowed window. */
    STALE(401),
    /** A required field is missing or unreadable, or a name repeats. */
    MALFORMED(400),
    /** The body, a text or a concatenated message is larger than allowed. */
    TOO_LARGE(413),
    /** Not a method or content type Vonage sends. */
    UNSUPPORTED(415),
    /**
     * The buffer for concatenated parts is full: Vonage should send this part again later. Not
     * produced since 0.4: a full buffer drops its oldest message instead of refusing new ones.
     */
    BUSY(503);

    private final int status;

    Reason(int status) {
      this.status = status;
    }
  }
}
