//! People who can sign in.

use sqlx::{Any, Executor, FromRow};

use super::Db;

/// The password hash of an account the operator locked: no password matches it, and no other
/// way of signing in opens the account.
pub const LOCKED_PASSWORD: &str = "!locked";

#[derive(Debug, Clone, FromRow)]
pub struct UserRow {
    pub id: String,
    pub account_id: String,
    pub email: String,
    pub email_verified_at: Option<i64>,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub country: String,
    pub street: String,
    pub city: String,
    pub postcode: String,
    pub phone: String,
    pub company: String,
    pub job_title: String,
    pub locale: String,
    /// Flags are 0 or 1 (see the migration).
    pub notify_product_updates: i64,
    pub notify_renewal_reminders: i64,
    pub notify_news: i64,
    pub created_at: i64,
    pub updated_at: i64,
    /// Works for the vendor (back office); 0 or 1.
    pub is_vendor_staff: i64,
    /// Lower case; a third name to sign in with.
    pub username: Option<String>,
}

pub const USER_COLUMNS: &str = "id, account_id, email, email_verified_at, password_hash, \
    first_name, last_name, country, street, city, postcode, phone, company, job_title, locale, \
    notify_product_updates, notify_renewal_reminders, notify_news, created_at, updated_at, \
    is_vendor_staff, username";

/// [`USER_COLUMNS`] of the `users` table aliased as `u`.
pub const USER_COLUMNS_U: &str = "u.id, u.account_id, u.email, u.email_verified_at, \
    u.password_hash, u.first_name, u.last_name, u.country, u.street, u.city, u.postcode, \
    u.phone, u.company, u.job_title, u.locale, u.notify_product_updates, \
    u.notify_renewal_reminders, u.notify_news, u.created_at, u.updated_at, u.is_vendor_staff, u.username";

#[derive(Debug, Clone)]
pub struct NewUser {
    pub id: String,
    pub account_id: String,
    pub email: String,
    pub email_verified_at: Option<i64>,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub country: String,
    pub locale: String,
    pub privacy_consent_at: i64,
    pub privacy_statement_version: String,
    pub created_at: i64,
}

/// The profile fields a `PATCH /me` changes: `None` leaves a field as it is, in the database
/// itself, so that two changes of different fields at the same moment both stay.
#[derive(Debug, Clone, Default)]
pub struct ProfileChange {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub country: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub postcode: Option<String>,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub job_title: Option<String>,
    pub locale: Option<String>,
    /// Product updates, renewal reminders, news.
    pub notifications: Option<(bool, bool, bool)>,
}

