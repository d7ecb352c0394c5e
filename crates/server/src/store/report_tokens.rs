//! Usage-report tokens: an account's keys to its reports (only hashes of the secrets).

use sqlx::FromRow;

use super::{Db, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct ReportTokenRow {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub scopes: String,
    pub hint: String,
    pub created_by_name: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// `SELECT` of a [`ReportTokenRow`] from `report_tokens t`, then `$rest`.
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT t.id, t.account_id, t.name, t.scopes, t.hint, \
             (SELECT u.first_name || ' ' || u.last_name FROM users u WHERE u.id = t.created_by) AS created_by_name, \
             t.created_at, t.expires_at, t.last_used_at, t.revoked_at FROM report_tokens t ",
            $rest
        )
    };
}

impl Db {
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_report_token(
        &self,
        tx: &mut Tx,
        id: &str,
        account_id: &str,
        (name, scopes): (&str, &str),
        (token_hash, hint): (&str, &str),
        created_by: &str,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO report_tokens (id, account_id, name, scopes, token_hash, hint, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        );
        sqlx::query(&sql)
            .bind(id)
            .bind(account_id)
            .bind(name)
            .bind(scopes)
            .bind(token_hash)
            .bind(hint)
            .bind(created_by)
            .bind(now)
            .bind(expires_at)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// The account's tokens, newest first.
    pub async fn report_tokens(&self, account_id: &str) -> sqlx::Result<Vec<ReportTokenRow>> {
        let sql = self.sql(select!("WHERE t.account_id = $1 ORDER BY t.created_at DESC, t.id DESC"));
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    /// Tokens of the account neither revoked nor expired at `now`.
    pub async fn live_report_tokens(&self, tx: &mut Tx, account_id: &str, now: i64) -> sqlx::Result<i64> {
        let sql = self.sql(
            "SELECT COUNT(*) FROM report_tokens WHERE account_id = $1 AND revoked_at IS NULL AND expires_at > $2",
        );
        sqlx::query_scalar(&sql).bind(account_id).bind(now).fetch_one(&mut **tx).await
    }

    pub async fn report_token(&self, account_id: &str, id: &str) -> sqlx::Result<Option<ReportTokenRow>> {
        let sql = self.sql(select!("WHERE t.account_id = $1 AND t.id = $2"));
        sqlx::query_as(&sql).bind(account_id).bind(id).fetch_optional(self.pool()).await
    }

    /// The token whose secret hashes to `token_hash`, whatever its state.
    pub async fn report_token_by_hash(&self, token_hash: &str) -> sqlx::Result<Option<ReportTokenRow>> {
        let sql = self.sql(select!("WHERE t.token_hash = $1"));
        sqlx::query_as(&sql).bind(token_hash).fetch_optional(self.pool()).await
    }

    /// Revokes a live token; false when it was revoked already (or is not the account's).
    pub async fn revoke_report_token(&self, tx: &mut Tx, account_id: &str, id: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE report_tokens SET revoked_at = $3 WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL",
        );
        Ok(sqlx::query(&sql).bind(account_id).bind(id).bind(now).execute(&mut **tx).await?.rows_affected() == 1)
    }

    pub async fn touch_report_token(&self, id: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE report_tokens SET last_used_at = $2 WHERE id = $1");
        sqlx::query(&sql).bind(id).bind(now).execute(self.pool()).await?;
        Ok(())
    }
}
