//! Help links, published product updates and their notices, home page visits and queue counts.

use sqlx::FromRow;

use super::{users::UserRow, Db, DbKind, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct HelpLinkRow {
    pub id: String,
    pub locale: String,
    pub title: String,
    pub url: String,
    pub description: String,
    pub position: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct UpdateRow {
    pub id: String,
    pub product_id: String,
    pub product_code: String,
    pub product_name: String,
    pub release_id: String,
    pub version: String,
    pub file_id: Option<String>,
    pub file_title: Option<String>,
    pub kind: String,
    pub note: String,
    pub published_at: i64,
    pub recipients: i64,
}

/// `SELECT` of an [`UpdateRow`] from `product_updates u`, then `$rest`.
macro_rules! select_update {
    ($rest:literal) => {
        concat!(
            "SELECT u.id, u.product_id, p.code AS product_code, p.name AS product_name, u.release_id, r.version, u.file_id, \
             f.title AS file_title, u.kind, u.note, u.published_at, u.recipients FROM product_updates u \
             JOIN products p ON p.id = u.product_id JOIN releases r ON r.id = u.release_id \
             LEFT JOIN release_files f ON f.id = u.file_id ",
            $rest
        )
    };
}

pub struct NewUpdate<'a> {
    pub id: &'a str,
    pub product_id: &'a str,
    pub release_id: &'a str,
    pub file_id: Option<&'a str>,
    pub kind: &'a str,
    pub note: &'a str,
    pub published_by: &'a str,
    pub now: i64,
}

impl Db {
    // ---- help links ---------------------------------------------------------------------

    /// Every language's links, or one language's.
    pub async fn help_links(&self, locale: Option<&str>) -> sqlx::Result<Vec<HelpLinkRow>> {
        let sql = self.sql(
            "SELECT id, locale, title, url, description, position FROM help_links WHERE ($1 = '' OR locale = $1) \
             ORDER BY locale, position, title, id",
        );
        sqlx::query_as(&sql).bind(locale.unwrap_or("")).fetch_all(self.pool()).await
    }

    pub async fn help_link(&self, id: &str) -> sqlx::Result<Option<HelpLinkRow>> {
        let sql = self.sql("SELECT id, locale, title, url, description, position FROM help_links WHERE id = $1");
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }

    /// Inserts or replaces a link.
    pub async fn save_help_link(&self, tx: &mut Tx, l: &HelpLinkRow, now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO help_links (id, locale, title, url, description, position, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (id) DO UPDATE SET locale = EXCLUDED.locale, \
             title = EXCLUDED.title, url = EXCLUDED.url, description = EXCLUDED.description, position = EXCLUDED.position, \
             updated_at = EXCLUDED.updated_at",
        );
        sqlx::query(&sql)
            .bind(&l.id)
            .bind(&l.locale)
            .bind(&l.title)
            .bind(&l.url)
            .bind(&l.description)
            .bind(l.position)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub async fn delete_help_link(&self, tx: &mut Tx, id: &str) -> sqlx::Result<bool> {
        let sql = self.sql("DELETE FROM help_links WHERE id = $1");
        Ok(sqlx::query(&sql).bind(id).execute(&mut **tx).await?.rows_affected() == 1)
    }

    // ---- product updates ----------------------------------------------------------------

    /// False when the same release or file was published already.
    pub async fn insert_update(&self, tx: &mut Tx, u: &NewUpdate<'_>) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO product_updates (id, product_id, release_id, file_id, kind, subject_key, note, published_by, published_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (subject_key) DO NOTHING",
        );
        let key = format!("{}:{}", u.release_id, u.file_id.unwrap_or(""));
        let n = sqlx::query(&sql)
            .bind(u.id)
            .bind(u.product_id)
            .bind(u.release_id)
            .bind(u.file_id)
            .bind(u.kind)
            .bind(key)
            .bind(u.note)
            .bind(u.published_by)
            .bind(u.now)
            .execute(&mut **tx)
            .await?
            .rows_affected();
        Ok(n == 1)
    }

    pub async fn update(&self, id: &str) -> sqlx::Result<Option<UpdateRow>> {
        let sql = self.sql(select_update!("WHERE u.id = $1"));
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }

    /// A product's updates, newest first.
    pub async fn product_updates(&self, product_id: &str, limit: i64) -> sqlx::Result<Vec<UpdateRow>> {
        let sql = self.sql(select_update!("WHERE u.product_id = $1 ORDER BY u.published_at DESC, u.id DESC LIMIT $2"));
        sqlx::query_as(&sql).bind(product_id).bind(limit).fetch_all(self.pool()).await
    }

    /// Every product's updates published since `since`, newest first.
    pub async fn recent_updates(&self, since: i64) -> sqlx::Result<Vec<UpdateRow>> {
        let sql = self.sql(select_update!("WHERE u.published_at >= $1 ORDER BY u.published_at DESC, u.id DESC LIMIT 500"));
        sqlx::query_as(&sql).bind(since).fetch_all(self.pool()).await
    }

    /// Notices mailed so far for an update.
    pub async fn notices_sent(&self, update_id: &str) -> sqlx::Result<i64> {
        let sql = self.sql("SELECT COUNT(*) FROM update_notices WHERE update_id = $1 AND sent_at IS NOT NULL");
        sqlx::query_scalar(&sql).bind(update_id).fetch_one(self.pool()).await
    }

    /// Updates whose notices are not written yet.
    pub async fn updates_to_fan_out(&self) -> sqlx::Result<Vec<(String, String)>> {
        let sql = self.sql("SELECT id, product_id FROM product_updates WHERE fanned_out_at IS NULL ORDER BY published_at LIMIT 100");
        sqlx::query_as(&sql).fetch_all(self.pool()).await
    }

    /// Claims the update and writes one notice per holder of a seat (of the product, or of a
    /// collection with it) or running trial who wants product mail. `None` when another runner
    /// claimed it first.
    pub async fn fan_out_update(&self, tx: &mut Tx, update_id: &str, product_id: &str, now: i64) -> sqlx::Result<Option<u64>> {
        let claim = self.sql("UPDATE product_updates SET fanned_out_at = $2 WHERE id = $1 AND fanned_out_at IS NULL");
        if sqlx::query(&claim).bind(update_id).bind(now).execute(&mut **tx).await?.rows_affected() == 0 {
            return Ok(None);
        }
        let sql = self.sql(
            "INSERT INTO update_notices (update_id, user_id, account_id) \
             SELECT CAST($1 AS TEXT), h.user_id, MIN(h.account_id) FROM ( \
                 SELECT a.user_id, a.account_id FROM assignments a JOIN subscriptions s ON s.id = a.subscription_id \
                 WHERE s.status = 'active' AND (s.product_id = $2 OR s.product_id IN \
                     (SELECT ci.collection_id FROM collection_items ci WHERE ci.product_id = $2)) \
                 UNION SELECT t.user_id, t.account_id FROM trials t WHERE t.product_id = $2 AND t.ends_at > $3) h \
             JOIN users u ON u.id = h.user_id WHERE u.notify_product_updates = 1 GROUP BY h.user_id \
             ON CONFLICT (update_id, user_id) DO NOTHING",
        );
        let n = sqlx::query(&sql).bind(update_id).bind(product_id).bind(now).execute(&mut **tx).await?.rows_affected();
        let count = self.sql("UPDATE product_updates SET recipients = (SELECT COUNT(*) FROM update_notices WHERE update_id = $1) WHERE id = $1");
        sqlx::query(&count).bind(update_id).execute(&mut **tx).await?;
        Ok(Some(n))
    }

    /// Updates with notices still to mail.
    pub async fn updates_with_unsent_notices(&self) -> sqlx::Result<Vec<String>> {
        let sql = self.sql("SELECT DISTINCT update_id FROM update_notices WHERE sent_at IS NULL LIMIT 100");
        sqlx::query_scalar(&sql).fetch_all(self.pool()).await
    }

    /// Claims up to `limit` unsent notices of the update (marks them sent in `tx`, where their
    /// mails are queued too) and returns the people to mail. Concurrent runners take disjoint
    /// batches: SQLite has one writer at a time, PostgreSQL skips rows another holds.
    pub async fn claim_notices(&self, tx: &mut Tx, update_id: &str, limit: i64, now: i64) -> sqlx::Result<Vec<(UserRow, String)>> {
        let sql = match self.kind() {
            DbKind::Sqlite => {
                "UPDATE update_notices SET sent_at = ?3 WHERE update_id = ?1 AND sent_at IS NULL AND user_id IN \
                 (SELECT user_id FROM update_notices WHERE update_id = ?1 AND sent_at IS NULL ORDER BY user_id LIMIT ?2) \
                 RETURNING user_id, account_id"
            }
            DbKind::Postgres => {
                "UPDATE update_notices SET sent_at = $3 WHERE update_id = $1 AND sent_at IS NULL AND user_id IN \
                 (SELECT user_id FROM update_notices WHERE update_id = $1 AND sent_at IS NULL ORDER BY user_id LIMIT $2 \
                  FOR UPDATE SKIP LOCKED) RETURNING user_id, account_id"
            }
        };
        let claimed: Vec<(String, String)> = sqlx::query_as(sql).bind(update_id).bind(limit).bind(now).fetch_all(&mut **tx).await?;
        if claimed.is_empty() {
            return Ok(vec![]);
        }
        let marks: Vec<String> = (1..=claimed.len()).map(|i| format!("${i}")).collect();
        let sql = format!("SELECT {} FROM users u WHERE u.id IN ({})", super::users::USER_COLUMNS_U, marks.join(", "));
        let sql = match self.kind() {
            DbKind::Sqlite => sql.replace('$', "?"),
            DbKind::Postgres => sql,
        };
        let mut q = sqlx::query_as::<_, UserRow>(&sql);
        for (id, _) in &claimed {
            q = q.bind(id);
        }
        let users = q.fetch_all(&mut **tx).await?;
        Ok(users
            .into_iter()
            .filter_map(|u| claimed.iter().find(|(id, _)| *id == u.id).map(|(_, a)| a.clone()).map(|a| (u, a)))
            .collect())
    }

    // ---- the home page ------------------------------------------------------------------

    /// Records the visit; returns the previous one.
    pub async fn visit_home(&self, user_id: &str, now: i64) -> sqlx::Result<Option<i64>> {
        let mut tx = self.begin().await?;
        let before: Option<Option<i64>> = sqlx::query_scalar(&self.sql("SELECT home_visited_at FROM users WHERE id = $1"))
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
        sqlx::query(&self.sql("UPDATE users SET home_visited_at = $2 WHERE id = $1")).bind(user_id).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(before.flatten())
    }

    /// Open requests and support cases by when they were made: (before one week, before one
    /// day, total), with the cutoffs given.
    pub async fn queue_ages(&self, week_ago: i64, day_ago: i64) -> sqlx::Result<[(i64, i64, i64); 2]> {
        let requests = self.sql(
            "SELECT COUNT(CASE WHEN created_at < $1 THEN 1 END), \
             COUNT(CASE WHEN created_at < $2 THEN 1 END), COUNT(*) \
             FROM licence_requests WHERE status IN ('requested', 'approved')",
        );
        let cases = self.sql(
            "SELECT COUNT(CASE WHEN created_at < $1 THEN 1 END), \
             COUNT(CASE WHEN created_at < $2 THEN 1 END), COUNT(*) \
             FROM support_cases WHERE status IN ('open', 'waiting_on_customer', 'waiting_on_vendor')",
        );
        let r: (i64, i64, i64) = sqlx::query_as(&requests).bind(week_ago).bind(day_ago).fetch_one(self.pool()).await?;
        let c: (i64, i64, i64) = sqlx::query_as(&cases).bind(week_ago).bind(day_ago).fetch_one(self.pool()).await?;
        Ok([r, c])
    }

    /// Open cases assigned to the person, and assigned to nobody.
    pub async fn case_assignments(&self, user_id: &str) -> sqlx::Result<(i64, i64)> {
        let sql = self.sql(
            "SELECT COUNT(CASE WHEN assignee_id = $1 THEN 1 END), \
             COUNT(CASE WHEN assignee_id IS NULL THEN 1 END) \
             FROM support_cases WHERE status IN ('open', 'waiting_on_customer', 'waiting_on_vendor')",
        );
        sqlx::query_as(&sql).bind(user_id).fetch_one(self.pool()).await
    }
}
