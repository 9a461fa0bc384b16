package dev.consent.spring;

import dev.consent.kit.ConsentKit;

/**
 * Changes the kit's builder before the starter builds it: policies, keywords, replies, retention, the
 * receipts' controller, opt-in or inbound settings. Applied in {@code @Order}; the store, carrier,
 * clock, purposes and notices are already set from beans and properties.
 *
 * @since 0.5
 */
@FunctionalInterface
public interface ConsentKitCustomizer {
  void customize(ConsentKit.Builder builder);
}
