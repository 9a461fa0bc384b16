-- consent-jdbc schema v13 for H2: program caps. Never edit a shipped version.
--
-- A program's declared frequency ("Up to 4 msgs/month") caps the gated messages of all its purposes
-- to one number (MessageLogStore.reserveSend with a PROGRAM SendCap). The gate counts them per
-- subject and program over the cap's window, as V1's index does per subject and purpose.
CREATE INDEX IF NOT EXISTS consent_message_program_ix ON consent_message (subject_id, program_id, sent_at);
