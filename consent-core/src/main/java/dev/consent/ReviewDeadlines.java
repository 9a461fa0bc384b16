package dev.consent;

/**
 * What one {@link ReviewQueue#applyDeadlines()} run did.
 *
 * @param withdrawn items open at their deadline resolved as opt-outs (fail closed)
 * @param keptOpen items past their deadline left open because the host configured so ({@link
 *     ReviewSettings#withdrawAtDeadline()} false)
 * @param moreDue whether the batch was full, so more items may be past their deadline
 * @since 0.5
 */
public record ReviewDeadlines(int withdrawn, int keptOpen, boolean moreDue) {}
