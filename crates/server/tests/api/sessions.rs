use seatwise_api::ErrorCode;
use serde_json::json;
use time::Duration;

use crate::{helpers::*, on_both_databases};

on_both_databases!(
    idle_timeout_slides,
    absolute_timeout_ends_active_sessions,
    sign_out_ends_the_session_on_the_server,
    password_change_ends_other_sessions,
);

async fn idle_timeout_slides(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("ana@example.com").await;
    app.advance(Duration::minutes(20));
    assert_eq!(app.get("/me").await.status(), 200);
    app.advance(Duration::minutes(20));
    assert_eq!(app.get("/me").await.status(), 200, "activity keeps the session alive");
    app.advance(Duration::minutes(31));
    assert_error(app.get("/me").await, 401, ErrorCode::Unauthenticated).await;
}

async fn absolute_timeout_ends_active_sessions(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("ana@example.com").await;
    for _ in 0..35 {
        app.advance(Duration::minutes(20));
        assert_eq!(app.get("/me").await.status(), 200);
    }
    // 11 h 40 min so far; 12 h is the limit.
    app.advance(Duration::minutes(21));
    assert_error(app.get("/me").await, 401, ErrorCode::Unauthenticated).await;
}

async fn sign_out_ends_the_session_on_the_server(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    let r = app.sign_in("ana@example.com", PASSWORD).await;
    let cookie = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    let r = app.post("/auth/sign-out", &json!({})).await;
    assert_eq!(r.status(), 204);
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    // Replaying the old cookie does not work: the session is gone on the server.
    let replay = reqwest::Client::new().get(app.url("/me")).header("cookie", cookie).send().await.unwrap();
    assert_error(replay, 401, ErrorCode::Unauthenticated).await;
    // Signing out twice is harmless.
    assert_eq!(app.post("/auth/sign-out", &json!({})).await.status(), 204);
}

async fn password_change_ends_other_sessions(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("ana@example.com").await;
    let other = app.new_browser();
    app.sign_in_as(&other, "ana@example.com", PASSWORD).await;
    assert_error(
        app.post("/me/password", &json!({"current_password": "not my password", "new_password": "a brand new passphrase"})).await,
        400, ErrorCode::WrongPassword).await;
    let e = assert_error(
        app.post("/me/password", &json!({"current_password": PASSWORD, "new_password": "qwertyuiop123"})).await,
        422, ErrorCode::ValidationFailed).await;
    assert!(e.fields.contains_key("new_password"));
    assert_eq!(app.get_as(&other, "/me").await.status(), 200, "nothing changed yet");
    let r = app.post("/me/password", &json!({"current_password": PASSWORD, "new_password": "a brand new passphrase"})).await;
    assert_eq!(r.status(), 204);
    assert_eq!(app.get("/me").await.status(), 200, "this session stays");
    assert_eq!(app.get_as(&other, "/me").await.status(), 401, "the other one ends");
    assert_eq!(app.sign_in_as(&other, "ana@example.com", "a brand new passphrase").await.status(), 200);
}
