-- Linked accounts: OpenID Connect identities a person signs in with.

-- An identity at a provider, keyed by the provider's issuer and subject (never the email).
CREATE TABLE linked_identities (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    provider     TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    subject      TEXT NOT NULL,
    email        TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    UNIQUE (issuer, subject)
);
CREATE INDEX linked_identities_user ON linked_identities (user_id);

-- A trip to a provider under way: its state (hashed), the nonce and PKCE verifier to finish it,
-- the browser it belongs to (the hash of a cookie), and what it is for. Used once; 10 minutes.
CREATE TABLE oidc_flows (
    state_hash    TEXT PRIMARY KEY,
    browser_hash  TEXT NOT NULL,
    provider      TEXT NOT NULL,
    purpose       TEXT NOT NULL,
    user_id       TEXT REFERENCES users(id) ON DELETE CASCADE,
    nonce         TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    next          TEXT NOT NULL,
    expires_at    BIGINT NOT NULL
);
CREATE INDEX oidc_flows_expiry ON oidc_flows (expires_at);

-- A first sign-in with an identity that is linked to no one yet: what the provider vouched for,
-- kept for the browser that came back (the hash of a cookie) until the person links it to an
-- account they sign in to, or signs up with it. Used once; 10 minutes.
CREATE TABLE oidc_pending (
    token_hash     TEXT PRIMARY KEY,
    provider       TEXT NOT NULL,
    issuer         TEXT NOT NULL,
    subject        TEXT NOT NULL,
    email          TEXT NOT NULL,
    email_verified BIGINT NOT NULL,
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    expires_at     BIGINT NOT NULL
);
CREATE INDEX oidc_pending_expiry ON oidc_pending (expires_at);