impl Db {
    pub async fn insert_user<'e, E>(&self, ex: E, u: &NewUser) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO users (id, account_id, email, email_verified_at, password_hash, \
             first_name, last_name, country, locale, privacy_consent_at, \
             privacy_statement_version, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)",
        );
        sqlx::query(&sql)
            .bind(&u.id)
            .bind(&u.account_id)
            .bind(&u.email)
            .bind(u.email_verified_at)
            .bind(&u.password_hash)
            .bind(&u.first_name)
            .bind(&u.last_name)
            .bind(&u.country)
            .bind(&u.locale)
            .bind(u.privacy_consent_at)
            .bind(&u.privacy_statement_version)
            .bind(u.created_at)
            .execute(ex)
            .await?;
        Ok(())
    }

    pub async fn user_by_id<'e, E>(&self, ex: E, id: &str) -> sqlx::Result<Option<UserRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"));
        sqlx::query_as::<_, UserRow>(&sql).bind(id).fetch_optional(ex).await
    }

    /// `username` must already be normalised (see `domain::Username`).
    pub async fn user_by_username(&self, username: &str) -> sqlx::Result<Option<UserRow>> {
        let sql = self.sql_owned(format!("SELECT {USER_COLUMNS} FROM users WHERE username = $1"));
        sqlx::query_as::<_, UserRow>(&sql).bind(username).fetch_optional(self.pool()).await
    }

    /// Sets or clears the username; false when another person has it.
    pub async fn set_username(&self, user_id: &str, username: Option<&str>, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql("UPDATE users SET username = $2, updated_at = $3 WHERE id = $1");
        match sqlx::query(&sql).bind(user_id).bind(username).bind(now).execute(self.pool()).await {
            Ok(_) => Ok(true),
            Err(e) if super::is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Sets a confirmed email address; false when another person has it.
    pub async fn set_email<'e, E>(&self, ex: E, user_id: &str, email: &str, now: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE users SET email = $2, email_verified_at = $3, updated_at = $3 WHERE id = $1");
        match sqlx::query(&sql).bind(user_id).bind(email).bind(now).execute(ex).await {
            Ok(_) => Ok(true),
            Err(e) if super::is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// `email` must already be normalised (see `domain::Email`).
    pub async fn user_by_email(&self, email: &str) -> sqlx::Result<Option<UserRow>> {
        self.user_by_email_in(self.pool(), email).await
    }

    /// [`Db::user_by_email`] inside a transaction.
    pub async fn user_by_email_in<'e, E>(&self, ex: E, email: &str) -> sqlx::Result<Option<UserRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"));
        sqlx::query_as::<_, UserRow>(&sql).bind(email).fetch_optional(ex).await
    }

    pub async fn user_by_account_id(&self, account_id: &str) -> sqlx::Result<Option<UserRow>> {
        let sql =
            self.sql_owned(format!("SELECT {USER_COLUMNS} FROM users WHERE account_id = $1"));
        sqlx::query_as::<_, UserRow>(&sql).bind(account_id).fetch_optional(self.pool()).await
    }

    pub async fn count_users(&self) -> sqlx::Result<i64> {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM users").fetch_one(self.pool()).await
    }

    pub async fn update_profile<'e, E>(&self, ex: E, id: &str, p: &ProfileChange, now: i64) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "UPDATE users SET first_name = COALESCE($2, first_name), last_name = COALESCE($3, last_name), \
             country = COALESCE($4, country), street = COALESCE($5, street), city = COALESCE($6, city), \
             postcode = COALESCE($7, postcode), phone = COALESCE($8, phone), company = COALESCE($9, company), \
             job_title = COALESCE($10, job_title), locale = COALESCE($11, locale), \
             notify_product_updates = COALESCE($12, notify_product_updates), \
             notify_renewal_reminders = COALESCE($13, notify_renewal_reminders), \
             notify_news = COALESCE($14, notify_news), updated_at = $15 WHERE id = $1",
        );
        let n = p.notifications;
        sqlx::query(&sql)
            .bind(id)
            .bind(&p.first_name)
            .bind(&p.last_name)
            .bind(&p.country)
            .bind(&p.street)
            .bind(&p.city)
            .bind(&p.postcode)
            .bind(&p.phone)
            .bind(&p.company)
            .bind(&p.job_title)
            .bind(&p.locale)
            .bind(n.map(|n| n.0 as i64))
            .bind(n.map(|n| n.1 as i64))
            .bind(n.map(|n| n.2 as i64))
            .bind(now)
            .execute(ex)
            .await?;
        Ok(())
    }

    pub async fn set_password_hash<'e, E>(
        &self,
        ex: E,
        id: &str,
        hash: &str,
        now: i64,
    ) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1");
        sqlx::query(&sql).bind(id).bind(hash).bind(now).execute(ex).await?;
        Ok(())
    }

    pub async fn mark_email_verified<'e, E>(&self, ex: E, id: &str, now: i64) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "UPDATE users SET email_verified_at = COALESCE(email_verified_at, $2), \
             updated_at = $2 WHERE id = $1",
        );
        sqlx::query(&sql).bind(id).bind(now).execute(ex).await?;
        Ok(())
    }

    pub async fn record_sign_in<'e, E>(&self, ex: E, id: &str, now: i64) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE users SET last_sign_in_at = $2 WHERE id = $1");
        sqlx::query(&sql).bind(id).bind(now).execute(ex).await?;
        Ok(())
    }

    /// Like [`Db::sql`] for statements assembled at run time.
    pub fn sql_owned(&self, sql: String) -> String {
        match self.kind() {
            super::DbKind::Postgres => sql,
            super::DbKind::Sqlite => sql.replace('$', "?"),
        }
    }
}

impl Db {
    /// Makes the account with this (normalised) email vendor staff; false if there is none.
    /// Makes every account with exactly this password hash unusable ([`LOCKED_PASSWORD`]: no
    /// password verifies against it, and passkeys are refused too) and ends its sessions.
    /// Returns how many.
    pub async fn lock_out_password_hash(&self, hash: &str) -> sqlx::Result<u64> {
        let mut tx = self.begin().await?;
        let sql = self.sql("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE password_hash = $1)");
        sqlx::query(&sql).bind(hash).execute(&mut *tx).await?;
        let sql = self.sql("UPDATE users SET password_hash = $2 WHERE password_hash = $1");
        let n = sqlx::query(&sql).bind(hash).bind(LOCKED_PASSWORD).execute(&mut *tx).await?.rows_affected();
        tx.commit().await?;
        Ok(n)
    }

    pub async fn grant_vendor_staff(&self, email: &str) -> sqlx::Result<bool> {
        let sql = self.sql("UPDATE users SET is_vendor_staff = 1 WHERE email = $1");
        Ok(sqlx::query(&sql).bind(email).execute(self.pool()).await?.rows_affected() == 1)
    }
}
