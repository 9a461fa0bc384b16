package dev.consent.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.consent.ChainReport;
import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.EventKind;
import dev.consent.PhoneNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Chains as a store or an insider can leave them: version 1 events, cut off, edited, redacted alone. */
@DisplayName("EventChain at the edges")
class EventChainEdgesTest {
  private static final PhoneNumber NY = PhoneNumber.parse("+12125550123");
  private static final Instant T0 = Instant.parse("2026-03-02T16:00:00Z");
  /**
   * The hash release 0.1 gave this event (version 1 encoding: length-prefixed UTF-8 fields, the
   * number in clear, the evidence as count then keys and values), computed outside Java with
   * Python's hashlib: a test vector that pins the format old ledgers were sealed with.
   */
  private static final String V1_HASH = "ede049bfbe18091071ed9955c4014bc9e7d07dab112195c1f116c5860d6f3c6f";

  private static SortedMap<String, String> evidence() {
    TreeMap<String, String> e = new TreeMap<>();
    e.put("form", "f0");
    e.put("ip", "203.0.113.9");
    return e;
  }

  private static ConsentEvent v1(SortedMap<String, String> evidence, String hash) {
    return new ConsentEvent("e1", "t", NY, "ref", "orders", EventKind.GRANTED, ConsentMethod.WEB_FORM, Channel.WEB,
        evidence, EventChain.evidenceDigest(evidence), "v1", T0, T0, null, false, 1, EventChain.GENESIS, hash, 1);
  }

  private static List<ConsentEvent> sealed(EventKind... kinds) {
    List<ConsentEvent> out = new ArrayList<>();
    String prev = EventChain.GENESIS;
    for (int i = 0; i < kinds.length; i++) {
      ConsentEvent e = EventChain.seal(new NewEvent("e" + i, "t", NY, "orders", kinds[i], ConsentMethod.WEB_FORM,
          Channel.WEB, evidence(), null, T0.plusSeconds(60L * i), T0.plusSeconds(60L * i), null, false), "ref", i + 1,
          prev);
      out.add(e);
      prev = e.hash();
    }
    return out;
  }

  @Test
  @DisplayName("a version 1 event rehashes to the hash 0.1 sealed, evidence included, and verifies")
  void versionOneVector() {
    ConsentEvent e = v1(evidence(), V1_HASH);
    assertThat(EventChain.hashOf(e)).isEqualTo(V1_HASH);
    assertThat(EventChain.verify(StoredChain.of("ref", List.of(e))).isIntact()).isTrue();
  }

  @Test
  @DisplayName("a version 1 event whose evidence was edited no longer matches its hash")
  void versionOneEdited() {
    SortedMap<String, String> edited = evidence();
    edited.put("ip", "198.51.100.7");
    ConsentEvent e = v1(edited, V1_HASH);
    assertThat(EventChain.hashOf(e)).isNotEqualTo(V1_HASH);
    SortedMap<String, String> added = evidence();
    added.put("z", "");
    assertThat(EventChain.hashOf(v1(added, V1_HASH))).isNotEqualTo(V1_HASH);
    assertThat(EventChain.verify(StoredChain.of("ref", List.of(e))).breaks()).singleElement()
        .satisfies(b -> assertThat(b.problem()).isEqualTo("hash does not match the event's content"));
  }

  @Test
  @DisplayName("a redacted version 1 event cannot be rehashed; with an erasure after it the links still verify")
  void versionOneRedacted() {
    ConsentEvent e = v1(evidence(), V1_HASH).redacted();
    assertThatThrownBy(() -> EventChain.hashOf(e)).isInstanceOf(IllegalArgumentException.class);
    ConsentEvent erased = EventChain.seal(new NewEvent("e2", "t", NY, "orders", EventKind.ERASED,
        ConsentMethod.WEB_FORM, Channel.WEB, new TreeMap<>(), null, T0.plusSeconds(60), T0.plusSeconds(60), null,
        false), "ref", 2, V1_HASH);
    assertThat(EventChain.verify(StoredChain.of("ref", List.of(e, erased))).isIntact()).isTrue();
    assertThat(EventChain.verify(StoredChain.of("ref", List.of(e))).breaks()).singleElement()
        .satisfies(b -> assertThat(b.problem()).isEqualTo("event is redacted but no erasure follows it"));
  }

  @Test
  @DisplayName("a redacted version 2 event without an erasure after it is a break, though its hash still matches")
  void redactedWithoutErasure() {
    List<ConsentEvent> chain = new ArrayList<>(sealed(EventKind.GRANTED, EventKind.WITHDRAWN));
    chain.set(0, chain.get(0).redacted());
    assertThat(EventChain.verify(StoredChain.of("ref", chain)).breaks()).singleElement().satisfies(b -> {
      assertThat(b.seq()).isEqualTo(1);
      assertThat(b.problem()).isEqualTo("event is redacted but no erasure follows it");
    });
  }

