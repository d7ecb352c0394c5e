//! Support cases: the account's members open and follow them; the vendor's staff answer them
//! from their queue (`domain::support` holds the rules).

use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::Response,
    Json,
};
use seatwise_api::{
    AddCaseWatcher, AssignCase, AttachmentQuery, CaseQuery, CaseState, CaseStatus, CreateCaseMessage, CreateSupportCase, ErrorBody,
    StaffList, StaffMember, SupportCaseDetail, SupportCaseList, UpdateCaseStatus, UploadedAttachment, CASE_ATTACHMENT_MAX_BYTES,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser},
    serve::{requested_span, send_file, FileToSend},
    vendor::staff,
};
use crate::{
    domain::{
        membership::Actor,
        support::{self, Caller},
    },
    error::{AppError, AppResult},
    state::AppState,
    store::support::{CaseFilter, CaseRow, CaseScope},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(upload_attachment))
        .routes(routes!(list_cases, open_case))
        .routes(routes!(get_case))
        .routes(routes!(reply_to_case))
        .routes(routes!(change_case_status))
        .routes(routes!(add_case_watcher))
        .routes(routes!(remove_case_watcher))
        .routes(routes!(download_case_attachment))
        .routes(routes!(list_case_queue))
        .routes(routes!(get_queue_case))
        .routes(routes!(reply_as_vendor))
        .routes(routes!(change_queue_case_status))
        .routes(routes!(assign_case))
        .routes(routes!(download_queue_attachment))
        .routes(routes!(list_staff))
}

const PAGE: i64 = 25;

/// The filter of a list from the query; the cursor is `updated_at:id` of the last row.
fn filter(state: &AppState, q: &CaseQuery, me: &str) -> AppResult<CaseFilter> {
    let after = match q.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => {
            let (at, id) = c.split_once(':').ok_or_else(|| AppError::InvalidQuery("cursor".into()))?;
            Some((at.parse::<i64>().map_err(|_| AppError::InvalidQuery("cursor".into()))?, id.to_string()))
        }
    };
    let mut statuses: Vec<&'static str> = match q.state {
        Some(CaseState::Open) => CaseStatus::ALL.into_iter().filter(|s| s.is_open()).map(CaseStatus::as_str).collect(),
        Some(CaseState::Finished) => CaseStatus::ALL.into_iter().filter(|s| !s.is_open()).map(CaseStatus::as_str).collect(),
        None => vec![],
    };
    if let Some(s) = q.status {
        if !statuses.is_empty() && !statuses.contains(&s.as_str()) {
            // Both given and exclusive: nothing matches.
            statuses = vec!["none"];
        } else {
            statuses = vec![s.as_str()];
        }
    }
    let assignee = match q.assignee.as_deref() {
        None | Some("") => None,
        Some("none") => Some(None),
        Some("me") => Some(Some(me.to_string())),
        Some(id) => Some(Some(id.to_string())),
    };
    let q_text = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| s.chars().take(200).collect());
    Ok(CaseFilter {
        statuses,
        category: q.category.map(|c| c.as_str()),
        severity: q.severity.map(|s| s.as_str()),
        created_before: q.min_age_days.map(|d| state.clock.unix() - i64::from(d) * 86_400),
        assignee,
        q: q_text,
        after,
        limit: i64::from(q.limit.unwrap_or(PAGE as u32).clamp(1, 100)) + 1,
    })
}

async fn page(state: &AppState, scope: &CaseScope, f: &CaseFilter) -> AppResult<SupportCaseList> {
    let mut rows = state.db.list_cases(scope, f).await?;
    let more = rows.len() as i64 >= f.limit;
    rows.truncate((f.limit - 1) as usize);
    let next_cursor = more.then(|| rows.last().map(|r| format!("{}:{}", r.updated_at, r.id))).flatten();
    Ok(SupportCaseList { cases: rows.iter().map(|r| support::to_case(state, r)).collect(), next_cursor })
}

