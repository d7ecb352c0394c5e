//! A customer company set up through the real endpoints: vendor staff, a product, an account
//! whose contract manager accepts the mailed invitation, a contract and a subscription.

use reqwest::Client;
use seatwise_api::{InvitationList, Me, MemberPage, Product, Subscription, VendorAccount};
use serde_json::{json, Value};

use crate::helpers::*;

pub struct Company {
    pub account_id: String,
    pub subscription_id: String,
    pub manager: Client,
    pub manager_id: String,
}

/// Signs up `email`, makes it vendor staff and signs it in on a new browser. Vendor staff
/// always need 2-step verification: it is set up at once (until then only its setup is open).
pub async fn vendor(app: &TestApp, email: &str) -> Client {
    app.sign_up(email).await;
    assert!(app.db.grant_vendor_staff(email).await.unwrap());
    let c = app.new_browser();
    assert_eq!(app.sign_in_as(&c, email, PASSWORD).await.status(), 200);
    app.enable_totp(&c).await;
    c
}

/// Signs vendor staff in again on `c`: the password, then a code of their app. The clock
/// moves on by a time step first, as the app takes each step's code once.
pub async fn vendor_sign_in(app: &TestApp, c: &Client, email: &str) {
    assert_error(app.sign_in_as(c, email, PASSWORD).await, 401, seatwise_api::ErrorCode::SecondFactorRequired).await;
    let user = app.db.user_by_email(email).await.unwrap().unwrap();
    let secret = app.db.totp_of(app.db.pool(), &user.id).await.unwrap().unwrap().secret;
    app.advance(time::Duration::seconds(30));
    let code = seatwise_server::domain::two_step::code_at(&secret, app.now());
    assert_eq!(app.second_step(c, "totp", &code).await.status(), 200, "{email}: the app's code");
}

pub async fn post_ok(app: &TestApp, c: &Client, path: &str, body: Value) -> Value {
    let r = app.post_as(c, path, &body).await;
    let status = r.status();
    let text = r.text().await.unwrap();
    assert!(status.is_success(), "POST {path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Accepts the newest invitation mailed to `email` as a new person; returns the signed-in browser.
pub async fn accept_as_new(app: &TestApp, email: &str) -> (Client, Me) {
    let token = app.token_from_mail(email, "/invitation?token=").await;
    let c = app.new_browser();
    let r = app
        .post_as(&c, "/invitations/accept", &json!({
            "token": token, "first_name": "New", "last_name": email.split('@').next().unwrap(),
            "country": "SI", "password": PASSWORD, "privacy_consent": true
        }))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let joined: seatwise_api::InvitationAccepted = r.json().await.unwrap();
    (c, joined.me)
}

/// A one-year term around the app's today (its clock), so that the subscription is active
/// whenever the tests run.
pub fn term(app: &TestApp) -> (String, String) {
    use seatwise_server::clock::Clock;
    let today = app.clock.now().date();
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    let start = (today - time::Duration::days(30)).format(&fmt).unwrap();
    let end = (today + time::Duration::days(335)).format(&fmt).unwrap();
    (start, end)
}

pub async fn provision(app: &TestApp, vendor: &Client, name: &str, seats: u32) -> Company {
    let (start, end) = term(app);
    let code = format!("P{}", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let product: Product = serde_json::from_value(
        post_ok(app, vendor, "/vendor/products", json!({"code": code, "name": "AutoCAD", "kind": "product"})).await,
    )
    .unwrap();
    let manager_email = format!("manager.{}@example.com", name.to_lowercase().replace(' ', "-"));
    let account: VendorAccount = serde_json::from_value(
        post_ok(app, vendor, "/vendor/accounts", json!({
            "name": name, "country": "SI", "manager_email": manager_email,
            "manager_first_name": "Maja", "manager_last_name": "Kos", "manager_locale": "sl"
        }))
        .await,
    )
    .unwrap();
    let (manager, _) = accept_as_new(app, &manager_email).await;
    let contract = post_ok(app, vendor, &format!("/vendor/accounts/{}/contracts", account.id), json!({
        "number": format!("K-{}", &code[1..]), "start_date": start, "end_date": end,
        "partner_name": "Partner d.o.o.", "partner_email": "sales@partner.example"
    }))
    .await;
    let sub: Subscription = serde_json::from_value(
        post_ok(app, vendor, &format!("/vendor/contracts/{}/subscriptions", contract["id"].as_str().unwrap()), json!({
            "product_id": product.id, "licence_type": "named_user", "seats": seats, "term": "one_year",
            "start_date": start, "end_date": end, "auto_renew": true
        }))
        .await,
    )
    .unwrap();
    let page: MemberPage = app.get_as(&manager, &format!("/accounts/{}/members", account.id)).await.json().await.unwrap();
    Company { account_id: account.id, subscription_id: sub.id, manager, manager_id: page.members[0].user_id.clone() }
}

/// Invites `n` people (one request) and has each accept; returns their user ids in order.
pub async fn add_members(app: &TestApp, co: &Company, prefix: &str, n: usize) -> Vec<String> {
    let invitations: Vec<Value> = (0..n)
        .map(|i| json!({"email": format!("{prefix}{i}@example.com"), "first_name": format!("Person{i}"), "last_name": prefix}))
        .collect();
    let list: InvitationList = serde_json::from_value(
        post_ok(app, &co.manager, &format!("/accounts/{}/invitations", co.account_id), json!({"invitations": invitations})).await,
    )
    .unwrap();
    assert_eq!(list.invitations.len(), n);
    let mut ids = vec![];
    for i in 0..n {
        let (_, me) = accept_as_new(app, &format!("{prefix}{i}@example.com")).await;
        let page: MemberPage = app
            .get_as(&co.manager, &format!("/accounts/{}/members?q={}", co.account_id, me.email))
            .await
            .json()
            .await
            .unwrap();
        ids.push(page.members[0].user_id.clone());
    }
    ids
}
