-- Billing dates aligned: one order extends several subscriptions to a common renewal date. The
-- order kind 'alignment' joins the list, and each order line names the subscription it is for
-- (an alignment order has one line per extended subscription; earlier orders had one
-- subscription, which their lines take over).
--
-- SQLite cannot change a CHECK constraint in place. orders is rebuilt, and with it the tables
-- that refer to it (order_lines, invoices, and payments through invoices): they are copied
-- aside, dropped children first (so that no ON DELETE CASCADE touches a row), created anew
-- and filled again, all inside the migration's transaction.

CREATE TEMP TABLE old_orders AS SELECT * FROM orders;
CREATE TEMP TABLE old_order_lines AS SELECT * FROM order_lines;
CREATE TEMP TABLE old_invoices AS SELECT * FROM invoices;
CREATE TEMP TABLE old_payments AS SELECT * FROM payments;

DROP TABLE payments;
DROP TABLE invoices;
DROP TABLE order_lines;
DROP TABLE orders;

CREATE TABLE orders (
    id              TEXT PRIMARY KEY,
    account_id      TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    subscription_id TEXT,
    kind            TEXT NOT NULL CHECK (kind IN ('renewal', 'auto_renewal', 'seats', 'purchase', 'alignment')),
    currency        TEXT NOT NULL,
    total_minor     BIGINT NOT NULL CHECK (total_minor >= 0),
    po_number       TEXT NOT NULL DEFAULT '',
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX orders_account ON orders(account_id, created_at);

CREATE TABLE order_lines (
    order_id        TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    line_no         BIGINT NOT NULL,
    product_id      TEXT NOT NULL,
    product_name    TEXT NOT NULL,
    licence_type    TEXT NOT NULL,
    term            TEXT NOT NULL,
    price_id        TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('new', 'renewal')),
    unit_minor      BIGINT NOT NULL,
    seats           BIGINT NOT NULL,
    period_start    TEXT NOT NULL,
    period_end      TEXT NOT NULL,
    days            BIGINT NOT NULL,
    term_days       BIGINT NOT NULL,
    amount_minor    BIGINT NOT NULL CHECK (amount_minor >= 0),
    subscription_id TEXT,
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX order_lines_subscription ON order_lines(subscription_id);

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

INSERT INTO orders (id, account_id, subscription_id, kind, currency, total_minor, po_number, created_by, created_at)
    SELECT id, account_id, subscription_id, kind, currency, total_minor, po_number, created_by, created_at FROM old_orders;
INSERT INTO order_lines (order_id, line_no, product_id, product_name, licence_type, term, price_id, kind, unit_minor, seats,
        period_start, period_end, days, term_days, amount_minor, subscription_id)
    SELECT l.order_id, l.line_no, l.product_id, l.product_name, l.licence_type, l.term, l.price_id, l.kind, l.unit_minor, l.seats,
        l.period_start, l.period_end, l.days, l.term_days, l.amount_minor, o.subscription_id
    FROM old_order_lines l JOIN old_orders o ON o.id = l.order_id;
INSERT INTO invoices (id, seq, number, order_id, account_id, bill_to, country, issued_on, due_on, currency, subtotal_minor,
        tax_rate_bp, tax_minor, total_minor, paid_minor, status, po_number, created_at)
    SELECT id, seq, number, order_id, account_id, bill_to, country, issued_on, due_on, currency, subtotal_minor,
        tax_rate_bp, tax_minor, total_minor, paid_minor, status, po_number, created_at FROM old_invoices;
INSERT INTO payments (id, invoice_id, amount_minor, received_on, reference, recorded_by, created_at)
    SELECT id, invoice_id, amount_minor, received_on, reference, recorded_by, created_at FROM old_payments;

DROP TABLE old_payments;
DROP TABLE old_invoices;
DROP TABLE old_order_lines;
DROP TABLE old_orders;