/// Stores a file for a case message not written yet: the body is the file
/// (`application/octet-stream`, at most 10 MiB), its name's extension decides the type, which
/// the content must match. Send its id in `attachment_ids`.
#[utoipa::path(post, path = "/support/attachments", tag = "support", params(AttachmentQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 201, body = UploadedAttachment), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn upload_attachment(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<AttachmentQuery>,
    body: Body,
) -> AppResult<(StatusCode, Json<UploadedAttachment>)> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("application/octet-stream") {
        return Err(AppError::UnsupportedMediaType);
    }
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > CASE_ATTACHMENT_MAX_BYTES) {
        return Err(AppError::PayloadTooLarge);
    }
    // Members of an account and the vendor's staff write to cases; nobody else needs to store.
    if current.user.is_vendor_staff == 0 && state.db.accounts_of(&current.user.id).await?.is_empty() {
        return Err(AppError::Forbidden);
    }
    let a = support::upload(&state, &current.user, &q.name, body.into_data_stream()).await?;
    Ok((StatusCode::CREATED, Json(a)))
}

/// The account's cases: all of them for admins, a user's own and watched ones for a user.
/// `q` searches numbers, subjects and messages (full text).
#[utoipa::path(get, path = "/accounts/{account}/cases", tag = "support", params(("account" = String, Path), CaseQuery),
    responses((status = 200, body = SupportCaseList), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_cases(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> AppResult<Json<SupportCaseList>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    let mut f = filter(&state, &q, &actor.user.id)?;
    // The queue's own filters are the staff's.
    f.assignee = None;
    let scope = if actor.role.is_admin() {
        CaseScope::Account(account)
    } else {
        CaseScope::Member { account_id: account, user_id: actor.user.id.clone() }
    };
    Ok(Json(page(&state, &scope, &f).await?))
}

/// Opens a case (any member), with its first message and attachments.
#[utoipa::path(post, path = "/accounts/{account}/cases", tag = "support", request_body = CreateSupportCase,
    params(("account" = String, Path)),
    responses((status = 201, body = SupportCaseDetail), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open_case(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<CreateSupportCase>,
) -> AppResult<(StatusCode, Json<SupportCaseDetail>)> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    let c = support::open(&state, &actor, &req).await?;
    Ok((StatusCode::CREATED, Json(support::detail(&state, &c, &Caller::Member(&actor)).await?)))
}

async fn member_case(state: &AppState, current: CurrentUser, ip: String, account: &str, case: &str) -> AppResult<(Actor, CaseRow)> {
    let actor = Actor::load(state, current.user, account, ip).await?;
    let c = support::visible_case(state, &actor, case).await?;
    Ok((actor, c))
}

/// A case with its public thread.
#[utoipa::path(get, path = "/accounts/{account}/cases/{case}", tag = "support",
    params(("account" = String, Path), ("case" = String, Path)),
    responses((status = 200, body = SupportCaseDetail), (status = 404, body = ErrorBody)))]
pub async fn get_case(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, case)): ApiPath<(String, String)>,
) -> AppResult<Json<SupportCaseDetail>> {
    let (actor, c) = member_case(&state, current, client.ip, &account, &case).await?;
    Ok(Json(support::detail(&state, &c, &Caller::Member(&actor)).await?))
}

