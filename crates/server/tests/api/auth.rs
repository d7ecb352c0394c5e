use reqwest::{header, StatusCode};
use seatwise_api::{ErrorCode, FieldErrorCode, Me};
use serde_json::json;

use crate::{helpers::*, on_both_databases};

on_both_databases!(
    sign_up_then_sign_in,
    sign_up_validates_every_field,
    sign_up_does_not_reveal_existing_accounts,
    sign_in_by_account_id,
    unknown_account_and_wrong_password_answer_alike,
    lockout_after_five_failures,
    parallel_attempts_cannot_get_round_the_lockout,
    verify_email_token_is_single_use_and_expires,
    resend_verification_replaces_the_link,
    forgot_and_reset_password,
    reset_token_expires_after_30_minutes,
);

async fn sign_up_then_sign_in(b: Backend) {
    let app = spawn_app(b).await;
    let r = app.post("/auth/sign-up", &TestApp::sign_up_body("Ana.Novak@Example.com")).await;
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    assert!(r.headers().get(header::SET_COOKIE).is_none(), "sign-up does not sign in");
    assert_eq!(r.json::<serde_json::Value>().await.unwrap(), json!({"status": "accepted"}));
    // Sign-in works at once, before the address is confirmed.
    let r = app.sign_in("ana.novak@example.com", PASSWORD).await;
    assert_eq!(r.status(), 200);
    let me: Me = r.json().await.unwrap();
    assert_eq!(me.email, "ana.novak@example.com");
    assert!(!me.email_verified);
    assert_eq!((me.first_name.as_str(), me.country.as_str(), me.locale.as_str()), ("Ana", "SI", "sl"));
    assert!(me.account_id.starts_with("SW") && me.account_id.len() == 10);
    let again: Me = app.get("/me").await.json().await.unwrap();
    assert_eq!(again, me);
    // The confirmation mail went out in the chosen language.
    let m = app.wait_for_mail("ana.novak@example.com", "/verify-email?token=").await;
    assert_eq!(m.locale, "sl");
    assert_eq!(m.subject, "Potrdite svoj e-poštni naslov");
}

async fn sign_up_validates_every_field(b: Backend) {
    let app = spawn_app(b).await;
    let cases: Vec<(&str, serde_json::Value, FieldErrorCode)> = vec![
        ("email", json!(""), FieldErrorCode::Required),
        ("email", json!("not-an-email"), FieldErrorCode::InvalidEmail),
        ("email", json!(format!("{}@example.com", "a".repeat(250))), FieldErrorCode::TooLong),
        ("password", json!(""), FieldErrorCode::Required),
        ("password", json!("elevenchars"), FieldErrorCode::TooShort),
        ("password", json!("x".repeat(129)), FieldErrorCode::TooLong),
        ("password", json!("password1234"), FieldErrorCode::CommonPassword),
        ("password", json!("Dragon123456!"), FieldErrorCode::CommonPassword),
        ("first_name", json!("  "), FieldErrorCode::Required),
        ("last_name", json!("a\u{7}b"), FieldErrorCode::InvalidCharacters),
        ("country", json!(""), FieldErrorCode::Required),
        ("country", json!("XX"), FieldErrorCode::InvalidCountry),
        ("privacy_consent", json!(false), FieldErrorCode::ConsentRequired),
        ("locale", json!("fr"), FieldErrorCode::InvalidLocale),
    ];
    for (field, value, code) in cases {
        let mut body = TestApp::sign_up_body("ana@example.com");
        body[field] = value.clone();
        let e = assert_error(app.post("/auth/sign-up", &body).await, 422, ErrorCode::ValidationFailed).await;
        assert_eq!(e.fields.get(field), Some(&code), "{field} = {value}: {e:?}");
    }
    // Several problems at once are all reported.
    let e = assert_error(
        app.post("/auth/sign-up", &json!({"email": "x", "password": "short", "first_name": "", "last_name": "N",
            "country": "SI", "privacy_consent": false})).await,
        422, ErrorCode::ValidationFailed).await;
    assert_eq!(e.fields.len(), 4, "{e:?}");
    // Long passphrases of any characters are fine.
    let mut body = TestApp::sign_up_body("mei@example.com");
    body["password"] = json!("我的密碼是很長的一句話啊");
    assert_eq!(app.post("/auth/sign-up", &body).await.status(), 202);
    assert_eq!(app.db.count_users().await.unwrap(), 1);
}

