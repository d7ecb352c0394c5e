//! What the licensing API does, apart from HTTP: issuing a device token for an approved device
//! sign-in, check-out with a signed answer, heartbeats and cloud-credit usage. Each takes the
//! time it happens at, so the demo data can drive the same code over past days.

use seatwise_api::{
    CheckoutRequest, DeviceToken, ErrorCode, FieldErrorCode, HeartbeatAnswer, HeartbeatRequest, LicenceClaims, LicenceGrant,
    UsageRecorded, UsageRequest,
};

use super::{
    keys::KeyPurpose,
    money::iso,
    products::{Catalogue, Holdings},
    secret::{new_token, token_hash},
};
use crate::{
    error::{AppError, AppResult},
    state::AppState,
    store::licensing::{Beat, DeviceAuthorizationRow, DeviceTokenRow, NewUsageEvent},
};

/// Most credits one usage event may consume.
pub const MAX_EVENT_CREDITS: u32 = 1_000_000;

/// The UTC day of a Unix time, `YYYY-MM-DD`.
pub fn day_of(unix: i64) -> String {
    iso(time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH).date())
}

/// A version as products name it: 1 to 50 characters of text.
fn check_version(version: &str) -> AppResult<()> {
    if version.is_empty() || version.chars().count() > 50 || version.chars().any(char::is_control) {
        return Err(AppError::field("version", FieldErrorCode::InvalidFormat));
    }
    Ok(())
}

/// Takes an approved device sign-in for its token: a new device of the person who approved it
/// and a token for it (only its hash is stored). `None` when another poll took it first.
pub async fn issue_device_token(state: &AppState, a: &DeviceAuthorizationRow, now: i64) -> AppResult<Option<DeviceToken>> {
    let db = &state.db;
    let Some(user_id) = a.user_id.as_deref() else {
        return Err(AppError::Internal(anyhow::anyhow!("an approved device authorization without a person")));
    };
    let mut tx = db.begin().await?;
    if !db.use_device_authorization(&mut tx, &a.device_code_hash, now).await? {
        return Ok(None);
    }
    let device_id = uuid::Uuid::new_v4().to_string();
    db.insert_device(&mut tx, &device_id, user_id, &a.host_name, &a.os, now).await?;
    let access_token = new_token();
    let ttl = state.settings.licensing.device_token_ttl_secs;
    let token_id = uuid::Uuid::new_v4().to_string();
    db.insert_device_token(&mut tx, &token_id, &token_hash(&access_token), (user_id, &device_id), &a.client_name, now, now + ttl)
        .await?;
    tx.commit().await?;
    Ok(Some(DeviceToken { access_token, token_type: "Bearer".into(), expires_in: ttl as u64, device_id }))
}

/// May this device run this product version? Yes only if the person holds a seat of an active
/// subscription (directly or through a collection) or runs a trial, and the licence includes
/// the version; the answer is signed (Ed25519) for offline use until `valid_until`.
pub async fn checkout(state: &AppState, t: &DeviceTokenRow, req: &CheckoutRequest, now: i64) -> AppResult<LicenceGrant> {
    check_version(&req.version)?;
    let cat = Catalogue::load(state).await?;
    let product = cat.by_code(&req.product).filter(|p| p.kind == "product").ok_or(AppError::NotFound)?;
    let mut entitled_elsewhere = false;
    for (account, _, _) in state.db.accounts_of(&t.user_id).await? {
        // Being an admin lets a person manage and download, not run: running takes a seat.
        let h = Holdings::load(state, &account.id, &t.user_id, false).await?;
        let u = h.use_of(&cat, product);
        if !u.allows_version(&req.version) {
            entitled_elsewhere |= u.entitled;
            continue;
        }
        let subscription = u.licensed_by.get(&req.version).and_then(|subs| subs.first()).map(|s| s.id.clone());
        state.db.record_checkout(&t.device_id, &product.id, &req.version, &account.id, subscription.as_deref(), now).await?;
        let claims = LicenceClaims {
            product: product.code.clone(),
            version: req.version.clone(),
            device_id: t.device_id.clone(),
            user_id: t.user_id.clone(),
            account_id: account.id.clone(),
            trial: subscription.is_none(),
            subscription_id: subscription,
            issued_at: now,
            valid_until: now + state.settings.licensing.offline_secs,
        };
        let payload = serde_json::to_string(&claims).map_err(anyhow::Error::from)?;
        let (key_id, signature) = state.keys.sign_ed25519(KeyPurpose::LicenceGrants, payload.as_bytes(), now).await?;
        return Ok(LicenceGrant {
            claims,
            payload,
            key_id,
            signature,
            heartbeat_secs: state.settings.licensing.heartbeat_secs as u64,
        });
    }
    Err(AppError::Denied(if entitled_elsewhere { ErrorCode::VersionNotLicensed } else { ErrorCode::NotEntitled }))
}

