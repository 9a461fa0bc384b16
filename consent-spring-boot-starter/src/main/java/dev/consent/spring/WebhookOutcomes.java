package dev.consent.spring;

import dev.consent.carrier.WebhookResult;
import org.jspecify.annotations.Nullable;

/** What the webhook endpoints report beside the kit's own observations: rejections, unverified requests, 500s. */
interface WebhookOutcomes {
  WebhookOutcomes NONE = new WebhookOutcomes() {};

  default void rejected(String carrier, WebhookResult.Reason reason) {}

  default void unverified(String carrier, WebhookResult.@Nullable Reason reason) {}

  default void failed(String carrier) {}
}
