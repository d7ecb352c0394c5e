//! Everything stored about one person, for "download my data" (GDPR Articles 15 and 20).

use sqlx::FromRow;

use super::{accounts::ActivityRow, Db};

#[derive(Debug, Clone, FromRow)]
pub struct MembershipExportRow {
    pub account_id: String,
    pub account_number: String,
    pub account_name: String,
    pub role: String,
    pub team: Option<String>,
    pub created_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct AssignmentExportRow {
    pub account_number: String,
    pub product_code: String,
    pub product_name: String,
    pub contract_number: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct RequestExportRow {
    pub number: String,
    pub account_number: String,
    pub product_code: String,
    pub kind: String,
    pub status: String,
    pub version: Option<String>,
    pub language: Option<String>,
    pub shipping_json: Option<String>,
    pub host_name: Option<String>,
    pub host_id: Option<String>,
    pub note: String,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Db {
    pub async fn export_memberships(&self, user_id: &str) -> sqlx::Result<Vec<MembershipExportRow>> {
        let sql = self.sql_owned(format!(
            "SELECT a.id AS account_id, a.number AS account_number, a.name AS account_name, m.role, \
                    {teams} AS team, m.created_at \
             FROM memberships m JOIN accounts a ON a.id = m.account_id \
             WHERE m.user_id = $1 ORDER BY a.number",
            teams = super::accounts::team_names_sql(self.kind()),
        ));
        sqlx::query_as(&sql).bind(user_id).fetch_all(self.pool()).await
    }

    pub async fn export_assignments(&self, user_id: &str) -> sqlx::Result<Vec<AssignmentExportRow>> {
        let sql = self.sql(
            "SELECT a.number AS account_number, p.code AS product_code, p.name AS product_name, \
                    c.number AS contract_number, s.created_at \
             FROM assignments s JOIN accounts a ON a.id = s.account_id \
             JOIN subscriptions sub ON sub.id = s.subscription_id JOIN products p ON p.id = sub.product_id \
             JOIN contracts c ON c.id = sub.contract_id \
             WHERE s.user_id = $1 ORDER BY a.number, p.code",
        );
        sqlx::query_as(&sql).bind(user_id).fetch_all(self.pool()).await
    }

    pub async fn export_requests(&self, user_id: &str) -> sqlx::Result<Vec<RequestExportRow>> {
        let sql = self.sql(
            "SELECT r.number, a.number AS account_number, p.code AS product_code, r.kind, r.status, r.version, \
                    r.language, r.shipping_json, r.host_name, r.host_id, r.note, r.created_at, r.updated_at \
             FROM licence_requests r JOIN accounts a ON a.id = r.account_id JOIN products p ON p.id = r.product_id \
             WHERE r.requested_by = $1 ORDER BY r.created_at",
        );
        sqlx::query_as(&sql).bind(user_id).fetch_all(self.pool()).await
    }

    /// Activity entries made by the person or about them (they are the object).
    pub async fn export_activity(&self, user_id: &str) -> sqlx::Result<Vec<ActivityRow>> {
        let sql = self.sql(
            "SELECT id, actor_email, action, object_type, object_id, before_json, after_json, ip, created_at \
             FROM activity WHERE actor_id = $1 OR object_id = $1 ORDER BY id",
        );
        sqlx::query_as(&sql).bind(user_id).fetch_all(self.pool()).await
    }

    /// The person's whole security log (the retention job keeps 90 days).
    pub async fn export_security_events(&self, user_id: &str) -> sqlx::Result<Vec<super::security::SecurityEventRow>> {
        let sql = self.sql(
            "SELECT e.id, e.user_id, u.email, e.login, e.kind, e.method, e.ip, e.user_agent, e.created_at \
             FROM security_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.user_id = $1 ORDER BY e.id",
        );
        sqlx::query_as(&sql).bind(user_id).fetch_all(self.pool()).await
    }
}
