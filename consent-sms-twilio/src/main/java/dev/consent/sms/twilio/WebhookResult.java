package dev.consent.sms.twilio;

import dev.consent.DeliveryReport;
import dev.consent.InboundMessage;
import java.util.Objects;

/**
 * What {@link TwilioWebhooks} made of one request: a verified inbound message, a verified status
 * callback, or a rejection that changed nothing. Hand accepted values to {@link
 * dev.consent.InboundHandler}; answer a rejection with {@link Rejected#httpStatus()}.
 *
 * <pre>{@code
 * WebhookResult r = webhooks.inbound(request);
 * if (r instanceof WebhookResult.Inbound in) {
 *   kit.inbound().handle(in.message());          // a store failure propagates: answer 500
 * } else if (r instanceof WebhookResult.Rejected no) {
 *   respond(no.httpStatus());                    // 403, 413, 415 or 400; nothing recorded
 * }
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface WebhookResult {

  /** A signature-verified inbound SMS. */
  record Inbound(InboundMessage message) implements WebhookResult {
    public Inbound {
      Objects.requireNonNull(message, "message");
    }
  }

  /** A signature-verified status callback for a message sent earlier. */
  record Status(DeliveryReport report) implements WebhookResult {
    public Status {
      Objects.requireNonNull(report, "report");
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
    public int httpStatus() {
      return switch (reason) {
        case MISSING_SIGNATURE, BAD_SIGNATURE, WRONG_ACCOUNT -> 403;
        case TOO_LARGE -> 413;
        case UNSUPPORTED_MEDIA_TYPE -> 415;
        case TOO_MANY_PARAMETERS, MALFORMED -> 400;
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
    MALFORMED
  }
}
