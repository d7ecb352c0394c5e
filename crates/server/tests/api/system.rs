use reqwest::StatusCode;
use seatwise_api::{ErrorCode, Health, PublicConfig};
use serde_json::Value;

use crate::{helpers::*, on_both_databases};

on_both_databases!(health_answers, openapi_documents_every_endpoint, config_is_public, unknown_paths_and_methods_answer_json);

async fn health_answers(b: Backend) {
    let app = spawn_app(b).await;
    let r = app.get("/health").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers().contains_key("x-request-id"));
    assert_eq!(r.json::<Health>().await.unwrap().status, "ok");
}

async fn openapi_documents_every_endpoint(b: Backend) {
    let app = spawn_app(b).await;
    let doc: Value = app.get("/openapi.json").await.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/health", "get"),
        ("/config", "get"),
        ("/auth/sign-up", "post"),
        ("/auth/verify-email", "post"),
        ("/auth/resend-verification", "post"),
        ("/auth/sign-in", "post"),
        ("/auth/sign-out", "post"),
        ("/auth/forgot-password", "post"),
        ("/auth/reset-password", "post"),
        ("/me", "get"),
        ("/me", "patch"),
        ("/me/password", "post"),
        ("/dev/mailbox", "get"),
    ] {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path} missing");
    }
    assert!(doc["components"]["schemas"].get("SignUpRequest").is_some());
}

async fn config_is_public(b: Backend) {
    let app = spawn_app(b).await;
    let c: PublicConfig = app.get("/config").await.json().await.unwrap();
    assert!(c.mailbox);
    assert!(!c.privacy_statement_version.is_empty());
}

async fn unknown_paths_and_methods_answer_json(b: Backend) {
    let app = spawn_app(b).await;
    assert_error(app.get("/nope").await, 404, ErrorCode::NotFound).await;
    let r = app.client.get(format!("{}/api/v2/x", app.address)).send().await.unwrap();
    assert_error(r, 404, ErrorCode::NotFound).await;
    let r = app.client.delete(app.url("/health")).send().await.unwrap();
    assert_error(r, 405, ErrorCode::MethodNotAllowed).await;
}