async fn sign_up_does_not_reveal_existing_accounts(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    let first = app.post("/auth/sign-up", &TestApp::sign_up_body("new@example.com")).await;
    let mut dup_body = TestApp::sign_up_body("ANA@example.com");
    dup_body["password"] = json!("another long passphrase");
    let dup = app.post("/auth/sign-up", &dup_body).await;
    assert_eq!(first.status(), dup.status());
    assert_eq!(first.text().await.unwrap(), dup.text().await.unwrap());
    assert_eq!(app.db.count_users().await.unwrap(), 2);
    // The owner is told; their password did not change.
    app.wait_for_mail("ana@example.com", "/forgot-password").await;
    assert_eq!(app.sign_in("ana@example.com", PASSWORD).await.status(), 200);
    assert_eq!(app.sign_in("ana@example.com", "another long passphrase").await.status(), 401);
}

async fn sign_in_by_account_id(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    let me: Me = app.sign_in("ana@example.com", PASSWORD).await.json().await.unwrap();
    let other = app.new_browser();
    let typed = format!(" {}-{} ", &me.account_id[..6].to_lowercase(), &me.account_id[6..]);
    let r = app.sign_in_as(&other, &typed, PASSWORD).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Me>().await.unwrap().email, "ana@example.com");
}

async fn unknown_account_and_wrong_password_answer_alike(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    let wrong = app.sign_in("ana@example.com", "wrong password here").await;
    let unknown = app.sign_in("nobody@example.com", "wrong password here").await;
    let bad_id = app.sign_in("SW00000000", "wrong password here").await;
    let (s1, s2, s3) = (wrong.status(), unknown.status(), bad_id.status());
    let (b1, b2, b3) = (wrong.text().await.unwrap(), unknown.text().await.unwrap(), bad_id.text().await.unwrap());
    assert_eq!((s1, s2, s3), (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED));
    assert_eq!(b1, b2);
    assert_eq!(b2, b3);
    assert!(b1.contains("invalid_credentials"));
}

async fn lockout_after_five_failures(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    for login in ["ana@example.com", "ghost@example.com"] {
        for _ in 0..5 {
            assert_error(app.sign_in(login, "wrong password here").await, 401, ErrorCode::InvalidCredentials).await;
        }
        // Locked: even the right password is refused, and unknown accounts answer the same.
        let r = app.sign_in(login, PASSWORD).await;
        let retry: u64 = r.headers()[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=900).contains(&retry), "{retry}");
        assert_error(r, 429, ErrorCode::TooManyAttempts).await;
    }
    // Reaching the account by its ID does not get round the lock.
    let id: String = sqlx::query_scalar(&app.db.sql_owned("SELECT account_id FROM users".into()))
        .fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(app.sign_in(&id, PASSWORD).await.status(), 429);
    app.advance(time::Duration::minutes(14));
    assert_eq!(app.sign_in("ana@example.com", PASSWORD).await.status(), 429);
    app.advance(time::Duration::minutes(2));
    assert_eq!(app.sign_in("ana@example.com", PASSWORD).await.status(), 200);
    // A success forgets earlier failures.
    for _ in 0..4 {
        app.sign_in("ana@example.com", "wrong password here").await;
    }
    assert_eq!(app.sign_in("ana@example.com", PASSWORD).await.status(), 200);
    for _ in 0..4 {
        app.sign_in("ana@example.com", "wrong password here").await;
    }
    assert_eq!(app.sign_in("ana@example.com", PASSWORD).await.status(), 200);
}

async fn parallel_attempts_cannot_get_round_the_lockout(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    let attempts = (0..20).map(|_| {
        let c = app.new_browser();
        let url = app.url("/auth/sign-in");
        async move {
            c.post(url).json(&json!({"login": "ana@example.com", "password": "wrong password here"}))
                .send().await.unwrap().status().as_u16()
        }
    });
    let statuses = futures::future::join_all(attempts).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    let locked = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!(checked + locked, 20, "{statuses:?}");
    assert!(checked <= 5, "{checked} passwords were checked: {statuses:?}");
    assert_eq!(app.sign_in("ana@example.com", PASSWORD).await.status(), 429);
}

async fn verify_email_token_is_single_use_and_expires(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    let token = app.token_from_mail("ana@example.com", "/verify-email?token=").await;
    assert!(token.len() >= 22, "at least 128 bits");
    assert_error(app.post("/auth/verify-email", &json!({"token": "forged"})).await, 400, ErrorCode::InvalidToken).await;
    assert_eq!(app.post("/auth/verify-email", &json!({"token": token})).await.status(), 204);
    assert_error(app.post("/auth/verify-email", &json!({"token": token})).await, 400, ErrorCode::InvalidToken).await;
    app.sign_in("ana@example.com", PASSWORD).await;
    assert!(app.get("/me").await.json::<Me>().await.unwrap().email_verified);

    app.sign_up("late@example.com").await;
    let token = app.token_from_mail("late@example.com", "/verify-email?token=").await;
    app.advance(time::Duration::hours(49));
    assert_error(app.post("/auth/verify-email", &json!({"token": token})).await, 400, ErrorCode::InvalidToken).await;
}

