package dev.consent.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The hint of known subject row ids")
class KnownSubjectsTest {
  @Test
  @DisplayName("returns the recorded id per tenant and reference, -1 when unknown or forgotten")
  void recordsAndForgets() {
    KnownSubjects k = new KnownSubjects(1 << 10);
    assertThat(k.id("t1", "ref-a")).isEqualTo(-1);
    k.put("t1", "ref-a", 42);
    assertThat(k.id("t1", "ref-a")).isEqualTo(42);
    assertThat(k.id("t2", "ref-a")).as("another tenant").isEqualTo(-1);
    assertThat(k.id("t1", "ref-b")).as("another reference").isEqualTo(-1);
    k.put("t1", "ref-a", 43);
    assertThat(k.id("t1", "ref-a")).isEqualTo(43);
    k.forget("t1", "ref-a");
    assertThat(k.id("t1", "ref-a")).isEqualTo(-1);
  }

  @Test
  @DisplayName("is bounded: a number in a taken slot replaces the older one, which then reads as unknown")
  void bounded() {
    KnownSubjects k = new KnownSubjects(2);
    for (int i = 0; i < 100; i++) {
      k.put("t", "ref-" + i, i);
    }
    int known = 0;
    for (int i = 0; i < 100; i++) {
      long id = k.id("t", "ref-" + i);
      if (id >= 0) {
        assertThat(id).isEqualTo(i);
        known++;
      }
    }
    assertThat(known).isBetween(1, 2);
    assertThatThrownBy(() -> new KnownSubjects(3)).isInstanceOf(IllegalArgumentException.class);
  }
}
