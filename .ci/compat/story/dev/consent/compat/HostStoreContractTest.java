package dev.consent.compat;

import dev.consent.memory.InMemoryConsentStore;
import dev.consent.spi.ConsentStore;
import dev.consent.testkit.ConsentStoreContract;

/**
 * The store contract of consent-test, on this host's class path: only consent-test's declared
 * dependencies and what the host has (its SLF4J backend is whatever the carrier SDKs bring, not
 * logback, so the contract's LogCheck checks exception messages only and says so once).
 */
class HostStoreContractTest extends ConsentStoreContract {
  private final InMemoryConsentStore store = new InMemoryConsentStore();

  @Override
  protected ConsentStore store() {
    return store;
  }
}
