//! Products and services as a customer sees them: what the account holds and what each person
//! may use, downloads (in the browser or through a signed link for curl), and trials.

use axum::{
    extract::State,
    http::{HeaderMap, Method, StatusCode},
    response::Response,
    Json,
};
use seatwise_api::{
    DownloadLink, ErrorBody, ErrorCode, FieldErrorCode, ProductCard, ProductCardList, ProductDetail, ProductQuery,
    StartTrialRequest, Trial, TrialList, TrialOffer,
};
use serde::Deserialize;
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser, Empty},
    serve::{requested_span, send_file, FileToSend},
};
use crate::{
    clock::rfc3339,
    domain::{
        keys::KeyPurpose,
        links::{shell_quote, signed_download_url, LinkGrant},
        membership::Actor,
        products::{to_release, to_trial, Catalogue, Holdings},
    },
    error::{AppError, AppResult},
    state::AppState,
    store::catalogue::{FileInfoRow, TrialRow},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_products))
        .routes(routes!(get_product))
        .routes(routes!(download_file))
        .routes(routes!(create_download_link))
        .routes(routes!(download_by_link))
        .routes(routes!(list_trials, start_trial))
}

async fn load(state: &AppState, current: CurrentUser, account: &str, client: &ClientInfo) -> AppResult<(Actor, Holdings, Catalogue)> {
    let actor = Actor::load(state, current.user, account, client.ip.clone()).await?;
    let holdings = Holdings::load(state, account, &actor.user.id, actor.role.is_admin()).await?;
    let catalogue = Catalogue::load(state).await?;
    Ok((actor, holdings, catalogue))
}

