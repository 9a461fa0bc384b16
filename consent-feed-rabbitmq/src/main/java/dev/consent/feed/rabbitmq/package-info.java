/**
 * The change feed's relay to RabbitMQ: {@link dev.consent.feed.rabbitmq.RabbitChangeSink}.
 *
 * @since 0.5
 */
@org.jspecify.annotations.NullMarked
package dev.consent.feed.rabbitmq;
