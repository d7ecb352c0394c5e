//! The reports' reads. Every one reads rollups (seat_use_daily, seat_use_last, credit_daily) or
//! current state (assignments, subscriptions), never the raw heartbeats and usage events, so a
//! report's cost does not grow with the number of events.

use sqlx::FromRow;

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct TeamSeatsRow {
    pub subscription_id: String,
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub seats: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct CreditSubscriptionRow {
    pub id: String,
    pub contract_id: String,
    pub contract_number: String,
    pub product_name: String,
    pub credits_total: i64,
    pub credits_used: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct UserCreditsRow {
    pub user_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub credits: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct DownloadCountRow {
    pub product_code: String,
    pub product_name: String,
    pub version: String,
    pub downloads: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct MemberPageRow {
    pub user_id: String,
    pub sort_name: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub team_name: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct UserProductRow {
    pub user_id: String,
    pub subscription_id: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct LastUseRow {
    pub user_id: String,
    pub product_id: String,
    pub last_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct DaysUsedRow {
    pub user_id: String,
    pub product_id: String,
    pub days: i64,
}

fn marks(from: usize, n: usize) -> String {
    (from..from + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Db {
    /// People holding a seat of any of these subscriptions.
    pub async fn count_assigned(&self, account_id: &str, subscriptions: &[String]) -> sqlx::Result<i64> {
        if subscriptions.is_empty() {
            return Ok(0);
        }
        let sql = self.sql_owned(format!(
            "SELECT COUNT(DISTINCT user_id) FROM assignments WHERE account_id = $1 AND subscription_id IN ({})",
            marks(2, subscriptions.len())
        ));
        let mut q = sqlx::query_scalar(&sql).bind(account_id);
        for s in subscriptions {
            q = q.bind(s);
        }
        q.fetch_one(self.pool()).await
    }

    /// People holding a seat of any of these subscriptions who never ran the product.
    pub async fn count_never_used(&self, account_id: &str, product_id: &str, subscriptions: &[String]) -> sqlx::Result<i64> {
        if subscriptions.is_empty() {
            return Ok(0);
        }
        let sql = self.sql_owned(format!(
            "SELECT COUNT(DISTINCT a.user_id) FROM assignments a WHERE a.account_id = $1 AND a.subscription_id IN ({}) \
             AND NOT EXISTS (SELECT 1 FROM seat_use_last l WHERE l.account_id = a.account_id AND l.user_id = a.user_id \
               AND l.product_id = $2)",
            marks(3, subscriptions.len())
        ));
        let mut q = sqlx::query_scalar(&sql).bind(account_id).bind(product_id);
        for s in subscriptions {
            q = q.bind(s);
        }
        q.fetch_one(self.pool()).await
    }

    /// People who ran each product on a day of the range: (product id, people).
    pub async fn used_in_range(&self, account_id: &str, from: &str, to: &str) -> sqlx::Result<Vec<(String, i64)>> {
        let sql = self.sql(
            "SELECT product_id, COUNT(DISTINCT user_id) FROM seat_use_daily \
             WHERE account_id = $1 AND day >= $2 AND day <= $3 GROUP BY product_id",
        );
        sqlx::query_as(&sql).bind(account_id).bind(from).bind(to).fetch_all(self.pool()).await
    }

    /// Assigned seats per subscription and team.
    pub async fn team_seats(&self, account_id: &str) -> sqlx::Result<Vec<TeamSeatsRow>> {
        let sql = self.sql(
            "SELECT a.subscription_id, tm.team_id, t.name AS team_name, COUNT(*) AS seats FROM assignments a \
             LEFT JOIN team_members tm ON tm.account_id = a.account_id AND tm.user_id = a.user_id \
             LEFT JOIN teams t ON t.id = tm.team_id WHERE a.account_id = $1 \
             GROUP BY a.subscription_id, tm.team_id, t.name",
        );
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    /// Subscriptions that carry cloud credits.
    pub async fn credit_subscriptions(&self, account_id: &str) -> sqlx::Result<Vec<CreditSubscriptionRow>> {
        let sql = self.sql(
            "SELECT s.id, s.contract_id, c.number AS contract_number, p.name AS product_name, s.credits_total, s.credits_used \
             FROM subscriptions s JOIN contracts c ON c.id = s.contract_id JOIN products p ON p.id = s.product_id \
             WHERE s.account_id = $1 AND s.credits_total > 0 ORDER BY c.number, p.name, s.id",
        );
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    /// Credits per subscription and day from `from` (inclusive): (subscription, day, credits).
    pub async fn credits_by_day(&self, account_id: &str, from: &str) -> sqlx::Result<Vec<(String, String, i64)>> {
        let sql = self.sql(
            "SELECT subscription_id, day, CAST(SUM(credits) AS BIGINT) FROM credit_daily WHERE account_id = $1 AND day >= $2 \
             GROUP BY subscription_id, day",
        );
        sqlx::query_as(&sql).bind(account_id).bind(from).fetch_all(self.pool()).await
    }

    /// Credits per person in the range, most first.
    pub async fn credits_by_user(&self, account_id: &str, from: &str, to: &str) -> sqlx::Result<Vec<UserCreditsRow>> {
        let sql = self.sql(
            "SELECT cd.user_id, COALESCE(u.email, '') AS email, COALESCE(u.first_name, '') AS first_name, \
             COALESCE(u.last_name, '') AS last_name, CAST(SUM(cd.credits) AS BIGINT) AS credits \
             FROM credit_daily cd LEFT JOIN users u ON u.id = cd.user_id \
             WHERE cd.account_id = $1 AND cd.day >= $2 AND cd.day <= $3 \
             GROUP BY cd.user_id, u.email, u.first_name, u.last_name ORDER BY credits DESC, email",
        );
        sqlx::query_as(&sql).bind(account_id).bind(from).bind(to).fetch_all(self.pool()).await
    }

    /// Downloads per product and version between two Unix times.
    pub async fn download_counts(&self, account_id: &str, from: i64, until: i64) -> sqlx::Result<Vec<DownloadCountRow>> {
        let sql = self.sql(
            "SELECT p.code AS product_code, p.name AS product_name, r.version, COUNT(*) AS downloads \
             FROM downloads d JOIN release_files f ON f.id = d.file_id JOIN releases r ON r.id = f.release_id \
             JOIN products p ON p.id = r.product_id \
             WHERE d.account_id = $1 AND d.created_at >= $2 AND d.created_at < $3 \
             GROUP BY p.code, p.name, r.version, r.released_on ORDER BY p.name, r.released_on DESC",
        );
        sqlx::query_as(&sql).bind(account_id).bind(from).bind(until).fetch_all(self.pool()).await
    }

    /// One page of members by name after `after` (sort name, user id), matching `q`.
    pub async fn member_page(&self, account_id: &str, q: Option<&str>, after: Option<(&str, &str)>, limit: i64) -> sqlx::Result<Vec<MemberPageRow>> {
        // The same search as the member list (words of names and the address, by prefix).
        let search = match q {
            Some(q) => Some(self.member_search(account_id, q).await?),
            None => None,
        };
        // The search's text is $2 when there is one.
        let from = match &search {
            Some(Some(s)) => s.from("$2"),
            _ => String::new(),
        };
        let mut sql = format!(
            "SELECT m.user_id, m.sort_name, u.email, u.first_name, u.last_name, {teams} AS team_name FROM {from}memberships m \
             JOIN users u ON u.id = m.user_id WHERE m.account_id = $1",
            teams = super::accounts::team_names_sql(self.kind()),
        );
        let mut binds: Vec<String> = vec![account_id.to_string()];
        match search {
            Some(Some(s)) => {
                binds.push(s.term.clone());
                sql.push_str(&format!(" AND {}", s.condition("$2")));
            }
            Some(None) => sql.push_str(" AND 1 = 0"),
            None => {}
        }
        if let Some((name, id)) = after {
            binds.push(name.to_string());
            binds.push(id.to_string());
            let n = binds.len();
            sql.push_str(&format!(" AND (m.sort_name > ${} OR (m.sort_name = ${} AND m.user_id > ${n}))", n - 1, n - 1));
        }
        sql.push_str(&format!(" ORDER BY m.sort_name, m.user_id LIMIT {limit}"));
        let sql = self.sql_owned(sql);
        let mut query = sqlx::query_as(&sql);
        for b in &binds {
            query = query.bind(b);
        }
        query.fetch_all(self.pool()).await
    }

    /// The seats these people hold: (user, subscription).
    pub async fn seats_of_users(&self, account_id: &str, users: &[String]) -> sqlx::Result<Vec<UserProductRow>> {
        if users.is_empty() {
            return Ok(vec![]);
        }
        let sql = self.sql_owned(format!(
            "SELECT user_id, subscription_id FROM assignments WHERE account_id = $1 AND user_id IN ({})",
            marks(2, users.len())
        ));
        let mut q = sqlx::query_as(&sql).bind(account_id);
        for u in users {
            q = q.bind(u);
        }
        q.fetch_all(self.pool()).await
    }

    /// The last use of each product by these people.
    pub async fn last_uses(&self, account_id: &str, users: &[String]) -> sqlx::Result<Vec<LastUseRow>> {
        if users.is_empty() {
            return Ok(vec![]);
        }
        let sql = self.sql_owned(format!(
            "SELECT user_id, product_id, last_at FROM seat_use_last WHERE account_id = $1 AND user_id IN ({})",
            marks(2, users.len())
        ));
        let mut q = sqlx::query_as(&sql).bind(account_id);
        for u in users {
            q = q.bind(u);
        }
        q.fetch_all(self.pool()).await
    }

    /// Days in the range on which these people ran each product.
    pub async fn days_used(&self, account_id: &str, users: &[String], from: &str, to: &str) -> sqlx::Result<Vec<DaysUsedRow>> {
        if users.is_empty() {
            return Ok(vec![]);
        }
        let sql = self.sql_owned(format!(
            "SELECT user_id, product_id, COUNT(*) AS days FROM seat_use_daily WHERE account_id = $1 AND day >= $2 AND day <= $3 \
             AND user_id IN ({}) GROUP BY user_id, product_id",
            marks(4, users.len())
        ));
        let mut q = sqlx::query_as(&sql).bind(account_id).bind(from).bind(to);
        for u in users {
            q = q.bind(u);
        }
        q.fetch_all(self.pool()).await
    }
}
