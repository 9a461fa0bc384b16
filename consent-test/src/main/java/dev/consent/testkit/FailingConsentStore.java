package dev.consent.testkit;

import dev.consent.error.ConsentStoreException;
import dev.consent.spi.ConsentStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps a store so a test can take it down and bring it back: while down, every call throws
 * {@link ConsentStoreException}, as a store does when its database is unreachable.
 */
public final class FailingConsentStore {
  private final AtomicBoolean down = new AtomicBoolean();
  private final ConsentStore proxy;

  public FailingConsentStore(ConsentStore delegate) {
    this.proxy = (ConsentStore) Proxy.newProxyInstance(ConsentStore.class.getClassLoader(),
        new Class<?>[] {ConsentStore.class}, (p, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return method.invoke(delegate, args);
          }
          if (down.get()) {
            throw new ConsentStoreException("store unavailable (test)");
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** The store to hand to the code under test. */
  public ConsentStore store() {
    return proxy;
  }

  /** Takes the store down ({@code true}) or brings it back. */
  public void down(boolean value) {
    down.set(value);
  }
}
