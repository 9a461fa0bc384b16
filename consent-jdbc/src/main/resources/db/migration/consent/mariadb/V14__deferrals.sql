-- consent-jdbc schema v14 for MariaDB 10.11+ and MySQL 8: deferred messages. Never edit a shipped version.
--
-- A message the gate refused for quiet hours or a frequency cap waits here, when the host asked
-- (MessageGate.sendOrDefer), until release_at; MessageGate.releaseDue checks it again and sends it,
-- or drops it after latest. The number and the body are personal data: both are sealed under the
-- tenant's data key named by data_key_id (as message bodies are); erasure finds them by the keyed
-- subject reference. A release claims a row by a conditional UPDATE of claimed_until (compare-and-
-- set), so instances releasing at once each take different rows. campaign_id names the campaign that
-- held the message (its release takes that campaign's mark, so the campaign reaches a number once).
-- Re-encryption finds rows by their data key: data_key_id is indexed here, and on consent_review,
-- which V8 left without that index.
CREATE TABLE IF NOT EXISTS consent_deferral (
  tenant VARCHAR(128) NOT NULL,
  id VARCHAR(64) NOT NULL,
  subject_ref VARCHAR(64) NOT NULL,
  number_sealed VARCHAR(512) NOT NULL,
  body_sealed MEDIUMTEXT NOT NULL,
  data_key_id VARCHAR(64),
  purpose_id VARCHAR(128) NOT NULL,
  sender VARCHAR(64),
  declared_zone VARCHAR(64),
  reason VARCHAR(32) NOT NULL,
  held_at DATETIME(6) NOT NULL,
  release_at DATETIME(6) NOT NULL,
  latest DATETIME(6) NOT NULL,
  claimed_until DATETIME(6),
  campaign_id VARCHAR(128),
  CONSTRAINT consent_deferral_pk PRIMARY KEY (tenant, id),
  INDEX consent_deferral_due_ix (tenant, release_at, id),
  INDEX consent_deferral_subject_ix (tenant, subject_ref),
  INDEX consent_deferral_dk_ix (data_key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX IF NOT EXISTS consent_review_dk_ix ON consent_review (data_key_id);
