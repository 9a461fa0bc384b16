package dev.consent.internal.base;

import dev.consent.error.InvalidInputException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** Argument checks for value types. Messages name the argument, never its value. Not API. */
public final class Checks {
  private static final int MAX_ID = 128;
  /** What a bad id breaks, in the words of the API's {@code ConsentId} constraint's message. */
  public static final String ID_RULE = "must be 1-128 characters of letters, digits and . _ : @ / + -, the first a letter or digit";
  public static final int MAX_EVIDENCE_ENTRIES = 32;
  public static final int MAX_EVIDENCE_KEY = 64;
  public static final int MAX_EVIDENCE_VALUE = 2048;

  private Checks() {}

  public static <T> T notNull(@Nullable T value, String name) {
    if (value == null) {
      throw new InvalidInputException(name + " is required");
    }
    return value;
  }

  public static String notBlank(@Nullable String value, String name) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(name + " is required");
    }
    return value;
  }

  public static String maxLength(String value, int max, String name) {
    if (value.length() > max) {
      throw new InvalidInputException(name + " is longer than " + max + " characters");
    }
    return value;
  }

  /**
   * An identifier by the rule of {@link dev.consent.ConsentId} (which request records are validated
   * with), checked by hand: a property test holds the two to the same answers.
   */
  public static String id(@Nullable String value, String name) {
    if (value == null) {
      throw new InvalidInputException(name + " is required");
    }
    if (!isId(value)) {
      notBlank(value, name);
      throw new InvalidInputException(name + " " + ID_RULE);
    }
    return value;
  }

  /**
   * {@link dev.consent.ConsentId}'s pattern without a regex: every status and event is built through
   * it, on the gate's hot path too.
   */
  private static boolean isId(String value) {
    int n = value.length();
    if (n == 0 || n > MAX_ID || !isAlnum(value.charAt(0))) {
      return false;
    }
    for (int i = 1; i < n; i++) {
      char c = value.charAt(i);
      if (!isAlnum(c) && c != '.' && c != '_' && c != ':' && c != '@' && c != '/' && c != '+' && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
  }

  /**
   * An unmodifiable copy that keeps null keys and values, for request records: Bean Validation then
   * refuses a null entry as an {@link InvalidInputException} naming the field, where {@code
   * Map.copyOf} would throw a bare {@code NullPointerException} from the record's constructor.
   */
  public static <K, V> Map<K, V> copyKeepingNulls(Map<K, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** The list counterpart of {@link #copyKeepingNulls(Map)}. */
  public static <T> List<T> copyKeepingNulls(List<T> list) {
    return Collections.unmodifiableList(new ArrayList<>(list));
  }

  public static @Nullable String optionalId(@Nullable String value, String name) {
    return value == null ? null : id(value, name);
  }

  /** Storage keeps microseconds on every supported database; hashes must survive a round trip. */
  public static Instant micros(@Nullable Instant value, String name) {
    return truncate(notNull(value, name));
  }

  public static @Nullable Instant optionalMicros(@Nullable Instant value) {
    return value == null ? null : truncate(value);
  }

  /** {@code truncatedTo(MICROS)} without its divisions when there is nothing to cut (the usual case). */
  private static Instant truncate(Instant value) {
    return value.getNano() % 1000 == 0 ? value : value.truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * The text with every unpaired surrogate replaced by U+FFFD. Such a string cannot be stored in a
   * UTF-8 database as it is: each database substitutes something of its own, so the stored value
   * would no longer be the one the hash chain sealed (a false tamper alarm on MariaDB).
   */
  public static String wellFormed(String value) {
    StringBuilder b = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean paired = Character.isHighSurrogate(c) ? i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
          : !Character.isLowSurrogate(c) || (i > 0 && Character.isHighSurrogate(value.charAt(i - 1)));
      if (!paired) {
        if (b == null) {
          b = new StringBuilder(value);
        }
        b.setCharAt(i, '\uFFFD');
      }
    }
    return b == null ? value : b.toString();
  }

  /** A bounded, sorted, unmodifiable copy of an evidence map; text made {@linkplain #wellFormed well-formed}. */
  public static SortedMap<String, String> evidence(@Nullable Map<String, String> evidence) {
    if (evidence == null || evidence.isEmpty()) {
      return Collections.emptySortedMap();
    }
    if (evidence.size() > MAX_EVIDENCE_ENTRIES) {
      throw new InvalidInputException("evidence has more than " + MAX_EVIDENCE_ENTRIES + " entries");
    }
    TreeMap<String, String> copy = new TreeMap<>();
    evidence.forEach(
        (k, v) -> {
          notBlank(k, "evidence key");
          maxLength(k, MAX_EVIDENCE_KEY, "evidence key");
          notNull(v, "evidence value");
          maxLength(v, MAX_EVIDENCE_VALUE, "evidence value");
          copy.put(wellFormed(k), wellFormed(v));
        });
    return Collections.unmodifiableSortedMap(copy);
  }
}
