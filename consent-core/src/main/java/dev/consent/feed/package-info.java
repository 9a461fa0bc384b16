/**
 * The consent change feed: every grant, withdrawal, expiry, erasure, review decision and suppression
 * is written, in the same transaction as the change, as a {@link dev.consent.feed.ConsentChange} (a
 * CloudEvents 1.0 event), and delivered at least once, in order per number, to each subscriber the
 * host names, by a relay the host runs ({@link dev.consent.feed.ChangeFeed#deliver}).
 *
 * @since 0.5
 */
@org.jspecify.annotations.NullMarked
package dev.consent.feed;
