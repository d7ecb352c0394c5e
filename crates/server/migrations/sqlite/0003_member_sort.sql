-- The member list is sorted by name and paged by keyset: keep each membership's sort key
-- (lower-case "last first") next to it, indexed per account, so that any page is an index range.
ALTER TABLE memberships ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
UPDATE memberships SET sort_name = (
    SELECT lower(u.last_name) || ' ' || lower(u.first_name) FROM users u WHERE u.id = memberships.user_id
);
CREATE INDEX memberships_by_name ON memberships(account_id, sort_name, user_id);

CREATE TRIGGER memberships_sort_name_on_insert AFTER INSERT ON memberships
BEGIN
    UPDATE memberships SET sort_name = (
        SELECT lower(u.last_name) || ' ' || lower(u.first_name) FROM users u WHERE u.id = NEW.user_id
    ) WHERE account_id = NEW.account_id AND user_id = NEW.user_id;
END;
CREATE TRIGGER memberships_sort_name_on_rename AFTER UPDATE OF first_name, last_name ON users
BEGIN
    UPDATE memberships SET sort_name = lower(NEW.last_name) || ' ' || lower(NEW.first_name)
    WHERE user_id = NEW.id;
END;
