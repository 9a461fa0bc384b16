package dev.consent.sms.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Twilio's signature algorithm against published test vectors.
 *
 * <p>Sources (test data only: URL, parameters, token and expected signature):
 *
 * <ul>
 *   <li>[java] twilio/twilio-java, src/test/java/com/twilio/security/RequestValidatorTest.java
 *   <li>[csharp] twilio/twilio-csharp, test/Twilio.Test/Security/RequestValidatorTest.cs
 *   <li>[python] twilio/twilio-python, tests/unit/test_request_validator.py (also the legacy
 *       "postbin" vector with token 1c892n40nd03kdnc0112slzkl3091j20)
 *   <li>[ruby] twilio/twilio-ruby, spec/security/request_validator_spec.rb
 *   <li>[php] twilio/twilio-php, tests/Twilio/Unit/Security/RequestValidatorTest.php
 *   <li>[go] twilio/twilio-go, client/request_validator_test.go
 * </ul>
 *
 * <p>No published vector covers UTF-8 values, empty values or percent-encoded query strings; those
 * marked [computed] were computed independently with Python's {@code hmac} module following the
 * algorithm in Twilio's "Webhooks security" documentation, and cross-check the Java code.
 */
class TwilioSignatureTest {
  static final String TOKEN = "12345";
  static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  static final String BODY = "{\"property\": \"value\", \"boolean\": true}";
  static final String BODY_HASH = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

  /** The voice-call parameters all SDKs use, deliberately out of order. */
  static final List<Map.Entry<String, String>> PARAMS =
      List.of(
          Map.entry("Digits", "1234"),
          Map.entry("CallSid", "CA1234567890ABCDE"),
          Map.entry("To", "+18005551212"),
          Map.entry("Caller", "+14158675309"),
          Map.entry("From", "+14158675309"));

