//! The licensing API of the vendor's desktop products: the OAuth 2.0 Device Authorization Grant
//! (RFC 8628) that signs a desktop app in, check-out with a signed answer, heartbeats, cloud
//! credit usage and deactivation; and the signed-in person's side of it (approving a device,
//! their devices).
//!
//! The grant's two endpoints take form-encoded bodies and answer errors in OAuth's format. The
//! `/licensing/*` calls authenticate with a device token (`Authorization: Bearer`), never with a
//! cookie, so the CSRF checks (which guard cookie sessions) do not apply to them.

use axum::{
    extract::{rejection::FormRejection, FromRequest, FromRequestParts, Request, State},
    http::{header, request::Parts, StatusCode},
    response::{IntoResponse, Response},
    Form, Json,
};
use seatwise_api::{
    AnswerDeviceRequest, CheckoutRequest, Device, DeviceAuthorization, DeviceAuthorizeForm, DeviceProduct, DeviceRequest,
    DeviceToken, DeviceTokenForm, DownloadFileList, DownloadQuery, ErrorBody, PackageDownload, HeartbeatAnswer, HeartbeatRequest, LicenceGrant, LicenceKey, LicenceKeys,
    OAuthError, UsageRecorded, UsageRequest, DEVICE_CODE_GRANT_TYPE, DEVICE_PAGE_PATH, DEVICE_TEXT_MAX_CHARS,
};
use serde::de::DeserializeOwned;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser, Empty};
use crate::{
    clock::rfc3339,
    domain::{
        device_grant::{self, Poll},
        downloads,
        keys::KeyPurpose,
        licensing,
        secret::{new_token, token_hash},
    },
    error::{AppError, AppResult},
    state::AppState,
    store::licensing::{DeviceProductListRow, DeviceRow, DeviceTokenRow, NewDeviceAuthorization},
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(device_authorize))
        .routes(routes!(device_token))
        .routes(routes!(get_device_request, answer_device_request))
        .routes(routes!(licence_keys))
        .routes(routes!(checkout))
        .routes(routes!(heartbeat))
        .routes(routes!(record_usage))
        .routes(routes!(deactivate))
        .routes(routes!(list_download_files))
        .routes(routes!(get_package_download))
        .routes(routes!(my_devices))
        .routes(routes!(deactivate_my_device))
}

/// Paths (under `/api/v1`) that never read a cookie: the grant's endpoints, which a desktop app
/// calls before it has any credential, and the calls that take a device token.
pub fn is_cookieless(path: &str) -> bool {
    matches!(path, "/device/authorize" | "/device/token") || path.starts_with("/licensing/")
}

// ---------------------------------------------------------------------------------------------
// OAuth's error format
// ---------------------------------------------------------------------------------------------

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (status, Json(OAuthError { error: error.to_string(), error_description: description.to_string() })).into_response()
}

fn invalid_request(description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

/// A form-encoded body (`application/x-www-form-urlencoded`); a body that does not read is
/// OAuth's `invalid_request`.
pub struct OAuthForm<T>(pub T);

impl<S, T> FromRequest<S> for OAuthForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        match Form::<T>::from_request(req, state).await {
            Ok(Form(v)) => Ok(OAuthForm(v)),
            Err(FormRejection::InvalidFormContentType(_)) => Err(AppError::UnsupportedMediaType.into_response()),
            Err(FormRejection::BytesRejection(e)) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::PayloadTooLarge.into_response())
            }
            Err(e) => Err(invalid_request(&e.body_text())),
        }
    }
}

/// A name the app sends about itself: trimmed, at most [`DEVICE_TEXT_MAX_CHARS`], no control
/// characters.
fn device_text(s: &str) -> Option<String> {
    let s = s.trim();
    (s.chars().count() <= DEVICE_TEXT_MAX_CHARS && !s.chars().any(char::is_control)).then(|| s.to_string())
}

// ---------------------------------------------------------------------------------------------
// The device grant
// ---------------------------------------------------------------------------------------------

