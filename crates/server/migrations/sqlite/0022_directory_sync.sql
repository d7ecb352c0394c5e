-- Directory sync (issue 14): SCIM 2.0 users and groups, team membership many to many, group-based
-- product access.
-- Team members, many to many: a SCIM group is a team, and a person is in as many groups as the
-- company's directory says. joined_at orders who gets a bound seat first.
CREATE UNIQUE INDEX teams_id_account ON teams(id, account_id);
CREATE TABLE team_members (
    team_id    TEXT NOT NULL,
    account_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    joined_at  BIGINT NOT NULL,
    PRIMARY KEY (team_id, user_id),
    FOREIGN KEY (team_id, account_id) REFERENCES teams(id, account_id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, user_id) REFERENCES memberships(account_id, user_id) ON DELETE CASCADE
);
CREATE INDEX team_members_member ON team_members(account_id, user_id);
INSERT INTO team_members (team_id, account_id, user_id, joined_at)
SELECT team_id, account_id, user_id, created_at FROM memberships WHERE team_id IS NOT NULL;
DROP INDEX memberships_team;
-- SQLite cannot drop a column a foreign key names: memberships.team_id stays, empty and unread.
UPDATE memberships SET team_id = NULL;

-- A team the directory made (synced = 1) is changed only through SCIM; version is its ETag.
ALTER TABLE teams ADD COLUMN external_id TEXT;
ALTER TABLE teams ADD COLUMN synced BIGINT NOT NULL DEFAULT 0;
ALTER TABLE teams ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE teams ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
UPDATE teams SET updated_at = created_at;
CREATE INDEX teams_external ON teams(account_id, external_id);

-- active = false in the directory: the membership stays, suspended, without seats.
ALTER TABLE memberships ADD COLUMN suspended_at BIGINT;

-- The vendor allows directory sync per account (the premium plan); the account's admins turn it
-- on. With linked sign-in, people the directory adds get no invitation mail.
ALTER TABLE accounts ADD COLUMN directory_sync_allowed BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN directory_sync_on BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN directory_linked_sign_in BIGINT NOT NULL DEFAULT 0;

-- A SCIM User of an account: a member. Its id is the member's user id. `resource` keeps the
-- attributes the directory sent (JSON) that have no column; user_name_key and emails are
-- lower-cased for the filters (caseExact false).
CREATE TABLE scim_users (
    account_id    TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    user_name     TEXT NOT NULL,
    user_name_key TEXT NOT NULL,
    external_id   TEXT,
    active        BIGINT NOT NULL DEFAULT 1,
    resource      TEXT NOT NULL,
    version       BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (account_id, user_id),
    FOREIGN KEY (account_id, user_id) REFERENCES memberships(account_id, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX scim_users_name ON scim_users(account_id, user_name_key);
CREATE INDEX scim_users_external ON scim_users(account_id, external_id);
CREATE TABLE scim_user_emails (
    account_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    value_key  TEXT NOT NULL,
    type       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (account_id, user_id, value_key, type),
    FOREIGN KEY (account_id, user_id) REFERENCES scim_users(account_id, user_id) ON DELETE CASCADE
);
CREATE INDEX scim_user_emails_value ON scim_user_emails(account_id, value_key);

-- Bearer tokens of an account's SCIM endpoint: stored hashed, shown once.
CREATE TABLE scim_tokens (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    created_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX scim_tokens_account ON scim_tokens(account_id, created_at);

-- The newest sync requests of each account (the settings page shows 100; older ones are pruned).
CREATE TABLE scim_requests (
    id         INTEGER PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    at         BIGINT NOT NULL,
    method     TEXT NOT NULL,
    path       TEXT NOT NULL,
    status     BIGINT NOT NULL,
    outcome    TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX scim_requests_account ON scim_requests(account_id, id);

-- Group-based product access: members of a bound team get a seat of the subscription. A seat a
-- binding gave is marked; the ones left over wait in joining order; an admin's manual unassign
-- is a waiver kept until the member leaves the bound teams.
CREATE TABLE team_bindings (
    team_id         TEXT NOT NULL,
    account_id      TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (team_id, subscription_id),
    FOREIGN KEY (team_id, account_id) REFERENCES teams(id, account_id) ON DELETE CASCADE,
    FOREIGN KEY (subscription_id, account_id) REFERENCES subscriptions(id, account_id) ON DELETE CASCADE
);
CREATE INDEX team_bindings_subscription ON team_bindings(subscription_id);
ALTER TABLE assignments ADD COLUMN via_binding BIGINT NOT NULL DEFAULT 0;
CREATE TABLE seat_queue (
    subscription_id TEXT NOT NULL,
    account_id      TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    queued_at       BIGINT NOT NULL,
    -- The order of joining (seconds tie): one more than the last in this subscription's queue.
    position        BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, user_id),
    FOREIGN KEY (subscription_id, account_id) REFERENCES subscriptions(id, account_id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, user_id) REFERENCES memberships(account_id, user_id) ON DELETE CASCADE
);
CREATE INDEX seat_queue_order ON seat_queue(subscription_id, position);
CREATE INDEX seat_queue_member ON seat_queue(account_id, user_id);
CREATE TABLE binding_waivers (
    subscription_id TEXT NOT NULL,
    account_id      TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, user_id),
    FOREIGN KEY (subscription_id, account_id) REFERENCES subscriptions(id, account_id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, user_id) REFERENCES memberships(account_id, user_id) ON DELETE CASCADE
);
-- The admins were mailed about people waiting (once, until the queue empties).
ALTER TABLE subscriptions ADD COLUMN queue_notified_at BIGINT;
