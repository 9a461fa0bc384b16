package dev.consent.internal;

import dev.consent.InvalidInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Validates request records with Jakarta Validation (Hibernate Validator), without Jakarta EL, and
 * turns violations into one {@link InvalidInputException} that names the fields but never echoes
 * their values. Not API.
 */
public final class RequestValidator {
  private final Validator validator;

  public RequestValidator() {
    ValidatorFactory factory = Validation.byDefaultProvider()
        .configure()
        .messageInterpolator(new ParameterMessageInterpolator())
        .buildValidatorFactory();
    this.validator = factory.getValidator();
  }

  /** Throws if {@code request} is null or breaks a constraint. */
  public <T> T check(T request, String what) {
    if (request == null) {
      throw new InvalidInputException(what + " is required");
    }
    Set<ConstraintViolation<T>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      String detail = violations.stream()
          .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
          .map(v -> v.getPropertyPath() + " " + v.getMessage())
          .collect(Collectors.joining("; "));
      throw new InvalidInputException("invalid " + what + ": " + detail);
    }
    return request;
  }
}
