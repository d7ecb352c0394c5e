//! The vendor's price book (back office). Vendor staff only.

use axum::{extract::State, http::StatusCode, Json};
use seatwise_api::{ErrorBody, NewPriceRequest, Price, PriceBook};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser},
    vendor::staff,
};
use crate::{
    domain::{catalogue::Staff, prices},
    error::AppResult,
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(price_book, add_price)).routes(routes!(remove_price))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PriceBookQuery {
    /// Only this product's or collection's prices.
    pub product: Option<String>,
}

/// The price book: every price with where it stands today (in force, scheduled, superseded).
#[utoipa::path(get, path = "/vendor/prices", tag = "vendor", params(PriceBookQuery),
    responses((status = 200, body = PriceBook), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn price_book(State(state): State<AppState>, current: CurrentUser, ApiQuery(q): ApiQuery<PriceBookQuery>) -> AppResult<Json<PriceBook>> {
    staff(current)?;
    prices::price_book(&state, q.product.as_deref().filter(|p| !p.is_empty())).await.map(Json)
}

/// Adds a price from a day on (today or later): it takes over from the price before it on that
/// day. 409 `taken` when the same price already starts that day.
#[utoipa::path(post, path = "/vendor/prices", tag = "vendor", request_body = NewPriceRequest,
    responses((status = 201, body = Price), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_price(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<NewPriceRequest>,
) -> AppResult<(StatusCode, Json<Price>)> {
    let who = staff(current)?;
    let price = prices::add_price(&state, &Staff { user: &who, ip: &client.ip }, &req).await?;
    Ok((StatusCode::CREATED, Json(price)))
}

/// Removes a price that is not in force yet. 409 `conflict` for one in force or superseded: what
/// was charged stays in the book.
#[utoipa::path(delete, path = "/vendor/prices/{price}", tag = "vendor", params(("price" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn remove_price(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(price): ApiPath<String>,
) -> AppResult<StatusCode> {
    let who = staff(current)?;
    prices::remove_price(&state, &Staff { user: &who, ip: &client.ip }, &price).await?;
    Ok(StatusCode::NO_CONTENT)
}
