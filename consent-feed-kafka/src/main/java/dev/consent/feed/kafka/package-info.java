/**
 * The consent change feed relayed to Kafka: {@link dev.consent.feed.kafka.KafkaChangeSink}.
 */
@NullMarked
package dev.consent.feed.kafka;

import org.jspecify.annotations.NullMarked;
