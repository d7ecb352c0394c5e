use reqwest::{header, Client, StatusCode};
use seatwise_api::{ErrorCode, FieldErrorCode};

use crate::{helpers::*, on_both_databases};

on_both_databases!(
    security_headers_on_every_response,
    csrf_needs_header_origin_and_json,
    malformed_input_gets_4xx_with_a_code,
    session_cookie_attributes,
    secure_cookie_when_configured,
);

async fn security_headers_on_every_response(b: Backend) {
    let app = spawn_app(b).await;
    for r in [
        app.get("/health").await,
        app.get("/me").await,
        app.client.get(format!("{}/some/app/route", app.address)).send().await.unwrap(),
        app.post("/auth/sign-in", &serde_json::json!({"login": 1})).await,
    ] {
        let h = r.headers();
        let csp = h.get(header::CONTENT_SECURITY_POLICY).expect("CSP").to_str().unwrap();
        for part in ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"] {
            assert!(csp.contains(part), "{csp} lacks {part}");
        }
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"), "{csp}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        assert_eq!(h["cross-origin-opener-policy"], "same-origin");
    }
}

async fn csrf_needs_header_origin_and_json(b: Backend) {
    let app = spawn_app(b).await;
    let body = serde_json::json!({"email": "x@example.com"});
    let url = app.url("/auth/forgot-password");
    let plain = Client::new();
    // No custom header, no Origin.
    assert_error(plain.post(&url).json(&body).send().await.unwrap(), 403, ErrorCode::CsrfRejected).await;
    // Header but a foreign Origin.
    let r = plain.post(&url).json(&body).header("x-requested-with", "seatwise").header("origin", "https://evil.example").send().await.unwrap();
    assert_error(r, 403, ErrorCode::CsrfRejected).await;
    // Right Origin, no header.
    let r = plain.post(&url).json(&body).header("origin", &app.address).send().await.unwrap();
    assert_error(r, 403, ErrorCode::CsrfRejected).await;
    // A form post (what a cross-site page can send) is refused even with the header.
    let r = app.client.post(&url).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded").body("email=x@example.com").send().await.unwrap();
    assert_error(r, 415, ErrorCode::UnsupportedMediaType).await;
    // GET never changes state: sign-out by GET does not exist.
    let r = app.client.get(app.url("/auth/sign-out")).send().await.unwrap();
    assert_error(r, 405, ErrorCode::MethodNotAllowed).await;
    // All three: accepted.
    assert_eq!(app.post("/auth/forgot-password", &body).await.status(), StatusCode::ACCEPTED);
}

async fn malformed_input_gets_4xx_with_a_code(b: Backend) {
    let app = spawn_app(b).await;
    let url = app.url("/auth/sign-up");
    let raw = |body: &'static str| app.client.post(&url).header(header::CONTENT_TYPE, "application/json").body(body).send();
    assert_error(raw("{not json").await.unwrap(), 400, ErrorCode::InvalidJson).await;
    assert_error(raw("").await.unwrap(), 400, ErrorCode::InvalidJson).await;
    assert_error(raw("[]").await.unwrap(), 400, ErrorCode::InvalidJson).await;
    // Wrong types, missing fields, unknown fields.
    let mut wrong = TestApp::sign_up_body("a@example.com");
    wrong["privacy_consent"] = serde_json::json!("yes");
    assert_error(app.post("/auth/sign-up", &wrong).await, 400, ErrorCode::InvalidJson).await;
    let mut missing = TestApp::sign_up_body("a@example.com");
    missing.as_object_mut().unwrap().remove("password");
    assert_error(app.post("/auth/sign-up", &missing).await, 400, ErrorCode::InvalidJson).await;
    let mut unknown = TestApp::sign_up_body("a@example.com");
    unknown["is_admin"] = serde_json::json!(true);
    assert_error(app.post("/auth/sign-up", &unknown).await, 400, ErrorCode::InvalidJson).await;
    // Oversized body.
    let mut huge = TestApp::sign_up_body("a@example.com");
    huge["first_name"] = serde_json::json!("x".repeat(100_000));
    assert_error(app.post("/auth/sign-up", &huge).await, 413, ErrorCode::PayloadTooLarge).await;
    // Too long for the field, but under the body limit: a field error.
    let mut long = TestApp::sign_up_body("a@example.com");
    long["first_name"] = serde_json::json!("x".repeat(101));
    let e = assert_error(app.post("/auth/sign-up", &long).await, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(e.fields["first_name"], FieldErrorCode::TooLong);
    // Nothing was created by any of it.
    assert_eq!(app.db.count_users().await.unwrap(), 0);
}

async fn session_cookie_attributes(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    let r = app.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(r.status(), 200);
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("seatwise_session="));
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(attr), "{cookie} lacks {attr}");
    }
    assert!(!cookie.contains("Secure"));
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    assert!(token.len() >= 43, "at least 256 bits");
    // The token itself is not what the database stores.
    let stored: i64 = sqlx::query_scalar(&app.db.sql_owned(format!("SELECT COUNT(*) FROM sessions WHERE token_hash = '{token}'")))
        .fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(stored, 0);
}

async fn secure_cookie_when_configured(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_COOKIE_SECURE", "true")]).await;
    app.sign_up("ana@example.com").await;
    let r = app.sign_in("ana@example.com", PASSWORD).await;
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
}
