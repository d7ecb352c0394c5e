//! Signing keys every server shares, with ids, and leases for jobs one server at a time runs.

use super::Db;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct KeyRow {
    pub purpose: String,
    pub kid: String,
    pub secret: String,
    pub created_at: i64,
}

impl Db {
    /// Every stored key, oldest first.
    pub async fn signing_keys(&self) -> sqlx::Result<Vec<KeyRow>> {
        sqlx::query_as("SELECT purpose, kid, secret, created_at FROM signing_keys ORDER BY created_at, kid")
            .fetch_all(self.pool())
            .await
    }

    /// Stores the first key of a purpose, unless one exists (the first server to start wins).
    pub async fn create_first_key(&self, purpose: &str, secret: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO signing_keys (purpose, kid, secret, created_at) \
             SELECT $1, 'k1', $2, $3 WHERE NOT EXISTS (SELECT 1 FROM signing_keys WHERE purpose = $1) \
             ON CONFLICT (purpose, kid) DO NOTHING",
        );
        sqlx::query(&sql).bind(purpose).bind(secret).bind(now).execute(self.pool()).await?;
        Ok(())
    }

    /// Adds a newer key of the purpose (it signs from now on); with `revoke_old`, the
    /// earlier ones are deleted so that what they signed no longer verifies. Returns the new id.
    pub async fn rotate_key(&self, purpose: &str, secret: &str, now: i64, revoke_old: bool) -> sqlx::Result<String> {
        let mut tx = self.begin().await?;
        let sql = self.sql("SELECT kid FROM signing_keys WHERE purpose = $1");
        let kids: Vec<String> = sqlx::query_scalar(&sql).bind(purpose).fetch_all(&mut *tx).await?;
        let next = kids.iter().filter_map(|k| k.strip_prefix('k')?.parse::<u64>().ok()).max().unwrap_or(0) + 1;
        let kid = format!("k{next}");
        // Strictly newer than every stored key, whatever the clocks of the servers say.
        let sql = self.sql(
            "INSERT INTO signing_keys (purpose, kid, secret, created_at) \
             SELECT $1, $2, $3, MAX($4, COALESCE(MAX(created_at), 0) + 1) FROM signing_keys WHERE purpose = $1",
        );
        let sql = match self.kind() {
            super::DbKind::Postgres => sql.replace("MAX($4,", "GREATEST($4,").into(),
            super::DbKind::Sqlite => sql,
        };
        sqlx::query(&sql).bind(purpose).bind(&kid).bind(secret).bind(now).execute(&mut *tx).await?;
        if revoke_old {
            let sql = self.sql("DELETE FROM signing_keys WHERE purpose = $1 AND kid <> $2");
            sqlx::query(&sql).bind(purpose).bind(&kid).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(kid)
    }

    /// Claims the job `name` for `lease` seconds if it is due (not run in the last `every`
    /// seconds) and nobody holds it. True when this caller got it.
    pub async fn claim_job(&self, name: &str, now: i64, every: i64, lease: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE job_leases SET locked_until = $2 + $4, last_run_at = $2 \
             WHERE name = $1 AND locked_until <= $2 AND last_run_at <= $2 - $3",
        );
        let r = sqlx::query(&sql).bind(name).bind(now).bind(every).bind(lease).execute(self.pool()).await?;
        Ok(r.rows_affected() == 1)
    }

    /// Gives the job back before its lease ends.
    pub async fn release_job(&self, name: &str) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE job_leases SET locked_until = 0 WHERE name = $1");
        sqlx::query(&sql).bind(name).execute(self.pool()).await?;
        Ok(())
    }
}
