//! Licence requests: an account's admins ask for a previous-version licence, a home-use
//! licence, physical media or a network licence file; the vendor's staff work through the
//! queue. Every status change mails the requester and the contract manager (in their
//! language) and is written to the activity log in the same transaction.

use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use seatwise_api::{
    CreateLicenceRequest, ErrorBody, ErrorCode, FieldErrorCode, LicenceRequest, LicenceRequestList, RequestKind,
    RequestQuery, RequestStatus, ShippingAddress, UpdateRequestStatus, FILE_LANGUAGES,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    extract::{ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser},
    vendor::staff,
};
use crate::{
    clock::rfc3339,
    domain::{
        accounts::recipient,
        keys::KeyPurpose,
        identity::text_field,
        membership::Actor,
        products::{is_active, licence_type, Catalogue, Holdings},
        Country,
    },
    error::{AppError, AppResult},
    mail::{self, Mail, RequestDetail},
    state::AppState,
    store::{
        accounts::NewActivity,
        catalogue::{NewRequest, RequestRow},
        users::UserRow,
        Tx,
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_requests, create_request))
        .routes(routes!(download_licence_file))
        .routes(routes!(list_request_queue))
        .routes(routes!(update_request_status))
        .routes(routes!(vendor_licence_file))
}

pub fn to_request(r: &RequestRow) -> LicenceRequest {
    LicenceRequest {
        id: r.id.clone(),
        number: r.number.clone(),
        account_id: r.account_id.clone(),
        account_name: r.account_name.clone(),
        kind: RequestKind::parse(&r.kind).unwrap_or(RequestKind::PhysicalMedia),
        status: RequestStatus::parse(&r.status).unwrap_or(RequestStatus::Requested),
        product_code: r.product_code.clone(),
        product_name: r.product_name.clone(),
        subscription_id: r.subscription_id.clone(),
        contract_number: r.contract_number.clone(),
        licence_type: licence_type(&r.licence_type),
        requested_by_name: r.requester_name.clone(),
        requested_by_email: r.requester_email.clone(),
        version: r.version.clone(),
        language: r.language.clone(),
        shipping: r.shipping_json.as_deref().and_then(|s| serde_json::from_str(s).ok()),
        host_name: r.host_name.clone(),
        host_id: r.host_id.clone(),
        note: r.note.clone(),
        serial_number: r.serial_number.clone(),
        tracking_number: r.tracking_number.clone(),
        reason: r.reason.clone(),
        has_licence_file: r.licence_file.is_some(),
        created_at: rfc3339(r.created_at),
        updated_at: rfc3339(r.updated_at),
    }
}

