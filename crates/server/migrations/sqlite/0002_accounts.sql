-- Customer accounts (companies), their members, teams, contracts, subscriptions and seat
-- assignments; vendor staff; invitations; the activity log.
--
-- The seat limit is the database's too: triggers keep subscriptions.seats_used equal to the
-- number of assignments, and a CHECK keeps it within seats, so no write path can over-assign.

ALTER TABLE users ADD COLUMN is_vendor_staff BIGINT NOT NULL DEFAULT 0;

CREATE TABLE accounts (
    id         TEXT PRIMARY KEY,
    number     TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    country    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (account_id, name)
);

CREATE TABLE memberships (
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('primary_admin', 'secondary_admin', 'user')),
    team_id    TEXT REFERENCES teams(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, user_id)
);
-- Exactly one contract manager per account (at most one here; the code keeps one).
CREATE UNIQUE INDEX memberships_one_primary ON memberships(account_id) WHERE role = 'primary_admin';
CREATE INDEX memberships_user ON memberships(user_id);
CREATE INDEX memberships_team ON memberships(team_id);

CREATE TABLE products (
    id         TEXT PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('product', 'collection')),
    created_at BIGINT NOT NULL
);

CREATE TABLE contracts (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    number        TEXT NOT NULL UNIQUE,
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL,
    partner_name  TEXT NOT NULL DEFAULT '',
    partner_email TEXT NOT NULL DEFAULT '',
    partner_phone TEXT NOT NULL DEFAULT '',
    created_at    BIGINT NOT NULL,
    CHECK (start_date < end_date)
);

CREATE TABLE subscriptions (
    id            TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    contract_id   TEXT NOT NULL REFERENCES contracts(id) ON DELETE CASCADE,
    product_id    TEXT NOT NULL REFERENCES products(id),
    licence_type  TEXT NOT NULL CHECK (licence_type IN ('named_user', 'multi_user_network', 'standalone')),
    seats         BIGINT NOT NULL CHECK (seats > 0),
    seats_used    BIGINT NOT NULL DEFAULT 0,
    term          TEXT NOT NULL CHECK (term IN ('monthly', 'one_year', 'three_years')),
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL,
    auto_renew    BIGINT NOT NULL DEFAULT 0,
    status        TEXT NOT NULL CHECK (status IN ('active', 'expired', 'cancelled')),
    serial_number TEXT NOT NULL,
    product_key   TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    CONSTRAINT seats_within_limit CHECK (seats_used >= 0 AND seats_used <= seats),
    UNIQUE (id, account_id)
);
CREATE INDEX subscriptions_account ON subscriptions(account_id);

CREATE TABLE assignments (
    subscription_id TEXT NOT NULL,
    account_id      TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, user_id),
    -- A seat of this account's subscription only, for a member of this account only.
    FOREIGN KEY (subscription_id, account_id) REFERENCES subscriptions(id, account_id) ON DELETE CASCADE,
    -- Removing a member removes their assignments (and so frees the seats).
    FOREIGN KEY (account_id, user_id) REFERENCES memberships(account_id, user_id) ON DELETE CASCADE
);
CREATE INDEX assignments_member ON assignments(account_id, user_id);

CREATE TRIGGER assignments_take_seat AFTER INSERT ON assignments
BEGIN
    UPDATE subscriptions SET seats_used = seats_used + 1 WHERE id = NEW.subscription_id;
END;
CREATE TRIGGER assignments_free_seat AFTER DELETE ON assignments
BEGIN
    UPDATE subscriptions SET seats_used = seats_used - 1 WHERE id = OLD.subscription_id;
END;

CREATE TABLE invitations (
    id          TEXT PRIMARY KEY,
    account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    email       TEXT NOT NULL,
    first_name  TEXT NOT NULL,
    last_name   TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('primary_admin', 'secondary_admin', 'user')),
    team_id     TEXT REFERENCES teams(id) ON DELETE SET NULL,
    -- Subscription ids to assign on acceptance, comma-separated.
    products    TEXT NOT NULL DEFAULT '',
    token_hash  TEXT NOT NULL UNIQUE,
    status      TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'revoked')),
    invited_by  TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT
);
CREATE INDEX invitations_account ON invitations(account_id, status);
CREATE UNIQUE INDEX invitations_one_pending ON invitations(account_id, email) WHERE status = 'pending';

-- Every change an admin or vendor makes; written in the same transaction as the change.
CREATE TABLE activity (
    id          TEXT PRIMARY KEY,
    account_id  TEXT,
    actor_id    TEXT,
    actor_email TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    ip          TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX activity_account ON activity(account_id, created_at);

CREATE TRIGGER activity_is_append_only_update BEFORE UPDATE ON activity
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
CREATE TRIGGER activity_is_append_only_delete BEFORE DELETE ON activity
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
