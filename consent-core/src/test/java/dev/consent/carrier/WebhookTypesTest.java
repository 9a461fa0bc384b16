package dev.consent.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.CarrierAction;
import dev.consent.InboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The webhook request and result every carrier adapter shares")
class WebhookTypesTest {
  static final PhoneNumber FROM = PhoneNumber.parse("+14155550123");

  static InboundMessage message(boolean authenticated) {
    return new InboundMessage("x", "id-1", FROM, "+14155550100", "STOP", Instant.parse("2026-03-08T15:00:00Z"),
        authenticated, CarrierAction.NONE, null);
  }

  @Nested
  @DisplayName("WebhookRequest")
  class Request {
    final WebhookRequest req = new WebhookRequest("post", "https://hooks.example/t/in?tenant=acme&x=%2B1#frag",
        Map.of("X-Secret", List.of("s3cret"), "content-type", List.of("Application/X-WWW-Form-URLEncoded; charset=utf-8")),
        "From=%2B14155550123&Body=STOP".getBytes(StandardCharsets.UTF_8));

    @Test
    @DisplayName("upper-cases the method, matches header names case-insensitively and reads the raw query")
    void reads() {
      assertThat(req.method()).isEqualTo("POST");
      assertThat(req.header("x-secret")).contains("s3cret");
      assertThat(req.mediaType()).isEqualTo("application/x-www-form-urlencoded");
      assertThat(req.rawQuery()).isEqualTo("tenant=acme&x=%2B1");
      assertThat(WebhookRequest.of("GET", "/hook", Map.of(), new byte[0]).rawQuery()).isNull();
    }

    @Test
    @DisplayName("prints no header value, no query and no body")
    void printsNothingPersonal() {
      assertThat(req.toString()).contains("POST", "https://hooks.example/t/in").doesNotContain("s3cret", "acme", "14155550123", "STOP");
    }

    @Test
    @DisplayName("copies the body in and out; a missing method, URL or body is InvalidInputException")
    void immutable() {
      byte[] body = {1, 2};
      WebhookRequest r = WebhookRequest.of("POST", "/h", Map.of(), body);
      body[0] = 9;
      r.body()[1] = 9;
      assertThat(r.body()).containsExactly(1, 2);
      assertThatThrownBy(() -> WebhookRequest.of(" ", "/h", Map.of(), body)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> WebhookRequest.of("POST", "", Map.of(), body)).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> WebhookRequest.of("POST", "/h", Map.of(), null)).isInstanceOf(InvalidInputException.class);
    }
  }

  @Nested
  @DisplayName("WebhookResult")
  class Result {
    @Test
    @DisplayName("an inbound message is unverified exactly when it is unauthenticated, for a signature-kind reason only")
    void inbound() {
      assertThat(new WebhookResult.Inbound(message(true)).verified()).isTrue();
      assertThat(new WebhookResult.Inbound(message(false), WebhookResult.Reason.STALE, "late").httpStatus()).isEqualTo(200);
      assertThatThrownBy(() -> new WebhookResult.Inbound(message(false))).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new WebhookResult.Inbound(message(true), WebhookResult.Reason.BAD_SIGNATURE, ""))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new WebhookResult.Inbound(message(false), WebhookResult.Reason.MALFORMED, ""))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a rejection carries the carrier's status (default by reason) and only a 4xx or 5xx")
    void rejected() {
      assertThat(new WebhookResult.Rejected(WebhookResult.Reason.BAD_SIGNATURE, "x").httpStatus()).isEqualTo(403);
      assertThat(new WebhookResult.Rejected(WebhookResult.Reason.BAD_SIGNATURE, "x", 401).httpStatus()).isEqualTo(401);
      assertThat(new WebhookResult.Rejected(WebhookResult.Reason.TOO_LARGE, "x").httpStatus()).isEqualTo(413);
      assertThat(new WebhookResult.Rejected(WebhookResult.Reason.UNSUPPORTED, "x").httpStatus()).isEqualTo(415);
      assertThatThrownBy(() -> new WebhookResult.Rejected(WebhookResult.Reason.MALFORMED, "x", 200))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a stored part is answered 200 and counts within its total")
    void part() {
      assertThat(new WebhookResult.PartStored(1, 3).httpStatus()).isEqualTo(200);
      assertThatThrownBy(() -> new WebhookResult.PartStored(3, 3)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
