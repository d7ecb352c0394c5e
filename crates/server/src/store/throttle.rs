//! Sign-in lockout and fixed-window rate limits, counted atomically in the database so that
//! parallel requests (and several app servers) share one count.

use super::Db;

/// What the lockout says about one sign-in attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Go ahead and check the password; this attempt is already counted as a failure.
    Allowed { failures: i64 },
    /// Locked until this Unix time.
    Locked { until: i64 },
}

impl Db {
    /// Counts one attempt for `key` before its password is checked. Attempts beyond `max` in
    /// `window` seconds lock the key for `lock` seconds.
    pub async fn begin_attempt(
        &self,
        key: &str,
        now: i64,
        window: i64,
        max: i64,
        lock: i64,
    ) -> sqlx::Result<Attempt> {
        let sql = self.sql(
            "INSERT INTO login_throttle (key, failures, window_start, locked_until) \
             VALUES ($1, 1, $2, 0) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.failures \
                               WHEN login_throttle.window_start <= $3 THEN 1 \
                               ELSE login_throttle.failures + 1 END, \
               window_start = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.window_start \
                                   WHEN login_throttle.window_start <= $3 THEN $2 \
                                   ELSE login_throttle.window_start END \
             RETURNING failures, locked_until",
        );
        let (failures, locked_until): (i64, i64) = sqlx::query_as(&sql)
            .bind(key)
            .bind(now)
            .bind(now - window)
            .fetch_one(self.pool())
            .await?;
        if locked_until > now {
            return Ok(Attempt::Locked { until: locked_until });
        }
        if failures > max {
            let until = now + lock;
            self.lock_key(key, until).await?;
            return Ok(Attempt::Locked { until });
        }
        Ok(Attempt::Allowed { failures })
    }

    /// After a failed attempt that reached the limit: the lock starts now.
    pub async fn lock_key(&self, key: &str, until: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "UPDATE login_throttle SET locked_until = $2 WHERE key = $1 AND locked_until < $2",
        );
        sqlx::query(&sql).bind(key).bind(until).execute(self.pool()).await?;
        Ok(())
    }

    /// Takes back one attempt counted by [`Db::begin_attempt`] whose password was never
    /// checked (the server was at capacity).
    pub async fn undo_attempt(&self, key: &str) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0");
        sqlx::query(&sql).bind(key).execute(self.pool()).await?;
        Ok(())
    }

    /// A successful sign-in forgets the failures.
    pub async fn clear_attempts(&self, key: &str) -> sqlx::Result<()> {
        let sql = self.sql("DELETE FROM login_throttle WHERE key = $1");
        sqlx::query(&sql).bind(key).execute(self.pool()).await?;
        Ok(())
    }

    /// Counts one hit of `key` in a fixed window of `window` seconds; true while the window
    /// has seen at most `limit` hits. One atomic statement.
    pub async fn rate_hit(&self, key: &str, now: i64, window: i64, limit: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO rate_limits (key, hits, window_start) VALUES ($1, 1, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
               window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 \
                                   ELSE rate_limits.window_start END \
             RETURNING hits",
        );
        let hits: i64 = sqlx::query_scalar(&sql)
            .bind(key)
            .bind(now)
            .bind(now - window)
            .fetch_one(self.pool())
            .await?;
        Ok(hits <= limit)
    }

    /// Takes `n` hits of `key`'s budget of `limit` per fixed window of `window` seconds, all
    /// or nothing: false (and nothing taken) when they do not fit. One atomic statement.
    pub async fn rate_take(&self, key: &str, now: i64, window: i64, limit: i64, n: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO rate_limits (key, hits, window_start) SELECT $1, $4, $2 WHERE $4 <= $5 \
             ON CONFLICT (key) DO UPDATE SET \
               hits = CASE WHEN rate_limits.window_start <= $3 THEN $4 ELSE rate_limits.hits + $4 END, \
               window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
             WHERE (CASE WHEN rate_limits.window_start <= $3 THEN $4 ELSE rate_limits.hits + $4 END) <= $5 \
             RETURNING hits",
        );
        let taken: Option<i64> = sqlx::query_scalar(&sql)
            .bind(key)
            .bind(now)
            .bind(now - window)
            .bind(n)
            .bind(limit)
            .fetch_optional(self.pool())
            .await?;
        Ok(taken.is_some())
    }

    /// Gives back `n` hits taken for work that did not happen (or, for sign-ins, succeeded).
    pub async fn rate_refund(&self, key: &str, n: i64) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE rate_limits SET hits = hits - $2 WHERE key = $1 AND hits >= $2");
        sqlx::query(&sql).bind(key).bind(n).execute(self.pool()).await?;
        Ok(())
    }

    /// Deletes throttle and rate-limit rows whose windows and locks are over: rows older than
    /// `before` (the longest window) that lock nothing any more.
    pub async fn purge_throttles(&self, now: i64, before: i64) -> sqlx::Result<u64> {
        let sql = self.sql("DELETE FROM login_throttle WHERE window_start <= $2 AND locked_until <= $1");
        let a = sqlx::query(&sql).bind(now).bind(before).execute(self.pool()).await?.rows_affected();
        let sql = self.sql("DELETE FROM rate_limits WHERE window_start <= $1");
        let b = sqlx::query(&sql).bind(before).execute(self.pool()).await?.rows_affected();
        Ok(a + b)
    }
}