/// The account's requests (admins).
#[utoipa::path(get, path = "/accounts/{account}/requests", tag = "products",
    params(("account" = String, Path)),
    responses((status = 200, body = LicenceRequestList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_requests(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<LicenceRequestList>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    let rows = state.db.account_requests(&account).await?;
    Ok(Json(LicenceRequestList { requests: rows.iter().map(to_request).collect() }))
}

fn check_shipping(a: &ShippingAddress, fields: &mut BTreeMap<String, FieldErrorCode>) -> ShippingAddress {
    let country = match Country::parse(&a.country) {
        Ok(c) => c.as_str().to_string(),
        Err(e) => {
            fields.insert("shipping.country".into(), e);
            String::new()
        }
    };
    ShippingAddress {
        name: text_field(fields, "shipping.name", &a.name, 100, true),
        company: text_field(fields, "shipping.company", &a.company, 100, false),
        street: text_field(fields, "shipping.street", &a.street, 200, true),
        postal_code: text_field(fields, "shipping.postal_code", &a.postal_code, 20, true),
        city: text_field(fields, "shipping.city", &a.city, 100, true),
        country,
        phone: text_field(fields, "shipping.phone", &a.phone, 40, false),
    }
}

/// A host name as licence servers know it (RFC 1123 labels).
fn valid_host_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// A host ID: the licence server's Ethernet address, 12 hex digits (separators allowed).
fn parse_host_id(s: &str) -> Option<String> {
    let hex: String = s.chars().filter(|c| !matches!(c, ':' | '-' | ' ')).collect();
    (hex.len() == 12 && hex.chars().all(|c| c.is_ascii_hexdigit())).then(|| hex.to_ascii_uppercase())
}

/// Asks the vendor for a licence, media or licence file. Admins only; the kind must apply to
/// the subscription's licence.
#[utoipa::path(post, path = "/accounts/{account}/requests", tag = "products", request_body = CreateLicenceRequest,
    params(("account" = String, Path)),
    responses((status = 201, body = LicenceRequest), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_request(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<CreateLicenceRequest>,
) -> AppResult<(StatusCode, Json<LicenceRequest>)> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    let h = Holdings::load(&state, &account, &actor.user.id, true).await?;
    let cat = Catalogue::load(&state).await?;
    let product = cat
        .by_code(req.product_code.trim())
        .filter(|p| p.kind == "product")
        .ok_or_else(|| AppError::field("product_code", FieldErrorCode::Unknown))?;
    let u = h.use_of(&cat, product);
    let sub = *u
        .coverage
        .iter()
        .find(|s| s.id == req.subscription_id)
        .ok_or_else(|| AppError::field("subscription_id", FieldErrorCode::Unknown))?;
    if !is_active(sub, &h.today) {
        return Err(AppError::Conflict(ErrorCode::SubscriptionInactive));
    }
    let released = cat.released(&product.id, &h.today);
    let mut fields = BTreeMap::new();
    let note = text_field(&mut fields, "note", &req.note.replace(['\r', '\n'], " "), 500, false);
    let (mut version, mut language, mut shipping, mut host_name, mut host_id) = (None, None, None, None, None);
    let applies = match req.kind {
        RequestKind::PreviousVersion => {
            // A version before the current one that the subscription does not include yet.
            match req.version.as_deref().map(str::trim) {
                None | Some("") => {
                    fields.insert("version".into(), FieldErrorCode::Required);
                }
                Some(v) => match released.iter().position(|r| r.version == v) {
                    Some(i) if i > 0 && !u.licensed_by.get(v).is_some_and(|subs| subs.iter().any(|s| s.id == sub.id)) => {
                        version = Some(v.to_string())
                    }
                    _ => {
                        fields.insert("version".into(), FieldErrorCode::Unknown);
                    }
                },
            }
            sub.licence_type == "standalone"
        }
        RequestKind::HomeUse => sub.licence_type == "multi_user_network",
        RequestKind::PhysicalMedia => {
            match req.version.as_deref().map(str::trim) {
                Some(v) if u.licensed_by.get(v).is_some_and(|subs| subs.iter().any(|s| s.id == sub.id)) => {
                    version = Some(v.to_string())
                }
                None | Some("") => {
                    fields.insert("version".into(), FieldErrorCode::Required);
                }
                Some(_) => {
                    fields.insert("version".into(), FieldErrorCode::Unknown);
                }
            }
            match req.language.as_deref().map(str::trim) {
                Some(l) if FILE_LANGUAGES.contains(&l) => language = Some(l.to_string()),
                None | Some("") => {
                    fields.insert("language".into(), FieldErrorCode::Required);
                }
                Some(_) => {
                    fields.insert("language".into(), FieldErrorCode::InvalidLocale);
                }
            }
            match &req.shipping {
                Some(a) => shipping = Some(check_shipping(a, &mut fields)),
                None => {
                    fields.insert("shipping".into(), FieldErrorCode::Required);
                }
            }
            true
        }
        RequestKind::NetworkLicence => {
            let name = req.host_name.as_deref().unwrap_or("").trim().to_ascii_lowercase();
            if name.is_empty() {
                fields.insert("host_name".into(), FieldErrorCode::Required);
            } else if !valid_host_name(&name) {
                fields.insert("host_name".into(), FieldErrorCode::InvalidFormat);
            } else {
                host_name = Some(name);
            }
            match req.host_id.as_deref().map(str::trim) {
                None | Some("") => {
                    fields.insert("host_id".into(), FieldErrorCode::Required);
                }
                Some(id) => match parse_host_id(id) {
                    Some(id) => host_id = Some(id),
                    None => {
                        fields.insert("host_id".into(), FieldErrorCode::InvalidFormat);
                    }
                },
            }
            sub.licence_type == "multi_user_network"
        }
    };
    if !applies {
        return Err(AppError::Conflict(ErrorCode::RequestNotApplicable));
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let manager = primary_admin(&state, &account).await?;
    let db = &state.db;
    let now = state.clock.unix();
    let mut tx = db.begin().await?;
    if matches!(req.kind, RequestKind::PreviousVersion | RequestKind::HomeUse | RequestKind::NetworkLicence)
        && db.open_request_exists(&mut tx, &sub.id, &product.id, req.kind.as_str(), version.as_deref()).await?
    {
        return Err(AppError::Conflict(ErrorCode::RequestOpen));
    }
    let n = db.next_request_number(&mut tx).await?;
    let year = state.clock.now().year();
    let number = format!("RQ-{year}-{n:06}");
    let id = uuid::Uuid::new_v4().to_string();
    let requester_name = format!("{} {}", actor.user.first_name, actor.user.last_name);
    db.insert_request(
        &mut tx,
        &NewRequest {
            id: &id,
            number: &number,
            account_id: &account,
            subscription_id: &sub.id,
            product_id: &product.id,
            kind: req.kind.as_str(),
            requested_by: &actor.user.id,
            requester_name: requester_name.trim(),
            requester_email: &actor.user.email,
            version: version.as_deref(),
            language: language.as_deref(),
            shipping_json: shipping.as_ref().map(|s| serde_json::to_string(s).unwrap_or_default()),
            host_name: host_name.as_deref(),
            host_id: host_id.as_deref(),
            note: &note,
            now,
        },
    )
    .await
    .map_err(|e| {
        // The check above can race with a concurrent request: the unique index decides.
        if crate::store::is_unique_violation(&e) { AppError::Conflict(ErrorCode::RequestOpen) } else { e.into() }
    })?;
    let row = db.request(&mut *tx, &id).await?.ok_or_else(|| anyhow::anyhow!("the new request is missing"))?;
    let after = json!({"number": number, "kind": req.kind.as_str(), "product": product.code, "version": version, "status": "requested"});
    actor.record(&state, &mut tx, "request.created", ("request", &id), None, Some(after)).await?;
    notify(&state, &mut tx, &row, Some(&actor.user), manager.as_ref(), RequestDetail::None).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(to_request(&row))))
}

async fn primary_admin(state: &AppState, account: &str) -> AppResult<Option<UserRow>> {
    Ok(match state.db.primary_admin_email(account).await? {
        Some(email) => state.db.user_by_email(&email).await?,
        None => None,
    })
}

/// Mails the requester and the contract manager (once when they are the same person).
async fn notify(
    state: &AppState,
    tx: &mut Tx,
    r: &RequestRow,
    requester: Option<&UserRow>,
    manager: Option<&UserRow>,
    detail: RequestDetail,
) -> AppResult<()> {
    let mail = Mail::RequestUpdate {
        account: r.account_name.clone(),
        number: r.number.clone(),
        kind: RequestKind::parse(&r.kind).unwrap_or(RequestKind::PhysicalMedia),
        product: r.product_name.clone(),
        status: RequestStatus::parse(&r.status).unwrap_or(RequestStatus::Requested),
        detail,
        link: state.settings.link(&format!("/accounts/{}/requests", r.account_id)),
    };
    let mut sent = Vec::new();
    for u in [requester, manager].into_iter().flatten() {
        if sent.contains(&u.id) {
            continue;
        }
        mail::queue(&state.db, tx, &mail, &recipient(u), state.clock.unix()).await?;
        sent.push(u.id.clone());
    }
    state.mail_wake.notify_one();
    Ok(())
}

fn licence_file_response(r: &RequestRow) -> AppResult<Response> {
    let text = r.licence_file.clone().ok_or(AppError::NotFound)?;
    let name = format!("seatwise-{}-{}.lic", r.product_code.to_ascii_lowercase(), r.number.to_ascii_lowercase());
    let mut res = text.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}

/// The network licence file the vendor issued (admins of the account).
#[utoipa::path(get, path = "/accounts/{account}/requests/{request}/licence-file", tag = "products",
    params(("account" = String, Path), ("request" = String, Path)),
    responses((status = 200, description = "The licence file", content_type = "text/plain"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn download_licence_file(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, request)): ApiPath<(String, String)>,
) -> AppResult<Response> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    let r = state.db.request(state.db.pool(), &request).await?.filter(|r| r.account_id == account).ok_or(AppError::NotFound)?;
    licence_file_response(&r)
}

