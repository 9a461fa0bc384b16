package dev.consent.memory;

import dev.consent.DeliveryState;
import dev.consent.MessageRecord;
import dev.consent.PhoneNumber;
import dev.consent.error.InvalidInputException;
import dev.consent.spi.CampaignReservation;
import dev.consent.spi.CampaignSlot;
import dev.consent.spi.MessageLogStore;
import dev.consent.spi.Pseudonyms;
import dev.consent.spi.PurgeResult;
import dev.consent.spi.SendCap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The message log of {@link InMemoryConsentStore}: each number's messages under its pseudonymous
 * reference, and an index by carrier message id. Writes hold the number's lock; the {@link
 * StatusIndex} remembers which numbers were ever messaged, so the gate's frequency check reads
 * nothing here for the others.
 */
final class MemoryMessageLog implements MessageLogStore {
  private record Key(String tenant, String id) {}

  private final Pseudonyms pseudonyms;
  private final NumberLocks locks;
  private final StatusIndex index;
  private final Map<Key, List<MessageRecord>> byRef = new ConcurrentHashMap<>();
  private final Map<Key, MessageRecord> byCarrierId = new ConcurrentHashMap<>();
  /** Reserved sends the carrier has not answered yet: message id to the subject reference. */
  private final Map<Key, String> reserved = new ConcurrentHashMap<>();
  /**
   * Campaign sends: (campaign, subject reference) to the message id. A mark whose message is gone
   * (released, purged, erased) no longer counts, so nothing else needs to clean it up.
   */
  private final Map<Key, String> campaigns = new ConcurrentHashMap<>();

  MemoryMessageLog(Pseudonyms pseudonyms, NumberLocks locks, StatusIndex index) {
    this.pseudonyms = pseudonyms;
    this.locks = locks;
    this.index = index;
  }

  @Override
  public void logMessage(MessageRecord m) {
    String ref = pseudonyms.of(m.tenant(), m.number());
    synchronized (locks.of(m.tenant(), ref)) {
      index.markMessaged(m.tenant(), m.number(), ref);
      byRef.computeIfAbsent(new Key(m.tenant(), ref), k -> new ArrayList<>()).add(m);
      if (m.carrierMessageId() != null) {
        byCarrierId.put(new Key(m.tenant(), m.carrierMessageId()), m);
      }
    }
  }

  /** Counts and logs under the number's lock: concurrent reservations of one number take turns. */
  @Override
  public boolean reserveSend(MessageRecord m, List<SendCap> caps) {
    String ref = pseudonyms.of(m.tenant(), m.number());
    synchronized (locks.of(m.tenant(), ref)) {
      if (m.purposeId() == null || SendCap.firstFull(caps, m, logged(m.tenant(), ref, caps)) != null) {
        return false;
      }
      logMessage(m);
      reserved.put(new Key(m.tenant(), m.messageId()), ref);
      return true;
    }
  }

  /** Each slot under its number's lock: the campaign mark, then the caps, then the log, as one step. */
  @Override
  public List<CampaignReservation> reserveCampaign(String tenant, String campaignId, List<CampaignSlot> slots) {
    CampaignSlot.checkCampaignId(campaignId);
    for (CampaignSlot s : slots) {
      if (!s.message().tenant().equals(tenant)) {
        throw new InvalidInputException("every campaign send must be of tenant '" + tenant + "'");
      }
    }
    List<CampaignReservation> out = new ArrayList<>(slots.size());
    for (CampaignSlot s : slots) {
      MessageRecord m = s.message();
      String ref = pseudonyms.of(tenant, m.number());
      Key mark = new Key(tenant, campaignId + "\u0000" + ref);
      synchronized (locks.of(tenant, ref)) {
        String earlierId = campaigns.get(mark);
        MessageRecord earlier = earlierId == null ? null : find(tenant, ref, earlierId);
        if (earlier != null) {
          out.add(new CampaignReservation.AlreadyInCampaign(earlier.messageId(), earlier.carrierMessageId()));
          continue;
        }
        CampaignReservation.CapReached full = SendCap.firstFull(s.caps(), m, logged(tenant, ref, s.caps()));
        if (full != null) {
          out.add(full);
        } else {
          logMessage(m);
          reserved.put(new Key(tenant, m.messageId()), ref);
          campaigns.put(mark, m.messageId());
          out.add(new CampaignReservation.Reserved());
        }
      }
    }
    return out;
  }

