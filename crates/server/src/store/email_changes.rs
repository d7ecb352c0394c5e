//! Changes of email address: requested, confirmed from the new address, undone from the old.

use sqlx::{Any, Executor, FromRow};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct EmailChangeRow {
    pub token_hash: String,
    pub user_id: String,
    pub old_email: String,
    pub new_email: String,
    pub expires_at: i64,
    pub confirmed_at: Option<i64>,
    pub undo_expires_at: Option<i64>,
    pub undone_at: Option<i64>,
}

const COLUMNS: &str = "token_hash, user_id, old_email, new_email, expires_at, confirmed_at, undo_expires_at, undone_at";

impl Db {
    /// Starts a change; an earlier unconfirmed one of the person dies.
    pub async fn insert_email_change(
        &self,
        tx: &mut super::Tx,
        token_hash: &str,
        user_id: &str,
        old_email: &str,
        new_email: &str,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        let sql = self.sql("DELETE FROM email_changes WHERE user_id = $1 AND confirmed_at IS NULL");
        sqlx::query(&sql).bind(user_id).execute(&mut **tx).await?;
        let sql = self.sql(
            "INSERT INTO email_changes (token_hash, user_id, old_email, new_email, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        );
        sqlx::query(&sql)
            .bind(token_hash)
            .bind(user_id)
            .bind(old_email)
            .bind(new_email)
            .bind(now)
            .bind(expires_at)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// The person's change waiting for confirmation, if it still can be confirmed.
    pub async fn pending_email_change(&self, user_id: &str, now: i64) -> sqlx::Result<Option<EmailChangeRow>> {
        let sql = self.sql_owned(format!(
            "SELECT {COLUMNS} FROM email_changes WHERE user_id = $1 AND confirmed_at IS NULL AND expires_at > $2"
        ));
        sqlx::query_as(&sql).bind(user_id).bind(now).fetch_optional(self.pool()).await
    }

    /// A change by its confirmation token, if it can still be confirmed.
    pub async fn email_change_to_confirm<'e, E>(&self, ex: E, token_hash: &str, now: i64) -> sqlx::Result<Option<EmailChangeRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!(
            "SELECT {COLUMNS} FROM email_changes WHERE token_hash = $1 AND confirmed_at IS NULL AND expires_at > $2"
        ));
        sqlx::query_as(&sql).bind(token_hash).bind(now).fetch_optional(ex).await
    }

    /// Marks a change confirmed, with the old address's undo link; false when it was confirmed
    /// meanwhile.
    pub async fn confirm_email_change<'e, E>(&self, ex: E, token_hash: &str, undo_hash: &str, now: i64, undo_until: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "UPDATE email_changes SET confirmed_at = $2, undo_token_hash = $3, undo_expires_at = $4 \
             WHERE token_hash = $1 AND confirmed_at IS NULL",
        );
        Ok(sqlx::query(&sql).bind(token_hash).bind(now).bind(undo_hash).bind(undo_until).execute(ex).await?.rows_affected() == 1)
    }

    /// A confirmed change by its undo token, if it can still be undone.
    pub async fn email_change_to_undo<'e, E>(&self, ex: E, undo_hash: &str, now: i64) -> sqlx::Result<Option<EmailChangeRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!(
            "SELECT {COLUMNS} FROM email_changes WHERE undo_token_hash = $1 AND confirmed_at IS NOT NULL \
             AND undone_at IS NULL AND undo_expires_at > $2"
        ));
        sqlx::query_as(&sql).bind(undo_hash).bind(now).fetch_optional(ex).await
    }

    pub async fn mark_email_change_undone<'e, E>(&self, ex: E, token_hash: &str, now: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE email_changes SET undone_at = $2 WHERE token_hash = $1 AND undone_at IS NULL");
        Ok(sqlx::query(&sql).bind(token_hash).bind(now).execute(ex).await?.rows_affected() == 1)
    }
}