/// The vendor's queue across every customer account: open requests first, oldest first.
#[utoipa::path(get, path = "/vendor/requests", tag = "vendor", params(RequestQuery),
    responses((status = 200, body = LicenceRequestList), (status = 403, body = ErrorBody)))]
pub async fn list_request_queue(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(q): ApiQuery<RequestQuery>,
) -> AppResult<Json<LicenceRequestList>> {
    staff(current)?;
    let before = q.min_age_days.map(|d| state.clock.unix() - i64::from(d) * 86_400);
    let rows = state.db.request_queue(q.kind.map(|k| k.as_str()), q.status.map(|s| s.as_str()), before).await?;
    Ok(Json(LicenceRequestList { requests: rows.iter().map(to_request).collect() }))
}

/// Which statuses a request may move to.
fn allowed(kind: RequestKind, from: RequestStatus, to: RequestStatus) -> bool {
    use RequestStatus::*;
    match kind {
        RequestKind::PhysicalMedia => matches!((from, to), (Requested, Approved) | (Approved, Shipped) | (Requested | Approved, Rejected)),
        _ => matches!((from, to), (Requested, Fulfilled) | (Requested, Rejected)),
    }
}

/// A network licence file for the request's server, signed with the deployment's licence
/// file key (`KEYID` names it, so that keys can be rotated).
async fn licence_file(state: &AppState, r: &RequestRow, seats: i64, end_date: &str) -> AppResult<String> {
    let host = r.host_name.as_deref().unwrap_or("");
    let host_id = r.host_id.as_deref().unwrap_or("");
    let signed = format!(
        "seatwise-licence-file-v1\n{}\n{}\n{}\n{end_date}\n{seats}\n{host_id}\n{}",
        r.account_id, r.product_code, r.number, host
    );
    let (kid, sig) = state.keys.sign(KeyPurpose::LicenceFiles, signed.as_bytes(), state.clock.unix()).await?;
    Ok(format!(
        "# Seatwise network licence file\n# Account: {account}\n# Contract: {contract}\n# Request: {number}\n\
         SERVER {host} {host_id} 27000\nVENDOR seatwise\n\
         INCREMENT {product} seatwise 1.0 {end_date} {seats} HOSTID={host_id} KEYID={kid} SIGN=\"{sig}\"\n",
        account = r.account_name,
        contract = r.contract_number,
        number = r.number,
        product = r.product_code,
    ))
}

