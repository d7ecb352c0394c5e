-- Member search scans one lower-case column next to the membership instead of joining and
-- lower-casing names and addresses row by row. Kept current by triggers, like sort_name.
ALTER TABLE memberships ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE memberships m SET search_text = lower(u.first_name || ' ' || u.last_name || ' ' || u.last_name || ' ' || u.first_name || ' ' || u.email)
FROM users u WHERE u.id = m.user_id;

CREATE OR REPLACE FUNCTION memberships_sort_name() RETURNS trigger AS $$
BEGIN
    SELECT lower(u.last_name) || ' ' || lower(u.first_name),
           lower(u.first_name || ' ' || u.last_name || ' ' || u.last_name || ' ' || u.first_name || ' ' || u.email)
      INTO NEW.sort_name, NEW.search_text
      FROM users u WHERE u.id = NEW.user_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER users_sort_name ON users;
CREATE OR REPLACE FUNCTION users_sort_name() RETURNS trigger AS $$
BEGIN
    UPDATE memberships SET
        sort_name = lower(NEW.last_name) || ' ' || lower(NEW.first_name),
        search_text = lower(NEW.first_name || ' ' || NEW.last_name || ' ' || NEW.last_name || ' ' || NEW.first_name || ' ' || NEW.email)
    WHERE user_id = NEW.id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER users_names AFTER UPDATE OF first_name, last_name, email ON users
    FOR EACH ROW EXECUTE FUNCTION users_sort_name();
