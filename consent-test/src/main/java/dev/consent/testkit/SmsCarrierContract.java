package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.CarrierError;
import dev.consent.PhoneNumber;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.spi.SmsCarrier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SmsCarrier} must show. An adapter's test extends this class and
 * implements the {@code arrange...} hooks by scripting its fake carrier (WireMock, a stub), so that
 * the next send meets the named situation.
 *
 * <pre>{@code
 * abstract static class MyCarrierContractTest extends SmsCarrierContract {
 *   @Override
 *   protected SmsCarrier carrier() {
 *     return new RecordingCarrier(); // your adapter, pointed at your fake carrier
 *   }
 *   // each arrange... hook scripts the fake carrier for the next send
 * }
 * }</pre>
 */
public abstract class SmsCarrierContract {

  /** A real-looking recipient; the contract checks it never leaks into error messages. */
  protected static final PhoneNumber RECIPIENT = PhoneNumber.parse("+14155550123");

  /** A body that must never leak into error messages. */
  protected static final String BODY = "Your secret body 7731";

  /** The carrier under test, configured against the fake. */
  protected abstract SmsCarrier carrier();

  /** The sender id to send from. */
  protected abstract String sender();

  /** The next sends are accepted. */
  protected abstract void arrangeAccepted();

  /**
   * The next send goes to a recipient who opted out at the carrier. For a carrier that refuses such
   * a send, script the refusal; for one that accepts it and reports the opt-out later (in a delivery
   * receipt), script the acceptance and override {@link #reportsOptOutAtSend()}.
   */
  protected abstract void arrangeRecipientOptedOut();

  /**
   * Whether the carrier refuses a send to an opted-out recipient at once (Twilio 21610) rather than
   * accepting it and reporting the opt-out in a later delivery receipt (Vonage).
   */
  protected boolean reportsOptOutAtSend() {
    return true;
  }

  /** The next send is refused because the number is invalid. */
  protected abstract void arrangeInvalidNumber();

  /** The next send is refused because the credentials are wrong. */
  protected abstract void arrangeAuthenticationFailure();

  /** The carrier cannot be reached at all. */
  protected abstract void arrangeUnreachable();

  protected OutgoingSms sms(String reference) {
    return new OutgoingSms(RECIPIENT, sender(), BODY, reference);
  }

  private static void assertNoPersonalData(CarrierError error) {
    assertThat(error.message()).doesNotContain(RECIPIENT.e164().substring(1)).doesNotContain(BODY);
    assertThat(error.toString()).doesNotContain(RECIPIENT.e164().substring(1)).doesNotContain(BODY);
  }

  @Test
  @DisplayName("has a short, lower-case name that the message log records")
  void nameIsStable() {
    assertThat(carrier().name()).isNotBlank().matches("[a-z0-9-]+").isEqualTo(carrier().name());
  }

  @Nested
  @DisplayName("an accepted send")
  class Accepted {
    @Test
    @DisplayName("returns the carrier's message id")
    void returnsId() {
      arrangeAccepted();
      SendResult r = carrier().send(sms("ref-1"));
      assertThat(r).isInstanceOf(SendResult.Accepted.class);
      assertThat(((SendResult.Accepted) r).carrierMessageId()).isNotBlank();
    }

    @Test
    @DisplayName("is safe from many threads at once")
    void concurrent() throws Exception {
      arrangeAccepted();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<SendResult>> futures = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          String ref = "ref-c" + i;
          futures.add(pool.submit(() -> carrier().send(sms(ref))));
        }
        Set<Class<?>> kinds = new HashSet<>();
        for (Future<SendResult> f : futures) {
          kinds.add(f.get().getClass());
        }
        assertThat(kinds).containsExactly(SendResult.Accepted.class);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  @DisplayName("a refused send")
  class Refused {
    @Test
    @DisplayName("reports an opt-out with its scope, not retryable (or accepts it when opt-outs come later)")
    void optedOut() {
      arrangeRecipientOptedOut();
      SendResult result = carrier().send(sms("ref-2"));
      if (!reportsOptOutAtSend()) {
        assertThat(result).isInstanceOf(SendResult.Accepted.class);
        return;
      }
      CarrierError e = rejected(result);
      assertThat(e.kind()).isEqualTo(CarrierError.Kind.RECIPIENT_OPTED_OUT);
      assertThat(e.optOutScope()).isNotBlank();
      assertThat(e.retryable()).isFalse();
      assertNoPersonalData(e);
    }

    @Test
    @DisplayName("reports an invalid number, not retryable")
    void invalidNumber() {
      arrangeInvalidNumber();
      CarrierError e = rejected(carrier().send(sms("ref-3")));
      assertThat(e.kind()).isEqualTo(CarrierError.Kind.INVALID_NUMBER);
      assertThat(e.retryable()).isFalse();
      assertNoPersonalData(e);
    }

    @Test
    @DisplayName("reports refused credentials, not retryable")
    void authentication() {
      arrangeAuthenticationFailure();
      CarrierError e = rejected(carrier().send(sms("ref-4")));
      assertThat(e.kind()).isEqualTo(CarrierError.Kind.AUTHENTICATION);
      assertThat(e.retryable()).isFalse();
      assertNoPersonalData(e);
    }

    @Test
    @DisplayName("reports an unreachable carrier as a value, never an exception")
    void unreachable() {
      arrangeUnreachable();
      CarrierError e = rejected(carrier().send(sms("ref-5")));
      assertThat(e.kind()).isIn(CarrierError.Kind.UNAVAILABLE, CarrierError.Kind.OUTCOME_UNKNOWN);
      assertNoPersonalData(e);
    }
  }

  private static CarrierError rejected(SendResult r) {
    assertThat(r).isInstanceOf(SendResult.Rejected.class);
    return ((SendResult.Rejected) r).error();
  }
}
