package dev.consent.sms.vonage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Joins the parts of concatenated SMS API inbound messages. Bounded in messages, parts per message,
 * characters per message and age. A joined message stays until it ages out, so that a part Vonage
 * sends again (because the host answered an error) yields the same message with the same id once
 * more, and the core's de-duplication decides. Thread-safe (one lock; the work under it is small).
 */
final class ConcatBuffer {

  /** One part as it arrived. */
  record Part(int number, String messageId, String text, Instant at, boolean authenticated) {}

  /** What adding a part came to. */
  sealed interface Outcome {}

  /** All parts are here; {@code id} is the first part's message id, stable across redeliveries. */
  record Complete(String id, String text, Instant at, boolean authenticated) implements Outcome {}

  record Stored(int received, int total) implements Outcome {}

  record Refused(WebhookResult.Reason reason, String detail) implements Outcome {}

  private static final class Group {
    final int total;
    final Instant created;
    final TreeMap<Integer, Part> parts = new TreeMap<>();

    Group(int total, Instant created) {
      this.total = total;
      this.created = created;
    }

    int chars() {
      return parts.values().stream().mapToInt(p -> p.text().length()).sum();
    }
  }

  private final Clock clock;
  private final Duration window;
  private final int maxMessages;
  private final int maxParts;
  private final int maxChars;
  private final LinkedHashMap<String, Group> groups = new LinkedHashMap<>();

  ConcatBuffer(Clock clock, Duration window, int maxMessages, int maxParts, int maxChars) {
    this.clock = clock;
    this.window = window;
    this.maxMessages = maxMessages;
    this.maxParts = maxParts;
    this.maxChars = maxChars;
  }

  /** Adds one part of the message {@code key} (sender, recipient and concat-ref together). */
  synchronized Outcome add(String key, int total, Part part) {
    if (total < 1 || total > maxParts || part.number() < 1 || part.number() > total) {
      return total > maxParts
          ? new Refused(WebhookResult.Reason.TOO_LARGE, "more than " + maxParts + " concatenated parts")
          : new Refused(WebhookResult.Reason.MALFORMED, "concat-part outside 1..concat-total");
    }
    Instant now = clock.instant();
    purge(now);
    Group g = groups.get(key);
    if (g == null) {
      if (groups.size() >= maxMessages) {
        return new Refused(WebhookResult.Reason.BUSY, "too many concatenated messages in progress");
      }
      g = new Group(total, now);
      groups.put(key, g);
    }
    if (g.total != total) {
      return new Refused(WebhookResult.Reason.MALFORMED, "concat-total differs between parts");
    }
    Part previous = g.parts.put(part.number(), part);
    if (g.chars() > maxChars) {
      restore(g, part.number(), previous);
      return new Refused(WebhookResult.Reason.TOO_LARGE, "concatenated text longer than " + maxChars);
    }
    return g.parts.size() < total ? new Stored(g.parts.size(), total) : joined(g);
  }

  private static void restore(Group g, int number, Part previous) {
    if (previous == null) {
      g.parts.remove(number);
    } else {
      g.parts.put(number, previous);
    }
  }

  private static Complete joined(Group g) {
    StringBuilder text = new StringBuilder();
    Instant at = Instant.MIN;
    boolean authenticated = true;
    for (Part p : g.parts.values()) {
      text.append(p.text());
      at = p.at().isAfter(at) ? p.at() : at;
      authenticated &= p.authenticated();
    }
    return new Complete(g.parts.firstEntry().getValue().messageId(), text.toString(), at, authenticated);
  }

  private void purge(Instant now) {
    Instant cutoff = now.minus(window);
    Iterator<Map.Entry<String, Group>> it = groups.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Group> e = it.next();
      if (!e.getValue().created.isBefore(cutoff)) {
        return; // insertion order is creation order
      }
      if (e.getValue().parts.size() < e.getValue().total) {
        VonageCarrier.LOG.warn("dropping an incomplete concatenated inbound SMS ({} of {} parts) after {}", e.getValue().parts.size(), e.getValue().total, window);
      }
      it.remove();
    }
  }

  synchronized int size() {
    return groups.size();
  }
}
