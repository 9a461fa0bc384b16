package dev.consent.reliability;

import dev.consent.CarrierAction;
import dev.consent.policy.Intent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * One step of a model run, as data: generated from a seed before the run, so that a failing run
 * can be replayed and shortened. Choices that depend on the state (which request, which code) are
 * resolved when the step runs.
 */
sealed interface Op {

  /** Where an injected store fault strikes during the step, if any. */
  record Fault(int call, FaultyStore.Mode mode, boolean down) {}

  /** A step and the fault injected while it runs. */
  /** A step, the fault injected while it runs, and the instance (kit with its own clock) that runs it. */
  record Step(Op op, @Nullable Fault fault, int instance) {
    Step(Op op, @Nullable Fault fault) {
      this(op, fault, 0);
    }

    @Override
    public String toString() {
      return op + " on instance " + instance
          + (fault == null ? "" : " with " + (fault.down() ? "store down" : fault.mode() + " call " + fault.call()));
    }
  }

  record WebStart(int n) implements Op {}

  record WebConfirm(int n, boolean latest, boolean rightCode, int wrong) implements Op {}

  record Grant(int n, String purpose, long backSeconds) implements Op {}

  record Withdraw(int n, @Nullable String purpose) implements Op {}

  record HostSuppress(int n) implements Op {}

  record Inbound(int n, String sender, int phrase, boolean authenticated, long lateSeconds, boolean defer)
      implements Op {}

  record DeliverDeferred(int pick) implements Op {}

  record Redeliver(int pick) implements Op {}

  record Check(int n, String purpose) implements Op {}

  record Send(int n, String purpose) implements Op {}

  record Campaign(String purpose) implements Op {}

  record OptOutReport(int pick, int scope) implements Op {}

  record Expire() implements Op {}

  record Advance(long seconds) implements Op {}

  record DstJump(int zone, long secondsBefore) implements Op {}

  /** The host erases the person behind the number (GDPR Art. 17). */
  record Erase(int n) implements Op {}

  /** The host's scheduler runs retention until nothing more is due. */
  record RetentionRun() implements Op {}

  /**
   * A message sent with {@code sendOrDefer}: held when quiet hours or a cap refuse it and time lifts
   * the refusal within {@code hours}.
   */
  record SendOrDefer(int n, String purpose, int hours) implements Op {}

  /** The host's scheduler releases the held messages that are due. */
  record ReleaseDue() implements Op {}

  /** What people text, with what the rules say it means; codes are filled in when the step runs. */
  record Phrase(String text, Intent intent, CarrierAction action) {
    static final String RIGHT_CODE = "<right code>";
    static final String WRONG_CODE = "<wrong code>";
  }

  List<Phrase> PHRASES = phrases();

  private static List<Phrase> phrases() {
    List<Phrase> p = new ArrayList<>();
    for (String s : new String[] {"STOP", "stop", " Stop. ", "Stop texting me", "please stop texting me", "ARRET",
        "arrêt", "BAJA", "unsubscribe", "ＳＴＯＰ", "STOP 🛑", "🛑 stop", "QUIT", "cancel", "END", "Opt-out", "OPT OUT",
        "remove me", "wrong number", "S\u200BTOP", "STOP\u0000", "HALT", "stopp", "СТОП", "Stop!!!", "no more texts",
        "St0p", "\u200FSTOP\u200F"}) {
      p.add(new Phrase(s, Intent.OPT_OUT, CarrierAction.NONE));
    }
    p.add(new Phrase("STOP", Intent.OPT_OUT, CarrierAction.OPT_OUT));
    p.add(new Phrase("stop", Intent.OPT_OUT, CarrierAction.OPT_OUT));
    for (String s : new String[] {"STOPALL", "STOP ALL", "stop all"}) {
      p.add(new Phrase(s, Intent.OPT_OUT_ALL, CarrierAction.NONE));
    }
    for (String s : new String[] {"START", "UNSTOP", "start"}) {
      p.add(new Phrase(s, Intent.OPT_IN, CarrierAction.NONE));
    }
    p.add(new Phrase("START", Intent.OPT_IN, CarrierAction.OPT_IN));
    for (String s : new String[] {"YES", "yes", "Y"}) {
      p.add(new Phrase(s, Intent.CONFIRM, CarrierAction.NONE));
    }
    for (String s : new String[] {"HELP", "INFO", "AIDE"}) {
      p.add(new Phrase(s, Intent.HELP, CarrierAction.NONE));
    }
    for (String s : new String[] {"JOIN", "DEALS", "NEWS", "join", "hello", "what is this?", "maybe later",
        "\u202EPOTS"}) {
      // "what is this?" asks who is sending: HELP (CTIA; keyword catalogues, issue 15)
      p.add(new Phrase(s, s.equals("what is this?") ? Intent.HELP : Intent.OTHER, CarrierAction.NONE));
    }
    p.add(new Phrase(Phrase.RIGHT_CODE, Intent.OTHER, CarrierAction.NONE));
    p.add(new Phrase(Phrase.RIGHT_CODE, Intent.OTHER, CarrierAction.NONE));
    p.add(new Phrase(Phrase.WRONG_CODE, Intent.OTHER, CarrierAction.NONE));
    return List.copyOf(p);
  }

