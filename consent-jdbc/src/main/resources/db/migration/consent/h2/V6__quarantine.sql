-- consent-jdbc schema v6 for H2 2.x: the quarantine of unverified inbound messages. Never edit a
-- shipped version.
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
  received_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  quarantined_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT consent_quarantine_pk PRIMARY KEY (tenant, carrier, message_id)
);
CREATE INDEX IF NOT EXISTS consent_quarantine_due_ix ON consent_quarantine (tenant, next_attempt_at);
CREATE INDEX IF NOT EXISTS consent_quarantine_subject_ix ON consent_quarantine (tenant, subject_ref);
CREATE TABLE IF NOT EXISTS consent_quarantine_lock (
  tenant VARCHAR(128) NOT NULL,
  CONSTRAINT consent_quarantine_lock_pk PRIMARY KEY (tenant)
);
