//! The vendor's price book: prices are added from a day on and never changed; one not in force
//! yet may be removed. Used by the back office and by the demo data alike.

use std::collections::BTreeMap;

use seatwise_api::{CurrencyInfo, FieldErrorCode, LicenceType, NewPriceRequest, Price, PriceBook, PriceKind, PriceStatus, Term};
use serde_json::json;

use crate::{
    domain::{
        catalogue::{parse_date, Staff},
        money::{parse_currency, parse_price, CURRENCIES},
        products::today,
    },
    error::{AppError, AppResult},
    state::AppState,
    store::prices::{NewPrice, PriceRow},
};

fn to_price(row: &PriceRow, status: PriceStatus) -> Price {
    Price {
        id: row.id.clone(),
        product_id: row.product_id.clone(),
        product_code: row.product_code.clone(),
        product_name: row.product_name.clone(),
        licence_type: LicenceType::parse(&row.licence_type).unwrap_or(LicenceType::NamedUser),
        term: Term::parse(&row.term).unwrap_or(Term::OneYear),
        kind: PriceKind::parse(&row.kind).unwrap_or(PriceKind::New),
        currency: row.currency.clone(),
        amount_minor: row.amount_minor,
        effective_from: row.effective_from.clone(),
        status,
    }
}

/// A price as the activity log keeps it.
fn logged(row: &PriceRow) -> serde_json::Value {
    json!({
        "product": row.product_code, "licence_type": row.licence_type, "term": row.term, "kind": row.kind,
        "currency": row.currency, "amount_minor": row.amount_minor, "effective_from": row.effective_from,
    })
}

/// The price book (of one product, when given), each price with where it stands today.
pub async fn price_book(state: &AppState, product_id: Option<&str>) -> AppResult<PriceBook> {
    let today = today(state);
    let rows = state.db.prices(product_id).await?;
    // Rows come newest first within a price's line: the first to have started is in force.
    let mut prices = Vec::with_capacity(rows.len());
    let mut line: Option<(String, String, String, String, String)> = None;
    let mut in_force_seen = false;
    for row in &rows {
        let key = (row.product_id.clone(), row.licence_type.clone(), row.term.clone(), row.kind.clone(), row.currency.clone());
        if line.as_ref() != Some(&key) {
            line = Some(key);
            in_force_seen = false;
        }
        let status = if row.effective_from > today {
            PriceStatus::Scheduled
        } else if !in_force_seen {
            in_force_seen = true;
            PriceStatus::InForce
        } else {
            PriceStatus::Superseded
        };
        prices.push(to_price(row, status));
    }
    let currencies = CURRENCIES.iter().map(|(code, minor_units)| CurrencyInfo { code: code.to_string(), minor_units: *minor_units }).collect();
    Ok(PriceBook { prices, currencies, today })
}

/// Adds a price from a day on (today or later). 409 `taken` when the same price already starts
/// that day.
pub async fn add_price(state: &AppState, who: &Staff<'_>, req: &NewPriceRequest) -> AppResult<Price> {
    let mut fields = BTreeMap::new();
    let currency = parse_currency(&req.currency).map_err(|e| fields.insert("currency".into(), e)).ok();
    let amount = parse_price(req.amount_minor).map_err(|e| fields.insert("amount_minor".into(), e)).ok();
    let today = today(state);
    let from = match parse_date(&req.effective_from) {
        Ok(d) if d < today => Err(FieldErrorCode::OutOfRange),
        other => other,
    }
    .map_err(|e| fields.insert("effective_from".into(), e))
    .ok();
    let product = state.db.catalogue_product(state.db.pool(), req.product_id.trim()).await?;
    if product.is_none() {
        fields.insert("product_id".into(), FieldErrorCode::Unknown);
    }
    let (Some(currency), Some(amount), Some(from), Some(product), true) = (currency, amount, from, product, fields.is_empty()) else {
        return Err(AppError::Validation(fields));
    };
    let id = uuid::Uuid::now_v7().to_string();
    let new = NewPrice {
        id: &id,
        product_id: &product.id,
        licence_type: req.licence_type.as_str(),
        term: req.term.as_str(),
        kind: req.kind.as_str(),
        currency,
        amount_minor: amount,
        effective_from: &from,
    };
    let mut tx = state.db.begin().await?;
    if !state.db.insert_price(&mut tx, &new, state.clock.unix()).await? {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::Taken));
    }
    let row = state.db.price(&mut *tx, &id).await?.ok_or(AppError::NotFound)?;
    who.record(state, &mut tx, "price.added", ("price", &id), logged(&row)).await?;
    tx.commit().await?;
    let status = if from > today { PriceStatus::Scheduled } else { PriceStatus::InForce };
    Ok(to_price(&row, status))
}

/// Removes a price that is not in force yet. 409 `conflict` for one in force or superseded:
/// what was charged stays in the book.
pub async fn remove_price(state: &AppState, who: &Staff<'_>, id: &str) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    let row = state.db.price(&mut *tx, id).await?.ok_or(AppError::NotFound)?;
    if !state.db.delete_scheduled_price(&mut tx, id, &today(state)).await? {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::Conflict));
    }
    who.record(state, &mut tx, "price.removed", ("price", id), logged(&row)).await?;
    tx.commit().await?;
    Ok(())
}
