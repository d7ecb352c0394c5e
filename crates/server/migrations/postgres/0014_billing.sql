-- The money side of subscriptions: what the next term will be, orders with their lines,
-- invoices numbered without gaps, payments, and each subscription's history.
--
-- A subscription's current term runs from start_date to end_date (exclusive). Its next term is
-- next_term × next_seats (the current ones when NULL). A renewal ordered before the end sets
-- renewal_order_id; on the end date the renewal job starts the next term, or renews it
-- automatically (auto_renew), or lets the subscription expire. reminded_days is the smallest
-- reminder (in days before end_date) already sent for this end date.

ALTER TABLE contracts ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';

ALTER TABLE subscriptions ADD COLUMN next_term TEXT CHECK (next_term IN ('monthly', 'one_year', 'three_years'));
ALTER TABLE subscriptions ADD COLUMN next_seats BIGINT CHECK (next_seats > 0);
ALTER TABLE subscriptions ADD COLUMN renewal_order_id TEXT;
ALTER TABLE subscriptions ADD COLUMN reminded_days BIGINT;
CREATE INDEX subscriptions_due ON subscriptions(status, end_date);

CREATE TABLE orders (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    subscription_id TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('renewal', 'auto_renewal', 'seats', 'purchase')),
    currency        TEXT NOT NULL,
    total_minor     BIGINT NOT NULL CHECK (total_minor >= 0),
    po_number       TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX orders_account ON orders(account_id, created_at);

CREATE TABLE order_lines (
    order_id     TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_no      BIGINT NOT NULL,
    product_id   TEXT NOT NULL,
    product_name TEXT NOT NULL,
    licence_type TEXT NOT NULL,
    term         TEXT NOT NULL,
    price_id     TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('new', 'renewal')),
    unit_minor   BIGINT NOT NULL,
    seats        BIGINT NOT NULL,
    period_start TEXT NOT NULL,
    period_end   TEXT NOT NULL,
    days         BIGINT NOT NULL,
    term_days    BIGINT NOT NULL,
    amount_minor BIGINT NOT NULL CHECK (amount_minor >= 0),
    PRIMARY KEY (order_id, line_no)
);

-- Invoice numbers: the vendor's counter, taken inside the order's transaction, so that a
-- rollback returns the number and the numbers have no gaps.
INSERT INTO counters (name, value) VALUES ('invoice', 0);

CREATE TABLE invoices (
    id             TEXT PRIMARY KEY,
    seq            BIGINT NOT NULL UNIQUE,
    number         TEXT NOT NULL UNIQUE,
    order_id       TEXT NOT NULL UNIQUE REFERENCES orders(id) ON DELETE CASCADE,
    account_id     TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    bill_to        TEXT NOT NULL,
    country        TEXT NOT NULL,
    issued_on      TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    currency       TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    tax_rate_bp    BIGINT NOT NULL CHECK (tax_rate_bp >= 0),
    tax_minor      BIGINT NOT NULL,
    total_minor    BIGINT NOT NULL,
    paid_minor     BIGINT NOT NULL DEFAULT 0,
    status         TEXT NOT NULL CHECK (status IN ('open', 'paid')),
    po_number      TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    CHECK (paid_minor >= 0 AND paid_minor <= total_minor)
);
CREATE INDEX invoices_account ON invoices(account_id, seq);
CREATE INDEX invoices_status ON invoices(status, seq);

CREATE TABLE payments (
    id           TEXT PRIMARY KEY,
    invoice_id   TEXT NOT NULL REFERENCES invoices(id) ON DELETE CASCADE,
    amount_minor BIGINT NOT NULL CHECK (amount_minor > 0),
    received_on  TEXT NOT NULL,
    reference    TEXT NOT NULL,
    recorded_by  TEXT NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX payments_invoice ON payments(invoice_id);

-- What happened to a subscription, with its state after: the status history.
CREATE TABLE subscription_events (
    id              TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    seats           BIGINT NOT NULL,
    term            TEXT NOT NULL,
    end_date        TEXT NOT NULL,
    auto_renew      BIGINT NOT NULL,
    order_id        TEXT,
    actor           TEXT NOT NULL,
    at              BIGINT NOT NULL
);
CREATE INDEX subscription_events_subscription ON subscription_events(subscription_id, at);
