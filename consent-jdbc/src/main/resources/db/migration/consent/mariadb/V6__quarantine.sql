-- consent-jdbc schema v6 for MariaDB 10.11+ and MySQL 8: the quarantine of unverified inbound
-- messages. Never edit a shipped version.
--
-- An inbound webhook that fails verification is never applied: it waits here until the carrier's API
-- confirms it (then it is handled as verified) or says it does not exist, and is deleted then, or at
-- its maximum age. Only what confirmation needs is kept: no body and no number; the claimed sender is
-- its keyed subject reference, which counts the per-sender budget. Admissions lock the tenant's row
-- of consent_quarantine_lock, so the budgets hold exactly with many instances.
CREATE TABLE IF NOT EXISTS consent_quarantine (
  tenant VARCHAR(128) NOT NULL,
  carrier VARCHAR(64) NOT NULL,
  message_id VARCHAR(128) NOT NULL,
  subject_ref VARCHAR(64) NOT NULL,
  received_at DATETIME(6) NOT NULL,
  quarantined_at DATETIME(6) NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at DATETIME(6) NOT NULL,
  CONSTRAINT consent_quarantine_pk PRIMARY KEY (tenant, carrier, message_id),
  INDEX consent_quarantine_due_ix (tenant, next_attempt_at),
  INDEX consent_quarantine_subject_ix (tenant, subject_ref)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE IF NOT EXISTS consent_quarantine_lock (
  tenant VARCHAR(128) NOT NULL,
  CONSTRAINT consent_quarantine_lock_pk PRIMARY KEY (tenant)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
