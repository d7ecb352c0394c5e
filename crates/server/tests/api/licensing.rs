//! The licensing API of the desktop products: the device grant (RFC 8628), check-out with a
//! signed answer, heartbeats, idempotent usage events, deactivation, and the person's devices.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use reqwest::{header, Client};
use seatwise_api::{
    Device, DeviceAgreement, DeviceAuthorization, DeviceList, DeviceRequest, DeviceToken, ErrorCode, LicenceClaims, LicenceGrant, LicenceKeys, OAuthError,
    DownloadFileList, FileKind, PackageDownload, UsageRecorded,
};
use sha2::{Digest, Sha256};
use serde_json::json;

use crate::{company::*, helpers::*, on_both_databases, products::*};

on_both_databases!(
    the_device_grant_answers_as_rfc_8628_says,
    checkout_needs_a_seat_and_a_licensed_version,
    usage_events_count_once_and_never_overdraw,
    deactivated_devices_lose_their_token,
    company_devices_are_hidden_until_the_agreement_is_accepted,
    the_download_manager_lists_a_release_with_signed_links,
    the_download_manager_resumes_through_the_signed_link,
    install_packages_download_only_for_their_own_admins,
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

/// A second subscription of the shop's product, one seat, carrying `credits` cloud credits, on
/// a contract of its own (`CLOUD-1`).
pub async fn cloud_subscription(app: &TestApp, s: &Shop, credits: u32) -> seatwise_api::Subscription {
    let (start, end) = term(app);
    let contract = post_ok(app, &s.vendor, &format!("/vendor/accounts/{}/contracts", s.co.account_id), json!({
        "number": "CLOUD-1", "start_date": start, "end_date": end
    }))
    .await;
    serde_json::from_value(
        post_ok(app, &s.vendor, &format!("/vendor/contracts/{}/subscriptions", contract["id"].as_str().unwrap()), json!({
            "product_id": s.product_id, "licence_type": "named_user", "seats": 1, "term": "one_year",
            "start_date": start, "end_date": end, "cloud_credits": credits
        }))
        .await,
    )
    .unwrap()
}

async fn usage_events_count_once_and_never_overdraw(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let sub = cloud_subscription(&app, &s, 100).await;
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

async fn company_devices_are_hidden_until_the_agreement_is_accepted(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (pia, pia_id) = member(&app, &s.co, "pia@example.com").await;
    let (ana, ana_id) = member(&app, &s.co, "ana@example.com").await;
    set_seat(&app, &s.co, &pia_id, &s.co.subscription_id, true).await;
    set_seat(&app, &s.co, &ana_id, &s.co.subscription_id, true).await;
    let pia_pc = device_sign_in(&app, &pia, "PIA-PC").await;
    let ana_mac = device_sign_in(&app, &ana, "ana-mac").await;
    let spare = device_sign_in(&app, &ana, "ANA-SPARE").await;
    for (t, version) in [(&pia_pc, "2027"), (&ana_mac, "2026"), (&ana_mac, "2027")] {
        let r = call(&app, &t.access_token, "/licensing/checkout", json!({"product": s.code, "version": version})).await;
        assert_eq!(r.status(), 200);
    }
    // A secondary admin, who may look but not accept.
    let r = s.co.manager.patch(app.url(&format!("/accounts/{}/members/{ana_id}", s.co.account_id))).json(&json!({"role": "secondary_admin"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let base = format!("/accounts/{}/devices", s.co.account_id);

    // Before the agreement: its text's version and nobody's acceptance; no devices.
    let a: DeviceAgreement = app.get_as(&s.co.manager, &format!("{base}/agreement")).await.json().await.unwrap();
    assert_eq!((a.version.as_str(), a.accepted.is_none(), a.in_force, a.may_accept), (seatwise_api::DEVICE_AGREEMENT_VERSION, true, false, true));
    assert_error(app.get_as(&s.co.manager, &base).await, 403, ErrorCode::AgreementRequired).await;
    assert_error(app.get_as(&s.co.manager, &format!("{base}/export.csv")).await, 403, ErrorCode::AgreementRequired).await;
    let a: DeviceAgreement = app.get_as(&ana, &format!("{base}/agreement")).await.json().await.unwrap();
    assert!(!a.may_accept);
    assert_error(app.post_as(&ana, &format!("{base}/agreement"), &json!({"version": seatwise_api::DEVICE_AGREEMENT_VERSION})).await, 403, ErrorCode::Forbidden).await;
    assert_error(app.post_as(&s.co.manager, &format!("{base}/agreement"), &json!({"version": "2020-01"})).await, 422, ErrorCode::ValidationFailed).await;
    assert_error(app.get_as(&pia, &format!("{base}/agreement")).await, 403, ErrorCode::Forbidden).await;

    // Accepted: who, when, which version, in the activity log too.
    let r = app.post_as(&s.co.manager, &format!("{base}/agreement"), &json!({"version": seatwise_api::DEVICE_AGREEMENT_VERSION})).await;
    assert_eq!(r.status(), 200);
    let a: DeviceAgreement = r.json().await.unwrap();
    let by = a.accepted.unwrap();
    assert!(a.in_force);
    assert_eq!(by.version, seatwise_api::DEVICE_AGREEMENT_VERSION);
    assert!(by.by_email.starts_with("manager."));
    let activity: serde_json::Value = app.get_as(&s.co.manager, &format!("/accounts/{}/activity", s.co.account_id)).await.json().await.unwrap();
    assert!(activity.to_string().contains("devices.agreement_accepted"), "{activity}");

    // The company's devices: those that ran its products (not the spare that never did).
    let list = |query: &str| {
        let url = format!("{base}{query}");
        let app = &app;
        let c = ana.clone();
        async move {
            let r = app.get_as(&c, &url).await;
            assert_eq!(r.status(), 200, "{url}");
            let l: DeviceList = r.json().await.unwrap();
            let mut hosts: Vec<String> = l.devices.iter().map(|d| d.host_name.clone()).collect();
            hosts.sort();
            hosts
        }
    };
    assert_eq!(list("").await, ["PIA-PC", "ana-mac"]);
    assert_eq!(list("?q=ANA").await, ["ana-mac"], "host name, any case");
    assert_eq!(list("?q=pia%40example").await, ["PIA-PC"], "email");
    assert_eq!(list(&format!("?user={pia_id}")).await, ["PIA-PC"]);
    assert_eq!(list(&format!("?product={}", s.code)).await, ["PIA-PC", "ana-mac"]);
    assert_eq!(list("?product=NOPE").await, Vec::<String>::new());
    assert_eq!(list("?status=active").await, ["PIA-PC", "ana-mac"]);
    assert_eq!(list("?status=inactive").await, Vec::<String>::new());
    assert_error(app.get_as(&ana, &format!("{base}?status=asleep")).await, 400, ErrorCode::InvalidQuery).await;
    let l: DeviceList = app.get_as(&ana, &format!("{base}?q=ana")).await.json().await.unwrap();
    let mut versions: Vec<&str> = l.devices[0].products.iter().map(|p| p.version.as_str()).collect();
    versions.sort();
    assert_eq!(versions, ["2026", "2027"]);
    assert_eq!(l.devices[0].user_email, "ana@example.com");

    // CSV: one row per device and version.
    let csv = app.get_as(&ana, &format!("{base}/export.csv")).await.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert!(lines[0].starts_with("host_name,os,app,person,email,product,version"));
    assert!(csv.contains("ana-mac") && csv.contains("PIA-PC"));

    // Deactivating a company device: its token stops working; another account's admin finds nothing.
    let other_vendor = vendor(&app, "staff2@vendor.example").await;
    let other = provision(&app, &other_vendor, "Elsewhere", 1).await;
    let path = format!("{base}/{}/deactivate", pia_pc.device_id);
    assert_error(app.post_as(&other.manager, &path, &json!({})).await, 404, ErrorCode::NotFound).await;
    assert_error(app.post_as(&ana, &format!("{base}/{}/deactivate", spare.device_id), &json!({})).await, 404, ErrorCode::NotFound).await;
    assert_error(app.post_as(&pia, &path, &json!({})).await, 403, ErrorCode::Forbidden).await;
    assert_eq!(app.post_as(&ana, &path, &json!({})).await.status(), 204);
    let r = call(&app, &pia_pc.access_token, "/licensing/checkout", json!({"product": s.code, "version": "2027"})).await;
    assert_error(r, 401, ErrorCode::DeviceDeactivated).await;
    assert_eq!(list("?status=deactivated").await, ["PIA-PC"]);
    let activity: serde_json::Value = app.get_as(&s.co.manager, &format!("/accounts/{}/activity", s.co.account_id)).await.json().await.unwrap();
    assert!(activity.to_string().contains("device.deactivated"), "{activity}");
}

async fn get_with(app: &TestApp, token: &str, path: &str) -> reqwest::Response {
    desktop().get(app.url(path)).bearer_auth(token).send().await.unwrap()
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

async fn the_download_manager_lists_a_release_with_signed_links(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (pia, pia_id) = member(&app, &s.co, "pia@example.com").await;
    let t = device_sign_in(&app, &pia, "PIA-PC").await.access_token;
    let files = |query: String| {
        let app = &app;
        let t = t.clone();
        async move { get_with(app, &t, &format!("/licensing/files?{query}")).await }
    };

    // No seat, no files; unknown products and versions answer as check-out does.
    assert_error(files(format!("product={}&version=2027", s.code)).await, 403, ErrorCode::NotEntitled).await;
    set_seat(&app, &s.co, &pia_id, &s.co.subscription_id, true).await;
    assert_error(files(format!("product={}&version=2023", s.code)).await, 403, ErrorCode::VersionNotLicensed).await;
    assert_error(files(format!("product=NOPE&version=2027")).await, 404, ErrorCode::NotFound).await;
    assert_error(files(format!("product={}&version=2027&language=xx", s.code)).await, 422, ErrorCode::ValidationFailed).await;

    // Every file of the release, each with its size, checksum and a signed link.
    let r = files(format!("product={}&version=2027", s.code.to_lowercase())).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let list: DownloadFileList = r.json().await.unwrap();
    assert_eq!((list.product_code.as_str(), list.version.as_str()), (s.code.as_str(), "2027"));
    assert_eq!(list.account_id, s.co.account_id);
    let names: Vec<&str> = list.files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(names, ["setup-2027.exe", "update-2027.1.msp"]);
    let setup = &list.files[0];
    assert_eq!(setup.kind, FileKind::Installer);
    assert_eq!(setup.size, s.installers[0].2.len() as u64);
    assert_eq!(setup.sha256, sha256_hex(&s.installers[0].2));
    assert!(setup.url.contains("/api/v1/downloads/") && setup.url.contains("sig="), "{}", setup.url);
    // The link needs no token or session.
    let r = Client::new().get(&setup.url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(sha256_hex(&r.bytes().await.unwrap()), setup.sha256);
    // Narrowed by platform and language (a language keeps the all-languages files).
    let list: DownloadFileList = files(format!("product={}&version=2027&platform=windows&language=sl", s.code)).await.json().await.unwrap();
    assert_eq!(list.files.len(), 2);
    let list: DownloadFileList = files(format!("product={}&version=2027&platform=macos", s.code)).await.json().await.unwrap();
    assert!(list.files.is_empty());
    // An admin of the account may download without a seat, as in the browser.
    let manager = device_sign_in(&app, &s.co.manager, "MAJA-PC").await.access_token;
    assert_eq!(get_with(&app, &manager, &format!("/licensing/files?product={}&version=2024", s.code)).await.status(), 200);

    // A bad token: 401 with the challenge of RFC 6750; a browser's session is no token.
    let r = get_with(&app, "wrong", &format!("/licensing/files?product={}&version=2027", s.code)).await;
    assert_eq!(r.headers().get(header::WWW_AUTHENTICATE).unwrap(), "Bearer error=\"invalid_token\"");
    assert_error(r, 401, ErrorCode::Unauthenticated).await;
    assert_error(app.get_as(&pia, &format!("/licensing/files?product={}&version=2027", s.code)).await, 401, ErrorCode::Unauthenticated).await;
}

async fn the_download_manager_resumes_through_the_signed_link(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (pia, pia_id) = member(&app, &s.co, "pia@example.com").await;
    set_seat(&app, &s.co, &pia_id, &s.co.subscription_id, true).await;
    let t = device_sign_in(&app, &pia, "PIA-PC").await.access_token;
    let list: DownloadFileList =
        get_with(&app, &t, &format!("/licensing/files?product={}&version=2026&platform=windows", s.code)).await.json().await.unwrap();
    let f = list.files.iter().find(|f| f.file_name == "setup-2026.exe").unwrap();
    let bytes = &s.installers[1].2;
    let d = Client::new();

    // The first part, then the rest with If-Range: the two make the file.
    let r = d.get(&f.url).header(header::RANGE, "bytes=0-999").send().await.unwrap();
    assert_eq!(r.status(), 206);
    let etag = r.headers()[header::ETAG].to_str().unwrap().to_string();
    assert_eq!(etag, format!("\"{}\"", f.sha256));
    let mut got = r.bytes().await.unwrap().to_vec();
    let r = d.get(&f.url).header(header::RANGE, "bytes=1000-").header(header::IF_RANGE, &etag).send().await.unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.headers()[header::CONTENT_RANGE], format!("bytes 1000-{}/{}", bytes.len() - 1, bytes.len()));
    got.extend_from_slice(&r.bytes().await.unwrap());
    assert_eq!(&got, bytes);
    assert_eq!(sha256_hex(&got), f.sha256);
    // The file changed since (another tag): the whole file comes, so the client starts again.
    let r = d.get(&f.url).header(header::RANGE, "bytes=1000-").header(header::IF_RANGE, "\"older\"").send().await.unwrap();
    assert_eq!(r.status(), 200);
    // The seat taken away: the link stops working, although it has not expired.
    set_seat(&app, &s.co, &pia_id, &s.co.subscription_id, false).await;
    assert_error(d.get(&f.url).header(header::RANGE, "bytes=1000-").send().await.unwrap(), 403, ErrorCode::NotEntitled).await;
}

async fn install_packages_download_only_for_their_own_admins(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let packages = format!("/accounts/{}/packages", s.co.account_id);
    let body = |shared: bool| {
        json!({"name": "Office setup", "platform": "windows", "language": "sl",
            "items": [{"product_code": s.code, "version": "2027"}],
            "options": {"include_updates": true, "include_add_ons": false, "include_language_packs": false,
                "install_path": "", "desktop_shortcuts": false},
            "shared": shared})
    };
    let id = post_ok(&app, &s.co.manager, &packages, body(false)).await["id"].as_str().unwrap().to_string();
    let manager = device_sign_in(&app, &s.co.manager, "MAJA-PC").await.access_token;

    // Its author gets the files with checksums and signed links that work.
    let r = get_with(&app, &manager, &format!("/licensing/packages/{id}")).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let p: PackageDownload = r.json().await.unwrap();
    assert_eq!((p.id.as_str(), p.name.as_str(), p.account_id.as_str()), (id.as_str(), "Office setup", s.co.account_id.as_str()));
    let names: Vec<&str> = p.files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(names, ["setup-2027.exe", "update-2027.1.msp"]);
    assert_eq!(p.total_size, s.installers[0].2.len() as u64 + 12);
    for f in &p.files {
        let r = Client::new().get(&f.url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(sha256_hex(&r.bytes().await.unwrap()), f.sha256);
    }

    // Another account's primary admin: 404, as for an id that does not exist.
    let other = provision(&app, &s.vendor, "Elsewhere", 1).await;
    let stranger = device_sign_in(&app, &other.manager, "OTHER-PC").await.access_token;
    assert_error(get_with(&app, &stranger, &format!("/licensing/packages/{id}")).await, 404, ErrorCode::NotFound).await;
    assert_error(get_with(&app, &manager, "/licensing/packages/no-such-package").await, 404, ErrorCode::NotFound).await;
    // A member who is no admin, even with a seat: 404.
    let (pia, pia_id) = member(&app, &s.co, "pia@example.com").await;
    set_seat(&app, &s.co, &pia_id, &s.co.subscription_id, true).await;
    let pia = device_sign_in(&app, &pia, "PIA-PC").await.access_token;
    assert_error(get_with(&app, &pia, &format!("/licensing/packages/{id}")).await, 404, ErrorCode::NotFound).await;
    // A second admin sees it once its author shares it.
    let (second, second_id) = member(&app, &s.co, "ana@example.com").await;
    let r = s.co.manager.patch(app.url(&format!("/accounts/{}/members/{second_id}", s.co.account_id)))
        .json(&json!({"role": "secondary_admin"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let second = device_sign_in(&app, &second, "ANA-PC").await.access_token;
    assert_error(get_with(&app, &second, &format!("/licensing/packages/{id}")).await, 404, ErrorCode::NotFound).await;
    let r = s.co.manager.put(app.url(&format!("{packages}/{id}"))).json(&body(true)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(get_with(&app, &second, &format!("/licensing/packages/{id}")).await.status(), 200);
}
