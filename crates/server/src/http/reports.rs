//! The admins' reports (`/accounts/{account}/reports/…`) as JSON, with CSV and Excel exports.

use axum::{
    extract::{FromRequestParts, State},
    http::{header, request::Parts, StatusCode},
    response::Response,
    Json,
};
use seatwise_api::{
    CloudUsageReport, CreatedReportToken, DownloadsReport, ErrorBody, InsightsReport, NewReportToken, ReportRange, ReportScope,
    ReportToken, ReportTokenList, SeatUsageReport, UserUsagePage, UserUsageQuery,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser},
    members_io::{csv_file, xlsx_file},
};
use crate::{
    domain::{membership::Actor, report_tokens, reports},
    error::{AppError, AppResult},
    state::AppState,
    store::accounts::AccountRow,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_tokens, create_token))
        .routes(routes!(revoke_token))
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

/// Who reads a report: an admin's browser session, or a usage-report token
/// (`Authorization: Bearer swr_…`) of a premium account. A bearer header wins over a cookie.
pub enum ReportCaller {
    Session(CurrentUser),
    Token(String),
}

impl FromRequestParts<AppState> for ReportCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim);
        match bearer {
            Some(secret) => Ok(ReportCaller::Token(secret.to_string())),
            None => CurrentUser::from_request_parts(parts, state).await.map(ReportCaller::Session),
        }
    }
}

/// The account whose report the caller may read: an admin's (session), or the token's when it
/// opens `scope` (see `report_tokens::authorize`).
async fn reader(state: &AppState, caller: ReportCaller, account: &str, client: ClientInfo, scope: ReportScope) -> AppResult<AccountRow> {
    match caller {
        ReportCaller::Session(current) => {
            let actor = Actor::load(state, current.user, account, client.ip).await?;
            actor.require_admin()?;
            Ok(actor.account)
        }
        ReportCaller::Token(secret) => report_tokens::authorize(state, &secret, account, scope).await,
    }
}

/// Usage-report tokens of the account, newest first (admins).
#[utoipa::path(get, path = "/accounts/{account}/report-tokens", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = ReportTokenList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_tokens(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<ReportTokenList>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    report_tokens::list(&state, &actor).await.map(Json)
}

/// Creates a usage-report token (admins of an account with the premium plan; 409
/// `premium_required` without it). The secret is in this answer only: send it as
/// `Authorization: Bearer <secret>` to the `GET /accounts/{account}/reports/…` calls its scopes
/// open, JSON or CSV, the per-person report a page at a time (`cursor`).
#[utoipa::path(post, path = "/accounts/{account}/report-tokens", tag = "accounts", params(("account" = String, Path)),
    request_body = NewReportToken,
    responses((status = 201, body = CreatedReportToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_token(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<NewReportToken>,
) -> AppResult<(StatusCode, Json<CreatedReportToken>)> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    report_tokens::create(&state, &actor, &req).await.map(|t| (StatusCode::CREATED, Json(t)))
}

/// Revokes a usage-report token at once (admins).
#[utoipa::path(delete, path = "/accounts/{account}/report-tokens/{token}", tag = "accounts",
    params(("account" = String, Path), ("token" = String, Path)),
    responses((status = 200, body = ReportToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, token)): ApiPath<(String, String)>,
) -> AppResult<Json<ReportToken>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    report_tokens::revoke(&state, &actor, &token).await.map(Json)
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
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Json<SeatUsageReport>> {
    let account = reader(&state, caller, &account, client, ReportScope::SeatUsage).await?;
    reports::seat_usage(&state, &account, &r).await.map(Json)
}

/// The seat usage report as CSV.
#[utoipa::path(get, path = "/accounts/{account}/reports/seat-usage/export.csv", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn seat_usage_csv(
    State(state): State<AppState>,
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let account = reader(&state, caller, &account, client, ReportScope::SeatUsage).await?;
    csv_file(seat_rows(&reports::seat_usage(&state, &account, &r).await?), "seatwise-seat-usage.csv")
}

/// The seat usage report as an Excel workbook.
#[utoipa::path(get, path = "/accounts/{account}/reports/seat-usage/export.xlsx", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn seat_usage_xlsx(
    State(state): State<AppState>,
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let account = reader(&state, caller, &account, client, ReportScope::SeatUsage).await?;
    xlsx_file("Seat usage", seat_rows(&reports::seat_usage(&state, &account, &r).await?), "seatwise-seat-usage.xlsx").await
}

