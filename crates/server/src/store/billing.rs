//! Subscriptions' terms and renewals, orders, invoices, payments and the status history.

use sqlx::{Any, Executor, FromRow};

use super::{Db, Tx};

/// A subscription with what renewing and invoicing it needs.
#[derive(Debug, Clone, FromRow)]
pub struct BillingRow {
    pub id: String,
    pub account_id: String,
    pub account_name: String,
    pub country: String,
    pub contract_id: String,
    pub contract_number: String,
    pub currency: String,
    pub partner_name: String,
    pub partner_email: String,
    pub partner_phone: String,
    pub product_id: String,
    pub product_name: String,
    pub licence_type: String,
    pub seats: i64,
    pub seats_used: i64,
    pub term: String,
    pub start_date: String,
    pub end_date: String,
    pub auto_renew: i64,
    pub status: String,
    pub next_term: Option<String>,
    pub next_seats: Option<i64>,
    pub renewal_order_id: Option<String>,
    pub reminded_days: Option<i64>,
    /// The next term's product and licence type when they change (a switch to a collection, the
    /// 2-for-1 trade-in).
    pub next_product_id: Option<String>,
    pub next_product_name: Option<String>,
    pub next_licence_type: Option<String>,
}

impl BillingRow {
    /// Sold by a partner: renewed and changed through them, never online.
    pub fn partner_sold(&self) -> bool {
        !self.partner_name.is_empty()
    }
}

const BILLING_SELECT: &str = "SELECT s.id, s.account_id, a.name AS account_name, a.country, s.contract_id, \
    c.number AS contract_number, c.currency, c.partner_name, c.partner_email, c.partner_phone, s.product_id, \
    p.name AS product_name, s.licence_type, s.seats, s.seats_used, s.term, s.start_date, s.end_date, s.auto_renew, \
    s.status, s.next_term, s.next_seats, s.renewal_order_id, s.reminded_days, s.next_product_id, \
    np.name AS next_product_name, s.next_licence_type \
    FROM subscriptions s JOIN contracts c ON c.id = s.contract_id JOIN products p ON p.id = s.product_id \
    JOIN accounts a ON a.id = s.account_id LEFT JOIN products np ON np.id = s.next_product_id";

/// What the next term will be: NULL product and licence type keep the current ones.
pub struct NextTerm<'a> {
    pub term: &'a str,
    pub seats: i64,
    pub product_id: Option<&'a str>,
    pub licence_type: Option<&'a str>,
}

pub struct NewOrder<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub subscription_id: Option<&'a str>,
    pub kind: &'a str,
    pub currency: &'a str,
    pub total_minor: i64,
    pub po_number: &'a str,
    pub created_by: &'a str,
}

#[derive(Debug, Clone, FromRow)]
pub struct OrderLineRow {
    pub product_id: String,
    pub product_name: String,
    pub licence_type: String,
    pub term: String,
    pub price_id: String,
    pub kind: String,
    pub unit_minor: i64,
    pub seats: i64,
    /// Seats the unit price buys (2 for the trade-in's named-user seats).
    pub unit_seats: i64,
    pub period_start: String,
    pub period_end: String,
    pub days: i64,
    pub term_days: i64,
    pub amount_minor: i64,
    /// The subscription the line is for.
    pub subscription_id: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct InvoiceRow {
    pub id: String,
    pub seq: i64,
    pub number: String,
    pub order_id: String,
    pub kind: String,
    pub subscription_id: Option<String>,
    pub account_id: String,
    pub account_name: String,
    pub bill_to: String,
    pub country: String,
    pub issued_on: String,
    pub due_on: String,
    pub currency: String,
    pub subtotal_minor: i64,
    pub tax_rate_bp: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    pub paid_minor: i64,
    pub status: String,
    pub po_number: String,
}

const INVOICE_SELECT: &str = "SELECT i.id, i.seq, i.number, i.order_id, o.kind, o.subscription_id, i.account_id, \
    a.name AS account_name, i.bill_to, i.country, i.issued_on, i.due_on, i.currency, i.subtotal_minor, i.tax_rate_bp, \
    i.tax_minor, i.total_minor, i.paid_minor, i.status, i.po_number \
    FROM invoices i JOIN orders o ON o.id = i.order_id JOIN accounts a ON a.id = i.account_id";

#[derive(Debug, Clone, FromRow)]
pub struct PaymentRow {
    pub id: String,
    pub amount_minor: i64,
    pub received_on: String,
    pub reference: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct EventRow {
    pub kind: String,
    pub status: String,
    pub seats: i64,
    pub term: String,
    pub end_date: String,
    pub auto_renew: i64,
    pub actor: String,
    pub at: i64,
}

impl Db {
    pub async fn billing_subscription<'e, E>(&self, ex: E, account_id: &str, id: &str) -> sqlx::Result<Option<BillingRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!("{BILLING_SELECT} WHERE s.account_id = $1 AND s.id = $2"));
        sqlx::query_as(&sql).bind(account_id).bind(id).fetch_optional(ex).await
    }

