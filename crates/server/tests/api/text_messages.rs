//! Codes by text message: a phone beside the authenticator app, confirmed by a code, used at
//! the second step of a sign-in; the demo's Text messages page and a real HTTP gateway.

use std::sync::{Arc, Mutex};

use axum::{extract::State, http::HeaderMap, routing::post, Router};
use seatwise_api::{DevTexts, ErrorCode, FieldErrorCode, SecondFactorChallenge, SecurityOverview, TextSent};
use serde_json::json;

use crate::{helpers::*, on_both_databases};

on_both_databases!(
    a_confirmed_phone_gets_sign_in_codes,
    phones_need_two_step_verification_and_valid_numbers,
    texts_go_through_the_configured_gateway,
);

impl TestApp {
    async fn texts(&self) -> Vec<seatwise_api::DevText> {
        let r = self.get("/dev/texts").await;
        assert_eq!(r.status(), 200);
        r.json::<DevTexts>().await.unwrap().messages
    }

    /// Waits (up to 10 s) for a text to `to` newer than the `seen` texts; its 6-digit code.
    async fn next_text_code(&self, to: &str, seen: usize) -> String {
        for _ in 0..200 {
            let texts: Vec<_> = self.texts().await.into_iter().filter(|t| t.to == to).collect();
            if texts.len() > seen {
                let words = &texts[0].text;
                return words.split(|c: char| !c.is_ascii_digit()).find(|w| w.len() == 6).expect("a code").to_string();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no new text to {to}");
    }
}

const PHONE: &str = "+38640123456";

async fn a_confirmed_phone_gets_sign_in_codes(b: Backend) {
    let app = spawn_app(b).await;
    let email = "tina@example.com";
    app.signed_in_user(email).await;
    app.enable_totp(&app.client).await;
    let overview: SecurityOverview = app.get("/me/security").await.json().await.unwrap();
    assert!(overview.text_messages_available && overview.phone.is_none());

    // Written as people write it; a code goes to it.
    let r = app.post("/me/phone", &json!({"phone": "+386 40 123-456"})).await;
    assert_eq!(r.status(), 202);
    let sent: TextSent = r.json().await.unwrap();
    assert_eq!(sent.phone_hint, "+386••••••56");
    let code = app.next_text_code(PHONE, 0).await;
    let overview: SecurityOverview = app.get("/me/security").await.json().await.unwrap();
    assert_eq!(overview.phone.as_ref().map(|p| (p.number.as_str(), p.confirmed)), Some((PHONE, false)));
    // Not yet a way to sign in.
    let c = app.first_step(email).await;
    let challenge: SecondFactorChallenge = app.get_as(&c, "/auth/second-factor").await.json().await.unwrap();
    assert!(challenge.phone_hint.is_none());
    assert_error(app.post_as(&c, "/auth/second-factor/text", &json!({})).await, 409, ErrorCode::TwoStepState).await;

    // A wrong code fails; the right one confirms, once.
    let wrong = if code == "000000" { "000001" } else { "000000" };
    assert_error(app.post("/me/phone/confirm", &json!({"code": wrong})).await, 400, ErrorCode::InvalidCode).await;
    let r = app.post("/me/phone/confirm", &json!({"code": format!("{} {}", &code[..3], &code[3..])})).await;
    assert_eq!(r.status(), 200);
    let overview: SecurityOverview = r.json().await.unwrap();
    assert!(overview.phone.unwrap().confirmed);
    assert_error(app.post("/me/phone/confirm", &json!({"code": code})).await, 409, ErrorCode::TwoStepState).await;
    app.wait_for_mail(email, "+386••••••56").await;
    // A second phone needs the first removed.
    assert_error(app.post("/me/phone", &json!({"phone": "+38641000000"})).await, 409, ErrorCode::TwoStepState).await;

    // Sign-in: the method is offered with the masked number; a code is sent and works once.
    let challenge: SecondFactorChallenge = app.get_as(&c, "/auth/second-factor").await.json().await.unwrap();
    assert_eq!(serde_json::to_value(&challenge.methods).unwrap(), json!(["totp", "text_message", "recovery_code"]));
    assert_eq!(challenge.phone_hint.as_deref(), Some("+386••••••56"));
    // Nothing is sent for a sign-in code until asked; the confirmation code does nothing here.
    assert_error(app.second_step(&c, "text_message", &code).await, 400, ErrorCode::InvalidCode).await;
    assert_eq!(app.post_as(&c, "/auth/second-factor/text", &json!({})).await.status(), 202);
    let sign_in_code = app.next_text_code(PHONE, 1).await;
    assert!(app.texts().await[0].text.contains("prijav"), "in the person's language (Slovenian)");
    assert_eq!(app.second_step(&c, "text_message", &sign_in_code).await.status(), 200);
    assert_eq!(app.get_as(&c, "/me").await.status(), 200);
    let c2 = app.first_step(email).await;
    assert_error(app.second_step(&c2, "text_message", &sign_in_code).await, 400, ErrorCode::InvalidCode).await;
    // Codes live 10 minutes.
    assert_eq!(app.post_as(&c2, "/auth/second-factor/text", &json!({})).await.status(), 202);
    let late = app.next_text_code(PHONE, 2).await;
    app.advance(time::Duration::minutes(11));
    let c3 = app.first_step(email).await;
    assert_error(app.second_step(&c3, "text_message", &late).await, 400, ErrorCode::InvalidCode).await;

    // The log says how the sign-in was made; the data download names the phone.
    let log: serde_json::Value = app.get_as(&c, "/me/security-events").await.json().await.unwrap();
    let kinds: Vec<&str> = log["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"phone_added"));
    assert!(log["events"].as_array().unwrap().iter().any(|e| e["kind"] == "sign_in" && e["method"] == "text_message"));
    let data: serde_json::Value = app.get_as(&c, "/me/data").await.json().await.unwrap();
    assert_eq!(data["phone"], PHONE);

    // Five texts an hour at most (three were sent).
    assert_eq!(app.post_as(&c3, "/auth/second-factor/text", &json!({})).await.status(), 202);
    assert_eq!(app.post_as(&c3, "/auth/second-factor/text", &json!({})).await.status(), 202);
    assert_error(app.post_as(&c3, "/auth/second-factor/text", &json!({})).await, 429, ErrorCode::RateLimited).await;

    // Removing the phone needs a fresh sign-in (this session's is 11 minutes old).
    assert_error(app.delete_as(&c, "/me/phone").await, 403, ErrorCode::ReauthenticationRequired).await;
    app.advance(time::Duration::minutes(61));
    let c4 = app.first_step(email).await;
    assert_eq!(app.post_as(&c4, "/auth/second-factor/text", &json!({})).await.status(), 202);
    let code4 = app.next_text_code(PHONE, 5).await;
    assert_eq!(app.second_step(&c4, "text_message", &code4).await.status(), 200);
    assert_eq!(app.delete_as(&c4, "/me/phone").await.status(), 204);
    app.wait_for_mail(email, "ne prejema").await;
    let c5 = app.first_step(email).await;
    let challenge: SecondFactorChallenge = app.get_as(&c5, "/auth/second-factor").await.json().await.unwrap();
    assert_eq!(serde_json::to_value(&challenge.methods).unwrap(), json!(["totp", "recovery_code"]));
}

async fn phones_need_two_step_verification_and_valid_numbers(b: Backend) {
    let app = spawn_app(b).await;
    let email = "luka@example.com";
    app.signed_in_user(email).await;
    // Never the only factor: without the app, no phone.
    assert_error(app.post("/me/phone", &json!({"phone": PHONE})).await, 409, ErrorCode::TwoStepState).await;
    app.enable_totp(&app.client).await;
    for (phone, code) in [
        ("040 123 456", FieldErrorCode::InvalidFormat),
        ("+386 40 12x 456", FieldErrorCode::InvalidCharacters),
        ("+386", FieldErrorCode::TooShort),
        ("", FieldErrorCode::Required),
    ] {
        let e = assert_error(app.post("/me/phone", &json!({"phone": phone})).await, 422, ErrorCode::ValidationFailed).await;
        assert_eq!(e.fields.get("phone"), Some(&code), "{phone:?}");
    }
    // Not yet confirmed: a new number replaces it, and the old code dies.
    assert_eq!(app.post("/me/phone", &json!({"phone": PHONE})).await.status(), 202);
    let old = app.next_text_code(PHONE, 0).await;
    assert_eq!(app.post("/me/phone", &json!({"phone": "+38641000000"})).await.status(), 202);
    assert_error(app.post("/me/phone/confirm", &json!({"code": old})).await, 400, ErrorCode::InvalidCode).await;
    let new = app.next_text_code("+38641000000", 0).await;
    assert_eq!(app.post("/me/phone/confirm", &json!({"code": new})).await.status(), 200);
    // Turning 2-step verification off takes the phone with it.
    assert_eq!(app.delete_as(&app.client, "/me/totp").await.status(), 204);
    let overview: SecurityOverview = app.get("/me/security").await.json().await.unwrap();
    assert!(overview.phone.is_none() && !overview.totp_enabled);
}

/// What a gateway received.
#[derive(Clone, Default)]
struct Received(Arc<Mutex<Vec<(String, String, String)>>>);

async fn gateway(State(r): State<Received>, headers: HeaderMap, body: String) -> &'static str {
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    r.0.lock().unwrap().push((h("content-type"), h("authorization"), body));
    "queued"
}

async fn texts_go_through_the_configured_gateway(b: Backend) {
    let received = Received::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    let router = Router::new().route("/send", post(gateway)).with_state(received.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let app = spawn_app_with(b, &[
        ("SEATWISE_SMS_GATEWAY_URL", &url),
        ("SEATWISE_SMS_GATEWAY_CONTENT_TYPE", "application/x-www-form-urlencoded"),
        ("SEATWISE_SMS_GATEWAY_BODY", "From=Seatwise&To={to}&Body={text}"),
        ("SEATWISE_SMS_GATEWAY_AUTHORIZATION", "Basic dGVzdDp0ZXN0"),
    ])
    .await;
    // With a gateway there is no demo page of texts.
    assert_eq!(app.get("/dev/texts").await.status(), 404);
    let config: serde_json::Value = app.get("/config").await.json().await.unwrap();
    assert_eq!(config["texts"], false);
    app.signed_in_user("ana@example.com").await;
    app.enable_totp(&app.client).await;
    assert_eq!(app.post("/me/phone", &json!({"phone": PHONE})).await.status(), 202);
    let mut got = None;
    for _ in 0..200 {
        if let Some(r) = received.0.lock().unwrap().first().cloned() {
            got = Some(r);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (content_type, authorization, body) = got.expect("the gateway was called");
    assert_eq!(content_type, "application/x-www-form-urlencoded");
    assert_eq!(authorization, "Basic dGVzdDp0ZXN0");
    assert!(body.starts_with("From=Seatwise&To=%2B38640123456&Body=Seatwise%3A+koda+"), "{body}");
    let code: String = body.split("koda+").nth(1).unwrap().chars().take(6).collect();
    // The code works; the outbox kept only the envelope of a text that left the machine.
    assert_eq!(app.post("/me/phone/confirm", &json!({"code": code})).await.status(), 200);
}
