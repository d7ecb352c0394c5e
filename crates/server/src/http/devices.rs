//! The company's devices (admins): the personal-data agreement the primary admin accepts first,
//! then the list of computers that ran the account's products, with filters, a CSV export and
//! deactivation.

use axum::{extract::State, http::StatusCode, response::Response, Json};
use seatwise_api::{
    AcceptDeviceAgreement, AgreementAcceptance, DeviceAgreement, DeviceList, DeviceQuery, DeviceStatus, ErrorBody, ErrorCode,
    FieldErrorCode, MemberRole, DEVICE_AGREEMENT_VERSION,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser, Empty},
    licensing::to_devices,
    members_io::csv_file,
};
use crate::{
    clock::rfc3339,
    domain::membership::Actor,
    error::{AppError, AppResult},
    state::AppState,
    store::licensing::DeviceFilter,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_agreement, accept_agreement))
        .routes(routes!(list_devices))
        .routes(routes!(export_devices_csv))
        .routes(routes!(deactivate_device))
}

/// Most devices one list answers (the export has them all).
const LIST_LIMIT: i64 = 500;
/// Most devices an export holds.
const EXPORT_LIMIT: i64 = 100_000;

async fn admin(state: &AppState, current: CurrentUser, account: &str, client: ClientInfo) -> AppResult<Actor> {
    let actor = Actor::load(state, current.user, account, client.ip).await?;
    actor.require_admin()?;
    Ok(actor)
}

async fn agreement(state: &AppState, actor: &Actor) -> AppResult<DeviceAgreement> {
    let row = state.db.device_agreement(&actor.account.id).await?;
    let accepted = match (row.version, row.at) {
        (Some(version), Some(at)) => Some(AgreementAcceptance {
            version,
            by_name: format!("{} {}", row.by_first_name.unwrap_or_default(), row.by_last_name.unwrap_or_default()).trim().to_string(),
            by_email: row.by_email.unwrap_or_default(),
            at: rfc3339(at),
        }),
        _ => None,
    };
    Ok(DeviceAgreement {
        version: DEVICE_AGREEMENT_VERSION.to_string(),
        in_force: accepted.as_ref().is_some_and(|a| a.version == DEVICE_AGREEMENT_VERSION),
        accepted,
        may_accept: actor.role == MemberRole::PrimaryAdmin,
    })
}

/// Admins who may see devices: the agreement in force was accepted.
async fn devices_admin(state: &AppState, current: CurrentUser, account: &str, client: ClientInfo) -> AppResult<Actor> {
    let actor = admin(state, current, account, client).await?;
    if !agreement(state, &actor).await?.in_force {
        return Err(AppError::Denied(ErrorCode::AgreementRequired));
    }
    Ok(actor)
}

/// The personal-data agreement for devices: the version in force and who accepted it when.
#[utoipa::path(get, path = "/accounts/{account}/devices/agreement", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = DeviceAgreement), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_agreement(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<DeviceAgreement>> {
    let actor = admin(&state, current, &account, client).await?;
    agreement(&state, &actor).await.map(Json)
}

