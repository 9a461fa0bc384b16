-- consent-jdbc schema v9: how many values each data key has sealed. Never edit a shipped version.
--
-- AES-GCM with random 96-bit nonces is safe for about 2^32 seals under one key (NIST SP 800-38D,
-- 8.3). Instances add their seals here in batches; a key past the store's limit is rotated.
ALTER TABLE consent_data_key ADD COLUMN IF NOT EXISTS sealed_count BIGINT NOT NULL DEFAULT 0;
