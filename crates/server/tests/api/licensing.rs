//! The licensing API of the desktop products: the device grant (RFC 8628), check-out with a
//! signed answer, heartbeats, idempotent usage events, deactivation, and the person's devices.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use reqwest::{header, Client};
use seatwise_api::{
    Device, DeviceAuthorization, DeviceRequest, DeviceToken, ErrorCode, LicenceClaims, LicenceGrant, LicenceKeys, OAuthError,
    UsageRecorded,
};
use serde_json::json;

use crate::{company::*, helpers::*, on_both_databases, products::*};

on_both_databases!(
    the_device_grant_answers_as_rfc_8628_says,
    checkout_needs_a_seat_and_a_licensed_version,
    usage_events_count_once_and_never_overdraw,
    deactivated_devices_lose_their_token,
);

/// A client with no cookies and none of the app's CSRF headers: a desktop product.
fn desktop() -> Client {
    Client::builder().build().unwrap()
}

async fn authorize(app: &TestApp, d: &Client, host: &str) -> DeviceAuthorization {
    let r = d
        .post(app.url("/device/authorize"))
        .form(&[("client_id", "Draftline CAD"), ("device_name", host), ("os", "Windows 11")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    r.json().await.unwrap()
}

async fn poll(app: &TestApp, d: &Client, device_code: &str) -> reqwest::Response {
    d.post(app.url("/device/token"))
        .form(&[
            ("grant_type", seatwise_api::DEVICE_CODE_GRANT_TYPE),
            ("device_code", device_code),
            ("client_id", "Draftline CAD"),
        ])
        .send()
        .await
        .unwrap()
}

async fn oauth_error(r: reqwest::Response) -> String {
    assert_eq!(r.status(), 400);
    r.json::<OAuthError>().await.unwrap().error
}

/// The person on `person` approves a new device sign-in; returns the device token.
pub async fn device_sign_in(app: &TestApp, person: &Client, host: &str) -> DeviceToken {
    let d = desktop();
    let a = authorize(app, &d, host).await;
    let r = app.post_as(person, &format!("/me/device-requests/{}", a.user_code), &json!({"approve": true})).await;
    assert_eq!(r.status(), 204, "{}", r.text().await.unwrap());
    let r = poll(app, &d, &a.device_code).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    r.json().await.unwrap()
}

async fn call(app: &TestApp, token: &str, path: &str, body: serde_json::Value) -> reqwest::Response {
    desktop().post(app.url(path)).bearer_auth(token).json(&body).send().await.unwrap()
}

async fn the_device_grant_answers_as_rfc_8628_says(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("ana@example.com").await;
    let d = desktop();

    // Asking: the codes, the page and the polling interval.
    let a = authorize(&app, &d, "ANA-LAPTOP").await;
    assert_eq!(a.user_code.len(), 9);
    assert!(a.verification_uri.ends_with("/device"));
    assert_eq!(a.verification_uri_complete, format!("{}?code={}", a.verification_uri, a.user_code));
    assert_eq!((a.expires_in, a.interval), (600, 5));

    // Not answered yet; polling faster than the interval slows the app down.
    assert_eq!(oauth_error(poll(&app, &d, &a.device_code).await).await, "authorization_pending");
    assert_eq!(oauth_error(poll(&app, &d, &a.device_code).await).await, "slow_down");
    app.advance(time::Duration::seconds(6));
    assert_eq!(oauth_error(poll(&app, &d, &a.device_code).await).await, "slow_down", "the interval grew to 10 s");
    // Each slow_down adds 5 s for all later polls: 15 s now.
    app.advance(time::Duration::seconds(10));
    assert_eq!(oauth_error(poll(&app, &d, &a.device_code).await).await, "slow_down");
    app.advance(time::Duration::seconds(21));
    assert_eq!(oauth_error(poll(&app, &d, &a.device_code).await).await, "authorization_pending");

    // The approval page reads the request by its code, typed loosely.
    let typed = a.user_code.to_lowercase().replace('-', "");
    let r = app.get(&format!("/me/device-requests/{typed}")).await;
    assert_eq!(r.status(), 200);
    let req: DeviceRequest = r.json().await.unwrap();
    assert_eq!((req.client_name.as_str(), req.host_name.as_str(), req.os.as_str()), ("Draftline CAD", "ANA-LAPTOP", "Windows 11"));
    assert_error(app.get("/me/device-requests/BCDF-GHJK").await, 404, ErrorCode::NotFound).await;
    // Only a signed-in person can see or answer it.
    assert_error(app.get_as(&app.new_browser(), &format!("/me/device-requests/{}", a.user_code)).await, 401, ErrorCode::Unauthenticated).await;

    let r = app.post(&format!("/me/device-requests/{}", a.user_code), &json!({"approve": true})).await;
    assert_eq!(r.status(), 204);
    // Answered: gone from the page, and a second answer finds nothing.
    assert_error(app.get(&format!("/me/device-requests/{}", a.user_code)).await, 404, ErrorCode::NotFound).await;
    assert_error(app.post(&format!("/me/device-requests/{}", a.user_code), &json!({"approve": false})).await, 404, ErrorCode::NotFound).await;

    app.advance(time::Duration::seconds(21));
    let r = poll(&app, &d, &a.device_code).await;
    assert_eq!(r.status(), 200);
    let t: DeviceToken = r.json().await.unwrap();
    assert_eq!(t.token_type, "Bearer");
    assert_eq!(t.expires_in, 90 * 86_400);
    // Issued once.
    app.advance(time::Duration::seconds(21));
    assert_eq!(oauth_error(poll(&app, &d, &a.device_code).await).await, "expired_token");

    // Refused.
    let a = authorize(&app, &d, "ANA-DESKTOP").await;
    assert_eq!(app.post(&format!("/me/device-requests/{}", a.user_code), &json!({"approve": false})).await.status(), 204);
    assert_eq!(oauth_error(poll(&app, &d, &a.device_code).await).await, "access_denied");

    // Too late.
    let a = authorize(&app, &d, "ANA-OLD").await;
    app.advance(time::Duration::seconds(601));
    assert_eq!(oauth_error(poll(&app, &d, &a.device_code).await).await, "expired_token");
    assert_error(app.post(&format!("/me/device-requests/{}", a.user_code), &json!({"approve": true})).await, 404, ErrorCode::NotFound).await;

    // What is not a device grant.
    assert_eq!(oauth_error(poll(&app, &d, "not-a-code").await).await, "invalid_grant");
    let r = d.post(app.url("/device/token")).form(&[("grant_type", "password"), ("device_code", "x")]).send().await.unwrap();
    assert_eq!(oauth_error(r).await, "unsupported_grant_type");
    let r = d.post(app.url("/device/authorize")).form(&[("device_name", "x")]).send().await.unwrap();
    assert_eq!(oauth_error(r).await, "invalid_request", "client_id is required");
    let r = d.post(app.url("/device/authorize")).json(&json!({"client_id": "x"})).send().await.unwrap();
    assert_error(r, 415, ErrorCode::UnsupportedMediaType).await;
    let long = "x".repeat(101);
    let r = d.post(app.url("/device/authorize")).form(&[("client_id", long.as_str())]).send().await.unwrap();
    assert_eq!(oauth_error(r).await, "invalid_request");
}

fn verify(grant: &LicenceGrant, keys: &LicenceKeys) -> bool {
    use ed25519_dalek::{Signature, Verifier, VerifyingKey};
    let Some(key) = keys.keys.iter().find(|k| k.key_id == grant.key_id) else { return false };
    let public: [u8; 32] = URL_SAFE_NO_PAD.decode(&key.public_key).unwrap().try_into().unwrap();
    let sig: [u8; 64] = URL_SAFE_NO_PAD.decode(&grant.signature).unwrap().try_into().unwrap();
    VerifyingKey::from_bytes(&public).unwrap().verify(grant.payload.as_bytes(), &Signature::from_bytes(&sig)).is_ok()
}

async fn checkout_needs_a_seat_and_a_licensed_version(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (pia, pia_id) = member(&app, &s.co, "pia@example.com").await;
    let t = device_sign_in(&app, &pia, "PIA-PC").await;
    let checkout = |product: String, version: &'static str| {
        let app = &app;
        let token = t.access_token.clone();
        async move { call(app, &token, "/licensing/checkout", json!({"product": product, "version": version})).await }
    };

    // No seat: no licence, and the contract manager's admin role does not run products either.
    assert_error(checkout(s.code.clone(), "2027").await, 403, ErrorCode::NotEntitled).await;
    let manager_token = device_sign_in(&app, &s.co.manager, "MAJA-PC").await;
    let r = call(&app, &manager_token.access_token, "/licensing/checkout", json!({"product": s.code, "version": "2027"})).await;
    assert_error(r, 403, ErrorCode::NotEntitled).await;

    set_seat(&app, &s.co, &pia_id, &s.co.subscription_id, true).await;
    let r = checkout(s.code.to_lowercase(), "2027").await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let grant: LicenceGrant = r.json().await.unwrap();
    assert_eq!(grant.claims.product, s.code);
    assert_eq!(grant.claims.version, "2027");
    assert_eq!(grant.claims.device_id, t.device_id);
    assert_eq!(grant.claims.account_id, s.co.account_id);
    assert_eq!(grant.claims.subscription_id.as_deref(), Some(s.co.subscription_id.as_str()));
    assert!(!grant.claims.trial);
    assert_eq!(grant.claims.valid_until - grant.claims.issued_at, 72 * 3600);
    assert_eq!(grant.heartbeat_secs, 300);
    // The payload is the claims, signed by a published key; a changed payload does not verify.
    assert_eq!(serde_json::from_str::<LicenceClaims>(&grant.payload).unwrap(), grant.claims);
    let keys: LicenceKeys = desktop().get(app.url("/licensing/keys")).send().await.unwrap().json().await.unwrap();
    assert_eq!(keys.keys[0].algorithm, "Ed25519");
    assert!(verify(&grant, &keys));
    let forged = LicenceGrant { payload: grant.payload.replace("2027", "2099"), ..grant.clone() };
    assert!(!verify(&forged, &keys));

    // Three versions back are included; four are not. Unknown products and versions.
    assert_eq!(checkout(s.code.clone(), "2024").await.status(), 200);
    assert_error(checkout(s.code.clone(), "2023").await, 403, ErrorCode::VersionNotLicensed).await;
    assert_error(checkout(s.code.clone(), "1999").await, 403, ErrorCode::VersionNotLicensed).await;
    assert_error(checkout("NOPE".into(), "2027").await, 404, ErrorCode::NotFound).await;
    assert_error(checkout(s.code.clone(), "").await, 422, ErrorCode::ValidationFailed).await;

    // Heartbeats while it runs; the device list shows what ran.
    let beat = |version: &'static str| call(&app, &t.access_token, "/licensing/heartbeat", json!({"product": s.code, "version": version}));
    assert_eq!(beat("2027").await.status(), 200);
    assert_error(beat("2025").await, 403, ErrorCode::NotEntitled).await;
    let devices: Vec<Device> = app.get_as(&pia, "/me/devices").await.json().await.unwrap();
    assert_eq!(devices.len(), 1);
    assert_eq!((devices[0].host_name.as_str(), devices[0].os.as_str(), devices[0].client_name.as_str()), ("PIA-PC", "Windows 11", "Draftline CAD"));
    assert!(devices[0].active && !devices[0].deactivated);
    let mut ran: Vec<&str> = devices[0].products.iter().map(|p| p.version.as_str()).collect();
    ran.sort();
    assert_eq!(ran, ["2024", "2027"]);

    // The seat taken away: the next heartbeat says stop.
    set_seat(&app, &s.co, &pia_id, &s.co.subscription_id, false).await;
    assert_error(beat("2027").await, 403, ErrorCode::NotEntitled).await;
    assert_error(checkout(s.code.clone(), "2027").await, 403, ErrorCode::NotEntitled).await;

    // No token, a wrong one, a session cookie instead: refused as RFC 6750 says.
    let r = desktop().post(app.url("/licensing/checkout")).json(&json!({"product": s.code, "version": "2027"})).send().await.unwrap();
    assert_eq!(r.headers().get(header::WWW_AUTHENTICATE).unwrap(), "Bearer error=\"invalid_token\"");
    assert_error(r, 401, ErrorCode::Unauthenticated).await;
    assert_error(call(&app, "wrong", "/licensing/checkout", json!({"product": s.code, "version": "2027"})).await, 401, ErrorCode::Unauthenticated).await;
    assert_error(app.post_as(&pia, "/licensing/checkout", &json!({"product": s.code, "version": "2027"})).await, 401, ErrorCode::Unauthenticated).await;
}

async fn usage_events_count_once_and_never_overdraw(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (start, end) = term(&app);
    let contract = post_ok(&app, &s.vendor, &format!("/vendor/accounts/{}/contracts", s.co.account_id), json!({
        "number": "CLOUD-1", "start_date": start, "end_date": end
    }))
    .await;
    let sub: seatwise_api::Subscription = serde_json::from_value(
        post_ok(&app, &s.vendor, &format!("/vendor/contracts/{}/subscriptions", contract["id"].as_str().unwrap()), json!({
            "product_id": s.product_id, "licence_type": "named_user", "seats": 1, "term": "one_year",
            "start_date": start, "end_date": end, "cloud_credits": 100
        }))
        .await,
    )
    .unwrap();
    let (pia, pia_id) = member(&app, &s.co, "pia@example.com").await;
    set_seat(&app, &s.co, &pia_id, &sub.id, true).await;
    let t = device_sign_in(&app, &pia, "PIA-PC").await;
    let usage = |key: &'static str, credits: u32| call(&app, &t.access_token, "/licensing/usage", json!({"idempotency_key": key, "product": s.code, "credits": credits}));

    // Credits are charged to the subscription of a check-out on this device.
    assert_error(usage("k0", 5).await, 403, ErrorCode::NotEntitled).await;
    assert_eq!(call(&app, &t.access_token, "/licensing/checkout", json!({"product": s.code, "version": "2027"})).await.status(), 200);

    let r = usage("k1", 30).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let first: UsageRecorded = r.json().await.unwrap();
    assert_eq!((first.subscription_id.as_str(), first.credits, first.balance, first.replayed), (sub.id.as_str(), 30, 70, false));
    // A retry counts nothing again.
    let again: UsageRecorded = usage("k1", 30).await.json().await.unwrap();
    assert_eq!((again.balance, again.replayed), (70, true));
    // The same key for another event is a conflict, not a silent replay.
    assert_error(usage("k1", 31).await, 409, ErrorCode::Conflict).await;
    // More than is left: refused, nothing recorded, so the key can be used once it fits.
    assert_error(usage("k2", 71).await, 409, ErrorCode::CreditsExhausted).await;
    let last: UsageRecorded = usage("k2", 70).await.json().await.unwrap();
    assert_eq!((last.balance, last.replayed), (0, false));
    assert_error(usage("k3", 1).await, 409, ErrorCode::CreditsExhausted).await;

    // Bad events.
    assert_error(usage("k4", 0).await, 422, ErrorCode::ValidationFailed).await;
    assert_error(usage("", 1).await, 422, ErrorCode::ValidationFailed).await;

    let (total, used) = app.db.credits(&sub.id).await.unwrap();
    assert_eq!((total, used), (100, 100));
}

async fn deactivated_devices_lose_their_token(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (pia, pia_id) = member(&app, &s.co, "pia@example.com").await;
    set_seat(&app, &s.co, &pia_id, &s.co.subscription_id, true).await;
    let laptop = device_sign_in(&app, &pia, "PIA-LAPTOP").await;
    let desktop_pc = device_sign_in(&app, &pia, "PIA-DESKTOP").await;
    let run = |token: String| {
        let app = &app;
        let code = s.code.clone();
        async move { call(app, &token, "/licensing/checkout", json!({"product": code, "version": "2027"})).await }
    };
    assert_eq!(run(laptop.access_token.clone()).await.status(), 200);

    // From the portal: only one's own devices.
    let (other, _) = member(&app, &s.co, "other@example.com").await;
    let path = format!("/me/devices/{}/deactivate", laptop.device_id);
    assert_error(app.post_as(&other, &path, &json!({})).await, 404, ErrorCode::NotFound).await;
    assert_eq!(app.post_as(&pia, &path, &json!({})).await.status(), 204);
    assert_error(run(laptop.access_token.clone()).await, 401, ErrorCode::DeviceDeactivated).await;
    let devices: Vec<Device> = app.get_as(&pia, "/me/devices").await.json().await.unwrap();
    let laptop_row = devices.iter().find(|d| d.id == laptop.device_id).unwrap();
    assert!(laptop_row.deactivated && !laptop_row.active);

    // From the app itself (sign out); the other device still works until then.
    assert_eq!(run(desktop_pc.access_token.clone()).await.status(), 200);
    assert_eq!(call(&app, &desktop_pc.access_token, "/licensing/deactivate", json!({})).await.status(), 204);
    assert_error(run(desktop_pc.access_token.clone()).await, 401, ErrorCode::DeviceDeactivated).await;

    // A device silent for longer than the setting shows as inactive.
    let fresh = device_sign_in(&app, &pia, "PIA-NEW").await;
    app.advance(time::Duration::days(31));
    assert_eq!(app.sign_in_as(&pia, "pia@example.com", PASSWORD).await.status(), 200);
    let devices: Vec<Device> = app.get_as(&pia, "/me/devices").await.json().await.unwrap();
    let row = devices.iter().find(|d| d.id == fresh.device_id).unwrap();
    assert!(!row.active && !row.deactivated);
    // Tokens expire after 90 days.
    app.advance(time::Duration::days(60));
    assert_error(run(fresh.access_token.clone()).await, 401, ErrorCode::Unauthenticated).await;
}
