-- consent-jdbc schema v7 for H2 2.x: de-duplication that outlives retention. Never edit a shipped
-- version. (V6 is another change of the same release.)
--
-- consent_inbound holds the carrier's message id of every handled inbound message, in clear, for
-- the inbound receipt retention (90 days by default). Twilio signs no timestamp: once the receipt
-- is gone, a captured signed webhook (a YES, a START) would be handled again as a fresh opt-in.
-- When retention deletes a receipt it now keeps, in the same transaction, the message's keyed hash
-- HMAC-SHA256(pseudonym key, "consent-inbound/v1" 0 tenant 0 carrier 0 message id) here, for good:
-- a replay is a duplicate however late, and the id is no longer held in clear. No row holds
-- personal data; the key stays with the host's key provider. handled_at is when the message was
-- handled. Receipts deleted before this version left no hash: the store keeps one from now on.
CREATE TABLE IF NOT EXISTS consent_inbound_digest (
  tenant VARCHAR(128) NOT NULL,
  digest VARCHAR(64) NOT NULL,
  handled_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  CONSTRAINT consent_inbound_digest_pk PRIMARY KEY (tenant, digest)
);
