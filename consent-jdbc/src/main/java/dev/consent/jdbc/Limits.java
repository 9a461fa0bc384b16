package dev.consent.jdbc;

import dev.consent.error.InvalidInputException;

/**
 * Column widths the value types do not bound themselves. Checked before writing so that a value
 * too long is a clear error rather than a truncation (MariaDB's INSERT IGNORE would truncate).
 */
final class Limits {
  private Limits() {}

  static void check(String value, int max, String name) {
    if (value.length() > max) {
      throw new InvalidInputException(name + " is longer than " + max + " characters");
    }
  }
}
