-- consent-jdbc schema v4 for PostgreSQL 15+: indexes for retention. Never edit a shipped version.
--
-- ConsentKit.applyRetention() selects, per tenant, the rows older than a cut-off in bounded batches:
-- message log entries by send time, inbound receipts by handling time and rate-limit hits by time.
-- Without these indexes each batch scans a table. Statuses that ended are found by a scan of the
-- status table on purpose: an index on their state and time would make every append's status
-- update a non-HOT update that writes every status index again.
-- The time leads (the batch filters on tenant as it goes): an index led by tenant could be taken by
-- the planner for the look-ups by tenant and id that every send and webhook makes.
CREATE INDEX IF NOT EXISTS consent_message_sent_ix ON consent_message (sent_at);
CREATE INDEX IF NOT EXISTS consent_inbound_handled_ix ON consent_inbound (handled_at);
CREATE INDEX IF NOT EXISTS consent_rate_hit_time_ix ON consent_rate_hit (hit_at);
