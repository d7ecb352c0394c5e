//! Members in and out of files: CSV import (dry run, then import), CSV and XLSX export.

use std::collections::{HashMap, HashSet};

use axum::{
    extract::{DefaultBodyLimit, State},
    http::{header, HeaderMap, HeaderValue},
    response::{IntoResponse, Response},
    Json,
};
use base64::{engine::general_purpose::STANDARD, Engine};
use seatwise_api::{
    ErrorBody, ImportFileProblem, ImportPreview, ImportRequest, ImportResult, MemberQuery, IMPORT_MAX_BYTES,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    auth::request_locale,
    extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser},
};
use crate::{
    clock::rfc3339,
    domain::{
        import::{self, ImportContext},
        invitations,
        membership::Actor,
    },
    error::AppResult,
    state::AppState,
    store::accounts::MemberFilter,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(preview_import))
        .routes(routes!(import_members))
        .layer(DefaultBodyLimit::max(IMPORT_MAX_BYTES * 4 / 3 + 4096))
        .routes(routes!(import_template))
        .routes(routes!(export_members_csv))
        .routes(routes!(export_members_xlsx))
}

async fn context(state: &AppState, account: &str, headers: &HeaderMap) -> AppResult<ImportContext> {
    let now = state.clock.unix();
    let teams = state.db.teams(account).await?.into_iter().map(|t| (t.name.to_lowercase(), t.id)).collect();
    let mut products: HashMap<String, Vec<(String, i64)>> = HashMap::new();
    for s in state.db.subscriptions(account).await? {
        if s.status == "active" {
            products.entry(s.product_code.to_ascii_uppercase()).or_default().push((s.id, s.seats - s.seats_used));
        }
    }
    Ok(ImportContext {
        teams,
        products,
        members: state.db.member_emails(account).await?.into_iter().collect::<HashSet<_>>(),
        invited: state.db.pending_invitation_emails(account, now).await?.into_iter().collect(),
        locale: Some(request_locale(headers)),
    })
}

fn decode(req: &ImportRequest) -> Result<Vec<u8>, ImportFileProblem> {
    let bytes = STANDARD.decode(req.file_base64.trim()).map_err(|_| ImportFileProblem::Malformed)?;
    if bytes.len() > IMPORT_MAX_BYTES {
        return Err(ImportFileProblem::TooLarge);
    }
    Ok(bytes)
}

/// Dry run: every row of the file with its problems. Changes nothing.
#[utoipa::path(post, path = "/accounts/{account}/imports/preview", tag = "accounts", params(("account" = String, Path)),
    request_body = ImportRequest,
    responses((status = 200, body = ImportPreview), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn preview_import(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    headers: HeaderMap,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<ImportRequest>,
) -> AppResult<Json<ImportPreview>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    let ctx = context(&state, &account, &headers).await?;
    let plan = decode(&req).and_then(|b| import::plan(&b, &ctx));
    Ok(Json(match plan {
        Err(p) => ImportPreview { file_problem: Some(p), rows: vec![], valid: 0, invalid: 0 },
        Ok(plan) => {
            let valid = plan.invitations.len() as u32;
            ImportPreview { file_problem: None, invalid: plan.rows.len() as u32 - valid, rows: plan.rows, valid }
        }
    }))
}

/// Import: the valid rows are invited in one transaction; the answer lists the skipped rows.
#[utoipa::path(post, path = "/accounts/{account}/imports", tag = "accounts", params(("account" = String, Path)),
    request_body = ImportRequest,
    responses((status = 200, body = ImportResult), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 413, body = ErrorBody)))]
pub async fn import_members(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    headers: HeaderMap,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<ImportRequest>,
) -> AppResult<Json<ImportResult>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    let ctx = context(&state, &account, &headers).await?;
    let plan = match decode(&req).and_then(|b| import::plan(&b, &ctx)) {
        Err(p) => return Ok(Json(ImportResult { file_problem: Some(p), invited: 0, skipped: vec![] })),
        Ok(plan) => plan,
    };
    let n = plan.invitations.len();
    invitations::take_mail_budget(&state, &account, n).await?;
    let sent = async {
        let mut tx = state.db.begin().await?;
        for inv in &plan.invitations {
            let (row, _token) = invitations::invite(&state, &mut tx, &actor.account, Some(&actor.user), inv).await?;
            actor
                .record(&state, &mut tx, "invitation.sent", ("invitation", &row.id), None,
                    Some(json!({"email": row.email, "role": row.role, "team_id": row.team_id, "subscription_ids": row.products, "via": "import"})))
                .await?;
        }
        tx.commit().await?;
        Ok::<_, crate::error::AppError>(())
    }
    .await;
    if sent.is_err() {
        invitations::refund_mail_budget(&state, &account, n).await;
    }
    sent?;
    state.mail_wake.notify_one();
    Ok(Json(ImportResult {
        file_problem: None,
        invited: plan.invitations.len() as u32,
        skipped: plan.rows.into_iter().filter(|r| !r.problems.is_empty()).collect(),
    }))
}

