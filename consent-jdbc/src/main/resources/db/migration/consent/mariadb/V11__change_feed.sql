-- consent-jdbc schema v11 for MariaDB 10.11+ and MySQL 8: the change feed (a transactional outbox). Never edit a
-- shipped version.
--
-- With the kit's change feed on, every write of the ledger and of the suppression list inserts its
-- change here in the same transaction. change_no is one counter for the whole table: a change of a
-- number written after another change of it gets a greater number. The columns id, aggregatetype,
-- aggregateid, type and payload are those Debezium's outbox event router reads by default, so a
-- host may stream this table with Debezium instead of the kit's relay; payload is a CloudEvents 1.0
-- JSON event whose subject is the pseudonymous reference (no number, no message body).
CREATE TABLE IF NOT EXISTS consent_change (
  change_no BIGINT NOT NULL AUTO_INCREMENT,
  id VARCHAR(64) NOT NULL,
  tenant VARCHAR(128) NOT NULL,
  aggregatetype VARCHAR(32) NOT NULL,
  aggregateid VARCHAR(64) NOT NULL,
  type VARCHAR(64) NOT NULL,
  occurred_at DATETIME(6) NOT NULL,
  recorded_at DATETIME(6) NOT NULL,
  payload MEDIUMTEXT NOT NULL,
  CONSTRAINT consent_change_pk PRIMARY KEY (change_no),
  INDEX consent_change_tenant_ix (tenant, change_no)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
-- One row per subscriber: its position, a lease so that one instance delivers at a time, its last
-- failure and back-off, and the positions it passed before they were visible (gaps). Saved by
-- compare-and-set on version.
CREATE TABLE IF NOT EXISTS consent_feed_cursor (
  tenant VARCHAR(128) NOT NULL,
  subscriber VARCHAR(64) NOT NULL,
  change_no BIGINT NOT NULL,
  version BIGINT NOT NULL,
  lease_owner VARCHAR(64),
  lease_until DATETIME(6),
  delivered_at DATETIME(6),
  failures INTEGER NOT NULL,
  last_error VARCHAR(400),
  retry_at DATETIME(6),
  gaps MEDIUMTEXT NOT NULL,
  CONSTRAINT consent_feed_cursor_pk PRIMARY KEY (tenant, subscriber)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