/// What a check-out of a product on the caller's device recorded, if the person still holds
/// what allowed it: (account, product id, subscription). Without a version: the product's most
/// recent check-out on the device.
async fn still_licensed(
    state: &AppState,
    t: &DeviceTokenRow,
    product: &str,
    version: Option<&str>,
    now: i64,
) -> AppResult<(String, String, Option<String>)> {
    let product_id = state.db.product_id_by_code(product).await?.ok_or(AppError::NotFound)?;
    let dp = match version {
        Some(v) => state.db.device_product(&t.device_id, &product_id, v).await?,
        None => state.db.latest_device_product(&t.device_id, &product_id).await?,
    }
    .ok_or(AppError::Denied(ErrorCode::NotEntitled))?;
    let holds = match &dp.subscription_id {
        Some(s) => state.db.holds_active_seat(s, &t.user_id, &day_of(now)).await?,
        None => state.db.trial_running(&dp.account_id, &t.user_id, &product_id, now).await?,
    };
    if !holds {
        return Err(AppError::Denied(ErrorCode::NotEntitled));
    }
    Ok((dp.account_id, product_id, dp.subscription_id))
}

/// The product is still running: the last use per person, product and device, and the day's
/// rollup. Refused once the seat (or trial) that allowed the check-out is gone.
pub async fn heartbeat(state: &AppState, t: &DeviceTokenRow, req: &HeartbeatRequest, now: i64) -> AppResult<HeartbeatAnswer> {
    check_version(&req.version)?;
    let (account_id, product_id, _) = still_licensed(state, t, &req.product, Some(&req.version), now).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let day = day_of(now);
    state
        .db
        .record_heartbeat(&Beat {
            id: &id,
            device_id: &t.device_id,
            account_id: &account_id,
            user_id: &t.user_id,
            product_id: &product_id,
            version: &req.version,
            day: &day,
            at: now,
        })
        .await?;
    Ok(HeartbeatAnswer { heartbeat_secs: state.settings.licensing.heartbeat_secs as u64 })
}

/// Cloud credits consumed on this device, charged to the subscription of the product's
/// check-out. The same idempotency key answers the first result and counts nothing again.
pub async fn record_usage(state: &AppState, t: &DeviceTokenRow, req: &UsageRequest, now: i64) -> AppResult<UsageRecorded> {
    let key = req.idempotency_key.trim();
    if key.is_empty() || key.len() > 100 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(AppError::field("idempotency_key", FieldErrorCode::InvalidFormat));
    }
    if req.credits == 0 || req.credits > MAX_EVENT_CREDITS {
        return Err(AppError::field("credits", FieldErrorCode::OutOfRange));
    }
    if let Some(done) = replay(state, t, key, req).await? {
        return Ok(done);
    }
    let (account_id, product_id, subscription) = still_licensed(state, t, &req.product, None, now).await?;
    // A trial carries no credits.
    let subscription_id = subscription.ok_or(AppError::Conflict(ErrorCode::CreditsExhausted))?;
    let id = uuid::Uuid::now_v7().to_string();
    let day = day_of(now);
    let recorded = state
        .db
        .record_usage(&NewUsageEvent {
            id: &id,
            user_id: &t.user_id,
            idempotency_key: key,
            account_id: &account_id,
            subscription_id: &subscription_id,
            product_id: &product_id,
            device_id: &t.device_id,
            credits: i64::from(req.credits),
            day: &day,
            at: now,
        })
        .await?;
    match recorded {
        Some(true) => {
            let (total, used) = state.db.credits(&subscription_id).await?;
            Ok(UsageRecorded { subscription_id, credits: req.credits, balance: total - used, replayed: false })
        }
        Some(false) => Err(AppError::Conflict(ErrorCode::CreditsExhausted)),
        // A concurrent retry recorded the key first.
        None => replay(state, t, key, req).await?.ok_or(AppError::Conflict(ErrorCode::Conflict)),
    }
}

/// The answer to a key recorded before; a conflict when the key was used for another event.
async fn replay(state: &AppState, t: &DeviceTokenRow, key: &str, req: &UsageRequest) -> AppResult<Option<UsageRecorded>> {
    let Some(e) = state.db.usage_event_by_key(&t.user_id, key).await? else { return Ok(None) };
    let same_product = state.db.product_id_by_code(&req.product).await?.is_some_and(|p| p == e.product_id);
    if !same_product || e.credits != i64::from(req.credits) {
        return Err(AppError::Conflict(ErrorCode::Conflict));
    }
    let (total, used) = state.db.credits(&e.subscription_id).await?;
    Ok(Some(UsageRecorded { subscription_id: e.subscription_id, credits: req.credits, balance: total - used, replayed: true }))
}
