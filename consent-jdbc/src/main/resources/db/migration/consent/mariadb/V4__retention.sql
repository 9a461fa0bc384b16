-- consent-jdbc schema v4 for MariaDB 10.11+ and MySQL 8: indexes for retention. Never edit a shipped
-- version.
--
-- ConsentKit.applyRetention() selects, per tenant, the rows older than a cut-off in bounded batches:
-- message log entries by send time, inbound receipts by handling time, rate-limit hits by time, and
-- statuses of a purpose that ended before a cut-off. Without these indexes each batch scans a table.
-- (MySQL has no CREATE INDEX IF NOT EXISTS: the indexes are added with ALTER TABLE, once, under the
-- migration lock.)
ALTER TABLE consent_message ADD INDEX consent_message_sent_ix (tenant, sent_at);
ALTER TABLE consent_inbound ADD INDEX consent_inbound_handled_ix (tenant, handled_at);
ALTER TABLE consent_rate_hit ADD INDEX consent_rate_hit_time_ix (tenant, hit_at);
ALTER TABLE consent_status ADD INDEX consent_status_ended_ix (purpose_id, state, since);
