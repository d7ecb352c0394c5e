//! The phone a person gets codes by text message on, and the codes sent.

use sqlx::{Any, Executor, FromRow};

use super::{Db, Tx};
use crate::domain::text_codes::Purpose;

#[derive(Debug, Clone, FromRow)]
pub struct PhoneRow {
    pub phone: String,
    pub verified_at: Option<i64>,
}

impl Db {
    pub async fn phone_of<'e, E>(&self, ex: E, user_id: &str) -> sqlx::Result<Option<PhoneRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("SELECT phone, verified_at FROM user_phones WHERE user_id = $1");
        sqlx::query_as(&sql).bind(user_id).fetch_optional(ex).await
    }

    /// The confirmed phone of the person, if any.
    pub async fn confirmed_phone<'e, E>(&self, ex: E, user_id: &str) -> sqlx::Result<Option<String>>
    where
        E: Executor<'e, Database = Any>,
    {
        Ok(self.phone_of(ex, user_id).await?.filter(|p| p.verified_at.is_some()).map(|p| p.phone))
    }

    /// Sets a phone waiting for its confirmation, replacing one not yet confirmed. Refused
    /// (false) while a confirmed one is there: it must be removed first.
    pub async fn set_unconfirmed_phone(&self, tx: &mut Tx, user_id: &str, phone: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO user_phones (user_id, phone, verified_at, created_at) VALUES ($1, $2, NULL, $3) \
             ON CONFLICT (user_id) DO UPDATE SET phone = excluded.phone, created_at = excluded.created_at \
             WHERE user_phones.verified_at IS NULL",
        );
        Ok(sqlx::query(&sql).bind(user_id).bind(phone).bind(now).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// Marks the waiting phone confirmed (false: there was none waiting).
    pub async fn confirm_phone(&self, tx: &mut Tx, user_id: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql("UPDATE user_phones SET verified_at = $2 WHERE user_id = $1 AND verified_at IS NULL");
        Ok(sqlx::query(&sql).bind(user_id).bind(now).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// Removes the phone and any codes sent to it.
    pub async fn remove_phone(&self, tx: &mut Tx, user_id: &str) -> sqlx::Result<()> {
        for table in ["user_phones", "text_codes"] {
            let sql = self.sql_owned(format!("DELETE FROM {table} WHERE user_id = $1"));
            sqlx::query(&sql).bind(user_id).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Keeps `hash` as the live code of the person for `purpose` (the one sent before dies).
    pub async fn put_text_code(&self, tx: &mut Tx, user_id: &str, purpose: Purpose, hash: &str, now: i64, expires_at: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO text_codes (user_id, purpose, code_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (user_id, purpose) DO UPDATE SET code_hash = excluded.code_hash, \
             created_at = excluded.created_at, expires_at = excluded.expires_at",
        );
        sqlx::query(&sql)
            .bind(user_id)
            .bind(purpose.as_str())
            .bind(hash)
            .bind(now)
            .bind(expires_at)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// Uses the live code of `purpose` if `hash` is its hash (false: wrong, expired or used).
    pub async fn take_text_code<'e, E>(&self, ex: E, user_id: &str, purpose: Purpose, hash: &str, now: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "DELETE FROM text_codes WHERE user_id = $1 AND purpose = $2 AND code_hash = $3 AND expires_at > $4",
        );
        let r = sqlx::query(&sql).bind(user_id).bind(purpose.as_str()).bind(hash).bind(now).execute(ex).await?;
        Ok(r.rows_affected() == 1)
    }
}
