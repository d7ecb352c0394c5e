-- The home page (issue 13): help links the vendor keeps per language, product updates the vendor
-- publishes (a release, or an update or add-on file of it) with one notice per person to mail,
-- and when each person last saw their home page (what is new since).
CREATE TABLE help_links (
    id          TEXT PRIMARY KEY,
    locale      TEXT NOT NULL CHECK (locale IN ('en', 'zh-TW', 'sl')),
    title       TEXT NOT NULL,
    url         TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position    BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX help_links_locale ON help_links(locale, position);

CREATE TABLE product_updates (
    id            TEXT PRIMARY KEY,
    product_id    TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    release_id    TEXT NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
    file_id       TEXT REFERENCES release_files(id) ON DELETE SET NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('release', 'update', 'add_on')),
    -- What was published, once: the release, or one file of it.
    subject_key   TEXT NOT NULL UNIQUE,
    note          TEXT NOT NULL DEFAULT '',
    published_by  TEXT REFERENCES users(id) ON DELETE SET NULL,
    published_at  BIGINT NOT NULL,
    -- Set by the runner that wrote the notices (one runner does).
    fanned_out_at BIGINT,
    recipients    BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX product_updates_product ON product_updates(product_id, published_at);
CREATE INDEX product_updates_recent ON product_updates(published_at);
CREATE INDEX product_updates_pending ON product_updates(published_at) WHERE fanned_out_at IS NULL;

-- One row per person to mail about an update: the key makes it once per person and update.
CREATE TABLE update_notices (
    update_id TEXT NOT NULL REFERENCES product_updates(id) ON DELETE CASCADE,
    user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- The account where the person holds the product (the mail links to its product page).
    account_id TEXT NOT NULL,
    sent_at   BIGINT,
    PRIMARY KEY (update_id, user_id)
);
CREATE INDEX update_notices_unsent ON update_notices(update_id, user_id) WHERE sent_at IS NULL;

ALTER TABLE users ADD COLUMN home_visited_at BIGINT;
