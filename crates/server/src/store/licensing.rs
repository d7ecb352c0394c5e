//! Device authorizations (RFC 8628), devices and their tokens.

use sqlx::FromRow;

use super::{Db, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct DeviceAuthorizationRow {
    pub device_code_hash: String,
    pub user_code: String,
    pub client_name: String,
    pub host_name: String,
    pub os: String,
    pub status: String,
    pub user_id: Option<String>,
    pub interval_s: i64,
    pub last_poll_at: Option<i64>,
    pub expires_at: i64,
    pub created_at: i64,
}

const AUTHORIZATION_SELECT: &str = "SELECT device_code_hash, user_code, client_name, host_name, os, status, user_id, \
    interval_s, last_poll_at, expires_at, created_at FROM device_authorizations";

pub struct NewDeviceAuthorization<'a> {
    pub device_code_hash: &'a str,
    pub user_code: &'a str,
    pub client_name: &'a str,
    pub host_name: &'a str,
    pub os: &'a str,
    pub interval_s: i64,
    pub expires_at: i64,
}

impl Db {
    /// A new pending authorization: false when its user code is taken (draw another).
    pub async fn insert_device_authorization(&self, a: &NewDeviceAuthorization<'_>, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO device_authorizations (device_code_hash, user_code, client_name, host_name, os, status, interval_s, \
             expires_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8) ON CONFLICT (user_code) DO NOTHING",
        );
        let r = sqlx::query(&sql)
            .bind(a.device_code_hash)
            .bind(a.user_code)
            .bind(a.client_name)
            .bind(a.host_name)
            .bind(a.os)
            .bind(a.interval_s)
            .bind(a.expires_at)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected() == 1)
    }

    pub async fn device_authorization_by_code(&self, device_code_hash: &str) -> sqlx::Result<Option<DeviceAuthorizationRow>> {
        let sql = self.sql_owned(format!("{AUTHORIZATION_SELECT} WHERE device_code_hash = $1"));
        sqlx::query_as(&sql).bind(device_code_hash).fetch_optional(self.pool()).await
    }

    pub async fn device_authorization_by_user_code(&self, user_code: &str) -> sqlx::Result<Option<DeviceAuthorizationRow>> {
        let sql = self.sql_owned(format!("{AUTHORIZATION_SELECT} WHERE user_code = $1"));
        sqlx::query_as(&sql).bind(user_code).fetch_optional(self.pool()).await
    }

    /// Records a poll at `now` with the interval the next poll must keep (grown after a poll
    /// too soon): true for one of two polls that read the same `last_poll`.
    pub async fn record_device_poll(&self, device_code_hash: &str, last_poll: Option<i64>, now: i64, interval_s: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE device_authorizations SET last_poll_at = $2, interval_s = $3 \
             WHERE device_code_hash = $1 AND (last_poll_at = $4 OR (last_poll_at IS NULL AND $4 IS NULL))",
        );
        let r = sqlx::query(&sql).bind(device_code_hash).bind(now).bind(interval_s).bind(last_poll).execute(self.pool()).await?;
        Ok(r.rows_affected() == 1)
    }

    /// The person's answer (`approved` or `denied`) to a pending, unexpired authorization.
    pub async fn answer_device_authorization(&self, tx: &mut Tx, user_code: &str, user_id: &str, status: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE device_authorizations SET status = $3, user_id = $2 \
             WHERE user_code = $1 AND status = 'pending' AND expires_at > $4",
        );
        let r = sqlx::query(&sql).bind(user_code).bind(user_id).bind(status).bind(now).execute(&mut **tx).await?;
        Ok(r.rows_affected() == 1)
    }

    /// Takes an approved authorization for its token: true for exactly one caller.
    pub async fn use_device_authorization(&self, tx: &mut Tx, device_code_hash: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE device_authorizations SET status = 'used' \
             WHERE device_code_hash = $1 AND status = 'approved' AND expires_at > $2",
        );
        Ok(sqlx::query(&sql).bind(device_code_hash).bind(now).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// Removes authorizations that expired before `before` (the retention job).
    pub async fn purge_device_authorizations(&self, before: i64) -> sqlx::Result<u64> {
        let sql = self.sql("DELETE FROM device_authorizations WHERE expires_at < $1");
        Ok(sqlx::query(&sql).bind(before).execute(self.pool()).await?.rows_affected())
    }

    pub async fn insert_device(&self, tx: &mut Tx, id: &str, user_id: &str, host_name: &str, os: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO devices (id, user_id, host_name, os, first_seen, last_seen) VALUES ($1, $2, $3, $4, $5, $5)",
        );
        sqlx::query(&sql).bind(id).bind(user_id).bind(host_name).bind(os).bind(now).execute(&mut **tx).await?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_device_token(
        &self,
        tx: &mut Tx,
        id: &str,
        token_hash: &str,
        (user_id, device_id): (&str, &str),
        client_name: &str,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO device_tokens (id, token_hash, user_id, device_id, client_name, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        );
        sqlx::query(&sql)
            .bind(id)
            .bind(token_hash)
            .bind(user_id)
            .bind(device_id)
            .bind(client_name)
            .bind(now)
            .bind(expires_at)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

/// A live device token with its device and person.
#[derive(Debug, Clone, FromRow)]
pub struct DeviceTokenRow {
    pub id: String,
    pub user_id: String,
    pub device_id: String,
    pub client_name: String,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub deactivated_at: Option<i64>,
}

/// What a check-out of a product version on a device recorded.
#[derive(Debug, Clone, FromRow)]
pub struct DeviceProductRow {
    pub account_id: String,
    pub subscription_id: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct DeviceRow {
    pub id: String,
    pub user_id: String,
    pub user_email: String,
    pub user_first_name: String,
    pub user_last_name: String,
    pub host_name: String,
    pub os: String,
    pub client_name: String,
    pub first_seen: i64,
    pub last_seen: i64,
    pub deactivated_at: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct DeviceProductListRow {
    pub device_id: String,
    pub product_code: String,
    pub product_name: String,
    pub version: String,
    pub last_seen: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct UsageEventRow {
    pub subscription_id: String,
    pub product_id: String,
    pub credits: i64,
}

/// A heartbeat to record: who ran what where, and when.
pub struct Beat<'a> {
    pub id: &'a str,
    pub device_id: &'a str,
    pub account_id: &'a str,
    pub user_id: &'a str,
    pub product_id: &'a str,
    pub version: &'a str,
    /// The UTC day of `at`, `YYYY-MM-DD`.
    pub day: &'a str,
    pub at: i64,
}

/// A usage event to record.
pub struct NewUsageEvent<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub idempotency_key: &'a str,
    pub account_id: &'a str,
    pub subscription_id: &'a str,
    pub product_id: &'a str,
    pub device_id: &'a str,
    pub credits: i64,
    pub day: &'a str,
    pub at: i64,
}

const DEVICE_SELECT: &str = "SELECT d.id, d.user_id, u.email AS user_email, u.first_name AS user_first_name, \
    u.last_name AS user_last_name, d.host_name, d.os, \
    COALESCE((SELECT t.client_name FROM device_tokens t WHERE t.device_id = d.id ORDER BY t.created_at DESC LIMIT 1), '') AS client_name, \
    d.first_seen, d.last_seen, d.deactivated_at FROM devices d JOIN users u ON u.id = d.user_id";

impl Db {
    /// The id of the product (not collection) with this code, in any case.
    pub async fn product_id_by_code(&self, code: &str) -> sqlx::Result<Option<String>> {
        let sql = self.sql("SELECT id FROM products WHERE UPPER(code) = UPPER($1) AND kind = 'product'");
        sqlx::query_scalar(&sql).bind(code).fetch_optional(self.pool()).await
    }

    /// The token with this hash, whatever its state (the caller decides what expired means).
    pub async fn device_token(&self, token_hash: &str) -> sqlx::Result<Option<DeviceTokenRow>> {
        let sql = self.sql(
            "SELECT t.id, t.user_id, t.device_id, t.client_name, t.expires_at, t.last_used_at, t.revoked_at, d.deactivated_at \
             FROM device_tokens t JOIN devices d ON d.id = t.device_id WHERE t.token_hash = $1",
        );
        sqlx::query_as(&sql).bind(token_hash).fetch_optional(self.pool()).await
    }

    pub async fn touch_device_token(&self, id: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE device_tokens SET last_used_at = $2 WHERE id = $1");
        sqlx::query(&sql).bind(id).bind(now).execute(self.pool()).await?;
        Ok(())
    }

    /// Records a check-out: the device runs this product version under this account and
    /// subscription (none for a trial).
    #[allow(clippy::too_many_arguments)]
    pub async fn record_checkout(
        &self,
        device_id: &str,
        product_id: &str,
        version: &str,
        account_id: &str,
        subscription_id: Option<&str>,
        now: i64,
    ) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO device_products (device_id, product_id, version, account_id, subscription_id, first_seen, last_seen) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (device_id, product_id, version) \
             DO UPDATE SET account_id = excluded.account_id, subscription_id = excluded.subscription_id, last_seen = excluded.last_seen",
        );
        sqlx::query(&sql)
            .bind(device_id)
            .bind(product_id)
            .bind(version)
            .bind(account_id)
            .bind(subscription_id)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn device_product(&self, device_id: &str, product_id: &str, version: &str) -> sqlx::Result<Option<DeviceProductRow>> {
        let sql = self.sql(
            "SELECT account_id, subscription_id FROM device_products WHERE device_id = $1 AND product_id = $2 AND version = $3",
        );
        sqlx::query_as(&sql).bind(device_id).bind(product_id).bind(version).fetch_optional(self.pool()).await
    }

    /// The check-out of a product on a device most recently seen (any version).
    pub async fn latest_device_product(&self, device_id: &str, product_id: &str) -> sqlx::Result<Option<DeviceProductRow>> {
        let sql = self.sql(
            "SELECT account_id, subscription_id FROM device_products WHERE device_id = $1 AND product_id = $2 \
             ORDER BY last_seen DESC LIMIT 1",
        );
        sqlx::query_as(&sql).bind(device_id).bind(product_id).fetch_optional(self.pool()).await
    }

    /// True while the person holds a seat of the subscription and it is active on `today`.
    pub async fn holds_active_seat(&self, subscription_id: &str, user_id: &str, today: &str) -> sqlx::Result<bool> {
        let sql = self.sql(
            "SELECT COUNT(*) FROM assignments a JOIN subscriptions s ON s.id = a.subscription_id \
             WHERE a.subscription_id = $1 AND a.user_id = $2 AND s.status = 'active' AND s.end_date >= $3",
        );
        let n: i64 = sqlx::query_scalar(&sql).bind(subscription_id).bind(user_id).bind(today).fetch_one(self.pool()).await?;
        Ok(n > 0)
    }

    /// True while the person's trial of the product runs.
    pub async fn trial_running(&self, account_id: &str, user_id: &str, product_id: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "SELECT COUNT(*) FROM trials WHERE account_id = $1 AND user_id = $2 AND product_id = $3 AND ends_at > $4",
        );
        let n: i64 = sqlx::query_scalar(&sql).bind(account_id).bind(user_id).bind(product_id).bind(now).fetch_one(self.pool()).await?;
        Ok(n > 0)
    }

    /// A heartbeat: the raw row, the day's rollup, and the device's and check-out's last use,
    /// in one transaction.
    pub async fn record_heartbeat(&self, b: &Beat<'_>) -> sqlx::Result<()> {
        let mut tx = self.begin().await?;
        let sql = self.sql(
            "INSERT INTO heartbeats (id, device_id, account_id, user_id, product_id, version, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        );
        sqlx::query(&sql)
            .bind(b.id)
            .bind(b.device_id)
            .bind(b.account_id)
            .bind(b.user_id)
            .bind(b.product_id)
            .bind(b.version)
            .bind(b.at)
            .execute(&mut *tx)
            .await?;
        let sql = self.sql(
            "INSERT INTO seat_use_daily (account_id, product_id, user_id, day, heartbeats, last_at) VALUES ($1, $2, $3, $4, 1, $5) \
             ON CONFLICT (account_id, product_id, user_id, day) \
             DO UPDATE SET heartbeats = seat_use_daily.heartbeats + 1, last_at = excluded.last_at",
        );
        sqlx::query(&sql).bind(b.account_id).bind(b.product_id).bind(b.user_id).bind(b.day).bind(b.at).execute(&mut *tx).await?;
        let sql = self.sql(
            "INSERT INTO seat_use_last (account_id, user_id, product_id, last_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (account_id, user_id, product_id) DO UPDATE SET last_at = excluded.last_at \
             WHERE excluded.last_at > seat_use_last.last_at",
        );
        sqlx::query(&sql).bind(b.account_id).bind(b.user_id).bind(b.product_id).bind(b.at).execute(&mut *tx).await?;
        let sql = self.sql(
            "UPDATE device_products SET last_seen = $4 WHERE device_id = $1 AND product_id = $2 AND version = $3",
        );
        sqlx::query(&sql).bind(b.device_id).bind(b.product_id).bind(b.version).bind(b.at).execute(&mut *tx).await?;
        let sql = self.sql("UPDATE devices SET last_seen = $2 WHERE id = $1");
        sqlx::query(&sql).bind(b.device_id).bind(b.at).execute(&mut *tx).await?;
        tx.commit().await
    }

    pub async fn usage_event_by_key(&self, user_id: &str, key: &str) -> sqlx::Result<Option<UsageEventRow>> {
        let sql = self.sql(
            "SELECT subscription_id, product_id, credits FROM usage_events WHERE user_id = $1 AND idempotency_key = $2",
        );
        sqlx::query_as(&sql).bind(user_id).bind(key).fetch_optional(self.pool()).await
    }

    /// Records a usage event and charges its credits, in one transaction. `Ok(None)` when the
    /// key was recorded already (by a concurrent retry); `Ok(Some(false))` when the balance is
    /// too small (nothing recorded); `Ok(Some(true))` when recorded.
    pub async fn record_usage(&self, e: &NewUsageEvent<'_>) -> sqlx::Result<Option<bool>> {
        let mut tx = self.begin().await?;
        let sql = self.sql(
            "INSERT INTO usage_events (id, user_id, idempotency_key, account_id, subscription_id, product_id, device_id, credits, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (user_id, idempotency_key) DO NOTHING",
        );
        let inserted = sqlx::query(&sql)
            .bind(e.id)
            .bind(e.user_id)
            .bind(e.idempotency_key)
            .bind(e.account_id)
            .bind(e.subscription_id)
            .bind(e.product_id)
            .bind(e.device_id)
            .bind(e.credits)
            .bind(e.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if inserted == 0 {
            return Ok(None);
        }
        let sql = self.sql(
            "UPDATE subscriptions SET credits_used = credits_used + $2 WHERE id = $1 AND credits_used + $2 <= credits_total",
        );
        if sqlx::query(&sql).bind(e.subscription_id).bind(e.credits).execute(&mut *tx).await?.rows_affected() == 0 {
            return Ok(Some(false));
        }
        let sql = self.sql(
            "INSERT INTO credit_daily (subscription_id, account_id, user_id, day, credits) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (subscription_id, user_id, day) DO UPDATE SET credits = credit_daily.credits + excluded.credits",
        );
        sqlx::query(&sql).bind(e.subscription_id).bind(e.account_id).bind(e.user_id).bind(e.day).bind(e.credits).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(true))
    }

    /// Credits bought and consumed on a subscription.
    pub async fn credits(&self, subscription_id: &str) -> sqlx::Result<(i64, i64)> {
        let sql = self.sql("SELECT credits_total, credits_used FROM subscriptions WHERE id = $1");
        let row: Option<(i64, i64)> = sqlx::query_as(&sql).bind(subscription_id).fetch_optional(self.pool()).await?;
        Ok(row.unwrap_or((0, 0)))
    }

    /// Deactivates a device: its tokens stop working. False when it was deactivated already.
    pub async fn deactivate_device(&self, device_id: &str, now: i64) -> sqlx::Result<bool> {
        let mut tx = self.begin().await?;
        let changed = self.deactivate_device_in(&mut tx, device_id, now).await?;
        tx.commit().await?;
        Ok(changed)
    }

    /// [`Db::deactivate_device`] inside the caller's transaction.
    pub async fn deactivate_device_in(&self, tx: &mut Tx, device_id: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql("UPDATE devices SET deactivated_at = $2 WHERE id = $1 AND deactivated_at IS NULL");
        let changed = sqlx::query(&sql).bind(device_id).bind(now).execute(&mut **tx).await?.rows_affected() == 1;
        let sql = self.sql("UPDATE device_tokens SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL");
        sqlx::query(&sql).bind(device_id).bind(now).execute(&mut **tx).await?;
        Ok(changed)
    }

    /// A person's devices, most recently seen first.
    pub async fn devices_of_user(&self, user_id: &str) -> sqlx::Result<Vec<DeviceRow>> {
        let sql = self.sql_owned(format!("{DEVICE_SELECT} WHERE d.user_id = $1 ORDER BY d.last_seen DESC, d.id"));
        sqlx::query_as(&sql).bind(user_id).fetch_all(self.pool()).await
    }

    pub async fn device(&self, id: &str) -> sqlx::Result<Option<DeviceRow>> {
        let sql = self.sql_owned(format!("{DEVICE_SELECT} WHERE d.id = $1"));
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }

    /// The products and versions these devices ran, most recent first.
    pub async fn products_of_devices(&self, device_ids: &[String]) -> sqlx::Result<Vec<DeviceProductListRow>> {
        if device_ids.is_empty() {
            return Ok(vec![]);
        }
        let marks: Vec<String> = (1..=device_ids.len()).map(|i| format!("${i}")).collect();
        let sql = self.sql_owned(format!(
            "SELECT dp.device_id, p.code AS product_code, p.name AS product_name, dp.version, dp.last_seen \
             FROM device_products dp JOIN products p ON p.id = dp.product_id WHERE dp.device_id IN ({}) \
             ORDER BY dp.last_seen DESC, p.code, dp.version",
            marks.join(", ")
        ));
        let mut q = sqlx::query_as(&sql);
        for id in device_ids {
            q = q.bind(id);
        }
        q.fetch_all(self.pool()).await
    }

    /// Removes raw heartbeats and usage events from before `before` (the rollups stay). Usage
    /// events are kept while their idempotency keys may still be retried: the caller passes a
    /// time well past any client's retries.
    pub async fn purge_licensing_events(&self, before: i64) -> sqlx::Result<u64> {
        let mut n = 0;
        for sql in ["DELETE FROM heartbeats WHERE at < $1", "DELETE FROM usage_events WHERE at < $1"] {
            let sql = self.sql(sql);
            n += sqlx::query(&sql).bind(before).execute(self.pool()).await?.rows_affected();
        }
        Ok(n)
    }
}

/// The last acceptance of an account's devices agreement.
#[derive(Debug, Clone, FromRow)]
pub struct AgreementRow {
    pub version: Option<String>,
    pub at: Option<i64>,
    pub by_email: Option<String>,
    pub by_first_name: Option<String>,
    pub by_last_name: Option<String>,
}

/// Filters of an account's device list, checked.
#[derive(Debug, Clone, Default)]
pub struct DeviceFilter {
    /// Lower-case substring of the host name, person's name or email.
    pub q: Option<String>,
    /// `active`, `inactive` or `deactivated`, with the time before which a device is inactive.
    pub status: Option<(seatwise_api::DeviceStatus, i64)>,
    pub product_code: Option<String>,
    pub user_id: Option<String>,
    pub limit: i64,
}

impl Db {
    pub async fn device_agreement(&self, account_id: &str) -> sqlx::Result<AgreementRow> {
        let sql = self.sql(
            "SELECT a.device_agreement_version AS version, a.device_agreement_at AS at, u.email AS by_email, \
             u.first_name AS by_first_name, u.last_name AS by_last_name \
             FROM accounts a LEFT JOIN users u ON u.id = a.device_agreement_by WHERE a.id = $1",
        );
        sqlx::query_as(&sql).bind(account_id).fetch_one(self.pool()).await
    }

    /// Records an acceptance; false when this version was accepted already.
    pub async fn accept_device_agreement(&self, tx: &mut Tx, account_id: &str, version: &str, user_id: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE accounts SET device_agreement_version = $2, device_agreement_by = $3, device_agreement_at = $4 \
             WHERE id = $1 AND (device_agreement_version IS NULL OR device_agreement_version <> $2)",
        );
        let r = sqlx::query(&sql).bind(account_id).bind(version).bind(user_id).bind(now).execute(&mut **tx).await?;
        Ok(r.rows_affected() == 1)
    }

    /// The company's devices: those that ran a product under the account, of people who are
    /// still members; most recently seen first, at most `f.limit`.
    pub async fn account_devices(&self, account_id: &str, f: &DeviceFilter) -> sqlx::Result<Vec<DeviceRow>> {
        let mut sql = format!(
            "{DEVICE_SELECT} JOIN memberships m ON m.user_id = d.user_id AND m.account_id = $1 \
             WHERE EXISTS (SELECT 1 FROM device_products dp JOIN products p ON p.id = dp.product_id \
               WHERE dp.device_id = d.id AND dp.account_id = $1"
        );
        let mut binds: Vec<String> = vec![account_id.to_string()];
        if let Some(code) = &f.product_code {
            binds.push(code.clone());
            sql.push_str(&format!(" AND p.code = ${}", binds.len()));
        }
        sql.push(')');
        let mut at: Option<i64> = None;
        if let Some(q) = &f.q {
            binds.push(format!("%{q}%"));
            let n = binds.len();
            sql.push_str(&format!(
                " AND (LOWER(d.host_name) LIKE ${n} OR LOWER(u.email) LIKE ${n} OR LOWER(u.first_name || ' ' || u.last_name) LIKE ${n})"
            ));
        }
        if let Some(user) = &f.user_id {
            binds.push(user.clone());
            sql.push_str(&format!(" AND d.user_id = ${}", binds.len()));
        }
        match f.status {
            Some((seatwise_api::DeviceStatus::Deactivated, _)) => sql.push_str(" AND d.deactivated_at IS NOT NULL"),
            Some((seatwise_api::DeviceStatus::Active, since)) => {
                at = Some(since);
                sql.push_str(&format!(" AND d.deactivated_at IS NULL AND d.last_seen >= ${}", binds.len() + 1));
            }
            Some((seatwise_api::DeviceStatus::Inactive, since)) => {
                at = Some(since);
                sql.push_str(&format!(" AND d.deactivated_at IS NULL AND d.last_seen < ${}", binds.len() + 1));
            }
            None => {}
        }
        sql.push_str(&format!(" ORDER BY d.last_seen DESC, d.id LIMIT {}", f.limit));
        let sql = self.sql_owned(sql);
        let mut q = sqlx::query_as(&sql);
        for b in &binds {
            q = q.bind(b.clone());
        }
        if let Some(at) = at {
            q = q.bind(at);
        }
        q.fetch_all(self.pool()).await
    }

    /// True when the device ran a product under the account.
    pub async fn device_in_account(&self, account_id: &str, device_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql("SELECT COUNT(*) FROM device_products WHERE account_id = $1 AND device_id = $2");
        let n: i64 = sqlx::query_scalar(&sql).bind(account_id).bind(device_id).fetch_one(self.pool()).await?;
        Ok(n > 0)
    }

    /// The products and versions these devices ran under one account, most recent first.
    pub async fn account_products_of_devices(&self, account_id: &str, device_ids: &[String]) -> sqlx::Result<Vec<DeviceProductListRow>> {
        if device_ids.is_empty() {
            return Ok(vec![]);
        }
        let marks: Vec<String> = (2..=device_ids.len() + 1).map(|i| format!("${i}")).collect();
        let sql = self.sql_owned(format!(
            "SELECT dp.device_id, p.code AS product_code, p.name AS product_name, dp.version, dp.last_seen \
             FROM device_products dp JOIN products p ON p.id = dp.product_id WHERE dp.account_id = $1 AND dp.device_id IN ({}) \
             ORDER BY dp.last_seen DESC, p.code, dp.version",
            marks.join(", ")
        ));
        let mut q = sqlx::query_as(&sql).bind(account_id);
        for id in device_ids {
            q = q.bind(id);
        }
        q.fetch_all(self.pool()).await
    }
}
