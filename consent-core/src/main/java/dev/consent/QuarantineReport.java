package dev.consent;

/**
 * What one {@link InboundHandler#confirmQuarantined()} run did.
 *
 * @param confirmed items the carrier confirmed, handled as verified messages (a duplicate of one
 *     already handled included) and released
 * @param forged items the carrier did not know: dropped, nothing applied
 * @param pending items tried that stay in quarantine (carrier unavailable, or no confirmer)
 * @param expired items past the maximum age: given up and dropped
 * @param moreDue whether the batch was full, so more items may be due now
 * @since 0.4
 */
public record QuarantineReport(int confirmed, int forged, int pending, int expired, boolean moreDue) {}