/// Each person's products with their last use and the days used in the range, by name, a page
/// at a time (admins).
#[utoipa::path(get, path = "/accounts/{account}/reports/seat-usage/users", tag = "accounts", params(("account" = String, Path), UserUsageQuery),
    responses((status = 200, body = UserUsagePage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn user_usage(
    State(state): State<AppState>,
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<UserUsageQuery>,
) -> AppResult<Json<UserUsagePage>> {
    let account = reader(&state, caller, &account, client, ReportScope::SeatUsage).await?;
    reports::user_usage(&state, &account, &q).await.map(Json)
}

/// The per-person report as CSV (every page), one row per person and product.
#[utoipa::path(get, path = "/accounts/{account}/reports/seat-usage/users/export.csv", tag = "accounts",
    params(("account" = String, Path), UserUsageQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn user_usage_csv(
    State(state): State<AppState>,
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<UserUsageQuery>,
) -> AppResult<Response> {
    let account = reader(&state, caller, &account, client, ReportScope::SeatUsage).await?;
    let mut rows = vec![["name", "email", "team", "product_code", "product", "last_used", "days_used"].map(String::from).to_vec()];
    // With `cursor` or `limit` (API clients paging with keyset cursors): that one page, and a
    // `Link: <…>; rel="next"` header while more follow. Without: every page.
    let one_page = q.cursor.is_some() || q.limit.is_some();
    let mut q = if one_page { q } else { UserUsageQuery { limit: Some(500), cursor: None, ..q } };
    let mut next = None;
    loop {
        let page = reports::user_usage(&state, &account, &q).await?;
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
            Some(c) if one_page => {
                next = Some(c);
                break;
            }
            Some(c) => q.cursor = Some(c),
            None => break,
        }
    }
    let mut res = csv_file(rows, "seatwise-seat-usage-by-user.csv")?;
    if let Some(cursor) = next {
        let mut url = url::Url::parse("http://x/").map_err(anyhow::Error::from)?;
        url.set_path(&format!("{}/accounts/{}/reports/seat-usage/users/export.csv", seatwise_api::API_PREFIX, account.id));
        {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in [("q", &q.q), ("from", &q.from), ("to", &q.to)] {
                if let Some(v) = v {
                    pairs.append_pair(k, v);
                }
            }
            pairs.append_pair("cursor", &cursor);
            if let Some(limit) = q.limit {
                pairs.append_pair("limit", &limit.to_string());
            }
        }
        let link = format!("<{}?{}>; rel=\"next\"", url.path(), url.query().unwrap_or_default());
        res.headers_mut().insert(header::LINK, header::HeaderValue::from_str(&link).map_err(anyhow::Error::from)?);
    }
    Ok(res)
}

/// Licence distribution by team: each active subscription's assigned seats per team (admins).
#[utoipa::path(get, path = "/accounts/{account}/reports/insights", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = InsightsReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn insights(
    State(state): State<AppState>,
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<InsightsReport>> {
    let account = reader(&state, caller, &account, client, ReportScope::Insights).await?;
    reports::insights(&state, &account).await.map(Json)
}

/// Cloud credits: per subscription (balance, per month, in the range, when it runs out at the
/// last 30 days' rate), per contract and per person (admins).
#[utoipa::path(get, path = "/accounts/{account}/reports/cloud-usage", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, body = CloudUsageReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn cloud_usage(
    State(state): State<AppState>,
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Json<CloudUsageReport>> {
    let account = reader(&state, caller, &account, client, ReportScope::CloudUsage).await?;
    reports::cloud_usage(&state, &account, &r).await.map(Json)
}

/// Cloud credits per subscription as CSV.
#[utoipa::path(get, path = "/accounts/{account}/reports/cloud-usage/export.csv", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn cloud_usage_csv(
    State(state): State<AppState>,
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let account = reader(&state, caller, &account, client, ReportScope::CloudUsage).await?;
    let report = reports::cloud_usage(&state, &account, &r).await?;
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
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let account = reader(&state, caller, &account, client, ReportScope::CloudUsage).await?;
    let report = reports::cloud_usage(&state, &account, &r).await?;
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
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Json<DownloadsReport>> {
    let account = reader(&state, caller, &account, client, ReportScope::Downloads).await?;
    reports::downloads(&state, &account, &r).await.map(Json)
}

/// Downloads per product and version as CSV.
#[utoipa::path(get, path = "/accounts/{account}/reports/downloads/export.csv", tag = "accounts", params(("account" = String, Path), ReportRange),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn downloads_csv(
    State(state): State<AppState>,
    caller: ReportCaller,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(r): ApiQuery<ReportRange>,
) -> AppResult<Response> {
    let account = reader(&state, caller, &account, client, ReportScope::Downloads).await?;
    let report = reports::downloads(&state, &account, &r).await?;
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
