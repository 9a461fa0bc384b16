-- consent-jdbc schema v12 for MariaDB 10.11+ and MySQL 8: campaigns. Never edit a shipped version.
--
-- A campaign send (MessageGate.sendAll) is logged under its campaign id before the carrier is
-- called; the unique key lets each campaign hold one message per subject, so a retried campaign
-- never sends twice. Other messages have no campaign (NULL), which the key does not compare. The key
-- leads with the subject (a subject row belongs to one tenant), so that a campaign batch looks its
-- subjects up one index probe each, however many messages the campaign already holds.
ALTER TABLE consent_message ADD COLUMN IF NOT EXISTS campaign_id VARCHAR(128);
CREATE UNIQUE INDEX IF NOT EXISTS consent_message_campaign_uk ON consent_message (subject_id, campaign_id);