/// Device authorizations one address may ask for per 10 minutes.
const AUTHORIZATIONS_PER_ADDRESS: i64 = 60;

/// A desktop app asks to sign in (RFC 8628 §3.1): it gets a device code to poll with and a user
/// code for the person to approve at `verification_uri`.
#[utoipa::path(post, path = "/device/authorize", tag = "licensing",
    request_body(content = DeviceAuthorizeForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, body = DeviceAuthorization), (status = 400, body = OAuthError),
        (status = 429, body = ErrorBody)))]
pub async fn device_authorize(
    State(state): State<AppState>,
    client: ClientInfo,
    form: Result<OAuthForm<DeviceAuthorizeForm>, Response>,
) -> Response {
    let OAuthForm(form) = match form {
        Ok(f) => f,
        Err(res) => return res,
    };
    match authorize(&state, &client, form).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

async fn authorize(state: &AppState, client: &ClientInfo, form: DeviceAuthorizeForm) -> AppResult<Response> {
    let (Some(client_name), Some(host_name), Some(os)) =
        (device_text(&form.client_id), device_text(&form.device_name), device_text(&form.os))
    else {
        return Ok(invalid_request("client_id, device_name and os are at most 100 characters of text"));
    };
    if client_name.is_empty() {
        return Ok(invalid_request("client_id is required"));
    }
    let now = state.clock.unix();
    if !state.db.rate_hit(&format!("device-authorize:{}", client.ip), now, 600, AUTHORIZATIONS_PER_ADDRESS).await? {
        return Err(AppError::RateLimited { retry_after: 600 });
    }
    let device_code = new_token();
    let hash = token_hash(&device_code);
    // 20^8 codes: a clash with a live one is rare, and a few draws make it vanish.
    for _ in 0..5 {
        let user_code = device_grant::new_user_code();
        let a = NewDeviceAuthorization {
            device_code_hash: &hash,
            user_code: &user_code,
            client_name: &client_name,
            host_name: &host_name,
            os: &os,
            interval_s: device_grant::INTERVAL,
            expires_at: now + device_grant::EXPIRES_IN,
        };
        if state.db.insert_device_authorization(&a, now).await? {
            let page = state.settings.link(DEVICE_PAGE_PATH);
            return Ok(Json(DeviceAuthorization {
                device_code,
                verification_uri_complete: format!("{page}?code={user_code}"),
                user_code,
                verification_uri: page,
                expires_in: device_grant::EXPIRES_IN as u64,
                interval: device_grant::INTERVAL as u64,
            })
            .into_response());
        }
    }
    Err(AppError::Internal(anyhow::anyhow!("no free user code after 5 draws")))
}

/// The app polls for its token (RFC 8628 §3.4, §3.5). Until the person answers:
/// `authorization_pending`; sooner than `interval`: `slow_down` (the interval grows by 5 s);
/// refused: `access_denied`; too late: `expired_token`. Once approved, the token is issued once.
#[utoipa::path(post, path = "/device/token", tag = "licensing",
    request_body(content = DeviceTokenForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 200, body = DeviceToken), (status = 400, body = OAuthError)))]
