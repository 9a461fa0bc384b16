package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

@DisplayName("@Needs skips what a machine cannot run, visibly, and fails it where services are required")
class NeedsExtensionTest {
  static final List<String> CALLS = new ArrayList<>();

  /** Never met. */
  public static final class Absent implements Requirement {
    @Override
    public @Nullable String missing() {
      return "Widget server unreachable at 127.0.0.1:1";
    }
  }

  /** Always met. */
  public static final class Present implements Requirement {
    @Override
    public @Nullable String missing() {
      return null;
    }
  }

  /** A contract with a group, as the store contracts are written. */
  abstract static class Contract {
    Object resource;

    @BeforeAll
    void open() {
      CALLS.add("open");
      resource = new Object();
    }

    @AfterAll
    void close() {
      CALLS.add("close:" + resource.hashCode());
    }

    @Test
    void one() {
      CALLS.add("one");
    }

    @Nested
    class Group {
      @Test
      void two() {
        CALLS.add("two");
      }
    }
  }

  @Needs(Absent.class)
  @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
  static class OnAbsentService extends Contract {}

  @Needs(Present.class)
  @org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
  static class OnPresentService extends Contract {}

  /** A class without groups whose instance needs the service (as a Spring test context on a database does). */
  @Needs(Absent.class)
  static class BuiltOnTheService {
    BuiltOnTheService() {
      CALLS.add("constructed");
    }

    @Test
    void a() {
      CALLS.add("a");
    }

    @Test
    void b() {
      CALLS.add("b");
    }
  }

  @Test
  @DisplayName("a class without groups is skipped before its instance is made, each test counted")
  void skipsBeforeConstruction() {
    String reason = "Widget server unreachable at 127.0.0.1:1";
    int before = Skips.counts().getOrDefault(reason, 0);
    Events events = run(BuiltOnTheService.class, false);
    events.assertThatEvents().haveExactly(1,
        event(org.junit.platform.testkit.engine.EventConditions.container(), skippedWithReason(reason)));
    assertThat(events.failed().count()).isZero();
    assertThat(CALLS).isEmpty();
    assertThat(Skips.counts()).containsEntry(reason, before + 2);
  }

  /** Runs a sample class as a machine with {@code consent.requireServices=required} would. */
  @AfterAll
  static void forgetSampleSkips() {
    Skips.forget(new Absent().missing());
  }

  private static Events run(Class<?> type, boolean required) {
    String was = System.getProperty("consent.requireServices");
    System.setProperty("consent.requireServices", Boolean.toString(required));
    try {
      CALLS.clear();
      return EngineTestKit.engine("junit-jupiter").selectors(selectClass(type)).execute().allEvents();
    } finally {
      if (was == null) {
        System.clearProperty("consent.requireServices");
      } else {
        System.setProperty("consent.requireServices", was);
      }
    }
  }

  @Test
  @DisplayName("a missing service skips every test, nested ones too, with the reason, and runs no set-up")
  void skipsEachTest() {
    int before = Skips.counts().getOrDefault("Widget server unreachable at 127.0.0.1:1", 0);
    Events events = run(OnAbsentService.class, false);
    events.assertThatEvents().haveExactly(2, event(test(), skippedWithReason("Widget server unreachable at 127.0.0.1:1")));
    assertThat(events.failed().count()).isZero();
    assertThat(CALLS).isEmpty();
    assertThat(Skips.counts()).containsEntry("Widget server unreachable at 127.0.0.1:1", before + 2);
  }

  @Test
  @DisplayName("a present service runs the class as usual")
  void runsWhenPresent() {
    Events events = run(OnPresentService.class, false);
    assertThat(events.skipped().count()).isZero();
    assertThat(CALLS).contains("open", "one", "two").anyMatch(c -> c.startsWith("close:"));
  }

  @Test
  @DisplayName("with consent.requireServices=true a missing service fails the tests instead of skipping them")
  void failsWhenRequired() {
    Events events = run(OnAbsentService.class, true);
    assertThat(events.skipped().count()).isZero();
    assertThat(events.failed().count()).isPositive();
  }
}
