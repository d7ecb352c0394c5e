//! Customer accounts, memberships, teams, products, contracts, subscriptions, assignments and
//! the activity log.

use sqlx::{any::AnyArguments, Any, Arguments, Executor, FromRow};

use super::{Db, DbKind};

#[derive(Debug, Clone, FromRow)]
pub struct AccountRow {
    pub id: String,
    pub number: String,
    pub name: String,
    pub country: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct MembershipRow {
    pub account_id: String,
    pub user_id: String,
    pub role: String,
    pub created_at: i64,
    /// Set while the company's directory has the person inactive (no seats, no access).
    pub suspended_at: Option<i64>,
}

#[derive(Debug, Clone, FromRow)]
pub struct SubscriptionRow {
    pub id: String,
    pub account_id: String,
    pub contract_id: String,
    pub contract_number: String,
    pub product_code: String,
    pub product_name: String,
    pub licence_type: String,
    pub seats: i64,
    pub seats_used: i64,
    pub term: String,
    pub start_date: String,
    pub end_date: String,
    pub auto_renew: i64,
    pub status: String,
    pub serial_number: String,
}

pub(crate) const SUBSCRIPTION_SELECT: &str = "SELECT s.id, s.account_id, s.contract_id, c.number AS contract_number, \
    p.code AS product_code, p.name AS product_name, s.licence_type, s.seats, s.seats_used, s.term, \
    s.start_date, s.end_date, s.auto_renew, s.status, s.serial_number \
    FROM subscriptions s JOIN contracts c ON c.id = s.contract_id JOIN products p ON p.id = s.product_id";

#[derive(Debug, Clone, FromRow)]
pub struct MemberRow {
    pub user_id: String,
    pub account_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: String,
    pub email_verified_at: Option<i64>,
    pub suspended_at: Option<i64>,
    pub last_sign_in_at: Option<i64>,
    pub joined_at: i64,
    /// The value the list is sorted by, as text (for the cursor).
    pub sort_key: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct TeamRow {
    pub id: String,
    pub name: String,
    pub member_count: i64,
    /// Made by the company's directory (SCIM): changed only through it.
    pub synced: i64,
    pub external_id: Option<String>,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A member's team names, joined by ", " in name order (NULL without a team); `m` is the
/// membership.
pub(crate) fn team_names_sql(kind: DbKind) -> &'static str {
    match kind {
        DbKind::Sqlite => "(SELECT group_concat(name, ', ') FROM (SELECT t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id \
             WHERE tm.account_id = m.account_id AND tm.user_id = m.user_id ORDER BY t.name))",
        DbKind::Postgres => "(SELECT string_agg(t.name, ', ' ORDER BY t.name) FROM team_members tm JOIN teams t ON t.id = tm.team_id \
             WHERE tm.account_id = m.account_id AND tm.user_id = m.user_id)",
    }
}

/// The columns of [`TeamRow`], `t` being the team.
pub(crate) const TEAM_COLUMNS: &str = "t.id, t.name, \
    (SELECT COUNT(*) FROM team_members tm WHERE tm.team_id = t.id) AS member_count, \
    t.synced, t.external_id, t.version, t.created_at, t.updated_at";

#[derive(Debug, Clone)]
pub struct NewActivity<'a> {
    pub account_id: Option<&'a str>,
    pub actor_id: &'a str,
    pub actor_email: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub ip: &'a str,
    pub at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct ActivityRow {
    pub id: String,
    pub actor_email: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub ip: String,
    pub created_at: i64,
}

/// Which member list, in which order, from where.
#[derive(Debug, Clone, Default)]
pub struct MemberFilter {
    pub q: Option<String>,
    /// `Some(None)`: members without a team.
    pub team: Option<Option<String>>,
    pub role: Option<&'static str>,
    pub subscription: Option<String>,
    pub status: Option<seatwise_api::MemberStatus>,
    pub sort: MemberOrder,
    /// (sort key, user id) of the last row of the previous page.
    pub after: Option<(String, String)>,
    pub limit: i64,
}

impl MemberFilter {
    /// The filter of a member-list query (the list page and the exports); the cursor is
    /// decoded by the caller.
    pub fn from_query(q: &seatwise_api::MemberQuery, after: Option<(String, String)>, limit: i64) -> MemberFilter {
        use seatwise_api::{MemberRole, MemberSort};
        MemberFilter {
            q: q.q.clone(),
            team: q.team.clone().map(|t| if t == "none" { None } else { Some(t) }),
            role: q.role.map(MemberRole::as_str),
            subscription: q.subscription.clone(),
            status: q.status,
            sort: match q.sort.unwrap_or_default() {
                MemberSort::Name => MemberOrder::Name,
                MemberSort::Email => MemberOrder::Email,
                MemberSort::LastSignIn => MemberOrder::LastSignIn,
            },
            after,
            limit,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MemberOrder {
    #[default]
    Name,
    Email,
    /// Most recent first; never signed in last.
    LastSignIn,
}

/// Statement text and arguments built together, so placeholders always match.
pub(super) struct Query {
    pub(super) sql: String,
    pub(super) args: AnyArguments<'static>,
    n: usize,
}

impl Query {
    pub(super) fn new(sql: &str) -> Self {
        Query { sql: sql.to_string(), args: AnyArguments::default(), n: 0 }
    }
    pub(super) fn arg_str(&mut self, v: String) -> String {
        self.n += 1;
        self.args.add(v).expect("string argument");
        format!("${}", self.n)
    }
    pub(super) fn arg_i64(&mut self, v: i64) -> String {
        self.n += 1;
        self.args.add(v).expect("integer argument");
        format!("${}", self.n)
    }
}

/// The words of a member search: runs of letters and digits (Unicode), lower-cased; anything
/// else separates words. A word followed by a space or ending the text may be the start of a
/// member's word ("nov" finds Novak); one followed by other punctuation was typed whole, as in
/// an address ("nika.horvat2@" finds nika.horvat2@…, not nika.horvat23@…). At most 32 words of
/// at most 64 letters are kept (the list page takes 200 characters; the exports do not limit
/// the text), so the index query stays small. Each word comes with whether it is a prefix.
pub(crate) fn search_words(text: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut word = String::new();
    for c in text.to_lowercase().chars() {
        if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            out.push((std::mem::take(&mut word), c.is_whitespace()));
        }
    }
    if !word.is_empty() {
        out.push((word, true));
    }
    out.into_iter()
        .take(32)
        .map(|(w, prefix)| {
            let cut = w.chars().count() > 64;
            (w.chars().take(64).collect(), prefix || cut)
        })
        .collect()
}

/// Below this many matches a member search reads the full-text index first and looks each
/// match up; from there on it walks the account's members in list order, keeping the matches,
/// which finds a page long before the end (a search for one letter matches nearly everyone).
const FEW_MATCHES: i64 = 1000;

/// One member search: the text to bind, and the FROM prefix and WHERE condition that use it.
pub(crate) struct MemberSearch {
    pub term: String,
    kind: DbKind,
    /// Fewer than [`FEW_MATCHES`] members match.
    few: bool,
}

impl MemberSearch {
    /// What goes before `memberships m` in the FROM clause, `p` being the placeholder bound to
    /// `term`: the index's matches, read first when they are few.
    pub fn from(&self, p: &str) -> String {
        match (self.kind, self.few) {
            // CROSS JOIN: SQLite keeps this order.
            (DbKind::Sqlite, true) => "member_search s CROSS JOIN ".to_string(),
            // OFFSET 0 keeps the subquery apart, so the planner cannot trade the index for a
            // walk of the sort order (its estimate of a prefix is far from few).
            (DbKind::Postgres, true) => {
                format!("(SELECT user_id FROM memberships WHERE search_vector @@ CAST({p} AS tsquery) OFFSET 0) s CROSS JOIN ")
            }
            (_, false) => String::new(),
        }
    }

    /// The condition to AND into WHERE.
    pub fn condition(&self, p: &str) -> String {
        match (self.kind, self.few) {
            (DbKind::Sqlite, true) => format!("s.member_search MATCH {p} AND m.user_id = s.user_id"),
            (DbKind::Postgres, true) => "m.user_id = s.user_id".to_string(),
            // The matching rows of the index, not their user ids: no lookup per match.
            (DbKind::Sqlite, false) => format!("m.search_rowid IN (SELECT rowid FROM member_search WHERE member_search MATCH {p})"),
            (DbKind::Postgres, false) => format!("m.search_vector @@ CAST({p} AS tsquery)"),
        }
    }
}

impl Db {
    /// Members of `account_id` whose names or address hold every word of `text` as the start
    /// of a word (migration 0019): "nov" finds Novak, "ana.nov" ana.novak@…, "škof" ŠKOF, "王小"
    /// 王小明 (the last and first name are also indexed written together). None when `text`
    /// has no word: nothing matches.
    ///
    /// SQLite: an FTS5 MATCH naming the account's token and the words. PostgreSQL: the
    /// account's lexeme and the words as prefixes against the GIN-indexed `search_vector`. The
    /// words are quoted, so no text of the person's is ever query syntax. The index is asked
    /// first how many match, up to [`FEW_MATCHES`], to choose the plan.
    pub(crate) async fn member_search(&self, account_id: &str, text: &str) -> sqlx::Result<Option<MemberSearch>> {
        let words = search_words(text);
        if words.is_empty() {
            return Ok(None);
        }
        let (term, count) = match self.kind() {
            DbKind::Sqlite => {
                let hex: String = account_id.bytes().map(|b| format!("{b:02X}")).collect();
                let mut term = format!("account : \"{hex}\"");
                for (w, prefix) in &words {
                    term.push_str(&format!(" AND words : \"{}\"{}", w.replace('"', "\"\""), if *prefix { "*" } else { "" }));
                }
                (term, "SELECT COUNT(*) FROM (SELECT rowid FROM member_search WHERE member_search MATCH ?1 LIMIT ?2) x")
            }
            DbKind::Postgres => {
                let quote = |s: &str| s.replace('\\', "\\\\").replace('\'', "''");
                let mut term = format!("'#{}'", quote(account_id));
                for (w, prefix) in &words {
                    term.push_str(&format!(" & '{}'{}", quote(w), if *prefix { ":*" } else { "" }));
                }
                (term, "SELECT COUNT(*) FROM (SELECT 1 FROM memberships WHERE search_vector @@ CAST($1 AS tsquery) LIMIT $2) x")
            }
        };
        let n: i64 = sqlx::query_scalar(count).bind(&term).bind(FEW_MATCHES).fetch_one(self.pool()).await?;
        Ok(Some(MemberSearch { term, kind: self.kind(), few: n < FEW_MATCHES }))
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn like_pattern(q: &str) -> String {
    let escaped: String = q
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    format!("%{escaped}%")
}

impl Db {
    pub async fn account(&self, id: &str) -> sqlx::Result<Option<AccountRow>> {
        let sql = self.sql("SELECT id, number, name, country, created_at FROM accounts WHERE id = $1");
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }

    pub async fn membership<'e, E>(&self, ex: E, account_id: &str, user_id: &str) -> sqlx::Result<Option<MembershipRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "SELECT account_id, user_id, role, created_at, suspended_at FROM memberships \
             WHERE account_id = $1 AND user_id = $2",
        );
        sqlx::query_as(&sql).bind(account_id).bind(user_id).fetch_optional(ex).await
    }

    /// The accounts a person belongs to, with their role in each; a suspended membership (the
    /// company's directory deactivated them) is left out, as it opens nothing.
    pub async fn accounts_of(&self, user_id: &str) -> sqlx::Result<Vec<(AccountRow, String, bool)>> {
        let sql = self.sql(
            "SELECT a.id, a.number, a.name, a.country, a.created_at, m.role, a.require_two_step FROM memberships m \
             JOIN accounts a ON a.id = m.account_id WHERE m.user_id = $1 AND m.suspended_at IS NULL ORDER BY a.name",
        );
        let rows = sqlx::query(&sql).bind(user_id).fetch_all(self.pool()).await?;
        use sqlx::Row;
        rows.iter()
            .map(|r| {
                Ok((AccountRow::from_row(r)?, r.try_get::<String, _>("role")?, r.try_get::<i64, _>("require_two_step")? != 0))
            })
            .collect()
    }

    /// Sets whether every member must use 2-step verification; the value before.
    pub async fn set_require_two_step(&self, tx: &mut super::Tx, account_id: &str, required: bool) -> sqlx::Result<Option<bool>> {
        let sql = self.sql("SELECT require_two_step FROM accounts WHERE id = $1");
        let before: Option<i64> = sqlx::query_scalar(&sql).bind(account_id).fetch_optional(&mut **tx).await?;
        let sql = self.sql("UPDATE accounts SET require_two_step = $2 WHERE id = $1");
        sqlx::query(&sql).bind(account_id).bind(required as i64).execute(&mut **tx).await?;
        Ok(before.map(|b| b != 0))
    }

    pub async fn insert_membership<'e, E>(
        &self,
        ex: E,
        account_id: &str,
        user_id: &str,
        role: &str,
        now: i64,
    ) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO memberships (account_id, user_id, role, created_at) \
             VALUES ($1, $2, $3, $4)",
        );
        sqlx::query(&sql)
            .bind(account_id)
            .bind(user_id)
            .bind(role)
            .bind(now)
            .execute(ex)
            .await?;
        Ok(())
    }

