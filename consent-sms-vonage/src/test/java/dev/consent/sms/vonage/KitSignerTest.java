package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.carrier.WebhookResult;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.testkit.MutableClock;
import dev.consent.testkit.VonageSigner;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a host's tests sign with consent-test's VonageSigner, the adapter verifies (and nothing else). */
@DisplayName("consent-test's VonageSigner against VonageWebhooks")
@SuppressWarnings("removal") // the 0.4 request type, kept for one release
class KitSignerTest {
  static final String SECRET = "host-test-signature-secret";
  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");

  VonageWebhooks hooks(SignatureMethod method) {
    return VonageWebhooks.builder().signatureSecret(SECRET, method).clock(clock).build();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"MD5_HASH", "HMAC_MD5", "HMAC_SHA1", "HMAC_SHA256", "HMAC_SHA512"})
  @DisplayName("an SMS API STOP signed by the kit is verified with each method; another secret's or a stale one is not")
  void sms(String method) {
    VonageWebhooks hooks = hooks(SignatureMethod.valueOf(method));
    VonageSigner signer = VonageSigner.of(SECRET, VonageSigner.Method.valueOf(method));
    Map<String, String> p = signer.signSms(SmsWebhooksTest.inbound("0A0000000123ABCD1", "STOP & thanks=1"), clock.instant());
    InboundOf ok = new InboundOf(hooks.smsInbound(Signed.form(p)));
    assertThat(ok.message().authenticated()).isTrue();
    assertThat(ok.message().body()).isEqualTo("STOP & thanks=1");

    Map<String, String> other = VonageSigner.of("another-secret", VonageSigner.Method.valueOf(method))
        .signSms(SmsWebhooksTest.inbound("0A0000000123ABCD2", "STOP"), clock.instant());
    SmsWebhooksTest.unverified(hooks.smsInbound(Signed.form(other)), Reason.BAD_SIGNATURE);
    Map<String, String> stale = signer.signSms(SmsWebhooksTest.inbound("0A0000000123ABCD3", "STOP"),
        clock.instant().minus(Duration.ofMinutes(6)));
    SmsWebhooksTest.unverified(hooks.smsInbound(Signed.form(stale)), Reason.STALE);
  }

  @Test
  @DisplayName("a Messages API STOP signed by the kit is verified; a changed body is not")
  void messages() {
    VonageWebhooks hooks = hooks(SignatureMethod.HMAC_SHA256);
    String auth = VonageSigner.of(SECRET, VonageSigner.Method.HMAC_SHA256)
        .messagesAuthorization(MessagesWebhooksTest.INBOUND, clock.instant());
    InboundOf ok = new InboundOf(hooks.messagesInbound(Signed.json(MessagesWebhooksTest.INBOUND, Map.of("Authorization", auth))));
    assertThat(ok.message().authenticated()).isTrue();
    String changed = MessagesWebhooksTest.INBOUND.replace("Stop texting me", "Yes please");
    SmsWebhooksTest.unverified(hooks.messagesInbound(Signed.json(changed, Map.of("Authorization", auth))), Reason.BAD_SIGNATURE);
  }

  private record InboundOf(dev.consent.InboundMessage message) {
    InboundOf(WebhookResult r) {
      this(SmsWebhooksTest.message(r));
    }
  }
}
