//! The portal side of directory sync: an account's admins turn it on, create and revoke SCIM
//! tokens and read the request log (`/accounts/{account}/directory`); vendor staff allow it
//! per account (`/vendor/accounts/{account}/directory-sync`).

use axum::{extract::State, http::StatusCode, Json};
use seatwise_api::{
    CreatedScimToken, DirectorySettings, DirectorySync, DirectorySyncAllowed, ErrorBody, FieldErrorCode, NewScimToken, ScimRequest, ScimToken,
    SCIM_TOKEN_PREFIX,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{ApiJson, ApiPath, ClientInfo, CurrentUser, Empty};
use crate::{
    clock::rfc3339,
    domain::{
        identity::text_field,
        membership::Actor,
        secret::{new_token, token_hash},
    },
    error::{AppError, AppResult},
    state::AppState,
    store::directory::ScimTokenRow,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_directory, set_directory))
        .routes(routes!(create_scim_token))
        .routes(routes!(revoke_scim_token))
        .routes(routes!(allow_directory_sync))
}

/// Live SCIM tokens an account may hold at once.
const MAX_LIVE_TOKENS: usize = 10;

fn to_wire(t: ScimTokenRow) -> ScimToken {
    ScimToken {
        id: t.id,
        name: t.name,
        hint: format!("{}…", t.hint),
        created_at: rfc3339(t.created_at),
        last_used_at: t.last_used_at.map(rfc3339),
        revoked_at: t.revoked_at.map(rfc3339),
    }
}

async fn available(state: &AppState, account: &str) -> AppResult<(bool, bool, bool)> {
    let s = state.db.sync_settings(account).await?.ok_or(AppError::NotFound)?;
    let premium = state.db.premium_plan(account).await?.1.is_some();
    Ok((s.allowed || premium, s.on, s.linked_sign_in))
}

async fn admin(state: &AppState, current: CurrentUser, account: &str, client: ClientInfo) -> AppResult<Actor> {
    let actor = Actor::load(state, current.user, account, client.ip).await?;
    actor.require_admin()?;
    Ok(actor)
}

async fn directory(state: &AppState, account: &str) -> AppResult<DirectorySync> {
    let (available, on, linked_sign_in) = available(state, account).await?;
    let tokens = state.db.scim_tokens(account).await?.into_iter().map(to_wire).collect();
    let requests = state
        .db
        .scim_requests(account)
        .await?
        .into_iter()
        .map(|r| ScimRequest { at: rfc3339(r.at), method: r.method, path: r.path, status: r.status as u16, outcome: r.outcome, detail: r.detail })
        .collect();
    Ok(DirectorySync {
        available,
        on: on && available,
        linked_sign_in,
        base_url: state.settings.link(&format!("/scim/v2/{account}")),
        tokens,
        requests,
    })
}

/// The account's directory sync: whether it is available and on, the SCIM base URL, the
/// tokens and the last 100 requests (admins).
#[utoipa::path(get, path = "/accounts/{account}/directory", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = DirectorySync), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_directory(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<DirectorySync>> {
    admin(&state, current, &account, client).await?;
    directory(&state, &account).await.map(Json)
}

/// Turns directory sync on or off (admins; 409 `premium_required` when the account may not use
/// it). Off, every token is refused; the members and teams it made stay.
#[utoipa::path(put, path = "/accounts/{account}/directory", tag = "accounts", params(("account" = String, Path)),
    request_body = DirectorySettings,
    responses((status = 200, body = DirectorySync), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn set_directory(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<DirectorySettings>,
) -> AppResult<Json<DirectorySync>> {
    let actor = admin(&state, current, &account, client).await?;
    let (available, on, linked) = available(&state, &account).await?;
    if req.on && !available {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::PremiumRequired));
    }
    let mut tx = state.db.begin().await?;
    state.db.set_sync_on(&mut tx, &account, req.on, req.linked_sign_in).await?;
    actor
        .record(&state, &mut tx, "directory.settings_changed", ("account", &account),
            Some(json!({"on": on, "linked_sign_in": linked})), Some(json!({"on": req.on, "linked_sign_in": req.linked_sign_in})))
        .await?;
    tx.commit().await?;
    directory(&state, &account).await.map(Json)
}

