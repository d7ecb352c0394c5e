-- Identity: people, sessions, one-time tokens, sign-in throttling, rate limits, the mail outbox.
-- Times are Unix seconds (UTC).
-- Flags are BIGINT 0/1: sqlx's Any driver cannot decode SQLite booleans.

CREATE TABLE users (
    id                        TEXT PRIMARY KEY,
    account_id                TEXT NOT NULL UNIQUE,
    email                     TEXT NOT NULL UNIQUE,
    email_verified_at         BIGINT,
    password_hash             TEXT NOT NULL,
    first_name                TEXT NOT NULL,
    last_name                 TEXT NOT NULL,
    country                   TEXT NOT NULL,
    street                    TEXT NOT NULL DEFAULT '',
    city                      TEXT NOT NULL DEFAULT '',
    postcode                  TEXT NOT NULL DEFAULT '',
    phone                     TEXT NOT NULL DEFAULT '',
    company                   TEXT NOT NULL DEFAULT '',
    job_title                 TEXT NOT NULL DEFAULT '',
    locale                    TEXT NOT NULL,
    notify_product_updates    BIGINT NOT NULL DEFAULT 1,
    notify_renewal_reminders  BIGINT NOT NULL DEFAULT 1,
    notify_news               BIGINT NOT NULL DEFAULT 0,
    privacy_consent_at        BIGINT NOT NULL,
    privacy_statement_version TEXT NOT NULL,
    last_sign_in_at           BIGINT,
    created_at                BIGINT NOT NULL,
    updated_at                BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE user_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('verify_email', 'reset_password')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX user_tokens_user ON user_tokens(user_id, purpose);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE rate_limits (
    key          TEXT PRIMARY KEY,
    hits         BIGINT NOT NULL,
    window_start BIGINT NOT NULL
);

CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    to_address      TEXT NOT NULL,
    to_name         TEXT NOT NULL DEFAULT '',
    locale          TEXT NOT NULL,
    kind            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    text_body       TEXT NOT NULL,
    html_body       TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    delivered_via   TEXT,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
