package dev.consent.sms.vonage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.consent.carrier.CarrierHttp;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The Messages API v1: {@code POST /v1/messages}, JSON, Basic auth or an RS256 application JWT. */
final class MessagesApi implements Api {
  private static final int MAX_CLIENT_REF = 40;
  private static final Duration TOKEN_LIFE = Duration.ofMinutes(15);

  private final URI endpoint;
  private final @Nullable String basic;
  private final @Nullable String applicationId;
  private final @Nullable PrivateKey privateKey;
  private final Duration timeout;
  private final Clock clock;
  private final ObjectMapper json;

  MessagesApi(ApiSettings s, ObjectMapper json) {
    this.endpoint = Wire.endpoint(s.baseUrl(), Wire.MESSAGES_BASE, "/v1/messages");
    this.basic =
        s.apiKey() == null
            ? null
            : Base64.getEncoder()
                .encodeToString((s.apiKey() + ":" + s.apiSecret()).getBytes(StandardCharsets.UTF_8));
    this.applicationId = s.applicationId();
    this.privateKey = s.privateKey();
    this.timeout = s.requestTimeout();
    this.clock = s.clock();
    this.json = json;
  }

  @Override
  public CarrierHttp.Request request(OutgoingSms sms) {
    ObjectNode body = json.createObjectNode();
    body.put("message_type", "text");
    body.put("channel", "sms");
    body.put("to", Wire.toVonage(sms.to().e164()));
    body.put("from", Wire.toVonage(sms.from()));
    body.put("text", sms.body());
    if (sms.reference().length() <= MAX_CLIENT_REF) {
      body.put("client_ref", sms.reference());
    }
    Map<String, String> headers =
        Map.of(
            "Content-Type", "application/json",
            "Accept", "application/json",
            "Authorization", authorization());
    try {
      return new CarrierHttp.Request(endpoint, headers, json.writeValueAsBytes(body), timeout);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a Messages API request", e);
    }
  }

  private String authorization() {
    if (basic != null) {
      return "Basic " + basic;
    }
    long now = clock.instant().getEpochSecond();
    ObjectNode claims = json.createObjectNode();
    claims.put("application_id", applicationId);
    claims.put("iat", now);
    claims.put("exp", now + TOKEN_LIFE.toSeconds());
    claims.put("jti", UUID.randomUUID().toString());
    return "Bearer " + Jwt.signRs256(claims, java.util.Objects.requireNonNull(privateKey), json);
  }

  @Override
  public SendResult read(CarrierHttp.Response r, OutgoingSms sms) {
    JsonNode answer = parse(r.body());
    if (r.status() >= 200 && r.status() < 300) {
      String id = answer.path("message_uuid").asText("");
      return id.isBlank()
          ? new SendResult.Rejected(Errors.unknown("accepted without a message_uuid"))
          : new SendResult.Accepted(id);
    }
    String type = answer.path("type").asText("");
    String code = type.contains("#") ? type.substring(type.lastIndexOf('#') + 1) : "";
    return new SendResult.Rejected(Errors.messagesProblem(r.status(), code, sms.from()));
  }

  private JsonNode parse(byte[] body) {
    try {
      JsonNode n = json.readTree(body);
      return n == null ? json.missingNode() : n;
    } catch (IOException | RuntimeException e) {
      return json.missingNode();
    }
  }

  @Override
  public String describe() {
    return "api=messages, endpoint=" + endpoint + ", auth=" + (basic != null ? "basic" : "jwt");
  }
}
