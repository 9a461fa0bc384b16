package dev.consent.bench;

import dev.consent.PhoneNumber;
import dev.consent.error.InvalidPhoneNumberException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Deterministic, distinct, valid recipients: about 70% US numbers (a tenth of them in Florida,
 * whose frequency cap makes the gate read the message log), 30% German, French and British mobiles.
 */
final class Numbers {
  /** New York, Los Angeles, San Francisco, Chicago, Austin, Seattle, Boston, Denver; then Florida. */
  private static final int[] US_AREAS = {212, 917, 213, 415, 312, 512, 206, 617, 303, 702};
  private static final int[] FL_AREAS = {305, 407, 813};

  private Numbers() {}

  /**
   * {@code count} distinct numbers; the same count always gives the same numbers in the same order.
   * Parsing (libphonenumber: validity, region, time zones) costs about 15 µs a number once warm, so
   * it runs on every core.
   */
  static PhoneNumber[] generate(int count, long seed) {
    Random r = new Random(seed);
    Set<String> seen = new HashSet<>(count * 2);
    List<PhoneNumber> out = new ArrayList<>(count);
    while (out.size() < count) {
      List<String> candidates = new ArrayList<>();
      while (candidates.size() < (count - out.size()) * 21 / 20 + 16) {
        String e164 = candidate(r);
        if (seen.add(e164)) {
          candidates.add(e164);
        }
      }
      PhoneNumber[] parsed = new PhoneNumber[candidates.size()];
      IntStream.range(0, parsed.length).parallel().forEach(i -> parsed[i] = parseOrNull(candidates.get(i)));
      for (PhoneNumber n : parsed) {
        if (n != null && out.size() < count) {
          out.add(n);
        }
      }
    }
    return out.toArray(PhoneNumber[]::new);
  }

  private static PhoneNumber parseOrNull(String e164) {
    try {
      PhoneNumber n = PhoneNumber.ofE164(e164);
      return n.isValid() ? n : null; // ofE164 reads numbers libphonenumber does not know too (0.4); the gate denies them
    } catch (InvalidPhoneNumberException e) {
      return null;
    }
  }

  private static String candidate(Random r) {
    int kind = r.nextInt(100);
    if (kind < 63) {
      return "+1" + US_AREAS[r.nextInt(US_AREAS.length)] + exchange(r) + digits(r, 4);
    }
    if (kind < 70) {
      return "+1" + FL_AREAS[r.nextInt(FL_AREAS.length)] + exchange(r) + digits(r, 4);
    }
    if (kind < 82) {
      return "+49151" + digits(r, 8);
    }
    if (kind < 91) {
      return "+336" + digits(r, 8);
    }
    return "+447" + (400 + r.nextInt(500)) + digits(r, 6);
  }

  /** A NANP central office code: 2-9 then two digits, avoiding N11 and 555. */
  private static String exchange(Random r) {
    int x;
    do {
      x = 200 + r.nextInt(800);
    } while (x % 100 == 11 || x == 555);
    return Integer.toString(x);
  }

  private static String digits(Random r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
    return sb.toString();
  }
}
