package dev.consent.sms.vonage;

import dev.consent.carrier.WebhookResult.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Joins the parts of concatenated SMS API inbound messages, within hard budgets. A joined message
 * stays until it ages out, so that a part Vonage sends again (because the host answered an error)
 * yields the same message with the same id once more, and the core's de-duplication decides.
 *
 * <p>Budgets, so that no flood can grow the heap or keep other senders' messages out:
 *
 * <ul>
 *   <li>Before anything is kept, a part's message id, concat-ref and text are checked: Vonage's ids
 *       and refs are short tokens and a part carries at most 160 characters; anything else is
 *       malformed and never buffered.
 *   <li>Verified and unverified parts live in two separate pools, and a part joins only parts of its
 *       own kind: unverified requests can neither complete nor crowd out a verified message.
 *   <li>Each pool holds at most {@code maxMessages} messages and {@code maxMessages} x {@value
 *       #BYTES_PER_MESSAGE} bytes (counted as two bytes a character plus a fixed overhead a part);
 *       one sender holds at most {@code maxPerSender} messages in a pool. Over a budget the oldest
 *       message of that sender, or else of the pool, is dropped (logged, without content): a flood
 *       only ever displaces the flooder's own or the oldest parts, and a new message is never
 *       refused for room.
 *   <li>Parts wait at most {@code window} on the injected clock.
 * </ul>
 *
 * <p>Thread-safe (one lock; the work under it is small).
 */
final class ConcatBuffer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConcatBuffer.class);
  /** Bytes of budget a pool gives each message it may hold. */
  static final int BYTES_PER_MESSAGE = 4096;
  /** The most characters one part of a concatenated SMS carries (153 GSM-7, 67 UCS-2). */
  static final int MAX_PART_CHARS = 160;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern REF = Pattern.compile("[A-Za-z0-9_-]{1,16}");
  private static final int PART_OVERHEAD = 96;

  /** One part as it arrived; {@code unverified} null when its request was verified. */
  record Part(int number, String messageId, String text, Instant at, @Nullable Reason unverified) {
    int bytes() {
      return PART_OVERHEAD + 2 * (messageId.length() + text.length());
    }
  }

  /** What adding a part came to. */
  sealed interface Outcome {}

  /** All parts are here; {@code id} is the first part's message id, stable across redeliveries. */
  record Complete(String id, String text, Instant at, @Nullable Reason unverified) implements Outcome {}

  record Stored(int received, int total) implements Outcome {}

  record Refused(Reason reason, String detail) implements Outcome {}

  private static final class Group {
    final String sender;
    final int total;
    final Instant created;
    final TreeMap<Integer, Part> parts = new TreeMap<>();
    int bytes;

    Group(String sender, int total, Instant created, int keyBytes) {
      this.sender = sender;
      this.total = total;
      this.created = created;
      this.bytes = keyBytes;
    }
  }

  /** Messages of one kind (verified or not), oldest first, with their senders and bytes. */
  private final class Pool {
    final boolean ofVerified;
    final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();
    final Map<String, ArrayDeque<String>> bySender = new HashMap<>();
    long bytes;

    Pool(boolean ofVerified) {
      this.ofVerified = ofVerified;
    }

    void remove(String key, String why) {
      Group g = groups.remove(key);
      if (g == null) {
        return;
      }
      bytes -= g.bytes;
      ArrayDeque<String> keys = bySender.get(g.sender);
      keys.remove(key);
      if (keys.isEmpty()) {
        bySender.remove(g.sender);
      }
      if (g.parts.size() < g.total && ofVerified) {
        LOG.warn("dropping an incomplete concatenated inbound SMS ({} of {} parts): {}", g.parts.size(), g.total, why);
      } else if (g.parts.size() < g.total) {
        // Unverified parts may be a flood: one warning each would be one more thing it floods.
        LOG.debug("dropping an incomplete unverified concatenated inbound SMS: {}", why);
      }
    }

    void purge(Instant cutoff) {
      Iterator<Map.Entry<String, Group>> it = groups.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<String, Group> e = it.next();
        if (!e.getValue().created.isBefore(cutoff)) {
          return; // insertion order is creation order
        }
        remove(e.getKey(), "older than " + window);
        it = groups.entrySet().iterator();
      }
    }

    /** Makes room for one more message of {@code sender}, dropping its oldest, else the pool's. */
    void makeRoom(String sender) {
      ArrayDeque<String> own = bySender.get(sender);
      while (own != null && own.size() >= maxPerSender) {
        remove(own.peekFirst(), "its sender has " + maxPerSender + " in progress");
        own = bySender.get(sender);
      }
      while (groups.size() >= maxMessages) {
        remove(groups.keySet().iterator().next(), "the buffer holds " + maxMessages + " messages");
      }
    }

    /** Drops the oldest messages other than {@code keep} until the pool is within its bytes. */
    void fitBytes(String keep) {
      Iterator<String> oldest = groups.keySet().iterator();
      while (bytes > maxBytes && oldest.hasNext()) {
        String key = oldest.next();
        if (!key.equals(keep)) {
          remove(key, "the buffer holds " + maxBytes + " bytes");
          oldest = groups.keySet().iterator();
        }
      }
    }
  }

  private final Clock clock;
  private final Duration window;
  private final int maxMessages;
  private final int maxParts;
  private final int maxChars;
  private final int maxPerSender;
  private final long maxBytes;
  private final Pool verified = new Pool(true);
  private final Pool unverified = new Pool(false);

  ConcatBuffer(Clock clock, Duration window, int maxMessages, int maxParts, int maxChars, int maxPerSender) {
    this.clock = clock;
    this.window = window;
    this.maxMessages = maxMessages;
    this.maxParts = maxParts;
    this.maxChars = maxChars;
    this.maxPerSender = maxPerSender;
    this.maxBytes = (long) maxMessages * BYTES_PER_MESSAGE;
  }

  /**
   * Checks what can be checked before a part is kept: the concat-ref's and the message id's form,
   * the part's length. Null when they are acceptable, else the refusal (nothing was kept).
   */
  static @Nullable Refused check(String ref, String messageId, String text) {
    if (!REF.matcher(ref).matches()) {
      return new Refused(Reason.MALFORMED, "concat-ref is not a short reference");
    }
    if (!ID.matcher(messageId).matches()) {
      return new Refused(Reason.MALFORMED, "messageId is not a Vonage message id");
    }
    return text.length() > MAX_PART_CHARS
        ? new Refused(Reason.MALFORMED, "a concatenated part longer than " + MAX_PART_CHARS + " characters")
        : null;
  }

  /**
   * Adds one part, already {@link #check checked}, of the message {@code key} (recipient and
   * concat-ref) from {@code sender}; the part's verification picks its pool, so it joins only
   * parts verified the same way.
   */
  synchronized Outcome add(String sender, String key, int total, Part part) {
    if (total < 1 || total > maxParts || part.number() < 1 || part.number() > total) {
      return total > maxParts
          ? new Refused(Reason.TOO_LARGE, "more than " + maxParts + " concatenated parts")
          : new Refused(Reason.MALFORMED, "concat-part outside 1..concat-total");
    }
    Instant now = clock.instant();
    Pool pool = part.unverified() == null ? verified : unverified;
    pool.purge(now.minus(window));
    String fullKey = sender + "|" + key;
    Group g = pool.groups.get(fullKey);
    if (g != null && g.total != total) {
      return new Refused(Reason.MALFORMED, "concat-total differs between parts");
    }
    if (g == null) {
      pool.makeRoom(sender);
      g = new Group(sender, total, now, 2 * fullKey.length() + PART_OVERHEAD);
      pool.groups.put(fullKey, g);
      pool.bySender.computeIfAbsent(sender, s -> new ArrayDeque<>()).addLast(fullKey);
      pool.bytes += g.bytes;
    }
    Part previous = g.parts.get(part.number());
    if (chars(g) - (previous == null ? 0 : previous.text().length()) + part.text().length() > maxChars) {
      return new Refused(Reason.TOO_LARGE, "concatenated text longer than " + maxChars);
    }
    g.parts.put(part.number(), part);
    int delta = part.bytes() - (previous == null ? 0 : previous.bytes());
    g.bytes += delta;
    pool.bytes += delta;
    pool.fitBytes(fullKey);
    return g.parts.size() < total ? new Stored(g.parts.size(), total) : joined(g);
  }

  private static int chars(Group g) {
    int n = 0;
    for (Part p : g.parts.values()) {
      n += p.text().length();
    }
    return n;
  }

  private static Complete joined(Group g) {
    StringBuilder text = new StringBuilder();
    Instant at = Instant.MIN;
    for (Part p : g.parts.values()) {
      text.append(p.text());
      at = p.at().isAfter(at) ? p.at() : at;
    }
    Part first = g.parts.firstEntry().getValue();
    return new Complete(first.messageId(), text.toString(), at, first.unverified());
  }

  /** Messages held, both pools. */
  synchronized int size() {
    return verified.groups.size() + unverified.groups.size();
  }

  /** Bytes counted as held, both pools. */
  synchronized long bytes() {
    return verified.bytes + unverified.bytes;
  }
}
