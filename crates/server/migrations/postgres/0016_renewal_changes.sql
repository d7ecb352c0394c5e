-- Changes that take effect at renewal, and the premium plan.
--
-- The next term may change the product (a switch to an industry collection that holds it) and
-- the licence type (the 2-for-1 trade-in: a multi-user network seat for two named-user seats at
-- the same price); NULL keeps the current one. An order line's unit price may be for more than
-- one seat (unit_seats = 2 for the trade-in's named-user seats, priced per network seat).
-- premium_since is when an account with enough subscriptions turned on the premium plan.

ALTER TABLE subscriptions ADD COLUMN next_product_id TEXT REFERENCES products(id);
ALTER TABLE subscriptions ADD COLUMN next_licence_type TEXT CHECK (next_licence_type IN ('named_user', 'multi_user_network', 'standalone'));
ALTER TABLE order_lines ADD COLUMN unit_seats BIGINT NOT NULL DEFAULT 1 CHECK (unit_seats > 0);
ALTER TABLE accounts ADD COLUMN premium_since BIGINT;
