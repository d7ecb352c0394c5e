//! Passkeys and security keys: registering, naming and removing them (security page), signing
//! in with one alone, and the challenge of the sign-in's second step.

use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use seatwise_api::{
    AddPasskeyRequest, ErrorBody, Me, PasskeyAnswer, PasskeyChallenge, PasskeyInfo, PasskeyList, RenamePasskeyRequest,
    SecurityEventKind, SignInMethod,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    auth::{challenge_user, start_session},
    extract::{ApiJson, ApiPath, ClientInfo, CurrentUser, Empty},
    security::require_fresh,
};
use crate::{
    domain::{
        accounts::{self, recipient},
        factors::SECURITY_PAGE,
        passkeys, security,
    },
    error::{AppError, AppResult},
    mail::{self, Mail},
    state::AppState,
};

/// Passkey challenges a client address may ask for in a minute (each is a row until it
/// expires).
const CHALLENGES_PER_MINUTE: i64 = 30;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(start_passkey_registration))
        .routes(routes!(list_passkeys, add_passkey))
        .routes(routes!(rename_passkey, remove_passkey))
        .routes(routes!(passkey_sign_in_challenge))
        .routes(routes!(passkey_sign_in))
        .routes(routes!(passkey_second_step_challenge))
}

async fn limit_challenges(state: &AppState, client: &ClientInfo) -> AppResult<()> {
    let key = format!("passkey-challenges:{}", client.ip);
    if !state.db.rate_hit(&key, state.clock.unix(), 60, CHALLENGES_PER_MINUTE).await? {
        return Err(AppError::RateLimited { retry_after: 60 });
    }
    Ok(())
}

/// The person's passkeys and security keys, oldest first.
#[utoipa::path(get, path = "/me/passkeys", tag = "security",
    responses((status = 200, body = PasskeyList), (status = 401, body = ErrorBody)))]
pub async fn list_passkeys(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<PasskeyList>> {
    let rows = state.db.passkeys_of(state.db.pool(), &current.user.id).await?;
    Ok(Json(PasskeyList { passkeys: rows.iter().map(passkeys::to_info).collect() }))
}

/// Start registering a passkey or security key: the options for the browser's
/// `navigator.credentials.create`. Needs a fresh sign-in; 404 when this portal offers no
/// passkeys (its address is not a domain name).
#[utoipa::path(post, path = "/me/passkeys/challenge", tag = "security", request_body = Empty,
    responses((status = 200, body = PasskeyChallenge), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn start_passkey_registration(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    _body: ApiJson<Empty>,
) -> AppResult<Json<PasskeyChallenge>> {
    require_fresh(&state, &current)?;
    limit_challenges(&state, &client).await?;
    passkeys::start_registration(&state, &current.user).await.map(Json)
}

/// Finish registering: the browser's answer and a name for the passkey. The person is mailed,
/// and the security log records it. Needs a fresh sign-in. 400 `passkey_rejected` when the
/// answer does not verify; 409 `taken` when the credential is registered already.
#[utoipa::path(post, path = "/me/passkeys", tag = "security", request_body = AddPasskeyRequest,
    responses((status = 201, body = PasskeyInfo), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn add_passkey(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<AddPasskeyRequest>,
) -> AppResult<(StatusCode, Json<PasskeyInfo>)> {
    require_fresh(&state, &current)?;
    let name = passkeys::parse_name(&req.name)?;
    let user = &current.user;
    let passkey = passkeys::finish_registration(&state, user, &req.ceremony, &req.credential).await?;
    let now = state.clock.unix();
    let row = passkeys::new_row(&user.id, &name, &passkey, now)?;
    let db = &state.db;
    let mut tx = db.begin().await?;
    if !db.insert_passkey(&mut tx, &row).await? {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::Taken));
    }
    let m = Mail::PasskeyAdded { name: name.clone(), link: state.settings.link(SECURITY_PAGE) };
    mail::queue(db, &mut tx, &m, &recipient(user), now).await?;
    security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::PasskeyAdded, &client).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok((StatusCode::CREATED, Json(passkeys::to_info(&row))))
}

