-- The vendor's price book: the price of one seat of a product or collection, of a licence type,
-- for one term, in one currency, for buying anew or renewing, from a day on. A price is never
-- changed: a new row takes over from its day (the past stays as it was); a row not yet in
-- force may be removed. Amounts are whole minor units (cents).
CREATE TABLE prices (
    id             TEXT PRIMARY KEY,
    product_id     TEXT NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    licence_type   TEXT NOT NULL CHECK (licence_type IN ('named_user', 'multi_user_network', 'standalone')),
    term           TEXT NOT NULL CHECK (term IN ('monthly', 'one_year', 'three_years')),
    kind           TEXT NOT NULL CHECK (kind IN ('new', 'renewal')),
    currency       TEXT NOT NULL,
    amount_minor   BIGINT NOT NULL CHECK (amount_minor >= 0),
    effective_from TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    UNIQUE (product_id, licence_type, term, kind, currency, effective_from)
);
