-- Member search scans one lower-case column next to the membership instead of joining and
-- lower-casing names and addresses row by row. Kept current by triggers, like sort_name.
ALTER TABLE memberships ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE memberships SET search_text = (
    SELECT lower(u.first_name || ' ' || u.last_name || ' ' || u.last_name || ' ' || u.first_name || ' ' || u.email)
    FROM users u WHERE u.id = memberships.user_id
);

DROP TRIGGER memberships_sort_name_on_insert;
DROP TRIGGER memberships_sort_name_on_rename;
CREATE TRIGGER memberships_names_on_insert AFTER INSERT ON memberships
BEGIN
    UPDATE memberships SET
        sort_name = (SELECT lower(u.last_name) || ' ' || lower(u.first_name) FROM users u WHERE u.id = NEW.user_id),
        search_text = (SELECT lower(u.first_name || ' ' || u.last_name || ' ' || u.last_name || ' ' || u.first_name || ' ' || u.email)
                       FROM users u WHERE u.id = NEW.user_id)
    WHERE account_id = NEW.account_id AND user_id = NEW.user_id;
END;
CREATE TRIGGER memberships_names_on_rename AFTER UPDATE OF first_name, last_name, email ON users
BEGIN
    UPDATE memberships SET
        sort_name = lower(NEW.last_name) || ' ' || lower(NEW.first_name),
        search_text = lower(NEW.first_name || ' ' || NEW.last_name || ' ' || NEW.last_name || ' ' || NEW.first_name || ' ' || NEW.email)
    WHERE user_id = NEW.id;
END;
