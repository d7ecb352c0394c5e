//! The vendor's provisioning: products, customer accounts, contracts, subscriptions;
//! invitations to customer accounts.

use sqlx::{Any, Executor, FromRow};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct ProductRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct VendorAccountRow {
    pub id: String,
    pub number: String,
    pub name: String,
    pub country: String,
    pub member_count: i64,
    pub contract_count: i64,
    pub created_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct ContractRow {
    pub id: String,
    pub account_id: String,
    pub number: String,
    pub start_date: String,
    pub end_date: String,
    pub partner_name: String,
    pub partner_email: String,
    pub partner_phone: String,
    /// ISO 4217: what its subscriptions are priced and invoiced in.
    pub currency: String,
}

#[derive(Debug, Clone)]
pub struct NewSubscription<'a> {
    pub id: &'a str,
    pub account_id: &'a str,
    pub contract_id: &'a str,
    pub product_id: &'a str,
    pub licence_type: &'a str,
    pub seats: i64,
    pub term: &'a str,
    pub start_date: &'a str,
    pub end_date: &'a str,
    pub auto_renew: bool,
    pub serial_number: &'a str,
    pub product_key: &'a str,
    /// Cloud credits bought.
    pub credits_total: i64,
    pub now: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct InvitationRow {
    pub id: String,
    pub account_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: String,
    pub team_id: Option<String>,
    pub products: String,
    pub status: String,
    pub created_at: i64,
    pub expires_at: i64,
}

const INVITATION_COLUMNS: &str =
    "id, account_id, email, first_name, last_name, role, team_id, products, status, created_at, expires_at";

impl Db {
    pub async fn products(&self) -> sqlx::Result<Vec<ProductRow>> {
        sqlx::query_as("SELECT id, code, name, kind FROM products ORDER BY name").fetch_all(self.pool()).await
    }

    pub async fn product(&self, id: &str) -> sqlx::Result<Option<ProductRow>> {
        let sql = self.sql("SELECT id, code, name, kind FROM products WHERE id = $1");
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }

    pub async fn insert_product<'e, E>(&self, ex: E, p: &ProductRow, now: i64) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("INSERT INTO products (id, code, name, kind, created_at) VALUES ($1, $2, $3, $4, $5)");
        sqlx::query(&sql).bind(&p.id).bind(&p.code).bind(&p.name).bind(&p.kind).bind(now).execute(ex).await?;
        Ok(())
    }

    pub async fn insert_account<'e, E>(&self, ex: E, id: &str, number: &str, name: &str, country: &str, now: i64) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("INSERT INTO accounts (id, number, name, country, created_at) VALUES ($1, $2, $3, $4, $5)");
        sqlx::query(&sql).bind(id).bind(number).bind(name).bind(country).bind(now).execute(ex).await?;
        Ok(())
    }

    pub async fn vendor_accounts(&self) -> sqlx::Result<Vec<VendorAccountRow>> {
        sqlx::query_as(
            "SELECT a.id, a.number, a.name, a.country, \
             (SELECT COUNT(*) FROM memberships m WHERE m.account_id = a.id) AS member_count, \
             (SELECT COUNT(*) FROM contracts c WHERE c.account_id = a.id) AS contract_count, a.created_at \
             FROM accounts a ORDER BY a.name",
        )
        .fetch_all(self.pool())
        .await
    }

    pub async fn insert_contract<'e, E>(&self, ex: E, c: &ContractRow, now: i64) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO contracts (id, account_id, number, start_date, end_date, partner_name, \
             partner_email, partner_phone, currency, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        );
        sqlx::query(&sql)
            .bind(&c.id)
            .bind(&c.account_id)
            .bind(&c.number)
            .bind(&c.start_date)
            .bind(&c.end_date)
            .bind(&c.partner_name)
            .bind(&c.partner_email)
            .bind(&c.partner_phone)
            .bind(&c.currency)
            .bind(now)
            .execute(ex)
            .await?;
        Ok(())
    }

    pub async fn contract(&self, id: &str) -> sqlx::Result<Option<ContractRow>> {
        let sql = self.sql(
            "SELECT id, account_id, number, start_date, end_date, partner_name, partner_email, \
             partner_phone, currency FROM contracts WHERE id = $1",
        );
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }

    pub async fn insert_subscription<'e, E>(&self, ex: E, s: &NewSubscription<'_>) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO subscriptions (id, account_id, contract_id, product_id, licence_type, seats, \
             term, start_date, end_date, auto_renew, status, serial_number, product_key, created_at, credits_total) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', $11, $12, $13, $14)",
        );
        sqlx::query(&sql)
            .bind(s.id)
            .bind(s.account_id)
            .bind(s.contract_id)
            .bind(s.product_id)
            .bind(s.licence_type)
            .bind(s.seats)
            .bind(s.term)
            .bind(s.start_date)
            .bind(s.end_date)
            .bind(s.auto_renew as i64)
            .bind(s.serial_number)
            .bind(s.product_key)
            .bind(s.now)
            .bind(s.credits_total)
            .execute(ex)
            .await?;
        Ok(())
    }

    // ---- invitations --------------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_invitation<'e, E>(
        &self,
        ex: E,
        inv: &InvitationRow,
        token_hash: &str,
        invited_by: Option<&str>,
    ) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO invitations (id, account_id, email, first_name, last_name, role, team_id, \
             products, token_hash, status, invited_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'pending', $10, $11, $12)",
        );
        sqlx::query(&sql)
            .bind(&inv.id)
            .bind(&inv.account_id)
            .bind(&inv.email)
            .bind(&inv.first_name)
            .bind(&inv.last_name)
            .bind(&inv.role)
            .bind(inv.team_id.as_deref())
            .bind(&inv.products)
            .bind(token_hash)
            .bind(invited_by)
            .bind(inv.created_at)
            .bind(inv.expires_at)
            .execute(ex)
            .await?;
        Ok(())
    }

    /// A pending, unexpired invitation by its token.
    pub async fn open_invitation(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<InvitationRow>> {
        let sql = self.sql_owned(format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1 AND status = 'pending' AND expires_at > $2"
        ));
        sqlx::query_as(&sql).bind(token_hash).bind(now).fetch_optional(self.pool()).await
    }

    /// Marks it accepted; false when someone else got there first.
    pub async fn accept_invitation<'e, E>(&self, ex: E, id: &str, now: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "UPDATE invitations SET status = 'accepted', accepted_at = $2 \
             WHERE id = $1 AND status = 'pending' AND expires_at > $2",
        );
        Ok(sqlx::query(&sql).bind(id).bind(now).execute(ex).await?.rows_affected() == 1)
    }
}

