package dev.consent.sms.twilio;

import dev.consent.DeliveryReport;
import dev.consent.InboundMessage;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link TwilioWebhooks} made of one request: an inbound message (verified, or unverified and
 * to be confirmed with Twilio's API), a verified status callback, or a rejection that changed
 * nothing. Hand inbound messages and reports to {@link dev.consent.InboundHandler}, which
 * quarantines an unverified message rather than applying it; answer with {@link #httpStatus()}.
 *
 * <pre>{@code
 * WebhookResult r = webhooks.inbound(request);
 * if (r instanceof WebhookResult.Inbound in) {
 *   if (!in.verified()) metrics.count(in.unverified());  // e.g. a proxy changed the URL's scheme
 *   kit.inbound().handle(in.message());                 // a store failure propagates: answer 500
 * } else if (r instanceof WebhookResult.Rejected no) {
 *   respond(no.httpStatus());                           // 403, 413, 415 or 400; nothing recorded
 * }
 * respond(r.httpStatus(), TwilioWebhooks.EMPTY_TWIML);  // 200: Twilio sends nothing back
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface WebhookResult {

  /**
   * The HTTP status to answer Twilio with: 200 (with {@link TwilioWebhooks#EMPTY_TWIML}) for an
   * inbound message, verified or not, and for a status callback; {@link Rejected#httpStatus()} for a
   * rejection. Twilio does not retry a 4xx, so an unverified inbound message is answered 200: it is
   * kept and confirmed with Twilio's API instead.
   *
   * @since 0.4
   */
  int httpStatus();

  /**
   * An inbound SMS. When its signature was verified and every parameter is one Twilio documents for
   * this webhook, shaped as Twilio sends it, {@code message.authenticated()} is true and {@code
   * unverified} is null. Otherwise (no signature, a signature that does not match, a signed request
   * with an undocumented or oddly shaped parameter) the message is {@code authenticated=false},
   * {@code unverified} says why and {@code detail} explains it without quoting the request: the kit
   * never applies such a message as received, it confirms it by its {@code MessageSid} through
   * Twilio's API ({@link TwilioCarrier} as {@link dev.consent.spi.InboundConfirmer}).
   *
   * @param message the message; its content is the request's, trusted only when authenticated
   * @param unverified why it could not be verified, or null when it was ({@code @since 0.4})
   * @param detail a short explanation that never quotes the request's values, empty when verified
   *     ({@code @since 0.4})
   */
  record Inbound(InboundMessage message, @Nullable Reason unverified, String detail) implements WebhookResult {
    public Inbound {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(detail, "detail");
      if (message.authenticated() != (unverified == null)) {
        throw new IllegalArgumentException("an unverified reason goes with an unauthenticated message, and only then");
      }
    }

    /** A verified inbound message ({@code message.authenticated()} must be true). */
    public Inbound(InboundMessage message) {
      this(message, null, "");
    }

    /**
     * Whether the signature and the parameters were verified.
     *
     * @since 0.4
     */
    public boolean verified() {
      return unverified == null;
    }

    /** 200: answer with {@link TwilioWebhooks#EMPTY_TWIML}, also when unverified. */
    @Override
    public int httpStatus() {
      return 200;
    }
  }

  /** A signature-verified status callback for a message sent earlier. */
  record Status(DeliveryReport report) implements WebhookResult {
    public Status {
      Objects.requireNonNull(report, "report");
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
   */
  record Rejected(Reason reason, String detail) implements WebhookResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    /** The status to answer with: 403 for signature problems, 413 when too large, else 400. */
    @Override
    public int httpStatus() {
      return switch (reason) {
        case MISSING_SIGNATURE, BAD_SIGNATURE, WRONG_ACCOUNT -> 403;
        case TOO_LARGE -> 413;
        case UNSUPPORTED_MEDIA_TYPE -> 415;
        case TOO_MANY_PARAMETERS, MALFORMED, UNDOCUMENTED_PARAMETERS -> 400;
      };
    }
  }

  /** Why a request was rejected. */
  enum Reason {
    /** No {@code X-Twilio-Signature} header. */
    MISSING_SIGNATURE,
    /** The signature does not match the URL, parameters or body (forged or tampered). */
    BAD_SIGNATURE,
    /** Signed correctly but for another account than the one configured. */
    WRONG_ACCOUNT,
    /** The body is larger than the configured limit. */
    TOO_LARGE,
    /** More parameters than the configured limit. */
    TOO_MANY_PARAMETERS,
    /** Not a form-encoded body. */
    UNSUPPORTED_MEDIA_TYPE,
    /** A required field is missing or invalid (bad number, bad SID, unknown status, bad encoding). */
    MALFORMED,
    /**
     * Signed, but with a parameter Twilio does not document for this webhook, or one not shaped as
     * Twilio sends it (a value that could have swallowed other parameters): an inbound message is
     * then kept unverified, never rejected, so that a STOP is not lost when Twilio adds a parameter.
     *
     * @since 0.4
     */
    UNDOCUMENTED_PARAMETERS
  }
}
