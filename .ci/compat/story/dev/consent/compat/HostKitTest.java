package dev.consent.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.security.RequestValidator;
import com.vonage.client.auth.RequestSigning;
import dev.consent.testkit.TwilioSigner;
import dev.consent.testkit.VonageSigner;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a host's tests get from consent-test, added as a host adds it (test scope, nothing else of
 * ours): the kit's webhook signers, checked by the carriers' own SDKs (twilio-java's RequestValidator,
 * the Vonage server SDK's RequestSigning), so that a request a host's test signs is one the carrier
 * could have sent. {@link HostStoreContractTest} runs the store contract on this host's class path.
 */
class HostKitTest {
  static final String URL = "https://crm.example.com/webhooks/twilio/inbound?tenant=acme";

  static Map<String, String> stop() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("MessageSid", "SM0123456789abcdef0123456789abcdef");
    p.put("AccountSid", "AC0123456789abcdef0123456789abcdef");
    p.put("From", "+12125550123");
    p.put("To", "+14155550100");
    p.put("Body", "STOP");
    return p;
  }

  @Test
  void twilioSdkAcceptsTheKitsFormSignature() {
    String signature = TwilioSigner.withAuthToken("host-token").signature(URL, stop());
    assertThat(new RequestValidator("host-token").validate(URL, stop(), signature)).isTrue();
    assertThat(new RequestValidator("another-token").validate(URL, stop(), signature)).isFalse();
  }

  @Test
  void twilioSdkAcceptsTheKitsJsonSignature() throws Exception {
    String body = "{\"Body\":\"STOP\",\"From\":\"+12125550123\"}";
    TwilioSigner.SignedJson signed = TwilioSigner.withAuthToken("host-token").json(URL, body);
    RequestValidator twilio = new RequestValidator("host-token");
    assertThat(twilio.validate(signed.url(), body, signed.signature())).isTrue();
    assertThat(twilio.validate(signed.url(), body.replace("STOP", "YES"), signed.signature())).isFalse();
  }

  @Test
  void vonageSdkAcceptsTheKitsSmsSignature() {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("msisdn", "12125550123");
    p.put("to", "14155550100");
    p.put("messageId", "0A0000000123ABCD1");
    p.put("text", "STOP & thanks=1");
    p.put("type", "text");
    // the SDK's public check takes Vonage's default method (md5hash) and its own clock
    Map<String, String> signed = VonageSigner.of("host-secret", VonageSigner.Method.MD5_HASH).signSms(p, Instant.now());
    assertThat(RequestSigning.verifyRequestSignature(new ByteArrayInputStream(new byte[0]),
        "application/x-www-form-urlencoded", arrays(signed), "host-secret")).isTrue();
    assertThat(RequestSigning.verifyRequestSignature(new ByteArrayInputStream(new byte[0]),
        "application/x-www-form-urlencoded", arrays(signed), "another-secret")).isFalse();
  }

  private static Map<String, String[]> arrays(Map<String, String> p) {
    Map<String, String[]> out = new LinkedHashMap<>();
    p.forEach((k, v) -> out.put(k, new String[] {v}));
    return out;
  }
}
