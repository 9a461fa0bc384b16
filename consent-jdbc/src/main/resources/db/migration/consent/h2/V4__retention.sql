-- consent-jdbc schema v4 for H2 2.x: indexes for retention. Never edit a shipped version.
--
-- ConsentKit.applyRetention() selects, per tenant, the rows older than a cut-off in bounded batches:
-- message log entries by send time, inbound receipts by handling time, rate-limit hits by time, and
-- statuses of a purpose that ended before a cut-off. Without these indexes each batch scans a table.
CREATE INDEX IF NOT EXISTS consent_message_sent_ix ON consent_message (tenant, sent_at);
CREATE INDEX IF NOT EXISTS consent_inbound_handled_ix ON consent_inbound (tenant, handled_at);
CREATE INDEX IF NOT EXISTS consent_rate_hit_time_ix ON consent_rate_hit (tenant, hit_at);
CREATE INDEX IF NOT EXISTS consent_status_ended_ix ON consent_status (purpose_id, state, since);
