//! Team bindings (group-based product access, migration 0022): which subscriptions a team gives
//! a seat of, the members waiting for one, and the admins' manual unassigns (waivers).

use sqlx::{Any, Executor};

use super::{accounts::Query, Db, Tx};

impl Db {
    /// Active subscriptions bound to a team the member is in (none while suspended).
    pub async fn entitled_subscriptions(&self, tx: &mut Tx, account_id: &str, user_id: &str) -> sqlx::Result<Vec<String>> {
        let sql = self.sql(
            "SELECT DISTINCT b.subscription_id FROM team_members tm \
             JOIN team_bindings b ON b.team_id = tm.team_id \
             JOIN subscriptions s ON s.id = b.subscription_id \
             JOIN memberships m ON m.account_id = tm.account_id AND m.user_id = tm.user_id \
             WHERE tm.account_id = $1 AND tm.user_id = $2 AND s.status = 'active' AND m.suspended_at IS NULL \
             ORDER BY b.subscription_id",
        );
        sqlx::query_scalar(&sql).bind(account_id).bind(user_id).fetch_all(&mut **tx).await
    }

    /// The member's seats: (subscription id, given by a binding).
    pub async fn held_seats(&self, tx: &mut Tx, account_id: &str, user_id: &str) -> sqlx::Result<Vec<(String, bool)>> {
        let sql = self.sql("SELECT subscription_id, via_binding FROM assignments WHERE account_id = $1 AND user_id = $2");
        let rows: Vec<(String, i64)> = sqlx::query_as(&sql).bind(account_id).bind(user_id).fetch_all(&mut **tx).await?;
        Ok(rows.into_iter().map(|(s, v)| (s, v != 0)).collect())
    }

