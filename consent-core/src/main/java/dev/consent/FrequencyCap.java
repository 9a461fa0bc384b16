package dev.consent;

import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code max} messages of one purpose ("on the same subject") to one number within a
 * rolling {@code window}. Immutable and thread-safe.
 *
 * @param max the largest number of messages allowed within the window, at least 1
 * @param window the rolling period, positive
 * @since 0.1
 */
public record FrequencyCap(int max, Duration window) {
  public FrequencyCap {
    if (max < 1) {
      throw new InvalidInputException("frequencyCap.max must be at least 1");
    }
    Checks.notNull(window, "frequencyCap.window");
    if (window.isNegative() || window.isZero()) {
      throw new InvalidInputException("frequencyCap.window must be positive");
    }
  }

  /** Whether one more message may go when {@code sentInWindow} were sent since {@link #windowStart}. */
  public boolean allowsAnother(long sentInWindow) {
    return sentInWindow < max;
  }

  /** The start of the rolling window that ends at {@code now}: count messages sent after it. */
  public Instant windowStart(Instant now) {
    return now.minus(window);
  }

  /**
   * A count per period in a program's frequency text: "Up to 4 msgs/month", "2 msgs per week", "max
   * 10/mo", "1 text a day", "3x/wk", "2 msgs weekly". The period must follow the count (after "/",
   * "per", "a", "an", "each" or "every", or as "daily" to "annually"), with an optional word for
   * messages between.
   */
  private static final Pattern DECLARED = Pattern.compile(
      "(?<![\\d.,/])(\\d{1,6})\\s*(?:x|times)?\\s*(?:(?:recurring\\s+)?(?:msgs?|messages?|texts?|sms|alerts?)\\s*)?"
          + "(?:(?:/|\\bper\\b|\\ba\\b|\\ban\\b|\\beach\\b|\\bevery\\b)\\s*"
          + "(day|days|d|week|weeks|wk|wks|month|months|mo|mos|mth|year|years|yr|yrs)"
          + "|(daily|weekly|monthly|yearly|annually))\\b",
      Pattern.CASE_INSENSITIVE);

  /**
   * The caps a program's frequency text declares, one per count and period it states, in the order
   * written: "Up to 2 msgs/day, 10 msgs/month" declares two. A text that states no count per period
   * ("Msg frequency varies", "Recurring msgs") declares none.
   *
   * <p>Each period is read as the longest it can last on a calendar where clocks change (a day of
   * 25 hours, a week of 169 hours, a month of 31 days and 1 hour, a year of 366 days), so the
   * declared frequency holds whether a reader counts calendar periods in their own time zone or a
   * rolling window: "4 msgs/month" never lets a fifth message into any calendar month.
   *
   * @throws InvalidInputException if the text declares a count of zero
   * @since 0.5
   */
  public static List<FrequencyCap> declaredIn(String frequencyText) {
    Checks.notNull(frequencyText, "frequency text");
    List<FrequencyCap> out = new ArrayList<>();
    Matcher m = DECLARED.matcher(frequencyText);
    while (m.find()) {
      int max = Integer.parseInt(m.group(1));
      if (max < 1) {
        throw new InvalidInputException("program frequency '" + frequencyText + "' declares no message at all ("
            + m.group() + "); say so by not sending, or declare at least 1");
      }
      String period = m.group(2) != null ? m.group(2) : m.group(3);
      out.add(new FrequencyCap(max, longest(period.toLowerCase(Locale.ROOT))));
    }
    return List.copyOf(out);
  }

  private static Duration longest(String period) {
    return switch (period.charAt(0)) {
      case 'd' -> Duration.ofHours(25);
      case 'w' -> Duration.ofDays(7).plusHours(1);
      case 'm' -> Duration.ofDays(31).plusHours(1);
      default -> Duration.ofDays(366);
    };
  }
}
