//! The outbox of mail and text messages: each is written in the same transaction as the change that causes it and
//! delivered later by a worker. Rows are claimed with a lease, so any number of servers can
//! run workers without sending a mail twice while a lease holds.

use sqlx::{Any, Executor, FromRow};

use super::{Db, DbKind};

/// What carries a message: mail, or a text message (whose address is a phone number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Mail,
    Text,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Mail => "mail",
            Channel::Text => "text",
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewMail {
    pub channel: Channel,
    pub to_address: String,
    pub to_name: String,
    pub locale: String,
    pub kind: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct OutboxRow {
    pub id: String,
    pub to_address: String,
    pub to_name: String,
    pub locale: String,
    pub kind: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub attempts: i64,
    pub created_at: i64,
}

const COLUMNS: &str =
    "id, to_address, to_name, locale, kind, subject, text_body, html_body, attempts, created_at";

impl Db {
    pub async fn enqueue_mail<'e, E>(&self, ex: E, mail: &NewMail, now: i64) -> sqlx::Result<String>
    where
        E: Executor<'e, Database = Any>,
    {
        // Time-ordered, so the mailbox lists mail in the order it was queued.
        let id = uuid::Uuid::now_v7().to_string();
        let sql = self.sql(
            "INSERT INTO outbox (id, to_address, to_name, locale, kind, subject, text_body, \
             html_body, next_attempt_at, created_at, channel) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)",
        );
        sqlx::query(&sql)
            .bind(&id)
            .bind(&mail.to_address)
            .bind(&mail.to_name)
            .bind(&mail.locale)
            .bind(&mail.kind)
            .bind(&mail.subject)
            .bind(&mail.text_body)
            .bind(&mail.html_body)
            .bind(now)
            .bind(mail.channel.as_str())
            .execute(ex)
            .await?;
        Ok(id)
    }

    /// Claims up to `limit` due messages of `channel` for `lease` seconds.
    pub async fn claim_mail(&self, channel: Channel, now: i64, lease: i64, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
        // The conditions stand in the outer WHERE too: a competing claim that committed first
        // makes PostgreSQL re-check them on the new row version and skip it.
        let skip_locked = match self.kind() {
            DbKind::Postgres => " FOR UPDATE SKIP LOCKED",
            DbKind::Sqlite => "",
        };
        let sql = self.sql_owned(format!(
            "UPDATE outbox SET locked_until = $2 \
             WHERE status = 'pending' AND next_attempt_at <= $1 AND locked_until <= $1 AND channel = $4 \
               AND id IN (SELECT id FROM outbox \
                          WHERE status = 'pending' AND next_attempt_at <= $1 AND locked_until <= $1 AND channel = $4 \
                          ORDER BY next_attempt_at LIMIT $3{skip_locked}) \
             RETURNING {COLUMNS}"
        ));
        sqlx::query_as::<_, OutboxRow>(&sql)
            .bind(now)
            .bind(now + lease)
            .bind(limit)
            .bind(channel.as_str())
            .fetch_all(self.pool())
            .await
    }

    /// Records the delivery. A message that left the machine (SMTP, the SMS gateway) keeps only
    /// its envelope: its bodies, which may carry sign-in, reset or invitation links and codes,
    /// are erased. What was "delivered" to the demo's Mailbox or Text messages page keeps its
    /// bodies: that is where it is read.
    pub async fn mark_mail_sent(&self, id: &str, via: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "UPDATE outbox SET status = 'sent', delivered_via = $2, sent_at = $3, \
             attempts = attempts + 1, locked_until = 0, last_error = NULL, \
             text_body = CASE WHEN $2 IN ('mailbox', 'texts') THEN text_body ELSE '' END, \
             html_body = CASE WHEN $2 IN ('mailbox', 'texts') THEN html_body ELSE '' END \
             WHERE id = $1",
        );
        sqlx::query(&sql).bind(id).bind(via).bind(now).execute(self.pool()).await?;
        Ok(())
    }

    /// Deletes delivered and given-up mail queued before `before`.
    pub async fn purge_outbox(&self, before: i64) -> sqlx::Result<u64> {
        let sql = self.sql("DELETE FROM outbox WHERE status IN ('sent', 'failed') AND created_at <= $1");
        Ok(sqlx::query(&sql).bind(before).execute(self.pool()).await?.rows_affected())
    }

    /// The stored bodies of one mail (for tests and diagnostics).
    pub async fn mail_bodies(&self, id: &str) -> sqlx::Result<Option<(String, String)>> {
        let sql = self.sql("SELECT text_body, html_body FROM outbox WHERE id = $1");
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }

    /// Records a failed attempt: tried again at `retry_at`, or given up when `None`.
    pub async fn mark_mail_failed(
        &self,
        id: &str,
        error: &str,
        retry_at: Option<i64>,
    ) -> sqlx::Result<()> {
        let sql = self.sql(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $2, locked_until = 0, \
             status = CASE WHEN $3 < 0 THEN 'failed' ELSE 'pending' END, \
             text_body = CASE WHEN $3 < 0 THEN '' ELSE text_body END, \
             html_body = CASE WHEN $3 < 0 THEN '' ELSE html_body END, \
             next_attempt_at = CASE WHEN $3 < 0 THEN next_attempt_at ELSE $3 END \
             WHERE id = $1",
        );
        sqlx::query(&sql)
            .bind(id)
            .bind(error)
            .bind(retry_at.unwrap_or(-1))
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Mail delivered to the dev mailbox, newest first.
    /// Mail delivered to the dev mailbox, newest first; only to `to` (without regard to case)
    /// when it is not empty.
    pub async fn mailbox(&self, limit: i64, to: &str) -> sqlx::Result<Vec<OutboxRow>> {
        let sql = self.sql_owned(format!(
            "SELECT {COLUMNS} FROM outbox WHERE status = 'sent' AND delivered_via = 'mailbox' \
             AND ($2 = '' OR lower(to_address) = lower($2)) ORDER BY created_at DESC, id DESC LIMIT $1"
        ));
        sqlx::query_as::<_, OutboxRow>(&sql).bind(limit).bind(to).fetch_all(self.pool()).await
    }

    /// Text messages delivered to the dev page of text messages, newest first.
    pub async fn dev_texts(&self, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
        let sql = self.sql_owned(format!(
            "SELECT {COLUMNS} FROM outbox WHERE status = 'sent' AND delivered_via = 'texts' \
             ORDER BY created_at DESC, id DESC LIMIT $1"
        ));
        sqlx::query_as::<_, OutboxRow>(&sql).bind(limit).fetch_all(self.pool()).await
    }

    /// Status of one mail (for tests and diagnostics).
    pub async fn mail_status(&self, id: &str) -> sqlx::Result<Option<(String, i64)>> {
        let sql = self.sql("SELECT status, attempts FROM outbox WHERE id = $1");
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }
}
