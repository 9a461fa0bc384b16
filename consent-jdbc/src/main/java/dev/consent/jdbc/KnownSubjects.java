package dev.consent.jdbc;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The subject row ids of numbers this store has appended to, so that the next append can lock the
 * row by its primary key without the create-if-missing insert (and without sealing the number that
 * only a new row stores). A hint only: every id is used together with its tenant and reference in
 * the locking statement, which finds nothing when the hint is wrong (a slot overwritten by another
 * number with the same fingerprint, a table emptied behind the store's back), and the append then
 * takes the create-or-lock path. Direct-mapped and bounded: a fixed number of slots, a newer entry
 * replaces an older one in its slot, at most about 1 MB when every slot is used. Nothing personal
 * is kept: a 64-bit fingerprint of the keyed reference and the row id.
 */
final class KnownSubjects {
  private record Entry(long fingerprint, long id) {}

  private final AtomicReferenceArray<@Nullable Entry> slots;
  private final int mask;

  /** A table of {@code slots} entries, a power of two. */
  KnownSubjects(int slots) {
    if (slots <= 0 || Integer.bitCount(slots) != 1) {
      throw new IllegalArgumentException("slots must be a power of two");
    }
    this.slots = new AtomicReferenceArray<>(slots);
    this.mask = slots - 1;
  }

  /** The row id last recorded for the number, or -1 when none is known. */
  long id(String tenant, String ref) {
    long f = fingerprint(tenant, ref);
    Entry e = slots.get(slot(f));
    return e != null && e.fingerprint() == f ? e.id() : -1;
  }

  /** Records the row id of the number (its row exists: it was just locked). */
  void put(String tenant, String ref, long id) {
    long f = fingerprint(tenant, ref);
    int i = slot(f);
    Entry e = slots.get(i);
    if (e == null || e.fingerprint() != f || e.id() != id) {
      slots.set(i, new Entry(f, id));
    }
  }

  /** Forgets the number: its row did not match the recorded id. */
  void forget(String tenant, String ref) {
    long f = fingerprint(tenant, ref);
    int i = slot(f);
    Entry e = slots.get(i);
    if (e != null && e.fingerprint() == f) {
      slots.compareAndSet(i, e, null);
    }
  }

  private int slot(long fingerprint) {
    return (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
  }

  /** FNV-1a over the tenant, a separator and the reference. */
  static long fingerprint(String tenant, String ref) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < tenant.length(); i++) {
      h = (h ^ tenant.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ 0xffff) * 0x100000001b3L;
    for (int i = 0; i < ref.length(); i++) {
      h = (h ^ ref.charAt(i)) * 0x100000001b3L;
    }
    return h;
  }
}
