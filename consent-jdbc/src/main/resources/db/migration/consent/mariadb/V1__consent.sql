-- consent-jdbc schema v1 for MariaDB 10.11+ and MySQL 8.
-- Usable as is by Flyway (locations=classpath:db/migration/consent/mariadb) or Liquibase (sqlFile).
-- Table names start with the default prefix "consent_"; JdbcConsentStore.migrate() rewrites it when
-- another prefix is configured. Times are UTC with microseconds. Tables use utf8mb4_bin so that keys compare exactly
-- and numbers sort in code-point order; indexes are declared inside CREATE TABLE (MySQL has no CREATE INDEX IF NOT EXISTS).

-- One row per (tenant, number). Every other table references it by id, so replacing e164 with a
-- keyed hash and a ciphertext is a change of this table only. last_seq/last_hash are the head of
-- the number's hash chain; appends lock this row (SELECT ... FOR UPDATE).
-- consent_subject_uk serves look-ups by number, batched look-ups (IN-lists) and numbers() paging.
CREATE TABLE IF NOT EXISTS consent_subject (
  id BIGINT NOT NULL AUTO_INCREMENT,
  tenant VARCHAR(128) NOT NULL,
  e164 VARCHAR(16) NOT NULL,
  last_seq BIGINT NOT NULL,
  last_hash VARCHAR(64) NOT NULL,
  CONSTRAINT consent_subject_pk PRIMARY KEY (id),
  CONSTRAINT consent_subject_uk UNIQUE (tenant, e164)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The ledger. The primary key (subject_id, seq) serves history() and forbids a fork of the chain;
-- consent_event_key_uk makes an idempotency key count once per tenant, across instances.
CREATE TABLE IF NOT EXISTS consent_event (
  subject_id BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  tenant VARCHAR(128) NOT NULL,
  event_id VARCHAR(128) NOT NULL,
  purpose_id VARCHAR(128) NOT NULL,
  kind VARCHAR(16) NOT NULL,
  method VARCHAR(32) NOT NULL,
  channel VARCHAR(16) NOT NULL,
  evidence MEDIUMTEXT NOT NULL,
  notice_version VARCHAR(128),
  occurred_at DATETIME(6) NOT NULL,
  recorded_at DATETIME(6) NOT NULL,
  idempotency_key VARCHAR(200),
  imported BOOLEAN NOT NULL,
  prev_hash VARCHAR(64) NOT NULL,
  hash VARCHAR(64) NOT NULL,
  CONSTRAINT consent_event_pk PRIMARY KEY (subject_id, seq),
  CONSTRAINT consent_event_key_uk UNIQUE (tenant, idempotency_key),
  CONSTRAINT consent_event_subject_fk FOREIGN KEY (subject_id) REFERENCES consent_subject (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Current status per (number, purpose), written in the append's transaction. The primary key
-- serves status(), the batched statuses() join and statuses of one number.
CREATE TABLE IF NOT EXISTS consent_status (
  subject_id BIGINT NOT NULL,
  purpose_id VARCHAR(128) NOT NULL,
  state VARCHAR(16) NOT NULL,
  since DATETIME(6) NOT NULL,
  granted_at DATETIME(6),
  notice_version VARCHAR(128),
  seq BIGINT NOT NULL,
  CONSTRAINT consent_status_pk PRIMARY KEY (subject_id, purpose_id),
  CONSTRAINT consent_status_subject_fk FOREIGN KEY (subject_id) REFERENCES consent_subject (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Notices are immutable; the primary key is the look-up.
CREATE TABLE IF NOT EXISTS consent_notice (
  tenant VARCHAR(128) NOT NULL,
  purpose_id VARCHAR(128) NOT NULL,
  notice_version VARCHAR(128) NOT NULL,
  lang VARCHAR(35) NOT NULL,
  notice_text MEDIUMTEXT NOT NULL,
  content_hash VARCHAR(64) NOT NULL,
  CONSTRAINT consent_notice_pk PRIMARY KEY (tenant, purpose_id, notice_version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Pending double opt-ins; row_version is the optimistic lock of replacePending().
CREATE TABLE IF NOT EXISTS consent_pending (
  tenant VARCHAR(128) NOT NULL,
  request_id VARCHAR(128) NOT NULL,
  subject_id BIGINT NOT NULL,
  purpose_ids MEDIUMTEXT NOT NULL,
  notice_versions MEDIUMTEXT NOT NULL,
  lang VARCHAR(35) NOT NULL,
  program_id VARCHAR(128) NOT NULL,
  sender VARCHAR(64) NOT NULL,
  code_hash VARCHAR(128) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  expires_at DATETIME(6) NOT NULL,
  attempts INTEGER NOT NULL,
  state VARCHAR(16) NOT NULL,
  row_version INTEGER NOT NULL,
  origin VARCHAR(32) NOT NULL,
  evidence MEDIUMTEXT NOT NULL,
  CONSTRAINT consent_pending_pk PRIMARY KEY (tenant, request_id),
  CONSTRAINT consent_pending_subject_fk FOREIGN KEY (subject_id) REFERENCES consent_subject (id),
  -- pendingFor(number), newest first
  KEY consent_pending_subject_ix (subject_id, created_at),
  -- pendingExpiredBy(tenant, now): state = PENDING, expires_at <= now, oldest first
  KEY consent_pending_expiry_ix (tenant, state, expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Rate limits: the bucket row is the lock of its key; hits are counted and pruned per key in time order.
CREATE TABLE IF NOT EXISTS consent_rate_bucket (
  tenant VARCHAR(128) NOT NULL,
  limit_key VARCHAR(128) NOT NULL,
  CONSTRAINT consent_rate_bucket_pk PRIMARY KEY (tenant, limit_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS consent_rate_hit (
  id BIGINT NOT NULL AUTO_INCREMENT,
  tenant VARCHAR(128) NOT NULL,
  limit_key VARCHAR(128) NOT NULL,
  hit_at DATETIME(6) NOT NULL,
  CONSTRAINT consent_rate_hit_pk PRIMARY KEY (id),
  KEY consent_rate_hit_ix (tenant, limit_key, hit_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Suppressions per (number, scope); the primary key serves suppress (no-op on repeat), lift and reads.
CREATE TABLE IF NOT EXISTS consent_suppression (
  subject_id BIGINT NOT NULL,
  scope VARCHAR(80) NOT NULL,
  reason VARCHAR(32) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  evidence MEDIUMTEXT NOT NULL,
  CONSTRAINT consent_suppression_pk PRIMARY KEY (subject_id, scope),
  CONSTRAINT consent_suppression_subject_fk FOREIGN KEY (subject_id) REFERENCES consent_subject (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The message log.
CREATE TABLE IF NOT EXISTS consent_message (
  id BIGINT NOT NULL AUTO_INCREMENT,
  tenant VARCHAR(128) NOT NULL,
  message_id VARCHAR(128) NOT NULL,
  subject_id BIGINT NOT NULL,
  purpose_id VARCHAR(128),
  program_id VARCHAR(128) NOT NULL,
  sender VARCHAR(64) NOT NULL,
  carrier VARCHAR(64) NOT NULL,
  carrier_message_id VARCHAR(128),
  sent_at DATETIME(6) NOT NULL,
  state VARCHAR(16) NOT NULL,
  error_code VARCHAR(64),
  body MEDIUMTEXT,
  CONSTRAINT consent_message_pk PRIMARY KEY (id),
  CONSTRAINT consent_message_uk UNIQUE (tenant, message_id),
  CONSTRAINT consent_message_subject_fk FOREIGN KEY (subject_id) REFERENCES consent_subject (id),
  -- messageByCarrierId() and updateDelivery() (delivery callbacks)
  KEY consent_message_carrier_ix (tenant, carrier_message_id),
  -- messages(number) by prefix; sendTimes() and sendCounts() (frequency caps) in full
  KEY consent_message_subject_ix (subject_id, purpose_id, sent_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Inbound de-duplication; the primary key decides which instance handles a webhook first.
CREATE TABLE IF NOT EXISTS consent_inbound (
  tenant VARCHAR(128) NOT NULL,
  carrier VARCHAR(64) NOT NULL,
  message_id VARCHAR(128) NOT NULL,
  handled_at DATETIME(6) NOT NULL,
  CONSTRAINT consent_inbound_pk PRIMARY KEY (tenant, carrier, message_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
