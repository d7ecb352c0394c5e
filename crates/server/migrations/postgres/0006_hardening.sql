-- Hardening: signing keys with ids (rotation), the security log, leases for jobs that one
-- server at a time runs, and unique indexes for rules that were only checked by a SELECT.

-- Keys every server shares, per purpose; the newest of a purpose signs, every stored one
-- verifies (so a rotation does not break links or licence files in flight).
CREATE TABLE signing_keys (
    purpose    TEXT NOT NULL CHECK (purpose IN ('download_links', 'licence_files')),
    kid        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (purpose, kid)
);
INSERT INTO signing_keys (purpose, kid, secret, created_at)
    SELECT 'download_links', 'k1', value, created_at FROM server_keys WHERE name = 'download_links';
DROP TABLE server_keys;

-- Authentication events (sign-in success and failure, lockout, reset, password change, sign
-- out everywhere), readable by the person and by vendor staff.
CREATE TABLE security_events (
    id         TEXT PRIMARY KEY,
    user_id    TEXT REFERENCES users(id) ON DELETE CASCADE,
    login      TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL CHECK (kind IN ('sign_in', 'sign_in_failed', 'sign_in_throttled', 'locked',
                   'password_reset', 'password_changed', 'password_change_failed', 'signed_out_everywhere')),
    ip         TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX security_events_user ON security_events(user_id, created_at);
CREATE INDEX security_events_time ON security_events(created_at);

-- Background jobs that one server at a time runs claim their row for a lease.
CREATE TABLE job_leases (
    name         TEXT PRIMARY KEY,
    locked_until BIGINT NOT NULL DEFAULT 0,
    last_run_at  BIGINT NOT NULL DEFAULT 0
);
INSERT INTO job_leases (name) VALUES ('retention');

-- What the retention job looks for.
CREATE INDEX outbox_done ON outbox(status, created_at);
CREATE INDEX user_tokens_expiry ON user_tokens(expires_at);
CREATE INDEX sessions_last_seen ON sessions(last_seen_at);

-- One open request of a kind per subscription, product and version (physical media may be
-- ordered again while one is on its way).
CREATE UNIQUE INDEX licence_requests_one_open ON licence_requests
    (subscription_id, product_id, kind, COALESCE(version, ''))
    WHERE status IN ('requested', 'approved') AND kind IN ('previous_version', 'home_use', 'network_licence');
