package dev.consent.policy;

import dev.consent.FrequencyCap;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The messaging rules of one jurisdiction, e.g. {@code "US-FL"}: its sending hours (the same every
 * day, or by day of the week and holiday), frequency cap and
 * how long a consent stays valid, with the source they come from. A {@code null} rule means the
 * jurisdiction has none. Immutable and thread-safe; change a copy with the {@code withX} methods and
 * hand it to {@link PolicyBook#with(Jurisdiction)}.
 *
 * @param id stable identifier: ISO 3166 alpha-2 for a country ({@code "DE"}), country and
 *     subdivision for a state ({@code "US-FL"}), {@code "ZZ"} for the default
 * @param name human-readable name
 * @param quietHours the allowed sending window in the recipient's local time, or null for none
 * @param cap the frequency cap per number and purpose, or null for none
 * @param consentValidity how long a consent stays valid before it must be refreshed, or null when it
 *     does not expire by rule
 * @param source where the rules come from (catalogue id and legal citation)
 * @param weeklyHours sending windows that depend on the day of the week and public holidays (since
 *     0.5), or null; a jurisdiction has either these or {@code quietHours}, not both
 * @since 0.1
 */
public record Jurisdiction(
    String id,
    String name,
    @Nullable QuietHours quietHours,
    @Nullable FrequencyCap cap,
    @Nullable Duration consentValidity,
    String source,
    @Nullable WeeklyHours weeklyHours) {

  public Jurisdiction {
    if (quietHours != null && weeklyHours != null) {
      throw new InvalidInputException("jurisdiction has quietHours or weeklyHours, not both");
    }
    Checks.id(id, "jurisdiction.id");
    Checks.maxLength(Checks.notBlank(name, "jurisdiction.name"), 200, "jurisdiction.name");
    Checks.maxLength(Checks.notBlank(source, "jurisdiction.source"), 2000, "jurisdiction.source");
    if (consentValidity != null && (consentValidity.isNegative() || consentValidity.isZero())) {
      throw new InvalidInputException("jurisdiction.consentValidity must be positive");
    }
  }

  /** A jurisdiction whose sending window is the same every day (or none). */
  public Jurisdiction(String id, String name, @Nullable QuietHours quietHours, @Nullable FrequencyCap cap,
      @Nullable Duration consentValidity, String source) {
    this(id, name, quietHours, cap, consentValidity, source, null);
  }

  /** Whether messages are held to sending hours: {@link #quietHours()} or {@link #weeklyHours()}. */
  public boolean hasSendingHours() {
    return quietHours != null || weeklyHours != null;
  }

  /** Whether a message may go at this instant for a recipient in {@code zone}. */
  public boolean allows(java.time.Instant instant, java.time.ZoneId zone) {
    if (weeklyHours != null) {
      return weeklyHours.allows(instant, zone);
    }
    return quietHours == null || quietHours.allows(instant, zone);
  }

  /** A copy with other quiet hours, the same every day (null for none); it drops weekly hours. */
  public Jurisdiction withQuietHours(@Nullable QuietHours hours) {
    return new Jurisdiction(id, name, hours, cap, consentValidity, source, hours == null ? weeklyHours : null);
  }

  /** A copy with sending windows by day of the week and holiday (null for none); it drops quiet hours. */
  public Jurisdiction withWeeklyHours(@Nullable WeeklyHours hours) {
    return new Jurisdiction(id, name, hours == null ? quietHours : null, cap, consentValidity, source, hours);
  }

  /** A copy with another frequency cap (null for none). */
  public Jurisdiction withCap(@Nullable FrequencyCap newCap) {
    return new Jurisdiction(id, name, quietHours, newCap, consentValidity, source, weeklyHours);
  }

  /** A copy with another consent validity (null: consent does not expire by rule). */
  public Jurisdiction withConsentValidity(@Nullable Duration validity) {
    return new Jurisdiction(id, name, quietHours, cap, validity, source, weeklyHours);
  }

  /** A copy citing another source, e.g. the host's counsel's memo for an override. */
  public Jurisdiction withSource(String newSource) {
    return new Jurisdiction(id, name, quietHours, cap, consentValidity, newSource, weeklyHours);
  }
}
