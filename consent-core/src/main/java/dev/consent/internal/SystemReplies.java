package dev.consent.internal;

import dev.consent.CarrierError;
import dev.consent.DeliveryState;
import dev.consent.LogText;
import dev.consent.MessageRecord;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the kit's own replies (HELP, STOP, confirmations) outside the gate and logs them. Not API.
 */
public final class SystemReplies {
  private static final Logger log = LoggerFactory.getLogger(SystemReplies.class);

  private final KitContext ctx;
  private final CarrierReports reports;

  public SystemReplies(KitContext ctx, CarrierReports reports) {
    this.ctx = ctx;
    this.reports = reports;
  }

  /**
   * Sends a system reply (never gated: HELP and STOP always get an answer) and logs it. Returns
   * whether the carrier accepted it. A carrier failure is logged, not thrown: the change the reply
   * confirms is already recorded. A carrier opt-out in the answer is recorded as a carrier report.
   */
  public boolean send(PhoneNumber to, Program program, String sender, String body) {
    String messageId = UUID.randomUUID().toString();
    SendResult result = ctx.carrier().send(new OutgoingSms(to, sender, body, messageId));
    if (result instanceof SendResult.Accepted a) {
      ctx.store().logMessage(new MessageRecord(ctx.tenant(), messageId, to, null, program.id(), sender,
          ctx.carrier().name(), a.carrierMessageId(), ctx.clock().instant(), DeliveryState.ACCEPTED, null, body));
      return true;
    }
    CarrierError error = ((SendResult.Rejected) result).error();
    log.warn("reply to {} from program {} not sent: {} {}", to.masked(), program.id(), error.kind(),
        LogText.safe(error.code()));
    if (error.kind() == CarrierError.Kind.RECIPIENT_OPTED_OUT && error.optOutScope() != null) {
      reports.optOut(to, error.optOutScope(), error.code(), "reply:" + messageId);
    }
    return false;
  }
}