/// Products the account holds (admins) or the person may use (users), with filters.
#[utoipa::path(get, path = "/accounts/{account}/products", tag = "products",
    params(("account" = String, Path), ProductQuery),
    responses((status = 200, body = ProductCardList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_products(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<ProductQuery>,
) -> AppResult<Json<ProductCardList>> {
    let (actor, h, cat) = load(&state, current, &account, &client).await?;
    if q.team.is_some() {
        actor.require_admin()?;
    }
    let mut cards = Vec::new();
    for p in cat.products.iter().filter(|p| p.kind == "product") {
        if q.product.as_deref().is_some_and(|c| !c.eq_ignore_ascii_case(&p.code)) {
            continue;
        }
        let u = h.use_of(&cat, p);
        let mut coverage: Vec<_> = u.coverage.clone();
        if let Some(c) = &q.contract {
            coverage.retain(|s| &s.contract_id == c);
        }
        if let Some(t) = &q.team {
            coverage.retain(|s| h.teams_by_subscription.get(&s.id).is_some_and(|ts| ts.contains(t)));
        }
        let shown = if h.is_admin {
            !coverage.is_empty()
        } else {
            coverage.iter().any(|s| h.mine.contains(&s.id)) || (u.trial.is_some() && q.contract.is_none())
        };
        if !shown {
            continue;
        }
        let visible: Vec<_> = coverage.iter().filter(|s| h.is_admin || h.mine.contains(&s.id)).collect();
        cards.push(ProductCard {
            code: p.code.clone(),
            name: p.name.clone(),
            description: p.description.clone(),
            icon: p.icon.clone(),
            coverage: visible.iter().map(|s| h.to_coverage(s)).collect(),
            entitled: u.entitled,
            trial: u.trial.map(|t| to_trial(t, p, h.now)),
            current_version: cat.released(&p.id, &h.today).first().map(|r| r.version.clone()),
        });
    }
    Ok(Json(ProductCardList { products: cards }))
}

/// One product: coverage, the versions the person may use with their files, activation
/// details, and which requests apply. Files are listed only for entitled people.
#[utoipa::path(get, path = "/accounts/{account}/products/{code}", tag = "products",
    params(("account" = String, Path), ("code" = String, Path)),
    responses((status = 200, body = ProductDetail), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_product(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, code)): ApiPath<(String, String)>,
) -> AppResult<Json<ProductDetail>> {
    let (_actor, h, cat) = load(&state, current, &account, &client).await?;
    let p = cat.by_code(&code).filter(|p| p.kind == "product").ok_or(AppError::NotFound)?;
    let u = h.use_of(&cat, p);
    // Any member may look at a product the account holds, or one offered as a trial.
    if u.coverage.is_empty() && h.trial_of(&p.id).is_none() && p.trial_days == 0 {
        return Err(AppError::NotFound);
    }
    let released = cat.released(&p.id, &h.today);
    let releases = if u.entitled {
        u.versions.iter().map(|r| to_release(r, cat.release_files(&r.id))).collect()
    } else {
        vec![]
    };
    let other_versions =
        released.iter().filter(|r| !u.entitled || !u.versions.iter().any(|v| v.id == r.id)).map(|r| r.version.clone()).collect();
    let coverage = u.coverage.iter().filter(|s| h.is_admin || h.mine.contains(&s.id)).map(|s| h.to_coverage(s)).collect();
    let trial_days = if u.entitled || h.trial_of(&p.id).is_some() { 0 } else { p.trial_days.max(0) as u32 };
    Ok(Json(ProductDetail {
        code: p.code.clone(),
        name: p.name.clone(),
        description: p.description.clone(),
        icon: p.icon.clone(),
        coverage,
        entitled: u.entitled,
        is_admin: h.is_admin,
        trial: h.trial_of(&p.id).map(|t| to_trial(t, p, h.now)),
        trial_days,
        releases,
        other_versions,
        activations: if u.entitled { u.activations(&h) } else { vec![] },
        previous_version: u.previous_version(&h),
        home_use: u.home_use(&h),
        physical_media: u.physical_media(&h),
        network_licence: u.network_licence(&h),
        typical: state.settings.typical.clone(),
    }))
}

/// The file if this person may download it: an entitled member, and a version they may use.
async fn entitled_file(state: &AppState, account: &str, user_id: &str, is_admin: bool, file_id: &str) -> AppResult<FileInfoRow> {
    let file = state.db.file_info(file_id).await?.ok_or(AppError::NotFound)?;
    let h = Holdings::load(state, account, user_id, is_admin).await?;
    let cat = Catalogue::load(state).await?;
    let p = cat.by_id(&file.product_id).ok_or(AppError::NotFound)?;
    let u = h.use_of(&cat, p);
    if !u.allows_version(&file.version) {
        return Err(AppError::Denied(ErrorCode::NotEntitled));
    }
    Ok(file)
}

/// Sends the file and, for a download that starts at its first byte, records it.
async fn send(
    state: &AppState,
    actor: &Actor,
    file: &FileInfoRow,
    method: &Method,
    headers: &HeaderMap,
    via: &str,
) -> AppResult<Response> {
    let tag = super::serve::etag(&file.sha256);
    let size = file.size.max(0) as u64;
    let span = requested_span(headers, size, &tag)?;
    // A new download (not a resumption, a cache check or a HEAD) is counted and logged.
    let fresh = *method == Method::GET && span.starts_at_zero() && !headers.contains_key(axum::http::header::IF_NONE_MATCH);
    if fresh {
        let mut tx = state.db.begin().await?;
        state
            .db
            .record_download(&mut *tx, &actor.account.id, &actor.user.id, &file.id, &file.product_id, via, state.clock.unix())
            .await?;
        let detail = json!({"file": file.file_name, "product": file.product_code, "version": file.version, "via": via});
        actor.record(state, &mut tx, "file.downloaded", ("file", &file.id), None, Some(detail)).await?;
        tx.commit().await?;
    }
    send_file(
        FileToSend { path: state.files.path(&file.storage_key), size, sha256: &file.sha256, file_name: &file.file_name },
        headers,
        span,
    )
    .await
}

/// Downloads a file in the browser (HTTP Range for resuming; `ETag` and `Repr-Digest` carry the
/// SHA-256).
#[utoipa::path(get, path = "/accounts/{account}/files/{file}/download", tag = "products",
    params(("account" = String, Path), ("file" = String, Path)),
    responses((status = 200, description = "The file"), (status = 206, description = "A byte range"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 416, body = ErrorBody)))]
pub async fn download_file(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    method: Method,
    headers: HeaderMap,
    ApiPath((account, file_id)): ApiPath<(String, String)>,
) -> AppResult<Response> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    let file = entitled_file(&state, &account, &actor.user.id, actor.role.is_admin(), &file_id).await?;
    send(&state, &actor, &file, &method, &headers, "browser").await
}

/// A signed link to the file for curl or another computer; it expires
/// (`download_link_minutes`).
#[utoipa::path(post, path = "/accounts/{account}/files/{file}/link", tag = "products",
    params(("account" = String, Path), ("file" = String, Path)), request_body = Empty,
    responses((status = 201, body = DownloadLink), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn create_download_link(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, file_id)): ApiPath<(String, String)>,
    ApiJson(_empty): ApiJson<Empty>,
) -> AppResult<(StatusCode, Json<DownloadLink>)> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    let file = entitled_file(&state, &account, &actor.user.id, actor.role.is_admin(), &file_id).await?;
    let (url, expires) = signed_download_url(&state, &file.id, &account, &actor.user.id).await?;
    let name = shell_quote(&file.file_name);
    let curl = format!(
        "curl -fL -C - -o {name} {} && echo {} | sha256sum -c -",
        shell_quote(&url),
        shell_quote(&format!("{}  {}", file.sha256, file.file_name)),
    );
    Ok((
        StatusCode::CREATED,
        Json(DownloadLink { url, expires_at: rfc3339(expires), curl, sha256: file.sha256, file_name: file.file_name }),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LinkQuery {
    /// Account id.
    pub a: String,
    /// User id.
    pub u: String,
    /// Expiry, Unix seconds.
    pub exp: i64,
    /// Id of the key that signed the link.
    pub k: String,
    /// Signature.
    pub sig: String,
}

/// Downloads through a signed link (no session): for that file only, until it expires, and
/// only while the person is still entitled.
#[utoipa::path(get, path = "/downloads/{file}", tag = "products",
    params(("file" = String, Path), LinkQuery),
    responses((status = 200, description = "The file"), (status = 206, description = "A byte range"),
        (status = 403, body = ErrorBody), (status = 416, body = ErrorBody)))]
