-- Passkeys and security keys (WebAuthn): a passwordless sign-in, and a second factor after
-- the password.

-- The WebAuthn user handle of a person: a random UUID the authenticators keep, so that a
-- passkey sign-in can say whose it is without naming the person's address or id.
CREATE TABLE webauthn_handles (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    handle  TEXT NOT NULL UNIQUE
);

-- A registered credential. credential holds webauthn-rs's Passkey as JSON (the public key,
-- the signature counter, backup state); credential_id is its id, base64url, unique across
-- everyone.
CREATE TABLE passkeys (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    credential    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id, created_at);

-- A ceremony under way (a registration, a sign-in, a second step): the server's half of the
-- challenge, kept here so that any app server can finish it. Keyed by the hash of the token
-- the browser holds; used once, and gone after 5 minutes.
CREATE TABLE webauthn_ceremonies (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    state      TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX webauthn_ceremonies_expiry ON webauthn_ceremonies (expires_at);
