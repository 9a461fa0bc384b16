-- consent-jdbc schema v8 for H2 2.x: the review queue of unclear inbound replies. Never edit a
-- shipped version.
--
-- Every reply the classifier finds UNCLEAR waits here for a person, the subscriber's clear answer or
-- its deadline. The number and the reply text are personal data: both are sealed under the tenant's
-- data key named by data_key_id (as message bodies are); the subject is found by its keyed reference.
-- state moves once from OPEN to RESOLVED by a conditional UPDATE (compare-and-set), so of two people
-- resolving one item exactly one wins.
CREATE TABLE IF NOT EXISTS consent_review (
  tenant VARCHAR(128) NOT NULL,
  id VARCHAR(64) NOT NULL,
  subject_ref VARCHAR(64) NOT NULL,
  number_sealed VARCHAR(512) NOT NULL,
  text_sealed VARCHAR(1000000) NOT NULL,
  data_key_id VARCHAR(64),
  program_id VARCHAR(128),
  sender VARCHAR(64) NOT NULL,
  carrier VARCHAR(64) NOT NULL,
  inbound_message_id VARCHAR(128) NOT NULL,
  classification VARCHAR(64) NOT NULL,
  clarification_sent BOOLEAN NOT NULL,
  received_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  deadline TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  state VARCHAR(16) NOT NULL,
  decision VARCHAR(16),
  source VARCHAR(32),
  decided_by VARCHAR(128),
  decided_at TIMESTAMP(6) WITH TIME ZONE,
  CONSTRAINT consent_review_pk PRIMARY KEY (tenant, id)
);
CREATE INDEX IF NOT EXISTS consent_review_open_ix ON consent_review (tenant, state, received_at, id);
CREATE INDEX IF NOT EXISTS consent_review_deadline_ix ON consent_review (tenant, state, deadline);
CREATE INDEX IF NOT EXISTS consent_review_subject_ix ON consent_review (tenant, subject_ref, sender);
