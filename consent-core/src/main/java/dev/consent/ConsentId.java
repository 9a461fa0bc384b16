package dev.consent;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An identifier as this library accepts it (a purpose id, a notice version, a program id, a
 * tenant): 1 to 128 ASCII letters, digits and {@code . _ : @ / + -}, the first a letter or digit.
 * {@code marketing.promotions}, {@code v3} and {@code acme:eu/2026-01} are ids; {@code " v3"},
 * {@code "-x"} and {@code "café"} are not.
 *
 * <p>The request records ({@link GrantRequest}, {@link WithdrawRequest}, {@link ImportRequest},
 * {@link WebOptIn}) carry it. Put it on your own request types to refuse a bad id where it enters
 * your application, by the rule this library applies:
 *
 * <pre>{@code
 * record SignupForm(@NotNull @ConsentId String purposeId, @ConsentId String noticeVersion) {}
 *
 * // Spring MVC refuses a bad id with 400: void signup(@Valid @RequestBody SignupForm form)
 * Set<ConstraintViolation<SignupForm>> bad = validator.validate(new SignupForm(" v3", "v1"));  // one
 * }</pre>
 *
 * <p>Like {@link Pattern}, it accepts {@code null}: add {@code @NotNull} where the id is required.
 * A bad id is reported as one violation with this constraint's message, which never repeats the
 * value. Container elements can carry it too: {@code List<@ConsentId String>}.
 *
 * @since 0.5
 */
@Documented
@Constraint(validatedBy = {})
@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:@/+-]{0,127}")
@ReportAsSingleViolation
@Target({METHOD, FIELD, ANNOTATION_TYPE, CONSTRUCTOR, PARAMETER, TYPE_USE})
@Retention(RUNTIME)
public @interface ConsentId {
  /** The violation's message; names the rule, never the value. */
  String message() default "must be 1-128 characters of letters, digits and . _ : @ / + -, the first a letter or digit";

  /** The validation groups this constraint belongs to. */
  Class<?>[] groups() default {};

  /** Payload for clients of the validation API. */
  Class<? extends Payload>[] payload() default {};
}
