package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** nextAllowed against a brute-force scan at minute granularity. */
class QuietHoursPropertyTest {
  private static final PolicyBook BOOK = PolicyBook.defaults();
  /** The scan covers this much time after {@code now}; the answer is checked within it. */
  private static final int SCAN_MINUTES = 3 * 24 * 60;
  private static final List<ZoneId> ZONES = List.of(
      "America/New_York", "America/Chicago", "America/Denver", "America/Phoenix", "America/Los_Angeles",
      "America/Boise", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico", "Europe/London",
      "Europe/Berlin", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe", "Pacific/Auckland",
      "Pacific/Chatham", "America/Sao_Paulo", "America/St_Johns").stream().map(ZoneId::of).toList();

  @Provide
  Arbitrary<Instant> instants() {
    long from = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    long to = Instant.parse("2032-12-31T00:00:00Z").getEpochSecond();
    return Arbitraries.longs().between(from, to).map(Instant::ofEpochSecond);
  }

  @Provide
  Arbitrary<List<ZoneId>> zoneSets() {
    return Arbitraries.of(ZONES).list().ofMinSize(1).ofMaxSize(3).uniqueElements();
  }

  @Provide
  Arbitrary<QuietHours> windows() {
    Arbitrary<LocalTime> times = Arbitraries.integers().between(0, 24 * 4 - 1).map(q -> LocalTime.of(q / 4, q % 4 * 15));
    Arbitrary<QuietHours> random = Combinators.combine(times, times)
        .filter((a, b) -> !a.equals(b)).as(QuietHours::new);
    QuietHours federal = new QuietHours(LocalTime.of(8, 0), LocalTime.of(21, 0));
    QuietHours state = new QuietHours(LocalTime.of(8, 0), LocalTime.of(20, 0));
    return Arbitraries.oneOf(Arbitraries.of(federal, state), random);
  }

  @Property(tries = 300)
  @Label("nextAllowed is allowed in every zone and no earlier minute is")
  void earliestAllowedInAllZones(
      @ForAll("windows") QuietHours hours,
      @ForAll("zoneSets") List<ZoneId> zones,
      @ForAll("instants") Instant now) {
    Jurisdiction j = BOOK.jurisdiction("US").orElseThrow().withQuietHours(hours);
    Optional<Instant> next = BOOK.nextAllowed(j, zones, now);
    if (next.isEmpty()) {
      assertThat(allowedInAll(hours, zones, now)).isTrue();
      return;
    }
    Instant t = next.get();
    assertThat(t).isAfter(now);
    if (!t.equals(Instant.MAX)) {
      assertThat(allowedInAll(hours, zones, t)).as("allowed at %s", t).isTrue();
    }
    for (int m = 0; m < SCAN_MINUTES; m++) {
      Instant probe = now.plus(Duration.ofMinutes(m));
      if (!probe.isBefore(t)) {
        break;
      }
      assertThat(allowedInAll(hours, zones, probe)).as("allowed earlier at %s", probe).isFalse();
    }
  }

  private static boolean allowedInAll(QuietHours hours, List<ZoneId> zones, Instant instant) {
    return zones.stream().allMatch(z -> hours.allows(LocalTime.ofInstant(instant, z)));
  }
}
