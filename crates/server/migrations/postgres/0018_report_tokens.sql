-- The usage-report API (issue 12): admins of a premium account create tokens that read the
-- account's reports without a browser. Only a SHA-256 hash of each secret is kept; `hint` is
-- its first characters, to tell tokens apart. A token names the reports it may read (scopes,
-- comma-separated), expires, records its last use and can be revoked.
CREATE TABLE report_tokens (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    created_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX report_tokens_account ON report_tokens(account_id, created_at);
