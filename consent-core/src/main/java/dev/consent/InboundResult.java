package dev.consent;

import java.util.List;

/**
 * What {@link InboundHandler#handle} did with one inbound message.
 *
 * @since 0.1
 */
public sealed interface InboundResult {

  /** Whether a reply (confirmation, HELP text, clarification) was sent. */
  boolean replied();

  /** Consent withdrawn for these purposes; {@code suppressedAll} when the scope was everything. */
  record OptedOut(List<String> purposeIds, boolean suppressedAll, boolean replied) implements InboundResult {
    public OptedOut {
      purposeIds = List.copyOf(purposeIds);
    }
  }

  /** Consent given (START/UNSTOP after an opt-out, or a keyword opt-in for a single opt-in purpose). */
  record OptedIn(List<String> purposeIds, boolean replied) implements InboundResult {
    public OptedIn {
      purposeIds = List.copyOf(purposeIds);
    }
  }

  /** A double opt-in request was confirmed by this reply (YES or the code). */
  record Confirmed(String requestId, List<String> purposeIds, boolean replied) implements InboundResult {
    public Confirmed {
      purposeIds = List.copyOf(purposeIds);
    }

    /** The request id hidden. */
    @Override
    public String toString() {
      return "Confirmed[requestId=" + LogText.HIDDEN + ", purposeIds=" + purposeIds + ", replied=" + replied + "]";
    }
  }

  /** A keyword started a double opt-in; the confirmation request was sent. */
  record OptInRequested(String requestId, boolean replied) implements InboundResult {
    /** The request id hidden. */
    @Override
    public String toString() {
      return "OptInRequested[requestId=" + LogText.HIDDEN + ", replied=" + replied + "]";
    }
  }

  /** HELP: the program's help text was sent. */
  record Help(boolean replied) implements InboundResult {}

  /** Unclear wording: answered once with a clarification and reported for review. */
  record Unclear(boolean replied) implements InboundResult {}

  /**
   * Nothing to do: an ordinary message, an opt-in word with nothing to confirm or restore, or an
   * opt-in from an unauthenticated webhook (never trusted).
   */
  record Ignored(String why) implements InboundResult {
    @Override
    public boolean replied() {
      return false;
    }
  }

  /**
   * The webhook could not be verified: nothing was applied, recorded in the ledger or answered. The
   * message was put in quarantine to be confirmed with the carrier's API ({@code kept}), or, when a
   * quarantine budget was full or the same id is already held, not kept ({@code why} says which).
   *
   * @since 0.4
   */
  record Quarantined(String why, boolean kept) implements InboundResult {
    @Override
    public boolean replied() {
      return false;
    }
  }

  /** The carrier's message id was already handled; nothing changed. */
  record Duplicate() implements InboundResult {
    @Override
    public boolean replied() {
      return false;
    }
  }
}
