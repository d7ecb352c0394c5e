-- Identity changes: usernames, changes of email address, and deleting an account (the people
-- who deleted theirs, and the one change the activity log allows: replacing such a person's
-- data in entries by their pseudonym).

-- A username people may sign in with besides the address and the account ID (lower case;
-- unique where set).
ALTER TABLE users ADD COLUMN username TEXT;
CREATE UNIQUE INDEX users_username ON users(username);

-- A change of email address: the link to the new address confirms it (token_hash); then the
-- old address gets a link that undoes it for 7 days (undo_token_hash).
CREATE TABLE email_changes (
    token_hash      TEXT PRIMARY KEY,
    user_id         TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    old_email       TEXT NOT NULL,
    new_email       TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    confirmed_at    BIGINT,
    undo_token_hash TEXT UNIQUE,
    undo_expires_at BIGINT,
    undone_at       BIGINT
);
CREATE INDEX email_changes_user ON email_changes(user_id);

-- The security log's kinds are the application's (an enum that reads unknown ones as such):
-- the table is made again without a CHECK, so new kinds need no rebuild.
CREATE TABLE security_events_new (
    id         TEXT PRIMARY KEY,
    user_id    TEXT REFERENCES users(id) ON DELETE CASCADE,
    login      TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    method     TEXT NOT NULL DEFAULT '',
    ip         TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
INSERT INTO security_events_new SELECT id, user_id, login, kind, method, ip, user_agent, created_at FROM security_events;
DROP TABLE security_events;
ALTER TABLE security_events_new RENAME TO security_events;
CREATE INDEX security_events_user ON security_events(user_id, created_at);
CREATE INDEX security_events_time ON security_events(created_at);

CREATE TABLE erasures (
    user_id   TEXT PRIMARY KEY,
    pseudonym TEXT NOT NULL UNIQUE,
    erased_at BIGINT NOT NULL
);

-- The log stays append-only for everything else: an update may change only the person's
-- address, the client address (to empty) and the JSON before and after, and only to write the
-- pseudonym of an erased person.
DROP TRIGGER activity_is_append_only_update;
CREATE TRIGGER activity_is_append_only_update BEFORE UPDATE ON activity
WHEN NOT (
    NEW.id = OLD.id AND NEW.account_id IS OLD.account_id AND NEW.actor_id IS OLD.actor_id
    AND NEW.action = OLD.action AND NEW.object_type = OLD.object_type AND NEW.object_id = OLD.object_id
    AND NEW.created_at = OLD.created_at AND (NEW.ip = OLD.ip OR NEW.ip = '')
    AND EXISTS (SELECT 1 FROM erasures e WHERE instr(NEW.actor_email || ' ' || COALESCE(NEW.before_json, '')
        || ' ' || COALESCE(NEW.after_json, ''), e.pseudonym) > 0)
)
BEGIN
    SELECT RAISE(ABORT, 'the activity log is append-only');
END;