  /** The subject's gated messages from the caps' earliest start on. For a caller holding the number's lock. */
  private List<SendCap.Logged> logged(String tenant, String ref, List<SendCap> caps) {
    Instant since = SendCap.earliest(caps);
    List<MessageRecord> list = since == null ? null : byRef.get(new Key(tenant, ref));
    if (list == null) {
      return List.of();
    }
    List<SendCap.Logged> out = new ArrayList<>();
    for (MessageRecord m : list) {
      SendCap.Logged l = SendCap.Logged.of(m);
      if (l != null && !l.sentAt().isBefore(since)) {
        out.add(l);
      }
    }
    return out;
  }

  private @Nullable MessageRecord find(String tenant, String ref, String messageId) {
    List<MessageRecord> list = byRef.get(new Key(tenant, ref));
    if (list != null) {
      for (MessageRecord m : list) {
        if (m.messageId().equals(messageId)) {
          return m;
        }
      }
    }
    return null;
  }

  @Override
  public boolean confirmSend(String tenant, String messageId, String carrierMessageId) {
    String ref = reserved.remove(new Key(tenant, messageId));
    if (ref == null) {
      return false;
    }
    synchronized (locks.of(tenant, ref)) {
      List<MessageRecord> list = byRef.get(new Key(tenant, ref));
      if (list == null) {
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        MessageRecord m = list.get(i);
        if (m.messageId().equals(messageId)) {
          MessageRecord sent = new MessageRecord(m.tenant(), m.messageId(), m.number(), m.purposeId(), m.programId(),
              m.sender(), m.carrier(), carrierMessageId, m.sentAt(), m.state(), m.errorCode(), m.body());
          list.set(i, sent);
          byCarrierId.put(new Key(tenant, carrierMessageId), sent);
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public boolean releaseSend(String tenant, String messageId) {
    String ref = reserved.remove(new Key(tenant, messageId));
    if (ref == null) {
      return false;
    }
    synchronized (locks.of(tenant, ref)) {
      List<MessageRecord> list = byRef.get(new Key(tenant, ref));
      return list != null && list.removeIf(m -> m.messageId().equals(messageId) && m.carrierMessageId() == null);
    }
  }

  /** Moves the delivery state forward only ({@link DeliveryState#canMoveTo}); an older report changes nothing. */
  @Override
  public Optional<MessageRecord> updateDelivery(
      String tenant, String carrierMessageId, DeliveryState state, @Nullable String errorCode) {
    Key id = new Key(tenant, carrierMessageId);
    MessageRecord found = byCarrierId.get(id);
    if (found == null) {
      return Optional.empty();
    }
    String ref = pseudonyms.of(tenant, found.number());
    synchronized (locks.of(tenant, ref)) {
      MessageRecord current = byCarrierId.get(id);
      if (current == null || !current.state().canMoveTo(state)) {
        return Optional.ofNullable(current);
      }
      MessageRecord updated = current.withDelivery(state, errorCode);
      byCarrierId.put(id, updated);
      byRef.get(new Key(tenant, ref)).replaceAll(m -> m.messageId().equals(updated.messageId()) ? updated : m);
      return Optional.of(updated);
    }
  }

  @Override
  public Optional<MessageRecord> messageByCarrierId(String tenant, String carrierMessageId) {
    return Optional.ofNullable(byCarrierId.get(new Key(tenant, carrierMessageId)));
  }

  @Override
  public List<MessageRecord> messages(String tenant, PhoneNumber number) {
    String ref = pseudonyms.of(tenant, number);
    synchronized (locks.of(tenant, ref)) {
      List<MessageRecord> list = byRef.get(new Key(tenant, ref));
      // oldest first, as the SPI promises (a stable sort: messages of one instant in logged order)
      return list == null ? List.of() : list.stream().sorted(Comparator.comparing(MessageRecord::sentAt)).toList();
    }
  }

  /** Reads the log only for a number that has logged messages: no pseudonym, no lock otherwise. */
  @Override
  public List<Instant> sendTimes(String tenant, PhoneNumber number, String purposeId, Instant since) {
    return times(tenant, number, since, m -> purposeId.equals(m.purposeId()));
  }

  /** Reads the log only for a number that has logged messages, as {@link #sendTimes} does. */
  @Override
  public List<Instant> programSendTimes(String tenant, PhoneNumber number, String programId, Instant since) {
    return times(tenant, number, since, m -> m.purposeId() != null && programId.equals(m.programId()));
  }

  /**
   * Send times of the number's messages that {@code counts} at or after {@code since}, oldest first:
   * filtered under the number's lock before anything is copied or sorted (the gate's hot path).
   */
  private List<Instant> times(String tenant, PhoneNumber number, Instant since,
      java.util.function.Predicate<MessageRecord> counts) {
    if (!index.messaged(tenant, number)) {
      return List.of();
    }
    String ref = pseudonyms.of(tenant, number);
    List<Instant> out = new ArrayList<>();
    synchronized (locks.of(tenant, ref)) {
      List<MessageRecord> list = byRef.get(new Key(tenant, ref));
      if (list != null) {
        for (MessageRecord m : list) {
          if (counts.test(m) && !m.sentAt().isBefore(since)) {
            out.add(m.sentAt());
          }
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public Map<PhoneNumber, Integer> sendCounts(
      String tenant, Collection<PhoneNumber> nums, String purposeId, Instant since) {
    Map<PhoneNumber, Integer> out = new HashMap<>();
    for (PhoneNumber n : nums) {
      int count = sendTimes(tenant, n, purposeId, since).size();
      if (count > 0) {
        out.put(n, count);
      }
    }
    return out;
  }

  /** Whether any message of the subject is logged. For a caller holding the number's lock. */
  boolean holds(String tenant, String ref) {
    return byRef.containsKey(new Key(tenant, ref));
  }

  /** Deletes every message of the subject; how many. For a caller holding the number's lock. */
  int deleteAll(String tenant, String ref) {
    List<MessageRecord> logged = byRef.remove(new Key(tenant, ref));
    if (logged == null) {
      return 0;
    }
    logged.forEach(m -> {
      if (m.carrierMessageId() != null) {
        byCarrierId.remove(new Key(tenant, m.carrierMessageId()));
      }
    });
    return logged.size();
  }

  @Override
  public PurgeResult purgeMessageBodies(String tenant, Instant sentBefore, int limit) {
    return purge(tenant, sentBefore, limit, true);
  }

  @Override
  public PurgeResult purgeMessages(String tenant, Instant sentBefore, int limit) {
    return purge(tenant, sentBefore, limit, false);
  }

  /** Empties the bodies of (or deletes) at most {@code limit} messages sent before the cut-off. */
  private PurgeResult purge(String tenant, Instant cutoff, int limit, boolean bodiesOnly) {
    if (limit < 1) {
      throw new dev.consent.error.InvalidInputException("limit must be at least 1");
    }
    int done = 0;
    for (Map.Entry<Key, List<MessageRecord>> e : byRef.entrySet()) {
      if (!e.getKey().tenant().equals(tenant)) {
        continue;
      }
      synchronized (locks.of(tenant, e.getKey().id())) {
        List<MessageRecord> list = e.getValue();
        for (int i = 0; i < list.size(); i++) {
          MessageRecord m = list.get(i);
          if (!m.sentAt().isBefore(cutoff) || (bodiesOnly && m.body() == null)) {
            continue;
          }
          if (done == limit) {
            return new PurgeResult(done, true);
          }
          done++;
          if (bodiesOnly) {
            MessageRecord emptied = withoutBody(m);
            list.set(i, emptied);
            if (m.carrierMessageId() != null) {
              byCarrierId.put(new Key(tenant, m.carrierMessageId()), emptied);
            }
          } else {
            list.remove(i--);
            if (m.carrierMessageId() != null) {
              byCarrierId.remove(new Key(tenant, m.carrierMessageId()));
            }
          }
        }
        if (list.isEmpty()) {
          byRef.remove(e.getKey(), list);
        }
      }
    }
    return new PurgeResult(done, false);
  }

  private static MessageRecord withoutBody(MessageRecord m) {
    return new MessageRecord(m.tenant(), m.messageId(), m.number(), m.purposeId(), m.programId(), m.sender(),
        m.carrier(), m.carrierMessageId(), m.sentAt(), m.state(), m.errorCode(), null);
  }
}
