-- Products and services: the vendor's catalogue (collections, releases, files), downloads,
-- trials, licence requests and custom install packages; keys the servers share.

ALTER TABLE products ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN icon TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN trial_days BIGINT NOT NULL DEFAULT 0 CHECK (trial_days >= 0 AND trial_days <= 365);

-- Which products a collection holds.
CREATE TABLE collection_items (
    collection_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    product_id    TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    PRIMARY KEY (collection_id, product_id),
    CHECK (collection_id <> product_id)
);
CREATE INDEX collection_items_product ON collection_items(product_id);

CREATE TABLE releases (
    id              TEXT PRIMARY KEY,
    product_id      TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    version         TEXT NOT NULL,
    released_on     TEXT NOT NULL,
    supported_until TEXT,
    product_key     TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (product_id, version)
);

-- Bytes live in the storage directory under storage_key; a row exists only for a complete file.
CREATE TABLE release_files (
    id          TEXT PRIMARY KEY,
    release_id  TEXT NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
    platform    TEXT NOT NULL CHECK (platform IN ('windows', 'macos', 'linux')),
    language    TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('installer', 'update', 'add_on', 'language_pack')),
    title       TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    size        BIGINT NOT NULL CHECK (size >= 0),
    sha256      TEXT NOT NULL,
    storage_key TEXT NOT NULL UNIQUE,
    uploaded_by TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX release_files_release ON release_files(release_id);

-- Every started download (the first byte of the file was asked for), for reports.
CREATE TABLE downloads (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    user_id    TEXT REFERENCES users(id) ON DELETE SET NULL,
    file_id    TEXT NOT NULL,
    product_id TEXT NOT NULL,
    via        TEXT NOT NULL CHECK (via IN ('browser', 'link')),
    created_at BIGINT NOT NULL
);
CREATE INDEX downloads_account ON downloads(account_id, created_at);

-- A person's trial of a product: one per person and product, ending by itself at ends_at.
CREATE TABLE trials (
    id         TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    product_id TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    started_at BIGINT NOT NULL,
    ends_at    BIGINT NOT NULL,
    UNIQUE (user_id, product_id),
    FOREIGN KEY (account_id, user_id) REFERENCES memberships(account_id, user_id) ON DELETE CASCADE
);

CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('licence_request', 0);

CREATE TABLE licence_requests (
    id              TEXT PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,
    account_id      TEXT NOT NULL,
    subscription_id TEXT NOT NULL,
    product_id      TEXT NOT NULL REFERENCES products(id),
    kind            TEXT NOT NULL CHECK (kind IN ('previous_version', 'home_use', 'physical_media', 'network_licence')),
    status          TEXT NOT NULL CHECK (status IN ('requested', 'approved', 'shipped', 'fulfilled', 'rejected')),
    requested_by    TEXT REFERENCES users(id) ON DELETE SET NULL,
    requester_name  TEXT NOT NULL,
    requester_email TEXT NOT NULL,
    version         TEXT,
    language        TEXT,
    shipping_json   TEXT,
    host_name       TEXT,
    host_id         TEXT,
    note            TEXT NOT NULL DEFAULT '',
    serial_number   TEXT,
    tracking_number TEXT,
    reason          TEXT,
    licence_file    TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    FOREIGN KEY (subscription_id, account_id) REFERENCES subscriptions(id, account_id) ON DELETE CASCADE
);
CREATE INDEX licence_requests_account ON licence_requests(account_id, created_at);
CREATE INDEX licence_requests_queue ON licence_requests(status, created_at);

CREATE TABLE install_packages (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    platform        TEXT NOT NULL CHECK (platform IN ('windows', 'macos', 'linux')),
    language        TEXT NOT NULL,
    items_json      TEXT NOT NULL,
    options_json    TEXT NOT NULL,
    shared          BIGINT NOT NULL DEFAULT 0,
    created_by      TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_by_name TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX install_packages_account ON install_packages(account_id);

-- Secrets every server of a deployment shares (the key that signs download links).
CREATE TABLE server_keys (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
