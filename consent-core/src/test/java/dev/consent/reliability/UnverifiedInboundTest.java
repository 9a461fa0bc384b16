package dev.consent.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.consent.CarrierAction;
import dev.consent.Channel;
import dev.consent.ConsentEvent;
import dev.consent.ConsentMethod;
import dev.consent.ConsentState;
import dev.consent.DeliveryReport;
import dev.consent.DeliveryState;
import dev.consent.EventKind;
import dev.consent.GrantRequest;
import dev.consent.InboundAlarm;
import dev.consent.InboundHealth;
import dev.consent.InboundMessage;
import dev.consent.InboundResult;
import dev.consent.InboundSettings;
import dev.consent.Notice;
import dev.consent.OutboundMessage;
import dev.consent.PhoneNumber;
import dev.consent.Program;
import dev.consent.Purpose;
import dev.consent.QuarantineReport;
import dev.consent.SendOutcome;
import dev.consent.Suppression;
import dev.consent.internal.Quarantine;
import dev.consent.kit.ConsentKit;
import dev.consent.memory.InMemoryConsentStore;
import dev.consent.memory.RecordingCarrier;
import dev.consent.spi.InboundConfirmation;
import dev.consent.spi.InboundConfirmer;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.spi.SmsCarrier;
import dev.consent.testkit.LogCheck;
import dev.consent.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * Unverified inbound under attack and under misconfiguration, as in production: forged STOPs and
 * HELPs in bulk, a forged request that pre-claims the id of a real STOP, a flood against the
 * quarantine's budgets, a burst of signature failures (the alarm), and a genuine STOP that arrives
 * unverified because the host's webhook URL is wrong and is applied once the carrier confirms it.
 */
@ExtendWith(LogCheck.class)
@DisplayName("Unverified inbound")
class UnverifiedInboundTest {
  static final String CARRIER = "twilio";
  static final String SENDER = "+14155550100";
  static final String UNKNOWN_SENDER = "+14155550999";
  static final String MARKETING = "marketing.promotions";
  static final Program DEALS = Program.of("deals", "ACME Deals", SENDER, "Up to 4 msgs/month",
      "ACME Deals: help at acme.example/help. Reply STOP to cancel.");
  static final Purpose MARKETING_PURPOSE = Purpose.marketing(MARKETING, "Offers by SMS", DEALS, null);
  static final Notice NOTICE = new Notice(MARKETING, "v1", "en", "Yes, text me ACME Deals offers. Reply STOP to cancel.");

  /** A confirmer that answers from what "the carrier" really received; unknown ids are forged. */
  static final class FakeCarrierApi implements InboundConfirmer {
    final Map<String, InboundMessage> received = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    volatile boolean down;

    @Override
    public String name() {
      return CARRIER;
    }

    @Override
    public InboundConfirmation confirm(String messageId) {
      calls.incrementAndGet();
      if (down) {
        return new InboundConfirmation.Unavailable("HTTP 503");
      }
      InboundMessage m = received.get(messageId);
      return m == null ? new InboundConfirmation.NotFound("HTTP 404")
          : new InboundConfirmation.Confirmed(m, Map.of("resource", "Messages/" + messageId, "direction", "inbound"));
    }
  }

  final MutableClock clock = MutableClock.at(Instant.parse("2026-03-02T16:00:00Z"));
  final RecordingCarrier carrier = new RecordingCarrier(CARRIER);
  final InMemoryConsentStore store = new InMemoryConsentStore();
  final FakeCarrierApi api = new FakeCarrierApi();
  final List<InboundAlarm> alarms = new ArrayList<>();
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  final Logger quarantineLog = (Logger) LoggerFactory.getLogger(Quarantine.class);
  int ids;

  @BeforeEach
  void captureLogs() {
    logs.start();
    quarantineLog.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    quarantineLog.detachAppender(logs);
  }

