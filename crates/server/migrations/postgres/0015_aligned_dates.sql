-- Billing dates aligned: one order extends several subscriptions to a common renewal date. The
-- order kind 'alignment' joins the list, and each order line names the subscription it is for
-- (an alignment order has one line per extended subscription; earlier orders had one
-- subscription, which their lines take over).

ALTER TABLE orders DROP CONSTRAINT orders_kind_check;
ALTER TABLE orders ADD CONSTRAINT orders_kind_check
    CHECK (kind IN ('renewal', 'auto_renewal', 'seats', 'purchase', 'alignment'));

ALTER TABLE order_lines ADD COLUMN subscription_id TEXT;
UPDATE order_lines SET subscription_id = o.subscription_id FROM orders o WHERE o.id = order_lines.order_id;
CREATE INDEX order_lines_subscription ON order_lines(subscription_id);
