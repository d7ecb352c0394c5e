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
    /// The public id (for the list of sessions).
    pub id: String,
    pub last_seen_at: i64,
    /// The last full authentication: the sign-in, or a confirmation of the password since.
    pub authenticated_at: i64,
    /// An account of the person requires 2-step verification, and they have none.
    pub two_step_setup_required: bool,
    pub user: UserRow,
}

/// One session, for the person's list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub id: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub ip: String,
    pub user_agent: String,
    pub method: String,
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
        method: &str,
    ) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO sessions (token_hash, id, user_id, created_at, last_seen_at, authenticated_at, ip, user_agent, method) \
             VALUES ($1, $2, $3, $4, $4, $4, $5, $6, $7)",
        );
        sqlx::query(&sql)
            .bind(token_hash)
            .bind(uuid::Uuid::new_v4().simple().to_string())
            .bind(user_id)
            .bind(now)
            .bind(ip)
            .bind(user_agent)
            .bind(method)
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
            "SELECT s.token_hash AS s_token_hash, s.id AS s_id, s.last_seen_at AS s_last_seen_at, \
             s.authenticated_at AS s_authenticated_at, {USER_COLUMNS_U}, \
             (CASE WHEN (u.is_vendor_staff = 1 OR EXISTS (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id \
                                WHERE m.user_id = u.id AND a.require_two_step = 1)) \
                    AND NOT EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL) \
                   THEN 1 ELSE 0 END) AS s_setup_required \
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
                id: r.try_get("s_id")?,
                last_seen_at: r.try_get("s_last_seen_at")?,
                authenticated_at: r.try_get("s_authenticated_at")?,
                two_step_setup_required: r.try_get::<i64, _>("s_setup_required")? != 0,
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

    /// The person's sessions that are still live, newest first.
    pub async fn user_sessions(&self, user_id: &str, idle_since: i64, created_since: i64) -> sqlx::Result<Vec<SessionRow>> {
        let sql = self.sql(
            "SELECT token_hash, id, created_at, last_seen_at, ip, user_agent, method FROM sessions \
             WHERE user_id = $1 AND last_seen_at > $2 AND created_at > $3 ORDER BY created_at DESC, id",
        );
        sqlx::query_as(&sql).bind(user_id).bind(idle_since).bind(created_since).fetch_all(self.pool()).await
    }

    /// Ends the person's session with this public id; false when there is none.
    pub async fn delete_session_by_id<'e, E>(&self, ex: E, user_id: &str, id: &str) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("DELETE FROM sessions WHERE user_id = $1 AND id = $2");
        Ok(sqlx::query(&sql).bind(user_id).bind(id).execute(ex).await?.rows_affected() == 1)
    }

    /// The password (and second factor) were confirmed again in this session.
    pub async fn reauthenticated(&self, token_hash: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE sessions SET authenticated_at = $2 WHERE token_hash = $1");
        sqlx::query(&sql).bind(token_hash).bind(now).execute(self.pool()).await?;
        Ok(())
    }

    /// Removes sessions that can no longer be used.
    pub async fn purge_sessions(&self, idle_since: i64, created_since: i64) -> sqlx::Result<u64> {
        let sql = self.sql("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2");
        let r = sqlx::query(&sql).bind(idle_since).bind(created_since).execute(self.pool()).await?;
        Ok(r.rows_affected())
    }
}
