package dev.consent.feed;

import java.util.List;

/**
 * Where a subscriber's changes go: an in-process listener, or a relay to a broker (the
 * consent-feed-kafka and consent-feed-rabbitmq modules). {@link #accept} must return only once every
 * change of the batch is durably taken (the broker confirmed it, the listener applied it), and throw
 * otherwise: the feed then delivers the batch again later, from its first change.
 *
 * <p>Delivery is at least once: after a crash, a timeout or an exception, changes already taken may
 * come again. Within one call and across calls, a number's changes come in the order they happened;
 * a consumer that sees a change whose {@link ConsentChange#position()} it has applied skips it.
 *
 * @since 0.5
 */
@FunctionalInterface
public interface ChangeSink {

  /** Takes a batch of changes, in feed order; returns normally only when all of them are taken. */
  void accept(List<ConsentChange> changes) throws Exception;
}
