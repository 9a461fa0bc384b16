package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.ConsentStatus;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import dev.consent.kit.ConsentKit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventChain.fold orders a withdrawal and a grant by time only when they are more than the tolerance apart")
class EventChainFoldTest {
  private static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  private static final String P = "marketing.promotions";
  private static final Instant T0 = Instant.parse("2026-03-02T16:00:00Z");
  private static final Duration TOL = Duration.ofMinutes(2);

  private final List<ConsentEvent> chain = new ArrayList<>();

  /** Appends an event stamped {@code offset} after T0, with tolerance {@code tolerance} (null: none, as before 0.4). */
  private ConsentStatus then(EventKind kind, Duration offset, @Nullable String tolerance) {
    TreeMap<String, String> evidence = new TreeMap<>();
    if (tolerance != null) {
      evidence.put(EventChain.SKEW_TOLERANCE, tolerance);
    }
    NewEvent e = new NewEvent(NewEvent.newId(), "t", NY, P, kind, ConsentMethod.API, Channel.API, evidence,
        kind == EventKind.GRANTED ? "v1" : null, T0.plus(offset), T0, null, false);
    ConsentEvent last = chain.isEmpty() ? null : chain.get(chain.size() - 1);
    chain.add(EventChain.seal(e, "ref", chain.size() + 1, last == null ? EventChain.GENESIS : last.hash()));
    return EventChain.replay("t", NY, P, chain);
  }

  private ConsentStatus then(EventKind kind, Duration offset) {
    return then(kind, offset, TOL.toString());
  }

  @Test
  @DisplayName("a withdrawal after a grant stamped up to the tolerance later ends it; one stamped more than that later stands")
  void withdrawalAfterALaterStampedGrant() {
    then(EventKind.GRANTED, TOL);
    assertThat(then(EventKind.WITHDRAWN, Duration.ZERO).state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(then(EventKind.GRANTED, TOL.multipliedBy(3).plusNanos(1000)).state()).isEqualTo(ConsentState.GRANTED);
    ConsentStatus s = then(EventKind.WITHDRAWN, TOL.plus(Duration.ofSeconds(59)));
    assertThat(s.state()).as("grant more than the tolerance after the withdrawal").isEqualTo(ConsentState.GRANTED);
    assertThat(s.seq()).isEqualTo(3);
  }

  @Test
  @DisplayName("a REVIEWED event never changes the status, whatever its time or the state before it")
  void reviewedChangesNothing() {
    ConsentStatus before = then(EventKind.REVIEWED, Duration.ZERO);
    assertThat(before.state()).isEqualTo(ConsentState.NONE);
    for (EventKind k : List.of(EventKind.REQUESTED, EventKind.GRANTED, EventKind.WITHDRAWN)) {
      ConsentStatus s = then(k, Duration.ofMinutes(10L * chain.size()));
      for (Duration at : List.of(Duration.ofMinutes(-60), Duration.ofMinutes(10L * chain.size()), Duration.ofDays(9))) {
        assertThat(then(EventKind.REVIEWED, at)).isEqualTo(s);
      }
    }
  }

  @Test
  @DisplayName("a grant after a withdrawal counts only when stamped more than the tolerance after it")
  void grantAfterAWithdrawal() {
    then(EventKind.GRANTED, Duration.ZERO);
    then(EventKind.WITHDRAWN, Duration.ofMinutes(1));
    assertThat(then(EventKind.GRANTED, Duration.ofMinutes(1).plus(TOL)).state()).isEqualTo(ConsentState.WITHDRAWN);
    ConsentStatus s = then(EventKind.GRANTED, Duration.ofMinutes(1).plus(TOL).plusNanos(1000));
    assertThat(s.state()).isEqualTo(ConsentState.GRANTED);
    assertThat(s.since()).isEqualTo(T0.plus(Duration.ofMinutes(1).plus(TOL).plusNanos(1000)));
  }

  @Test
  @DisplayName("an erasure always applies, even stamped before the grant in force, and a grant after it must be clearly later")
  void erasure() {
    then(EventKind.GRANTED, Duration.ofHours(1));
    ConsentStatus erased = then(EventKind.ERASED, Duration.ZERO);
    assertThat(erased.state()).isEqualTo(ConsentState.ERASED);
    assertThat(erased.since()).isEqualTo(T0);
    assertThat(then(EventKind.GRANTED, TOL).state()).isEqualTo(ConsentState.ERASED);
  }

  @Test
  @DisplayName("events without a tolerance (stored before 0.4) fold as before: by time, the later one in force")
  void legacyEvents() {
    then(EventKind.GRANTED, Duration.ofSeconds(5), null);
    assertThat(then(EventKind.WITHDRAWN, Duration.ZERO, null).state()).as("older withdrawal is history")
        .isEqualTo(ConsentState.GRANTED);
    then(EventKind.WITHDRAWN, Duration.ofSeconds(5), null);
    assertThat(then(EventKind.GRANTED, Duration.ofSeconds(5), null).state()).isEqualTo(ConsentState.GRANTED);
  }

  @Test
  @DisplayName("an unreadable or negative tolerance counts as the kit's default, never as none")
  void unreadableTolerance() {
    then(EventKind.GRANTED, ConsentKit.DEFAULT_CLOCK_SKEW_TOLERANCE);
    assertThat(then(EventKind.WITHDRAWN, Duration.ZERO, "five minutes").state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(then(EventKind.GRANTED, ConsentKit.DEFAULT_CLOCK_SKEW_TOLERANCE, "-PT1H").state())
        .isEqualTo(ConsentState.WITHDRAWN);
  }

  @Test
  @DisplayName("a withdrawal also ends a pending request stamped up to the tolerance later")
  void pending() {
    then(EventKind.REQUESTED, Duration.ofMinutes(1));
    assertThat(then(EventKind.WITHDRAWN, Duration.ZERO).state()).isEqualTo(ConsentState.WITHDRAWN);
  }
}