  ConsentKit kit(InboundSettings settings, InboundConfirmer... confirmers) {
    return ConsentKit.builder().store(store).carrier(carrier).clock(clock).purposes(MARKETING_PURPOSE).notices(NOTICE)
        .inbound(settings).inboundConfirmers(confirmers).onInboundAlarm(alarms::add).build();
  }

  static PhoneNumber customer(int i) {
    return PhoneNumber.parse(String.format("+1212555%04d", i));
  }

  void grant(ConsentKit kit, PhoneNumber n) {
    kit.registry().grant(GrantRequest.of(n, MARKETING, ConsentMethod.SMS_KEYWORD, Channel.SMS, "v1",
        Map.of("inboundMessageId", "SM-join-" + n.e164().substring(8))));
  }

  InboundMessage sms(PhoneNumber from, String to, String body, boolean verified) {
    return new InboundMessage(CARRIER, "SM" + String.format("%032x", ++ids), from, to, body, clock.instant(), verified,
        CarrierAction.NONE, null);
  }

  long errors() {
    return logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).count();
  }

  @Nested
  @DisplayName("forged in bulk")
  class Forged {
    @Test
    @DisplayName("200 forged STOPs withdraw nobody, send nothing and mark no id handled; the carrier's 404 drops them")
    void forgedStops() {
      ConsentKit kit = kit(InboundSettings.defaults(), api);
      for (int i = 0; i < 200; i++) {
        grant(kit, customer(i));
      }
      List<InboundMessage> forged = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        InboundMessage m = sms(customer(i), SENDER, i % 2 == 0 ? "STOP" : "STOPALL", false);
        forged.add(m);
        InboundResult r = kit.inbound().handle(m);
        assertThat(r).isInstanceOf(InboundResult.Quarantined.class);
        assertThat(((InboundResult.Quarantined) r).kept()).as("the carrier said 404: dropped").isFalse();
      }
      for (int i = 0; i < 200; i++) {
        assertThat(kit.registry().status(customer(i), MARKETING).state()).isEqualTo(ConsentState.GRANTED);
        assertThat(kit.registry().suppressions(customer(i))).isEmpty();
        assertThat(store.inboundHandled(kit.tenant(), CARRIER, forged.get(i).messageId())).isFalse();
      }
      assertThat(carrier.sent()).isEmpty();
      InboundHealth h = kit.inbound().health();
      assertThat(h.forged()).isEqualTo(200);
      assertThat(h.quarantined()).isZero();
      assertThat(kit.registry().verify().isIntact()).isTrue();
    }

    @Test
    @DisplayName("200 forged STOPs with no confirmer stay quarantined, withdraw nobody, and expire at the maximum age")
    void forgedStopsWithoutConfirmer() {
      ConsentKit kit = kit(InboundSettings.defaults());
      for (int i = 0; i < 200; i++) {
        grant(kit, customer(i));
        assertThat(kit.inbound().handle(sms(customer(i), SENDER, "STOP", false)))
            .isInstanceOf(InboundResult.Quarantined.class);
      }
      assertThat(kit.inbound().health().quarantined()).isEqualTo(200);
      assertThat(kit.inbound().health().confirmationPossible()).isFalse();
      assertThat(kit.inbound().confirmQuarantined()).isEqualTo(new QuarantineReport(0, 0, 0, 0, false));
      clock.advance(Duration.ofDays(3));
      QuarantineReport report = kit.inbound().confirmQuarantined();
      assertThat(report.expired()).isEqualTo(100);
      assertThat(report.moreDue()).isTrue();
      assertThat(kit.inbound().confirmQuarantined().expired()).isEqualTo(100);
      assertThat(kit.inbound().health().expired()).isEqualTo(200);
      assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.ERROR
          && e.getFormattedMessage().contains("given up"))).as("one ERROR per run, not per item").hasSize(2);
      assertThat(kit.inbound().health().quarantined()).isZero();
      for (int i = 0; i < 200; i++) {
        assertThat(kit.registry().status(customer(i), MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      }
      assertThat(carrier.sent()).isEmpty();
    }

    @Test
    @DisplayName("500 forged HELPs make the business send nothing (no SMS pumping)")
    void forgedHelps() {
      ConsentKit kit = kit(InboundSettings.defaults(), api);
      for (int i = 0; i < 500; i++) {
        InboundResult r = kit.inbound().handle(sms(customer(i), SENDER, i % 3 == 0 ? "HELP" : "INFO", false));
        assertThat(r.replied()).isFalse();
      }
      assertThat(carrier.sent()).isEmpty();
    }

    @Test
    @DisplayName("a forged request that pre-claims a carrier id never shadows the signed STOP with that id")
    void preClaimedId() {
      ConsentKit kit = kit(InboundSettings.defaults());
      PhoneNumber victim = customer(1);
      grant(kit, victim);
      InboundMessage forged = new InboundMessage(CARRIER, "SM-real-stop", customer(2), SENDER, "hello", clock.instant(),
          false, CarrierAction.NONE, null);
      assertThat(kit.inbound().handle(forged)).isInstanceOf(InboundResult.Quarantined.class);
      InboundMessage signed = new InboundMessage(CARRIER, "SM-real-stop", victim, SENDER, "STOP", clock.instant(), true,
          CarrierAction.NONE, null);
      assertThat(kit.inbound().handle(signed)).isInstanceOf(InboundResult.OptedOut.class);
      assertThat(kit.registry().status(victim, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(kit.inbound().handle(signed)).isInstanceOf(InboundResult.Duplicate.class);
    }

    @Test
    @DisplayName("a flood from 8 threads never holds more than the budgets, and the full quarantine warns once")
    void budgetsUnderFlood() throws Exception {
      ConsentKit kit = kit(InboundSettings.defaults().withQuarantineBudget(500, 3));
      ExecutorService pool = Executors.newFixedThreadPool(8);
      AtomicInteger kept = new AtomicInteger();
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            for (int i = 0; i < 250; i++) {
              PhoneNumber from = customer(thread * 1000 + i);
              InboundMessage m = new InboundMessage(CARRIER, "SM-f-" + thread + "-" + i, from, SENDER, "STOP",
                  clock.instant(), false, CarrierAction.NONE, null);
              if (((InboundResult.Quarantined) kit.inbound().handle(m)).kept()) {
                kept.incrementAndGet();
              }
            }
          }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(kept.get()).isEqualTo(500);
      assertThat(kit.inbound().health().quarantined()).isEqualTo(500);
      for (int i = 0; i < 10; i++) {
        kit.inbound().handle(sms(customer(9000), SENDER, "STOP", false));
      }
      assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.WARN
          && e.getFormattedMessage().contains("quarantine of unverified inbound is full"))).hasSize(1);
      assertThat(carrier.sent()).isEmpty();
    }

    @Test
    @DisplayName("one claimed sender holds at most its budget (3), others still fit")
    void senderBudget() {
      ConsentKit kit = kit(InboundSettings.defaults());
      int kept = 0;
      for (int i = 0; i < 50; i++) {
        kept += ((InboundResult.Quarantined) kit.inbound().handle(sms(customer(7), SENDER, "STOP", false))).kept() ? 1 : 0;
      }
      assertThat(kept).isEqualTo(3);
      assertThat(((InboundResult.Quarantined) kit.inbound().handle(sms(customer(8), SENDER, "STOP", false))).kept())
          .isTrue();
    }
  }

  @Nested
  @DisplayName("the alarm")
  class Alarm {
    @Test
    @DisplayName("a burst of signature failures raises one ERROR per window naming the likely cause, and health shows it")
    void burst() {
      ConsentKit kit = kit(InboundSettings.defaults());
      for (int i = 0; i < 4; i++) {
        kit.inbound().handle(sms(customer(i), SENDER, "STOP", false));
        clock.advance(Duration.ofSeconds(30));
      }
      assertThat(errors()).isZero();
      assertThat(kit.inbound().health().alarm()).isFalse();
      for (int i = 4; i < 40; i++) {
        kit.inbound().handle(sms(customer(i), SENDER, "STOP", false));
        clock.advance(Duration.ofSeconds(5));
      }
      assertThat(errors()).isEqualTo(1);
      assertThat(alarms).singleElement().satisfies(a -> {
        assertThat(a.carrier()).isEqualTo(CARRIER);
        assertThat(a.unverified()).isEqualTo(5);
        assertThat(a.likelyCause()).contains("webhook URL").contains("https").contains("auth token");
      });
      String logged = logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).findFirst().orElseThrow()
          .getFormattedMessage();
      assertThat(logged).contains("twilio").contains("webhook URL").contains("no confirmer");
      InboundHealth h = kit.inbound().health();
      assertThat(h.alarm()).isTrue();
      assertThat(h.unverifiedInWindow()).containsEntry(CARRIER, 40);
      assertThat(h.quarantined()).isEqualTo(40);
      assertThat(h.oldestQuarantined()).isEqualTo(Duration.ofSeconds(4 * 30 + 36 * 5));
      assertThat(h.confirmationPossible()).isFalse();

      clock.advance(Duration.ofMinutes(11));
      assertThat(kit.inbound().health().alarm()).as("quiet for a window").isFalse();
      assertThat(kit.inbound().health().unverifiedInWindow()).isEmpty();
      for (int i = 0; i < 5; i++) {
        kit.inbound().handle(sms(customer(100 + i), SENDER, "STOP", false));
      }
      assertThat(errors()).as("a new burst in a new window").isEqualTo(2);
      assertThat(alarms).hasSize(2);
    }

    @Test
    @DisplayName("verified traffic never counts toward the alarm")
    void verifiedDoesNotCount() {
      ConsentKit kit = kit(InboundSettings.defaults().withAlarm(2, Duration.ofMinutes(1)));
      for (int i = 0; i < 20; i++) {
        kit.inbound().handle(sms(customer(i), SENDER, "hello", true));
      }
      assertThat(kit.inbound().health().alarm()).isFalse();
      assertThat(alarms).isEmpty();
    }
  }

  @Nested
  @DisplayName("confirmation with the carrier")
  class Confirmation {
    @Test
    @DisplayName("a genuine STOP behind a misconfigured URL is applied once the carrier confirms it, with its evidence")
    void genuineStopBehindWrongUrl() {
      ConsentKit kit = kit(InboundSettings.defaults(), api);
      PhoneNumber n = customer(5);
      grant(kit, n);
      InboundMessage asReceived = sms(n, SENDER, "STOP", false);
      InboundMessage carrierRecord = new InboundMessage(CARRIER, asReceived.messageId(), n, SENDER, "STOP",
          asReceived.receivedAt(), true, CarrierAction.NONE, null);
      api.down = true;
      assertThat(kit.inbound().handle(asReceived)).isEqualTo(
          new InboundResult.Quarantined("unverified; kept to be confirmed with the carrier later", true));
      assertThat(kit.registry().status(n, MARKETING).state()).isEqualTo(ConsentState.GRANTED);

      api.down = false;
      api.received.put(asReceived.messageId(), carrierRecord);
      assertThat(kit.inbound().confirmQuarantined()).as("not due before the first back-off")
          .isEqualTo(new QuarantineReport(0, 0, 0, 0, false));
      clock.advance(Duration.ofMinutes(1));
      assertThat(kit.inbound().confirmQuarantined()).isEqualTo(new QuarantineReport(1, 0, 0, 0, false));
      assertThat(kit.registry().status(n, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      ConsentEvent withdrawn = kit.registry().history(n).stream().filter(e -> e.kind() == EventKind.WITHDRAWN)
          .findFirst().orElseThrow();
      assertThat(withdrawn.evidence()).containsEntry("confirmedBy", CARRIER)
          .containsEntry("confirmation.resource", "Messages/" + asReceived.messageId())
          .containsEntry("inboundMessageId", asReceived.messageId()).containsEntry("authenticated", "true");
      assertThat(carrier.sentTo(n)).as("the confirmed STOP gets its one confirmation").hasSize(1);
      assertThat(kit.inbound().health().quarantined()).isZero();
      assertThat(kit.inbound().handle(carrierRecord)).as("the carrier's retried webhook, now verified")
          .isInstanceOf(InboundResult.Duplicate.class);
    }

    @Test
    @DisplayName("a carrier that confirms at once: the unverified STOP is applied on arrival")
    void confirmedAtOnce() {
      ConsentKit kit = kit(InboundSettings.defaults(), api);
      PhoneNumber n = customer(6);
      grant(kit, n);
      InboundMessage asReceived = sms(n, SENDER, "STOP", false);
      api.received.put(asReceived.messageId(), new InboundMessage(CARRIER, asReceived.messageId(), n, SENDER, "STOP",
          asReceived.receivedAt(), true, CarrierAction.NONE, null));
      assertThat(kit.inbound().handle(asReceived)).isInstanceOf(InboundResult.OptedOut.class);
      assertThat(kit.registry().status(n, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
    }

    @Test
    @DisplayName("applies what the carrier recorded, not what the request claimed")
    void carrierRecordWins() {
      ConsentKit kit = kit(InboundSettings.defaults(), api);
      PhoneNumber real = customer(10);
      PhoneNumber claimed = customer(11);
      grant(kit, real);
      grant(kit, claimed);
      InboundMessage tampered = sms(claimed, SENDER, "STOP", false);
      api.received.put(tampered.messageId(), new InboundMessage(CARRIER, tampered.messageId(), real, SENDER,
          "thanks!", tampered.receivedAt(), true, CarrierAction.NONE, null));
      assertThat(kit.inbound().handle(tampered)).isNotInstanceOf(InboundResult.OptedOut.class);
      assertThat(kit.registry().status(claimed, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
      assertThat(kit.registry().status(real, MARKETING).state()).isEqualTo(ConsentState.GRANTED);
    }

    @Test
    @DisplayName("backs off while the carrier is unavailable (1, 2, 4 min ...), and gives up at the maximum age with one ERROR")
    void backOffThenExpire() {
      ConsentKit kit = kit(InboundSettings.defaults().withConfirmation(100, Duration.ofMinutes(1), Duration.ofMinutes(4),
          Duration.ofMinutes(30)), api);
      api.down = true;
      kit.inbound().handle(sms(customer(3), SENDER, "STOP", false));
      assertThat(api.calls.get()).isEqualTo(1);
      int[] waits = {1, 2, 4, 4};
      for (int w : waits) {
        clock.advance(Duration.ofMinutes(w).minusSeconds(1));
        kit.inbound().confirmQuarantined();
        int before = api.calls.get();
        clock.advance(Duration.ofSeconds(1));
        assertThat(kit.inbound().confirmQuarantined().pending()).isEqualTo(1);
        assertThat(api.calls.get()).isEqualTo(before + 1);
      }
      assertThat(errors()).isZero();
      clock.advance(Duration.ofMinutes(30));
      assertThat(kit.inbound().confirmQuarantined().expired()).isEqualTo(1);
      assertThat(errors()).isEqualTo(1);
      assertThat(kit.inbound().health().expired()).isEqualTo(1);
      assertThat(kit.inbound().health().quarantined()).isZero();
    }

    @Test
    @DisplayName("a confirmer that throws counts as unavailable, and a carrier that is a confirmer is used by default")
    void carrierAsConfirmer() {
      final class ConfirmingCarrier implements SmsCarrier, InboundConfirmer {
        int asked;

        @Override
        public String name() {
          return CARRIER;
        }

        @Override
        public SendResult send(OutgoingSms sms) {
          return carrier.send(sms);
        }

        @Override
        public InboundConfirmation confirm(String messageId) {
          asked++;
          throw new IllegalStateException("network");
        }
      }
      ConfirmingCarrier own = new ConfirmingCarrier();
      ConsentKit kit = ConsentKit.builder().store(store).carrier(own).clock(clock).purposes(MARKETING_PURPOSE)
          .notices(NOTICE).build();
      assertThat(kit.inbound().health().confirmers()).containsExactly(CARRIER);
      assertThat(((InboundResult.Quarantined) kit.inbound().handle(sms(customer(4), SENDER, "STOP", false))).kept())
          .isTrue();
      assertThat(own.asked).isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("replies")
  class Replies {
    @Test
    @DisplayName("a verified STOP to a number no program sends from withdraws all marketing, with no reply")
    void stopToUnknownSender() {
      ConsentKit kit = kit(InboundSettings.defaults());
      PhoneNumber n = customer(20);
      grant(kit, n);
      InboundResult r = kit.inbound().handle(sms(n, UNKNOWN_SENDER, "STOP", true));
      assertThat(r).isEqualTo(new InboundResult.OptedOut(List.of(MARKETING), false, false));
      assertThat(kit.registry().status(n, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
      assertThat(carrier.sent()).isEmpty();
    }

    @Test
    @DisplayName("HELP, unclear words and join keywords to a number no program sends from get no reply and no opt-in")
    void otherToUnknownSender() {
      ConsentKit kit = kit(InboundSettings.defaults());
      PhoneNumber n = customer(21);
      assertThat(kit.inbound().handle(sms(n, UNKNOWN_SENDER, "HELP", true)).replied()).isFalse();
      assertThat(kit.inbound().handle(sms(n, UNKNOWN_SENDER, "stop it maybe?", true)).replied()).isFalse();
      assertThat(kit.inbound().handle(sms(n, UNKNOWN_SENDER, "JOIN", true))).isInstanceOf(InboundResult.Ignored.class);
      assertThat(carrier.sent()).isEmpty();
      assertThat(kit.registry().status(n, MARKETING).state()).isNotEqualTo(ConsentState.GRANTED);
    }

    @Test
    @DisplayName("HELP is answered at most 3 times per hour per number")
    void helpRateLimited() {
      ConsentKit kit = kit(InboundSettings.defaults());
      PhoneNumber n = customer(22);
      int replied = 0;
      for (int i = 0; i < 10; i++) {
        replied += kit.inbound().handle(sms(n, SENDER, "HELP", true)).replied() ? 1 : 0;
      }
      assertThat(replied).isEqualTo(3);
      assertThat(kit.inbound().handle(sms(customer(23), SENDER, "HELP", true)).replied()).as("another number").isTrue();
      clock.advance(Duration.ofMinutes(61));
      assertThat(kit.inbound().handle(sms(n, SENDER, "HELP", true)).replied()).isTrue();
      assertThat(carrier.sentTo(n)).hasSize(4);
    }
  }

  @Test
  @DisplayName("a carrier opt-out report without an error code still suppresses the number and withdraws")
  void carrierOptOutWithoutCode() {
    ConsentKit kit = kit(InboundSettings.defaults());
    PhoneNumber n = customer(30);
    grant(kit, n);
    SendOutcome sent = kit.gate().send(OutboundMessage.of(n, MARKETING, "20% off"));
    String id = ((SendOutcome.Sent) sent).carrierMessageId();
    boolean matched = kit.inbound().handle(new DeliveryReport(CARRIER, id, DeliveryState.FAILED, null,
        Suppression.senderScope(SENDER), clock.instant()));
    assertThat(matched).isTrue();
    assertThat(kit.registry().suppressions(n)).extracting(Suppression::scope)
        .containsExactly(Suppression.senderScope(SENDER));
    assertThat(kit.registry().status(n, MARKETING).state()).isEqualTo(ConsentState.WITHDRAWN);
  }
}
