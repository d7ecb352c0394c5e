//! Changing the email address (confirmed from the new one, undone from the old) and usernames.

use seatwise_api::{ErrorCode, Me, SecurityOverview};
use serde_json::json;

use crate::{helpers::*, on_both_databases};

on_both_databases!(a_new_email_counts_once_confirmed_and_the_old_address_can_undo_it, usernames_sign_in_and_are_unique);

async fn a_new_email_counts_once_confirmed_and_the_old_address_can_undo_it(b: Backend) {
    let app = spawn_app(b).await;
    let (old, new) = ("old@example.com", "new@example.com");
    app.signed_in_user(old).await;
    app.sign_up("taken@example.com").await;

    let change = |email: &str, password: &str| json!({"new_email": email, "password": password});
    assert_error(app.post("/me/email", &change(new, "not the password")).await, 400, ErrorCode::WrongPassword).await;
    assert_error(app.post("/me/email", &change("not an address", PASSWORD)).await, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(app.post("/me/email", &change(new, PASSWORD)).await.status(), 202);
    let overview: SecurityOverview = app.get("/me/security").await.json().await.unwrap();
    assert_eq!(overview.pending_email.as_deref(), Some(new));
    // Until the link is used, sign-in stays with the old address.
    assert_error(app.sign_in_as(&app.new_browser(), new, PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    let token = app.token_from_mail(new, "/confirm-email-change?token=").await;
    // An expired link does nothing.
    app.advance(time::Duration::hours(25));
    let app = &app;
    let confirm = |token: String| async move { app.post("/auth/confirm-email-change", &json!({"token": token})).await };
    assert_error(confirm(token.clone()).await, 400, ErrorCode::InvalidToken).await;
    assert_eq!(app.sign_in(old, PASSWORD).await.status(), 200);
    assert_eq!(app.post("/me/email", &change(new, PASSWORD)).await.status(), 202);
    let token = app.next_token(new, "/confirm-email-change?token=", &token).await;
    assert_eq!(confirm(token.clone()).await.status(), 204);
    assert_error(confirm(token).await, 400, ErrorCode::InvalidToken).await;
    let me: Me = app.get("/me").await.json().await.unwrap();
    assert_eq!((me.email.as_str(), me.email_verified), (new, true));
    assert_eq!(app.sign_in_as(&app.new_browser(), new, PASSWORD).await.status(), 200);
    assert_error(app.sign_in_as(&app.new_browser(), old, PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;

    // The old address undoes it: back to the old address, everyone signed out, a reset link.
    let undo = app.token_from_mail(old, "/undo-email-change?token=").await;
    let r = app.post_as(&app.new_browser(), "/auth/undo-email-change", &json!({"token": undo})).await;
    assert_eq!(r.status(), 204);
    assert_eq!(app.get("/me").await.status(), 401);
    assert_eq!(app.sign_in_as(&app.new_browser(), old, PASSWORD).await.status(), 200);
    app.token_from_mail(old, "/reset-password?token=").await;
    let r = app.post_as(&app.new_browser(), "/auth/undo-email-change", &json!({"token": undo})).await;
    assert_error(r, 400, ErrorCode::InvalidToken).await;

    // An address someone has: the same answer at first, refused only at the link.
    assert_eq!(app.sign_in(old, PASSWORD).await.status(), 200);
    assert_eq!(app.post("/me/email", &change("taken@example.com", PASSWORD)).await.status(), 202);
    let token = app.token_from_mail("taken@example.com", "/confirm-email-change?token=").await;
    assert_error(confirm(token).await, 409, ErrorCode::Taken).await;
    let log: serde_json::Value = app.get("/me/security-events").await.json().await.unwrap();
    let kinds: Vec<&str> = log["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    for kind in ["email_change_requested", "email_changed", "email_change_undone"] {
        assert!(kinds.contains(&kind), "{kind} in {kinds:?}");
    }
}

async fn usernames_sign_in_and_are_unique(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("mei@example.com").await;
    let set = |c: &reqwest::Client, name: serde_json::Value| {
        let (c, app) = (c.clone(), &app);
        async move { c.put(app.url("/me/username")).json(&json!({"username": name})).send().await.unwrap() }
    };
    let r = set(&app.client, json!(" Mei.Lin ")).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Me>().await.unwrap().username.as_deref(), Some("mei.lin"));
    assert_eq!(app.sign_in_as(&app.new_browser(), "MEI.LIN", PASSWORD).await.status(), 200);
    for bad in ["x", "sw12345678", "mei lin", "9lives"] {
        assert_error(set(&app.client, json!(bad)).await, 422, ErrorCode::ValidationFailed).await;
    }
    let other = app.new_browser();
    app.sign_up("ana@example.com").await;
    assert_eq!(app.sign_in_as(&other, "ana@example.com", PASSWORD).await.status(), 200);
    assert_error(set(&other, json!("mei.lin")).await, 409, ErrorCode::Taken).await;
    // Cleared: the name signs nobody in, and is free again.
    let r = set(&app.client, json!(null)).await;
    assert_eq!(r.json::<Me>().await.unwrap().username, None);
    assert_error(app.sign_in_as(&app.new_browser(), "mei.lin", PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    assert_eq!(set(&other, json!("mei.lin")).await.status(), 200);
}
