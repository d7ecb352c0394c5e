//! Sign-in sessions. Only a hash of the session token is stored.

use sqlx::{Any, Executor};

use super::{
    users::{UserRow, USER_COLUMNS_U},
    Db,
};

/// A live session and its user.
#[derive(Debug, Clone)]
pub struct SessionUser {
    pub token_hash: String,
    pub last_seen_at: i64,
    pub user: UserRow,
}

impl Db {
    pub async fn insert_session<'e, E>(
        &self,
        ex: E,
        token_hash: &str,
        user_id: &str,
        now: i64,
        ip: &str,
        user_agent: &str,
    ) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, ip, user_agent) \
             VALUES ($1, $2, $3, $3, $4, $5)",
        );
        sqlx::query(&sql)
            .bind(token_hash)
            .bind(user_id)
            .bind(now)
            .bind(ip)
            .bind(user_agent)
            .execute(ex)
            .await?;
        Ok(())
    }

    /// The session if it is neither idle past `idle_since` nor older than `created_since`.
    pub async fn live_session(
        &self,
        token_hash: &str,
        idle_since: i64,
        created_since: i64,
    ) -> sqlx::Result<Option<SessionUser>> {
        let sql = self.sql_owned(format!(
            "SELECT s.token_hash AS s_token_hash, s.last_seen_at AS s_last_seen_at, {USER_COLUMNS_U} \
             FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.last_seen_at > $2 AND s.created_at > $3"
        ));
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(idle_since)
            .bind(created_since)
            .fetch_optional(self.pool())
            .await?;
        use sqlx::Row;
        row.map(|r| {
            Ok(SessionUser {
                token_hash: r.try_get("s_token_hash")?,
                last_seen_at: r.try_get("s_last_seen_at")?,
                user: <UserRow as sqlx::FromRow<_>>::from_row(&r)?,
            })
        })
        .transpose()
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1");
        sqlx::query(&sql).bind(token_hash).bind(now).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> sqlx::Result<()> {
        let sql = self.sql("DELETE FROM sessions WHERE token_hash = $1");
        sqlx::query(&sql).bind(token_hash).execute(self.pool()).await?;
        Ok(())
    }

    /// Ends every session of the user except `keep` (if given).
    pub async fn delete_user_sessions<'e, E>(
        &self,
        ex: E,
        user_id: &str,
        keep: Option<&str>,
    ) -> sqlx::Result<u64>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2");
        let r = sqlx::query(&sql).bind(user_id).bind(keep.unwrap_or("")).execute(ex).await?;
        Ok(r.rows_affected())
    }

    /// Removes sessions that can no longer be used.
    pub async fn purge_sessions(&self, idle_since: i64, created_since: i64) -> sqlx::Result<u64> {
        let sql = self.sql("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2");
        let r = sqlx::query(&sql).bind(idle_since).bind(created_since).execute(self.pool()).await?;
        Ok(r.rows_affected())
    }
}