pub async fn device_token(State(state): State<AppState>, form: Result<OAuthForm<DeviceTokenForm>, Response>) -> Response {
    let OAuthForm(form) = match form {
        Ok(f) => f,
        Err(res) => return res,
    };
    match token(&state, form).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

async fn token(state: &AppState, form: DeviceTokenForm) -> AppResult<Response> {
    if form.grant_type != DEVICE_CODE_GRANT_TYPE {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, "unsupported_grant_type", "this endpoint issues device tokens only"));
    }
    let hash = token_hash(&form.device_code);
    let db = &state.db;
    let Some(a) = db.device_authorization_by_code(&hash).await? else {
        return Ok(oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", "unknown device code"));
    };
    let now = state.clock.unix();
    let pending = || oauth_error(StatusCode::BAD_REQUEST, "authorization_pending", "the person has not answered yet");
    let slow_down = || oauth_error(StatusCode::BAD_REQUEST, "slow_down", "poll less often: wait the interval plus 5 seconds");
    match device_grant::poll(&a.status, a.expires_at, a.last_poll_at, a.interval_s, now) {
        Poll::Expired => Ok(oauth_error(StatusCode::BAD_REQUEST, "expired_token", "the code expired; start again")),
        Poll::Denied => Ok(oauth_error(StatusCode::BAD_REQUEST, "access_denied", "the person refused the sign-in")),
        Poll::SlowDown => {
            db.record_device_poll(&hash, a.last_poll_at, now, a.interval_s + device_grant::SLOW_DOWN_STEP).await?;
            Ok(slow_down())
        }
        Poll::Pending => {
            // Of two polls at once, one is recorded and the other was too soon.
            if db.record_device_poll(&hash, a.last_poll_at, now, a.interval_s).await? {
                Ok(pending())
            } else {
                Ok(slow_down())
            }
        }
        Poll::Approved => match licensing::issue_device_token(state, &a, now).await? {
            Some(t) => Ok(Json(t).into_response()),
            None => Ok(oauth_error(StatusCode::BAD_REQUEST, "expired_token", "the token was issued already")),
        },
    }
}

/// Lookups of user codes one person may make per 10 minutes (codes are guessable only by
/// trying: 20^8 of them).
const CODE_LOOKUPS_PER_PERSON: i64 = 30;

/// A device sign-in waiting for an answer, by the code the app shows. Not found once answered
/// or expired.
#[utoipa::path(get, path = "/me/device-requests/{code}", tag = "licensing", params(("code" = String, Path)),
    responses((status = 200, body = DeviceRequest), (status = 429, body = ErrorBody)))]
pub async fn get_device_request(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(code): ApiPath<String>,
) -> AppResult<Json<DeviceRequest>> {
    let now = state.clock.unix();
    if !state.db.rate_hit(&format!("device-code:{}", current.user.id), now, 600, CODE_LOOKUPS_PER_PERSON).await? {
        return Err(AppError::RateLimited { retry_after: 600 });
    }
    let code = device_grant::normalize_user_code(&code).ok_or(AppError::NotFound)?;
    let a = state.db.device_authorization_by_user_code(&code).await?.ok_or(AppError::NotFound)?;
    if a.status != "pending" || a.expires_at <= now {
        return Err(AppError::NotFound);
    }
    Ok(Json(DeviceRequest {
        user_code: a.user_code,
        client_name: a.client_name,
        host_name: a.host_name,
        os: a.os,
        created_at: rfc3339(a.created_at),
        expires_at: rfc3339(a.expires_at),
    }))
}

/// Approve (the app signs in as you) or refuse a device sign-in.
#[utoipa::path(post, path = "/me/device-requests/{code}", tag = "licensing", params(("code" = String, Path)),
    request_body = AnswerDeviceRequest, responses((status = 204)))]
pub async fn answer_device_request(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(code): ApiPath<String>,
    ApiJson(req): ApiJson<AnswerDeviceRequest>,
) -> AppResult<StatusCode> {
    let code = device_grant::normalize_user_code(&code).ok_or(AppError::NotFound)?;
    let status = if req.approve { "approved" } else { "denied" };
    let mut tx = state.db.begin().await?;
    if !state.db.answer_device_authorization(&mut tx, &code, &current.user.id, status, state.clock.unix()).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

// ---------------------------------------------------------------------------------------------
// Calls with a device token
// ---------------------------------------------------------------------------------------------

/// The device token of an `Authorization: Bearer` header: the person and device it speaks for.
pub struct DeviceCaller {
    pub token: DeviceTokenRow,
}

impl FromRequestParts<AppState> for DeviceCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(AppError::BadDeviceToken { deactivated: false })?;
        let token = state.db.device_token(&token_hash(bearer)).await?.ok_or(AppError::BadDeviceToken { deactivated: false })?;
        let now = state.clock.unix();
        if token.deactivated_at.is_some() {
            return Err(AppError::BadDeviceToken { deactivated: true });
        }
        if token.revoked_at.is_some() || token.expires_at <= now {
            return Err(AppError::BadDeviceToken { deactivated: false });
        }
        // Written at most once a minute per token.
        if token.last_used_at.is_none_or(|at| now - at >= 60) {
            state.db.touch_device_token(&token.id, now).await?;
        }
        Ok(DeviceCaller { token })
    }
}

