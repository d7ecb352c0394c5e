-- 2-step verification (TOTP and recovery codes), the second step of a sign-in, remembered
-- browsers, and sessions a person can see and end.

-- Sessions get a public id (listing and ending one never shows a token or its hash), the time
-- of their last full authentication (password, and second factor when the person has one) for
-- changes that need a fresh sign-in, and how they were signed in. Sessions of before have
-- neither, so they end: everyone signs in again once.
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN authenticated_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'password';
CREATE UNIQUE INDEX sessions_id ON sessions(id);

-- A person's authenticator app (RFC 6238). A row without enabled_at is a setup not yet
-- confirmed by a code. last_step is the newest time step accepted, so no code is used twice.
CREATE TABLE user_totp (
    user_id    TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret     TEXT NOT NULL,
    enabled_at BIGINT,
    last_step  BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

-- Single-use recovery codes; only their SHA-256 is kept.
CREATE TABLE recovery_codes (
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (user_id, code_hash)
);

-- A password that was right, waiting for the second factor (a short-lived cookie holds the
-- token; only its hash is here).
CREATE TABLE sign_in_challenges (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    failures   BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX sign_in_challenges_expiry ON sign_in_challenges(expires_at);

-- Browsers whose owner asked not to be asked for the second factor again for a while. A
-- password change or a change of factors forgets them all.
CREATE TABLE trusted_browsers (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX trusted_browsers_user ON trusted_browsers(user_id);
CREATE INDEX trusted_browsers_expiry ON trusted_browsers(expires_at);

-- Browsers a person has signed in from (a hash of the user agent's browser and system), for
-- the new-browser alert.
CREATE TABLE known_browsers (
    user_id     TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    first_seen  BIGINT NOT NULL,
    PRIMARY KEY (user_id, fingerprint)
);

-- The security log learns the new events and how a sign-in was made.
ALTER TABLE security_events DROP CONSTRAINT security_events_kind_check;
ALTER TABLE security_events ADD CONSTRAINT security_events_kind_check CHECK (kind IN ('sign_in',
    'sign_in_failed', 'sign_in_throttled', 'locked', 'password_reset', 'password_changed',
    'password_change_failed', 'signed_out_everywhere', 'second_factor_failed', 'two_step_enabled',
    'two_step_disabled', 'recovery_codes_generated', 'session_ended', 'signed_out_others'));
ALTER TABLE security_events ADD COLUMN method TEXT NOT NULL DEFAULT '';
UPDATE security_events SET method = 'password' WHERE kind = 'sign_in';