    /// The subscriptions the member waits for.
    pub async fn waiting_for<'e, E>(&self, ex: E, account_id: &str, user_id: &str) -> sqlx::Result<Vec<String>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("SELECT subscription_id FROM seat_queue WHERE account_id = $1 AND user_id = $2 ORDER BY subscription_id");
        sqlx::query_scalar(&sql).bind(account_id).bind(user_id).fetch_all(ex).await
    }

    /// Waiting rows of several members: (user id, subscription id).
    pub async fn waiting_of(&self, account_id: &str, user_ids: &[String]) -> sqlx::Result<Vec<(String, String)>> {
        self.pairs_of("SELECT user_id, subscription_id FROM seat_queue WHERE", account_id, user_ids).await
    }

    /// Seats a binding gave, of several members: (user id, subscription id).
    pub async fn bound_seats_of(&self, account_id: &str, user_ids: &[String]) -> sqlx::Result<Vec<(String, String)>> {
        self.pairs_of("SELECT user_id, subscription_id FROM assignments WHERE via_binding = 1 AND", account_id, user_ids).await
    }

    /// `select` (ending in `WHERE` or `AND`) for the given members of the account.
    async fn pairs_of(&self, select: &str, account_id: &str, user_ids: &[String]) -> sqlx::Result<Vec<(String, String)>> {
        if user_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut q = Query::new("");
        let acc = q.arg_str(account_id.to_string());
        let list: Vec<String> = user_ids.iter().map(|u| q.arg_str(u.clone())).collect();
        let sql = format!("{select} account_id = {acc} AND user_id IN ({}) ORDER BY subscription_id", list.join(", "));
        q.sql = self.sql_owned(sql);
        sqlx::query_as_with::<_, (String, String), _>(&q.sql, q.args).fetch_all(self.pool()).await
    }

    pub async fn waivers_of(&self, tx: &mut Tx, account_id: &str, user_id: &str) -> sqlx::Result<Vec<String>> {
        let sql = self.sql("SELECT subscription_id FROM binding_waivers WHERE account_id = $1 AND user_id = $2");
        sqlx::query_scalar(&sql).bind(account_id).bind(user_id).fetch_all(&mut **tx).await
    }

    /// Takes the subscription's row lock (PostgreSQL; SQLite's writers are one at a time), so
    /// that deciding between a seat and the queue is not raced by another transaction.
    pub async fn lock_subscription(&self, tx: &mut Tx, subscription_id: &str) -> sqlx::Result<()> {
        let sql = self.sql("UPDATE subscriptions SET seats_used = seats_used WHERE id = $1");
        sqlx::query(&sql).bind(subscription_id).execute(&mut **tx).await?;
        Ok(())
    }

    pub async fn enqueue(&self, tx: &mut Tx, subscription_id: &str, account_id: &str, user_id: &str, at: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO seat_queue (subscription_id, account_id, user_id, queued_at, position) \
             SELECT $1, $2, $3, $4, COALESCE(MAX(position), 0) + 1 FROM seat_queue WHERE subscription_id = $1 \
             ON CONFLICT (subscription_id, user_id) DO NOTHING",
        );
        Ok(sqlx::query(&sql).bind(subscription_id).bind(account_id).bind(user_id).bind(at).execute(&mut **tx).await?.rows_affected() == 1)
    }

    pub async fn dequeue(&self, tx: &mut Tx, subscription_id: &str, user_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql("DELETE FROM seat_queue WHERE subscription_id = $1 AND user_id = $2");
        Ok(sqlx::query(&sql).bind(subscription_id).bind(user_id).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// The first in the queue of a subscription, in joining order.
    pub async fn first_waiting(&self, tx: &mut Tx, subscription_id: &str) -> sqlx::Result<Option<(String, String)>> {
        let sql = self.sql(
            "SELECT account_id, user_id FROM seat_queue WHERE subscription_id = $1 ORDER BY position LIMIT 1",
        );
        sqlx::query_as(&sql).bind(subscription_id).fetch_optional(&mut **tx).await
    }

    pub async fn queue_length(&self, tx: &mut Tx, subscription_id: &str) -> sqlx::Result<i64> {
        let sql = self.sql("SELECT COUNT(*) FROM seat_queue WHERE subscription_id = $1");
        sqlx::query_scalar(&sql).bind(subscription_id).fetch_one(&mut **tx).await
    }

    /// Marks that the admins were told of people waiting (true when this call marked it), or
    /// clears the mark (`notified` false) once nobody waits.
    pub async fn set_queue_notified(&self, tx: &mut Tx, subscription_id: &str, notified: Option<i64>) -> sqlx::Result<bool> {
        let sql = match notified {
            Some(_) => self.sql("UPDATE subscriptions SET queue_notified_at = $2 WHERE id = $1 AND queue_notified_at IS NULL"),
            None => self.sql("UPDATE subscriptions SET queue_notified_at = $2 WHERE id = $1 AND queue_notified_at IS NOT NULL"),
        };
        Ok(sqlx::query(&sql).bind(subscription_id).bind(notified).execute(&mut **tx).await?.rows_affected() == 1)
    }

    pub async fn add_waiver(&self, tx: &mut Tx, subscription_id: &str, account_id: &str, user_id: &str, now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO binding_waivers (subscription_id, account_id, user_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (subscription_id, user_id) DO NOTHING",
        );
        sqlx::query(&sql).bind(subscription_id).bind(account_id).bind(user_id).bind(now).execute(&mut **tx).await?;
        Ok(())
    }

    pub async fn drop_waiver(&self, tx: &mut Tx, subscription_id: &str, user_id: &str) -> sqlx::Result<()> {
        let sql = self.sql("DELETE FROM binding_waivers WHERE subscription_id = $1 AND user_id = $2");
        sqlx::query(&sql).bind(subscription_id).bind(user_id).execute(&mut **tx).await?;
        Ok(())
    }

    /// Whether an assignment was given by a binding.
    pub async fn assignment_via_binding(&self, tx: &mut Tx, subscription_id: &str, user_id: &str) -> sqlx::Result<Option<bool>> {
        let sql = self.sql("SELECT via_binding FROM assignments WHERE subscription_id = $1 AND user_id = $2");
        let v: Option<i64> = sqlx::query_scalar(&sql).bind(subscription_id).bind(user_id).fetch_optional(&mut **tx).await?;
        Ok(v.map(|v| v != 0))
    }

    // ---- bindings -----------------------------------------------------------------------

    /// (team id, subscription id) of every binding of the account.
    pub async fn bindings(&self, account_id: &str) -> sqlx::Result<Vec<(String, String)>> {
        let sql = self.sql("SELECT team_id, subscription_id FROM team_bindings WHERE account_id = $1 ORDER BY team_id, subscription_id");
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    pub async fn team_subscriptions(&self, tx: &mut Tx, team_id: &str) -> sqlx::Result<Vec<String>> {
        let sql = self.sql("SELECT subscription_id FROM team_bindings WHERE team_id = $1 ORDER BY subscription_id");
        sqlx::query_scalar(&sql).bind(team_id).fetch_all(&mut **tx).await
    }

    pub async fn bind_team(&self, tx: &mut Tx, account_id: &str, team_id: &str, subscription_id: &str, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO team_bindings (team_id, account_id, subscription_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (team_id, subscription_id) DO NOTHING",
        );
        Ok(sqlx::query(&sql).bind(team_id).bind(account_id).bind(subscription_id).bind(now).execute(&mut **tx).await?.rows_affected() == 1)
    }

    pub async fn unbind_team(&self, tx: &mut Tx, team_id: &str, subscription_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql("DELETE FROM team_bindings WHERE team_id = $1 AND subscription_id = $2");
        Ok(sqlx::query(&sql).bind(team_id).bind(subscription_id).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// The team's members in joining order.
    pub async fn team_member_ids(&self, tx: &mut Tx, team_id: &str) -> sqlx::Result<Vec<String>> {
        let sql = self.sql("SELECT user_id FROM team_members WHERE team_id = $1 ORDER BY joined_at, user_id");
        sqlx::query_scalar(&sql).bind(team_id).fetch_all(&mut **tx).await
    }

    /// The account's admins (to mail about people waiting for a seat).
    pub async fn admin_ids(&self, tx: &mut Tx, account_id: &str) -> sqlx::Result<Vec<String>> {
        let sql = self.sql(
            "SELECT user_id FROM memberships WHERE account_id = $1 AND role IN ('primary_admin', 'secondary_admin') \
             AND suspended_at IS NULL ORDER BY user_id",
        );
        sqlx::query_scalar(&sql).bind(account_id).fetch_all(&mut **tx).await
    }
}
