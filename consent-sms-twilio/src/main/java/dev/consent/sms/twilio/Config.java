package dev.consent.sms.twilio;

import dev.consent.error.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Fail-fast checks for the builders. Messages name the setting, never a secret's value. */
final class Config {
  private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

  private Config() {}

  static <T> T required(@Nullable T value, String name) {
    if (value == null) {
      throw new ConfigurationException("Twilio " + name + " is required");
    }
    return value;
  }

  /** A Twilio SID: two-letter prefix and 32 hex digits. */
  static String sid(@Nullable String value, String prefix, String name) {
    required(value, name);
    if (!isSid(value, prefix)) {
      throw new ConfigurationException("Twilio " + name + " must be '" + prefix + "' and 32 hex digits");
    }
    return value;
  }

  static boolean isSid(@Nullable String value, String prefix) {
    return value != null
        && value.length() == 34
        && value.startsWith(prefix)
        && HEX32.matcher(value.substring(2)).matches();
  }

  static String secret(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException("Twilio " + name + " is required");
    }
    return value;
  }

  static URI httpUrl(URI value, String name) {
    String scheme = value.getScheme();
    if (!value.isAbsolute() || value.getHost() == null
        || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
      throw new ConfigurationException("Twilio " + name + " must be an absolute http(s) URL");
    }
    return value;
  }

  static Duration positive(@Nullable Duration value, String name) {
    required(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new ConfigurationException("Twilio " + name + " must be positive");
    }
    return value;
  }
}
