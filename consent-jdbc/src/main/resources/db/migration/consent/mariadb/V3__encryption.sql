-- consent-jdbc schema v3 for MariaDB 10.11+ and MySQL 8: encryption at rest. Never edit a shipped
-- version. No IF NOT EXISTS on columns (MySQL has none): the built-in migrator applies a version
-- once, under GET_LOCK.
--
-- Numbers, message bodies and evidence are stored AES-256-GCM encrypted (dev.consent.spi.FieldCipher)
-- under per-tenant data keys, which are stored here only wrapped by the host's key-encryption key
-- (KeyProvider.wrapDataKey; a KMS). The current data key of a tenant is its highest generation that
-- is not retired; older keys stay readable until no row uses them (JdbcConsentStore.reencrypt).
-- Existing clear values are encrypted by JdbcConsentStore (SQL has no key): migrate() does it, and the
-- store does what is left before its first operation, in batches; the clear columns are emptied.
-- Stop every consent-jdbc 0.2 instance before applying this version: 0.2 writes clear values.
CREATE TABLE IF NOT EXISTS consent_data_key (
  tenant VARCHAR(128) NOT NULL,
  key_id VARCHAR(64) NOT NULL,
  generation BIGINT NOT NULL,
  wrapped_key VARCHAR(4000) NOT NULL,
  kek_id VARCHAR(200) NOT NULL,
  created_at DATETIME(6) NOT NULL,
  retired_at DATETIME(6) NULL,
  CONSTRAINT consent_data_key_pk PRIMARY KEY (tenant, key_id),
  CONSTRAINT consent_data_key_generation_uk UNIQUE (tenant, generation)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- data_key_id names the data key of a row's encrypted value; NULL means the value is clear: a row
-- not yet encrypted by the upgrade, or one that holds nothing personal ('{}' after erasure).
-- number_enc replaces e164, which stays NULL from now on. The indexes let re-encryption find the
-- rows of an old data key, and retirement prove none is left. The key id alone is indexed (an index
-- led by tenant could be taken for look-ups by tenant and reference, and scan the tenant's rows).
ALTER TABLE consent_subject
  ADD COLUMN number_enc VARCHAR(512) NULL,
  ADD COLUMN data_key_id VARCHAR(64) NULL,
  ADD INDEX consent_subject_dk_ix (data_key_id);
ALTER TABLE consent_event
  ADD COLUMN data_key_id VARCHAR(64) NULL,
  ADD INDEX consent_event_dk_ix (data_key_id);
ALTER TABLE consent_suppression
  ADD COLUMN data_key_id VARCHAR(64) NULL,
  ADD INDEX consent_suppression_dk_ix (data_key_id);
ALTER TABLE consent_pending
  ADD COLUMN data_key_id VARCHAR(64) NULL,
  ADD INDEX consent_pending_dk_ix (data_key_id);
ALTER TABLE consent_message
  ADD COLUMN data_key_id VARCHAR(64) NULL,
  ADD INDEX consent_message_dk_ix (data_key_id);