/// Rename one of the person's passkeys.
#[utoipa::path(patch, path = "/me/passkeys/{id}", tag = "security", params(("id" = String, Path)),
    request_body = RenamePasskeyRequest,
    responses((status = 200, body = PasskeyInfo), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn rename_passkey(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(req): ApiJson<RenamePasskeyRequest>,
) -> AppResult<Json<PasskeyInfo>> {
    let name = passkeys::parse_name(&req.name)?;
    let db = &state.db;
    if !db.rename_passkey(&current.user.id, &id, &name).await? {
        return Err(AppError::NotFound);
    }
    let rows = db.passkeys_of(db.pool(), &current.user.id).await?;
    let row = rows.iter().find(|r| r.id == id).ok_or(AppError::NotFound)?;
    Ok(Json(passkeys::to_info(row)))
}

/// Remove one of the person's passkeys: it no longer signs in. The person is mailed. Needs a
/// fresh sign-in.
#[utoipa::path(delete, path = "/me/passkeys/{id}", tag = "security", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_passkey(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(id): ApiPath<String>,
) -> AppResult<StatusCode> {
    require_fresh(&state, &current)?;
    let db = &state.db;
    let user = &current.user;
    let mut tx = db.begin().await?;
    let name = db.delete_passkey(&mut tx, &user.id, &id).await?.ok_or(AppError::NotFound)?;
    let m = Mail::PasskeyRemoved { name, link: state.settings.link(SECURITY_PAGE) };
    mail::queue(db, &mut tx, &m, &recipient(user), state.clock.unix()).await?;
    security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::PasskeyRemoved, &client).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

/// Start a sign-in with a passkey, without the password: the options for the browser's
/// `navigator.credentials.get` (the authenticator offers the person's passkeys for this
/// portal). 404 when this portal offers no passkeys.
#[utoipa::path(post, path = "/auth/passkey/challenge", tag = "auth", request_body = Empty,
    responses((status = 200, body = PasskeyChallenge), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn passkey_sign_in_challenge(
    State(state): State<AppState>,
    client: ClientInfo,
    _body: ApiJson<Empty>,
) -> AppResult<Json<PasskeyChallenge>> {
    limit_challenges(&state, &client).await?;
    passkeys::start_sign_in(&state).await.map(Json)
}

/// Sign in with a passkey: the browser's answer to `POST /auth/passkey/challenge`. A passkey
/// needs the authenticator's PIN or biometrics, so it is two factors on its own: no second
/// step follows. 400 `passkey_rejected` when the answer does not verify (an unknown or
/// removed passkey says so too), `invalid_token` when the challenge is used or expired.
#[utoipa::path(post, path = "/auth/passkey", tag = "auth", request_body = PasskeyAnswer,
    responses((status = 200, body = Me, description = "Signed in; the session cookie is set"),
        (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn passkey_sign_in(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(req): ApiJson<PasskeyAnswer>,
) -> AppResult<Response> {
    let user_id = match passkeys::finish_sign_in(&state, &req).await {
        Ok(user_id) => user_id,
        Err(AppError::PasskeyRejected) => {
            security::record(&state, state.db.pool(), None, "", SecurityEventKind::SignInFailed, &client).await?;
            return Err(AppError::PasskeyRejected);
        }
        Err(e) => return Err(e),
    };
    // An account locked by the operator (`disable-demo-accounts`) signs in no way at all.
    let user = state
        .db
        .user_by_id(state.db.pool(), &user_id)
        .await?
        .filter(|u| u.password_hash != crate::store::users::LOCKED_PASSWORD)
        .ok_or(AppError::PasskeyRejected)?;
    let cookie = start_session(&state, &user, SignInMethod::Passkey, &client).await?;
    let mut res = Json::<Me>(accounts::to_me(&user)).into_response();
    res.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(res)
}

/// At the second step of a sign-in: a challenge for one of the person's passkeys. Answer it
/// with `POST /auth/second-factor`, method `passkey`. 409 `two_step_state` without a passkey.
#[utoipa::path(post, path = "/auth/second-factor/passkey", tag = "auth", request_body = Empty,
    responses((status = 200, body = PasskeyChallenge), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn passkey_second_step_challenge(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: axum::http::HeaderMap,
    _body: ApiJson<Empty>,
) -> AppResult<Json<PasskeyChallenge>> {
    let (_, user_id, _) = challenge_user(&state, &headers).await?;
    limit_challenges(&state, &client).await?;
    passkeys::start_second_step(&state, &user_id).await.map(Json)
}
