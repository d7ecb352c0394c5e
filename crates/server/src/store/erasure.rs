//! Deleting a person for good: what must go, and what stays under a pseudonym.

use sqlx::Row;

use super::{Db, Tx};

/// What an activity entry says that may name a person.
struct Entry {
    id: String,
    actor_id: Option<String>,
    actor_email: String,
    before_json: Option<String>,
    after_json: Option<String>,
    ip: String,
}

impl Db {
    /// The accounts where the person is the contract manager (they cannot leave those).
    pub async fn primary_admin_accounts(&self, tx: &mut Tx, user_id: &str) -> sqlx::Result<Vec<String>> {
        let sql = self.sql("SELECT account_id FROM memberships WHERE user_id = $1 AND role = 'primary_admin'");
        sqlx::query_scalar(&sql).bind(user_id).fetch_all(&mut **tx).await
    }

    /// Replaces the person in the activity log and in licence requests by `pseudonym`, then
    /// removes their memberships (which frees their seats), invitations, queued mail and the
    /// person (whose sessions, factors, tokens and security log go with them).
    pub async fn erase_user(&self, tx: &mut Tx, user_id: &str, email: &str, full_name: &str, pseudonym: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql("INSERT INTO erasures (user_id, pseudonym, erased_at) VALUES ($1, $2, $3)");
        sqlx::query(&sql).bind(user_id).bind(pseudonym).bind(now).execute(&mut **tx).await?;

        // Entries by the person, about them, or naming their address.
        let pattern = super::accounts::like_pattern(email);
        let sql = self.sql(
            "SELECT id, actor_id, actor_email, before_json, after_json, ip FROM activity \
             WHERE actor_id = $1 OR object_id = $1 OR before_json LIKE $2 ESCAPE '\\' OR after_json LIKE $2 ESCAPE '\\'",
        );
        let rows = sqlx::query(&sql).bind(user_id).bind(&pattern).fetch_all(&mut **tx).await?;
        let entries = rows
            .iter()
            .map(|r| {
                Ok(Entry {
                    id: r.try_get("id")?,
                    actor_id: r.try_get("actor_id")?,
                    actor_email: r.try_get("actor_email")?,
                    before_json: r.try_get("before_json")?,
                    after_json: r.try_get("after_json")?,
                    ip: r.try_get("ip")?,
                })
            })
            .collect::<sqlx::Result<Vec<_>>>()?;
        let mark = |json: Option<String>| -> Option<String> {
            // Always carry the pseudonym: the log's trigger lets an entry change only so.
            let json = json?;
            let mut out = json.replace(email, pseudonym);
            if !full_name.trim().is_empty() {
                out = out.replace(full_name, pseudonym);
            }
            Some(out)
        };
        let update = self.sql(
            "UPDATE activity SET actor_email = $2, before_json = $3, after_json = $4, ip = $5 WHERE id = $1",
        );
        for e in entries {
            let by_them = e.actor_id.as_deref() == Some(user_id);
            let actor_email = if by_them || e.actor_email.eq_ignore_ascii_case(email) { pseudonym.to_string() } else { e.actor_email };
            let before = mark(e.before_json);
            let after = mark(e.after_json);
            let names_them = actor_email == pseudonym
                || before.as_deref().is_some_and(|j| j.contains(pseudonym))
                || after.as_deref().is_some_and(|j| j.contains(pseudonym));
            if !names_them {
                // About them by id only (an assignment, say): the id names nobody once they are gone.
                continue;
            }
            let ip = if by_them { String::new() } else { e.ip };
            sqlx::query(&update).bind(&e.id).bind(&actor_email).bind(before).bind(after).bind(ip).execute(&mut **tx).await?;
        }

        // Their licence requests stay with the account, under the pseudonym.
        let sql = self.sql(
            "UPDATE licence_requests SET requester_name = $2, requester_email = '', shipping_json = NULL WHERE requested_by = $1",
        );
        sqlx::query(&sql).bind(user_id).bind(pseudonym).execute(&mut **tx).await?;
        // Their support cases and messages too (what they wrote stays: it is the account's case).
        for sql in [
            "UPDATE support_cases SET opener_name = $2, opener_email = '' WHERE opened_by = $1",
            "UPDATE support_messages SET author_name = $2 WHERE author_id = $1",
        ] {
            let sql = self.sql(sql);
            sqlx::query(&sql).bind(user_id).bind(pseudonym).execute(&mut **tx).await?;
        }
        for sql in [
            "DELETE FROM invitations WHERE lower(email) = $1",
            "DELETE FROM outbox WHERE lower(to_address) = $1",
        ] {
            let sql = self.sql(sql);
            sqlx::query(&sql).bind(email).execute(&mut **tx).await?;
        }
        for sql in ["DELETE FROM memberships WHERE user_id = $1", "DELETE FROM users WHERE id = $1"] {
            let sql = self.sql(sql);
            sqlx::query(&sql).bind(user_id).execute(&mut **tx).await?;
        }
        Ok(())
    }
}