    /// Active subscriptions whose term ended on or before `today` (the renewal job's work), after
    /// the cursor `(end_date, id)`, at most `limit`, oldest end first. Indexed by (status,
    /// end_date): the time grows with the due rows, not the table.
    pub async fn due_subscriptions(&self, today: &str, after: (&str, &str), limit: i64) -> sqlx::Result<Vec<BillingRow>> {
        let sql = self.sql_owned(format!(
            "{BILLING_SELECT} WHERE s.status = 'active' AND s.end_date <= $1 \
             AND (s.end_date > $2 OR (s.end_date = $2 AND s.id > $3)) ORDER BY s.end_date, s.id LIMIT $4"
        ));
        sqlx::query_as(&sql).bind(today).bind(after.0).bind(after.1).bind(limit).fetch_all(self.pool()).await
    }

    /// Active subscriptions ending after `today` and on or before `until` that have not had
    /// their last reminder (`smallest`) yet.
    pub async fn reminder_candidates(&self, today: &str, until: &str, smallest: i64) -> sqlx::Result<Vec<BillingRow>> {
        let sql = self.sql_owned(format!(
            "{BILLING_SELECT} WHERE s.status = 'active' AND s.end_date > $1 AND s.end_date <= $2 \
             AND s.renewal_order_id IS NULL AND (s.reminded_days IS NULL OR s.reminded_days > $3) \
             ORDER BY s.end_date, s.id"
        ));
        sqlx::query_as(&sql).bind(today).bind(until).bind(smallest).fetch_all(self.pool()).await
    }

