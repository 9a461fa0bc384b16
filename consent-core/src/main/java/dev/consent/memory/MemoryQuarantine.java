package dev.consent.memory;

import dev.consent.spi.QuarantineAdmission;
import dev.consent.spi.QuarantineStore;
import dev.consent.spi.QuarantineSummary;
import dev.consent.spi.QuarantinedInbound;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The quarantine of {@link InMemoryConsentStore}: one map per store, guarded by this object. */
final class MemoryQuarantine implements QuarantineStore {
  private static final Comparator<QuarantinedInbound> DUE = Comparator.comparing(QuarantinedInbound::nextAttemptAt)
      .thenComparing(QuarantinedInbound::carrier).thenComparing(QuarantinedInbound::messageId);

  private record Key(String tenant, String carrier, String messageId) {}

  private final Map<Key, QuarantinedInbound> items = new LinkedHashMap<>();

  @Override
  public synchronized QuarantineAdmission quarantine(QuarantinedInbound item, int maxPerTenant, int maxPerSender) {
    java.util.Objects.requireNonNull(item, "quarantined item");
    Key key = new Key(item.tenant(), item.carrier(), item.messageId());
    if (items.containsKey(key)) {
      return QuarantineAdmission.ALREADY_HELD;
    }
    List<QuarantinedInbound> tenant = items.values().stream().filter(i -> i.tenant().equals(item.tenant())).toList();
    if (tenant.size() >= maxPerTenant) {
      return QuarantineAdmission.TENANT_FULL;
    }
    if (tenant.stream().filter(i -> i.subjectRef().equals(item.subjectRef())).count() >= maxPerSender) {
      return QuarantineAdmission.SENDER_FULL;
    }
    items.put(key, item);
    return QuarantineAdmission.ADDED;
  }

  @Override
  public synchronized List<QuarantinedInbound> dueForConfirmation(String tenant, Instant now, int limit) {
    return items.values().stream().filter(i -> i.tenant().equals(tenant) && !i.nextAttemptAt().isAfter(now))
        .sorted(DUE).limit(limit).toList();
  }

  @Override
  public synchronized boolean reschedule(String tenant, String carrier, String messageId, int attempts,
      Instant nextAttemptAt) {
    Key key = new Key(tenant, carrier, messageId);
    QuarantinedInbound i = items.get(key);
    if (i == null) {
      return false;
    }
    items.put(key, new QuarantinedInbound(i.tenant(), i.carrier(), i.messageId(), i.subjectRef(), i.receivedAt(),
        i.quarantinedAt(), attempts, nextAttemptAt));
    return true;
  }

  @Override
  public synchronized boolean release(String tenant, String carrier, String messageId) {
    return items.remove(new Key(tenant, carrier, messageId)) != null;
  }

  @Override
  public synchronized QuarantineSummary quarantineSummary(String tenant) {
    List<QuarantinedInbound> held = items.values().stream().filter(i -> i.tenant().equals(tenant)).toList();
    Instant oldest = held.stream().map(QuarantinedInbound::quarantinedAt).min(Comparator.naturalOrder()).orElse(null);
    return new QuarantineSummary(held.size(), oldest);
  }
}
