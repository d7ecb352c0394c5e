//! 2-step verification: authenticator secrets, recovery codes, sign-in challenges, remembered
//! and known browsers.

use sqlx::{Any, Executor, FromRow};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct TotpRow {
    pub secret: String,
    pub enabled_at: Option<i64>,
    pub last_step: i64,
}

impl Db {
    pub async fn totp_of<'e, E>(&self, ex: E, user_id: &str) -> sqlx::Result<Option<TotpRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("SELECT secret, enabled_at, last_step FROM user_totp WHERE user_id = $1");
        sqlx::query_as(&sql).bind(user_id).fetch_optional(ex).await
    }

    /// Whether the person has 2-step verification on.
    pub async fn two_step_enabled<'e, E>(&self, ex: E, user_id: &str) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        Ok(self.totp_of(ex, user_id).await?.is_some_and(|t| t.enabled_at.is_some()))
    }

    /// Whether the person must have 2-step verification: vendor staff always, members of an
    /// account that requires it.
    pub async fn two_step_required<'e, E>(&self, ex: E, user_id: &str) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "SELECT COUNT(*) FROM users u WHERE u.id = $1 AND (u.is_vendor_staff = 1 OR EXISTS \
             (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.user_id = u.id AND a.require_two_step = 1))",
        );
        Ok(sqlx::query_scalar::<_, i64>(&sql).bind(user_id).fetch_one(ex).await? > 0)
    }

    /// Starts a setup with a new secret (not yet enabled). Refused (false) while one is enabled.
    pub async fn start_totp_setup(&self, user_id: &str, secret: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO user_totp (user_id, secret, enabled_at, last_step, created_at) VALUES ($1, $2, NULL, 0, $3) \
             ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, last_step = 0, created_at = excluded.created_at \
             WHERE user_totp.enabled_at IS NULL",
        );
        let r = sqlx::query(&sql).bind(user_id).bind(secret).bind(now).execute(self.pool()).await?;
        Ok(r.rows_affected() == 1)
    }

    /// Marks the step of a code as used, if it is newer than the last one used (false: the
    /// code was used already, perhaps at the same moment by another request).
    pub async fn use_totp_step<'e, E>(&self, ex: E, user_id: &str, step: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2");
        Ok(sqlx::query(&sql).bind(user_id).bind(step).execute(ex).await?.rows_affected() == 1)
    }

    /// Turns a confirmed setup on.
    pub async fn enable_totp<'e, E>(&self, ex: E, user_id: &str, now: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE user_totp SET enabled_at = $2 WHERE user_id = $1 AND enabled_at IS NULL");
        Ok(sqlx::query(&sql).bind(user_id).bind(now).execute(ex).await?.rows_affected() == 1)
    }

    /// Removes the authenticator, the recovery codes, the phone for codes by text message and
    /// the remembered browsers.
    pub async fn remove_two_step(&self, tx: &mut super::Tx, user_id: &str) -> sqlx::Result<()> {
        for table in ["user_totp", "recovery_codes", "user_phones", "text_codes", "trusted_browsers"] {
            let sql = self.sql_owned(format!("DELETE FROM {table} WHERE user_id = $1"));
            sqlx::query(&sql).bind(user_id).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Replaces the recovery codes of the person with these hashes.
    pub async fn replace_recovery_codes(&self, tx: &mut super::Tx, user_id: &str, hashes: &[String], now: i64) -> sqlx::Result<()> {
        let sql = self.sql("DELETE FROM recovery_codes WHERE user_id = $1");
        sqlx::query(&sql).bind(user_id).execute(&mut **tx).await?;
        let sql = self.sql("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)");
        for h in hashes {
            sqlx::query(&sql).bind(user_id).bind(h).bind(now).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Uses an unused recovery code (false: unknown or used).
    pub async fn use_recovery_code<'e, E>(&self, ex: E, user_id: &str, hash: &str, now: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "UPDATE recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL",
        );
        Ok(sqlx::query(&sql).bind(user_id).bind(hash).bind(now).execute(ex).await?.rows_affected() == 1)
    }

    pub async fn recovery_codes_left(&self, user_id: &str) -> sqlx::Result<i64> {
        let sql = self.sql("SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL");
        sqlx::query_scalar(&sql).bind(user_id).fetch_one(self.pool()).await
    }

    // -- The second step of a sign-in ------------------------------------------------------

    pub async fn insert_challenge(&self, token_hash: &str, user_id: &str, now: i64, expires_at: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO sign_in_challenges (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        );
        sqlx::query(&sql).bind(token_hash).bind(user_id).bind(now).bind(expires_at).execute(self.pool()).await?;
        Ok(())
    }

    /// The person and expiry of a live challenge.
    pub async fn live_challenge(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<(String, i64)>> {
        let sql = self.sql("SELECT user_id, expires_at FROM sign_in_challenges WHERE token_hash = $1 AND expires_at > $2");
        sqlx::query_as(&sql).bind(token_hash).bind(now).fetch_optional(self.pool()).await
    }

    /// Counts a wrong code; the challenge ends at `max` failures. True while it lives.
    pub async fn fail_challenge(&self, token_hash: &str, max: i64) -> sqlx::Result<bool> {
        let sql = self.sql("UPDATE sign_in_challenges SET failures = failures + 1 WHERE token_hash = $1");
        sqlx::query(&sql).bind(token_hash).execute(self.pool()).await?;
        let sql = self.sql("DELETE FROM sign_in_challenges WHERE token_hash = $1 AND failures >= $2");
        Ok(sqlx::query(&sql).bind(token_hash).bind(max).execute(self.pool()).await?.rows_affected() == 0)
    }

    /// Ends a challenge; false when it was gone already (used by a parallel request).
    pub async fn take_challenge<'e, E>(&self, ex: E, token_hash: &str) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("DELETE FROM sign_in_challenges WHERE token_hash = $1");
        Ok(sqlx::query(&sql).bind(token_hash).execute(ex).await?.rows_affected() == 1)
    }

    // -- Remembered browsers ---------------------------------------------------------------

    pub async fn remember_browser<'e, E>(&self, ex: E, token_hash: &str, user_id: &str, now: i64, expires_at: i64) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO trusted_browsers (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        );
        sqlx::query(&sql).bind(token_hash).bind(user_id).bind(now).bind(expires_at).execute(ex).await?;
        Ok(())
    }

    pub async fn is_trusted_browser(&self, token_hash: &str, user_id: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "SELECT COUNT(*) FROM trusted_browsers WHERE token_hash = $1 AND user_id = $2 AND expires_at > $3",
        );
        Ok(sqlx::query_scalar::<_, i64>(&sql).bind(token_hash).bind(user_id).bind(now).fetch_one(self.pool()).await? > 0)
    }

    pub async fn trusted_browser_count(&self, user_id: &str, now: i64) -> sqlx::Result<i64> {
        let sql = self.sql("SELECT COUNT(*) FROM trusted_browsers WHERE user_id = $1 AND expires_at > $2");
        sqlx::query_scalar(&sql).bind(user_id).bind(now).fetch_one(self.pool()).await
    }

    /// Forgets every remembered browser of the person (a password change, say).
    pub async fn forget_browsers<'e, E>(&self, ex: E, user_id: &str) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("DELETE FROM trusted_browsers WHERE user_id = $1");
        sqlx::query(&sql).bind(user_id).execute(ex).await?;
        Ok(())
    }

    /// Notes a browser the person signed in from. Returns (new to this person, the person had
    /// signed in from another browser before).
    pub async fn note_browser(&self, tx: &mut super::Tx, user_id: &str, fingerprint: &str, now: i64) -> sqlx::Result<(bool, bool)> {
        let sql = self.sql("SELECT COUNT(*) FROM known_browsers WHERE user_id = $1");
        let before: i64 = sqlx::query_scalar(&sql).bind(user_id).fetch_one(&mut **tx).await?;
        let sql = self.sql(
            "INSERT INTO known_browsers (user_id, fingerprint, first_seen) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id, fingerprint) DO NOTHING",
        );
        let new = sqlx::query(&sql).bind(user_id).bind(fingerprint).bind(now).execute(&mut **tx).await?.rows_affected() == 1;
        Ok((new, before > 0))
    }

    /// Removes challenges and remembered browsers whose time is up.
    pub async fn purge_two_step(&self, now: i64) -> sqlx::Result<u64> {
        let mut n = 0;
        for table in ["sign_in_challenges", "trusted_browsers", "webauthn_ceremonies", "oidc_flows", "oidc_pending"] {
            let sql = self.sql_owned(format!("DELETE FROM {table} WHERE expires_at <= $1"));
            n += sqlx::query(&sql).bind(now).execute(self.pool()).await?.rows_affected();
        }
        Ok(n)
    }
}
