-- consent-jdbc schema v3 for H2 2.x: encryption at rest. Never edit a shipped version.
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
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  retired_at TIMESTAMP(6) WITH TIME ZONE,
  CONSTRAINT consent_data_key_pk PRIMARY KEY (tenant, key_id),
  CONSTRAINT consent_data_key_generation_uk UNIQUE (tenant, generation)
);

-- data_key_id names the data key of a row's encrypted value; NULL means the value is clear: a row
-- not yet encrypted by the upgrade, or one that holds nothing personal ('{}' after erasure).
-- number_enc replaces e164, which stays NULL from now on.
ALTER TABLE consent_subject ADD COLUMN IF NOT EXISTS number_enc VARCHAR(512);
ALTER TABLE consent_subject ADD COLUMN IF NOT EXISTS data_key_id VARCHAR(64);
ALTER TABLE consent_event ADD COLUMN IF NOT EXISTS data_key_id VARCHAR(64);
ALTER TABLE consent_suppression ADD COLUMN IF NOT EXISTS data_key_id VARCHAR(64);
ALTER TABLE consent_pending ADD COLUMN IF NOT EXISTS data_key_id VARCHAR(64);
ALTER TABLE consent_message ADD COLUMN IF NOT EXISTS data_key_id VARCHAR(64);
-- re-encryption finds the rows of an old data key, and retirement proves none is left. The key id
-- alone is indexed (ids are unique across tenants): an index led by tenant holds one key id per
-- tenant, deduplicates to almost nothing, and looked cheapest to the planner for look-ups by tenant
-- and subject reference, which it then turned into scans of the tenant's rows.
CREATE INDEX IF NOT EXISTS consent_subject_dk_ix ON consent_subject (data_key_id);
CREATE INDEX IF NOT EXISTS consent_event_dk_ix ON consent_event (data_key_id);
CREATE INDEX IF NOT EXISTS consent_suppression_dk_ix ON consent_suppression (data_key_id);
CREATE INDEX IF NOT EXISTS consent_pending_dk_ix ON consent_pending (data_key_id);
CREATE INDEX IF NOT EXISTS consent_message_dk_ix ON consent_message (data_key_id);
