-- The member list is sorted by name and paged by keyset: keep each membership's sort key
-- (lower-case "last first") next to it, indexed per account, so that any page is an index range.
ALTER TABLE memberships ADD COLUMN sort_name TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE memberships m SET sort_name = lower(u.last_name) || ' ' || lower(u.first_name)
FROM users u WHERE u.id = m.user_id;
CREATE INDEX memberships_by_name ON memberships(account_id, sort_name, user_id);

CREATE FUNCTION memberships_sort_name() RETURNS trigger AS $$
BEGIN
    NEW.sort_name := (SELECT lower(u.last_name) || ' ' || lower(u.first_name) FROM users u WHERE u.id = NEW.user_id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER memberships_sort_name BEFORE INSERT ON memberships
    FOR EACH ROW EXECUTE FUNCTION memberships_sort_name();

CREATE FUNCTION users_sort_name() RETURNS trigger AS $$
BEGIN
    UPDATE memberships SET sort_name = lower(NEW.last_name) || ' ' || lower(NEW.first_name) WHERE user_id = NEW.id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER users_sort_name AFTER UPDATE OF first_name, last_name ON users
    FOR EACH ROW EXECUTE FUNCTION users_sort_name();