  static boolean valid(String url, List<Map.Entry<String, String>> params, String signature) {
    return TwilioSignature.matches(List.of(bytes(TOKEN)), signature, url, params);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Nested
  @DisplayName("published vectors")
  class Published {
    @Test
    @DisplayName("computes the documented example signature [java, csharp, python, ruby, php, go]")
    void documentedExample() {
      assertThat(TwilioSignature.compute(bytes(TOKEN), URL, PARAMS)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
      assertThat(valid(URL, PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    }

    @ParameterizedTest(name = "{0} [{2}]")
    @DisplayName("accepts the URL with its port removed or the default port added")
    @CsvSource({
      "https://mycompany.com:1234/myapp.php?foo=1&bar=2, RSOYDt4T1cUTdK1PDd93/VVr8B8=, java/python/ruby/php/go removes https port",
      "http://mycompany.com:1234/myapp.php?foo=1&bar=2, Zmvh+3yNM1Phv2jhDCwEM3q5ebU=, java/csharp http with port 1234",
      "https://mycompany.com/myapp.php?foo=1&bar=2, kvajT1Ptam85bY51eRf/AJRuM3w=, java/csharp/ruby adds 443",
      "http://mycompany.com/myapp.php?foo=1&bar=2, 0ZXoZLH/DfblKGATFgpif+LLRf4=, java/csharp/ruby adds 80",
      "https://mycompany.com:1234/myapp.php?foo=1&bar=2, CYn1h0gLBdNxDGkKJg6hYohgeD8=, csharp custom https port kept",
      "https://MyCompany.com/myapp.php?foo=1&bar=2, g9IN/x4Cft2g517EjYvEvM/W7LU=, csharp mixed-case host",
      "https://MyCompany.com:1234/myapp.php?foo=1&bar=2, PCqOZm8cnu/L6+u5i5fuEd+Iac4=, csharp mixed case with port",
      "http://MyCompany.com/myapp.php?foo=1&bar=2, XY7AlKOKL6im4yWyX84gldUrtis=, csharp mixed case http",
      "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2, CukzLTc1tT5dXEDIHm/tKBanW10=, ruby/php credentials in URL",
      "https://user@mycompany.com/myapp.php?foo=1&bar=2, 2YRLlVAflCqxaNicjMpJcSTgzSs=, ruby/php user only",
      "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2, ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=, ruby/php credentials plus 443",
      "http://username:password@MyCompany.com/myapp.php?foo=1&bar=2, PJ08CxXr7KLPjEQCTc8LkUSMwSM=, csharp credentials preserved",
      "HTTP://username:password@MyCompany.com/myapp.php?foo=1&bar=2, hy/l8pca+LFms4cvRdv8uiP6NGc=, csharp upper-case scheme",
    })
    void portsAndAuthorities(String url, String signature, String source) {
      assertThat(valid(url, PARAMS, signature)).as(source).isTrue();
    }

    @Test
    @DisplayName("keeps the host's case: a lower-case signature does not match a mixed-case URL [csharp]")
    void hostCaseMatters() {
      assertThat(valid("https://MyCompany.com/myapp.php?foo=1&bar=2", PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
      assertThat(valid("http://MyCompany.com/myapp.php?foo=1&bar=2", PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    @DisplayName("sorts a repeated parameter by value [python]")
    void repeatedParameter() {
      var params = List.of(Map.entry("Sid", "CA123"), Map.entry("SidAccount", "AC123"),
          Map.entry("Digits", "5678"), Map.entry("Digits", "1234"));
      assertThat(TwilioSignature.compute(bytes(TOKEN), URL, params)).isEqualTo("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    @Test
    @DisplayName("signs a long parameter list with spaces in values over an http URL [python legacy]")
    void legacyPostbin() {
      Map<String, String> p = new java.util.LinkedHashMap<>();
      p.put("AccountSid", "AC9a9f9392lad99kla0sklakjs90j092j3");
      p.put("ApiVersion", "2010-04-01");
      p.put("CallSid", "CAd800bb12c0426a7ea4230e492fef2a4f");
      p.put("CallStatus", "ringing");
      p.put("Called", "+15306384866");
      p.put("CalledCity", "OAKLAND");
      p.put("CalledCountry", "US");
      p.put("CalledState", "CA");
      p.put("CalledZip", "94612");
      p.put("Caller", "+15306666666");
      p.put("CallerCity", "SOUTH LAKE TAHOE");
      p.put("CallerCountry", "US");
      p.put("CallerName", "CA Wireless Call");
      p.put("CallerState", "CA");
      p.put("CallerZip", "89449");
      p.put("Direction", "inbound");
      p.put("From", "+15306666666");
      p.put("FromCity", "SOUTH LAKE TAHOE");
      p.put("FromCountry", "US");
      p.put("FromState", "CA");
      p.put("FromZip", "89449");
      p.put("To", "+15306384866");
      p.put("ToCity", "OAKLAND");
      p.put("ToCountry", "US");
      p.put("ToState", "CA");
      p.put("ToZip", "94612");
      byte[] token = bytes("1c892n40nd03kdnc0112slzkl3091j20");
      assertThat(TwilioSignature.compute(token, "http://www.postbin.org/1ed898x", List.copyOf(p.entrySet())))
          .isEqualTo("fF+xx6dTinOaCdZ0aIeNkHr/ZAA=");
    }

    @Test
    @DisplayName("hashes a JSON body to the published bodySHA256 [java, csharp, python, ruby, php, go]")
    void bodyHash() {
      assertThat(TwilioSignature.bodyMatches(bytes(BODY), BODY_HASH)).isTrue();
      assertThat(TwilioSignature.bodyMatches(bytes(BODY), "WRONG")).isFalse();
      assertThat(TwilioSignature.bodyMatches(bytes(BODY + " "), BODY_HASH)).isFalse();
    }

    @Test
    @DisplayName("signs the URL with bodySHA256 and no parameters [java, csharp, python, ruby, php, go]")
    void bodySha256Url() {
      assertThat(valid(URL + "&bodySHA256=" + BODY_HASH, List.of(), "a9nBmqA0ju/hNViExpshrM61xv4=")).isTrue();
      assertThat(valid("https://mycompany.com/myapp.php?bodySHA256=" + BODY_HASH, List.of(), "y77kIzt2vzLz71DgmJGsen2scGs=")).isTrue();
    }
  }

  @Nested
  @DisplayName("computed vectors for cases no published vector covers")
  class Computed {
    @Test
    @DisplayName("encodes UTF-8 values (accents, emoji) as UTF-8 before signing [computed]")
    void utf8() {
      var params = List.of(
          Map.entry("AccountSid", "AC0123456789abcdef0123456789abcdef"),
          Map.entry("Body", "Chloéñ ARRÊT 👍"),
          Map.entry("From", "+33612345678"),
          Map.entry("MessageSid", "SM0123456789abcdef0123456789abcdef"),
          Map.entry("To", "+14155550000"));
      assertThat(TwilioSignature.compute(bytes(TOKEN), URL, params)).isEqualTo("hhX/vxITqfGkwEoFvnnGAxAT9x0=");
    }

    @Test
    @DisplayName("keeps parameters with empty values: the name alone is signed [computed]")
    void emptyValues() {
      var params = List.of(Map.entry("Body", ""), Map.entry("From", "+14155550123"),
          Map.entry("NumMedia", "0"), Map.entry("OptOutType", ""), Map.entry("To", "+14155550000"));
      assertThat(TwilioSignature.compute(bytes(TOKEN), URL, params)).isEqualTo("45CJr8SoJZaVAaFR+7JKgecMWlA=");
    }

    @Test
    @DisplayName("signs the raw, still percent-encoded query string [computed]")
    void rawQuery() {
      var params = List.of(Map.entry("Body", "STOP"), Map.entry("From", "+14155550123"));
      String url = "https://example.com/twilio/inbound?tenant=acme%20eu&x=%27a%27";
      assertThat(valid(url, params, "D0aNVAjigGNZdffKMDRgsWtpmcM=")).isTrue();
      assertThat(valid("https://example.com/twilio/inbound?tenant=acme eu&x='a'", params, "D0aNVAjigGNZdffKMDRgsWtpmcM=")).isFalse();
    }

    @Test
    @DisplayName("sorts names case-sensitively (upper case before lower case) [computed]")
    void caseSensitiveSort() {
      var params = List.of(Map.entry("body", "b"), Map.entry("Body", "B"), Map.entry("a", "1"), Map.entry("Z", "2"));
      assertThat(TwilioSignature.compute(bytes(TOKEN), URL, params)).isEqualTo("TtsWTnHWgU3qdJWjg6WxHok8Kds=");
    }
  }

  @Nested
  @DisplayName("forgeries")
  class Forgeries {
    @Test
    @DisplayName("rejects a wrong signature, a wrong token and a tampered parameter")
    void forged() {
      assertThat(valid(URL, PARAMS, "NOTRSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
      assertThat(valid(URL, PARAMS, "")).isFalse();
      assertThat(TwilioSignature.matches(List.of(bytes("54321")), "RSOYDt4T1cUTdK1PDd93/VVr8B8=", URL, PARAMS)).isFalse();
      var tampered = new java.util.ArrayList<>(PARAMS);
      tampered.set(0, Map.entry("Digits", "1235"));
      assertThat(valid(URL, tampered, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
      var added = new java.util.ArrayList<>(PARAMS);
      added.add(Map.entry("OptOutType", "START"));
      assertThat(valid(URL, added, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    @DisplayName("rejects the same signature replayed to another URL (other path or query)")
    void otherUrl() {
      assertThat(valid("https://mycompany.com/other.php?foo=1&bar=2", PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
      assertThat(valid("https://mycompany.com/myapp.php?foo=1&bar=3", PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
      assertThat(valid("https://evil.com/myapp.php?foo=1&bar=2", PARAMS, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    @DisplayName("a JSON body signed without bodySHA256 in the URL does not verify [java, go]")
    void bodyWithoutHash() {
      assertThat(valid(URL, List.of(), "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }
  }

  @Test
  @DisplayName("derives the port variants without touching case, credentials, path or query")
  void variants() {
    assertThat(TwilioSignature.urlVariants("https://U:p@Host.com:8443/a?b=1#f"))
        .containsExactly("https://U:p@Host.com:8443/a?b=1#f", "https://U:p@Host.com/a?b=1#f");
    assertThat(TwilioSignature.urlVariants("http://[::1]/x"))
        .containsExactly("http://[::1]/x", "http://[::1]:80/x");
    assertThat(TwilioSignature.urlVariants("https://host")).containsExactly("https://host", "https://host:443");
  }
}