async fn resend_verification_replaces_the_link(b: Backend) {
    let app = spawn_app(b).await;
    assert_error(app.post("/auth/resend-verification", &json!({})).await, 401, ErrorCode::Unauthenticated).await;
    app.sign_up("ana@example.com").await;
    let old = app.token_from_mail("ana@example.com", "/verify-email?token=").await;
    app.sign_in("ana@example.com", PASSWORD).await;
    assert_eq!(app.post("/auth/resend-verification", &json!({})).await.status(), 202);
    let new = app.next_token("ana@example.com", "/verify-email?token=", &old).await;
    assert_ne!(old, new);
    assert_error(app.post("/auth/verify-email", &json!({"token": old})).await, 400, ErrorCode::InvalidToken).await;
    assert_eq!(app.post("/auth/verify-email", &json!({"token": new})).await.status(), 204);
    // Rate limited: at most 3 an hour.
    app.sign_up("bob@example.com").await;
    app.sign_in("bob@example.com", PASSWORD).await;
    for _ in 0..3 {
        assert_eq!(app.post("/auth/resend-verification", &json!({})).await.status(), 202);
    }
    assert_error(app.post("/auth/resend-verification", &json!({})).await, 429, ErrorCode::RateLimited).await;
}

async fn forgot_and_reset_password(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    app.wait_for_mail("ana@example.com", "/verify-email").await;
    // Another browser is signed in; the reset ends that session.
    let other = app.new_browser();
    assert_eq!(app.sign_in_as(&other, "ana@example.com", PASSWORD).await.status(), 200);

    let known = app.post("/auth/forgot-password", &json!({"email": "ana@example.com"})).await;
    let unknown = app.post("/auth/forgot-password", &json!({"email": "ghost@example.com"})).await;
    assert_eq!((known.status(), unknown.status()), (StatusCode::ACCEPTED, StatusCode::ACCEPTED));
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(app.mails_to("ghost@example.com").await, 0);
    assert_error(app.post("/auth/forgot-password", &json!({"email": "nope"})).await, 422, ErrorCode::ValidationFailed).await;

    let token = app.token_from_mail("ana@example.com", "/reset-password?token=").await;
    let e = assert_error(app.post("/auth/reset-password", &json!({"token": token, "password": "short"})).await, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(e.fields["password"], FieldErrorCode::TooShort);
    let r = app.post("/auth/reset-password", &json!({"token": token, "password": "a brand new passphrase"})).await;
    assert_eq!(r.status(), 204);
    assert!(r.headers().get(header::SET_COOKIE).is_none(), "reset does not sign in");
    assert_error(app.post("/auth/reset-password", &json!({"token": token, "password": "yet another passphrase"})).await, 400, ErrorCode::InvalidToken).await;

    assert_eq!(app.get_as(&other, "/me").await.status(), 401, "other sessions end");
    assert_eq!(app.sign_in("ana@example.com", PASSWORD).await.status(), 401);
    let me: Me = app.sign_in("ana@example.com", "a brand new passphrase").await.json().await.unwrap();
    assert!(me.email_verified, "the reset link proved the address");
    app.wait_for_mail("ana@example.com", "/forgot-password").await;
}

async fn reset_token_expires_after_30_minutes(b: Backend) {
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    app.post("/auth/forgot-password", &json!({"email": "ana@example.com"})).await;
    let token = app.token_from_mail("ana@example.com", "/reset-password?token=").await;
    app.advance(time::Duration::minutes(31));
    assert_error(app.post("/auth/reset-password", &json!({"token": token, "password": "a brand new passphrase"})).await, 400, ErrorCode::InvalidToken).await;
    // A newer link replaces the older one.
    app.post("/auth/forgot-password", &json!({"email": "ana@example.com"})).await;
    let first = app.next_token("ana@example.com", "/reset-password?token=", &token).await;
    app.post("/auth/forgot-password", &json!({"email": "ana@example.com"})).await;
    let second = app.next_token("ana@example.com", "/reset-password?token=", &first).await;
    assert_ne!(first, second);
    assert_error(app.post("/auth/reset-password", &json!({"token": first, "password": "a brand new passphrase"})).await, 400, ErrorCode::InvalidToken).await;
    assert_eq!(app.post("/auth/reset-password", &json!({"token": second, "password": "a brand new passphrase"})).await.status(), 204);
}