/// The public keys that sign check-out answers, for products to verify them offline.
#[utoipa::path(get, path = "/licensing/keys", tag = "licensing", responses((status = 200, body = LicenceKeys)))]
pub async fn licence_keys(State(state): State<AppState>) -> AppResult<Json<LicenceKeys>> {
    let keys = state.keys.public_keys(KeyPurpose::LicenceGrants, state.clock.unix()).await?;
    Ok(Json(LicenceKeys {
        keys: keys
            .into_iter()
            .map(|(key_id, public_key)| LicenceKey { key_id, algorithm: "Ed25519".into(), public_key })
            .collect(),
    }))
}

/// May this device run this product version? Yes only if the person holds a seat of an active
/// subscription (directly or through a collection) or runs a trial, and the licence includes
/// the version. The answer is signed (Ed25519) so that the product can trust it offline until
/// `valid_until`.
#[utoipa::path(post, path = "/licensing/checkout", tag = "licensing", request_body = CheckoutRequest,
    responses((status = 200, body = LicenceGrant), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("device_token" = [])))]
pub async fn checkout(
    State(state): State<AppState>,
    caller: DeviceCaller,
    ApiJson(req): ApiJson<CheckoutRequest>,
) -> AppResult<Json<LicenceGrant>> {
    licensing::checkout(&state, &caller.token, &req, state.clock.unix()).await.map(Json)
}

/// The product is still running: records the last use per person, product and device, and the
/// day's rollup. Refused once the seat (or trial) that allowed the check-out is gone, so the
/// product stops.
#[utoipa::path(post, path = "/licensing/heartbeat", tag = "licensing", request_body = HeartbeatRequest,
    responses((status = 200, body = HeartbeatAnswer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)),
    security(("device_token" = [])))]
pub async fn heartbeat(
    State(state): State<AppState>,
    caller: DeviceCaller,
    ApiJson(req): ApiJson<HeartbeatRequest>,
) -> AppResult<Json<HeartbeatAnswer>> {
    licensing::heartbeat(&state, &caller.token, &req, state.clock.unix()).await.map(Json)
}

/// Cloud credits consumed by a product on this device, charged to the subscription of its
/// check-out. The idempotency key makes a retry harmless: the same key answers the first
/// result (`replayed`) and counts nothing again. Refused when the balance is too small.
#[utoipa::path(post, path = "/licensing/usage", tag = "licensing", request_body = UsageRequest,
    responses((status = 200, body = UsageRecorded), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)),
    security(("device_token" = [])))]
pub async fn record_usage(
    State(state): State<AppState>,
    caller: DeviceCaller,
    ApiJson(req): ApiJson<UsageRequest>,
) -> AppResult<Json<UsageRecorded>> {
    licensing::record_usage(&state, &caller.token, &req, state.clock.unix()).await.map(Json)
}

/// Signs this device out: its tokens stop working, and the portal shows it deactivated.
#[utoipa::path(post, path = "/licensing/deactivate", tag = "licensing", request_body = Empty,
    responses((status = 204)), security(("device_token" = [])))]
