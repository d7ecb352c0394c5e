//! The security log: authentication events, append-only for the application (the retention
//! job deletes old entries).

use sqlx::{Any, Executor, FromRow};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct SecurityEventRow {
    pub id: String,
    pub user_id: Option<String>,
    pub email: Option<String>,
    pub login: String,
    pub kind: String,
    pub method: String,
    pub ip: String,
    pub user_agent: String,
    pub created_at: i64,
}

pub struct NewSecurityEvent<'a> {
    pub user_id: Option<&'a str>,
    pub login: &'a str,
    pub kind: &'a str,
    /// How a sign-in was made (`SignInMethod`); empty for other events.
    pub method: &'a str,
    pub ip: &'a str,
    pub user_agent: &'a str,
    pub at: i64,
}

/// Which entries to list, newest first.
#[derive(Debug, Default, Clone)]
pub struct SecurityFilter<'a> {
    pub user_id: Option<&'a str>,
    pub kind: Option<&'a str>,
    /// Part of the person's email address or of the typed login.
    pub who: Option<&'a str>,
    /// Entries older than this id (the previous page's last).
    pub before_id: Option<&'a str>,
    pub limit: i64,
}

impl Db {
    pub async fn record_security_event<'e, E>(&self, ex: E, e: &NewSecurityEvent<'_>) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO security_events (id, user_id, login, kind, method, ip, user_agent, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        );
        sqlx::query(&sql)
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(e.user_id)
            .bind(e.login)
            .bind(e.kind)
            .bind(e.method)
            .bind(e.ip)
            .bind(e.user_agent)
            .bind(e.at)
            .execute(ex)
            .await?;
        Ok(())
    }

    pub async fn security_events(&self, f: &SecurityFilter<'_>) -> sqlx::Result<Vec<SecurityEventRow>> {
        let sql = self.sql(
            "SELECT e.id, e.user_id, u.email, e.login, e.kind, e.method, e.ip, e.user_agent, e.created_at \
             FROM security_events e LEFT JOIN users u ON u.id = e.user_id \
             WHERE ($1 = '' OR e.user_id = $1) AND ($2 = '' OR e.kind = $2) \
               AND ($3 = '' OR e.login LIKE $3 ESCAPE '\\' OR u.email LIKE $3 ESCAPE '\\') \
               AND ($4 = '' OR e.id < $4) \
             ORDER BY e.id DESC LIMIT $5",
        );
        let who = f.who.map(super::accounts::like_pattern).unwrap_or_default();
        sqlx::query_as(&sql)
            .bind(f.user_id.unwrap_or(""))
            .bind(f.kind.unwrap_or(""))
            .bind(who)
            .bind(f.before_id.unwrap_or(""))
            .bind(f.limit)
            .fetch_all(self.pool())
            .await
    }

    pub async fn purge_security_events(&self, before: i64) -> sqlx::Result<u64> {
        let sql = self.sql("DELETE FROM security_events WHERE created_at <= $1");
        Ok(sqlx::query(&sql).bind(before).execute(self.pool()).await?.rows_affected())
    }
}
