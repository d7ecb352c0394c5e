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
