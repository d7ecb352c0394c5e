-- The licensing API that the vendor's desktop products call (issue 12).
--
-- A desktop app signs in with the OAuth 2.0 Device Authorization Grant (RFC 8628): it asks for
-- a device authorization (device_code, shown user_code), the person approves the user code on
-- a portal page while signed in, and the app's polls then receive a device token. Only hashes
-- of the device code and the token are stored.

CREATE TABLE devices (
    id             TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    host_name      TEXT NOT NULL,
    os             TEXT NOT NULL,
    first_seen     BIGINT NOT NULL,
    last_seen      BIGINT NOT NULL,
    deactivated_at BIGINT
);
CREATE INDEX devices_user ON devices(user_id, last_seen);

CREATE TABLE device_authorizations (
    device_code_hash TEXT PRIMARY KEY,
    user_code        TEXT NOT NULL UNIQUE,
    client_name      TEXT NOT NULL,
    host_name        TEXT NOT NULL,
    os               TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'used')),
    user_id          TEXT REFERENCES users(id) ON DELETE CASCADE,
    interval_s       BIGINT NOT NULL,
    last_poll_at     BIGINT,
    expires_at       BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX device_authorizations_expiry ON device_authorizations(expires_at);

CREATE TABLE device_tokens (
    id           TEXT PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    device_id    TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    client_name  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX device_tokens_user ON device_tokens(user_id);