fn file_response(body: Vec<u8>, content_type: &'static str, filename: &str) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// The import template (header and one example row).
#[utoipa::path(get, path = "/accounts/{account}/imports/template.csv", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn import_template(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Response> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    Ok(file_response(import::template().into_bytes(), "text/csv; charset=utf-8", "seatwise-members-template.csv"))
}

/// The members of the current filter, as rows of cells (header first). Walks the whole list in pages.
async fn export_rows(state: &AppState, account: &str, q: &MemberQuery) -> AppResult<Vec<Vec<String>>> {
    let subs: HashMap<String, String> =
        state.db.subscriptions(account).await?.into_iter().map(|s| (s.id, s.product_name)).collect();
    let mut filter = MemberFilter::from_query(q, None, 1000);
    let mut out = vec![vec![
        "email", "first_name", "last_name", "account_id", "team", "role", "status", "products", "last_sign_in", "joined",
    ]
    .into_iter()
    .map(str::to_string)
    .collect::<Vec<_>>()];
    loop {
        let page = state.db.list_members(account, &filter).await?;
        let ids: Vec<String> = page.iter().map(|m| m.user_id.clone()).collect();
        let mut held: HashMap<String, Vec<String>> = HashMap::new();
        for (user, sub) in state.db.assignments_of(account, &ids).await? {
            held.entry(user).or_default().push(subs.get(&sub).cloned().unwrap_or(sub));
        }
        let mut teams: HashMap<String, Vec<String>> = HashMap::new();
        for (user, _, name) in state.db.teams_of(state.db.pool(), account, &ids).await? {
            teams.entry(user).or_default().push(name);
        }
        for m in &page {
            out.push(vec![
                m.email.clone(),
                m.first_name.clone(),
                m.last_name.clone(),
                m.account_id.clone(),
                teams.remove(&m.user_id).unwrap_or_default().join("; "),
                m.role.clone(),
                if m.suspended_at.is_some() {
                    "suspended"
                } else if m.email_verified_at.is_some() {
                    "active"
                } else {
                    "unconfirmed"
                }
                .to_string(),
                held.remove(&m.user_id).unwrap_or_default().join("; "),
                m.last_sign_in_at.map(rfc3339).unwrap_or_default(),
                rfc3339(m.joined_at),
            ]);
        }
        match page.last() {
            Some(last) if page.len() as i64 == filter.limit => filter.after = Some((last.sort_key.clone(), last.user_id.clone())),
            _ => break,
        }
    }
    Ok(out)
}

/// The members of the current filter as CSV (UTF-8 with BOM, for spreadsheets).
#[utoipa::path(get, path = "/accounts/{account}/members/export.csv", tag = "accounts", params(("account" = String, Path), MemberQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export_members_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<MemberQuery>,
) -> AppResult<Response> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    let rows = export_rows(&state, &account, &q).await?;
    csv_file(rows, "seatwise-members.csv")
}

/// Rows of cells (header first) as a CSV download: UTF-8 with a BOM for spreadsheets, CRLF, and
/// cells that a spreadsheet would run as formulas made inert.
pub(crate) fn csv_file(rows: Vec<Vec<String>>, filename: &str) -> AppResult<Response> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(b"\xef\xbb\xbf".to_vec());
    for row in rows {
        w.write_record(row.iter().map(|c| import::safe_cell(c))).map_err(anyhow::Error::from)?;
    }
    let body = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(file_response(body, "text/csv; charset=utf-8", filename))
}

/// The members of the current filter as an Excel workbook.
#[utoipa::path(get, path = "/accounts/{account}/members/export.xlsx", tag = "accounts", params(("account" = String, Path), MemberQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export_members_xlsx(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<MemberQuery>,
) -> AppResult<Response> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    let rows = export_rows(&state, &account, &q).await?;
    xlsx_file("Members", rows, "seatwise-members.xlsx").await
}

/// Rows of cells (header first) as an Excel workbook of one sheet: text cells only (never
/// formulas), a bold frozen header with filters.
pub(crate) async fn xlsx_file(sheet_name: &'static str, rows: Vec<Vec<String>>, filename: &str) -> AppResult<Response> {
    let body = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<u8>> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name)?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                // Written as text, never as a formula; the apostrophe makes it visible too.
                let value = import::safe_cell(cell);
                if r == 0 {
                    sheet.write_string_with_format(r as u32, c as u16, &value, &bold)?;
                } else {
                    sheet.write_string(r as u32, c as u16, &value)?;
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, rows.len().saturating_sub(1) as u32, rows[0].len().saturating_sub(1) as u16)?;
        Ok(book.save_to_buffer()?)
    })
    .await
    .map_err(anyhow::Error::from)??;
    Ok(file_response(body, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename))
}
