//! Support cases, their messages, attachments and watchers, and their full-text index.

use sqlx::FromRow;

use super::{accounts::Query, fulltext, Db, DbKind, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct CaseRow {
    pub id: String,
    /// The counter value in the number: the key of the case's search rows.
    pub seq: i64,
    pub number: String,
    pub account_id: String,
    pub account_name: String,
    pub opened_by: Option<String>,
    pub opener_name: String,
    pub opener_email: String,
    pub category: String,
    pub severity: String,
    pub status: String,
    pub subject: String,
    pub product_id: Option<String>,
    pub product_code: Option<String>,
    pub product_name: Option<String>,
    pub version: Option<String>,
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    pub last_side: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub solved_at: Option<i64>,
}

/// `SELECT` of a [`CaseRow`] from `support_cases c`, then `$rest`.
macro_rules! select {
    ($rest:literal) => {
        concat!(select!(), $rest)
    };
    () => {
        "SELECT c.id, c.seq, c.number, c.account_id, a.name AS account_name, c.opened_by, c.opener_name, c.opener_email, \
         c.category, c.severity, c.status, c.subject, c.product_id, p.code AS product_code, p.name AS product_name, \
         c.version, c.assignee_id, (SELECT s.first_name || ' ' || s.last_name FROM users s WHERE s.id = c.assignee_id) AS assignee_name, \
         c.last_side, c.created_at, c.updated_at, c.solved_at \
         FROM support_cases c JOIN accounts a ON a.id = c.account_id LEFT JOIN products p ON p.id = c.product_id "
    };
}

#[derive(Debug, Clone, FromRow)]
pub struct MessageRow {
    pub id: String,
    pub case_id: String,
    pub author_id: Option<String>,
    pub author_name: String,
    pub side: String,
    pub internal: i64,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct AttachmentRow {
    pub id: String,
    pub uploaded_by: String,
    pub message_id: Option<String>,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct WatcherRow {
    pub user_id: String,
    pub name: String,
    pub email: String,
}

pub struct NewCase<'a> {
    pub id: &'a str,
    pub seq: i64,
    pub number: &'a str,
    pub account_id: &'a str,
    pub opened_by: &'a str,
    pub opener_name: &'a str,
    pub opener_email: &'a str,
    pub category: &'a str,
    pub severity: &'a str,
    pub subject: &'a str,
    pub product_id: Option<&'a str>,
    pub version: Option<&'a str>,
    pub now: i64,
}

pub struct NewMessage<'a> {
    pub id: &'a str,
    pub case_id: &'a str,
    pub author_id: Option<&'a str>,
    pub author_name: &'a str,
    pub side: &'a str,
    pub internal: bool,
    pub body: &'a str,
    pub now: i64,
}

/// Who is asking for a list, which decides what it may hold.
#[derive(Debug, Clone)]
pub enum CaseScope {
    /// The vendor's staff: every account's cases, internal notes searchable.
    Staff,
    /// An admin: the account's cases.
    Account(String),
    /// A user: the account's cases they opened or watch.
    Member { account_id: String, user_id: String },
}

#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub statuses: Vec<&'static str>,
    pub category: Option<&'static str>,
    pub severity: Option<&'static str>,
    /// Opened at or before this time.
    pub created_before: Option<i64>,
    /// `Some(None)`: unassigned.
    pub assignee: Option<Option<String>>,
    pub q: Option<String>,
    /// Keyset: the last row's `(updated_at, id)`.
    pub after: Option<(i64, String)>,
    pub limit: i64,
}

impl Db {
    pub async fn next_case_number(&self, tx: &mut Tx) -> sqlx::Result<i64> {
        sqlx::query_scalar("UPDATE counters SET value = value + 1 WHERE name = 'support_case' RETURNING value")
            .fetch_one(&mut **tx)
            .await
    }

