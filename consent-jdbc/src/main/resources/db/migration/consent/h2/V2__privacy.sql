-- consent-jdbc schema v2 for H2 2.x: pseudonymous subjects, erasure, versioned event hashes.
-- Never edit a shipped version: later changes go into V3 and beyond.
--
-- Subjects are found by subject_ref = HMAC-SHA256(host key, number) instead of the number, so that
-- erasure can set e164 to NULL and keep the row (its chain head, statuses and suppressions).
-- Existing rows get their subject_ref from JdbcConsentStore (HMAC needs the host key, which SQL does
-- not have): migrate() fills them in, and the store fills in any left before its first operation.
-- Stop every consent-jdbc 0.1 instance before applying this version: 0.1 writes subjects without a
-- reference.
ALTER TABLE consent_subject ADD COLUMN IF NOT EXISTS subject_ref VARCHAR(64);
ALTER TABLE consent_subject ALTER COLUMN e164 SET NULL;
CREATE UNIQUE INDEX IF NOT EXISTS consent_subject_ref_uk ON consent_subject (tenant, subject_ref);

-- Event hashes are versioned: rows written by 0.1 keep version 1 (the hash covers the number and the
-- evidence values) and verify by those rules; new rows are version 2 (the hash covers subject_ref
-- and evidence_digest, which survive erasure). Recomputing old hashes in this migration would need
-- the host key and would rewrite the proof: it is deliberately not done. An erased row keeps its
-- digest and hash with redacted = TRUE and evidence '{}'.
ALTER TABLE consent_event ADD COLUMN IF NOT EXISTS evidence_digest VARCHAR(64);
ALTER TABLE consent_event ADD COLUMN IF NOT EXISTS hash_version SMALLINT NOT NULL DEFAULT 1;
ALTER TABLE consent_event ADD COLUMN IF NOT EXISTS redacted BOOLEAN NOT NULL DEFAULT FALSE;

-- Keys the store generates itself when the host configures no KeyProvider (one per tenant and use).
-- Whoever can read this table can test guessed numbers against subject references: production hosts
-- configure a KeyProvider backed by a KMS or vault, and this table stays empty.
CREATE TABLE IF NOT EXISTS consent_key (
  tenant VARCHAR(128) NOT NULL,
  key_use VARCHAR(32) NOT NULL,
  key_material VARCHAR(128) NOT NULL,
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT consent_key_pk PRIMARY KEY (tenant, key_use)
);
