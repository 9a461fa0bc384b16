package dev.consent;

import java.util.List;

/**
 * Result of verifying hash chains: how much was checked and every place a chain breaks.
 *
 * @param numbersChecked how many numbers' chains were read
 * @param eventsChecked how many events were read
 * @param breaks every break found, in chain order per number
 * @since 0.1
 */
public record ChainReport(long numbersChecked, long eventsChecked, List<Break> breaks) {

  public ChainReport {
    breaks = List.copyOf(breaks);
  }

  /** Whether no break was found. */
  public boolean isIntact() {
    return breaks.isEmpty();
  }

  /**
   * One break in a number's chain.
   *
   * @param subjectRef the pseudonymous reference of the subject whose chain breaks
   * @param number whose chain breaks (prints masked); null when not known (erased, or a whole-tenant check)
   * @param seq the chain position where it breaks
   * @param problem what is wrong, e.g. "hash does not match content" or "gap: expected seq 3"
   */
  public record Break(String subjectRef, @org.jspecify.annotations.Nullable PhoneNumber number, long seq,
      String problem) {}

  /** This report and another, added up. */
  public ChainReport plus(ChainReport other) {
    List<Break> all = new java.util.ArrayList<>(breaks);
    all.addAll(other.breaks);
    return new ChainReport(numbersChecked + other.numbersChecked, eventsChecked + other.eventsChecked, all);
  }
}
