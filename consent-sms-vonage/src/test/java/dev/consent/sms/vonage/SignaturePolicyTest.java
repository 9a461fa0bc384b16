package dev.consent.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.consent.carrier.WebhookResult.Reason;
import dev.consent.carrier.WebhookResult;
import dev.consent.error.ConfigurationException;
import dev.consent.testkit.LogCheck;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * What the builders allow of the SMS API's signatures: MD5-based methods warn, the timestamp window
 * is bounded, and a timestamp outside it never verifies. Times come from a {@link MutableClock}.
 */
@DisplayName("Vonage signature policy")
@ExtendWith(LogCheck.class)
@SuppressWarnings("removal") // the 0.4 request type, kept for one release
class SignaturePolicyTest {
  final MutableClock clock = MutableClock.at("2026-03-08T15:00:00Z");
  final long now = clock.instant().getEpochSecond();

  /** The WARN lines of this package's loggers while {@code build} runs; the secret must be in none. */
  static List<ILoggingEvent> warnings(Supplier<?> build) {
    LogCheck.hold(Signed.SECRET);
    Logger logger = (Logger) LoggerFactory.getLogger("dev.consent.sms.vonage");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      build.get();
    } finally {
      logger.detachAppender(appender);
    }
    return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }

  VonageWebhooks.Builder hooks(SignatureMethod method) {
    return VonageWebhooks.builder().signatureSecret(Signed.SECRET, method).clock(clock);
  }

  @Nested
  @DisplayName("an MD5-based method")
  class Md5 {
    @ParameterizedTest
    @EnumSource(value = SignatureMethod.class, names = {"MD5_HASH", "HMAC_MD5"})
    @DisplayName("makes VonageWebhooks.build() log one WARN naming the SHA-2 method to choose in the dashboard, never the secret")
    void webhooksWarn(SignatureMethod method) {
      List<ILoggingEvent> w = warnings(() -> hooks(method).build());
      assertThat(w).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
          .contains(method.name()).contains("MD5").contains("SHA-256 HMAC").contains("HMAC_SHA256")
          .contains("dashboard").doesNotContain(Signed.SECRET));
    }

    @ParameterizedTest
    @EnumSource(value = SignatureMethod.class, names = {"MD5_HASH", "HMAC_MD5"})
    @DisplayName("makes a signing SMS API VonageCarrier log one WARN as well")
    void carrierWarns(SignatureMethod method) {
      List<ILoggingEvent> w = warnings(() -> VonageCarrier.smsApi().apiKey("abcd1234")
          .signatureSecret(Signed.SECRET, method).clock(clock).build());
      assertThat(w).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
          .contains(method.name()).contains("SHA-256 HMAC").doesNotContain(Signed.SECRET));
    }

    @Test
    @DisplayName("a build that fails logs no warning: the configuration error is what the host sees")
    void failedBuildDoesNotWarn() {
      assertThat(warnings(() -> {
        assertThatThrownBy(() -> hooks(SignatureMethod.MD5_HASH).signatureWindow(Duration.ZERO).build())
            .isInstanceOf(ConfigurationException.class);
        return null;
      })).isEmpty();
    }
  }

  @Nested
  @DisplayName("a SHA method, or no signature secret")
  class NoWarning {
    @ParameterizedTest
    @EnumSource(value = SignatureMethod.class, names = {"HMAC_SHA1", "HMAC_SHA256", "HMAC_SHA512"})
    @DisplayName("builds VonageWebhooks and a signing VonageCarrier without a warning")
    void sha(SignatureMethod method) {
      assertThat(warnings(() -> hooks(method).build())).isEmpty();
      assertThat(warnings(() -> VonageCarrier.smsApi().apiKey("abcd1234")
          .signatureSecret(Signed.SECRET, method).clock(clock).build())).isEmpty();
    }

    @Test
    @DisplayName("unsigned webhooks taken as unauthenticated, or sends with the API secret: no method is used, no warning")
    void unsigned() {
      assertThat(warnings(() -> VonageWebhooks.builder().acceptUnsigned().clock(clock).build())).isEmpty();
      assertThat(warnings(() -> VonageCarrier.smsApi().apiKey("abcd1234").apiSecret(Signed.SECRET)
          .clock(clock).build())).isEmpty();
    }
  }

  @Nested
  @DisplayName("the signature window")
  class WindowBounds {
    @Test
    @DisplayName("larger than MAX_SIGNATURE_WINDOW (1 hour) is refused at build(), naming the limit")
    void tooLarge() {
      assertThat(VonageWebhooks.MAX_SIGNATURE_WINDOW).isEqualTo(Duration.ofHours(1));
      assertThatThrownBy(() -> hooks(SignatureMethod.HMAC_SHA256).signatureWindow(Duration.ofSeconds(3601)).build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("signatureWindow").hasMessageContaining("1 hour");
      assertThatThrownBy(() -> hooks(SignatureMethod.HMAC_SHA256).signatureWindow(Duration.ofDays(365)).build())
          .isInstanceOf(ConfigurationException.class);
    }

    @Test
    @DisplayName("zero, negative, under a second (timestamps are whole seconds) or null is refused at build()")
    void notPositive() {
      for (Duration bad : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1), Duration.ofMillis(999), null}) {
        assertThatThrownBy(() -> hooks(SignatureMethod.HMAC_SHA256).signatureWindow(bad).build())
            .as("%s", bad).isInstanceOf(ConfigurationException.class).hasMessageContaining("signatureWindow");
      }
    }

    @Test
    @DisplayName("exactly 1 hour is taken, and a timestamp 1 hour old verifies while one a second older does not")
    void atTheLimit() {
      VonageWebhooks h = hooks(SignatureMethod.HMAC_SHA256).signatureWindow(VonageWebhooks.MAX_SIGNATURE_WINDOW).build();
      assertThat(inbound(h, now - 3600).verified()).isTrue();
      unverified(inbound(h, now - 3601), Reason.STALE);
    }

    @Test
    @DisplayName("defaults to 5 minutes, the tolerance of Vonage's own SDK")
    void defaultWindow() {
      VonageWebhooks h = hooks(SignatureMethod.HMAC_SHA256).build();
      assertThat(inbound(h, now - 300).verified()).isTrue();
      assertThat(inbound(h, now + 300).verified()).isTrue();
      unverified(inbound(h, now - 301), Reason.STALE);
      unverified(inbound(h, now + 301), Reason.STALE);
    }
  }

  @Nested
  @DisplayName("a signed timestamp, with a 2-minute window")
  class Edges {
    final VonageWebhooks h = hooks(SignatureMethod.HMAC_SHA256).signatureWindow(Duration.ofMinutes(2)).build();

    @Test
    @DisplayName("inbound: 120 s behind or ahead verifies; 121 s behind or ahead is handed on unverified, STALE")
    void inboundEdges() {
      assertThat(inbound(h, now - 120).verified()).isTrue();
      assertThat(inbound(h, now + 120).verified()).isTrue();
      unverified(inbound(h, now - 121), Reason.STALE);
      unverified(inbound(h, now + 121), Reason.STALE);
    }

    @Test
    @DisplayName("delivery receipt: 120 s either way is delivered; 121 s either way is Rejected STALE, 401, as a bad signature is")
    void receiptEdges() {
      assertThat(receipt(h, now - 120)).isInstanceOf(WebhookResult.Delivery.class);
      assertThat(receipt(h, now + 120)).isInstanceOf(WebhookResult.Delivery.class);
      for (long ts : new long[] {now - 121, now + 121}) {
        WebhookResult r = receipt(h, ts);
        assertThat(r).isInstanceOf(WebhookResult.Rejected.class);
        assertThat(((WebhookResult.Rejected) r).reason()).isEqualTo(Reason.STALE);
        assertThat(r.httpStatus()).isEqualTo(401);
      }
    }

    @Test
    @DisplayName("the same signed request replayed later verifies until the window has passed, then never")
    void replayedLater() {
      Map<String, String> p = Signed.sign(SmsWebhooksTest.inbound("0A00000001", "YES"), SignatureMethod.HMAC_SHA256, now);
      clock.advance(Duration.ofSeconds(120));
      assertThat(((WebhookResult.Inbound) h.smsInbound(Signed.form(p))).verified()).isTrue();
      clock.advance(Duration.ofSeconds(1));
      unverified((WebhookResult.Inbound) h.smsInbound(Signed.form(p)), Reason.STALE);
    }

    @Test
    @DisplayName("a timestamp that overflows the distance to now (now + Long.MIN_VALUE) is STALE, not fresh")
    void overflow() {
      unverified(inbound(h, now + Long.MIN_VALUE), Reason.STALE);
      unverified(inbound(h, Long.MIN_VALUE), Reason.STALE);
      unverified(inbound(h, Long.MAX_VALUE), Reason.STALE);
      WebhookResult r = receipt(h, now + Long.MIN_VALUE);
      assertThat(r).isInstanceOf(WebhookResult.Rejected.class);
      assertThat(((WebhookResult.Rejected) r).reason()).isEqualTo(Reason.STALE);
    }

    @Test
    @DisplayName("a Messages API token whose iat overflows the distance to now is STALE as well")
    void overflowingIat() {
      String body = MessagesWebhooksTest.INBOUND;
      String token = Signed.token(Signed.SECRET, now + Long.MIN_VALUE, body);
      WebhookResult r = h.messagesInbound(Signed.json(body, Map.of("Authorization", "Bearer " + token)));
      unverified((WebhookResult.Inbound) r, Reason.STALE);
    }
  }

  WebhookResult.Inbound inbound(VonageWebhooks h, long timestamp) {
    Map<String, String> p = Signed.sign(SmsWebhooksTest.inbound("0A00000001", "YES"), SignatureMethod.HMAC_SHA256, timestamp);
    WebhookResult r = h.smsInbound(Signed.form(p));
    assertThat(r).isInstanceOf(WebhookResult.Inbound.class);
    assertThat(r.httpStatus()).isEqualTo(200);
    return (WebhookResult.Inbound) r;
  }

  WebhookResult receipt(VonageWebhooks h, long timestamp) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("msisdn", "14155550101");
    p.put("to", "14155550100");
    p.put("messageId", "0A0000001234567B");
    p.put("status", "delivered");
    p.put("err-code", "0");
    p.put("message-timestamp", "2026-03-08 14:59:00");
    return h.smsDeliveryReceipt(Signed.form(Signed.sign(p, SignatureMethod.HMAC_SHA256, timestamp)));
  }

  static void unverified(WebhookResult.Inbound r, Reason reason) {
    assertThat(r.verified()).isFalse();
    assertThat(r.message().authenticated()).isFalse();
    assertThat(r.unverified()).isEqualTo(reason);
  }
}