  @Test
  @DisplayName("evidence edited under an unchanged digest is found by the digest check")
  void evidenceEdited() {
    List<ConsentEvent> chain = new ArrayList<>(sealed(EventKind.GRANTED));
    ConsentEvent e = chain.get(0);
    SortedMap<String, String> edited = evidence();
    edited.put("form", "forged");
    chain.set(0, new ConsentEvent(e.eventId(), e.tenant(), e.number(), e.subjectRef(), e.purposeId(), e.kind(),
        e.method(), e.channel(), edited, e.evidenceDigest(), e.noticeVersion(), e.occurredAt(), e.recordedAt(),
        e.idempotencyKey(), e.imported(), e.seq(), e.prevHash(), e.hash(), e.hashVersion()));
    assertThat(EventChain.verify(StoredChain.of("ref", chain)).breaks()).singleElement()
        .satisfies(b -> assertThat(b.problem()).isEqualTo("evidence does not match its digest"));
  }

  @Test
  @DisplayName("a chain cut short of the store's head is a break at the first missing seq")
  void truncated() {
    List<ConsentEvent> chain = sealed(EventKind.GRANTED, EventKind.WITHDRAWN, EventKind.GRANTED);
    ConsentEvent last = chain.get(2);
    ChainReport cut = EventChain.verify(new StoredChain("ref", chain.subList(0, 2), 3, last.hash()));
    assertThat(cut.breaks()).singleElement().satisfies(b -> {
      assertThat(b.seq()).isEqualTo(3);
      assertThat(b.problem()).contains("missing").contains("seq 3");
    });
    ChainReport empty = EventChain.verify(new StoredChain("ref", List.of(), 3, last.hash()));
    assertThat(empty.breaks()).singleElement().satisfies(b -> assertThat(b.seq()).isEqualTo(1));
    ChainReport otherHead = EventChain.verify(new StoredChain("ref", chain, 3, "f".repeat(64)));
    assertThat(otherHead.breaks()).singleElement().satisfies(b -> {
      assertThat(b.seq()).isEqualTo(4);
      assertThat(b.problem()).contains("does not match the head");
    });
    assertThat(EventChain.verify(new StoredChain("ref", chain, 3, last.hash())).isIntact()).isTrue();
  }

  @Test
  @DisplayName("counts version 1 events only up to the seq asked for")
  void legacyThrough() {
    ConsentEvent old = v1(evidence(), V1_HASH);
    List<ConsentEvent> chain = List.of(old);
    assertThat(EventChain.legacyEvents(chain, 1)).isEqualTo(1);
    assertThat(EventChain.legacyEvents(chain, 0)).isZero();
  }

  @Test
  @DisplayName("evidence digests match values computed outside Java (Python hashlib)")
  void evidenceDigestVectors() {
    TreeMap<String, String> e = new TreeMap<>();
    e.put("form", "https://acme.example/join");
    e.put("ip", "203.0.113.7");
    e.put("accepted", "Ja, gerne \u2013 SMS");
    assertThat(EventChain.evidenceDigest(e)).isEqualTo("41b2947c911aff3612359b87ce05a970cc3d5cd5dae813d9f5ee455df275ba99");
    assertThat(EventChain.evidenceDigest(new TreeMap<>()))
        .isEqualTo("a8d967ed2573659baafe3e24a3e4fdc45bbc144edc9fbe1262cfd382d06b504b");
  }

  @Test
  @DisplayName("an append that keeps losing the race to other writers tries to its last attempt, then gives up writing nothing")
  void appendAttempts() {
    dev.consent.memory.InMemoryConsentStore store = new dev.consent.memory.InMemoryConsentStore();
    java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
    AppendResult won = EventChain.append(store, newEvent("a1"), (event, status) ->
        writes.incrementAndGet() < EventChain.MAX_APPEND_ATTEMPTS ? LedgerWrite.HEAD_MOVED : store.write(event, status));
    assertThat(won).isInstanceOf(AppendResult.Appended.class);
    assertThat(writes).hasValue(EventChain.MAX_APPEND_ATTEMPTS);
    writes.set(0);
    assertThatThrownBy(() -> EventChain.append(store, newEvent("a2"), (event, status) -> {
      writes.incrementAndGet();
      return LedgerWrite.HEAD_MOVED;
    })).isInstanceOf(dev.consent.error.ConsentStoreException.class).hasMessageContaining("nothing was written");
    assertThat(writes).hasValue(EventChain.MAX_APPEND_ATTEMPTS);
    assertThat(store.history("t", NY)).hasSize(1);
  }

  private static NewEvent newEvent(String id) {
    return new NewEvent(id, "t", NY, "orders", EventKind.GRANTED, ConsentMethod.WEB_FORM, Channel.WEB, evidence(), null,
        T0, T0, null, false);
  }
}
