//! Linked accounts (OpenID Connect identities) and the trips to a provider under way.

use sqlx::{Any, Executor, FromRow};

use super::{Db, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct LinkedRow {
    pub id: String,
    pub user_id: String,
    pub provider: String,
    pub issuer: String,
    pub subject: String,
    pub email: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

const COLUMNS: &str = "id, user_id, provider, issuer, subject, email, created_at, last_used_at";

/// A trip to a provider, taken back at the callback.
#[derive(Debug, Clone, FromRow)]
pub struct FlowRow {
    pub browser_hash: String,
    pub provider: String,
    pub purpose: String,
    pub user_id: Option<String>,
    pub nonce: String,
    pub pkce_verifier: String,
    pub next: String,
    pub expires_at: i64,
}

impl Db {
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_oidc_flow(
        &self,
        state_hash: &str,
        browser_hash: &str,
        provider: &str,
        purpose: &str,
        user_id: Option<&str>,
        nonce: &str,
        pkce_verifier: &str,
        next: &str,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO oidc_flows (state_hash, browser_hash, provider, purpose, user_id, nonce, pkce_verifier, next, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        );
        sqlx::query(&sql)
            .bind(state_hash)
            .bind(browser_hash)
            .bind(provider)
            .bind(purpose)
            .bind(user_id)
            .bind(nonce)
            .bind(pkce_verifier)
            .bind(next)
            .bind(expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Takes the trip with this state (once), expired or not: the caller checks.
    pub async fn take_oidc_flow(&self, state_hash: &str) -> sqlx::Result<Option<FlowRow>> {
        let sql = self.sql(
            "DELETE FROM oidc_flows WHERE state_hash = $1 \
             RETURNING browser_hash, provider, purpose, user_id, nonce, pkce_verifier, next, expires_at",
        );
        sqlx::query_as(&sql).bind(state_hash).fetch_optional(self.pool()).await
    }

    pub async fn linked_identity(&self, issuer: &str, subject: &str) -> sqlx::Result<Option<LinkedRow>> {
        let sql = self.sql_owned(format!("SELECT {COLUMNS} FROM linked_identities WHERE issuer = $1 AND subject = $2"));
        sqlx::query_as(&sql).bind(issuer).bind(subject).fetch_optional(self.pool()).await
    }

    /// The person's linked accounts, oldest first.
    pub async fn linked_identities_of<'e, E>(&self, ex: E, user_id: &str) -> sqlx::Result<Vec<LinkedRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!("SELECT {COLUMNS} FROM linked_identities WHERE user_id = $1 ORDER BY created_at, id"));
        sqlx::query_as(&sql).bind(user_id).fetch_all(ex).await
    }

    /// Links an identity; false when it is linked already (to anyone).
    pub async fn insert_linked_identity(&self, tx: &mut Tx, row: &LinkedRow) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO linked_identities (id, user_id, provider, issuer, subject, email, created_at, last_used_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, NULL) ON CONFLICT (issuer, subject) DO NOTHING",
        );
        let done = sqlx::query(&sql)
            .bind(&row.id)
            .bind(&row.user_id)
            .bind(&row.provider)
            .bind(&row.issuer)
            .bind(&row.subject)
            .bind(&row.email)
            .bind(row.created_at)
            .execute(&mut **tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Unlinks one of the person's identities; its provider, or `None` when it was not theirs.
    pub async fn delete_linked_identity(&self, tx: &mut Tx, user_id: &str, id: &str) -> sqlx::Result<Option<String>> {
        let sql = self.sql("DELETE FROM linked_identities WHERE user_id = $1 AND id = $2 RETURNING provider");
        sqlx::query_scalar(&sql).bind(user_id).bind(id).fetch_optional(&mut **tx).await
    }

    /// A sign-in through the identity: when, and the address the provider gave this time.
    pub async fn linked_identity_used(&self, id: &str, email: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE linked_identities SET last_used_at = $2, email = $3 WHERE id = $1");
        sqlx::query(&sql).bind(id).bind(now).bind(email).execute(self.pool()).await?;
        Ok(())
    }
}

/// A first sign-in with an identity linked to no one yet (see `oidc_pending`).
#[derive(Debug, Clone, FromRow)]
pub struct PendingRow {
    pub provider: String,
    pub issuer: String,
    pub subject: String,
    pub email: String,
    /// 1 when the provider vouched for `email`.
    pub email_verified: i64,
    pub first_name: String,
    pub last_name: String,
    pub expires_at: i64,
}

const PENDING_COLUMNS: &str = "provider, issuer, subject, email, email_verified, first_name, last_name, expires_at";

impl Db {
    pub async fn insert_oidc_pending(&self, token_hash: &str, row: &PendingRow) -> sqlx::Result<()> {
        let sql = self.sql_owned(format!(
            "INSERT INTO oidc_pending (token_hash, {PENDING_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
        ));
        sqlx::query(&sql)
            .bind(token_hash)
            .bind(&row.provider)
            .bind(&row.issuer)
            .bind(&row.subject)
            .bind(&row.email)
            .bind(row.email_verified)
            .bind(&row.first_name)
            .bind(&row.last_name)
            .bind(row.expires_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// The pending identity of this token, while it lasts.
    pub async fn oidc_pending(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<PendingRow>> {
        let sql = self.sql_owned(format!("SELECT {PENDING_COLUMNS} FROM oidc_pending WHERE token_hash = $1 AND expires_at > $2"));
        sqlx::query_as(&sql).bind(token_hash).bind(now).fetch_optional(self.pool()).await
    }

    /// Takes the pending identity (once), in the transaction that uses it.
    pub async fn take_oidc_pending(&self, tx: &mut Tx, token_hash: &str, now: i64) -> sqlx::Result<Option<PendingRow>> {
        let sql = self.sql_owned(format!(
            "DELETE FROM oidc_pending WHERE token_hash = $1 AND expires_at > $2 RETURNING {PENDING_COLUMNS}"
        ));
        sqlx::query_as(&sql).bind(token_hash).bind(now).fetch_optional(&mut **tx).await
    }
}
