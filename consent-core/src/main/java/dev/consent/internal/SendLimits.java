package dev.consent.internal;

import dev.consent.DenyReason;
import dev.consent.FrequencyCap;
import dev.consent.GateDecision;
import dev.consent.MessageClass;
import dev.consent.Purpose;
import dev.consent.policy.Jurisdiction;
import dev.consent.spi.SendCap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The frequency caps one send must stay under: the jurisdiction's cap on the purpose (marketing
 * only), then each cap its program's frequency text declares. Immutable; the gate keeps one per
 * purpose and jurisdiction. Not API.
 */
final class SendLimits {
  static final SendLimits NONE = new SendLimits(List.of(), null, null);

  /** One cap, with what it counts and how a refusal names it. */
  record Limit(FrequencyCap cap, SendCap.Scope scope, String names) {}

  private final List<Limit> limits;
  private final @Nullable Duration purposeWindow;
  private final @Nullable Duration programWindow;

  private SendLimits(List<Limit> limits, @Nullable Duration purposeWindow, @Nullable Duration programWindow) {
    this.limits = limits;
    this.purposeWindow = purposeWindow;
    this.programWindow = programWindow;
  }

  static SendLimits of(Purpose purpose, Jurisdiction j) {
    List<Limit> out = new ArrayList<>();
    if (purpose.messageClass() == MessageClass.MARKETING && j.cap() != null) {
      FrequencyCap c = j.cap();
      out.add(new Limit(c, SendCap.Scope.PURPOSE,
          "at most " + c.max() + " messages of this purpose per " + c.window() + " (" + j.id() + ")"));
    }
    for (FrequencyCap c : purpose.program().declaredCaps()) {
      out.add(new Limit(c, SendCap.Scope.PROGRAM, "at most " + c.max() + " messages of program '"
          + purpose.program().id() + "' per " + c.window() + " (its declared frequency: " + purpose.program().frequency()
          + ")"));
    }
    return out.isEmpty() ? NONE : new SendLimits(List.copyOf(out), widest(out, SendCap.Scope.PURPOSE),
        widest(out, SendCap.Scope.PROGRAM));
  }

  private static @Nullable Duration widest(List<Limit> limits, SendCap.Scope scope) {
    return limits.stream().filter(l -> l.scope() == scope).map(l -> l.cap().window())
        .max(java.util.Comparator.naturalOrder()).orElse(null);
  }

  boolean isEmpty() {
    return limits.isEmpty();
  }

  /** The widest window of the purpose caps (read the purpose's sends from its start), or null for none. */
  @Nullable Duration purposeWindow() {
    return purposeWindow;
  }

  /** The widest window of the program caps, or null for none. */
  @Nullable Duration programWindow() {
    return programWindow;
  }

  /**
   * Whether every cap has room by counts taken over windows at least as wide as each cap's: the
   * purpose's sends and the program's. A false answer needs the exact send times ({@link #decide}).
   */
  boolean roomFor(int purposeCount, int programCount) {
    for (Limit l : limits) {
      if ((l.scope() == SendCap.Scope.PURPOSE ? purposeCount : programCount) >= l.cap().max()) {
        return false;
      }
    }
    return true;
  }

  /** Every cap's description, for a refusal that cannot tell which is full. */
  String describe() {
    return String.join("; ", limits.stream().map(Limit::names).toList());
  }

  /** The caps a store reserves against, in this order, their windows ending at {@code now}. */
  List<SendCap> sendCaps(Instant now) {
    List<SendCap> out = new ArrayList<>(limits.size());
    for (Limit l : limits) {
      out.add(new SendCap(l.scope(), windowStart(now, l.cap().window()), l.cap().max()));
    }
    return out;
  }

  /**
   * The refusal when a cap is full, given the sends each scope counts (oldest first, from at least
   * its widest window's start on), or null when every cap has room. When several are full, the one
   * that stays full longest speaks: its retry instant is the earliest at which all have room.
   */
  GateDecision.@Nullable Denied decide(List<Instant> purposeSends, List<Instant> programSends, Instant now) {
    GateDecision.Denied out = null;
    for (Limit l : limits) {
      List<Instant> sends = l.scope() == SendCap.Scope.PURPOSE ? purposeSends : programSends;
      Instant start = windowStart(now, l.cap().window());
      int from = 0;
      while (from < sends.size() && sends.get(from).isBefore(start)) {
        from++;
      }
      int counted = sends.size() - from;
      if (counted >= l.cap().max()) {
        Instant retry = sends.get(sends.size() - l.cap().max()).plus(l.cap().window());
        if (out == null || retry.isAfter(out.retryAt())) {
          out = new GateDecision.Denied(DenyReason.FREQUENCY_CAP, l.names(), retry);
        }
      }
    }
    return out;
  }

  /**
   * The refusal of a send a store found over one of its caps ({@code full.cap()}, one of {@code
   * reserved}, which {@link #sendCaps} made), from the counted send that has to leave that cap's
   * window first: no read.
   */
  GateDecision.Denied reached(List<SendCap> reserved, dev.consent.spi.CampaignReservation.CapReached full) {
    int i = reserved.indexOf(full.cap()); // reserved came from sendCaps: one cap per limit, in order
    if (i < 0) { // the store named a cap it was not given: refuse without a retry time
      return GateDecision.Denied.of(DenyReason.FREQUENCY_CAP, "a frequency cap is reached");
    }
    Limit l = limits.get(i);
    return new GateDecision.Denied(DenyReason.FREQUENCY_CAP, l.names(), full.blockingSend().plus(l.cap().window()));
  }

  /** Sends at or after this instant are inside a window ending now; one exactly a window old is not. */
  static Instant windowStart(Instant now, Duration window) {
    return now.minus(window).plus(Duration.ofNanos(1000));
  }
}
