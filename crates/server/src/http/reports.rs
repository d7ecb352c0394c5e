//! The admins' reports (`/accounts/{account}/reports/…`) as JSON, with CSV and Excel exports.

use axum::{extract::State, response::Response, Json};
use seatwise_api::{
    CloudUsageReport, DownloadsReport, ErrorBody, InsightsReport, ReportRange, SeatUsageReport, UserUsagePage, UserUsageQuery,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiPath, ApiQuery, ClientInfo, CurrentUser},
    members_io::{csv_file, xlsx_file},
};
use crate::{
    domain::{membership::Actor, reports},
    error::AppResult,
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(seat_usage))
        .routes(routes!(seat_usage_csv))
        .routes(routes!(seat_usage_xlsx))
        .routes(routes!(user_usage))
        .routes(routes!(user_usage_csv))
        .routes(routes!(insights))
        .routes(routes!(cloud_usage))
        .routes(routes!(cloud_usage_csv))
        .routes(routes!(cloud_usage_users_csv))
        .routes(routes!(downloads))
        .routes(routes!(downloads_csv))
}

async fn admin(state: &AppState, current: CurrentUser, account: &str, client: ClientInfo) -> AppResult<Actor> {
    let actor = Actor::load(state, current.user, account, client.ip).await?;
    actor.require_admin()?;
    Ok(actor)
}

fn seat_rows(r: &SeatUsageReport) -> Vec<Vec<String>> {
    let mut rows = vec![["product_code", "product", "bought", "assigned", "used", "never_used", "from", "to"].map(String::from).to_vec()];
    for p in &r.products {
        rows.push(vec![
            p.product_code.clone(),
            p.product_name.clone(),
            p.bought.to_string(),
            p.assigned.to_string(),
            p.used.to_string(),
            p.never_used.to_string(),
            r.from.clone(),
            r.to.clone(),
        ]);
    }
    rows
}

/// Seats by product: bought, assigned, used in the range (default: the last 30 days) and never
/// used (admins).
#[utoipa::path(get, path = "/accounts/{account}/reports/seat-usage", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, body = SeatUsageReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn seat_usage(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Json<SeatUsageReport>> {
    let actor = admin(&state, current, &account, client).await?;
    reports::seat_usage(&state, &actor, &r).await.map(Json)
}

/// The seat usage report as CSV.
#[utoipa::path(get, path = "/accounts/{account}/reports/seat-usage/export.csv", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn seat_usage_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let actor = admin(&state, current, &account, client).await?;
    csv_file(seat_rows(&reports::seat_usage(&state, &actor, &r).await?), "seatwise-seat-usage.csv")
}

/// The seat usage report as an Excel workbook.
#[utoipa::path(get, path = "/accounts/{account}/reports/seat-usage/export.xlsx", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn seat_usage_xlsx(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let actor = admin(&state, current, &account, client).await?;
    xlsx_file("Seat usage", seat_rows(&reports::seat_usage(&state, &actor, &r).await?), "seatwise-seat-usage.xlsx").await
}

