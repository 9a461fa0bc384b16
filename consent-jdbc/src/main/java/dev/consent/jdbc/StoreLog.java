package dev.consent.jdbc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's logger. Every part of the store logs under {@link JdbcConsentStore}'s name, the one hosts
 * configure, without the parts depending on that class (which depends on them).
 */
final class StoreLog {
  static final Logger LOG = LoggerFactory.getLogger("dev.consent.jdbc.JdbcConsentStore");

  private StoreLog() {}
}
