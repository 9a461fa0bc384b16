package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("@ConsentId")
class ConsentIdTest {
  private static final Validator VALIDATOR = Validation.byDefaultProvider().configure()
      .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator();
  private static final String MESSAGE =
      "must be 1-128 characters of letters, digits and . _ : @ / + -, the first a letter or digit";

  /** A host's own form, validated as Spring's {@code @Valid} would. */
  record SignupForm(@NotNull @ConsentId String purposeId, @ConsentId String noticeVersion,
      List<@ConsentId String> more) {}

  @Test
  @DisplayName("on a host's own type, reports each bad id once, by field, with its message and without the value")
  void onHostTypes() {
    Set<ConstraintViolation<SignupForm>> violations =
        VALIDATOR.validate(new SignupForm("promo 2026!", "v3", List.of("ok", "ünïcode")));
    assertThat(violations).extracting(v -> v.getPropertyPath().toString() + ": " + v.getMessage())
        .containsExactlyInAnyOrder("purposeId: " + MESSAGE, "more[1].<list element>: " + MESSAGE);
    assertThat(violations).allSatisfy(v -> assertThat(v.getMessage()).doesNotContain("promo").doesNotContain("ünï"));
  }

  @Test
  @DisplayName("accepts ids and, like @Pattern, null: @NotNull says whether one is required")
  void acceptsIdsAndNull() {
    assertThat(VALIDATOR.validate(new SignupForm("marketing.promotions", "acme:eu/2026-01+b@x_y", List.of("v3"))))
        .isEmpty();
    assertThat(VALIDATOR.validate(new SignupForm("x", null, List.of()))).isEmpty();
    assertThat(VALIDATOR.validate(new SignupForm(null, null, List.of())))
        .extracting(v -> v.getPropertyPath().toString()).containsExactly("purposeId");
  }

  @Test
  @DisplayName("the receipt JSON schema states the same pattern for ids")
  void receiptSchemaAgrees() throws Exception {
    String pattern = ConsentId.class.getAnnotation(Pattern.class).regexp();
    try (InputStream in = ConsentReceipt.class.getClassLoader().getResourceAsStream(ConsentReceipt.SCHEMA_RESOURCE)) {
      String inSchema = new ObjectMapper().readTree(in).at("/$defs/id/pattern").asText();
      assertThat(inSchema).isEqualTo("^" + pattern + "$");
    }
  }
}
