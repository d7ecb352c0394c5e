//! The vendor's price book.

use sqlx::{Any, Executor, FromRow};

use super::{Db, Tx};

#[derive(Debug, Clone, FromRow)]
pub struct PriceRow {
    pub id: String,
    pub product_id: String,
    pub product_code: String,
    pub product_name: String,
    pub licence_type: String,
    pub term: String,
    pub kind: String,
    pub currency: String,
    pub amount_minor: i64,
    pub effective_from: String,
}

/// A new price (see [`PriceRow`]).
pub struct NewPrice<'a> {
    pub id: &'a str,
    pub product_id: &'a str,
    pub licence_type: &'a str,
    pub term: &'a str,
    pub kind: &'a str,
    pub currency: &'a str,
    pub amount_minor: i64,
    pub effective_from: &'a str,
}

const COLUMNS: &str = "pr.id, pr.product_id, p.code AS product_code, p.name AS product_name, pr.licence_type, pr.term, \
                       pr.kind, pr.currency, pr.amount_minor, pr.effective_from";

impl Db {
    /// The price book (of one product, when given), by product code, licence type, term, kind and
    /// currency, then newest first.
    pub async fn prices(&self, product_id: Option<&str>) -> sqlx::Result<Vec<PriceRow>> {
        let sql = self.sql_owned(format!(
            "SELECT {COLUMNS} FROM prices pr JOIN products p ON p.id = pr.product_id \
             WHERE ($1 = '' OR pr.product_id = $1) \
             ORDER BY p.code, pr.licence_type, pr.term, pr.kind, pr.currency, pr.effective_from DESC"
        ));
        sqlx::query_as(&sql).bind(product_id.unwrap_or("")).fetch_all(self.pool()).await
    }

    pub async fn price<'e, E>(&self, ex: E, id: &str) -> sqlx::Result<Option<PriceRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!("SELECT {COLUMNS} FROM prices pr JOIN products p ON p.id = pr.product_id WHERE pr.id = $1"));
        sqlx::query_as(&sql).bind(id).fetch_optional(ex).await
    }

    /// The price in force on `day` (`YYYY-MM-DD`): the latest to start on or before it.
    #[allow(clippy::too_many_arguments)]
    pub async fn price_on<'e, E>(
        &self,
        ex: E,
        product_id: &str,
        licence_type: &str,
        term: &str,
        kind: &str,
        currency: &str,
        day: &str,
    ) -> sqlx::Result<Option<PriceRow>>
    where
        E: Executor<'e, Database = Any>,
    {
        let sql = self.sql_owned(format!(
            "SELECT {COLUMNS} FROM prices pr JOIN products p ON p.id = pr.product_id \
             WHERE pr.product_id = $1 AND pr.licence_type = $2 AND pr.term = $3 AND pr.kind = $4 AND pr.currency = $5 \
               AND pr.effective_from <= $6 \
             ORDER BY pr.effective_from DESC LIMIT 1"
        ));
        sqlx::query_as(&sql)
            .bind(product_id)
            .bind(licence_type)
            .bind(term)
            .bind(kind)
            .bind(currency)
            .bind(day)
            .fetch_optional(ex)
            .await
    }

    /// Adds a price; false when the same price already starts on that day.
    pub async fn insert_price(&self, tx: &mut Tx, p: &NewPrice<'_>, now: i64) -> sqlx::Result<bool> {
        let sql = self.sql(
            "INSERT INTO prices (id, product_id, licence_type, term, kind, currency, amount_minor, effective_from, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (product_id, licence_type, term, kind, currency, effective_from) DO NOTHING",
        );
        let done = sqlx::query(&sql)
            .bind(p.id)
            .bind(p.product_id)
            .bind(p.licence_type)
            .bind(p.term)
            .bind(p.kind)
            .bind(p.currency)
            .bind(p.amount_minor)
            .bind(p.effective_from)
            .bind(now)
            .execute(&mut **tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes a price that is not in force yet (starts after `today`); false otherwise.
    pub async fn delete_scheduled_price(&self, tx: &mut Tx, id: &str, today: &str) -> sqlx::Result<bool> {
        let sql = self.sql("DELETE FROM prices WHERE id = $1 AND effective_from > $2");
        Ok(sqlx::query(&sql).bind(id).bind(today).execute(&mut **tx).await?.rows_affected() == 1)
    }
}
