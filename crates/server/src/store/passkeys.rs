//! Passkeys (WebAuthn credentials), the user handles the authenticators keep, and the
//! ceremonies under way.

use sqlx::{Any, Executor, FromRow};

use super::{Db, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct PasskeyRow {
    pub id: String,
    pub user_id: String,
    pub credential_id: String,
    pub name: String,
    /// webauthn-rs's `Passkey`, as JSON.
    pub credential: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

const COLUMNS: &str = "id, user_id, credential_id, name, credential, created_at, last_used_at";

/// The server's half of a ceremony, taken back to finish it.
#[derive(Debug, Clone, FromRow)]
pub struct CeremonyRow {
    pub user_id: Option<String>,
    pub state: String,
}

impl Db {
    /// The person's WebAuthn user handle, made (from `new`) on first use.
    pub async fn webauthn_handle(&self, user_id: &str, new: &str) -> sqlx::Result<String> {
        let sql = self.sql("INSERT INTO webauthn_handles (user_id, handle) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING");
        sqlx::query(&sql).bind(user_id).bind(new).execute(self.pool()).await?;
        let sql = self.sql("SELECT handle FROM webauthn_handles WHERE user_id = $1");
        sqlx::query_scalar(&sql).bind(user_id).fetch_one(self.pool()).await
    }

    /// Whose handle this is.
    pub async fn user_of_webauthn_handle(&self, handle: &str) -> sqlx::Result<Option<String>> {
        let sql = self.sql("SELECT user_id FROM webauthn_handles WHERE handle = $1");
        sqlx::query_scalar(&sql).bind(handle).fetch_optional(self.pool()).await
    }

    /// The person's passkeys, oldest first.
    pub async fn passkeys_of<'e, E>(&self, ex: E, user_id: &str) -> sqlx::Result<Vec<PasskeyRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!("SELECT {COLUMNS} FROM passkeys WHERE user_id = $1 ORDER BY created_at, id"));
        sqlx::query_as(&sql).bind(user_id).fetch_all(ex).await
    }

    pub async fn passkey_count<'e, E>(&self, ex: E, user_id: &str) -> sqlx::Result<i64>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("SELECT COUNT(*) FROM passkeys WHERE user_id = $1");
        sqlx::query_scalar(&sql).bind(user_id).fetch_one(ex).await
    }

    /// The passkey with this credential id (base64url), whoever it belongs to.
    pub async fn passkey_by_credential(&self, credential_id: &str) -> sqlx::Result<Option<PasskeyRow>> {
        let sql = self.sql_owned(format!("SELECT {COLUMNS} FROM passkeys WHERE credential_id = $1"));
        sqlx::query_as(&sql).bind(credential_id).fetch_optional(self.pool()).await
    }

    /// Keeps a new passkey; false when its credential is registered already (to anyone).
    pub async fn insert_passkey(&self, tx: &mut Tx, row: &PasskeyRow) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO passkeys (id, user_id, credential_id, name, credential, created_at, last_used_at) \
             VALUES ($1, $2, $3, $4, $5, $6, NULL) ON CONFLICT (credential_id) DO NOTHING",
        );
        let done = sqlx::query(&sql)
            .bind(&row.id)
            .bind(&row.user_id)
            .bind(&row.credential_id)
            .bind(&row.name)
            .bind(&row.credential)
            .bind(row.created_at)
            .execute(&mut **tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Renames one of the person's passkeys (false: not theirs, or gone).
    pub async fn rename_passkey(&self, user_id: &str, id: &str, name: &str) -> sqlx::Result<bool> {
        let sql = self.sql("UPDATE passkeys SET name = $3 WHERE user_id = $1 AND id = $2");
        Ok(sqlx::query(&sql).bind(user_id).bind(id).bind(name).execute(self.pool()).await?.rows_affected() == 1)
    }

    /// Removes one of the person's passkeys; its name, or `None` when it was not theirs.
    pub async fn delete_passkey(&self, tx: &mut Tx, user_id: &str, id: &str) -> sqlx::Result<Option<String>> {
        let sql = self.sql("DELETE FROM passkeys WHERE user_id = $1 AND id = $2 RETURNING name");
        sqlx::query_scalar(&sql).bind(user_id).bind(id).fetch_optional(&mut **tx).await
    }

    /// A sign-in with the passkey: its new state (signature counter, backup flags) and when.
    pub async fn passkey_used(&self, id: &str, credential: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE passkeys SET credential = $2, last_used_at = $3 WHERE id = $1");
        sqlx::query(&sql).bind(id).bind(credential).bind(now).execute(self.pool()).await?;
        Ok(())
    }

    /// Keeps the server's half of a ceremony until `expires_at`.
    pub async fn put_ceremony(
        &self,
        token_hash: &str,
        user_id: Option<&str>,
        purpose: &str,
        state: &str,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO webauthn_ceremonies (token_hash, user_id, purpose, state, expires_at) VALUES ($1, $2, $3, $4, $5)",
        );
        sqlx::query(&sql).bind(token_hash).bind(user_id).bind(purpose).bind(state).bind(expires_at).execute(self.pool()).await?;
        Ok(())
    }

    /// Takes a live ceremony of `purpose` (once: a second call finds nothing).
    pub async fn take_ceremony(&self, token_hash: &str, purpose: &str, now: i64) -> sqlx::Result<Option<CeremonyRow>> {
        let sql = self.sql("DELETE FROM webauthn_ceremonies WHERE token_hash = $1 RETURNING user_id, state, purpose, expires_at");
        let row: Option<(Option<String>, String, String, i64)> =
            sqlx::query_as(&sql).bind(token_hash).fetch_optional(self.pool()).await?;
        Ok(row
            .filter(|(_, _, p, expires_at)| p == purpose && *expires_at > now)
            .map(|(user_id, state, _, _)| CeremonyRow { user_id, state }))
    }
}
