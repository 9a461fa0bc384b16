package dev.consent.sms.vonage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What the webhook parsers ({@link SmsParsing}, {@link MessagesParsing}) need from {@link VonageWebhooks}:
 * its clock's view of when a message was received, and the buffer that joins concatenated parts.
 */
final class Received {
  /** Vonage resends an unanswered inbound message for 24 hours. */
  private static final Duration RESEND_PERIOD = Duration.ofHours(24);

  private final Clock clock;
  private final Duration window;
  private final ConcatBuffer concat;

  Received(Clock clock, Duration window, ConcatBuffer concat) {
    this.clock = clock;
    this.window = window;
    this.concat = concat;
  }

  Instant now() {
    return clock.instant();
  }

  ConcatBuffer concat() {
    return concat;
  }

  /**
   * The carrier's timestamp when it is sane, else now: at most the signature window ahead of the
   * clock, and at most a day plus the window behind it. A timestamp outside that range is a clock
   * fault or a forgery, not a time.
   */
  Instant receivedAt(@Nullable Instant carrierTime) {
    Instant now = clock.instant();
    if (carrierTime == null
        || carrierTime.isAfter(now.plus(window))
        || carrierTime.isBefore(now.minus(RESEND_PERIOD).minus(window))) {
      return now;
    }
    return carrierTime;
  }
}
