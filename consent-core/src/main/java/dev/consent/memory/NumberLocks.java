package dev.consent.memory;

/**
 * The in-memory store's per-number locks: every write of one number's records (ledger, index,
 * message log) holds its lock, so they take turns; 256 stripes keyed by the pseudonymous reference.
 */
final class NumberLocks {
  private final Object[] locks = new Object[256];

  NumberLocks() {
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  Object of(String tenant, String ref) {
    return locks[((tenant.hashCode() * 31 + ref.hashCode()) & 0x7fffffff) % locks.length];
  }
}
