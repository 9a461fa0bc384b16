package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.consent.ChainReport;
import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("EventChain.verify")
class EventChainVerifyTest {
  private static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  private static final Instant T0 = Instant.parse("2026-03-02T16:00:00Z");

  /** GRANTED, WITHDRAWN, GRANTED, ERASED, sealed with version 2; all but the last redacted as erasure leaves them. */
  private static List<ConsentEvent> erasedChain() {
    List<ConsentEvent> out = new ArrayList<>();
    String prev = EventChain.GENESIS;
    EventKind[] kinds = {EventKind.GRANTED, EventKind.WITHDRAWN, EventKind.GRANTED, EventKind.ERASED};
    for (int i = 0; i < kinds.length; i++) {
      TreeMap<String, String> evidence = new TreeMap<>();
      evidence.put("form", "f" + i);
      ConsentEvent e = EventChain.seal(new NewEvent("e" + i, "t", NY, "orders", kinds[i], ConsentMethod.WEB_FORM,
          Channel.WEB, evidence, null, T0.plusSeconds(60L * i), T0.plusSeconds(60L * i), null, false), "ref", i + 1, prev);
      out.add(i < kinds.length - 1 ? e.redacted() : e);
      prev = e.hash();
    }
    return out;
  }

  /** The event as a database writer leaves it: another kind, and hash version 1 so that its content is not rechecked. */
  private static ConsentEvent downgraded(ConsentEvent e, EventKind kind) {
    return new ConsentEvent(e.eventId(), e.tenant(), e.number(), e.subjectRef(), e.purposeId(), kind, e.method(),
        e.channel(), e.evidence(), e.evidenceDigest(), e.noticeVersion(), e.occurredAt(), e.recordedAt(),
        e.idempotencyKey(), e.imported(), e.seq(), e.prevHash(), e.hash(), 1);
  }

  @Test
  @DisplayName("an erased chain verifies, and an edited redacted event is found by its content")
  void erased() {
    List<ConsentEvent> chain = erasedChain();
    assertThat(EventChain.verify(StoredChain.of("ref", chain)).isIntact()).isTrue();
    List<ConsentEvent> edited = new ArrayList<>(chain);
    ConsentEvent e = chain.get(1);
    edited.set(1, new ConsentEvent(e.eventId(), e.tenant(), null, e.subjectRef(), e.purposeId(), EventKind.GRANTED,
        e.method(), e.channel(), e.evidence(), e.evidenceDigest(), e.noticeVersion(), e.occurredAt(), e.recordedAt(),
        e.idempotencyKey(), e.imported(), e.seq(), e.prevHash(), e.hash(), 2));
    assertThat(EventChain.verify(StoredChain.of("ref", edited)).breaks()).extracting(ChainReport.Break::seq)
        .containsExactly(2L);
  }

  @Test
  @DisplayName("a redacted event downgraded to hash version 1 after a version 2 event is a break, not a skipped check")
  void downgradeAfterV2() {
    List<ConsentEvent> chain = new ArrayList<>(erasedChain());
    chain.set(2, downgraded(chain.get(2), EventKind.WITHDRAWN));
    assertThat(EventChain.verify(StoredChain.of("ref", chain)).breaks()).singleElement().satisfies(b -> {
      assertThat(b.seq()).isEqualTo(3);
      assertThat(b.problem()).contains("downgraded");
    });
  }

  @Test
  @DisplayName("a downgraded first event passes the chain alone (so checkpoints anchor the count of version 1 events)")
  void downgradeAtTheStart() {
    List<ConsentEvent> chain = new ArrayList<>(erasedChain());
    chain.set(0, downgraded(chain.get(0), EventKind.WITHDRAWN));
    assertThat(EventChain.verify(StoredChain.of("ref", chain)).isIntact()).isTrue();
    assertThat(EventChain.legacyEvents(chain, 4)).isEqualTo(1);
    assertThat(EventChain.legacyEvents(erasedChain(), 4)).isZero();
  }
}
