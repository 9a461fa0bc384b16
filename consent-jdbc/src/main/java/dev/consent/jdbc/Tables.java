package dev.consent.jdbc;

import dev.consent.error.ConfigurationException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The store's table names, qualified with the configured schema and prefix. */
final class Tables {
  /** The prefix the shipped migration files use; the built-in migrator rewrites it. */
  static final String DEFAULT_PREFIX = "consent_";
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,29}");
  private static final Pattern SCHEMA = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");

  final @Nullable String schema;
  final String prefix;
  final String subject;
  final String event;
  final String status;
  final String notice;
  final String pending;
  final String rateBucket;
  final String rateHit;
  final String suppression;
  final String message;
  final String inbound;
  final String inboundDigest;
  final String quarantine;
  final String quarantineLock;
  final String review;
  final String deferral;
  final String key;
  final String dataKey;
  final String checkpoint;
  final String checkpointHead;
  final String change;
  final String feedCursor;
  final String schemaVersion;
  /** H2's migration lease (the other databases lock with their advisory locks): not part of the schema scripts. */
  final String migrationLease;

  Tables(@Nullable String schema, String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new ConfigurationException("table prefix must be 1-30 characters of a-z, 0-9 and _, starting with a letter");
    }
    if (schema != null && !SCHEMA.matcher(schema).matches()) {
      throw new ConfigurationException("schema must be 1-63 characters of letters, digits and _, starting with a letter");
    }
    this.schema = schema;
    this.prefix = prefix;
    subject = name("subject");
    event = name("event");
    status = name("status");
    notice = name("notice");
    pending = name("pending");
    rateBucket = name("rate_bucket");
    rateHit = name("rate_hit");
    suppression = name("suppression");
    message = name("message");
    inbound = name("inbound");
    inboundDigest = name("inbound_digest");
    quarantine = name("quarantine");
    quarantineLock = name("quarantine_lock");
    review = name("review");
    deferral = name("deferral");
    key = name("key");
    dataKey = name("data_key");
    checkpoint = name("checkpoint");
    checkpointHead = name("checkpoint_head");
    change = name("change");
    feedCursor = name("feed_cursor");
    schemaVersion = name("schema_version");
    migrationLease = name("migration_lease");
  }

  private String name(String table) {
    return (schema == null ? "" : schema + ".") + prefix + table;
  }
}