/// Moves a request on: approve or ship (media), fulfil with a serial or the licence file,
/// or reject with a reason.
#[utoipa::path(post, path = "/vendor/requests/{request}/status", tag = "vendor", request_body = UpdateRequestStatus,
    params(("request" = String, Path)),
    responses((status = 200, body = LicenceRequest), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_request_status(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(request): ApiPath<String>,
    ApiJson(req): ApiJson<UpdateRequestStatus>,
) -> AppResult<Json<LicenceRequest>> {
    let who = staff(current)?;
    let db = &state.db;
    let r = db.request(db.pool(), &request).await?.ok_or(AppError::NotFound)?;
    let kind = RequestKind::parse(&r.kind).ok_or_else(|| anyhow::anyhow!("bad request kind"))?;
    let from = RequestStatus::parse(&r.status).ok_or_else(|| anyhow::anyhow!("bad request status"))?;
    if !allowed(kind, from, req.status) {
        return Err(AppError::Conflict(ErrorCode::InvalidTransition));
    }
    let mut fields = BTreeMap::new();
    let (mut serial, mut tracking, mut reason, mut file) = (None, None, None, None);
    let detail = match (req.status, kind) {
        (RequestStatus::Fulfilled, RequestKind::NetworkLicence) => {
            let sub = db.subscription(db.pool(), &r.account_id, &r.subscription_id).await?.ok_or(AppError::NotFound)?;
            file = Some(licence_file(&state, &r, sub.seats, &sub.end_date).await?);
            RequestDetail::LicenceFile
        }
        (RequestStatus::Fulfilled, _) => {
            let s = text_field(&mut fields, "serial_number", req.serial_number.as_deref().unwrap_or(""), 40, true).to_ascii_uppercase();
            if !s.is_empty() && !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                fields.insert("serial_number".into(), FieldErrorCode::InvalidFormat);
            }
            serial = Some(s.clone());
            RequestDetail::Serial(s)
        }
        (RequestStatus::Shipped, _) => {
            let t = text_field(&mut fields, "tracking_number", req.tracking_number.as_deref().unwrap_or(""), 60, true);
            tracking = Some(t.clone());
            RequestDetail::Tracking(t)
        }
        (RequestStatus::Rejected, _) => {
            let t = text_field(&mut fields, "reason", &req.reason.as_deref().unwrap_or("").replace(['\r', '\n'], " "), 500, true);
            reason = Some(t.clone());
            RequestDetail::Reason(t)
        }
        _ => RequestDetail::None,
    };
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let requester = match &r.requested_by {
        Some(id) => db.user_by_id(db.pool(), id).await?,
        None => None,
    };
    let manager = primary_admin(&state, &r.account_id).await?;
    let now = state.clock.unix();
    let mut tx = db.begin().await?;
    let moved = db
        .update_request(&mut tx, &r.id, from.as_str(), req.status.as_str(), serial.as_deref(), tracking.as_deref(), reason.as_deref(), file.as_deref(), now)
        .await?;
    if !moved {
        // Someone else moved it first.
        return Err(AppError::Conflict(ErrorCode::InvalidTransition));
    }
    let updated = db.request(&mut *tx, &r.id).await?.ok_or(AppError::NotFound)?;
    db.record_activity(
        &mut *tx,
        &NewActivity {
            account_id: Some(&r.account_id),
            actor_id: &who.id,
            actor_email: &who.email,
            action: "request.status_changed",
            object_type: "request",
            object_id: &r.id,
            before: Some(json!({"status": from.as_str()})),
            after: Some(json!({"status": req.status.as_str(), "serial_number": serial, "tracking_number": tracking, "reason": reason,
                "licence_file": file.is_some()})),
            ip: &client.ip,
            at: now,
        },
    )
    .await?;
    notify(&state, &mut tx, &updated, requester.as_ref(), manager.as_ref(), detail).await?;
    tx.commit().await?;
    Ok(Json(to_request(&updated)))
}

