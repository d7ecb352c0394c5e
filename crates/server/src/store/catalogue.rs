//! The catalogue (products, collections, releases, files), downloads, trials, licence requests,
//! install packages and the keys the servers share.

use sqlx::{Any, Executor, FromRow};

use super::Db;

#[derive(Debug, Clone, FromRow)]
pub struct CatalogueProductRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub description: String,
    pub icon: String,
    pub trial_days: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct ReleaseRow {
    pub id: String,
    pub product_id: String,
    pub version: String,
    pub released_on: String,
    pub supported_until: Option<String>,
    pub product_key: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct FileRow {
    pub id: String,
    pub release_id: String,
    pub platform: String,
    pub language: String,
    pub kind: String,
    pub title: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub storage_key: String,
    pub created_at: i64,
}

/// A file with the product and version it belongs to.
#[derive(Debug, Clone, FromRow)]
pub struct FileInfoRow {
    pub id: String,
    pub release_id: String,
    pub product_id: String,
    pub product_code: String,
    pub version: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub storage_key: String,
}

#[derive(Debug, Clone, FromRow)]
pub struct TrialRow {
    pub id: String,
    pub account_id: String,
    pub user_id: String,
    pub product_id: String,
    pub started_at: i64,
    pub ends_at: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct RequestRow {
    pub id: String,
    pub number: String,
    pub account_id: String,
    pub account_name: String,
    pub subscription_id: String,
    pub contract_number: String,
    pub licence_type: String,
    pub product_id: String,
    pub product_code: String,
    pub product_name: String,
    pub kind: String,
    pub status: String,
    pub requested_by: Option<String>,
    pub requester_name: String,
    pub requester_email: String,
    pub version: Option<String>,
    pub language: Option<String>,
    pub shipping_json: Option<String>,
    pub host_name: Option<String>,
    pub host_id: Option<String>,
    pub note: String,
    pub serial_number: Option<String>,
    pub tracking_number: Option<String>,
    pub reason: Option<String>,
    pub licence_file: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const REQUEST_SELECT: &str = "SELECT r.id, r.number, r.account_id, a.name AS account_name, r.subscription_id, \
    c.number AS contract_number, s.licence_type, r.product_id, p.code AS product_code, p.name AS product_name, \
    r.kind, r.status, r.requested_by, r.requester_name, r.requester_email, r.version, r.language, \
    r.shipping_json, r.host_name, r.host_id, r.note, r.serial_number, r.tracking_number, r.reason, \
    r.licence_file, r.created_at, r.updated_at \
    FROM licence_requests r JOIN accounts a ON a.id = r.account_id \
    JOIN subscriptions s ON s.id = r.subscription_id JOIN contracts c ON c.id = s.contract_id \
    JOIN products p ON p.id = r.product_id";

#[derive(Debug, Clone)]
pub struct NewRequest<'a> {
    pub id: &'a str,
    pub number: &'a str,
    pub account_id: &'a str,
    pub subscription_id: &'a str,
    pub product_id: &'a str,
    pub kind: &'a str,
    pub requested_by: &'a str,
    pub requester_name: &'a str,
    pub requester_email: &'a str,
    pub version: Option<&'a str>,
    pub language: Option<&'a str>,
    pub shipping_json: Option<String>,
    pub host_name: Option<&'a str>,
    pub host_id: Option<&'a str>,
    pub note: &'a str,
    pub now: i64,
}

#[derive(Debug, Clone, FromRow)]
pub struct PackageRow {
    pub id: String,
    pub account_id: String,
    pub name: String,
    pub platform: String,
    pub language: String,
    pub items_json: String,
    pub options_json: String,
    pub shared: i64,
    pub created_by: Option<String>,
    pub created_by_name: String,
    pub updated_at: i64,
}

const PACKAGE_COLUMNS: &str =
    "id, account_id, name, platform, language, items_json, options_json, shared, created_by, created_by_name, updated_at";

impl Db {
    // ---- catalogue ----------------------------------------------------------------------

    pub async fn catalogue_products(&self) -> sqlx::Result<Vec<CatalogueProductRow>> {
        sqlx::query_as("SELECT id, code, name, kind, description, icon, trial_days FROM products ORDER BY name")
            .fetch_all(self.pool())
            .await
    }

    pub async fn catalogue_product<'e, E>(&self, ex: E, id: &str) -> sqlx::Result<Option<CatalogueProductRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("SELECT id, code, name, kind, description, icon, trial_days FROM products WHERE id = $1");
        sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
    }

    /// (collection id, product id) pairs.
    pub async fn collection_items(&self) -> sqlx::Result<Vec<(String, String)>> {
        sqlx::query_as("SELECT collection_id, product_id FROM collection_items").fetch_all(self.pool()).await
    }

    pub async fn update_product<'e, E>(&self, ex: E, p: &CatalogueProductRow) -> sqlx::Result<u64>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("UPDATE products SET name = $2, description = $3, icon = $4, trial_days = $5 WHERE id = $1");
        Ok(sqlx::query(&sql)
            .bind(&p.id)
            .bind(&p.name)
            .bind(&p.description)
            .bind(&p.icon)
            .bind(p.trial_days)
            .execute(ex)
            .await?
            .rows_affected())
    }

    pub async fn clear_collection(&self, tx: &mut super::Tx, collection_id: &str) -> sqlx::Result<()> {
        let sql = self.sql("DELETE FROM collection_items WHERE collection_id = $1");
        sqlx::query(&sql).bind(collection_id).execute(&mut **tx).await?;
        Ok(())
    }

    pub async fn add_to_collection(&self, tx: &mut super::Tx, collection_id: &str, product_id: &str) -> sqlx::Result<()> {
        let sql = self.sql("INSERT INTO collection_items (collection_id, product_id) VALUES ($1, $2)");
        sqlx::query(&sql).bind(collection_id).bind(product_id).execute(&mut **tx).await?;
        Ok(())
    }

    pub async fn releases(&self) -> sqlx::Result<Vec<ReleaseRow>> {
        sqlx::query_as(
            "SELECT id, product_id, version, released_on, supported_until, product_key FROM releases \
             ORDER BY product_id, released_on DESC, version DESC",
        )
        .fetch_all(self.pool())
        .await
    }

    pub async fn release(&self, id: &str) -> sqlx::Result<Option<ReleaseRow>> {
        let sql = self.sql("SELECT id, product_id, version, released_on, supported_until, product_key FROM releases WHERE id = $1");
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }

    pub async fn insert_release<'e, E>(&self, ex: E, r: &ReleaseRow, now: i64) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO releases (id, product_id, version, released_on, supported_until, product_key, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        );
        sqlx::query(&sql)
            .bind(&r.id)
            .bind(&r.product_id)
            .bind(&r.version)
            .bind(&r.released_on)
            .bind(&r.supported_until)
            .bind(&r.product_key)
            .bind(now)
            .execute(ex)
            .await?;
        Ok(())
    }

    pub async fn files(&self) -> sqlx::Result<Vec<FileRow>> {
        sqlx::query_as(
            "SELECT id, release_id, platform, language, kind, title, file_name, size, sha256, storage_key, created_at \
             FROM release_files ORDER BY release_id, kind, platform, language, file_name",
        )
        .fetch_all(self.pool())
        .await
    }

    pub async fn file_info(&self, id: &str) -> sqlx::Result<Option<FileInfoRow>> {
        let sql = self.sql(
            "SELECT f.id, f.release_id, r.product_id, p.code AS product_code, r.version, f.file_name, f.size, \
             f.sha256, f.storage_key FROM release_files f JOIN releases r ON r.id = f.release_id \
             JOIN products p ON p.id = r.product_id WHERE f.id = $1",
        );
        sqlx::query_as(&sql).bind(id).fetch_optional(self.pool()).await
    }

    pub async fn insert_file<'e, E>(&self, ex: E, f: &FileRow, uploaded_by: Option<&str>) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO release_files (id, release_id, platform, language, kind, title, file_name, size, sha256, \
             storage_key, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        );
        sqlx::query(&sql)
            .bind(&f.id)
            .bind(&f.release_id)
            .bind(&f.platform)
            .bind(&f.language)
            .bind(&f.kind)
            .bind(&f.title)
            .bind(&f.file_name)
            .bind(f.size)
            .bind(&f.sha256)
            .bind(&f.storage_key)
            .bind(uploaded_by)
            .bind(f.created_at)
            .execute(ex)
            .await?;
        Ok(())
    }

    pub async fn delete_file<'e, E>(&self, ex: E, id: &str) -> sqlx::Result<u64>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql("DELETE FROM release_files WHERE id = $1");
        Ok(sqlx::query(&sql).bind(id).execute(ex).await?.rows_affected())
    }

    // ---- downloads and trials -------------------------------------------------------------

    #[allow(clippy::too_many_arguments)]
    pub async fn record_download<'e, E>(
        &self,
        ex: E,
        account_id: &str,
        user_id: &str,
        file_id: &str,
        product_id: &str,
        via: &str,
        now: i64,
    ) -> sqlx::Result<()>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO downloads (id, account_id, user_id, file_id, product_id, via, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        );
        sqlx::query(&sql)
            .bind(uuid::Uuid::now_v7().to_string())
            .bind(account_id)
            .bind(user_id)
            .bind(file_id)
            .bind(product_id)
            .bind(via)
            .bind(now)
            .execute(ex)
            .await?;
        Ok(())
    }

    pub async fn download_count(&self, account_id: &str) -> sqlx::Result<i64> {
        let sql = self.sql("SELECT COUNT(*) FROM downloads WHERE account_id = $1");
        sqlx::query_scalar(&sql).bind(account_id).fetch_one(self.pool()).await
    }

    /// The person's trials in this account (running and ended).
    pub async fn trials_of(&self, account_id: &str, user_id: &str) -> sqlx::Result<Vec<TrialRow>> {
        let sql = self.sql(
            "SELECT id, account_id, user_id, product_id, started_at, ends_at FROM trials \
             WHERE account_id = $1 AND user_id = $2 ORDER BY started_at DESC",
        );
        sqlx::query_as(&sql).bind(account_id).bind(user_id).fetch_all(self.pool()).await
    }

    /// Starts a trial; false when the person already had one of this product.
    pub async fn insert_trial<'e, E>(&self, ex: E, t: &TrialRow) -> sqlx::Result<bool>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql(
            "INSERT INTO trials (id, account_id, user_id, product_id, started_at, ends_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, product_id) DO NOTHING",
        );
        let r = sqlx::query(&sql)
            .bind(&t.id)
            .bind(&t.account_id)
            .bind(&t.user_id)
            .bind(&t.product_id)
            .bind(t.started_at)
            .bind(t.ends_at)
            .execute(ex)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    pub async fn has_tried(&self, user_id: &str, product_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql("SELECT COUNT(*) FROM trials WHERE user_id = $1 AND product_id = $2");
        Ok(sqlx::query_scalar::<_, i64>(&sql).bind(user_id).bind(product_id).fetch_one(self.pool()).await? > 0)
    }

    /// (subscription id, user id) of every assignment of the account, for team filters and
    /// entitlements.
    pub async fn account_assignments(&self, account_id: &str) -> sqlx::Result<Vec<(String, String, Option<String>)>> {
        let sql = self.sql(
            "SELECT a.subscription_id, a.user_id, tm.team_id FROM assignments a \
             LEFT JOIN team_members tm ON tm.account_id = a.account_id AND tm.user_id = a.user_id WHERE a.account_id = $1",
        );
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    pub async fn is_assigned(&self, subscription_id: &str, user_id: &str) -> sqlx::Result<bool> {
        let sql = self.sql("SELECT COUNT(*) FROM assignments WHERE subscription_id = $1 AND user_id = $2");
        Ok(sqlx::query_scalar::<_, i64>(&sql).bind(subscription_id).bind(user_id).fetch_one(self.pool()).await? > 0)
    }

    // ---- licence requests -----------------------------------------------------------------

    /// The next request number, counted in the database so that every server agrees.
    pub async fn next_request_number(&self, tx: &mut super::Tx) -> sqlx::Result<i64> {
        sqlx::query_scalar("UPDATE counters SET value = value + 1 WHERE name = 'licence_request' RETURNING value")
            .fetch_one(&mut **tx)
            .await
    }

    pub async fn insert_request(&self, tx: &mut super::Tx, r: &NewRequest<'_>) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO licence_requests (id, number, account_id, subscription_id, product_id, kind, status, \
             requested_by, requester_name, requester_email, version, language, shipping_json, host_name, host_id, \
             note, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16)",
        );
        sqlx::query(&sql)
            .bind(r.id)
            .bind(r.number)
            .bind(r.account_id)
            .bind(r.subscription_id)
            .bind(r.product_id)
            .bind(r.kind)
            .bind(r.requested_by)
            .bind(r.requester_name)
            .bind(r.requester_email)
            .bind(r.version)
            .bind(r.language)
            .bind(&r.shipping_json)
            .bind(r.host_name)
            .bind(r.host_id)
            .bind(r.note)
            .bind(r.now)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    /// An open request of the same kind for the same subscription and version.
    pub async fn open_request_exists(
        &self,
        tx: &mut super::Tx,
        subscription_id: &str,
        product_id: &str,
        kind: &str,
        version: Option<&str>,
    ) -> sqlx::Result<bool> {
        let sql = self.sql(
            "SELECT COUNT(*) FROM licence_requests WHERE subscription_id = $1 AND product_id = $2 AND kind = $3 \
             AND COALESCE(version, '') = $4 AND status IN ('requested', 'approved')",
        );
        let n: i64 = sqlx::query_scalar(&sql)
            .bind(subscription_id)
            .bind(product_id)
            .bind(kind)
            .bind(version.unwrap_or(""))
            .fetch_one(&mut **tx)
            .await?;
        Ok(n > 0)
    }

    pub async fn request<'e, E>(&self, ex: E, id: &str) -> sqlx::Result<Option<RequestRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!("{REQUEST_SELECT} WHERE r.id = $1"));
        sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
    }

    pub async fn account_requests(&self, account_id: &str) -> sqlx::Result<Vec<RequestRow>> {
        let sql = self.sql_owned(format!("{REQUEST_SELECT} WHERE r.account_id = $1 ORDER BY r.created_at DESC, r.number DESC"));
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    /// The vendor's queue: open requests first, oldest first.
    pub async fn request_queue(&self, kind: Option<&str>, status: Option<&str>, created_before: Option<i64>) -> sqlx::Result<Vec<RequestRow>> {
        let sql = self.sql_owned(format!(
            "{REQUEST_SELECT} WHERE ($1 = '' OR r.kind = $1) AND ($2 = '' OR r.status = $2) AND r.created_at <= $3 \
             ORDER BY CASE WHEN r.status IN ('requested', 'approved') THEN 0 ELSE 1 END, r.created_at, r.number LIMIT 500"
        ));
        sqlx::query_as(&sql)
            .bind(kind.unwrap_or(""))
            .bind(status.unwrap_or(""))
            .bind(created_before.unwrap_or(i64::MAX))
            .fetch_all(self.pool())
            .await
    }

    /// Fulfilled previous-version serials of a subscription: (version, serial).
    pub async fn previous_version_serials(&self, subscription_id: &str) -> sqlx::Result<Vec<(String, String)>> {
        let sql = self.sql(
            "SELECT version, serial_number FROM licence_requests WHERE subscription_id = $1 \
             AND kind = 'previous_version' AND status = 'fulfilled' AND version IS NOT NULL AND serial_number IS NOT NULL",
        );
        sqlx::query_as(&sql).bind(subscription_id).fetch_all(self.pool()).await
    }

    /// Moves a request on, only from the status it was read in (a concurrent change loses).
    #[allow(clippy::too_many_arguments)]
    pub async fn update_request(
        &self,
        tx: &mut super::Tx,
        id: &str,
        from: &str,
        to: &str,
        serial: Option<&str>,
        tracking: Option<&str>,
        reason: Option<&str>,
        licence_file: Option<&str>,
        now: i64,
    ) -> sqlx::Result<bool> {
        let sql = self.sql(
            "UPDATE licence_requests SET status = $3, serial_number = COALESCE($4, serial_number), \
             tracking_number = COALESCE($5, tracking_number), reason = COALESCE($6, reason), \
             licence_file = COALESCE($7, licence_file), updated_at = $8 WHERE id = $1 AND status = $2",
        );
        let r = sqlx::query(&sql)
            .bind(id)
            .bind(from)
            .bind(to)
            .bind(serial)
            .bind(tracking)
            .bind(reason)
            .bind(licence_file)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        Ok(r.rows_affected() == 1)
    }

    // ---- install packages -----------------------------------------------------------------

    pub async fn packages(&self, account_id: &str) -> sqlx::Result<Vec<PackageRow>> {
        let sql = self.sql_owned(format!(
            "SELECT {PACKAGE_COLUMNS} FROM install_packages WHERE account_id = $1 ORDER BY name, id"
        ));
        sqlx::query_as(&sql).bind(account_id).fetch_all(self.pool()).await
    }

    pub async fn package(&self, account_id: &str, id: &str) -> sqlx::Result<Option<PackageRow>> {
        let sql = self.sql_owned(format!(
            "SELECT {PACKAGE_COLUMNS} FROM install_packages WHERE account_id = $1 AND id = $2"
        ));
        sqlx::query_as(&sql).bind(account_id).bind(id).fetch_optional(self.pool()).await
    }

    pub async fn insert_package(&self, tx: &mut super::Tx, p: &PackageRow, now: i64) -> sqlx::Result<()> {
        let sql = self.sql(
            "INSERT INTO install_packages (id, account_id, name, platform, language, items_json, options_json, \
             shared, created_by, created_by_name, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
        );
        sqlx::query(&sql)
            .bind(&p.id)
            .bind(&p.account_id)
            .bind(&p.name)
            .bind(&p.platform)
            .bind(&p.language)
            .bind(&p.items_json)
            .bind(&p.options_json)
            .bind(p.shared)
            .bind(&p.created_by)
            .bind(&p.created_by_name)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }

    pub async fn update_package(&self, tx: &mut super::Tx, p: &PackageRow, now: i64) -> sqlx::Result<u64> {
        let sql = self.sql(
            "UPDATE install_packages SET name = $3, platform = $4, language = $5, items_json = $6, \
             options_json = $7, shared = $8, updated_at = $9 WHERE id = $1 AND account_id = $2",
        );
        Ok(sqlx::query(&sql)
            .bind(&p.id)
            .bind(&p.account_id)
            .bind(&p.name)
            .bind(&p.platform)
            .bind(&p.language)
            .bind(&p.items_json)
            .bind(&p.options_json)
            .bind(p.shared)
            .bind(now)
            .execute(&mut **tx)
            .await?
            .rows_affected())
    }

    pub async fn delete_package(&self, tx: &mut super::Tx, account_id: &str, id: &str) -> sqlx::Result<u64> {
        let sql = self.sql("DELETE FROM install_packages WHERE account_id = $1 AND id = $2");
        Ok(sqlx::query(&sql).bind(account_id).bind(id).execute(&mut **tx).await?.rows_affected())
    }
}
