package dev.consent;

import static dev.consent.Fixture.MARKETING;
import static dev.consent.Fixture.MONDAY_11_NY;
import static dev.consent.Fixture.NEWS;
import static dev.consent.Fixture.NY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.error.InvalidInputException;
import dev.consent.kit.ConsentKit;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Request records")
class RequestValidationTest {
  private static final String BAD_ID = "promo 2026!";
  private static final String ID_RULE = "must be 1-128 characters of letters, digits and . _ : @ / + -";
  private static final String SECRET_KEY = "alice@example.org";

  final Fixture f = new Fixture();

  static Stream<Arguments> badIds() {
    return Stream.of(
        Arguments.of("GrantRequest.purposeId", "purposeId", (Consumer<ConsentKit>) kit -> kit.registry().grant(
            GrantRequest.of(NY, BAD_ID, ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("form", "x")))),
        Arguments.of("GrantRequest.noticeVersion", "noticeVersion", (Consumer<ConsentKit>) kit -> kit.registry().grant(
            GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, BAD_ID, Map.of("form", "x")))),
        Arguments.of("WithdrawRequest.purposeId", "purposeId",
            (Consumer<ConsentKit>) kit -> kit.registry().withdraw(WithdrawRequest.of(NY, BAD_ID))),
        Arguments.of("ImportRequest.purposeId", "purposeId", (Consumer<ConsentKit>) kit -> kit.registry().importConsent(
            new ImportRequest(NY, BAD_ID, EventKind.GRANTED, ConsentMethod.PAPER,
                MONDAY_11_NY.minus(Duration.ofDays(9)), "legacy-crm", "v1", Map.of()))),
        Arguments.of("ImportRequest.noticeVersion", "noticeVersion", (Consumer<ConsentKit>) kit -> kit.registry()
            .importConsent(new ImportRequest(NY, NEWS, EventKind.GRANTED, ConsentMethod.PAPER,
                MONDAY_11_NY.minus(Duration.ofDays(9)), "legacy-crm", BAD_ID, Map.of()))),
        Arguments.of("WebOptIn.purposeIds", "purposeIds[0]",
            (Consumer<ConsentKit>) kit -> kit.doubleOptIn().start(WebOptIn.of(NY, BAD_ID, "v1"))),
        Arguments.of("WebOptIn.noticeVersions", "noticeVersions value", (Consumer<ConsentKit>) kit -> kit.doubleOptIn()
            .start(new WebOptIn(NY, List.of(MARKETING), Map.of(MARKETING, BAD_ID), "en", null, Map.of()))));
  }

  @ParameterizedTest(name = "{0}: a bad id is an InvalidInputException naming the field, not the value")
  @MethodSource("badIds")
  void badId(String where, String field, Consumer<ConsentKit> call) {
    assertThatThrownBy(() -> call.accept(f.kit)).isExactlyInstanceOf(InvalidInputException.class)
        .hasMessageContaining(field + " " + ID_RULE)
        .hasMessageNotContaining(BAD_ID).hasMessageNotContaining("promo").hasMessageNotContaining(NY.e164());
    assertThat(f.kit.registry().history(NY)).as("nothing recorded").isEmpty();
    assertThat(f.carrier.sent()).as("nothing sent").isEmpty();
  }

  static Stream<Arguments> nullEntries() {
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put(SECRET_KEY, null);
    Map<String, String> nullKey = new HashMap<>();
    nullKey.put(null, "x");
    return Stream.of(
        Arguments.of("GrantRequest evidence value", "evidence value", (Consumer<ConsentKit>) kit -> kit.registry()
            .grant(GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1", nullValue))),
        Arguments.of("GrantRequest.withEvidence", "evidence value", (Consumer<ConsentKit>) kit -> kit.registry()
            .grant(GrantRequest.of(NY, NEWS, ConsentMethod.WEB_FORM, Channel.WEB, "v1", Map.of("form", "x"))
                .withEvidence(SECRET_KEY, null))),
        Arguments.of("WithdrawRequest evidence key", "evidence key", (Consumer<ConsentKit>) kit -> kit.registry()
            .withdraw(WithdrawRequest.of(NY, NEWS).via(ConsentMethod.API, Channel.API, nullKey))),
        Arguments.of("ImportRequest evidence value", "evidence value", (Consumer<ConsentKit>) kit -> kit.registry()
            .importConsent(new ImportRequest(NY, NEWS, EventKind.GRANTED, ConsentMethod.PAPER,
                MONDAY_11_NY.minus(Duration.ofDays(9)), "legacy-crm", "v1", nullValue))),
        Arguments.of("WebOptIn.of with no purpose", "purposeIds[0] must not be null",
            (Consumer<ConsentKit>) kit -> kit.doubleOptIn().start(WebOptIn.of(NY, null, "v1"))),
        Arguments.of("WebOptIn.withEvidence", "evidence value", (Consumer<ConsentKit>) kit -> kit.doubleOptIn()
            .start(WebOptIn.of(NY, MARKETING, "v1").withEvidence(SECRET_KEY, null))));
  }

  @ParameterizedTest(name = "{0}: a null entry is an InvalidInputException from validation, not a NullPointerException")
  @MethodSource("nullEntries")
  void nullEntry(String where, String field, Consumer<ConsentKit> call) {
    assertThatThrownBy(() -> call.accept(f.kit)).isExactlyInstanceOf(InvalidInputException.class)
        .hasMessageContaining(field).hasMessageNotContaining(SECRET_KEY);
    assertThat(f.kit.registry().history(NY)).as("nothing recorded").isEmpty();
  }

  @Test
  @DisplayName("every broken field is named, in a stable order")
  void allFieldsNamed() {
    GrantRequest r = new GrantRequest(NY, BAD_ID, null, Channel.WEB, BAD_ID, Map.of(), null, "k".repeat(201));
    assertThatThrownBy(() -> f.kit.registry().grant(r)).isExactlyInstanceOf(InvalidInputException.class)
        .hasMessage("invalid grant request: idempotencyKey size must be between 0 and 200; method must not be null;"
            + " noticeVersion " + ID_RULE + ", the first a letter or digit; purposeId " + ID_RULE
            + ", the first a letter or digit");
  }
}