pub async fn download_by_link(
    State(state): State<AppState>,
    client: ClientInfo,
    method: Method,
    headers: HeaderMap,
    ApiPath(file_id): ApiPath<String>,
    ApiQuery(q): ApiQuery<LinkQuery>,
) -> AppResult<Response> {
    let grant = LinkGrant { file_id: &file_id, account_id: &q.a, user_id: &q.u, expires: q.exp };
    if !state.keys.verify(KeyPurpose::DownloadLinks, &q.k, &grant.message(), &q.sig, state.clock.unix()).await? {
        return Err(AppError::Denied(ErrorCode::LinkInvalid));
    }
    if state.clock.unix() >= q.exp {
        return Err(AppError::Denied(ErrorCode::LinkExpired));
    }
    let user = state.db.user_by_id(state.db.pool(), &q.u).await?.ok_or(AppError::Denied(ErrorCode::NotEntitled))?;
    let actor = Actor::load(&state, user, &q.a, client.ip).await.map_err(|e| match e {
        AppError::NotFound => AppError::Denied(ErrorCode::NotEntitled),
        e => e,
    })?;
    let file = entitled_file(&state, &q.a, &actor.user.id, actor.role.is_admin(), &file_id).await.map_err(|e| match e {
        AppError::NotFound => AppError::Denied(ErrorCode::NotEntitled),
        e => e,
    })?;
    send(&state, &actor, &file, &method, &headers, "link").await
}

/// The person's trials and the products they may still try.
#[utoipa::path(get, path = "/accounts/{account}/trials", tag = "products",
    params(("account" = String, Path)),
    responses((status = 200, body = TrialList), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_trials(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<TrialList>> {
    let (_actor, h, cat) = load(&state, current, &account, &client).await?;
    let trials = h
        .trials
        .iter()
        .filter_map(|t| cat.by_id(&t.product_id).map(|p| to_trial(t, p, h.now)))
        .collect();
    let offers = cat
        .products
        .iter()
        .filter(|p| p.kind == "product" && p.trial_days > 0 && h.trial_of(&p.id).is_none())
        .filter(|p| !h.use_of(&cat, p).entitled)
        .map(|p| TrialOffer {
            product_code: p.code.clone(),
            product_name: p.name.clone(),
            description: p.description.clone(),
            icon: p.icon.clone(),
            days: p.trial_days.max(0) as u32,
        })
        .collect();
    Ok(Json(TrialList { trials, offers }))
}

/// Starts a trial: a time-limited entitlement to the current version that ends by itself.
#[utoipa::path(post, path = "/accounts/{account}/trials", tag = "products", request_body = StartTrialRequest,
    params(("account" = String, Path)),
    responses((status = 201, body = Trial), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start_trial(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<StartTrialRequest>,
) -> AppResult<(StatusCode, Json<Trial>)> {
    let (actor, h, cat) = load(&state, current, &account, &client).await?;
    let p = cat
        .by_code(req.product_code.trim())
        .filter(|p| p.kind == "product" && p.trial_days > 0)
        .ok_or_else(|| AppError::field("product_code", FieldErrorCode::Unknown))?;
    if h.trial_of(&p.id).is_some() || state.db.has_tried(&actor.user.id, &p.id).await? {
        return Err(AppError::Conflict(ErrorCode::TrialUsed));
    }
    if h.use_of(&cat, p).entitled {
        return Err(AppError::Conflict(ErrorCode::AlreadyEntitled));
    }
    let now = state.clock.unix();
    let t = TrialRow {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: account.clone(),
        user_id: actor.user.id.clone(),
        product_id: p.id.clone(),
        started_at: now,
        ends_at: now + p.trial_days * 86_400,
    };
    let mut tx = state.db.begin().await?;
    if !state.db.insert_trial(&mut *tx, &t).await? {
        return Err(AppError::Conflict(ErrorCode::TrialUsed));
    }
    let detail = json!({"product": p.code, "days": p.trial_days, "ends_at": rfc3339(t.ends_at)});
    actor.record(&state, &mut tx, "trial.started", ("trial", &t.id), None, Some(detail)).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(to_trial(&t, p, now))))
}
