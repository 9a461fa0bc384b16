-- consent-jdbc schema v10 for H2 2.x: signed checkpoints of the chain heads. Never edit a shipped
-- version.
--
-- A checkpoint is a JWS signed with a key the database does not hold; it anchors the heads (seq and
-- hash) of the chains that moved since the checkpoint before it, listed in consent_checkpoint_head.
-- A database writer who rebuilds a chain cannot re-sign the checkpoint that anchored its old head,
-- so verification finds the rebuilt chain. Rows hold pseudonymous references and hashes only, and are
-- never changed or deleted. The primary key (tenant, checkpoint_no) makes a number count once: of two
-- instances saving the same number, one wins.
CREATE TABLE IF NOT EXISTS consent_checkpoint (
  tenant VARCHAR(128) NOT NULL,
  checkpoint_no BIGINT NOT NULL,
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  chains BIGINT NOT NULL,
  root VARCHAR(64) NOT NULL,
  previous VARCHAR(64) NOT NULL,
  jws TEXT NOT NULL,
  CONSTRAINT consent_checkpoint_pk PRIMARY KEY (tenant, checkpoint_no)
);
CREATE TABLE IF NOT EXISTS consent_checkpoint_head (
  tenant VARCHAR(128) NOT NULL,
  checkpoint_no BIGINT NOT NULL,
  subject_ref VARCHAR(64) NOT NULL,
  seq BIGINT NOT NULL,
  hash VARCHAR(64) NOT NULL,
  legacy_events BIGINT NOT NULL,
  CONSTRAINT consent_checkpoint_head_pk PRIMARY KEY (tenant, checkpoint_no, subject_ref)
);
CREATE INDEX IF NOT EXISTS consent_checkpoint_head_subject_ix ON consent_checkpoint_head (tenant, subject_ref, checkpoint_no);