    /// Changes the role of a member who is not the contract manager (that role moves only by
    /// [`Db::transfer_primary_role`]). 0 when no such member is there any more, in the same
    /// statement as the change: a concurrent transfer cannot slip in between.
    pub async fn set_member_role<'e, E>(&self, ex: E, account_id: &str, user_id: &str, role: &str) -> sqlx::Result<u64>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "UPDATE memberships SET role = $3 WHERE account_id = $1 AND user_id = $2 AND role <> 'primary_admin'",
        );
        Ok(sqlx::query(&sql).bind(account_id).bind(user_id).bind(role).execute(ex).await?.rows_affected())
    }

    /// Moves the contract manager role from `from` to `to` (who becomes primary; `from`
    /// becomes a secondary admin). False, with nothing changed once the transaction is rolled
    /// back, when `from` no longer holds the role or `to` is no longer a member.
    pub async fn transfer_primary_role(&self, tx: &mut super::Tx, account_id: &str, from: &str, to: &str) -> sqlx::Result<bool> {
        // Demote first: at most one primary admin at any moment (a unique index says so too).
        let sql = self.sql(
            "UPDATE memberships SET role = 'secondary_admin' WHERE account_id = $1 AND user_id = $2 AND role = 'primary_admin'",
        );
        if sqlx::query(&sql).bind(account_id).bind(from).execute(&mut **tx).await?.rows_affected() != 1 {
            return Ok(false);
        }
        let sql = self.sql("UPDATE memberships SET role = 'primary_admin' WHERE account_id = $1 AND user_id = $2");
        Ok(sqlx::query(&sql).bind(account_id).bind(to).execute(&mut **tx).await?.rows_affected() == 1)
    }

    /// Puts a member in a team; false when they were in it already.
    pub async fn add_team_member<'e, E>(&self, ex: E, account_id: &str, team_id: &str, user_id: &str, now: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO team_members (team_id, account_id, user_id, joined_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (team_id, user_id) DO NOTHING",
        );
        Ok(sqlx::query(&sql).bind(team_id).bind(account_id).bind(user_id).bind(now).execute(ex).await?.rows_affected() == 1)
    }

    /// Takes a member out of a team; false when they were not in it.
    pub async fn remove_team_member<'e, E>(&self, ex: E, account_id: &str, team_id: &str, user_id: &str) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("DELETE FROM team_members WHERE account_id = $1 AND team_id = $2 AND user_id = $3");
        Ok(sqlx::query(&sql).bind(account_id).bind(team_id).bind(user_id).execute(ex).await?.rows_affected() == 1)
    }

    /// The teams of each of the given members: (user id, team id, team name), by team name.
    pub async fn teams_of<'e, E>(&self, ex: E, account_id: &str, user_ids: &[String]) -> sqlx::Result<Vec<(String, String, String)>>
    where
        E: Executor<'e, Database = Any>,
    {
        if user_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut q = Query::new("");
        let acc = q.arg_str(account_id.to_string());
        let list: Vec<String> = user_ids.iter().map(|u| q.arg_str(u.clone())).collect();
        let sql = format!(
            "SELECT tm.user_id, t.id, t.name FROM team_members tm JOIN teams t ON t.id = tm.team_id \
             WHERE tm.account_id = {acc} AND tm.user_id IN ({}) ORDER BY lower(t.name), t.id",
            list.join(", ")
        );
        q.sql = self.sql_owned(sql);
        sqlx::query_as_with::<_, (String, String, String), _>(&q.sql, q.args).fetch_all(ex).await
    }

    /// Removes the membership; its assignments go with it (freeing the seats).
    pub async fn delete_membership<'e, E>(&self, ex: E, account_id: &str, user_id: &str) -> sqlx::Result<u64>
    where
        E: Executor<'e, Database = Any>,
    {
        // Never the contract manager: checked in the statement itself, not only before it.
        let sql = self.sql("DELETE FROM memberships WHERE account_id = $1 AND user_id = $2 AND role <> 'primary_admin'");
        Ok(sqlx::query(&sql).bind(account_id).bind(user_id).execute(ex).await?.rows_affected())
    }

    // ---- members list -------------------------------------------------------------------

    /// One page of members (keyset pagination on the sort key and the user id).
    pub async fn list_members(&self, account_id: &str, f: &MemberFilter) -> sqlx::Result<Vec<MemberRow>> {
        let key = match f.sort {
            // Indexed with the account and the user id (migration 0003): pages are index ranges.
            MemberOrder::Name => "m.sort_name",
            MemberOrder::Email => "u.email",
            // Zero-padded, so text order is number order: newest first means descending.
            MemberOrder::LastSignIn => "substr('0000000000000' || CAST(COALESCE(u.last_sign_in_at, 0) AS TEXT), -13, 13)",
        };
        let mut q = Query::new("");
        let acc = q.arg_str(account_id.to_string());
        // Words of names and the address, through the full-text index (migration 0019).
        let search = match f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(text) => Some(self.member_search(account_id, text).await?.map(|s| {
                let p = q.arg_str(s.term.clone());
                (s, p)
            })),
            None => None,
        };
        let from = match &search {
            Some(Some((s, p))) => s.from(p),
            _ => String::new(),
        };
        let mut sql = format!(
            "SELECT u.id AS user_id, u.account_id, u.email, u.first_name, u.last_name, m.role, \
             u.email_verified_at, m.suspended_at, u.last_sign_in_at, \
             m.created_at AS joined_at, {key} AS sort_key \
             FROM {from}memberships m JOIN users u ON u.id = m.user_id WHERE m.account_id = {acc}"
        );
        match search {
            Some(Some((s, p))) => sql.push_str(&format!(" AND {}", s.condition(&p))),
            // Text without a letter or digit matches no one.
            Some(None) => sql.push_str(" AND 1 = 0"),
            None => {}
        }
        match &f.team {
            Some(Some(team)) => {
                let p = q.arg_str(team.clone());
                sql.push_str(&format!(
                    " AND EXISTS (SELECT 1 FROM team_members tm WHERE tm.team_id = {p} \
                     AND tm.account_id = m.account_id AND tm.user_id = m.user_id)"
                ));
            }
            Some(None) => sql.push_str(
                " AND NOT EXISTS (SELECT 1 FROM team_members tm WHERE tm.account_id = m.account_id AND tm.user_id = m.user_id)",
            ),
            None => {}
        }
        if let Some(role) = f.role {
            let p = q.arg_str(role.to_string());
            sql.push_str(&format!(" AND m.role = {p}"));
        }
        if let Some(sub) = &f.subscription {
            let p = q.arg_str(sub.clone());
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM assignments a WHERE a.subscription_id = {p} \
                 AND a.account_id = m.account_id AND a.user_id = m.user_id)"
            ));
        }
        match f.status {
            Some(seatwise_api::MemberStatus::Active) => {
                sql.push_str(" AND u.email_verified_at IS NOT NULL AND m.suspended_at IS NULL")
            }
            Some(seatwise_api::MemberStatus::Unconfirmed) => {
                sql.push_str(" AND u.email_verified_at IS NULL AND m.suspended_at IS NULL")
            }
            Some(seatwise_api::MemberStatus::Suspended) => sql.push_str(" AND m.suspended_at IS NOT NULL"),
            None => {}
        }
        let desc = f.sort == MemberOrder::LastSignIn;
        if let Some((k, id)) = &f.after {
            let pk = q.arg_str(k.clone());
            let pid = q.arg_str(id.clone());
            if desc {
                sql.push_str(&format!(" AND ({key} < {pk} OR ({key} = {pk} AND m.user_id > {pid}))"));
            } else {
                sql.push_str(&format!(" AND ({key}, m.user_id) > ({pk}, {pid})"));
            }
        }
        let dir = if desc { "DESC" } else { "ASC" };
        let limit = q.arg_i64(f.limit);
        sql.push_str(&format!(" ORDER BY {key} {dir}, m.user_id ASC LIMIT {limit}"));
        q.sql = self.sql_owned(sql);
        sqlx::query_as_with::<_, MemberRow, _>(&q.sql, q.args).fetch_all(self.pool()).await
    }

    /// Subscription ids assigned to each of the given members.
    pub async fn assignments_of(&self, account_id: &str, user_ids: &[String]) -> sqlx::Result<Vec<(String, String)>> {
        if user_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut q = Query::new("");
        let acc = q.arg_str(account_id.to_string());
        let list: Vec<String> = user_ids.iter().map(|u| q.arg_str(u.clone())).collect();
        let sql = format!(
            "SELECT user_id, subscription_id FROM assignments WHERE account_id = {acc} \
             AND user_id IN ({}) ORDER BY subscription_id",
            list.join(", ")
        );
        q.sql = self.sql_owned(sql);
        sqlx::query_as_with::<_, (String, String), _>(&q.sql, q.args).fetch_all(self.pool()).await
    }

    pub async fn member(&self, account_id: &str, user_id: &str) -> sqlx::Result<Option<MemberRow>> {
        let sql = self.sql(
            "SELECT u.id AS user_id, u.account_id, u.email, u.first_name, u.last_name, m.role, \
             u.email_verified_at, m.suspended_at, u.last_sign_in_at, \
             m.created_at AS joined_at, u.email AS sort_key \
             FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.account_id = $1 AND m.user_id = $2",
        );
        sqlx::query_as(&sql).bind(account_id).bind(user_id).fetch_optional(self.pool()).await
    }

    // ---- teams --------------------------------------------------------------------------

    pub async fn teams(&self, account_id: &str) -> sqlx::Result<Vec<TeamRow>> {
        let sql = self.sql_owned(format!("SELECT {TEAM_COLUMNS} FROM teams t WHERE t.account_id = $1 ORDER BY lower(t.name), t.id"));
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    pub async fn team(&self, account_id: &str, team_id: &str) -> sqlx::Result<Option<TeamRow>> {
        let sql = self.sql_owned(format!("SELECT {TEAM_COLUMNS} FROM teams t WHERE t.account_id = $1 AND t.id = $2"));
        sqlx::query_as(&sql).bind(account_id).bind(team_id).fetch_optional(self.pool()).await
    }

    pub async fn insert_team<'e, E>(&self, ex: E, id: &str, account_id: &str, name: &str, now: i64) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("INSERT INTO teams (id, account_id, name, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)");
        sqlx::query(&sql).bind(id).bind(account_id).bind(name).bind(now).execute(ex).await?;
        Ok(())
    }

    pub async fn rename_team<'e, E>(&self, ex: E, account_id: &str, id: &str, name: &str) -> sqlx::Result<u64>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE teams SET name = $3, version = version + 1 WHERE account_id = $1 AND id = $2");
        Ok(sqlx::query(&sql).bind(account_id).bind(id).bind(name).execute(ex).await?.rows_affected())
    }

    /// Deletes the team; its members stay in the account without a team.
    pub async fn delete_team<'e, E>(&self, ex: E, account_id: &str, id: &str) -> sqlx::Result<u64>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("DELETE FROM teams WHERE account_id = $1 AND id = $2");
        Ok(sqlx::query(&sql).bind(account_id).bind(id).execute(ex).await?.rows_affected())
    }

    // ---- subscriptions and assignments --------------------------------------------------

    pub async fn subscriptions(&self, account_id: &str) -> sqlx::Result<Vec<SubscriptionRow>> {
        let sql = self.sql_owned(format!(
            "{SUBSCRIPTION_SELECT} WHERE s.account_id = $1 ORDER BY p.name, c.number, s.id"
        ));
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    /// The subscriptions assigned to one member.
    pub async fn subscriptions_of(&self, account_id: &str, user_id: &str) -> sqlx::Result<Vec<SubscriptionRow>> {
        let sql = self.sql_owned(format!(
            "{SUBSCRIPTION_SELECT} JOIN assignments a ON a.subscription_id = s.id \
             WHERE s.account_id = $1 AND a.user_id = $2 ORDER BY p.name, c.number, s.id"
        ));
        sqlx::query_as(&sql).bind(account_id).bind(user_id).fetch_all(self.pool()).await
    }

    pub async fn subscription<'e, E>(&self, ex: E, account_id: &str, id: &str) -> sqlx::Result<Option<SubscriptionRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!("{SUBSCRIPTION_SELECT} WHERE s.account_id = $1 AND s.id = $2"));
        sqlx::query_as(&sql).bind(account_id).bind(id).fetch_optional(ex).await
    }

    /// Assigns a seat. The database refuses it (a CHECK violation) when no seat is left.
    /// Returns false when the member already had one.
    pub async fn insert_assignment<'e, E>(
        &self,
        ex: E,
        subscription_id: &str,
        account_id: &str,
        user_id: &str,
        now: i64,
    ) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        self.insert_assignment_via(ex, subscription_id, account_id, user_id, now, false).await
    }

    /// [`Db::insert_assignment`], marked as given by a team binding or not.
    pub async fn insert_assignment_via<'e, E>(
        &self,
        ex: E,
        subscription_id: &str,
        account_id: &str,
        user_id: &str,
        now: i64,
        via_binding: bool,
    ) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO assignments (subscription_id, account_id, user_id, created_at, via_binding) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (subscription_id, user_id) DO NOTHING",
        );
        let r = sqlx::query(&sql)
            .bind(subscription_id)
            .bind(account_id)
            .bind(user_id)
            .bind(now)
            .bind(via_binding as i64)
            .execute(ex)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    /// Frees a seat; false when the member had none.
    pub async fn delete_assignment<'e, E>(&self, ex: E, subscription_id: &str, user_id: &str) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("DELETE FROM assignments WHERE subscription_id = $1 AND user_id = $2");
        Ok(sqlx::query(&sql).bind(subscription_id).bind(user_id).execute(ex).await?.rows_affected() == 1)
    }

    pub async fn seats<'e, E>(&self, ex: E, subscription_id: &str) -> sqlx::Result<(i64, i64)>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("SELECT seats, seats_used FROM subscriptions WHERE id = $1");
        sqlx::query_as(&sql).bind(subscription_id).fetch_one(ex).await
    }

    /// Number of assignment rows of a subscription (to check the counter against).
    pub async fn count_assignments(&self, subscription_id: &str) -> sqlx::Result<i64> {
        let sql = self.sql("SELECT COUNT(*) FROM assignments WHERE subscription_id = $1");
        sqlx::query_scalar(&sql).bind(subscription_id).fetch_one(self.pool()).await
    }

    // ---- activity -----------------------------------------------------------------------

    pub async fn record_activity<'e, E>(&self, ex: E, a: &NewActivity<'_>) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO activity (id, account_id, actor_id, actor_email, action, object_type, \
             object_id, before_json, after_json, ip, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        );
        sqlx::query(&sql)
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(a.account_id)
            .bind(a.actor_id)
            .bind(a.actor_email)
            .bind(a.action)
            .bind(a.object_type)
            .bind(a.object_id)
            .bind(a.before.as_ref().map(|v| v.to_string()))
            .bind(a.after.as_ref().map(|v| v.to_string()))
            .bind(a.ip)
            .bind(a.at)
            .execute(ex)
            .await?;
        Ok(())
    }

    /// Newest first; `before_id` is the last id of the previous page. `action` filters by
    /// prefix (`assignment.`), `actor` by a part of the actor's address.
    pub async fn activity(
        &self,
        account_id: &str,
        before_id: Option<&str>,
        action: &str,
        actor: &str,
        limit: i64,
    ) -> sqlx::Result<Vec<ActivityRow>> {
        let sql = self.sql(
            "SELECT id, actor_email, action, object_type, object_id, before_json, after_json, ip, created_at \
             FROM activity WHERE account_id = $1 AND ($2 = '' OR id < $2) \
             AND ($4 = '' OR substr(action, 1, length($4)) = $4) \
             AND ($5 = '%%' OR lower(actor_email) LIKE $5 ESCAPE '\\') ORDER BY id DESC LIMIT $3",
        );
        sqlx::query_as(&sql)
            .bind(account_id)
            .bind(before_id.unwrap_or(""))
            .bind(limit)
            .bind(action)
            .bind(like_pattern(actor))
            .fetch_all(self.pool())
            .await
    }
}