    pub async fn insert_case(&self, tx: &mut Tx, c: &NewCase<'_>) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO support_cases (id, number, account_id, opened_by, opener_name, opener_email, category, severity, status, \
             subject, product_id, version, last_side, created_at, updated_at, seq) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, 'customer', $12, $12, $13)",
        );
        sqlx::query(&sql)
            .bind(c.id)
            .bind(c.number)
            .bind(c.account_id)
            .bind(c.opened_by)
            .bind(c.opener_name)
            .bind(c.opener_email)
            .bind(c.category)
            .bind(c.severity)
            .bind(c.subject)
            .bind(c.product_id)
            .bind(c.version)
            .bind(c.now)
            .bind(c.seq)
            .execute(&mut **tx)
            .await?;
        // The number is found by its parts and without its zeros: CS-2026-000042 by "42".
        let digits = c.number.rsplit('-').next().unwrap_or("").trim_start_matches('0');
        self.index_case_text(tx, (c.account_id, c.id, c.seq), false, &format!("{} {digits} {}", c.number, c.subject)).await
    }

    /// Adds a message; `case` is the case's account, id and seq.
    pub async fn insert_case_message(&self, tx: &mut Tx, m: &NewMessage<'_>, case: (&str, &str, i64)) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO support_messages (id, case_id, author_id, author_name, side, internal, body, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        );
        sqlx::query(&sql)
            .bind(m.id)
            .bind(m.case_id)
            .bind(m.author_id)
            .bind(m.author_name)
            .bind(m.side)
            .bind(i64::from(m.internal))
            .bind(m.body)
            .bind(m.now)
            .execute(&mut **tx)
            .await?;
        if m.side != "system" {
            self.index_case_text(tx, case, m.internal, m.body).await?;
        }
        Ok(())
    }

    /// Appends the words of `text` to the case's public or internal row of the search index.
    async fn index_case_text(&self, tx: &mut Tx, (account_id, case_id, seq): (&str, &str, i64), internal: bool, text: &str) -> sqlx::Result<()> {
        let doc = fulltext::normalize(text);
        match self.kind() {
            DbKind::Sqlite => {
                // FTS5 has no upsert: append to the row, or create it.
                let rowid = seq * 2 + i64::from(internal);
                let n = sqlx::query("UPDATE support_search SET doc = doc || ' ' || ?2 WHERE rowid = ?1")
                    .bind(rowid)
                    .bind(&doc)
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    sqlx::query("INSERT INTO support_search (rowid, account_id, doc, case_id, internal) VALUES (?1, ?2, ?3, ?4, ?5)")
                        .bind(rowid)
                        .bind(account_id)
                        .bind(&doc)
                        .bind(case_id)
                        .bind(i64::from(internal))
                        .execute(&mut **tx)
                        .await?;
                }
            }
            DbKind::Postgres => {
                sqlx::query(
                    "INSERT INTO support_search (case_id, internal, account_id, doc) VALUES ($1, $2, $3, to_tsvector('simple', $4)) \
                     ON CONFLICT (case_id, internal) DO UPDATE SET doc = support_search.doc || EXCLUDED.doc",
                )
                .bind(case_id)
                .bind(i64::from(internal))
                .bind(account_id)
                .bind(&doc)
                .execute(&mut **tx)
                .await?;
            }
        }
        Ok(())
    }

    pub async fn case(&self, ex: impl sqlx::Executor<'_, Database = sqlx::Any>, id: &str) -> sqlx::Result<Option<CaseRow>> {
        let sql = self.sql(select!("WHERE c.id = $1"));
        sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
    }

    pub async fn case_by_number(&self, number: &str) -> sqlx::Result<Option<CaseRow>> {
        let sql = self.sql(select!("WHERE c.number = $1"));
        sqlx::query_as(&sql).bind(number).fetch_optional(self.pool()).await
    }

    /// One page of cases, the most recently active first.
    pub async fn list_cases(&self, scope: &CaseScope, f: &CaseFilter) -> sqlx::Result<Vec<CaseRow>> {
        let mut q = Query::new(select!("WHERE 1 = 1"));
        let (account, internal_too) = match scope {
            CaseScope::Staff => (None, true),
            CaseScope::Account(a) => (Some(a.clone()), false),
            CaseScope::Member { account_id, user_id } => {
                let a = q.arg_str(account_id.clone());
                let u = q.arg_str(user_id.clone());
                q.sql.push_str(&format!(
                    " AND c.account_id = {a} AND (c.opened_by = {u} OR EXISTS \
                     (SELECT 1 FROM support_watchers w WHERE w.case_id = c.id AND w.user_id = {u}))"
                ));
                (Some(account_id.clone()), false)
            }
        };
        if let CaseScope::Account(a) = scope {
            let p = q.arg_str(a.clone());
            q.sql.push_str(&format!(" AND c.account_id = {p}"));
        }
        if !f.statuses.is_empty() {
            let ps: Vec<String> = f.statuses.iter().map(|s| q.arg_str(s.to_string())).collect();
            q.sql.push_str(&format!(" AND c.status IN ({})", ps.join(", ")));
        }
        if let Some(c) = f.category {
            let p = q.arg_str(c.to_string());
            q.sql.push_str(&format!(" AND c.category = {p}"));
        }
        if let Some(s) = f.severity {
            let p = q.arg_str(s.to_string());
            q.sql.push_str(&format!(" AND c.severity = {p}"));
        }
        if let Some(t) = f.created_before {
            let p = q.arg_i64(t);
            q.sql.push_str(&format!(" AND c.created_at <= {p}"));
        }
        match &f.assignee {
            Some(Some(id)) => {
                let p = q.arg_str(id.clone());
                q.sql.push_str(&format!(" AND c.assignee_id = {p}"));
            }
            Some(None) => q.sql.push_str(" AND c.assignee_id IS NULL"),
            None => {}
        }
        if let Some(text) = f.q.as_deref() {
            let number = text.trim().to_ascii_uppercase();
            let matched = self.search_cases_sql(&mut q, account.as_deref(), internal_too, text);
            let n = q.arg_str(number);
            match matched {
                Some(m) => q.sql.push_str(&format!(" AND (c.number = {n} OR c.id IN ({m}))")),
                None => q.sql.push_str(&format!(" AND c.number = {n}")),
            }
        }
        if let Some((at, id)) = &f.after {
            let a = q.arg_i64(*at);
            let i = q.arg_str(id.clone());
            q.sql.push_str(&format!(" AND (c.updated_at < {a} OR (c.updated_at = {a} AND c.id < {i}))"));
        }
        let l = q.arg_i64(f.limit);
        q.sql.push_str(&format!(" ORDER BY c.updated_at DESC, c.id DESC LIMIT {l}"));
        let sql = match self.kind() {
            DbKind::Sqlite => q.sql.replace('$', "?"),
            DbKind::Postgres => q.sql,
        };
        sqlx::query_as_with(&sql, q.args).fetch_all(self.pool()).await
    }

    /// The sub-select of the case ids whose words match `text`; `None` when it has no words.
    fn search_cases_sql(&self, q: &mut Query, account: Option<&str>, internal_too: bool, text: &str) -> Option<String> {
        let internal = if internal_too { "" } else { " AND internal = 0" };
        match self.kind() {
            DbKind::Sqlite => {
                let words = fulltext::query(DbKind::Sqlite, "doc", text)?;
                // The account is a column of the index: its words narrow the match inside FTS5.
                let expr = match account {
                    Some(a) => format!("account_id:\"{}\" AND {words}", a.replace('"', "")),
                    None => words,
                };
                let p = q.arg_str(expr);
                Some(format!("SELECT case_id FROM support_search WHERE support_search MATCH {p}{internal}"))
            }
            DbKind::Postgres => {
                let words = fulltext::query(DbKind::Postgres, "doc", text)?;
                let p = q.arg_str(words);
                let acc = match account {
                    Some(a) => format!(" AND account_id = {}", q.arg_str(a.to_string())),
                    None => String::new(),
                };
                Some(format!("SELECT case_id FROM support_search WHERE doc @@ to_tsquery('simple', {p}){acc}{internal}"))
            }
        }
    }

    pub async fn case_messages(&self, case_id: &str, internal_too: bool) -> sqlx::Result<Vec<MessageRow>> {
        let sql = self.sql(
            "SELECT id, case_id, author_id, author_name, side, internal, body, created_at FROM support_messages \
             WHERE case_id = $1 AND internal <= $2 ORDER BY created_at, id",
        );
        sqlx::query_as(&sql).bind(case_id).bind(i64::from(internal_too)).fetch_all(self.pool()).await
    }

    pub async fn case_attachments(&self, case_id: &str) -> sqlx::Result<Vec<AttachmentRow>> {
        let sql = self.sql(
            "SELECT t.id, t.uploaded_by, t.message_id, t.file_name, t.content_type, t.size, t.sha256, t.storage_key, t.created_at \
             FROM support_attachments t JOIN support_messages m ON m.id = t.message_id WHERE m.case_id = $1 ORDER BY t.created_at, t.id",
        );
        sqlx::query_as(&sql).bind(case_id).fetch_all(self.pool()).await
    }

    /// An attachment of the case with whether its message is an internal note.
    pub async fn case_attachment(&self, case_id: &str, id: &str) -> sqlx::Result<Option<(AttachmentRow, i64)>> {
        #[derive(FromRow)]
        struct Row {
            #[sqlx(flatten)]
            a: AttachmentRow,
            internal: i64,
        }
        let sql = self.sql(
            "SELECT t.id, t.uploaded_by, t.message_id, t.file_name, t.content_type, t.size, t.sha256, t.storage_key, t.created_at, \
             m.internal FROM support_attachments t JOIN support_messages m ON m.id = t.message_id WHERE m.case_id = $1 AND t.id = $2",
        );
        let row: Option<Row> = sqlx::query_as(&sql).bind(case_id).bind(id).fetch_optional(self.pool()).await?;
        Ok(row.map(|r| (r.a, r.internal)))
    }

    pub async fn insert_attachment(&self, a: &AttachmentRow) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO support_attachments (id, uploaded_by, file_name, content_type, size, sha256, storage_key, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        );
        sqlx::query(&sql)
            .bind(&a.id)
            .bind(&a.uploaded_by)
            .bind(&a.file_name)
            .bind(&a.content_type)
            .bind(a.size)
            .bind(&a.sha256)
            .bind(&a.storage_key)
            .bind(a.created_at)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Attaches an upload of `user_id` not attached yet; false when it is not such an upload.
    pub async fn attach(&self, tx: &mut Tx, attachment_id: &str, user_id: &str, message_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE support_attachments SET message_id = $3 WHERE id = $1 AND uploaded_by = $2 AND message_id IS NULL",
        );
        let n = sqlx::query(&sql).bind(attachment_id).bind(user_id).bind(message_id).execute(&mut **tx).await?.rows_affected();
        Ok(n == 1)
    }

    /// Uploads never attached since `before`: removed from the table, their storage keys returned.
    pub async fn purge_unused_attachments(&self, before: i64) -> sqlx::Result<Vec<String>> {
        let sql = self.sql("DELETE FROM support_attachments WHERE message_id IS NULL AND created_at < $1 RETURNING storage_key");
        sqlx::query_scalar(&sql).bind(before).fetch_all(self.pool()).await
    }

    pub async fn case_watchers(&self, case_id: &str) -> sqlx::Result<Vec<WatcherRow>> {
        let sql = self.sql(
            "SELECT u.id AS user_id, u.first_name || ' ' || u.last_name AS name, u.email FROM support_watchers w \
             JOIN users u ON u.id = w.user_id WHERE w.case_id = $1 ORDER BY u.last_name, u.first_name, u.id",
        );
        sqlx::query_as(&sql).bind(case_id).fetch_all(self.pool()).await
    }

    pub async fn is_case_watcher(&self, case_id: &str, user_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql("SELECT COUNT(*) FROM support_watchers WHERE case_id = $1 AND user_id = $2");
        Ok(sqlx::query_scalar::<_, i64>(&sql).bind(case_id).bind(user_id).fetch_one(self.pool()).await? > 0)
    }

    /// False when the person watches the case already.
    pub async fn add_case_watcher(&self, tx: &mut Tx, case_id: &str, user_id: &str, added_by: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO support_watchers (case_id, user_id, added_by, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (case_id, user_id) DO NOTHING",
        );
        Ok(sqlx::query(&sql).bind(case_id).bind(user_id).bind(added_by).bind(now).execute(&mut **tx).await?.rows_affected() == 1)
    }

    pub async fn remove_case_watcher(&self, tx: &mut Tx, case_id: &str, user_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql("DELETE FROM support_watchers WHERE case_id = $1 AND user_id = $2");
        Ok(sqlx::query(&sql).bind(case_id).bind(user_id).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// Moves a case from `from` (its status when read) to `to`; false when someone else moved it
    /// first. `side` is who wrote last, when a message goes with the change.
    #[allow(clippy::too_many_arguments)]
    pub async fn update_case(
        &self,
        tx: &mut Tx,
        id: &str,
        from: &str,
        to: &str,
        side: Option<&str>,
        now: i64,
    ) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE support_cases SET status = $3, last_side = COALESCE($4, last_side), updated_at = $5, \
             solved_at = CASE WHEN $3 = 'solved' THEN COALESCE(CASE WHEN status = 'solved' THEN solved_at END, $5) ELSE NULL END \
             WHERE id = $1 AND status = $2",
        );
        let n = sqlx::query(&sql).bind(id).bind(from).bind(to).bind(side).bind(now).execute(&mut **tx).await?.rows_affected();
        Ok(n == 1)
    }

    pub async fn assign_case(&self, tx: &mut Tx, id: &str, assignee: Option<&str>, now: i64) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE support_cases SET assignee_id = $2, updated_at = $3 WHERE id = $1");
        sqlx::query(&sql).bind(id).bind(assignee).bind(now).execute(&mut **tx).await?;
        Ok(())
    }

    /// Solved cases whose waiting time ended at `solved_before`, oldest first.
    pub async fn cases_to_close(&self, solved_before: i64, limit: i64) -> sqlx::Result<Vec<CaseRow>> {
        let sql = self.sql(select!("WHERE c.status = 'solved' AND c.solved_at <= $1 ORDER BY c.solved_at, c.id LIMIT $2"));
        sqlx::query_as(&sql).bind(solved_before).bind(limit).fetch_all(self.pool()).await
    }

    /// The vendor's staff, by name.
    pub async fn vendor_staff(&self) -> sqlx::Result<Vec<super::users::UserRow>> {
        let sql = format!("SELECT {} FROM users u WHERE u.is_vendor_staff = 1 ORDER BY u.last_name, u.first_name, u.id", super::users::USER_COLUMNS_U);
        sqlx::query_as(&sql).fetch_all(self.pool()).await
    }
}
