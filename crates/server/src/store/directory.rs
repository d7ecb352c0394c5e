//! Directory sync (SCIM) storage: the SCIM users of an account, its tokens and request log,
//! and its sync settings (migration 0022).

use sqlx::FromRow;

use super::{Db, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct ScimUserRow {
    pub account_id: String,
    pub user_id: String,
    pub user_name: String,
    pub external_id: Option<String>,
    pub active: i64,
    pub resource: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const SCIM_USER: &str =
    "SELECT account_id, user_id, user_name, external_id, active, resource, version, created_at, updated_at FROM scim_users";

#[derive(Debug, Clone, FromRow)]
pub struct ScimTokenRow {
    pub id: String,
    pub name: String,
    pub hint: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct ScimRequestRow {
    pub id: i64,
    pub at: i64,
    pub method: String,
    pub path: String,
    pub status: i64,
    pub outcome: String,
    pub detail: String,
}

#[derive(Debug, Clone, Copy)]
pub struct SyncSettings {
    pub allowed: bool,
    pub on: bool,
    pub linked_sign_in: bool,
}

pub struct NewScimUser<'a> {
    pub account_id: &'a str,
    pub user_id: &'a str,
    pub user_name: &'a str,
    pub external_id: Option<&'a str>,
    pub active: bool,
    pub resource: &'a str,
    pub emails: &'a [(String, String)],
    pub now: i64,
}

impl Db {
    /// Whether the person was added by the directory of an account that signs its people in
    /// with linked accounts (and has sync on).
    pub async fn directory_linked_member(&self, user_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql(
            "SELECT COUNT(*) FROM scim_users su JOIN accounts a ON a.id = su.account_id \
             WHERE su.user_id = $1 AND a.directory_sync_on = 1 AND a.directory_linked_sign_in = 1",
        );
        let n: i64 = sqlx::query_scalar(&sql).bind(user_id).fetch_one(self.pool()).await?;
        Ok(n > 0)
    }

    pub async fn sync_settings(&self, account_id: &str) -> sqlx::Result<Option<SyncSettings>> {
        let sql = self.sql("SELECT directory_sync_allowed, directory_sync_on, directory_linked_sign_in FROM accounts WHERE id = $1");
        let row: Option<(i64, i64, i64)> = sqlx::query_as(&sql).bind(account_id).fetch_optional(self.pool()).await?;
        Ok(row.map(|(a, o, l)| SyncSettings { allowed: a != 0, on: o != 0, linked_sign_in: l != 0 }))
    }

    pub async fn set_sync_allowed(&self, tx: &mut Tx, account_id: &str, allowed: bool) -> sqlx::Result<u64> {
        // Withdrawing the permission turns sync off too.
        let sql = self.sql(
            "UPDATE accounts SET directory_sync_allowed = $2, \
             directory_sync_on = CASE WHEN $2 = 1 THEN directory_sync_on ELSE 0 END WHERE id = $1",
        );
        Ok(sqlx::query(&sql).bind(account_id).bind(allowed as i64).execute(&mut **tx).await?.rows_affected())
    }

    pub async fn set_sync_on(&self, tx: &mut Tx, account_id: &str, on: bool, linked_sign_in: bool) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE accounts SET directory_sync_on = $2, directory_linked_sign_in = $3 WHERE id = $1");
        sqlx::query(&sql).bind(account_id).bind(on as i64).bind(linked_sign_in as i64).execute(&mut **tx).await?;
        Ok(())
    }

    // ---- tokens -----------------------------------------------------------------------------

    pub async fn insert_scim_token(&self, tx: &mut Tx, id: &str, account_id: &str, name: &str, hash: &str, hint: &str, by: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO scim_tokens (id, account_id, name, token_hash, hint, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        );
        sqlx::query(&sql).bind(id).bind(account_id).bind(name).bind(hash).bind(hint).bind(by).bind(now).execute(&mut **tx).await?;
        Ok(())
    }

    pub async fn scim_tokens(&self, account_id: &str) -> sqlx::Result<Vec<ScimTokenRow>> {
        let sql = self.sql(
            "SELECT id, name, hint, created_at, last_used_at, revoked_at FROM scim_tokens WHERE account_id = $1 \
             ORDER BY created_at DESC, id",
        );
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    pub async fn revoke_scim_token(&self, tx: &mut Tx, account_id: &str, id: &str, now: i64) -> sqlx::Result<Option<String>> {
        let sql = self.sql("UPDATE scim_tokens SET revoked_at = $3 WHERE account_id = $1 AND id = $2 AND revoked_at IS NULL");
        if sqlx::query(&sql).bind(account_id).bind(id).bind(now).execute(&mut **tx).await?.rows_affected() == 0 {
            return Ok(None);
        }
        let sql = self.sql("SELECT name FROM scim_tokens WHERE id = $1");
        sqlx::query_scalar(&sql).bind(id).fetch_optional(&mut **tx).await
    }

    /// The token's id when it is a live token of this account with sync on; its last use is
    /// written (at most once a minute).
    pub async fn use_scim_token(&self, account_id: &str, hash: &str, now: i64) -> sqlx::Result<Option<String>> {
        let sql = self.sql(
            "SELECT t.id, t.last_used_at FROM scim_tokens t JOIN accounts a ON a.id = t.account_id \
             WHERE t.token_hash = $1 AND t.account_id = $2 AND t.revoked_at IS NULL \
             AND (a.directory_sync_allowed = 1 OR a.premium_since IS NOT NULL) AND a.directory_sync_on = 1",
        );
        let row: Option<(String, Option<i64>)> = sqlx::query_as(&sql).bind(hash).bind(account_id).fetch_optional(self.pool()).await?;
        let Some((id, last)) = row else { return Ok(None) };
        if last.is_none_or(|l| now - l >= 60) {
            let sql = self.sql("UPDATE scim_tokens SET last_used_at = $2 WHERE id = $1");
            sqlx::query(&sql).bind(&id).bind(now).execute(self.pool()).await?;
        }
        Ok(Some(id))
    }

    // ---- the request log -------------------------------------------------------------------

    /// Logs one request and keeps the newest 100 of the account.
    pub async fn log_scim_request(&self, account_id: &str, at: i64, method: &str, path: &str, status: u16, outcome: &str, detail: &str) -> sqlx::Result<()> {
        let mut tx = self.begin().await?;
        let sql = self.sql(
            "INSERT INTO scim_requests (account_id, at, method, path, status, outcome, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        );
        sqlx::query(&sql)
            .bind(account_id)
            .bind(at)
            .bind(method)
            .bind(path)
            .bind(status as i64)
            .bind(outcome)
            .bind(detail.chars().take(500).collect::<String>())
            .execute(&mut *tx)
            .await?;
        let sql = self.sql(
            "DELETE FROM scim_requests WHERE account_id = $1 AND id <= \
             (SELECT id FROM scim_requests WHERE account_id = $1 ORDER BY id DESC LIMIT 1 OFFSET 100)",
        );
        sqlx::query(&sql).bind(account_id).execute(&mut *tx).await?;
        tx.commit().await
    }

    pub async fn scim_requests(&self, account_id: &str) -> sqlx::Result<Vec<ScimRequestRow>> {
        let sql = self.sql(
            "SELECT id, at, method, path, status, outcome, detail FROM scim_requests WHERE account_id = $1 ORDER BY id DESC LIMIT 100",
        );
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    // ---- users ---------------------------------------------------------------------------------

    pub async fn insert_scim_user(&self, tx: &mut Tx, u: &NewScimUser<'_>) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO scim_users (account_id, user_id, user_name, user_name_key, external_id, active, resource, version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)",
        );
        sqlx::query(&sql)
            .bind(u.account_id)
            .bind(u.user_id)
            .bind(u.user_name)
            .bind(u.user_name.to_lowercase())
            .bind(u.external_id)
            .bind(u.active as i64)
            .bind(u.resource)
            .bind(u.now)
            .execute(&mut **tx)
            .await?;
        self.set_scim_emails(tx, u.account_id, u.user_id, u.emails).await
    }

    /// Replaces the stored resource; false when the version is not `expected` any more.
    pub async fn update_scim_user(&self, tx: &mut Tx, u: &NewScimUser<'_>, expected: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE scim_users SET user_name = $3, user_name_key = $4, external_id = $5, active = $6, resource = $7, \
             version = version + 1, updated_at = $8 WHERE account_id = $1 AND user_id = $2 AND version = $9",
        );
        let n = sqlx::query(&sql)
            .bind(u.account_id)
            .bind(u.user_id)
            .bind(u.user_name)
            .bind(u.user_name.to_lowercase())
            .bind(u.external_id)
            .bind(u.active as i64)
            .bind(u.resource)
            .bind(u.now)
            .bind(expected)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        if n == 1 {
            self.set_scim_emails(tx, u.account_id, u.user_id, u.emails).await?;
        }
        Ok(n == 1)
    }

    async fn set_scim_emails(&self, tx: &mut Tx, account_id: &str, user_id: &str, emails: &[(String, String)]) -> sqlx::Result<()> {
        let sql = self.sql("DELETE FROM scim_user_emails WHERE account_id = $1 AND user_id = $2");
        sqlx::query(&sql).bind(account_id).bind(user_id).execute(&mut **tx).await?;
        let sql = self.sql(
            "INSERT INTO scim_user_emails (account_id, user_id, value_key, type) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (account_id, user_id, value_key, type) DO NOTHING",
        );
        for (value, kind) in emails {
            sqlx::query(&sql).bind(account_id).bind(user_id).bind(value.to_lowercase()).bind(kind.to_lowercase()).execute(&mut **tx).await?;
        }
        Ok(())
    }

    pub async fn scim_user<'e, E>(&self, ex: E, account_id: &str, user_id: &str) -> sqlx::Result<Option<ScimUserRow>>
    where
        E: sqlx::Executor<'e, Database = sqlx::Any>,
    {
        let sql = self.sql_owned(format!("{SCIM_USER} WHERE account_id = $1 AND user_id = $2"));
        sqlx::query_as(&sql).bind(account_id).bind(user_id).fetch_optional(ex).await
    }

    /// Candidates of a list: by an indexed equality when the filter has one, else all of the
    /// account's SCIM users (in creation order).
    pub async fn scim_users_by(&self, account_id: &str, by: ScimLookup<'_>) -> sqlx::Result<Vec<ScimUserRow>> {
        let (cond, value) = match by {
            ScimLookup::All => ("1 = 1", String::new()),
            ScimLookup::UserName(v) => ("user_name_key = $2", v.to_lowercase()),
            ScimLookup::ExternalId(v) => ("external_id = $2", v.to_string()),
            ScimLookup::Id(v) => ("user_id = $2", v.to_string()),
            ScimLookup::Email(v) => (
                "user_id IN (SELECT user_id FROM scim_user_emails e WHERE e.account_id = $1 AND e.value_key = $2)",
                v.to_lowercase(),
            ),
        };
        let sql = self.sql_owned(format!(
            "{SCIM_USER} WHERE account_id = $1 AND {cond} AND ($2 = $2) ORDER BY created_at, user_id"
        ));
        sqlx::query_as(&sql).bind(account_id).bind(value).fetch_all(self.pool()).await
    }

    /// The SCIM user ids of the account among `ids`.
    pub async fn scim_user_ids_among(&self, tx: &mut Tx, account_id: &str, ids: &[String]) -> sqlx::Result<Vec<String>> {
        let mut out = Vec::new();
        let sql = self.sql("SELECT user_id FROM scim_users WHERE account_id = $1 AND user_id = $2");
        for id in ids {
            if let Some(u) = sqlx::query_scalar::<_, String>(&sql).bind(account_id).bind(id).fetch_optional(&mut **tx).await? {
                out.push(u);
            }
        }
        Ok(out)
    }

    /// (group id, name) of the teams a member is in.
    pub async fn groups_of<'e, E>(&self, ex: E, account_id: &str, user_id: &str) -> sqlx::Result<Vec<(String, String)>>
    where
        E: sqlx::Executor<'e, Database = sqlx::Any>,
    {
        let sql = self.sql(
            "SELECT t.id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id \
             WHERE tm.account_id = $1 AND tm.user_id = $2 ORDER BY t.name",
        );
        sqlx::query_as(&sql).bind(account_id).bind(user_id).fetch_all(ex).await
    }

    /// (user id, display name) of a team's members who are SCIM users.
    pub async fn group_members<'e, E>(&self, ex: E, team_id: &str) -> sqlx::Result<Vec<(String, String)>>
    where
        E: sqlx::Executor<'e, Database = sqlx::Any>,
    {
        let sql = self.sql(
            "SELECT tm.user_id, su.user_name FROM team_members tm \
             JOIN scim_users su ON su.account_id = tm.account_id AND su.user_id = tm.user_id \
             WHERE tm.team_id = $1 ORDER BY tm.joined_at, tm.user_id",
        );
        sqlx::query_as(&sql).bind(team_id).fetch_all(ex).await
    }

    pub async fn set_suspended(&self, tx: &mut Tx, account_id: &str, user_id: &str, at: Option<i64>) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE memberships SET suspended_at = $3 WHERE account_id = $1 AND user_id = $2");
        sqlx::query(&sql).bind(account_id).bind(user_id).bind(at).execute(&mut **tx).await?;
        Ok(())
    }

    /// Takes every seat of a member (suspension): the subscriptions freed.
    pub async fn drop_all_seats(&self, tx: &mut Tx, account_id: &str, user_id: &str) -> sqlx::Result<Vec<String>> {
        let sql = self.sql("SELECT subscription_id FROM assignments WHERE account_id = $1 AND user_id = $2 ORDER BY subscription_id");
        let subs: Vec<String> = sqlx::query_scalar(&sql).bind(account_id).bind(user_id).fetch_all(&mut **tx).await?;
        for s in &subs {
            self.lock_subscription(tx, s).await?;
            self.delete_assignment(&mut **tx, s, user_id).await?;
        }
        Ok(subs)
    }

    // ---- groups --------------------------------------------------------------------------------

    pub async fn insert_synced_team(&self, tx: &mut Tx, id: &str, account_id: &str, name: &str, external_id: Option<&str>, now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO teams (id, account_id, name, created_at, external_id, synced, version, updated_at) \
             VALUES ($1, $2, $3, $4, $5, 1, 1, $4)",
        );
        sqlx::query(&sql).bind(id).bind(account_id).bind(name).bind(now).bind(external_id).execute(&mut **tx).await?;
        Ok(())
    }

    /// Sets a synced team's name and external id and bumps its version (taking its row lock);
    /// false when the version is not `expected` (when given).
    pub async fn touch_team(&self, tx: &mut Tx, account_id: &str, id: &str, name: &str, external_id: Option<&str>, now: i64, expected: Option<i64>) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE teams SET name = $3, external_id = $4, version = version + 1, updated_at = $5 \
             WHERE account_id = $1 AND id = $2 AND synced = 1 AND ($6 < 0 OR version = $6)",
        );
        Ok(sqlx::query(&sql)
            .bind(account_id)
            .bind(id)
            .bind(name)
            .bind(external_id)
            .bind(now)
            .bind(expected.unwrap_or(-1))
            .execute(&mut **tx)
            .await?
            .rows_affected()
            == 1)
    }

    /// Bumps the version of every team the member is in (their member list changed).
    pub async fn touch_teams_of(&self, tx: &mut Tx, account_id: &str, user_id: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "UPDATE teams SET version = version + 1, updated_at = $3 WHERE account_id = $1 AND id IN \
             (SELECT team_id FROM team_members WHERE account_id = $1 AND user_id = $2)",
        );
        sqlx::query(&sql).bind(account_id).bind(user_id).bind(now).execute(&mut **tx).await?;
        Ok(())
    }

    pub async fn synced_teams(&self, account_id: &str, by: ScimLookup<'_>) -> sqlx::Result<Vec<super::accounts::TeamRow>> {
        let (cond, value) = match by {
            ScimLookup::All => ("1 = 1", String::new()),
            ScimLookup::UserName(v) => ("lower(t.name) = $2", v.to_lowercase()),
            ScimLookup::ExternalId(v) => ("t.external_id = $2", v.to_string()),
            ScimLookup::Id(v) => ("t.id = $2", v.to_string()),
            ScimLookup::Email(_) => ("1 = 0", String::new()),
        };
        // Without the member count (SCIM does not show it): counting a group of 10,000 on every
        // PATCH would make adding one member grow with the group.
        let sql = self.sql_owned(format!(
            "SELECT t.id, t.name, 0 AS member_count, t.synced, t.external_id, t.version, t.created_at, t.updated_at \
             FROM teams t WHERE t.account_id = $1 AND t.synced = 1 AND {cond} AND ($2 = $2) ORDER BY t.created_at, t.id"
        ));
        sqlx::query_as(&sql).bind(account_id).bind(value).fetch_all(self.pool()).await
    }

    pub async fn team_name_taken(&self, tx: &mut Tx, account_id: &str, name: &str, except: &str) -> sqlx::Result<bool> {
        let sql = self.sql("SELECT COUNT(*) FROM teams WHERE account_id = $1 AND lower(name) = $2 AND id <> $3");
        let n: i64 = sqlx::query_scalar(&sql).bind(account_id).bind(name.to_lowercase()).bind(except).fetch_one(&mut **tx).await?;
        Ok(n > 0)
    }
}

/// How to narrow a list before its filter is applied.
#[derive(Debug, Clone, Copy)]
pub enum ScimLookup<'a> {
    All,
    /// `userName` of users, `displayName` of groups.
    UserName(&'a str),
    ExternalId(&'a str),
    Id(&'a str),
    Email(&'a str),
}