/// True when the error is the database refusing an over-assignment (the seats CHECK).
pub fn is_seat_limit(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.kind() == sqlx::error::ErrorKind::CheckViolation)
}

#[cfg(test)]
mod tests {
    use super::{like_pattern, search_words};

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(like_pattern("Ana"), "%ana%");
        assert_eq!(like_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn search_words_split_on_anything_but_letters_and_digits() {
        let words = |t: &str| search_words(t).into_iter().map(|(w, _)| w).collect::<Vec<_>>();
        assert_eq!(words("  Ana.NOV@ex"), ["ana", "nov", "ex"]);
        assert_eq!(words("ŠKOF Žan-Čedo"), ["škof", "žan", "čedo"]);
        assert_eq!(words("王小明 m3"), ["王小明", "m3"]);
        assert_eq!(words("\"*' OR 1:* & !"), ["or", "1"]);
        assert!(search_words("% _ \\").is_empty());
        assert_eq!(search_words(&"a ".repeat(100)).len(), 32);
        assert_eq!(search_words(&"x".repeat(100))[0], ("x".repeat(64), true));
    }

    #[test]
    fn words_typed_whole_are_not_prefixes() {
        // Before a space or at the end: a prefix. Before other punctuation: typed whole.
        assert_eq!(
            search_words("nika.horvat2@northwind.ex"),
            [("nika".into(), false), ("horvat2".into(), false), ("northwind".into(), false), ("ex".into(), true)]
        );
        assert_eq!(search_words("nik hor"), [("nik".into(), true), ("hor".into(), true)]);
        assert_eq!(search_words("Žan-Č"), [("žan".into(), false), ("č".into(), true)]);
    }
}

impl Db {
    /// Addresses of the account's members.
    pub async fn member_emails(&self, account_id: &str) -> sqlx::Result<Vec<String>> {
        let sql = self.sql("SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.account_id = $1");
        sqlx::query_scalar(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    /// Addresses with a pending, unexpired invitation to the account.
    pub async fn pending_invitation_emails(&self, account_id: &str, now: i64) -> sqlx::Result<Vec<String>> {
        let sql = self.sql("SELECT email FROM invitations WHERE account_id = $1 AND status = 'pending' AND expires_at > $2");
        sqlx::query_scalar(&sql).bind(account_id).bind(now).fetch_all(self.pool()).await
    }
}
