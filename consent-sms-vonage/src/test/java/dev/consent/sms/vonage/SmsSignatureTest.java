package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Vonage's own published signature vectors, as test data:
 *
 * <ul>
 *   <li>PHP SDK: github.com/Vonage/vonage-php-sdk-core, test/Client/SignatureTest.php
 *       (signatures() and hmacSignatureProvider()).
 *   <li>Java SDK: github.com/Vonage/vonage-java-sdk,
 *       src/test/java/com/vonage/client/auth/RequestSigningTest.java.
 * </ul>
 */
@DisplayName("SMS API signatures match Vonage's published vectors")
class SmsSignatureTest {
  static final String PHP_SECRET = "my_secret_key_for_testing";

  static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static Map<String, String> phpInbound() {
    return params(
        "message-timestamp", "2013-11-21 15:27:30", "messageId", "020000001B0FE827",
        "msisdn", "14843472194", "text", "Test again", "timestamp", "1385047698",
        "to", "13239877404", "type", "text");
  }

  static Map<String, String> phpOutbound() {
    return params(
        "api_key", "fake_api_key", "to", "14155550100", "from", "AcmeInc",
        "text", "Test From Nexmo", "type", "text", "timestamp", "1540924779");
  }

  static Stream<Arguments> vectors() {
    Map<String, String> withSig = phpInbound();
    withSig.put("sig", "d2e7b1dc968737c5998ad624e02f90b7");
    return Stream.of(
        Arguments.of("php inbound md5hash", SignatureMethod.MD5_HASH, PHP_SECRET, phpInbound(), "d2e7b1dc968737c5998ad624e02f90b7"),
        Arguments.of("php inbound md5 (hmac)", SignatureMethod.HMAC_MD5, PHP_SECRET, phpInbound(), "DDEBD46008C2D4E93CCE578A332A52D5"),
        Arguments.of("php inbound sha1", SignatureMethod.HMAC_SHA1, PHP_SECRET, phpInbound(), "27D0D05C2876C7CB1720DBCDBA4D492E1E55C09A"),
        Arguments.of("php inbound sha256", SignatureMethod.HMAC_SHA256, PHP_SECRET, phpInbound(), "DDB8397C2B90AAC7F3882D306475C9A5058C92322EEF43C92B298B6E0FC0D330"),
        Arguments.of("php inbound sha512", SignatureMethod.HMAC_SHA512, PHP_SECRET, phpInbound(), "E0D3C650F8C9D1A5C174D10DDDBFB003E561F59B265616208B0487C5D819481CD3C311D59CF6165ECD1139622D5BA3A256C0D763AC4A9AD9144B5A426B94FE82"),
        Arguments.of("php inbound md5hash, sig among the parameters is left out", SignatureMethod.MD5_HASH, PHP_SECRET, withSig, "d2e7b1dc968737c5998ad624e02f90b7"),
        Arguments.of("php inbound md5hash, second message", SignatureMethod.MD5_HASH, PHP_SECRET,
            params("message-timestamp", "2013-11-21 17:37:31", "messageId", "030000002A267DBB", "msisdn", "14843472194",
                "text", "One more time", "timestamp", "1385055451", "to", "14849970568", "type", "text",
                "sig", "83c052a82906ec7c116e16f6d92f7eee"),
            "83c052a82906ec7c116e16f6d92f7eee"),
        Arguments.of("php inbound md5hash with keyword and nonce", SignatureMethod.MD5_HASH, PHP_SECRET,
            params("keyword", "TESTINGS", "message-timestamp", "2017-04-04 23:05:22", "messageId", "0C00000027217D5B",
                "msisdn", "14843472194", "nonce", "c4ab6ed2-9bf5-48a0-af91-107e29bdd399", "sig", "ff933bf31c79ab3fc6a38d100191c48f",
                "text", "Testings", "timestamp", "1491347122", "to", "12192259404", "type", "text"),
            "ff933bf31c79ab3fc6a38d100191c48f"),
        Arguments.of("php inbound md5hash, text with & and =", SignatureMethod.MD5_HASH, PHP_SECRET,
            params("keyword", "TEST", "message-timestamp", "2017-04-04 22:57:47", "messageId", "0B00000042AC53BD",
                "msisdn", "14843472194", "nonce", "929d6744-bd28-42c8-b6cf-31d5b4f43732", "sig", "e06d9763e3fd0b9c31beb5fc2fcb011c",
                "text", "Test with & and =", "timestamp", "1491346667", "to", "12192259404", "type", "text"),
            "e06d9763e3fd0b9c31beb5fc2fcb011c"),
        Arguments.of("php outbound md5hash, text with & and =", SignatureMethod.MD5_HASH, PHP_SECRET,
            params("api_key", "not_a_key", "from", "12192259404", "text", "Test&test=something",
                "timestamp", "1490638615", "to", "14843472194"),
            "17f5e3b22f778ec73464c01d180e9d0f"),
        Arguments.of("php outbound md5 (hmac)", SignatureMethod.HMAC_MD5, "71efab63122f1d179f51c46bac838fb5", phpOutbound(), "51CDAFEBB4BBCE9525B195C1617CB8D2"),
        Arguments.of("php outbound sha1", SignatureMethod.HMAC_SHA1, "71efab63122f1d179f51c46bac838fb5", phpOutbound(), "0162AEC64BC183B2E1256545951FE5639DC98020"),
        Arguments.of("php outbound sha256", SignatureMethod.HMAC_SHA256, "71efab63122f1d179f51c46bac838fb5", phpOutbound(), "9FEC5EF6D0F2B3D2BB7558B6E4042569823CAB9EA0DD30503472B7B304601975"),
        Arguments.of("php outbound sha512", SignatureMethod.HMAC_SHA512, "71efab63122f1d179f51c46bac838fb5", phpOutbound(), "40BD12B9A4B6000AD1138EEFD24FFE9FBD72AEE13C3FA04B32BB69DBC256AD0A04A463B1A9AF6660D10F6E1E769EE14B9CFF6A635502E93AFCD0BFAB29F38F87"),
        Arguments.of("java md5hash", SignatureMethod.MD5_HASH, "abcde", params("a", "alphabet", "b", "bananas", "timestamp", "2100"), "7d43241108912b32cc315b48ce681acf"),
        Arguments.of("java hmac-sha256 (lower-case hex)", SignatureMethod.HMAC_SHA256, "abcde", params("a", "alphabet", "b", "bananas", "timestamp", "2100"), "8d1b0428276b6a070578225914c3502cc0687a454dfbbbb370c76a14234cb546"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  @DisplayName("a published vector verifies, in either case of hex")
  void vector(String name, SignatureMethod method, String secret, Map<String, String> params, String expected) {
    assertThat(SmsSignature.sign(params, secret, method)).isEqualToIgnoringCase(expected);
    assertThat(SmsSignature.matches(params, expected, secret, method)).isTrue();
    assertThat(SmsSignature.matches(params, expected.toUpperCase(), secret, method)).isTrue();
    assertThat(SmsSignature.matches(params, expected.toLowerCase(), secret, method)).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  @DisplayName("a changed text, another secret or another method no longer verifies")
  void tampered(String name, SignatureMethod method, String secret, Map<String, String> params, String expected) {
    Map<String, String> changed = new LinkedHashMap<>(params);
    changed.put("text", params.getOrDefault("text", "") + "!");
    assertThat(SmsSignature.matches(changed, expected, secret, method)).isFalse();
    assertThat(SmsSignature.matches(params, expected, secret + "x", method)).isFalse();
    SignatureMethod other = method == SignatureMethod.MD5_HASH ? SignatureMethod.HMAC_MD5 : SignatureMethod.MD5_HASH;
    assertThat(SmsSignature.matches(params, expected, secret, other)).isFalse();
  }

  @Test
  @DisplayName("& and = in a value sign the same as _, so they cannot shift parameter boundaries unnoticed")
  void ampersandAndEquals() {
    Map<String, String> a = params("text", "a&b=c", "timestamp", "1");
    Map<String, String> b = params("text", "a_b_c", "timestamp", "1");
    assertThat(SmsSignature.sign(a, "s3cret", SignatureMethod.HMAC_SHA256))
        .isEqualTo(SmsSignature.sign(b, "s3cret", SignatureMethod.HMAC_SHA256));
  }
}
