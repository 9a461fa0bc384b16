package dev.consent;

import java.time.Instant;
import java.util.List;

/**
 * What one {@link dev.consent.kit.ConsentKit#applyRetention()} run did, per kind of record. When {@link #moreDue()}
 * is true a batch was full: call it again (a scheduler simply loops while it is true).
 *
 * @param ranAt the instant the cut-offs were computed from (the kit's clock)
 * @param entries one entry per {@link RecordType}, in its declaration order
 * @since 0.3
 */
public record RetentionReport(Instant ranAt, List<Entry> entries) {

  public RetentionReport {
    entries = List.copyOf(entries);
  }

  /**
   * What was done to one kind of record.
   *
   * @param type the kind of record
   * @param done records deleted, emptied or (for proofs) ended consents anonymised in this run
   * @param moreDue whether records past their period may be left for another run
   */
  public record Entry(RecordType type, int done, boolean moreDue) {}

  /** Whether any kind of record may still have records past their period. */
  public boolean moreDue() {
    return entries.stream().anyMatch(Entry::moreDue);
  }

  /** Records handled for one kind (0 if it is absent). */
  public int done(RecordType type) {
    return entries.stream().filter(e -> e.type() == type).mapToInt(Entry::done).sum();
  }

  /** Whether one kind of record may still have records past their period. */
  public boolean moreDue(RecordType type) {
    return entries.stream().anyMatch(e -> e.type() == type && e.moreDue());
  }
}