/// Accepts the agreement in force (the primary admin): recorded with who, when and which
/// version, in the activity log too. The version read must be the one in force.
#[utoipa::path(post, path = "/accounts/{account}/devices/agreement", tag = "accounts", params(("account" = String, Path)),
    request_body = AcceptDeviceAgreement,
    responses((status = 200, body = DeviceAgreement), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn accept_agreement(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<AcceptDeviceAgreement>,
) -> AppResult<Json<DeviceAgreement>> {
    let actor = admin(&state, current, &account, client).await?;
    actor.require_primary()?;
    if req.version != DEVICE_AGREEMENT_VERSION {
        return Err(AppError::field("version", FieldErrorCode::Mismatch));
    }
    let mut tx = state.db.begin().await?;
    let before = state.db.device_agreement(&actor.account.id).await?.version;
    if state.db.accept_device_agreement(&mut tx, &actor.account.id, DEVICE_AGREEMENT_VERSION, &actor.user.id, state.clock.unix()).await? {
        actor
            .record(&state, &mut tx, "devices.agreement_accepted", ("account", &actor.account.id),
                Some(json!({"version": before})), Some(json!({"version": DEVICE_AGREEMENT_VERSION})))
            .await?;
    }
    tx.commit().await?;
    agreement(&state, &actor).await.map(Json)
}

fn filter(state: &AppState, q: &DeviceQuery, limit: i64) -> DeviceFilter {
    let since = state.clock.unix() - state.settings.licensing.inactive_after_secs;
    DeviceFilter {
        q: q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(|s| s.to_lowercase().chars().take(100).collect()),
        status: q.status.map(|s| (s, since)),
        product_code: q.product.clone().filter(|s| !s.is_empty()),
        user_id: q.user.clone().filter(|s| !s.is_empty()),
        limit,
    }
}

async fn devices(state: &AppState, actor: &Actor, q: &DeviceQuery, limit: i64) -> AppResult<(Vec<seatwise_api::Device>, bool)> {
    let mut rows = state.db.account_devices(&actor.account.id, &filter(state, q, limit + 1)).await?;
    let truncated = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let ids: Vec<String> = rows.iter().map(|d| d.id.clone()).collect();
    // Only the products run under this account.
    let products = state.db.account_products_of_devices(&actor.account.id, &ids).await?;
    let list = to_devices(state, rows, &products);
    Ok((list, truncated))
}

/// The company's devices: computers that ran the account's products, with the person, the
/// products and versions, first and last seen, and whether they are active (admins, once the
/// agreement in force was accepted; 403 `agreement_required` before).
#[utoipa::path(get, path = "/accounts/{account}/devices", tag = "accounts", params(("account" = String, Path), DeviceQuery),
    responses((status = 200, body = DeviceList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_devices(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<DeviceQuery>,
) -> AppResult<Json<DeviceList>> {
    let actor = devices_admin(&state, current, &account, client).await?;
    let (devices, truncated) = devices(&state, &actor, &q, LIST_LIMIT).await?;
    Ok(Json(DeviceList { devices, truncated }))
}

/// The filtered devices as CSV, one row per device and product version.
#[utoipa::path(get, path = "/accounts/{account}/devices/export.csv", tag = "accounts", params(("account" = String, Path), DeviceQuery),
    responses((status = 200, content_type = "text/csv"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export_devices_csv(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiQuery(q): ApiQuery<DeviceQuery>,
) -> AppResult<Response> {
    let actor = devices_admin(&state, current, &account, client).await?;
    let (devices, _) = devices(&state, &actor, &q, EXPORT_LIMIT).await?;
    let mut rows = vec![[
        "host_name", "os", "app", "person", "email", "product", "version", "product_last_seen", "first_seen", "last_seen", "status",
    ]
    .map(String::from)
    .to_vec()];
    for d in devices {
        let status = if d.deactivated {
            DeviceStatus::Deactivated
        } else if d.active {
            DeviceStatus::Active
        } else {
            DeviceStatus::Inactive
        };
        let base = |product: &str, version: &str, seen: &str| {
            vec![
                d.host_name.clone(),
                d.os.clone(),
                d.client_name.clone(),
                d.user_name.clone(),
                d.user_email.clone(),
                product.to_string(),
                version.to_string(),
                seen.to_string(),
                d.first_seen.clone(),
                d.last_seen.clone(),
                status.as_str().to_string(),
            ]
        };
        for p in &d.products {
            rows.push(base(&p.product_code, &p.version, &p.last_seen));
        }
    }
    csv_file(rows, "seatwise-devices.csv")
}

/// Deactivates a device of the company (admins): its sign-in stops working at once. Recorded
/// in the activity log.
#[utoipa::path(post, path = "/accounts/{account}/devices/{device}/deactivate", tag = "accounts",
    params(("account" = String, Path), ("device" = String, Path)), request_body = Empty,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn deactivate_device(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, device)): ApiPath<(String, String)>,
    ApiJson(_empty): ApiJson<Empty>,
) -> AppResult<StatusCode> {
    let actor = devices_admin(&state, current, &account, client).await?;
    if !state.db.device_in_account(&actor.account.id, &device).await? {
        return Err(AppError::NotFound);
    }
    let row = state.db.device(&device).await?.ok_or(AppError::NotFound)?;
    let now = state.clock.unix();
    let mut tx = state.db.begin().await?;
    if state.db.deactivate_device_in(&mut tx, &device, now).await? {
        actor
            .record(&state, &mut tx, "device.deactivated", ("device", &device), None,
                Some(json!({"host_name": row.host_name, "user": row.user_email})))
            .await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
