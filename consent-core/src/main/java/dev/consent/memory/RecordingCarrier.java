package dev.consent.memory;

import dev.consent.CarrierError;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.spi.OutgoingSms;
import dev.consent.spi.SendResult;
import dev.consent.spi.SmsCarrier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated carrier that records every message instead of sending it. Host applications use it
 * in their tests; it can be told to fail the next sends or to report that a recipient opted out, as
 * a real carrier would.
 *
 * <pre>{@code
 * RecordingCarrier carrier = new RecordingCarrier();
 * carrier.reportOptOut(number, "+14155550100");   // from now on, its sends to the number: an opt-out
 * assertThat(carrier.sentTo(number)).hasSize(1);
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class RecordingCarrier implements SmsCarrier {

  /** One message the carrier accepted. */
  public record Sent(OutgoingSms sms, String carrierMessageId) {}

  private final String name;
  private final List<Sent> sent = new ArrayList<>();
  private final ArrayDeque<CarrierError> scriptedFailures = new ArrayDeque<>();
  private final Map<PhoneNumber, String> optedOut = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();

  public RecordingCarrier() {
    this("recording");
  }

  public RecordingCarrier(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public SendResult send(OutgoingSms sms) {
    String scope = optedOut.get(sms.to());
    if (scope != null && (scope.equals(Suppression.ALL) || scope.equals(Suppression.senderScope(sms.from())))) {
      return new SendResult.Rejected(CarrierError.optedOut("OPTED_OUT", "recipient opted out", scope));
    }
    synchronized (this) {
      CarrierError failure = scriptedFailures.poll();
      if (failure != null) {
        return new SendResult.Rejected(failure);
      }
      String id = "RC" + String.format("%010d", ids.incrementAndGet());
      sent.add(new Sent(sms, id));
      return new SendResult.Accepted(id);
    }
  }

  /** The next send fails with {@code error} (queued: call again to fail several in a row). */
  public synchronized RecordingCarrier failNext(CarrierError error) {
    scriptedFailures.add(error);
    return this;
  }

  /** From now on, sends to {@code number} from {@code sender} come back as an opt-out scoped to that sender. */
  public RecordingCarrier reportOptOut(PhoneNumber number, String sender) {
    optedOut.put(number, Suppression.senderScope(sender));
    return this;
  }

  /** Every message accepted so far, in order. */
  public synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Bodies of the messages accepted for one number, in order. */
  public synchronized List<String> sentTo(PhoneNumber number) {
    return sent.stream().filter(s -> s.sms().to().equals(number)).map(s -> s.sms().body()).toList();
  }

  /** The last message accepted for one number. */
  public synchronized Optional<Sent> lastTo(PhoneNumber number) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).sms().to().equals(number)) {
        return Optional.of(sent.get(i));
      }
    }
    return Optional.empty();
  }

  /** Forgets what was sent, scripted failures and opt-outs. */
  public synchronized void reset() {
    sent.clear();
    scriptedFailures.clear();
    optedOut.clear();
  }
}