/// Replies to a case; a solved case opens again. A closed case answers 409 `case_closed`.
#[utoipa::path(post, path = "/accounts/{account}/cases/{case}/messages", tag = "support", request_body = CreateCaseMessage,
    params(("account" = String, Path), ("case" = String, Path)),
    responses((status = 200, body = SupportCaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn reply_to_case(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, case)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<CreateCaseMessage>,
) -> AppResult<Json<SupportCaseDetail>> {
    let (actor, c) = member_case(&state, current, client.ip, &account, &case).await?;
    let caller = Caller::Member(&actor);
    let c = support::reply(&state, &c, &caller, &req).await?;
    Ok(Json(support::detail(&state, &c, &caller).await?))
}

/// Marks the case solved or closes it (the customer's side).
#[utoipa::path(post, path = "/accounts/{account}/cases/{case}/status", tag = "support", request_body = UpdateCaseStatus,
    params(("account" = String, Path), ("case" = String, Path)),
    responses((status = 200, body = SupportCaseDetail), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn change_case_status(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, case)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<UpdateCaseStatus>,
) -> AppResult<Json<SupportCaseDetail>> {
    let (actor, c) = member_case(&state, current, client.ip, &account, &case).await?;
    let caller = Caller::Member(&actor);
    let c = support::set_status(&state, &c, &caller, req.status).await?;
    Ok(Json(support::detail(&state, &c, &caller).await?))
}

/// Adds a member of the account as a watcher (admins).
#[utoipa::path(post, path = "/accounts/{account}/cases/{case}/watchers", tag = "support", request_body = AddCaseWatcher,
    params(("account" = String, Path), ("case" = String, Path)),
    responses((status = 200, body = SupportCaseDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn add_case_watcher(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, case)): ApiPath<(String, String)>,
    ApiJson(req): ApiJson<AddCaseWatcher>,
) -> AppResult<Json<SupportCaseDetail>> {
    let (actor, c) = member_case(&state, current, client.ip, &account, &case).await?;
    support::add_watcher(&state, &actor, &c, &req.user_id).await?;
    Ok(Json(support::detail(&state, &c, &Caller::Member(&actor)).await?))
}

/// Removes a watcher (admins).
#[utoipa::path(delete, path = "/accounts/{account}/cases/{case}/watchers/{user}", tag = "support",
    params(("account" = String, Path), ("case" = String, Path), ("user" = String, Path)),
    responses((status = 200, body = SupportCaseDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_case_watcher(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, case, user)): ApiPath<(String, String, String)>,
) -> AppResult<Json<SupportCaseDetail>> {
    let (actor, c) = member_case(&state, current, client.ip, &account, &case).await?;
    support::remove_watcher(&state, &actor, &c, &user).await?;
    Ok(Json(support::detail(&state, &c, &Caller::Member(&actor)).await?))
}

async fn send_attachment(state: &AppState, c: &CaseRow, id: &str, staff: bool, headers: &HeaderMap) -> AppResult<Response> {
    let (a, internal) = state.db.case_attachment(&c.id, id).await?.ok_or(AppError::NotFound)?;
    if internal != 0 && !staff {
        return Err(AppError::NotFound);
    }
    let size = a.size.max(0) as u64;
    let span = requested_span(headers, size, &super::serve::etag(&a.sha256))?;
    send_file(FileToSend { path: state.files.path(&a.storage_key), size, sha256: &a.sha256, file_name: &a.file_name }, headers, span)
        .await
}

/// A file of the case's public thread.
#[utoipa::path(get, path = "/accounts/{account}/cases/{case}/attachments/{attachment}", tag = "support",
    params(("account" = String, Path), ("case" = String, Path), ("attachment" = String, Path)),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 404, body = ErrorBody)))]
pub async fn download_case_attachment(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    headers: HeaderMap,
    ApiPath((account, case, attachment)): ApiPath<(String, String, String)>,
) -> AppResult<Response> {
    let (_, c) = member_case(&state, current, client.ip, &account, &case).await?;
    send_attachment(&state, &c, &attachment, false, &headers).await
}

