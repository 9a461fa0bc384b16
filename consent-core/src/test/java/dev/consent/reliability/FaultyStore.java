package dev.consent.reliability;

import dev.consent.error.ConsentStoreException;
import dev.consent.spi.ConsentStore;
import dev.consent.spi.DeferralStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a store so that a test can break one call in the middle of an operation: the k-th call
 * after {@link #arm} fails, either before it reaches the store (the database was unreachable) or
 * after it did its work (the reply was lost: the caller cannot tell the work was done). {@link
 * #down} fails every call. Used by one thread at a time.
 */
public final class FaultyStore {
  /** Where an armed fault strikes. */
  public enum Mode {
    /** The call fails without reaching the store. */
    BEFORE,
    /** The call reaches the store, then the caller gets an exception anyway. */
    AFTER
  }

  private final ConsentStore proxy;
  private int countdown;
  private @Nullable Mode mode;
  private boolean down;
  private @Nullable String firedAt;
  private @Nullable String only;

  public FaultyStore(ConsentStore delegate) {
    // a store that holds deferred messages keeps doing so through the proxy, and its deferral calls fail too
    Class<?>[] types = delegate instanceof DeferralStore
        ? new Class<?>[] {ConsentStore.class, DeferralStore.class} : new Class<?>[] {ConsentStore.class};
    this.proxy = (ConsentStore) Proxy.newProxyInstance(ConsentStore.class.getClassLoader(), types,
        (p, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(delegate, args);
          }
          Mode strike = strike(method.getName());
          if (strike == Mode.BEFORE) {
            throw new ConsentStoreException("store unavailable (injected before " + method.getName() + ")");
          }
          Object result;
          try {
            result = method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          if (strike == Mode.AFTER) {
            throw new ConsentStoreException("reply lost (injected after " + method.getName() + ")");
          }
          return result;
        });
  }

  private @Nullable Mode strike(String method) {
    if (down) {
      firedAt = firedAt == null ? method : firedAt;
      return Mode.BEFORE;
    }
    if (mode == null || only != null && !only.equals(method) || --countdown > 0) {
      return null;
    }
    Mode m = mode;
    mode = null;
    only = null;
    firedAt = method;
    return m;
  }

  public ConsentStore store() {
    return proxy;
  }

  /** The {@code k}-th store call from now (1 = the next one) fails in {@code mode}. */
  public void arm(int k, Mode how) {
    countdown = k;
    mode = how;
    firedAt = null;
    only = null;
  }

  /**
   * The next call of the store method named {@code method} fails in {@code mode}: unlike a count, it
   * keeps hitting the step a test means when the operation's other store calls change.
   */
  public void armAt(String method, Mode how) {
    arm(1, how);
    only = method;
  }

  /** Every call fails while down. */
  public void down(boolean value) {
    down = value;
    firedAt = null;
  }

  /** Clears an armed fault that did not fire; returns the store method it fired at, or null. */
  public @Nullable String disarm() {
    mode = null;
    only = null;
    down = false;
    String at = firedAt;
    firedAt = null;
    return at;
  }
}
