//! Download my data, and deleting my account.

use seatwise_api::{ErrorCode, Me, SubscriptionList};
use serde_json::{json, Value};

use crate::{company::*, helpers::*, on_both_databases};

on_both_databases!(my_data_holds_what_is_kept_about_me, deleting_my_account_frees_my_seat_and_keeps_the_log_under_a_pseudonym);

async fn my_data_holds_what_is_kept_about_me(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Home", 5).await;
    let ids = add_members(&app, &co, "dd", 1).await;
    let path = format!("/accounts/{}/members/{}/assignments/{}", co.account_id, ids[0], co.subscription_id);
    assert_eq!(co.manager.put(app.url(&path)).json(&json!({"assigned": true})).send().await.unwrap().status(), 200);
    let m = app.new_browser();
    assert_eq!(app.sign_in_as(&m, "dd0@example.com", PASSWORD).await.status(), 200);

    let r = app.get_as(&m, "/me/data").await;
    assert_eq!(r.status(), 200);
    let disposition = r.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment; filename=\"seatwise-data-SW"), "{disposition}");
    assert_eq!(r.headers()["cache-control"], "no-store");
    let data: Value = r.json().await.unwrap();
    assert_eq!(data["profile"]["email"], "dd0@example.com");
    assert_eq!(data["memberships"].as_array().unwrap().len(), 1);
    assert_eq!(data["memberships"][0]["role"], "user");
    assert_eq!(data["assignments"].as_array().unwrap().len(), 1);
    assert_eq!(data["sessions"].as_array().unwrap().len(), 2, "the invitation's session and this one");
    assert!(data["sign_in_history"].as_array().unwrap().iter().any(|e| e["kind"] == "sign_in" && e["method"] == "password"));
    let actions: Vec<&str> = data["activity"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert!(!actions.is_empty(), "the assignment is about them");
    // Someone else's data is not in it.
    assert!(!serde_json::to_string(&data).unwrap().contains("staff@vendor.example"));
    assert_eq!(app.get("/me/data").await.status(), 401);
}

async fn deleting_my_account_frees_my_seat_and_keeps_the_log_under_a_pseudonym(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Home", 5).await;
    let ids = add_members(&app, &co, "del", 1).await;
    let email = "del0@example.com";
    let path = format!("/accounts/{}/members/{}/assignments/{}", co.account_id, ids[0], co.subscription_id);
    assert_eq!(co.manager.put(app.url(&path)).json(&json!({"assigned": true})).send().await.unwrap().status(), 200);
    let seats_used = || async {
        let subs: SubscriptionList =
            app.get_as(&co.manager, &format!("/accounts/{}/subscriptions", co.account_id)).await.json().await.unwrap();
        subs.subscriptions[0].seats_used
    };
    assert_eq!(seats_used().await, 1);
    let m = app.new_browser();
    assert_eq!(app.sign_in_as(&m, email, PASSWORD).await.status(), 200);
    let case = app.post_as(&m, &format!("/accounts/{}/cases", co.account_id), &json!({"category": "other", "severity": "low",
        "subject": "Before I go", "description": "A question."})).await;
    assert_eq!(case.status(), 201);
    let case: seatwise_api::SupportCaseDetail = case.json().await.unwrap();
    // Vendor staff cannot delete their account (the operator's): found by Schemathesis, which
    // deleted the demo's back-office account in the middle of a run.
    assert_error(app.post_as(&v, "/me/delete", &json!({"email": "staff@vendor.example"})).await, 403, ErrorCode::Forbidden).await;

    // The address must be typed again, and the sign-in be fresh.
    let r = app.post_as(&m, "/me/delete", &json!({"email": "someone@example.com"})).await;
    let body = assert_error(r, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(body.fields["email"], seatwise_api::FieldErrorCode::Mismatch);
    app.advance(time::Duration::minutes(11));
    assert_error(app.post_as(&m, "/me/delete", &json!({"email": email})).await, 403, ErrorCode::ReauthenticationRequired).await;
    assert_eq!(app.post_as(&m, "/me/reauthenticate", &json!({"password": PASSWORD})).await.status(), 200);

    // The contract manager must hand the role over first.
    let manager: Me = app.get_as(&co.manager, "/me").await.json().await.unwrap();
    let r = app.post_as(&co.manager, "/me/delete", &json!({"email": manager.email})).await;
    assert_error(r, 409, ErrorCode::PrimaryAdminRequired).await;

    // Deleted: signed out, the seat is free, the address cannot sign in, a mail says so.
    let r = app.post_as(&m, "/me/delete", &json!({"email": email.to_uppercase()})).await;
    assert_eq!(r.status(), 204);
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(app.get_as(&m, "/me").await.status(), 401);
    assert_eq!(seats_used().await, 0);
    assert_error(app.sign_in_as(&app.new_browser(), email, PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    let subjects = ["Your Seatwise account was deleted", "您的 Seatwise 帳戶已刪除", "Vaš račun Seatwise je izbrisan"];
    let mut mailed = false;
    for _ in 0..100 {
        if app.mailbox().await.iter().any(|msg| msg.to == email && subjects.contains(&msg.subject.as_str())) {
            mailed = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(mailed, "the deletion is confirmed to the old address");

    // Their support case stays with the account, under a pseudonym.
    let kept: seatwise_api::SupportCaseDetail =
        app.get_as(&co.manager, &format!("/accounts/{}/cases/{}", co.account_id, case.case.id)).await.json().await.unwrap();
    assert!(kept.case.opened_by_name.starts_with("deleted-person-") && kept.case.opened_by_email.is_empty(), "{:?}", kept.case);
    assert!(kept.messages[0].author_name.starts_with("deleted-person-"));
    // The activity log keeps its entries, with a pseudonym in place of the person.
    let log: Value = app.get_as(&co.manager, &format!("/accounts/{}/activity", co.account_id)).await.json().await.unwrap();
    let text = serde_json::to_string(&log).unwrap();
    assert!(!text.contains(email), "{text}");
    assert!(text.contains("deleted-person-"), "{text}");
    // The log is still append-only for anything else.
    let sql = match b {
        Backend::Sqlite => "UPDATE activity SET actor_email = 'someone@example.com'",
        Backend::Postgres => "UPDATE activity SET actor_email = 'someone@example.com'",
    };
    assert!(sqlx::query(sql).execute(app.db.pool()).await.is_err());
    assert!(sqlx::query("DELETE FROM activity").execute(app.db.pool()).await.is_err());
}
