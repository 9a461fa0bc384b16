package dev.consent.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import dev.consent.spi.CampaignReservation;
import dev.consent.spi.CampaignSlot;
import dev.consent.spi.MessageLogStore;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.SendCap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link MessageLogStore}: messages read back exactly and oldest first; delivery
 * states that only move forward ({@link DeliveryState#canMoveTo}), nothing for an unknown carrier
 * id; send times and counts of one purpose from {@code since} (inclusive), replies never counted,
 * zero counts absent; retention that empties bodies or deletes entries before a cut-off (exclusive)
 * in bounded batches; tenants apart. A store's test extends it (or nests a subclass, as {@link
 * ConsentStoreContract} does) and returns its store from {@link #messageLog()}; every test works in
 * a fresh random tenant.
 */
public abstract class MessageLogStoreContract {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final PhoneNumber ALICE = PhoneNumber.parse("+14155550101");
  private static final PhoneNumber BOB = PhoneNumber.parse("+4915123456789");
  private static final PhoneNumber CARA = PhoneNumber.parse("+33612345678");
  private static final String MARKETING = "marketing.promotions";
  private static final String ORDERS = "service.order-updates";

  /** The store under test. Called often: return the same instance. */
  protected abstract MessageLogStore messageLog();

  private String tenant;

  @BeforeEach
  void freshMessageTenant() {
    tenant = "m-" + UUID.randomUUID().toString().substring(0, 12);
  }

  private MessageRecord m(String id, @Nullable String purpose, Instant at, @Nullable String carrierId) {
    return m(ALICE, id, purpose, at, carrierId);
  }

  private MessageRecord m(PhoneNumber n, String id, @Nullable String purpose, Instant at, @Nullable String carrierId) {
    return new MessageRecord(tenant, id, n, purpose, "deals", "+14155550000", "test", carrierId, at,
        DeliveryState.ACCEPTED, null, "Sale now on");
  }

  @Test
  @DisplayName("keeps messages and finds them by carrier id")
  void logged() {
    MessageRecord a = m("m1", MARKETING, T0, "SM1");
    messageLog().logMessage(a);
    assertThat(messageLog().messages(tenant, ALICE)).containsExactly(a);
    assertThat(messageLog().messageByCarrierId(tenant, "SM1")).contains(a);
    assertThat(messageLog().messageByCarrierId(tenant, "nope")).isEmpty();
  }

  @Test
  @DisplayName("reserves a send only below the cap of its purpose in the window; release frees the slot, confirm"
      + " records the carrier id")
  void reserve() {
    messageLog().logMessage(m("old", MARKETING, T0.minusSeconds(86_400), "SM-old"));
    messageLog().logMessage(m("other", ORDERS, T0, "SM-o"));
    assertThat(messageLog().reserveSend(m("r1", MARKETING, T0, null), purposeCap(T0.minusSeconds(3600), 2))).isTrue();
    assertThat(messageLog().reserveSend(m("r2", MARKETING, T0, null), purposeCap(T0.minusSeconds(3600), 2))).isTrue();
    assertThat(messageLog().reserveSend(m("r3", MARKETING, T0, null), purposeCap(T0.minusSeconds(3600), 2))).as("full").isFalse();
    assertThat(messageLog().releaseSend(tenant, "r2")).isTrue();
    assertThat(messageLog().releaseSend(tenant, "r2")).as("gone").isFalse();
    assertThat(messageLog().reserveSend(m("r3", MARKETING, T0, null), purposeCap(T0.minusSeconds(3600), 2))).isTrue();
    assertThat(messageLog().confirmSend(tenant, "r1", "SM-r1")).isTrue();
    assertThat(messageLog().messageByCarrierId(tenant, "SM-r1")).hasValueSatisfying(x -> {
      assertThat(x.messageId()).isEqualTo("r1");
      assertThat(x.body()).isEqualTo("Sale now on");
    });
    assertThat(messageLog().releaseSend(tenant, "r1")).as("a confirmed send stays").isFalse();
    assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, T0.minusSeconds(3600))).hasSize(2);
    assertThat(messageLog().messages(tenant, ALICE)).extracting(MessageRecord::messageId)
        .containsExactlyInAnyOrder("old", "other", "r1", "r3");
  }

  private static List<SendCap> purposeCap(Instant since, int max) {
    return List.of(SendCap.purpose(since, max));
  }

  private MessageRecord m(String program, String id, String purpose, Instant at) {
    return new MessageRecord(tenant, id, ALICE, purpose, program, "+14155550000", "test", null, at,
        DeliveryState.ACCEPTED, null, "Sale now on");
  }

  @Test
  @DisplayName("a program cap counts the program's gated sends of every purpose in its window, not replies, not"
      + " another program's; with a purpose cap too, the first full cap in order is the answer")
  void programCap() {
    Instant since = T0.minusSeconds(3600);
    messageLog().logMessage(m("deals", "old", MARKETING, T0.minusSeconds(7200)));
    messageLog().logMessage(m("deals", "reply", null, T0.minusSeconds(60)));
    messageLog().logMessage(m("news", "news", MARKETING, T0.minusSeconds(60)));
    List<SendCap> program2 = List.of(SendCap.program(since, 2));
    assertThat(messageLog().reserveSend(m("deals", "p1", MARKETING, T0), program2)).isTrue();
    assertThat(messageLog().reserveSend(m("deals", "p2", ORDERS, T0.plusSeconds(1)), program2))
        .as("another purpose of the same program").isTrue();
    assertThat(messageLog().reserveSend(m("deals", "p3", ORDERS, T0.plusSeconds(2)), program2)).as("full").isFalse();
    assertThat(messageLog().reserveSend(m("news", "n1", MARKETING, T0.plusSeconds(2)), program2))
        .as("the other program has one").isTrue();
    assertThat(messageLog().programSendTimes(tenant, ALICE, "deals", since)).containsExactly(T0, T0.plusSeconds(1));
    assertThat(messageLog().programSendTimes(tenant, ALICE, "news", since))
        .containsExactly(T0.minusSeconds(60), T0.plusSeconds(2));
    assertThat(messageLog().programSendCounts(tenant, List.of(ALICE, BOB), "deals", since))
        .containsExactly(Map.entry(ALICE, 2));
    assertThat(messageLog().programSendCounts(tenant, List.of(ALICE, BOB), "deals", T0.minusSeconds(7200)))
        .as("the old one counts from an earlier start; the reply never").containsExactly(Map.entry(ALICE, 3));

    List<SendCap> both = List.of(SendCap.purpose(since, 5), SendCap.program(since, 2));
    String campaign = "program-cap";
    assertThat(messageLog().reserveCampaign(tenant, campaign, List.of(
        new CampaignSlot(m("deals", "c1", MARKETING, T0.plusSeconds(3)), both),
        new CampaignSlot(m(BOB, "c2", MARKETING, T0.plusSeconds(3), null), both),
        new CampaignSlot(m(CARA, "c3", MARKETING, T0.plusSeconds(3), null), List.of(SendCap.program(since, 1))))))
        .as("ALICE's program holds 2 of 2; BOB and CARA have room")
        .containsExactly(new CampaignReservation.CapReached(SendCap.program(since, 2), T0), reserved(), reserved());
    List<SendCap> purposeFirst = List.of(SendCap.purpose(since, 1), SendCap.program(since, 1));
    assertThat(messageLog().reserveCampaign(tenant, "second", List.of(
        new CampaignSlot(m(CARA, "c4", MARKETING, T0.plusSeconds(4), null), purposeFirst))))
        .as("both full: the first in order answers")
        .containsExactly(new CampaignReservation.CapReached(SendCap.purpose(since, 1), T0.plusSeconds(3)));
    assertThat(messageLog().reserveCampaign(tenant, "third", List.of(
        new CampaignSlot(m(BOB, "b1", ORDERS, T0.plusSeconds(5), null), List.of(SendCap.program(since, 1))))))
        .as("BOB's MARKETING send fills his program cap of 1 for an ORDERS send")
        .containsExactly(new CampaignReservation.CapReached(SendCap.program(since, 1), T0.plusSeconds(3)));
    assertThat(messageLog().programSendTimes(tenant, BOB, "deals", since)).containsExactly(T0.plusSeconds(3));
  }

  @Test
  @DisplayName("of 16 threads reserving sends of two purposes of one program to one number under a program cap of 3,"
      + " exactly 3 get a slot")
  void programCapRace() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Boolean>> all = new java.util.ArrayList<>();
      List<SendCap> caps = List.of(SendCap.purpose(T0.minusSeconds(3600), 3), SendCap.program(T0.minusSeconds(3600), 3));
      for (int i = 0; i < 16; i++) {
        MessageRecord send = m("deals", "program-race-" + i, i % 2 == 0 ? MARKETING : ORDERS, T0);
        all.add(pool.submit(() -> {
          go.await();
          return messageLog().reserveSend(send, caps);
        }));
      }
      go.countDown();
      int won = 0;
      for (java.util.concurrent.Future<Boolean> f : all) {
        won += f.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(3);
      assertThat(messageLog().programSendTimes(tenant, ALICE, "deals", T0.minusSeconds(3600))).hasSize(3);
    } finally {
      pool.shutdownNow();
    }
  }

  private static CampaignReservation.Reserved reserved() {
    return new CampaignReservation.Reserved();
  }

  @Test
  @DisplayName("a campaign holds one message per number: a second slot (same batch or later) is answered with the"
      + " first message's ids, another campaign reserves on its own")
  void campaignOncePerNumber() {
    List<CampaignReservation> first = messageLog().reserveCampaign(tenant, "spring", List.of(
        CampaignSlot.uncapped(m(ALICE, "c1", MARKETING, T0, null)),
        CampaignSlot.uncapped(m(BOB, "c2", MARKETING, T0, null)),
        CampaignSlot.uncapped(m(ALICE, "c3", MARKETING, T0, null))));
    assertThat(first).containsExactly(reserved(), reserved(), new CampaignReservation.AlreadyInCampaign("c1", null));
    assertThat(messageLog().messages(tenant, ALICE)).extracting(MessageRecord::messageId, MessageRecord::carrierMessageId)
        .containsExactly(tuple("c1", null));
    messageLog().confirmSends(tenant, Map.of("c1", "SM-c1"));
    assertThat(messageLog().reserveCampaign(tenant, "spring", List.of(
        CampaignSlot.uncapped(m(ALICE, "c4", MARKETING, T0.plusSeconds(60), null)),
        CampaignSlot.uncapped(m(CARA, "c5", MARKETING, T0.plusSeconds(60), null)))))
        .containsExactly(new CampaignReservation.AlreadyInCampaign("c1", "SM-c1"), reserved());
    assertThat(messageLog().reserveCampaign(tenant, "autumn", List.of(
        CampaignSlot.uncapped(m(ALICE, "c6", MARKETING, T0.plusSeconds(60), null))))).containsExactly(reserved());
    assertThat(messageLog().messageByCarrierId(tenant, "SM-c1")).map(MessageRecord::messageId).contains("c1");
    assertThat(messageLog().messages(tenant, ALICE)).extracting(MessageRecord::messageId).containsExactly("c1", "c6");
  }

  @Test
  @DisplayName("a campaign slot counts the cap of its purpose in its window, earlier slots of the batch included")
  void campaignCap() {
    messageLog().logMessage(m("old", MARKETING, T0.minusSeconds(7200), "SM-old"));
    messageLog().logMessage(m("in", MARKETING, T0.minusSeconds(60), "SM-in"));
    messageLog().logMessage(m("orders", ORDERS, T0.minusSeconds(30), "SM-orders"));
    Instant since = T0.minusSeconds(3600);
    assertThat(messageLog().reserveCampaign(tenant, "a", List.of(new CampaignSlot(m("a1", MARKETING, T0, null), purposeCap(since, 3)),
        new CampaignSlot(m(BOB, "a2", MARKETING, T0, null), purposeCap(since, 1))))).containsExactly(reserved(), reserved());
    assertThat(messageLog().reserveCampaign(tenant, "b", List.of(new CampaignSlot(m("b1", MARKETING, T0, null), purposeCap(since, 2)),
        new CampaignSlot(m(BOB, "b2", MARKETING, T0, null), purposeCap(since, 2)), new CampaignSlot(m(CARA, "b3", ORDERS, T0, null), purposeCap(since, 1)))))
        .as("ALICE holds 2 of 2 in the window (the older one is out), BOB 1 of 2")
        .containsExactly(new CampaignReservation.CapReached(SendCap.purpose(since, 2), T0.minusSeconds(60)), reserved(), reserved());
    assertThat(messageLog().reserveCampaign(tenant, "c", List.of(new CampaignSlot(m("c1", MARKETING, T0, null), purposeCap(since, 3)))))
        .containsExactly(reserved());
    assertThat(messageLog().reserveCampaign(tenant, "d", List.of(new CampaignSlot(m("d1", ORDERS, T0, null), purposeCap(since, 2)))))
        .as("the ORDERS message of ALICE counts for ORDERS only").containsExactly(reserved());
    assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, since)).hasSize(3);
  }

  @Test
  @DisplayName("a released campaign send frees its number in the campaign; a confirmed one is never released")
  void campaignRelease() {
    messageLog().reserveCampaign(tenant, "spring", List.of(CampaignSlot.uncapped(m(ALICE, "r1", MARKETING, T0, null)),
        CampaignSlot.uncapped(m(BOB, "r2", MARKETING, T0, null))));
    messageLog().confirmSends(tenant, Map.of("r2", "SM-r2"));
    messageLog().releaseSends(tenant, List.of("r1", "r2"));
    assertThat(messageLog().messages(tenant, ALICE)).isEmpty();
    assertThat(messageLog().messages(tenant, BOB)).extracting(MessageRecord::carrierMessageId).containsExactly("SM-r2");
    assertThat(messageLog().reserveCampaign(tenant, "spring", List.of(CampaignSlot.uncapped(m(ALICE, "r3", MARKETING, T0, null)),
        CampaignSlot.uncapped(m(BOB, "r4", MARKETING, T0, null)))))
        .containsExactly(reserved(), new CampaignReservation.AlreadyInCampaign("r2", "SM-r2"));
  }

  @Test
  @DisplayName("a bad campaign id or a slot of another tenant is refused before anything is written")
  void campaignBadInput() {
    assertThatThrownBy(() -> messageLog().reserveCampaign(tenant, "spring sale!",
        List.of(CampaignSlot.uncapped(m("x1", MARKETING, T0, null))))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("campaign id");
    MessageRecord other = new MessageRecord("other-" + tenant, "x2", BOB, MARKETING, "deals", "+14155550000", "test",
        null, T0, DeliveryState.ACCEPTED, null, "Hi");
    assertThatThrownBy(() -> messageLog().reserveCampaign(tenant, "spring",
        List.of(CampaignSlot.uncapped(m("x3", MARKETING, T0, null)), CampaignSlot.uncapped(other))))
        .isInstanceOf(InvalidInputException.class);
    assertThat(messageLog().messages(tenant, ALICE)).isEmpty();
    assertThat(messageLog().reserveCampaign(tenant, "spring", List.of())).isEmpty();
  }

  @Test
  @DisplayName("8 threads reserving one campaign for the same 40 numbers at once: each number is reserved once")
  void campaignRace() throws Exception {
    List<PhoneNumber> numbers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      numbers.add(PhoneNumber.parse("+1415555" + String.format("%04d", 100 + i)));
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<List<CampaignReservation>>> all = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        List<CampaignSlot> slots = new ArrayList<>();
        List<PhoneNumber> mine = new ArrayList<>(numbers);
        java.util.Collections.shuffle(mine, new java.util.Random(t));
        for (PhoneNumber n : mine) {
          slots.add(new CampaignSlot(m(n, "t" + t + "-" + n.e164(), MARKETING, T0, null), purposeCap(T0.minusSeconds(3600), 5)));
        }
        all.add(pool.submit(() -> {
          go.await();
          return messageLog().reserveCampaign(tenant, "race", slots);
        }));
      }
      go.countDown();
      long won = 0;
      for (java.util.concurrent.Future<List<CampaignReservation>> f : all) {
        won += f.get(120, java.util.concurrent.TimeUnit.SECONDS).stream().filter(r -> r instanceof CampaignReservation.Reserved).count();
      }
      assertThat(won).isEqualTo(40);
      for (PhoneNumber n : numbers) {
        assertThat(messageLog().messages(tenant, n)).as(n.masked()).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("of 16 threads reserving sends to one number under a cap of 3, exactly 3 get a slot")
  void reserveRace() throws Exception {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Boolean>> all = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String id = "race-" + i;
        all.add(pool.submit(() -> {
          go.await();
          return messageLog().reserveSend(m(id, MARKETING, T0, null), purposeCap(T0.minusSeconds(3600), 3));
        }));
      }
      go.countDown();
      int won = 0;
      for (java.util.concurrent.Future<Boolean> f : all) {
        won += f.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(won).isEqualTo(3);
      assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, T0.minusSeconds(3600))).hasSize(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("moves delivery state forward only")
  void monotonic() {
    messageLog().logMessage(m("m2", MARKETING, T0, "SM2"));
    assertThat(messageLog().updateDelivery(tenant, "SM2", DeliveryState.DELIVERED, null))
        .map(MessageRecord::state).contains(DeliveryState.DELIVERED);
    assertThat(messageLog().updateDelivery(tenant, "SM2", DeliveryState.SENT, null))
        .map(MessageRecord::state).contains(DeliveryState.DELIVERED);
    assertThat(messageLog().updateDelivery(tenant, "SM2", DeliveryState.FAILED, "30007"))
        .map(MessageRecord::state).contains(DeliveryState.DELIVERED);
    assertThat(messageLog().updateDelivery(tenant, "unknown", DeliveryState.SENT, null)).isEmpty();
    messageLog().logMessage(m("m3", MARKETING, T0, "SM3"));
    assertThat(messageLog().updateDelivery(tenant, "SM3", DeliveryState.UNDELIVERED, "21610"))
        .map(MessageRecord::errorCode).contains("21610");
  }

  @Test
  @DisplayName("counts gated sends per purpose in a window, not replies")
  void counts() {
    messageLog().logMessage(m("a", MARKETING, T0, "c1"));
    messageLog().logMessage(m("b", MARKETING, T0.plus(Duration.ofHours(2)), "c2"));
    messageLog().logMessage(m("c", ORDERS, T0.plus(Duration.ofHours(2)), "c3"));
    messageLog().logMessage(m("d", null, T0.plus(Duration.ofHours(2)), "c4"));
    assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, T0.plusSeconds(1)))
        .containsExactly(T0.plus(Duration.ofHours(2)));
    assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, T0)).hasSize(2);
    assertThat(messageLog().sendCounts(tenant, List.of(ALICE, BOB), MARKETING, T0)).containsExactly(Map.entry(ALICE, 2));
  }

  @Test
  @DisplayName("reads every field back exactly, replies and messages the carrier never accepted too")
  void roundTrip() {
    MessageRecord full = new MessageRecord(tenant, "m-full", ALICE, MARKETING, "deals", "SHOP", "twilio", "SM-full",
        T0.plusNanos(123_456_000), DeliveryState.SENT, null, "Sale 🎉 ünïcödé ✓ & = ; '--\nReply STOP to end");
    MessageRecord reply = new MessageRecord(tenant, "m-reply", ALICE, null, "deals", "+14155550000", "vonage", null,
        T0.plusSeconds(1), DeliveryState.FAILED, "30007", null);
    messageLog().logMessage(full);
    messageLog().logMessage(reply);
    assertThat(messageLog().messages(tenant, ALICE)).containsExactly(full, reply);
    assertThat(messageLog().messageByCarrierId(tenant, "SM-full")).contains(full);
  }

  @Test
  @DisplayName("lists a number's messages oldest first, whatever the order they were logged in, and only that number's")
  void oldestFirst() {
    MessageRecord late = m("m-late", MARKETING, T0.plus(Duration.ofHours(2)), "SM-late");
    MessageRecord early = m("m-early", MARKETING, T0, "SM-early");
    MessageRecord middle = m("m-middle", null, T0.plus(Duration.ofHours(1)), null);
    messageLog().logMessage(late);
    messageLog().logMessage(early);
    messageLog().logMessage(m(BOB, "m-bob", MARKETING, T0, "SM-bob"));
    messageLog().logMessage(middle);
    assertThat(messageLog().messages(tenant, ALICE)).containsExactly(early, middle, late);
    assertThat(messageLog().messages(tenant, CARA)).isEmpty();
  }

  @Test
  @DisplayName("a delivery report of the same rank or an earlier one changes nothing, the error code included;"
      + " a later one moves on, and every read shows it")
  void sameRank() {
    MessageRecord accepted = m("m1", MARKETING, T0, "SM1");
    messageLog().logMessage(accepted);
    assertThat(messageLog().updateDelivery(tenant, "SM1", DeliveryState.ACCEPTED, "x")).as("the same state")
        .contains(accepted);
    assertThat(messageLog().updateDelivery(tenant, "SM1", DeliveryState.UNDELIVERED, "30003"))
        .map(MessageRecord::state).contains(DeliveryState.UNDELIVERED);
    MessageRecord undelivered = messageLog().messageByCarrierId(tenant, "SM1").orElseThrow();
    assertThat(undelivered.errorCode()).isEqualTo("30003");
    assertThat(messageLog().updateDelivery(tenant, "SM1", DeliveryState.FAILED, "30007")).contains(undelivered);
    assertThat(messageLog().updateDelivery(tenant, "SM1", DeliveryState.DELIVERED, null)).contains(undelivered);
    assertThat(messageLog().updateDelivery(tenant, "SM1", DeliveryState.QUEUED, null)).contains(undelivered);
    assertThat(messageLog().messages(tenant, ALICE)).containsExactly(undelivered);
    MessageRecord read = messageLog().updateDelivery(tenant, "SM1", DeliveryState.READ, null).orElseThrow();
    assertThat(read).isEqualTo(undelivered.withDelivery(DeliveryState.READ, null));
    assertThat(messageLog().messages(tenant, ALICE)).containsExactly(read);
    assertThat(messageLog().messageByCarrierId(tenant, "SM1")).contains(read);
  }

  @Test
  @DisplayName("keep tenants apart: one carrier id in two tenants is two messages, and an update reaches only its own")
  void tenants() {
    MessageRecord mine = m("m1", MARKETING, T0, "SM1");
    messageLog().logMessage(mine);
    String first = tenant;
    tenant = first + "-other";
    assertThat(messageLog().messageByCarrierId(tenant, "SM1")).isEmpty();
    assertThat(messageLog().updateDelivery(tenant, "SM1", DeliveryState.DELIVERED, null)).isEmpty();
    assertThat(messageLog().messages(tenant, ALICE)).isEmpty();
    assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, T0)).isEmpty();
    assertThat(messageLog().sendCounts(tenant, List.of(ALICE), MARKETING, T0)).isEmpty();
    MessageRecord theirs = m(BOB, "m1", MARKETING, T0.plusSeconds(1), "SM1");
    messageLog().logMessage(theirs);
    assertThat(messageLog().updateDelivery(tenant, "SM1", DeliveryState.SENT, null))
        .contains(theirs.withDelivery(DeliveryState.SENT, null));
    tenant = first;
    assertThat(messageLog().messageByCarrierId(tenant, "SM1")).contains(mine);
    assertThat(messageLog().messages(tenant, ALICE)).containsExactly(mine);
    assertThat(messageLog().messages(tenant, BOB)).isEmpty();
  }

  @Test
  @DisplayName("send times: of one number and one purpose, from since inclusive, oldest first")
  void sendTimes() {
    Instant h1 = T0.plus(Duration.ofHours(1));
    Instant h2 = T0.plus(Duration.ofHours(2));
    messageLog().logMessage(m("a", MARKETING, h2, "c1"));
    messageLog().logMessage(m("b", MARKETING, T0, "c2"));
    messageLog().logMessage(m("c", MARKETING, h1, null));
    messageLog().logMessage(m("d", ORDERS, h1, "c4"));
    messageLog().logMessage(m(BOB, "e", MARKETING, h1, "c5"));
    assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, T0)).containsExactly(T0, h1, h2);
    assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, h1)).containsExactly(h1, h2);
    assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, h2.plusNanos(1_000))).isEmpty();
    assertThat(messageLog().sendTimes(tenant, ALICE, ORDERS, T0)).containsExactly(h1);
    assertThat(messageLog().sendTimes(tenant, BOB, MARKETING, T0)).containsExactly(h1);
    assertThat(messageLog().sendTimes(tenant, CARA, MARKETING, T0)).isEmpty();
  }

  @Test
  @DisplayName("send counts: per number for one purpose from since inclusive; numbers without a send are absent")
  void sendCounts() {
    Instant h1 = T0.plus(Duration.ofHours(1));
    messageLog().logMessage(m("a", MARKETING, T0, "c1"));
    messageLog().logMessage(m("b", MARKETING, h1, "c2"));
    messageLog().logMessage(m(BOB, "c", MARKETING, h1, "c3"));
    messageLog().logMessage(m(BOB, "d", ORDERS, h1, "c4"));
    messageLog().logMessage(m(CARA, "e", null, h1, "c5"));
    List<PhoneNumber> all = List.of(ALICE, BOB, CARA);
    assertThat(messageLog().sendCounts(tenant, all, MARKETING, T0)).containsOnly(Map.entry(ALICE, 2), Map.entry(BOB, 1));
    assertThat(messageLog().sendCounts(tenant, all, MARKETING, h1)).containsOnly(Map.entry(ALICE, 1), Map.entry(BOB, 1));
    assertThat(messageLog().sendCounts(tenant, all, ORDERS, T0)).containsOnly(Map.entry(BOB, 1));
    assertThat(messageLog().sendCounts(tenant, all, MARKETING, h1.plusSeconds(1))).isEmpty();
    assertThat(messageLog().sendCounts(tenant, List.of(), MARKETING, T0)).isEmpty();
  }

  @Test
  @DisplayName("send counts: reads more numbers than one round trip carries, with sends at both ends")
  void sendCountsOfManyNumbers() {
    List<PhoneNumber> asked = new ArrayList<>();
    for (int i = 0; i < 5_100; i++) {
      asked.add(PhoneNumber.parse("+49151" + (40_000_000 + i)));
    }
    List<PhoneNumber> messaged = List.of(asked.get(0), asked.get(1_000), asked.get(5_000), asked.get(5_099));
    for (int i = 0; i < messaged.size(); i++) {
      for (int k = 0; k <= i; k++) {
        messageLog().logMessage(m(messaged.get(i), "many-" + i + "-" + k, MARKETING, T0.plusSeconds(k), null));
      }
    }
    Map<PhoneNumber, Integer> got = messageLog().sendCounts(tenant, asked, MARKETING, T0);
    assertThat(got).containsOnly(Map.entry(messaged.get(0), 1), Map.entry(messaged.get(1), 2),
        Map.entry(messaged.get(2), 3), Map.entry(messaged.get(3), 4));
  }

  @Test
  @DisplayName("retention empties the bodies of messages sent before the cut-off (exclusive) in batches; entries stay")
  void purgeBodies() {
    Instant cutoff = T0.plusSeconds(2);
    messageLog().logMessage(m("m0", MARKETING, T0, "SM0"));
    messageLog().logMessage(m("m1", null, T0.plusSeconds(1), "SM1"));
    messageLog().logMessage(withoutBody(m("m-empty", MARKETING, T0, "SM-empty")));
    messageLog().logMessage(m("m2", MARKETING, cutoff, "SM2"));
    messageLog().logMessage(m(BOB, "m3", MARKETING, T0.plusSeconds(3), "SM3"));
    String first = tenant;
    tenant = first + "-other";
    MessageRecord theirs = m("m0", MARKETING, T0, "SM0");
    messageLog().logMessage(theirs);
    tenant = first;

    assertThat(messageLog().purgeMessageBodies(tenant, cutoff, 1)).isEqualTo(new PurgeResult(1, true));
    assertThat(messageLog().purgeMessageBodies(tenant, cutoff, 1)).isEqualTo(new PurgeResult(1, false));
    assertThat(messageLog().purgeMessageBodies(tenant, cutoff, 1)).isEqualTo(new PurgeResult(0, false));

    assertThat(messageLog().messages(tenant, ALICE)).extracting(MessageRecord::messageId, MessageRecord::body)
        .containsExactlyInAnyOrder(tuple("m0", null), tuple("m-empty", null), tuple("m1", null),
            tuple("m2", "Sale now on"));
    assertThat(messageLog().messageByCarrierId(tenant, "SM0")).contains(withoutBody(m("m0", MARKETING, T0, "SM0")));
    assertThat(messageLog().messageByCarrierId(tenant, "SM3").orElseThrow().body()).isEqualTo("Sale now on");
    assertThat(messageLog().sendTimes(tenant, ALICE, MARKETING, T0)).containsExactly(T0, T0, cutoff);
    assertThat(messageLog().messageByCarrierId(first + "-other", "SM0")).contains(theirs);
  }

  @Test
  @DisplayName("retention deletes messages sent before the cut-off (exclusive) in batches; they are no longer counted")
  void purgeEntries() {
    Instant cutoff = T0.plusSeconds(2);
    messageLog().logMessage(m("m0", MARKETING, T0, "SM0"));
    messageLog().logMessage(m(BOB, "m1", MARKETING, T0.plusSeconds(1), "SM1"));
    messageLog().logMessage(withoutBody(m("m-empty", null, T0, null)));
    MessageRecord kept = m("m2", MARKETING, cutoff, "SM2");
    messageLog().logMessage(kept);
    String first = tenant;
    tenant = first + "-other";
    MessageRecord theirs = m("m0", MARKETING, T0, "SM0");
    messageLog().logMessage(theirs);
    tenant = first;

    assertThat(messageLog().purgeMessages(tenant, cutoff, 2)).isEqualTo(new PurgeResult(2, true));
    assertThat(messageLog().purgeMessages(tenant, cutoff, 2)).isEqualTo(new PurgeResult(1, false));
    assertThat(messageLog().purgeMessages(tenant, cutoff, 2)).isEqualTo(new PurgeResult(0, false));

    assertThat(messageLog().messages(tenant, ALICE)).containsExactly(kept);
    assertThat(messageLog().messages(tenant, BOB)).isEmpty();
    assertThat(messageLog().messageByCarrierId(tenant, "SM0")).isEmpty();
    assertThat(messageLog().updateDelivery(tenant, "SM1", DeliveryState.DELIVERED, null)).isEmpty();
    assertThat(messageLog().sendCounts(tenant, List.of(ALICE, BOB), MARKETING, T0)).containsOnly(Map.entry(ALICE, 1));
    assertThat(messageLog().messageByCarrierId(first + "-other", "SM0")).contains(theirs);
  }

  @Test
  @DisplayName("retention refuses a limit below 1 and changes nothing")
  void purgeLimit() {
    MessageRecord a = m("m0", MARKETING, T0, "SM0");
    messageLog().logMessage(a);
    assertThatThrownBy(() -> messageLog().purgeMessageBodies(tenant, T0.plusSeconds(1), 0))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> messageLog().purgeMessages(tenant, T0.plusSeconds(1), 0))
        .isInstanceOf(InvalidInputException.class);
    assertThat(messageLog().messages(tenant, ALICE)).containsExactly(a);
  }

  private static MessageRecord withoutBody(MessageRecord m) {
    return new MessageRecord(m.tenant(), m.messageId(), m.number(), m.purposeId(), m.programId(), m.sender(),
        m.carrier(), m.carrierMessageId(), m.sentAt(), m.state(), m.errorCode(), null);
  }
}
