//! The home page per role, "What's new" per product, and the back office's help links and
//! product updates (`domain::home` holds the rules).

use axum::{extract::State, http::StatusCode, Json};
use seatwise_api::{
    AccountHome, ErrorBody, HelpLink, HelpLinkList, ProductUpdateList, PublishUpdate, PublishedUpdate, PublishedUpdateList, SaveHelpLink,
    VendorHome,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiJson, ApiPath, ClientInfo, CurrentUser},
    vendor::staff,
};
use crate::{
    domain::{catalogue::Staff, home, membership::Actor},
    error::{AppError, AppResult},
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_account_home))
        .routes(routes!(get_vendor_home))
        .routes(routes!(list_product_updates))
        .routes(routes!(list_help_links, add_help_link))
        .routes(routes!(change_help_link, delete_help_link))
        .routes(routes!(list_published_updates, publish_update))
}

/// The member's home page in the account: product updates (new since the last visit marked;
/// this call records the visit), open cases and requests, help links, renewal notices, and
/// for admins seats, the renewal window, pending invitations and the latest activity.
#[utoipa::path(get, path = "/accounts/{account}/home", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = AccountHome), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_account_home(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<AccountHome>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    Ok(Json(home::account_home(&state, &actor).await?))
}

/// The vendor staff's home page: open requests and support cases by age.
#[utoipa::path(get, path = "/vendor/home", tag = "vendor",
    responses((status = 200, body = VendorHome), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_vendor_home(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<VendorHome>> {
    let who = staff(current)?;
    Ok(Json(home::vendor_home(&state, &who).await?))
}

/// What the vendor published for a product, newest first ("What's new").
#[utoipa::path(get, path = "/accounts/{account}/products/{code}/updates", tag = "products",
    params(("account" = String, Path), ("code" = String, Path)),
    responses((status = 200, body = ProductUpdateList), (status = 404, body = ErrorBody)))]
pub async fn list_product_updates(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, code)): ApiPath<(String, String)>,
) -> AppResult<Json<ProductUpdateList>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    Ok(Json(ProductUpdateList { updates: home::whats_new(&state, &actor, &code).await? }))
}

/// Every language's help links (vendor staff).
#[utoipa::path(get, path = "/vendor/help-links", tag = "vendor",
    responses((status = 200, body = HelpLinkList), (status = 403, body = ErrorBody)))]
pub async fn list_help_links(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<HelpLinkList>> {
    staff(current)?;
    Ok(Json(HelpLinkList { links: state.db.help_links(None).await?.iter().map(home::to_help_link).collect() }))
}

/// Adds a help link for one language.
#[utoipa::path(post, path = "/vendor/help-links", tag = "vendor", request_body = SaveHelpLink,
    responses((status = 201, body = HelpLink), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_help_link(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<SaveHelpLink>,
) -> AppResult<(StatusCode, Json<HelpLink>)> {
    let who = staff(current)?;
    let l = home::save_help_link(&state, &Staff { user: &who, ip: &client.ip }, None, &req).await?;
    Ok((StatusCode::CREATED, Json(l)))
}

/// Changes a help link.
#[utoipa::path(put, path = "/vendor/help-links/{link}", tag = "vendor", request_body = SaveHelpLink, params(("link" = String, Path)),
    responses((status = 200, body = HelpLink), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_help_link(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(link): ApiPath<String>,
    ApiJson(req): ApiJson<SaveHelpLink>,
) -> AppResult<Json<HelpLink>> {
    let who = staff(current)?;
    Ok(Json(home::save_help_link(&state, &Staff { user: &who, ip: &client.ip }, Some(&link), &req).await?))
}

/// Removes a help link.
#[utoipa::path(delete, path = "/vendor/help-links/{link}", tag = "vendor", params(("link" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_help_link(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(link): ApiPath<String>,
) -> AppResult<StatusCode> {
    let who = staff(current)?;
    home::delete_help_link(&state, &Staff { user: &who, ip: &client.ip }, &link).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A product's published updates with how far their mails have gone.
#[utoipa::path(get, path = "/vendor/products/{product}/updates", tag = "vendor", params(("product" = String, Path)),
    responses((status = 200, body = PublishedUpdateList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_published_updates(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(product): ApiPath<String>,
) -> AppResult<Json<PublishedUpdateList>> {
    staff(current)?;
    if state.db.product(&product).await?.is_none() {
        return Err(AppError::NotFound);
    }
    Ok(Json(PublishedUpdateList { updates: home::published(&state, &product).await? }))
}

/// Publishes a release, update or add-on: holders of the product who want product mail are
/// mailed once each, by a job. The same release or file is published once (409 `taken`).
#[utoipa::path(post, path = "/vendor/products/{product}/updates", tag = "vendor", request_body = PublishUpdate,
    params(("product" = String, Path)),
    responses((status = 201, body = PublishedUpdate), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish_update(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(product): ApiPath<String>,
    ApiJson(req): ApiJson<PublishUpdate>,
) -> AppResult<(StatusCode, Json<PublishedUpdate>)> {
    let who = staff(current)?;
    let p = home::publish(&state, &Staff { user: &who, ip: &client.ip }, &product, &req).await?;
    Ok((StatusCode::CREATED, Json(p)))
}
