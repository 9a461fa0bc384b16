package dev.consent.internal;

import dev.consent.ConsentEvent;
import dev.consent.ConsentStatus;
import dev.consent.PhoneNumber;
import dev.consent.Suppression;
import dev.consent.feed.ChangeType;
import dev.consent.feed.ConsentChange;
import dev.consent.spi.AppendResult;
import dev.consent.spi.ChangeFeedStore;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.EventChain;
import dev.consent.spi.NewEvent;
import java.time.Clock;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The kit's writes of the ledger and the suppression list: to the store alone, or, with the change
 * feed on, to the feed store, which keeps each write's {@link ConsentChange} in the same
 * transaction. Every write of the kit goes through here. Not API.
 */
public final class Writes {
  private final ConsentStore store;
  private final @Nullable ChangeFeedStore feed;
  private final Clock clock;

  public Writes(ConsentStore store, @Nullable ChangeFeedStore feed, Clock clock) {
    this.store = store;
    this.feed = feed;
    this.clock = clock;
  }

  /** Whether writes record changes for the feed. */
  public boolean feedOn() {
    return feed != null;
  }

  public AppendResult append(NewEvent e) {
    ChangeFeedStore f = feed;
    if (f == null) {
      return EventChain.append(store, e);
    }
    return EventChain.append(store, e, (event, status) -> f.write(event, status, change(event, status)));
  }

  public void suppress(Suppression s) {
    ChangeFeedStore f = feed;
    if (f == null) {
      store.suppress(s);
      return;
    }
    f.suppress(s, new ConsentChange(0, UUID.randomUUID().toString(), s.tenant(), ChangeType.SUPPRESSED,
        store.subjectRef(s.tenant(), s.number()), s.createdAt(), null, null, 0, s.scope(), s.reason().name(), null));
  }

  public boolean lift(String tenant, PhoneNumber number, String scope) {
    ChangeFeedStore f = feed;
    if (f == null) {
      return store.lift(tenant, number, scope);
    }
    return f.lift(tenant, number, scope, new ConsentChange(0, UUID.randomUUID().toString(), tenant,
        ChangeType.UNSUPPRESSED, store.subjectRef(tenant, number), clock.instant(), null, null, 0, scope, null, null));
  }

  /** The change a ledger event makes: its kind, and the purpose's state after it. */
  static ConsentChange change(ConsentEvent e, ConsentStatus after) {
    return new ConsentChange(0, e.eventId(), e.tenant(), ChangeType.valueOf(e.kind().name()), e.subjectRef(),
        e.occurredAt(), e.purposeId(), after.state(), e.seq(), null, e.method().name(), null);
  }
}
