package dev.consent.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

@Label("ZoneOffsets: the gate's cached quiet-hours test")
class ZoneOffsetsTest {
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("America/New_York"), ZoneId.of("America/Phoenix"),
      ZoneId.of("Pacific/Honolulu"), ZoneId.of("Europe/Berlin"), ZoneId.of("Australia/Lord_Howe"),
      ZoneId.of("Asia/Kathmandu"), ZoneId.of("America/St_Johns"), ZoneOffset.ofHours(-12), ZoneOffset.ofHours(14),
      ZoneId.of("UTC"));

  /** Instants around 2026's DST changes and anywhere over a few years, in any order. */
  @Provide
  Arbitrary<List<Instant>> instants() {
    long dst = Instant.parse("2026-03-08T06:59:00Z").getEpochSecond();
    Arbitrary<Instant> nearChange = Arbitraries.longs().between(dst - 7200, dst + 7200).map(Instant::ofEpochSecond);
    Arbitrary<Instant> anywhere = Arbitraries.longs()
        .between(Instant.parse("2024-01-01T00:00:00Z").getEpochSecond(), Instant.parse("2028-12-31T00:00:00Z").getEpochSecond())
        .map(Instant::ofEpochSecond);
    Arbitrary<Integer> nanos = Arbitraries.integers().between(0, 999_999_999);
    return Arbitraries.oneOf(nearChange, anywhere).flatMap(i -> nanos.map(i::plusNanos)).list().ofMinSize(1).ofMaxSize(40);
  }

  @Provide
  Arbitrary<QuietHours> hours() {
    Arbitrary<LocalTime> times = Arbitraries.integers().between(0, 24 * 60 - 1).map(m -> LocalTime.of(m / 60, m % 60));
    return times.flatMap(s -> times.filter(e -> !e.equals(s)).map(e -> new QuietHours(s, e)));
  }

  @Property(tries = 300)
  @Label("agrees with QuietHours.allows for every zone, whatever the order of the instants asked")
  void agreesWithQuietHours(@ForAll("instants") List<Instant> instants, @ForAll("hours") QuietHours hours) {
    ZoneOffsets offsets = new ZoneOffsets();
    for (Instant t : instants) {
      for (ZoneId zone : ZONES) {
        assertThat(offsets.allowedInAll(hours, List.of(zone), t)).as("%s in %s", t, zone).isEqualTo(hours.allows(t, zone));
      }
      assertThat(offsets.allowedInAll(hours, ZONES, t)).isEqualTo(PolicyWindows.allowedInAll(hours, ZONES, t));
    }
  }
}
