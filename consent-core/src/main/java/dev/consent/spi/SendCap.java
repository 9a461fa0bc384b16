package dev.consent.spi;

import dev.consent.MessageRecord;
import dev.consent.error.InvalidInputException;
import dev.consent.internal.base.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A frequency cap a send must stay under when a store reserves it ({@link
 * MessageLogStore#reserveSend(MessageRecord, java.util.List)}, {@link CampaignSlot}): at most {@code
 * max} gated messages (those with a purpose; replies do not count) to the send's number, of the same
 * purpose or of the same program, sent at or after {@code since}, the new one included.
 *
 * @param scope which logged messages count: those of the send's purpose (a jurisdiction's cap) or of
 *     its program (the program's declared frequency, {@link dev.consent.Program#declaredCaps})
 * @param since messages sent at or after this instant count
 * @param max the most such messages allowed, the new one included, at least 1
 * @since 0.5
 */
public record SendCap(Scope scope, Instant since, int max) {

  /** Which logged messages a cap counts. */
  public enum Scope {
    /** Gated messages of the same purpose: the jurisdictions' caps ("on the same subject"). */
    PURPOSE,
    /** Gated messages of the same program, whatever their purpose: the program's declared frequency. */
    PROGRAM
  }

  public SendCap {
    Checks.notNull(scope, "cap scope");
    Checks.notNull(since, "cap start");
    if (max < 1) {
      throw new InvalidInputException("cap must allow at least one message");
    }
  }

  /** A cap on messages of the send's purpose. */
  public static SendCap purpose(Instant since, int max) {
    return new SendCap(Scope.PURPOSE, since, max);
  }

  /** A cap on messages of the send's program. */
  public static SendCap program(Instant since, int max) {
    return new SendCap(Scope.PROGRAM, since, max);
  }

  /**
   * A gated message already in the log, as caps see it.
   *
   * @param purposeId its purpose
   * @param programId its program
   * @param sentAt when it was sent (or reserved)
   */
  public record Logged(String purposeId, String programId, Instant sentAt) {
    public Logged {
      Checks.notNull(purposeId, "purpose id");
      Checks.notNull(programId, "program id");
      Checks.notNull(sentAt, "sent at");
    }

    /** The message as caps see it; null for a reply (no purpose), which no cap counts. */
    public static @Nullable Logged of(MessageRecord m) {
      return m.purposeId() == null ? null : new Logged(m.purposeId(), m.programId(), m.sentAt());
    }
  }

  /** Whether {@code logged}, a gated message to the same number, counts toward this cap for {@code send}. */
  public boolean counts(Logged logged, MessageRecord send) {
    if (logged.sentAt().isBefore(since)) {
      return false;
    }
    return scope == Scope.PURPOSE ? logged.purposeId().equals(send.purposeId())
        : logged.programId().equals(send.programId());
  }

  /**
   * The rule stores apply when they reserve {@code send}: the first of {@code caps}, in their order,
   * that the number's logged gated messages already fill, or null when every cap has room. For a
   * store that has read the number's messages sent at or after the earliest {@link #since} of the
   * caps, under the number's lock.
   */
  public static CampaignReservation.@Nullable CapReached firstFull(List<SendCap> caps, MessageRecord send,
      Collection<Logged> logged) {
    for (SendCap cap : caps) {
      List<Instant> counted = new ArrayList<>();
      for (Logged l : logged) {
        if (cap.counts(l, send)) {
          counted.add(l.sentAt());
        }
      }
      if (counted.size() >= cap.max) {
        Collections.sort(counted);
        return new CampaignReservation.CapReached(cap, counted.get(counted.size() - cap.max));
      }
    }
    return null;
  }

  /** The earliest {@link #since} of {@code caps}; null for none. */
  public static @Nullable Instant earliest(Collection<SendCap> caps) {
    Instant out = null;
    for (SendCap c : caps) {
      out = out == null || c.since.isBefore(out) ? c.since : out;
    }
    return out;
  }
}