/// The licence file of a request (vendor staff).
#[utoipa::path(get, path = "/vendor/requests/{request}/licence-file", tag = "vendor", params(("request" = String, Path)),
    responses((status = 200, description = "The licence file", content_type = "text/plain"), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn vendor_licence_file(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiPath(request): ApiPath<String>,
) -> AppResult<Response> {
    staff(current)?;
    let r = state.db.request(state.db.pool(), &request).await?.ok_or(AppError::NotFound)?;
    licence_file_response(&r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_and_ids_are_checked() {
        assert!(valid_host_name("lic-server.northwind.local"));
        assert!(!valid_host_name("-bad.example"));
        assert!(!valid_host_name("under_score"));
        assert_eq!(parse_host_id("00:1a:2b:3c:4d:5e").as_deref(), Some("001A2B3C4D5E"));
        assert_eq!(parse_host_id("001A2B3C4D5"), None);
        assert_eq!(parse_host_id("zz1a2b3c4d5e"), None);
    }

    #[test]
    fn media_moves_through_approval_and_shipping() {
        use RequestStatus::*;
        let m = RequestKind::PhysicalMedia;
        assert!(allowed(m, Requested, Approved) && allowed(m, Approved, Shipped) && allowed(m, Approved, Rejected));
        assert!(!allowed(m, Requested, Shipped) && !allowed(m, Shipped, Rejected) && !allowed(m, Requested, Fulfilled));
        let p = RequestKind::PreviousVersion;
        assert!(allowed(p, Requested, Fulfilled) && allowed(p, Requested, Rejected));
        assert!(!allowed(p, Requested, Approved) && !allowed(p, Fulfilled, Rejected));
    }
}
