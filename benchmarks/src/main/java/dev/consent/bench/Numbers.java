package dev.consent.bench;

import dev.consent.InvalidPhoneNumberException;
import dev.consent.PhoneNumber;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Deterministic, distinct, valid recipients: about 70% US numbers (a tenth of them in Florida,
 * whose frequency cap makes the gate read the message log), 30% German, French and British mobiles.
 */
final class Numbers {
  /** New York, Los Angeles, San Francisco, Chicago, Austin, Seattle, Boston, Denver; then Florida. */
  private static final int[] US_AREAS = {212, 917, 213, 415, 312, 512, 206, 617, 303, 702};
  private static final int[] FL_AREAS = {305, 407, 813};

  private Numbers() {}

  /** {@code count} distinct numbers; the same count always gives the same numbers in the same order. */
  static PhoneNumber[] generate(int count, long seed) {
    Random r = new Random(seed);
    Set<String> seen = new HashSet<>(count * 2);
    PhoneNumber[] out = new PhoneNumber[count];
    int n = 0;
    while (n < count) {
      String e164 = candidate(r);
      if (!seen.add(e164)) {
        continue;
      }
      try {
        out[n] = PhoneNumber.ofE164(e164);
        n++;
      } catch (InvalidPhoneNumberException e) {
        seen.remove(e164);
      }
    }
    return out;
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
