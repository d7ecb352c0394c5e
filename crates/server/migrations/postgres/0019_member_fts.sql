-- Member search by words (issue 13): a full-text index instead of a LIKE pattern scanned over
-- every member of the account (migration 0004). search_vector holds, through the 'simple'
-- configuration (no stemming, no stop words):
--   '#<account id>'  one lexeme naming the account, ANDed into every search, so the GIN index
--                    answers for one account (no extension such as btree_gin needed); the '#'
--                    keeps a person's words (letters and digits only) from ever matching it;
--   the words        first name, last name, last name and first name without a space (王 + 小明
--                    is also 王小明) and the address, lower-cased, punctuation made spaces so an
--                    address splits into words as in SQLite's tokenizer (the parser would keep
--                    ana.novak@example.com whole).
-- Lower-cased with ICU's root collation when the server has ICU, so every letter folds whatever
-- the database's locale (lower() under a C locale folds only ASCII); Š stays apart from S.
-- Kept current by the triggers of sort_name.
DO $do$
BEGIN
    EXECUTE format($f$
        CREATE FUNCTION member_search_vector(account_id TEXT, first_name TEXT, last_name TEXT, email TEXT) RETURNS tsvector AS $b$
            SELECT array_to_tsvector(ARRAY['#' || account_id])
                || to_tsvector('simple', regexp_replace(
                       lower((first_name || ' ' || last_name || ' ' || last_name || first_name || ' ' || email) %s),
                       '[[:punct:]]+', ' ', 'g'))
        $b$ LANGUAGE sql STABLE
    $f$, CASE WHEN EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN 'COLLATE "und-x-icu"' ELSE '' END);
END
$do$;

CREATE OR REPLACE FUNCTION memberships_sort_name() RETURNS trigger AS $$
BEGIN
    SELECT lower(u.last_name) || ' ' || lower(u.first_name),
           member_search_vector(NEW.account_id, u.first_name, u.last_name, u.email)
      INTO NEW.sort_name, NEW.search_vector
      FROM users u WHERE u.id = NEW.user_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION users_sort_name() RETURNS trigger AS $$
BEGIN
    UPDATE memberships SET
        sort_name = lower(NEW.last_name) || ' ' || lower(NEW.first_name),
        search_vector = member_search_vector(account_id, NEW.first_name, NEW.last_name, NEW.email)
    WHERE user_id = NEW.id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

ALTER TABLE memberships DROP COLUMN search_text;
ALTER TABLE memberships ADD COLUMN search_vector tsvector NOT NULL DEFAULT ''::tsvector;
UPDATE memberships m SET search_vector = member_search_vector(m.account_id, u.first_name, u.last_name, u.email)
FROM users u WHERE u.id = m.user_id;
-- fastupdate off: no pending list that every search would scan after a bulk of new members.
CREATE INDEX memberships_search ON memberships USING gin (search_vector) WITH (fastupdate = off);