/// The vendor's queue across every account, the most recently active first, with filters.
#[utoipa::path(get, path = "/vendor/cases", tag = "vendor", params(CaseQuery),
    responses((status = 200, body = SupportCaseList), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_case_queue(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(q): ApiQuery<CaseQuery>,
) -> AppResult<Json<SupportCaseList>> {
    let who = staff(current)?;
    let f = filter(&state, &q, &who.id)?;
    Ok(Json(page(&state, &CaseScope::Staff, &f).await?))
}

async fn queue_case(state: &AppState, case: &str) -> AppResult<CaseRow> {
    state.db.case(state.db.pool(), case).await?.ok_or(AppError::NotFound)
}

/// A case with its whole thread, internal notes included.
#[utoipa::path(get, path = "/vendor/cases/{case}", tag = "vendor", params(("case" = String, Path)),
    responses((status = 200, body = SupportCaseDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_queue_case(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(case): ApiPath<String>,
) -> AppResult<Json<SupportCaseDetail>> {
    let who = staff(current)?;
    let c = queue_case(&state, &case).await?;
    Ok(Json(support::detail(&state, &c, &Caller::Staff { user: &who, ip: &client.ip }).await?))
}

/// Replies to the customer, or (`internal`) adds a note only staff see; may set the status.
#[utoipa::path(post, path = "/vendor/cases/{case}/messages", tag = "vendor", request_body = CreateCaseMessage,
    params(("case" = String, Path)),
    responses((status = 200, body = SupportCaseDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reply_as_vendor(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(case): ApiPath<String>,
    ApiJson(req): ApiJson<CreateCaseMessage>,
) -> AppResult<Json<SupportCaseDetail>> {
    let who = staff(current)?;
    let c = queue_case(&state, &case).await?;
    let caller = Caller::Staff { user: &who, ip: &client.ip };
    let c = support::reply(&state, &c, &caller, &req).await?;
    Ok(Json(support::detail(&state, &c, &caller).await?))
}

/// Moves the case to another status (not closed: the customer or the waiting time closes).
#[utoipa::path(post, path = "/vendor/cases/{case}/status", tag = "vendor", request_body = UpdateCaseStatus,
    params(("case" = String, Path)),
    responses((status = 200, body = SupportCaseDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn change_queue_case_status(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(case): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateCaseStatus>,
) -> AppResult<Json<SupportCaseDetail>> {
    let who = staff(current)?;
    let c = queue_case(&state, &case).await?;
    let caller = Caller::Staff { user: &who, ip: &client.ip };
    let c = support::set_status(&state, &c, &caller, req.status).await?;
    Ok(Json(support::detail(&state, &c, &caller).await?))
}

/// Assigns the case to a staff member (or to nobody).
#[utoipa::path(post, path = "/vendor/cases/{case}/assignee", tag = "vendor", request_body = AssignCase,
    params(("case" = String, Path)),
    responses((status = 200, body = SupportCaseDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn assign_case(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(case): ApiPath<String>,
    ApiJson(req): ApiJson<AssignCase>,
) -> AppResult<Json<SupportCaseDetail>> {
    let who = staff(current)?;
    let c = queue_case(&state, &case).await?;
    let c = support::assign(&state, &c, &who, &client.ip, req.assignee_id.as_deref()).await?;
    Ok(Json(support::detail(&state, &c, &Caller::Staff { user: &who, ip: &client.ip }).await?))
}

/// A file of the case's thread (internal notes' too).
#[utoipa::path(get, path = "/vendor/cases/{case}/attachments/{attachment}", tag = "vendor",
    params(("case" = String, Path), ("attachment" = String, Path)),
    responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn download_queue_attachment(
    State(state): State<AppState>,
    current: CurrentUser,
    headers: HeaderMap,
    ApiPath((case, attachment)): ApiPath<(String, String)>,
) -> AppResult<Response> {
    staff(current)?;
    let c = queue_case(&state, &case).await?;
    send_attachment(&state, &c, &attachment, true, &headers).await
}

/// The vendor's staff, to assign cases to.
#[utoipa::path(get, path = "/vendor/staff", tag = "vendor",
    responses((status = 200, body = StaffList), (status = 403, body = ErrorBody)))]
pub async fn list_staff(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<StaffList>> {
    staff(current)?;
    let staff = state.db.vendor_staff().await?;
    Ok(Json(StaffList {
        staff: staff
            .into_iter()
            .map(|u| StaffMember { id: u.id.clone(), name: format!("{} {}", u.first_name, u.last_name).trim().to_string(), email: u.email })
            .collect(),
    }))
}