/// Each person's products with their last use and the days used in the range, by name, a page
/// at a time (admins).
#[utoipa::path(get, path = "/accounts/{account}/reports/seat-usage/users", tag = "accounts", params(("account" = String, Path), UserUsageQuery),
    responses((status = 200, body = UserUsagePage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn user_usage(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<UserUsageQuery>,
) -> AppResult<Json<UserUsagePage>> {
    let actor = admin(&state, current, &account, client).await?;
    reports::user_usage(&state, &actor, &q).await.map(Json)
}

/// The per-person report as CSV (every page), one row per person and product.
#[utoipa::path(get, path = "/accounts/{account}/reports/seat-usage/users/export.csv", tag = "accounts",
    params(("account" = String, Path), UserUsageQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn user_usage_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<UserUsageQuery>,
) -> AppResult<Response> {
    let actor = admin(&state, current, &account, client).await?;
    let mut rows = vec![["name", "email", "team", "product_code", "product", "last_used", "days_used"].map(String::from).to_vec()];
    let mut q = UserUsageQuery { limit: Some(500), cursor: None, ..q };
    loop {
        let page = reports::user_usage(&state, &actor, &q).await?;
        for u in &page.users {
            for p in &u.products {
                rows.push(vec![
                    u.name.clone(),
                    u.email.clone(),
                    u.team.clone().unwrap_or_default(),
                    p.product_code.clone(),
                    p.product_name.clone(),
                    p.last_used.clone().unwrap_or_default(),
                    p.days_used.to_string(),
                ]);
            }
        }
        match page.next_cursor {
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    csv_file(rows, "seatwise-seat-usage-by-user.csv")
}

/// Licence distribution by team: each active subscription's assigned seats per team (admins).
#[utoipa::path(get, path = "/accounts/{account}/reports/insights", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = InsightsReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn insights(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<InsightsReport>> {
    let actor = admin(&state, current, &account, client).await?;
    reports::insights(&state, &actor).await.map(Json)
}

/// Cloud credits: per subscription (balance, per month, in the range, when it runs out at the
/// last 30 days' rate), per contract and per person (admins).
#[utoipa::path(get, path = "/accounts/{account}/reports/cloud-usage", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, body = CloudUsageReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn cloud_usage(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Json<CloudUsageReport>> {
    let actor = admin(&state, current, &account, client).await?;
    reports::cloud_usage(&state, &actor, &r).await.map(Json)
}

/// Cloud credits per subscription as CSV.
#[utoipa::path(get, path = "/accounts/{account}/reports/cloud-usage/export.csv", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn cloud_usage_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let actor = admin(&state, current, &account, client).await?;
    let report = reports::cloud_usage(&state, &actor, &r).await?;
    let mut rows = vec![[
        "contract", "subscription", "product", "total", "consumed", "balance", "consumed_in_range", "runs_out_on", "from", "to",
    ]
    .map(String::from)
    .to_vec()];
    for s in &report.subscriptions {
        rows.push(vec![
            s.contract_number.clone(),
            s.subscription_id.clone(),
            s.product_name.clone(),
            s.total.to_string(),
            s.consumed.to_string(),
            s.balance.to_string(),
            s.consumed_in_range.to_string(),
            s.runs_out_on.clone().unwrap_or_default(),
            report.from.clone(),
            report.to.clone(),
        ]);
    }
    csv_file(rows, "seatwise-cloud-usage.csv")
}

/// Cloud credits per person in the range as CSV.
#[utoipa::path(get, path = "/accounts/{account}/reports/cloud-usage/users/export.csv", tag = "accounts",
    params(("account" = String, Path), ReportRange),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn cloud_usage_users_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let actor = admin(&state, current, &account, client).await?;
    let report = reports::cloud_usage(&state, &actor, &r).await?;
    let mut rows = vec![["name", "email", "credits", "from", "to"].map(String::from).to_vec()];
    for u in &report.users {
        rows.push(vec![u.name.clone(), u.email.clone(), u.credits.to_string(), report.from.clone(), report.to.clone()]);
    }
    csv_file(rows, "seatwise-cloud-usage-by-user.csv")
}

/// Downloads per product and version in the range (admins).
#[utoipa::path(get, path = "/accounts/{account}/reports/downloads", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, body = DownloadsReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn downloads(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Json<DownloadsReport>> {
    let actor = admin(&state, current, &account, client).await?;
    reports::downloads(&state, &actor, &r).await.map(Json)
}

/// Downloads per product and version as CSV.
#[utoipa::path(get, path = "/accounts/{account}/reports/downloads/export.csv", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn downloads_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let actor = admin(&state, current, &account, client).await?;
    let report = reports::downloads(&state, &actor, &r).await?;
    let mut rows = vec![["product_code", "product", "version", "downloads", "from", "to"].map(String::from).to_vec()];
    for d in &report.versions {
        rows.push(vec![
            d.product_code.clone(),
            d.product_name.clone(),
            d.version.clone(),
            d.downloads.to_string(),
            report.from.clone(),
            report.to.clone(),
        ]);
    }
    csv_file(rows, "seatwise-downloads.csv")
}