  /** A phrase index: opt-outs are most of the list, so they are drawn at a set rate instead. */
  private static int phrase(SplittableRandom r) {
    int roll = r.nextInt(100);
    Intent want = roll < 30 ? Intent.OPT_OUT : roll < 34 ? Intent.OPT_OUT_ALL : roll < 48 ? Intent.OPT_IN
        : roll < 58 ? Intent.CONFIRM : roll < 66 ? Intent.HELP : Intent.OTHER;
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < PHRASES.size(); i++) {
      if (PHRASES.get(i).intent() == want) {
        candidates.add(i);
      }
    }
    return candidates.get(r.nextInt(candidates.size()));
  }

  /** Base weights of the step kinds, in the order {@link #randomOp} reads them. */
  double[] WEIGHTS = {8, 6, 5, 3, 1, 27, 4, 4, 10, 8, 3, 3, 3, 3, 12, 1, 3, 6, 6};

  /**
   * Weights for one run ("swarm testing"): each kind's weight is scaled by 0, 1/2, 1 or 2, so that
   * some runs pile up what others never do (pending requests that run out, carrier reports, ...).
   */
  static double[] swarm(SplittableRandom r) {
    double[] w = WEIGHTS.clone();
    double[] scale = {0, 0.5, 1, 2};
    for (int i = 0; i < w.length; i++) {
      w[i] *= scale[r.nextInt(scale.length)];
    }
    w[5] = Math.max(w[5], 5);
    w[14] = Math.max(w[14], 3);
    return w;
  }

  /** A random step; {@code faultRate} of them run with a store fault. */
  static Step random(SplittableRandom r, int numbers, double faultRate, double[] weights) {
    Op op = randomOp(r, numbers, weights);
    Fault fault = null;
    if (r.nextDouble() < faultRate) {
      boolean down = r.nextInt(5) == 0;
      fault = new Fault(1 + r.nextInt(r.nextBoolean() ? 4 : 12),
          r.nextBoolean() ? FaultyStore.Mode.BEFORE : FaultyStore.Mode.AFTER, down);
    }
    return new Step(op, fault, r.nextInt(ModelRun.INSTANCES));
  }

  private static int pick(SplittableRandom r, double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double x = r.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
    return weights.length - 1;
  }

  private static Op randomOp(SplittableRandom r, int numbers, double[] weights) {
    int n = r.nextInt(numbers);
    String purpose = Model.PURPOSES.get(r.nextInt(3));
    switch (pick(r, weights)) {
      case 0:
        return new WebStart(n);
      case 1:
        return new WebConfirm(n, r.nextInt(10) < 8, r.nextInt(10) < 6, r.nextInt(4));
      case 2: {
        String p = r.nextInt(4) == 0 ? Model.PURPOSES.get(r.nextInt(3)) : Model.N;
        return new Grant(n, p, r.nextInt(4) == 0 ? r.nextLong(1, 7 * 24 * 3600) : 0);
      }
      case 3:
        return new Withdraw(n, r.nextBoolean() ? null : purpose);
      case 4:
        return new HostSuppress(n);
      case 5: {
        int s = r.nextInt(20);
        String sender = s < 13 ? Model.S1 : s < 19 ? Model.S2 : Model.UNKNOWN_SENDER;
        boolean late = r.nextInt(8) == 0;
        return new Inbound(n, sender, phrase(r), r.nextInt(10) < 9, late ? r.nextLong(1, 3 * 3600) : 0,
            r.nextInt(8) == 0);
      }
      case 6:
        return new DeliverDeferred(r.nextInt(1000));
      case 7:
        return new Redeliver(r.nextInt(1000));
      case 8:
        return new Check(n, purpose);
      case 9:
        return new Send(n, purpose);
      case 10:
        return new Campaign(purpose);
      case 11:
        return new OptOutReport(r.nextInt(1000), r.nextInt(4));
      case 12:
        return new Expire();
      case 13:
        return new DstJump(r.nextInt(2), r.nextLong(0, 3 * 3600));
      case 15:
        return new Erase(n);
      case 16:
        return new RetentionRun();
      case 17:
        // mostly the newsletter: single opt-in (granted often) and capped at 1 a week, so often held
        return new SendOrDefer(n, r.nextBoolean() ? Model.N : purpose, new int[] {12, 72, 720, 720}[r.nextInt(4)]);
      case 18:
        return new ReleaseDue();
      default:
        break;
    }
    int k = r.nextInt(20);
    long seconds = k < 12 ? r.nextLong(1, 3600) : k < 17 ? r.nextLong(3600, 30 * 3600) : k < 19
        ? r.nextLong(30 * 3600, 10 * 24 * 3600) : r.nextLong(20 * 24 * 3600L, 50 * 24 * 3600L);
    return new Advance(seconds);
  }
}
