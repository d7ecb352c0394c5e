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

-- What ran where: a device's products and versions, the account and the subscription (none for
-- a trial) whose seat allowed it, and when it was last seen running.
CREATE TABLE device_products (
    device_id       TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    product_id      TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    version         TEXT NOT NULL,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    subscription_id TEXT,
    first_seen      BIGINT NOT NULL,
    last_seen       BIGINT NOT NULL,
    PRIMARY KEY (device_id, product_id, version)
);
CREATE INDEX device_products_account ON device_products(account_id, last_seen);

-- Raw heartbeats, purged after the retention setting. Reports read seat_use_daily, kept up to
-- date in the heartbeat's own transaction.
CREATE TABLE heartbeats (
    id         TEXT PRIMARY KEY,
    device_id  TEXT NOT NULL REFERENCES devices(id) ON DELETE CASCADE,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL,
    product_id TEXT NOT NULL,
    version    TEXT NOT NULL,
    at         BIGINT NOT NULL
);
CREATE INDEX heartbeats_at ON heartbeats(at);

-- One row per account, product, person and UTC day the product ran.
CREATE TABLE seat_use_daily (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL,
    day        TEXT NOT NULL,
    heartbeats BIGINT NOT NULL,
    last_at    BIGINT NOT NULL,
    PRIMARY KEY (account_id, product_id, user_id, day)
);
CREATE INDEX seat_use_daily_user ON seat_use_daily(account_id, user_id, day);
CREATE INDEX seat_use_daily_day ON seat_use_daily(account_id, day);

-- The last use per account, person and product (the per-person report and "never used" read it
-- without scanning the days).
CREATE TABLE seat_use_last (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL,
    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    last_at    BIGINT NOT NULL,
    PRIMARY KEY (account_id, user_id, product_id)
);

-- Cloud credits: each subscription has a balance (bought minus consumed); consumption is
-- charged with a conditional update, so it never goes below zero.
ALTER TABLE subscriptions ADD COLUMN credits_total BIGINT NOT NULL DEFAULT 0 CHECK (credits_total >= 0);
ALTER TABLE subscriptions ADD COLUMN credits_used BIGINT NOT NULL DEFAULT 0 CHECK (credits_used >= 0);

-- Raw usage events: the idempotency key is unique per person, so a retry never counts twice.
CREATE TABLE usage_events (
    id              TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    subscription_id TEXT NOT NULL,
    product_id      TEXT NOT NULL,
    device_id       TEXT,
    credits         BIGINT NOT NULL CHECK (credits > 0),
    at              BIGINT NOT NULL,
    UNIQUE (user_id, idempotency_key)
);
CREATE INDEX usage_events_at ON usage_events(at);

-- Credits consumed per subscription, person and UTC day.
CREATE TABLE credit_daily (
    subscription_id TEXT NOT NULL,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id         TEXT NOT NULL,
    day             TEXT NOT NULL,
    credits         BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, user_id, day)
);
CREATE INDEX credit_daily_account ON credit_daily(account_id, day);

-- Check-out answers are signed with a key of their own (Ed25519; the stored secret is its seed).
CREATE TABLE signing_keys_new (
    purpose    TEXT NOT NULL CHECK (purpose IN ('download_links', 'licence_files', 'licence_grants')),
    kid        TEXT NOT NULL,
    secret     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (purpose, kid)
);
INSERT INTO signing_keys_new (purpose, kid, secret, created_at) SELECT purpose, kid, secret, created_at FROM signing_keys;
DROP TABLE signing_keys;
ALTER TABLE signing_keys_new RENAME TO signing_keys;

-- The personal-data agreement for devices: until the primary admin accepts the version in force,
-- the portal lists none of the company's devices. Each acceptance is in the activity log too.
ALTER TABLE accounts ADD COLUMN device_agreement_version TEXT;
ALTER TABLE accounts ADD COLUMN device_agreement_by TEXT;
ALTER TABLE accounts ADD COLUMN device_agreement_at BIGINT;
