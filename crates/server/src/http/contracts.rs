//! The account's contracts and subscriptions (admins): the filtered list, one contract, and
//! exports to CSV and Excel.

use axum::{extract::State, response::Response, Json};
use seatwise_api::{ContractList, ContractQuery, ContractSummary, ErrorBody};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiPath, ApiQuery, ClientInfo, CurrentUser},
    members_io::{csv_file, xlsx_file},
};
use crate::{
    domain::{contracts, membership::Actor},
    error::AppResult,
    state::AppState,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_contracts))
        .routes(routes!(export_contracts_csv))
        .routes(routes!(export_contracts_xlsx))
        .routes(routes!(get_contract))
        .routes(routes!(export_assignments_csv))
}

async fn actor(state: &AppState, current: CurrentUser, account: &str, client: ClientInfo) -> AppResult<Actor> {
    Actor::load(state, current.user, account, client.ip).await
}

/// Contracts with their subscriptions, filtered by team (seats its members hold), status and
/// product.
#[utoipa::path(get, path = "/accounts/{account}/contracts", tag = "accounts", params(("account" = String, Path), ContractQuery),
    responses((status = 200, body = ContractList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_contracts(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<ContractQuery>,
) -> AppResult<Json<ContractList>> {
    let actor = actor(&state, current, &account, client).await?;
    contracts::contracts(&state, &actor, &q).await.map(Json)
}

/// The filtered list as CSV, one row per subscription.
#[utoipa::path(get, path = "/accounts/{account}/contracts/export.csv", tag = "accounts", params(("account" = String, Path), ContractQuery),
    responses((status = 200, content_type = "text/csv"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export_contracts_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<ContractQuery>,
) -> AppResult<Response> {
    let actor = actor(&state, current, &account, client).await?;
    csv_file(contracts::export_rows(&state, &actor, &q).await?, "seatwise-subscriptions.csv")
}

/// The filtered list as an Excel workbook, one row per subscription.
#[utoipa::path(get, path = "/accounts/{account}/contracts/export.xlsx", tag = "accounts", params(("account" = String, Path), ContractQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export_contracts_xlsx(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<ContractQuery>,
) -> AppResult<Response> {
    let actor = actor(&state, current, &account, client).await?;
    xlsx_file("Subscriptions", contracts::export_rows(&state, &actor, &q).await?, "seatwise-subscriptions.xlsx").await
}

/// One contract: number, dates, currency, partner, and its subscriptions.
#[utoipa::path(get, path = "/accounts/{account}/contracts/{contract}", tag = "accounts",
    params(("account" = String, Path), ("contract" = String, Path)),
    responses((status = 200, body = ContractSummary), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_contract(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, contract)): ApiPath<(String, String)>,
) -> AppResult<Json<ContractSummary>> {
    let actor = actor(&state, current, &account, client).await?;
    contracts::contract(&state, &actor, &contract).await.map(Json)
}

/// A subscription's product and the people who hold its seats, as CSV.
#[utoipa::path(get, path = "/accounts/{account}/subscriptions/{subscription}/assignments.csv", tag = "accounts",
    params(("account" = String, Path), ("subscription" = String, Path)),
    responses((status = 200, content_type = "text/csv"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export_assignments_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, subscription)): ApiPath<(String, String)>,
) -> AppResult<Response> {
    let actor = actor(&state, current, &account, client).await?;
    csv_file(contracts::assignment_rows(&state, &actor, &subscription).await?, "seatwise-assignments.csv")
}