/// Creates a SCIM token (admins). Its secret is in this answer only: give it to the identity
/// provider as the bearer token of the SCIM base URL.
#[utoipa::path(post, path = "/accounts/{account}/directory/tokens", tag = "accounts", params(("account" = String, Path)),
    request_body = NewScimToken,
    responses((status = 201, body = CreatedScimToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_scim_token(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<NewScimToken>,
) -> AppResult<(StatusCode, Json<CreatedScimToken>)> {
    let actor = admin(&state, current, &account, client).await?;
    let mut fields = Default::default();
    let name = text_field(&mut fields, "name", &req.name, 80, true);
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    if !available(&state, &account).await?.0 {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::PremiumRequired));
    }
    if state.db.scim_tokens(&account).await?.iter().filter(|t| t.revoked_at.is_none()).count() >= MAX_LIVE_TOKENS {
        return Err(AppError::field("name", FieldErrorCode::TooLong));
    }
    let secret = format!("{SCIM_TOKEN_PREFIX}{}", new_token());
    let hint: String = secret.chars().take(SCIM_TOKEN_PREFIX.len() + 4).collect();
    let id = uuid::Uuid::new_v4().to_string();
    let now = state.clock.unix();
    let mut tx = state.db.begin().await?;
    state.db.insert_scim_token(&mut tx, &id, &account, &name, &token_hash(&secret), &hint, &actor.user.id, now).await?;
    actor.record(&state, &mut tx, "scim_token.created", ("scim_token", &id), None, Some(json!({"name": name}))).await?;
    tx.commit().await?;
    let token = state.db.scim_tokens(&account).await?.into_iter().find(|t| t.id == id).map(to_wire).ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(CreatedScimToken { token, secret })))
}

/// Revokes a SCIM token at once (admins).
#[utoipa::path(post, path = "/accounts/{account}/directory/tokens/{token}/revoke", tag = "accounts", request_body = Empty,
    params(("account" = String, Path), ("token" = String, Path)),
    responses((status = 200, body = ScimToken), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_scim_token(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, token)): ApiPath<(String, String)>,
    _body: ApiJson<Empty>,
) -> AppResult<Json<ScimToken>> {
    let actor = admin(&state, current, &account, client).await?;
    let now = state.clock.unix();
    let mut tx = state.db.begin().await?;
    if let Some(name) = state.db.revoke_scim_token(&mut tx, &account, &token, now).await? {
        actor.record(&state, &mut tx, "scim_token.revoked", ("scim_token", &token), Some(json!({"name": name})), None).await?;
    }
    tx.commit().await?;
    state.db.scim_tokens(&account).await?.into_iter().find(|t| t.id == token).map(to_wire).map(Json).ok_or(AppError::NotFound)
}

/// Allows or withdraws directory sync for an account without the premium plan (vendor staff).
/// Withdrawn, sync is turned off.
#[utoipa::path(put, path = "/vendor/accounts/{account}/directory-sync", tag = "vendor", params(("account" = String, Path)),
    request_body = DirectorySyncAllowed,
    responses((status = 200, body = DirectorySyncAllowed), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn allow_directory_sync(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<DirectorySyncAllowed>,
) -> AppResult<Json<DirectorySyncAllowed>> {
    let who = super::vendor::staff(current)?;
    set_allowed(&state, &who, &client.ip, &account, req.allowed).await?;
    Ok(Json(req))
}

/// Vendor staff allow directory sync for an account (also the demo data's path).
pub async fn set_allowed(state: &AppState, who: &crate::store::users::UserRow, ip: &str, account: &str, allowed: bool) -> AppResult<()> {
    let mut tx = state.db.begin().await?;
    if state.db.set_sync_allowed(&mut tx, account, allowed).await? == 0 {
        return Err(AppError::NotFound);
    }
    super::vendor::record(state, &mut tx, who, ip, Some(account), "account.directory_sync", ("account", account), json!({"allowed": allowed})).await?;
    tx.commit().await?;
    Ok(())
}