    /// Claims the reminder `days` before `end_date`: true for exactly one caller.
    pub async fn claim_reminder(&self, tx: &mut Tx, id: &str, end_date: &str, days: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE subscriptions SET reminded_days = $3 \
             WHERE id = $1 AND end_date = $2 AND status = 'active' AND (reminded_days IS NULL OR reminded_days > $3)",
        );
        Ok(sqlx::query(&sql).bind(id).bind(end_date).bind(days).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// Orders the next term: true for exactly one caller while none is ordered.
    pub async fn claim_renewal(&self, tx: &mut Tx, id: &str, end_date: &str, next: &NextTerm<'_>, order_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE subscriptions SET next_term = $3, next_seats = $4, next_product_id = $5, next_licence_type = $6, renewal_order_id = $7 \
             WHERE id = $1 AND end_date = $2 AND status = 'active' AND renewal_order_id IS NULL",
        );
        let r = sqlx::query(&sql)
            .bind(id)
            .bind(end_date)
            .bind(next.term)
            .bind(next.seats)
            .bind(next.product_id)
            .bind(next.licence_type)
            .bind(order_id)
            .execute(&mut **tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Starts the next term (from `old_end` to `new_end`): true for exactly one caller.
    pub async fn start_next_term(&self, tx: &mut Tx, id: &str, old_end: &str, new_end: &str, term: &str, seats: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE subscriptions SET end_date = $3, term = $4, seats = $5, next_term = NULL, next_seats = NULL, \
             product_id = COALESCE(next_product_id, product_id), licence_type = COALESCE(next_licence_type, licence_type), \
             next_product_id = NULL, next_licence_type = NULL, renewal_order_id = NULL, reminded_days = NULL \
             WHERE id = $1 AND end_date = $2 AND status = 'active'",
        );
        let r = sqlx::query(&sql).bind(id).bind(old_end).bind(new_end).bind(term).bind(seats).execute(&mut **tx).await?;
        Ok(r.rows_affected() == 1)
    }

    /// Moves the end of the current term from `old_end` to `new_end` (billing dates aligned;
    /// equal for the one the others are aligned to, which this claims all the same): true for
    /// exactly one caller while the term is still `old_end`'s and its renewal is not ordered.
    pub async fn claim_alignment(&self, tx: &mut Tx, account_id: &str, id: &str, old_end: &str, new_end: &str) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE subscriptions SET end_date = $4, \
             reminded_days = CASE WHEN end_date = $4 THEN reminded_days ELSE NULL END \
             WHERE account_id = $1 AND id = $2 AND end_date = $3 AND status = 'active' AND renewal_order_id IS NULL",
        );
        let r = sqlx::query(&sql).bind(account_id).bind(id).bind(old_end).bind(new_end).execute(&mut **tx).await?;
        Ok(r.rows_affected() == 1)
    }

