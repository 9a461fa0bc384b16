package dev.consent.internal;

import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import dev.consent.error.InvalidPhoneNumberException;
import dev.consent.internal.base.Checks;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
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

  /**
   * A number messages may be sent to: libphonenumber knows it as valid. A number it does not know
   * (read by {@link PhoneNumber#ofE164}) may opt out, but never opt in.
   *
   * @throws InvalidPhoneNumberException naming {@code what} was refused, never the number
   */
  static PhoneNumber sendable(PhoneNumber number, String what) {
    if (!Checks.notNull(number, "number").isValid()) {
      throw new InvalidPhoneNumberException("the number is not known as a valid number (libphonenumber):"
          + " it may opt out, but " + what + " is refused");
    }
    return number;
  }

  /** Throws if {@code request} is null or breaks a constraint. */
  public <T> T check(T request, String what) {
    if (request == null) {
      throw new InvalidInputException(what + " is required");
    }
    Set<ConstraintViolation<T>> violations = validator.validate(request);
    if (!violations.isEmpty()) {
      String detail = violations.stream()
          .map(v -> field(v.getPropertyPath()) + " " + v.getMessage())
          .sorted()
          .collect(Collectors.joining("; "));
      throw new InvalidInputException("invalid " + what + ": " + detail);
    }
    return request;
  }

  /**
   * The field a violation is about, e.g. {@code purposeIds[0]} or {@code evidence value}: list
   * positions are kept, map keys never (an evidence key may be personal).
   */
  static String field(Path path) {
    StringBuilder b = new StringBuilder();
    for (Path.Node node : path) {
      if (node.getIndex() != null) {
        b.append('[').append(node.getIndex()).append(']');
      }
      String name = node.getName();
      if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
        b.append(switch (name) {
          case "<map key>" -> " key";
          case "<map value>" -> " value";
          case "<list element>" -> "";
          default -> " element";
        });
      } else if (name != null) {
        b.append(b.isEmpty() ? "" : ".").append(name);
      }
    }
    return b.toString();
  }
}