pub async fn deactivate(State(state): State<AppState>, caller: DeviceCaller, ApiJson(_empty): ApiJson<Empty>) -> AppResult<StatusCode> {
    state.db.deactivate_device(&caller.token.device_id, state.clock.unix()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The files of one release the person may download (the browser's rule: their account holds
/// the product and they may use the version, as an admin, with a seat or a trial), for the
/// download manager: each with its size, SHA-256 and a signed link that expires
/// (`download_link_minutes`) and answers HTTP Range requests (`ETag` = the quoted SHA-256, for
/// `If-Range`). `platform` and `language` narrow the list; a language keeps its own files and
/// the all-languages ones.
#[utoipa::path(get, path = "/licensing/files", tag = "licensing", params(DownloadQuery),
    responses((status = 200, body = DownloadFileList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("device_token" = [])))]
pub async fn list_download_files(
    State(state): State<AppState>,
    caller: DeviceCaller,
    ApiQuery(q): ApiQuery<DownloadQuery>,
) -> AppResult<Json<DownloadFileList>> {
    downloads::release_files(&state, &caller.token.user_id, &q).await.map(Json)
}

/// A custom install package to download: its files with size, SHA-256 and signed links. Only
/// for an admin of the package's account who may see it (shared, or their own); any other
/// package answers 404.
#[utoipa::path(get, path = "/licensing/packages/{id}", tag = "licensing", params(("id" = String, Path)),
    responses((status = 200, body = PackageDownload), (status = 404, body = ErrorBody)),
    security(("device_token" = [])))]
pub async fn get_package_download(
    State(state): State<AppState>,
    caller: DeviceCaller,
    ApiPath(id): ApiPath<String>,
) -> AppResult<Json<PackageDownload>> {
    downloads::package(&state, &caller.token.user_id, &id).await.map(Json)
}

// ---------------------------------------------------------------------------------------------
// The person's devices
// ---------------------------------------------------------------------------------------------

/// Devices as the portal shows them, with the products each ran (`products`: the rows of
/// these devices the caller may see).
pub fn to_devices(state: &AppState, rows: Vec<DeviceRow>, products: &[DeviceProductListRow]) -> Vec<Device> {
    let now = state.clock.unix();
    let inactive_after = state.settings.licensing.inactive_after_secs;
    rows
        .into_iter()
        .map(|d| Device {
            products: products
                .iter()
                .filter(|p| p.device_id == d.id)
                .map(|p| DeviceProduct {
                    product_code: p.product_code.clone(),
                    product_name: p.product_name.clone(),
                    version: p.version.clone(),
                    last_seen: rfc3339(p.last_seen),
                })
                .collect(),
            active: d.deactivated_at.is_none() && now - d.last_seen < inactive_after,
            deactivated: d.deactivated_at.is_some(),
            user_name: format!("{} {}", d.user_first_name, d.user_last_name).trim().to_string(),
            user_email: d.user_email,
            user_id: d.user_id,
            id: d.id,
            host_name: d.host_name,
            os: d.os,
            client_name: d.client_name,
            first_seen: rfc3339(d.first_seen),
            last_seen: rfc3339(d.last_seen),
        })
        .collect()
}

/// The computers you signed in from with a desktop product, most recently seen first.
#[utoipa::path(get, path = "/me/devices", tag = "licensing", responses((status = 200, body = Vec<Device>)))]
pub async fn my_devices(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<Vec<Device>>> {
    let rows = state.db.devices_of_user(&current.user.id).await?;
    let ids: Vec<String> = rows.iter().map(|d| d.id.clone()).collect();
    let products = state.db.products_of_devices(&ids).await?;
    Ok(Json(to_devices(&state, rows, &products)))
}

/// Deactivates one of your devices: its sign-in stops working at once.
#[utoipa::path(post, path = "/me/devices/{id}/deactivate", tag = "licensing", params(("id" = String, Path)),
    request_body = Empty, responses((status = 204)))]
pub async fn deactivate_my_device(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(id): ApiPath<String>,
    ApiJson(_empty): ApiJson<Empty>,
) -> AppResult<StatusCode> {
    let device = state.db.device(&id).await?.filter(|d| d.user_id == current.user.id).ok_or(AppError::NotFound)?;
    state.db.deactivate_device(&device.id, state.clock.unix()).await?;
    Ok(StatusCode::NO_CONTENT)
}
