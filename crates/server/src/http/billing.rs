//! Subscriptions' renewals, seat additions and invoices: admins of the account, and vendor
//! staff for payments.

use axum::{extract::State, http::StatusCode, Json};
use seatwise_api::{
    AddSeatsRequest, AlignRequest, AlignmentQuote, AutoRenewRequest, ErrorBody, PremiumPlan, PremiumRequest, Invoice, InvoiceList, InvoiceStatus, NewPaymentRequest, Quote, RenewalRequest,
    RenewalSettings, SubscriptionDetail,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser},
    vendor::staff,
};
use crate::{
    domain::{billing, catalogue::Staff, membership::Actor},
    error::AppResult,
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_subscription))
        .routes(routes!(quote_renewal))
        .routes(routes!(renew))
        .routes(routes!(set_auto_renew))
        .routes(routes!(set_renewal_settings))
        .routes(routes!(quote_seats))
        .routes(routes!(add_seats))
        .routes(routes!(quote_buy_again))
        .routes(routes!(buy_again))
        .routes(routes!(quote_alignment))
        .routes(routes!(align_billing_dates))
        .routes(routes!(get_premium, set_premium))
        .routes(routes!(list_invoices))
        .routes(routes!(get_invoice))
        .routes(routes!(vendor_invoices))
        .routes(routes!(vendor_invoice))
        .routes(routes!(record_payment))
}

async fn actor(state: &AppState, current: CurrentUser, account: &str, client: ClientInfo) -> AppResult<Actor> {
    Actor::load(state, current.user, account, client.ip).await
}

/// The account's premium plan (directory sync, advanced reports, the usage-report API): on or
/// off, its active subscriptions and the number it needs (admins).
#[utoipa::path(get, path = "/accounts/{account}/premium", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = PremiumPlan), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_premium(State(state): State<AppState>, current: CurrentUser, client: ClientInfo, ApiPath(account): ApiPath<String>) -> AppResult<Json<PremiumPlan>> {
    let actor = actor(&state, current, &account, client).await?;
    billing::premium_plan(&state, &actor).await.map(Json)
}