impl Db {
    pub async fn invitation<'e, E>(&self, ex: E, account_id: &str, id: &str) -> sqlx::Result<Option<InvitationRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE account_id = $1 AND id = $2"
        ));
        sqlx::query_as(&sql).bind(account_id).bind(id).fetch_optional(ex).await
    }

    /// Newest first.
    pub async fn invitations(&self, account_id: &str) -> sqlx::Result<Vec<InvitationRow>> {
        let sql = self.sql_owned(format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE account_id = $1 ORDER BY created_at DESC, id LIMIT 1000"
        ));
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    /// A new token and expiry; false when it is no longer pending (accepted or revoked since).
    pub async fn renew_invitation<'e, E>(&self, ex: E, id: &str, token_hash: &str, expires_at: i64) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE invitations SET token_hash = $2, expires_at = $3 WHERE id = $1 AND status = 'pending'");
        Ok(sqlx::query(&sql).bind(id).bind(token_hash).bind(expires_at).execute(ex).await?.rows_affected() == 1)
    }

    pub async fn revoke_invitation<'e, E>(&self, ex: E, account_id: &str, id: &str) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE invitations SET status = 'revoked' WHERE account_id = $1 AND id = $2 AND status = 'pending'");
        Ok(sqlx::query(&sql).bind(account_id).bind(id).execute(ex).await?.rows_affected() == 1)
    }

    /// A pending invitation by token, whether or not it has expired (for the invitation page).
    pub async fn invitation_by_token(&self, token_hash: &str) -> sqlx::Result<Option<InvitationRow>> {
        let sql = self.sql_owned(format!("SELECT {INVITATION_COLUMNS} FROM invitations WHERE token_hash = $1"));
        sqlx::query_as(&sql).bind(token_hash).fetch_optional(self.pool()).await
    }

    /// The ids among `ids` that are subscriptions of the account.
    pub async fn subscriptions_in_account(&self, account_id: &str, ids: &[String]) -> sqlx::Result<Vec<String>> {
        let mut found = vec![];
        for id in ids {
            let sql = self.sql("SELECT id FROM subscriptions WHERE account_id = $1 AND id = $2");
            if let Some(s) = sqlx::query_scalar::<_, String>(&sql).bind(account_id).bind(id).fetch_optional(self.pool()).await? {
                found.push(s);
            }
        }
        Ok(found)
    }
}

impl Db {
    pub async fn contracts_of(&self, account_id: &str) -> sqlx::Result<Vec<ContractRow>> {
        let sql = self.sql(
            "SELECT id, account_id, number, start_date, end_date, partner_name, partner_email, \
             partner_phone, currency FROM contracts WHERE account_id = $1 ORDER BY start_date, number",
        );
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    /// The contract manager's email, once someone holds the role.
    pub async fn primary_admin_email(&self, account_id: &str) -> sqlx::Result<Option<String>> {
        let sql = self.sql(
            "SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id \
             WHERE m.account_id = $1 AND m.role = 'primary_admin'",
        );
        sqlx::query_scalar(&sql).bind(account_id).fetch_optional(self.pool()).await
    }
}
