package dev.consent.spring;

import dev.consent.InboundHealth;
import dev.consent.kit.ConsentKit;
import java.time.Duration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * The kit's health: DOWN when the store cannot be read (the gate then denies everything), {@link
 * #ALARM} when a burst of inbound webhooks failed verification (usually a wrong public URL or token:
 * STOPs wait in quarantine), UP otherwise; with the quarantine's size and age and the review queue's
 * open items and oldest age. Holds no personal data.
 *
 * <p>{@code ALARM} is not in Spring Boot's default status order, so it shows on this component and
 * leaves the aggregate status alone; add it to {@code management.endpoint.health.status.order} (e.g.
 * {@code DOWN,OUT_OF_SERVICE,ALARM,UP}) to let it fail the aggregate.
 *
 * @since 0.5
 */
public final class ConsentHealthIndicator implements HealthIndicator {
  /** Inbound webhooks keep failing verification: see {@link dev.consent.InboundAlarm#LIKELY_CAUSE}. */
  public static final Status ALARM = new Status("ALARM", "inbound webhooks keep failing verification");

  private final ConsentKit kit;

  public ConsentHealthIndicator(ConsentKit kit) {
    this.kit = kit;
  }

  @Override
  public Health health() {
    InboundHealth inbound;
    long openReviews;
    Duration oldestReview;
    try {
      inbound = kit.inbound().health();
      openReviews = kit.reviews().openCount();
      oldestReview = kit.reviews().oldestOpenAge();
    } catch (RuntimeException e) {
      return Health.down().withDetail("store", "unreachable").withDetail("error", e.getClass().getSimpleName())
          .build();
    }
    Health.Builder b = inbound.alarm() ? Health.status(ALARM).withDetail("likelyCause",
        dev.consent.InboundAlarm.LIKELY_CAUSE) : Health.up();
    return b.withDetail("store", "reachable")
        .withDetail("signatureFailureAlarm", inbound.alarm())
        .withDetail("unverifiedInWindow", inbound.unverifiedInWindow())
        .withDetail("quarantined", inbound.quarantined())
        .withDetail("oldestQuarantined", inbound.oldestQuarantined().toString())
        .withDetail("confirmationPossible", inbound.confirmationPossible())
        .withDetail("reviewsOpen", openReviews)
        .withDetail("oldestOpenReview", oldestReview.toString())
        .build();
  }
}