    /// Lets a subscription expire at `end_date`: true for exactly one caller.
    pub async fn expire_subscription(&self, tx: &mut Tx, id: &str, end_date: &str) -> sqlx::Result<bool> {
        let sql = self.sql("UPDATE subscriptions SET status = 'expired' WHERE id = $1 AND end_date = $2 AND status = 'active'");
        Ok(sqlx::query(&sql).bind(id).bind(end_date).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// The contract runs at least until `end_date`.
    pub async fn extend_contract(&self, tx: &mut Tx, contract_id: &str, end_date: &str) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE contracts SET end_date = $2 WHERE id = $1 AND end_date < $2");
        sqlx::query(&sql).bind(contract_id).bind(end_date).execute(&mut **tx).await?;
        Ok(())
    }

    /// Releases the `n` most recent assignments (a next term with fewer seats than assigned).
    pub async fn release_newest_assignments(&self, tx: &mut Tx, subscription_id: &str, n: i64) -> sqlx::Result<u64> {
        let sql = self.sql(
            "DELETE FROM assignments WHERE subscription_id = $1 AND user_id IN \
             (SELECT user_id FROM assignments WHERE subscription_id = $1 ORDER BY created_at DESC, user_id DESC LIMIT $2)",
        );
        Ok(sqlx::query(&sql).bind(subscription_id).bind(n).execute(&mut **tx).await?.rows_affected())
    }

    pub async fn set_auto_renew(&self, tx: &mut Tx, id: &str, on: bool) -> sqlx::Result<bool> {
        let sql = self.sql("UPDATE subscriptions SET auto_renew = $2 WHERE id = $1 AND status = 'active'");
        Ok(sqlx::query(&sql).bind(id).bind(i64::from(on)).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// The next term's length, seats, product and licence type, while it is not ordered.
    pub async fn set_next_term(&self, tx: &mut Tx, id: &str, next: &NextTerm<'_>) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE subscriptions SET next_term = $2, next_seats = $3, next_product_id = $4, next_licence_type = $5 \
             WHERE id = $1 AND status = 'active' AND renewal_order_id IS NULL",
        );
        let q = sqlx::query(&sql).bind(id).bind(next.term).bind(next.seats).bind(next.product_id).bind(next.licence_type);
        Ok(q.execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// The collections that hold `product_id`, by name.
    pub async fn collections_holding(&self, product_id: &str) -> sqlx::Result<Vec<(String, String)>> {
        let sql = self.sql(
            "SELECT p.id, p.name FROM collection_items ci JOIN products p ON p.id = ci.collection_id \
             WHERE ci.product_id = $1 AND p.kind = 'collection' ORDER BY p.name, p.id",
        );
        sqlx::query_as(&sql).bind(product_id).fetch_all(self.pool()).await
    }

    /// The products of `collection_id` that the account has active subscriptions of, by name.
    pub async fn subscribed_in_collection(&self, account_id: &str, collection_id: &str) -> sqlx::Result<Vec<(String, String)>> {
        let sql = self.sql(
            "SELECT DISTINCT p.id, p.name FROM collection_items ci JOIN products p ON p.id = ci.product_id \
             JOIN subscriptions s ON s.product_id = p.id AND s.account_id = $1 AND s.status = 'active' \
             WHERE ci.collection_id = $2 ORDER BY p.name, p.id",
        );
        sqlx::query_as(&sql).bind(account_id).bind(collection_id).fetch_all(self.pool()).await
    }

    /// The account's active subscriptions, and when its premium plan was turned on.
    pub async fn premium_plan(&self, account_id: &str) -> sqlx::Result<(i64, Option<i64>)> {
        let sql = self.sql(
            "SELECT (SELECT COUNT(*) FROM subscriptions WHERE account_id = $1 AND status = 'active'), \
             (SELECT premium_since FROM accounts WHERE id = $1)",
        );
        sqlx::query_as(&sql).bind(account_id).fetch_one(self.pool()).await
    }

    /// Turns the premium plan on (`Some(at)`) or off: true when it changed.
    pub async fn set_premium(&self, tx: &mut Tx, account_id: &str, since: Option<i64>) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE accounts SET premium_since = $2 WHERE id = $1 AND (premium_since IS NULL) <> ($2 IS NULL)",
        );
        Ok(sqlx::query(&sql).bind(account_id).bind(since).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// Adds seats now and to the next term, as long as the term is still `end_date`'s.
    pub async fn add_seats(&self, tx: &mut Tx, id: &str, end_date: &str, n: i64, next_n: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE subscriptions SET seats = seats + $3, next_seats = COALESCE(next_seats, seats) + $4 \
             WHERE id = $1 AND end_date = $2 AND status = 'active'",
        );
        Ok(sqlx::query(&sql).bind(id).bind(end_date).bind(n).bind(next_n).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// Writes the subscription's state as it is now, as one step of its history.
    pub async fn record_subscription_event(&self, tx: &mut Tx, id: &str, kind: &str, order_id: Option<&str>, actor: &str, at: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO subscription_events (id, subscription_id, kind, status, seats, term, end_date, auto_renew, order_id, actor, at) \
             SELECT $1, id, $2, status, seats, term, end_date, auto_renew, $3, $4, $5 FROM subscriptions WHERE id = $6",
        );
        sqlx::query(&sql)
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(kind)
            .bind(order_id)
            .bind(actor)
            .bind(at)
            .bind(id)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub async fn subscription_events(&self, id: &str) -> sqlx::Result<Vec<EventRow>> {
        let sql = self.sql(
            "SELECT kind, status, seats, term, end_date, auto_renew, actor, at FROM subscription_events \
             WHERE subscription_id = $1 ORDER BY at, id",
        );
        sqlx::query_as(&sql).bind(id).fetch_all(self.pool()).await
    }

    pub async fn insert_order(&self, tx: &mut Tx, o: &NewOrder<'_>, lines: &[OrderLineRow], now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO orders (id, account_id, subscription_id, kind, currency, total_minor, po_number, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        );
        sqlx::query(&sql)
            .bind(o.id)
            .bind(o.account_id)
            .bind(o.subscription_id)
            .bind(o.kind)
            .bind(o.currency)
            .bind(o.total_minor)
            .bind(o.po_number)
            .bind(o.created_by)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        let sql = self.sql(
            "INSERT INTO order_lines (order_id, line_no, product_id, product_name, licence_type, term, price_id, kind, \
             unit_minor, seats, period_start, period_end, days, term_days, amount_minor, subscription_id, unit_seats) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)",
        );
        for (n, l) in lines.iter().enumerate() {
            sqlx::query(&sql)
                .bind(o.id)
                .bind(n as i64 + 1)
                .bind(&l.product_id)
                .bind(&l.product_name)
                .bind(&l.licence_type)
                .bind(&l.term)
                .bind(&l.price_id)
                .bind(&l.kind)
                .bind(l.unit_minor)
                .bind(l.seats)
                .bind(&l.period_start)
                .bind(&l.period_end)
                .bind(l.days)
                .bind(l.term_days)
                .bind(l.amount_minor)
                .bind(l.subscription_id.as_deref())
                .bind(l.unit_seats)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub async fn order_lines(&self, order_id: &str) -> sqlx::Result<Vec<OrderLineRow>> {
        let sql = self.sql(
            "SELECT product_id, product_name, licence_type, term, price_id, kind, unit_minor, seats, unit_seats, period_start, \
             period_end, days, term_days, amount_minor, subscription_id FROM order_lines WHERE order_id = $1 ORDER BY line_no",
        );
        sqlx::query_as(&sql).bind(order_id).fetch_all(self.pool()).await
    }

    /// The vendor's next invoice number, taken inside the order's transaction (no gaps).
    pub async fn next_invoice_number(&self, tx: &mut Tx) -> sqlx::Result<i64> {
        sqlx::query_scalar("UPDATE counters SET value = value + 1 WHERE name = 'invoice' RETURNING value")
            .fetch_one(&mut **tx)
            .await
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_invoice(
        &self,
        tx: &mut Tx,
        id: &str,
        seq: i64,
        number: &str,
        order: &NewOrder<'_>,
        bill_to: &str,
        country: &str,
        issued_on: &str,
        due_on: &str,
        (subtotal, tax_rate_bp, tax): (i64, i64, i64),
        now: i64,
    ) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO invoices (id, seq, number, order_id, account_id, bill_to, country, issued_on, due_on, currency, \
             subtotal_minor, tax_rate_bp, tax_minor, total_minor, paid_minor, status, po_number, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 0, $15, $16, $17)",
        );
        let total = subtotal + tax;
        sqlx::query(&sql)
            .bind(id)
            .bind(seq)
            .bind(number)
            .bind(order.id)
            .bind(order.account_id)
            .bind(bill_to)
            .bind(country)
            .bind(issued_on)
            .bind(due_on)
            .bind(order.currency)
            .bind(subtotal)
            .bind(tax_rate_bp)
            .bind(tax)
            .bind(total)
            .bind(if total == 0 { "paid" } else { "open" })
            .bind(order.po_number)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Invoices of one account, or all (`account_id` empty) with a status filter, or those of
    /// one subscription's orders (an alignment order's lines name several), newest first.
    pub async fn invoices(&self, account_id: &str, status: &str, subscription_id: &str) -> sqlx::Result<Vec<InvoiceRow>> {
        let sql = self.sql_owned(format!(
            "{INVOICE_SELECT} WHERE ($1 = '' OR i.account_id = $1) AND ($2 = '' OR i.status = $2) \
             AND ($3 = '' OR o.subscription_id = $3 \
                 OR EXISTS (SELECT 1 FROM order_lines l WHERE l.subscription_id = $3 AND l.order_id = o.id)) \
             ORDER BY i.seq DESC LIMIT 500"
        ));
        sqlx::query_as(&sql).bind(account_id).bind(status).bind(subscription_id).fetch_all(self.pool()).await
    }

    pub async fn invoice<'e, E>(&self, ex: E, id: &str) -> sqlx::Result<Option<InvoiceRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!("{INVOICE_SELECT} WHERE i.id = $1"));
        sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
    }

    pub async fn payments(&self, invoice_id: &str) -> sqlx::Result<Vec<PaymentRow>> {
        let sql = self.sql("SELECT id, amount_minor, received_on, reference FROM payments WHERE invoice_id = $1 ORDER BY created_at, id");
        sqlx::query_as(&sql).bind(invoice_id).fetch_all(self.pool()).await
    }

    /// Records a payment; false when it is more than what is still due.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_payment(&self, tx: &mut Tx, id: &str, invoice_id: &str, amount: i64, received_on: &str, reference: &str, by: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE invoices SET paid_minor = paid_minor + $2, \
             status = CASE WHEN paid_minor + $2 = total_minor THEN 'paid' ELSE 'open' END \
             WHERE id = $1 AND paid_minor + $2 <= total_minor",
        );
        if sqlx::query(&sql).bind(invoice_id).bind(amount).execute(&mut **tx).await?.rows_affected() != 1 {
            return Ok(false);
        }
        let sql = self.sql(
            "INSERT INTO payments (id, invoice_id, amount_minor, received_on, reference, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        );
        sqlx::query(&sql).bind(id).bind(invoice_id).bind(amount).bind(received_on).bind(reference).bind(by).bind(now).execute(&mut **tx).await?;
        Ok(true)
    }

    /// The contract manager (primary admin) of an account, once someone holds the role.
    pub async fn contract_manager<'e, E>(&self, ex: E, account_id: &str) -> sqlx::Result<Option<super::users::UserRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!(
            "SELECT {} FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.account_id = $1 AND m.role = 'primary_admin'",
            super::users::USER_COLUMNS_U
        ));
        sqlx::query_as(&sql).bind(account_id).fetch_optional(ex).await
    }

    /// Gives the holders of `from`'s seats seats of `to`, oldest first, at most `limit`.
    pub async fn copy_assignments(&self, tx: &mut Tx, from: &str, to: &str, limit: i64, now: i64) -> sqlx::Result<u64> {
        let sql = self.sql(
            "INSERT INTO assignments (subscription_id, account_id, user_id, created_at) \
             SELECT $2, account_id, user_id, $4 FROM assignments WHERE subscription_id = $1 \
             ORDER BY created_at, user_id LIMIT $3",
        );
        Ok(sqlx::query(&sql).bind(from).bind(to).bind(limit).bind(now).execute(&mut **tx).await?.rows_affected())
    }

    /// The account's subscriptions that the filters keep (each filter empty for all): seats held
    /// by members of a team, a status, a product code.
    pub async fn filtered_subscriptions(&self, account_id: &str, team: &str, status: &str, product: &str) -> sqlx::Result<Vec<super::accounts::SubscriptionRow>> {
        let sql = self.sql_owned(format!(
            "{} WHERE s.account_id = $1 AND ($3 = '' OR s.status = $3) AND ($4 = '' OR p.code = $4) \
             AND ($2 = '' OR s.id IN (SELECT a.subscription_id FROM assignments a JOIN team_members tm \
                 ON tm.account_id = a.account_id AND tm.user_id = a.user_id WHERE a.account_id = $1 AND tm.team_id = $2)) \
             ORDER BY c.start_date, c.number, p.name, s.start_date, s.id",
            super::accounts::SUBSCRIPTION_SELECT
        ));
        sqlx::query_as(&sql).bind(account_id).bind(team).bind(status).bind(product).fetch_all(self.pool()).await
    }

    /// Who holds seats of a subscription: address, names, team, since when.
    pub async fn seat_holders(&self, subscription_id: &str) -> sqlx::Result<Vec<(String, String, String, Option<String>, i64)>> {
        let sql = self.sql_owned(format!(
            "SELECT u.email, u.first_name, u.last_name, {teams}, a.created_at FROM assignments a \
             JOIN users u ON u.id = a.user_id \
             JOIN memberships m ON m.account_id = a.account_id AND m.user_id = a.user_id \
             WHERE a.subscription_id = $1 ORDER BY u.last_name, u.first_name, u.email",
            teams = super::accounts::team_names_sql(self.kind()),
        ));
        sqlx::query_as(&sql).bind(subscription_id).fetch_all(self.pool()).await
    }
}