/// Turns the premium plan on or off (the primary admin). 409 `not_offered` when the account
/// has fewer active subscriptions than it needs.
#[utoipa::path(put, path = "/accounts/{account}/premium", tag = "accounts", params(("account" = String, Path)), request_body = PremiumRequest,
    responses((status = 200, body = PremiumPlan), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn set_premium(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<PremiumRequest>,
) -> AppResult<Json<PremiumPlan>> {
    let actor = actor(&state, current, &account, client).await?;
    billing::set_premium(&state, &actor, req.premium).await.map(Json)
}

/// A subscription with its next renewal, partner, status history and invoices (admins).
#[utoipa::path(get, path = "/accounts/{account}/subscriptions/{subscription}", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)),
    responses((status = 200, body = SubscriptionDetail), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_subscription(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
) -> AppResult<Json<SubscriptionDetail>> {
    let actor = actor(&state, current, &account, client).await?;
    billing::detail(&state, &actor, &subscription).await.map(Json)
}

/// The price of renewing for a term and a number of seats, with what buying new would cost.
/// 409 `not_offered` when it cannot be renewed now (see the subscription's `renewal.blocked`).
#[utoipa::path(post, path = "/accounts/{account}/subscriptions/{subscription}/renewal/quote", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)), request_body = RenewalRequest,
    responses((status = 200, body = Quote), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn quote_renewal(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<RenewalRequest>,
) -> AppResult<Json<Quote>> {
    let actor = actor(&state, current, &account, client).await?;
    billing::quote_renewal(&state, &actor, &subscription, &req).await.map(Json)
}

/// Orders the next term (in the renewal window, bought online): an order and its invoice. The
/// seats may not be fewer than are assigned. 409 `not_offered` when it cannot be renewed now,
/// including when the next term is already ordered.
#[utoipa::path(post, path = "/accounts/{account}/subscriptions/{subscription}/renewal", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)), request_body = RenewalRequest,
    responses((status = 201, body = Invoice), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn renew(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<RenewalRequest>,
) -> AppResult<(StatusCode, Json<Invoice>)> {
    let actor = actor(&state, current, &account, client).await?;
    let invoice = billing::renew(&state, &actor, &subscription, &req).await?;
    Ok((StatusCode::CREATED, Json(invoice)))
}

/// Turns automatic renewal on or off (subscriptions bought online, while active).
#[utoipa::path(put, path = "/accounts/{account}/subscriptions/{subscription}/auto-renew", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)), request_body = AutoRenewRequest,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn set_auto_renew(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<AutoRenewRequest>,
) -> AppResult<StatusCode> {
    let actor = actor(&state, current, &account, client).await?;
    billing::set_auto_renew(&state, &actor, &subscription, req.auto_renew).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The term length and seats of the next renewal (a term change takes effect at renewal).
#[utoipa::path(put, path = "/accounts/{account}/subscriptions/{subscription}/renewal-settings", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)), request_body = RenewalSettings,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_renewal_settings(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<RenewalSettings>,
) -> AppResult<StatusCode> {
    let actor = actor(&state, current, &account, client).await?;
    billing::set_renewal_settings(&state, &actor, &subscription, &req).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The price of adding seats now, prorated by day to the end of the term.
#[utoipa::path(post, path = "/accounts/{account}/subscriptions/{subscription}/seats/quote", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)), request_body = AddSeatsRequest,
    responses((status = 200, body = Quote), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn quote_seats(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<AddSeatsRequest>,
) -> AppResult<Json<Quote>> {
    let actor = actor(&state, current, &account, client).await?;
    billing::quote_seats(&state, &actor, &subscription, req.seats).await.map(Json)
}

/// Adds seats now (bought online, auto-renew on), prorated to the end of the term and renewed
/// with the subscription: an order and its invoice.
#[utoipa::path(post, path = "/accounts/{account}/subscriptions/{subscription}/seats", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)), request_body = AddSeatsRequest,
    responses((status = 201, body = Invoice), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_seats(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<AddSeatsRequest>,
) -> AppResult<(StatusCode, Json<Invoice>)> {
    let actor = actor(&state, current, &account, client).await?;
    let invoice = billing::add_seats(&state, &actor, &subscription, &req).await?;
    Ok((StatusCode::CREATED, Json(invoice)))
}

/// The price of buying an expired subscription again (the price for new subscriptions), with
/// what renewing it in time would have cost. 409 `not_offered` unless it expired and was bought
/// online.
#[utoipa::path(post, path = "/accounts/{account}/subscriptions/{subscription}/buy-again/quote", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)), request_body = RenewalRequest,
    responses((status = 200, body = Quote), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn quote_buy_again(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<RenewalRequest>,
) -> AppResult<Json<Quote>> {
    let actor = actor(&state, current, &account, client).await?;
    billing::quote_buy_again(&state, &actor, &subscription, &req).await.map(Json)
}

/// Buys an expired subscription again: a new subscription from today (an expired one is never
/// reactivated), its invoice, and seats for the people who held the expired one's.
#[utoipa::path(post, path = "/accounts/{account}/subscriptions/{subscription}/buy-again", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)), request_body = RenewalRequest,
    responses((status = 201, body = Invoice), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn buy_again(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<RenewalRequest>,
) -> AppResult<(StatusCode, Json<Invoice>)> {
    let actor = actor(&state, current, &account, client).await?;
    let invoice = billing::buy_again(&state, &actor, &subscription, &req).await?;
    Ok((StatusCode::CREATED, Json(invoice)))
}

/// What aligning the billing dates of 2 to 50 subscriptions would cost: each ends (and renews)
/// on the latest end date among them, and each one extended is invoiced for its extra days,
/// prorated at its renewal price. Answered also when it is not offered, with the reason in
/// `blocked` (per subscription in `subscriptions[].blocked`). 422 for fewer than 2, more than
/// 50 or repeated ids; 404 for an id that is not the account's.
#[utoipa::path(post, path = "/accounts/{account}/subscriptions/align/quote", tag = "accounts",
    params(("account" = String, Path)), request_body = AlignRequest,
    responses((status = 200, body = AlignmentQuote), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn quote_alignment(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<AlignRequest>,
) -> AppResult<Json<AlignmentQuote>> {
    let actor = actor(&state, current, &account, client).await?;
    billing::quote_alignment(&state, &actor, &req).await.map(Json)
}

/// Aligns the billing dates of 2 to 50 subscriptions (bought online, active, the same term
/// length and currency, renewal not yet ordered): they all end on the latest end date among
/// them, and one order with a prorated line per extended subscription is invoiced. 409
/// `not_offered` when it is not offered (the quote's `blocked` says why), including when
/// another admin changed one of them meanwhile.
#[utoipa::path(post, path = "/accounts/{account}/subscriptions/align", tag = "accounts",
    params(("account" = String, Path)), request_body = AlignRequest,
    responses((status = 201, body = Invoice), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn align_billing_dates(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<AlignRequest>,
) -> AppResult<(StatusCode, Json<Invoice>)> {
    let actor = actor(&state, current, &account, client).await?;
    let invoice = billing::align(&state, &actor, &req).await?;
    Ok((StatusCode::CREATED, Json(invoice)))
}

/// The account's invoices, newest first (admins).
#[utoipa::path(get, path = "/accounts/{account}/invoices", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = InvoiceList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_invoices(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<InvoiceList>> {
    let actor = actor(&state, current, &account, client).await?;
    Ok(Json(InvoiceList { invoices: billing::account_invoices(&state, &actor).await? }))
}

/// One invoice with its lines and payments (admins).
#[utoipa::path(get, path = "/accounts/{account}/invoices/{invoice}", tag = "accounts",
    params(("account" = String, Path), ("invoice" = String, Path)),
    responses((status = 200, body = Invoice), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_invoice(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, invoice)): ApiPath<(String, String)>,
) -> AppResult<Json<Invoice>> {
    let actor = actor(&state, current, &account, client).await?;
    actor.require_admin()?;
    billing::invoice_of(&state, &actor.account.id, &invoice).await.map(Json)
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct VendorInvoiceQuery {
    /// Only open (not fully paid) or only paid invoices.
    pub status: Option<InvoiceStatus>,
}

/// Every account's invoices, newest first (vendor staff).
#[utoipa::path(get, path = "/vendor/invoices", tag = "vendor", params(VendorInvoiceQuery),
    responses((status = 200, body = InvoiceList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn vendor_invoices(State(state): State<AppState>, current: CurrentUser, ApiQuery(q): ApiQuery<VendorInvoiceQuery>) -> AppResult<Json<InvoiceList>> {
    staff(current)?;
    Ok(Json(InvoiceList { invoices: billing::vendor_invoices(&state, q.status).await? }))
}

/// One invoice (vendor staff).
#[utoipa::path(get, path = "/vendor/invoices/{invoice}", tag = "vendor", params(("invoice" = String, Path)),
    responses((status = 200, body = Invoice), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn vendor_invoice(State(state): State<AppState>, current: CurrentUser, ApiPath(invoice): ApiPath<String>) -> AppResult<Json<Invoice>> {
    staff(current)?;
    billing::invoice_of(&state, "", &invoice).await.map(Json)
}

/// Records money received for an invoice by bank transfer; it is paid once fully settled. 422
/// for more than is still due.
#[utoipa::path(post, path = "/vendor/invoices/{invoice}/payments", tag = "vendor", params(("invoice" = String, Path)),
    request_body = NewPaymentRequest,
    responses((status = 201, body = Invoice), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn record_payment(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(invoice): ApiPath<String>,
    ApiJson(req): ApiJson<NewPaymentRequest>,
) -> AppResult<(StatusCode, Json<Invoice>)> {
    let who = staff(current)?;
    let invoice = billing::record_payment(&state, &Staff { user: &who, ip: &client.ip }, &invoice, &req).await?;
    Ok((StatusCode::CREATED, Json(invoice)))
}
