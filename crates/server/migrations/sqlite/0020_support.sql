-- Support cases (issue 13): a member asks the vendor for help; the vendor's staff answer from
-- their queue. A case has a thread of messages (some of them the staff's internal notes, which
-- customer endpoints never return), attachments streamed to the file store, and watchers (the
-- account's admins add colleagues). A solved case closes by itself after some days.
CREATE TABLE support_cases (
    id              TEXT PRIMARY KEY,
    -- The counter value in the number: the key of the case's rows in the search index.
    seq             BIGINT NOT NULL UNIQUE,
    number          TEXT NOT NULL UNIQUE,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    opened_by       TEXT REFERENCES users(id) ON DELETE SET NULL,
    opener_name     TEXT NOT NULL,
    opener_email    TEXT NOT NULL,
    category        TEXT NOT NULL CHECK (category IN ('installation', 'licensing', 'downloads', 'account', 'renewal', 'other')),
    severity        TEXT NOT NULL CHECK (severity IN ('low', 'normal', 'high', 'critical')),
    status          TEXT NOT NULL CHECK (status IN ('open', 'waiting_on_customer', 'waiting_on_vendor', 'solved', 'closed')),
    subject         TEXT NOT NULL,
    product_id      TEXT REFERENCES products(id),
    version         TEXT,
    assignee_id     TEXT REFERENCES users(id) ON DELETE SET NULL,
    last_side       TEXT NOT NULL CHECK (last_side IN ('customer', 'vendor', 'system')),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    solved_at       BIGINT
);
CREATE INDEX support_cases_account ON support_cases(account_id, updated_at, id);
CREATE INDEX support_cases_opener ON support_cases(opened_by, updated_at, id);
CREATE INDEX support_cases_queue ON support_cases(updated_at, id);
CREATE INDEX support_cases_status ON support_cases(status, created_at);
CREATE INDEX support_cases_assignee ON support_cases(assignee_id, updated_at);

CREATE TABLE support_messages (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES support_cases(id) ON DELETE CASCADE,
    author_id   TEXT REFERENCES users(id) ON DELETE SET NULL,
    author_name TEXT NOT NULL,
    side        TEXT NOT NULL CHECK (side IN ('customer', 'vendor', 'system')),
    internal    BIGINT NOT NULL DEFAULT 0 CHECK (internal IN (0, 1)),
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX support_messages_case ON support_messages(case_id, created_at);

-- Uploaded first (by one person), then attached to one message of theirs. Files never attached
-- are removed by the retention job after a day.
CREATE TABLE support_attachments (
    id           TEXT PRIMARY KEY,
    uploaded_by  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message_id   TEXT REFERENCES support_messages(id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    storage_key  TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX support_attachments_message ON support_attachments(message_id);
CREATE INDEX support_attachments_unused ON support_attachments(created_at) WHERE message_id IS NULL;

CREATE TABLE support_watchers (
    case_id    TEXT NOT NULL REFERENCES support_cases(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    added_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX support_watchers_user ON support_watchers(user_id);

INSERT INTO counters (name, value) VALUES ('support_case', 0);

-- Full-text search: per case one row of its public words (number, subject, public messages) at
-- rowid seq * 2, and one of the staff's internal notes at seq * 2 + 1; a message appends its
-- words to its row. The text is normalised by the server (lower case, punctuation as spaces,
-- every CJK character a word of its own), so both databases see the same words.
CREATE VIRTUAL TABLE support_search USING fts5(
    account_id, doc, case_id UNINDEXED, internal UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0'
);
-- A deleted case (its account deleted) leaves no words behind.
CREATE TRIGGER support_cases_unsearch AFTER DELETE ON support_cases
BEGIN
    DELETE FROM support_search WHERE rowid IN (OLD.seq * 2, OLD.seq * 2 + 1);
END;
