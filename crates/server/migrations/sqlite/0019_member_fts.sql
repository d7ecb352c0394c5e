-- Member search by words (issue 13): a full-text index instead of a LIKE pattern scanned over
-- every member of the account (migration 0004). SQLite's lower() folds only ASCII; the unicode61
-- tokenizer folds the case of every letter, and with remove_diacritics 0 Š stays apart from S,
-- as on PostgreSQL. One row per membership:
--   account  the account id as one token (hex), so a search names its account in the MATCH
--            and reads no other account's rows;
--   words    first name, last name, last name and first name without a space (王 + 小明 is
--            also 王小明) and the address; the search ANDs word prefixes in this column only;
--   user_id  the user id, to join the memberships when the matches are few.
-- memberships.search_rowid is the membership's row here (the index's own rowids, which VACUUM
-- keeps): a search matching many members keeps, while walking the list in order, those whose
-- row matched, without reading each match's user_id.
-- Kept current by triggers, like sort_name; the search joins the memberships, so a row left
-- behind could never show a person who is not a member.
DROP TRIGGER memberships_names_on_insert;
DROP TRIGGER memberships_names_on_rename;
ALTER TABLE memberships DROP COLUMN search_text;
ALTER TABLE memberships ADD COLUMN search_rowid INTEGER;

CREATE VIRTUAL TABLE member_search USING fts5(
    account, words, user_id UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 0',
    -- One- and two-letter prefixes (the first letters typed) read one list each.
    prefix = '1 2'
);
INSERT INTO member_search (rowid, account, words, user_id)
SELECT m.rowid, hex(m.account_id),
       u.first_name || ' ' || u.last_name || ' ' || u.last_name || u.first_name || ' ' || u.email, m.user_id
FROM memberships m JOIN users u ON u.id = m.user_id;
UPDATE memberships SET search_rowid = rowid;

CREATE TRIGGER memberships_names_on_insert AFTER INSERT ON memberships
BEGIN
    INSERT INTO member_search (account, words, user_id)
    SELECT hex(NEW.account_id), u.first_name || ' ' || u.last_name || ' ' || u.last_name || u.first_name || ' ' || u.email, NEW.user_id
    FROM users u WHERE u.id = NEW.user_id;
    UPDATE memberships SET
        sort_name = (SELECT lower(u.last_name) || ' ' || lower(u.first_name) FROM users u WHERE u.id = NEW.user_id),
        search_rowid = last_insert_rowid()
    WHERE account_id = NEW.account_id AND user_id = NEW.user_id;
END;
CREATE TRIGGER memberships_names_on_rename AFTER UPDATE OF first_name, last_name, email ON users
BEGIN
    UPDATE memberships SET sort_name = lower(NEW.last_name) || ' ' || lower(NEW.first_name) WHERE user_id = NEW.id;
    UPDATE member_search SET words = NEW.first_name || ' ' || NEW.last_name || ' ' || NEW.last_name || NEW.first_name || ' ' || NEW.email
    WHERE rowid IN (SELECT search_rowid FROM memberships WHERE user_id = NEW.id);
END;
CREATE TRIGGER memberships_search_on_delete AFTER DELETE ON memberships
BEGIN
    DELETE FROM member_search WHERE rowid = OLD.search_rowid;
END;
