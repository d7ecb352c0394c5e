use seatwise_api::{ErrorCode, FieldErrorCode, Me};
use serde_json::json;

use crate::{helpers::*, on_both_databases};

on_both_databases!(me_needs_a_session, profile_edits_are_saved, profile_edits_are_validated, preferences_are_saved);

async fn me_needs_a_session(b: Backend) {
    let app = spawn_app(b).await;
    assert_error(app.get("/me").await, 401, ErrorCode::Unauthenticated).await;
    assert_error(app.patch("/me", &json!({"city": "Ljubljana"})).await, 401, ErrorCode::Unauthenticated).await;
    let forged = reqwest::Client::new().get(app.url("/me")).header("cookie", "seatwise_session=forged").send().await.unwrap();
    assert_error(forged, 401, ErrorCode::Unauthenticated).await;
}

async fn profile_edits_are_saved(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("ana@example.com").await;
    let r = app.patch("/me", &json!({
        "first_name": " Ana Marija ", "street": "Slovenska cesta 1", "city": "Ljubljana", "postcode": "1000",
        "phone": "+386 1 234 5678", "company": "Gradbeništvo d.o.o.", "job_title": "CAD manager", "country": "si"
    })).await;
    assert_eq!(r.status(), 200);
    let me: Me = r.json().await.unwrap();
    assert_eq!(me.first_name, "Ana Marija");
    assert_eq!(me.country, "SI");
    assert_eq!(me.company, "Gradbeništvo d.o.o.");
    // Fields not sent stay; empty optional fields clear.
    let me: Me = app.patch("/me", &json!({"phone": ""})).await.json().await.unwrap();
    assert_eq!(me.phone, "");
    assert_eq!(me.city, "Ljubljana");
    let fresh: Me = app.get("/me").await.json().await.unwrap();
    assert_eq!(fresh, me);
}

async fn profile_edits_are_validated(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("ana@example.com").await;
    let before: Me = app.get("/me").await.json().await.unwrap();
    let e = assert_error(
        app.patch("/me", &json!({"first_name": "", "city": "x".repeat(201), "country": "ZZ", "locale": "de", "street": "ok"})).await,
        422, ErrorCode::ValidationFailed).await;
    assert_eq!(e.fields["first_name"], FieldErrorCode::Required);
    assert_eq!(e.fields["city"], FieldErrorCode::TooLong);
    assert_eq!(e.fields["country"], FieldErrorCode::InvalidCountry);
    assert_eq!(e.fields["locale"], FieldErrorCode::InvalidLocale);
    // Nothing was saved, not even the valid field.
    let after: Me = app.get("/me").await.json().await.unwrap();
    assert_eq!(before, after);
    assert_error(app.patch("/me", &json!({"email": "new@example.com"})).await, 400, ErrorCode::InvalidJson).await;
    assert_error(app.patch("/me", &json!({"notifications": {"news": true}})).await, 400, ErrorCode::InvalidJson).await;
}

async fn preferences_are_saved(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("ana@example.com").await;
    let me: Me = app.patch("/me", &json!({
        "locale": "zh-TW", "notifications": {"product_updates": false, "renewal_reminders": true, "news": true}
    })).await.json().await.unwrap();
    assert_eq!(me.locale, "zh-TW");
    assert!(!me.notifications.product_updates && me.notifications.renewal_reminders && me.notifications.news);
    // The choice follows the user to another browser, and mail uses it.
    let other = app.new_browser();
    let me: Me = app.sign_in_as(&other, "ana@example.com", PASSWORD).await.json().await.unwrap();
    assert_eq!(me.locale, "zh-TW");
    app.post("/auth/forgot-password", &json!({"email": "ana@example.com"})).await;
    let m = app.wait_for_mail("ana@example.com", "/reset-password?token=").await;
    assert_eq!(m.subject, "重置您的 Seatwise 密碼");
}
