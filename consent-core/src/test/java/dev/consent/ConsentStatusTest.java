package dev.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ConsentStatus")
class ConsentStatusTest {
  private static final PhoneNumber N = PhoneNumber.parse("+12125550123");
  private static final Instant GRANTED = Instant.parse("2025-01-31T10:00:00.999999Z");

  private static ConsentStatus granted(Instant at) {
    return new ConsentStatus("t", N, "marketing", ConsentState.GRANTED, at, at, "v1", 1);
  }

  @Test
  @DisplayName("valid up to, not including, grantedAt + validity (nanosecond carry included)")
  void validityBoundary() {
    ConsentStatus s = granted(GRANTED);
    Duration validity = Duration.ofDays(730).plusNanos(1_000);
    Instant end = GRANTED.plus(validity); // the nanos carry into the next second
    assertThat(end.getNano()).isZero();
    assertThat(s.isValidAt(end.minusNanos(1), validity)).isTrue();
    assertThat(s.isValidAt(end, validity)).isFalse();
    assertThat(s.isValidAt(end.plusNanos(1), validity)).isFalse();
    assertThat(s.isValidAt(GRANTED, validity)).isTrue();
    assertThat(s.isValidAt(GRANTED.minusSeconds(5), validity)).isTrue();
    assertThat(s.isValidAt(end.plusSeconds(86_400L * 365), null)).isTrue();
  }

  @Test
  @DisplayName("agrees with Instant arithmetic on many instants around the boundary")
  void agreesWithInstantArithmetic() {
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < 20_000; i++) {
      Instant g = Instant.ofEpochSecond(r.nextInt(2_000_000_000), r.nextInt(1_000_000) * 1_000L);
      Duration v = Duration.ofSeconds(r.nextInt(100_000_000), r.nextInt(1_000_000_000));
      Instant now = g.plus(v).plusNanos(r.nextInt(2_000_001) - 1_000_000);
      assertThat(granted(g).isValidAt(now, v)).as("granted %s validity %s now %s", g, v, now)
          .isEqualTo(now.isBefore(g.plus(v)));
    }
  }

  @Test
  @DisplayName("a validity longer than time itself never expires, and nothing but GRANTED is valid")
  void extremes() {
    assertThat(granted(GRANTED).isValidAt(Instant.MAX, Duration.ofSeconds(Long.MAX_VALUE))).isTrue();
    assertThat(ConsentStatus.none("t", N, "marketing").isValidAt(GRANTED, null)).isFalse();
    ConsentStatus withdrawn = new ConsentStatus("t", N, "marketing", ConsentState.WITHDRAWN, GRANTED, null, null, 2);
    assertThat(withdrawn.isValidAt(GRANTED, Duration.ofDays(1))).isFalse();
  }
}
