//! Single-use tokens sent by mail (email verification, password reset). Stored hashed.

use sqlx::{Any, Executor};

use super::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    VerifyEmail,
    ResetPassword,
}

impl TokenPurpose {
    fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::ResetPassword => "reset_password",
        }
    }
}

impl Db {
    pub async fn insert_token<'e, E>(
        &self,
        ex: E,
        token_hash: &str,
        user_id: &str,
        purpose: TokenPurpose,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO user_tokens (token_hash, user_id, purpose, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        );
        sqlx::query(&sql)
            .bind(token_hash)
            .bind(user_id)
            .bind(purpose.as_str())
            .bind(now)
            .bind(expires_at)
            .execute(ex)
            .await?;
        Ok(())
    }

    /// Marks the token used and returns its user, if it was unused, unexpired and of this
    /// purpose. One statement, so two concurrent uses cannot both succeed.
    pub async fn consume_token<'e, E>(
        &self,
        ex: E,
        token_hash: &str,
        purpose: TokenPurpose,
        now: i64,
    ) -> sqlx::Result<Option<String>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "UPDATE user_tokens SET used_at = $3 \
             WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3 \
             RETURNING user_id",
        );
        sqlx::query_scalar::<_, String>(&sql)
            .bind(token_hash)
            .bind(purpose.as_str())
            .bind(now)
            .fetch_optional(ex)
            .await
    }

    /// Invalidates the user's other unused tokens of this purpose (a new link replaces old ones).
    pub async fn retire_tokens<'e, E>(
        &self,
        ex: E,
        user_id: &str,
        purpose: TokenPurpose,
        now: i64,
    ) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "UPDATE user_tokens SET used_at = $3 \
             WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        );
        sqlx::query(&sql).bind(user_id).bind(purpose.as_str()).bind(now).execute(ex).await?;
        Ok(())
    }

    /// Deletes tokens that can no longer be used (expired or used) before `before`.
    pub async fn purge_tokens(&self, before: i64) -> sqlx::Result<u64> {
        let sql = self.sql("DELETE FROM user_tokens WHERE expires_at <= $1 OR (used_at IS NOT NULL AND used_at <= $1)");
        Ok(sqlx::query(&sql).bind(before).execute(self.pool()).await?.rows_affected())
    }
}
