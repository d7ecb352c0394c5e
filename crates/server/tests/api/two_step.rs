//! 2-step verification, the second step of a sign-in, fresh sign-ins, and the list of sessions.

use reqwest::{header, Client};
use seatwise_api::{ErrorCode, RecoveryCodes, SecurityOverview, SessionList, SignInMethod, TotpSetup};
use seatwise_server::{clock::Clock, domain::two_step::code_at};
use serde_json::json;

use crate::{helpers::*, on_both_databases};

on_both_databases!(
    totp_codes_count_once_and_recovery_codes_are_spent,
    a_remembered_browser_skips_the_second_step_until_the_password_changes,
    changes_need_a_fresh_sign_in_and_wrong_codes_are_throttled,
    sessions_can_be_listed_and_ended,
    an_account_can_require_it_and_members_without_it_can_only_set_it_up,
    vendor_staff_always_need_it,
);

const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

fn browser_as(address: &str, user_agent: &str) -> Client {
    let mut headers = header::HeaderMap::new();
    headers.insert("x-requested-with", "seatwise".parse().unwrap());
    headers.insert(header::ORIGIN, address.parse().unwrap());
    Client::builder().cookie_store(true).user_agent(user_agent).default_headers(headers).build().unwrap()
}

impl TestApp {
    pub(crate) fn now(&self) -> i64 {
        self.clock.unix()
    }

    /// Turns on 2-step verification for the person signed in on `c`; the secret and the codes.
    pub(crate) async fn enable_totp(&self, c: &Client) -> (String, Vec<String>) {
        let r = self.post_as(c, "/me/totp/setup", &json!({})).await;
        assert_eq!(r.status(), 200);
        let setup: TotpSetup = r.json().await.unwrap();
        assert!(setup.uri.starts_with("otpauth://totp/Seatwise:") && setup.uri.contains(&setup.secret));
        assert!(setup.qr_size > 20 && setup.qr_path.starts_with('M'));
        let r = self.post_as(c, "/me/totp/confirm", &json!({"code": code_at(&setup.secret, self.now())})).await;
        assert_eq!(r.status(), 200);
        let codes: RecoveryCodes = r.json().await.unwrap();
        (setup.secret, codes.codes)
    }

    /// The first step on a new browser: answered 401 `second_factor_required`.
    pub(crate) async fn first_step(&self, email: &str) -> Client {
        let c = self.new_browser();
        assert_error(self.sign_in_as(&c, email, PASSWORD).await, 401, ErrorCode::SecondFactorRequired).await;
        c
    }

    pub(crate) async fn second_step(&self, c: &Client, method: &str, code: &str) -> reqwest::Response {
        self.post_as(c, "/auth/second-factor", &json!({"method": method, "code": code})).await
    }
}

async fn totp_codes_count_once_and_recovery_codes_are_spent(b: Backend) {
    let app = spawn_app(b).await;
    let email = "mei@example.com";
    app.signed_in_user(email).await;
    let overview: SecurityOverview = app.get("/me/security").await.json().await.unwrap();
    assert!(!overview.totp_enabled && overview.fresh_until.is_some());

    // A setup needs a right code; a wrong one changes nothing.
    let setup: TotpSetup = app.post("/me/totp/setup", &json!({})).await.json().await.unwrap();
    let wrong = code_at(&setup.secret, app.now() + 600);
    assert_error(app.post("/me/totp/confirm", &json!({"code": wrong})).await, 400, ErrorCode::InvalidCode).await;
    let first = code_at(&setup.secret, app.now());
    let codes: RecoveryCodes = app.post("/me/totp/confirm", &json!({"code": first})).await.json().await.unwrap();
    assert_eq!(codes.codes.len(), 10);
    app.wait_for_mail(email, "aplikacija za preverjanje").await;
    let overview: SecurityOverview = app.get("/me/security").await.json().await.unwrap();
    assert!(overview.totp_enabled);
    assert_eq!(overview.recovery_codes_left, 10);
    // A second setup while one is on is refused.
    assert_error(app.post("/me/totp/setup", &json!({})).await, 409, ErrorCode::TwoStepState).await;

    // The password alone no longer signs in; the first step alone gives no session.
    let c = app.first_step(email).await;
    assert_eq!(app.get_as(&c, "/me").await.status(), 401);
    let methods: serde_json::Value = app.get_as(&c, "/auth/second-factor").await.json().await.unwrap();
    assert_eq!(methods["methods"], json!(["totp", "recovery_code"]));
    // The code used for the setup is spent (the same time step).
    assert_error(app.second_step(&c, "totp", &first).await, 400, ErrorCode::InvalidCode).await;
    app.advance(time::Duration::seconds(30));
    let code = code_at(&setup.secret, app.now());
    let r = app.second_step(&c, "totp", &code).await;
    assert_eq!(r.status(), 200);
    assert_eq!(app.get_as(&c, "/me").await.status(), 200);
    // The first step is used up; a replay of the code on another first step fails.
    assert_error(app.second_step(&c, "totp", &code).await, 400, ErrorCode::InvalidToken).await;
    let c2 = app.first_step(email).await;
    assert_error(app.second_step(&c2, "totp", &code).await, 400, ErrorCode::InvalidCode).await;

    // Recovery codes: a wrong one fails, a right one works once (typed loosely).
    assert_error(app.second_step(&c2, "recovery_code", "AAAA-BBBB-CCCC").await, 400, ErrorCode::InvalidCode).await;
    let loose = codes.codes[0].to_lowercase().replace('-', " ");
    assert_eq!(app.second_step(&c2, "recovery_code", &loose).await.status(), 200);
    let c3 = app.first_step(email).await;
    assert_error(app.second_step(&c3, "recovery_code", &codes.codes[0]).await, 400, ErrorCode::InvalidCode).await;
    let overview: SecurityOverview = app.get_as(&c2, "/me/security").await.json().await.unwrap();
    assert_eq!(overview.recovery_codes_left, 9);

    // The log tells how each sign-in was made.
    let log: serde_json::Value = app.get_as(&c2, "/me/security-events").await.json().await.unwrap();
    let methods: Vec<&str> = log["events"].as_array().unwrap().iter()
        .filter(|e| e["kind"] == "sign_in").map(|e| e["method"].as_str().unwrap()).collect();
    assert_eq!(methods, ["recovery_code", "totp", "password"]);
    assert!(log["events"].as_array().unwrap().iter().any(|e| e["kind"] == "second_factor_failed"));

    // New recovery codes replace the old ones.
    let fresh: RecoveryCodes = app.post_as(&c2, "/me/recovery-codes", &json!({})).await.json().await.unwrap();
    assert_error(app.second_step(&c3, "recovery_code", &codes.codes[1]).await, 400, ErrorCode::InvalidCode).await;
    assert_eq!(app.second_step(&c3, "recovery_code", &fresh.codes[1]).await.status(), 200);
    app.wait_for_mail(email, "nove obnovitvene kode").await;
}

async fn a_remembered_browser_skips_the_second_step_until_the_password_changes(b: Backend) {
    let app = spawn_app(b).await;
    let email = "ana@example.com";
    app.signed_in_user(email).await;
    let (secret, _) = app.enable_totp(&app.client).await;
    app.advance(time::Duration::seconds(30));

    let c = app.first_step(email).await;
    let r = app
        .post_as(&c, "/auth/second-factor", &json!({"method": "totp", "code": code_at(&secret, app.now()), "remember_browser": true}))
        .await;
    assert_eq!(r.status(), 200);
    let cookies: Vec<String> = r.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect();
    let remembered = cookies.iter().find(|c| c.starts_with("seatwise_browser=")).expect("the browser's cookie");
    assert!(remembered.contains("HttpOnly") && remembered.contains("SameSite=Strict") && remembered.contains("Max-Age=2592000"));
    assert!(cookies.iter().any(|c| c.starts_with("seatwise_challenge=;")), "the first step's cookie is cleared");
    assert_eq!(app.post_as(&c, "/auth/sign-out", &json!({})).await.status(), 204);

    // The same browser signs in with the password alone; another does not.
    assert_eq!(app.sign_in_as(&c, email, PASSWORD).await.status(), 200);
    let sessions: SessionList = app.get_as(&c, "/me/sessions").await.json().await.unwrap();
    assert_eq!(sessions.sessions.iter().find(|s| s.current).unwrap().method, SignInMethod::RememberedBrowser);
    app.first_step(email).await;
    let overview: SecurityOverview = app.get("/me/security").await.json().await.unwrap();
    assert_eq!(overview.remembered_browsers, 1);

    // A new password forgets every remembered browser.
    let change = json!({"current_password": PASSWORD, "new_password": "a brand new passphrase"});
    assert_eq!(app.post("/me/password", &change).await.status(), 204);
    let c2 = app.new_browser();
    assert_error(app.post_as(&c2, "/auth/sign-in", &json!({"login": email, "password": "a brand new passphrase"})).await,
        401, ErrorCode::SecondFactorRequired).await;
}

async fn changes_need_a_fresh_sign_in_and_wrong_codes_are_throttled(b: Backend) {
    let app = spawn_app(b).await;
    let email = "lan@example.com";
    app.signed_in_user(email).await;
    let (secret, codes) = app.enable_totp(&app.client).await;

    // Eleven minutes after the sign-in, changes need the password and a code again.
    app.advance(time::Duration::minutes(11));
    let overview: SecurityOverview = app.get("/me/security").await.json().await.unwrap();
    assert_eq!(overview.fresh_until, None);
    let r = app.client.delete(app.url("/me/totp")).send().await.unwrap();
    assert_error(r, 403, ErrorCode::ReauthenticationRequired).await;
    assert_error(app.post("/me/recovery-codes", &json!({})).await, 403, ErrorCode::ReauthenticationRequired).await;
    assert_error(app.post("/me/reauthenticate", &json!({"password": "not the password", "code": code_at(&secret, app.now())})).await,
        400, ErrorCode::WrongPassword).await;
    assert_error(app.post("/me/reauthenticate", &json!({"password": PASSWORD})).await, 400, ErrorCode::InvalidCode).await;
    let r = app.post("/me/reauthenticate", &json!({"password": PASSWORD, "code": codes[2]})).await;
    assert_eq!(r.status(), 200);
    assert!(r.json::<SecurityOverview>().await.unwrap().fresh_until.is_some());

    // Wrong codes at the second step: the fifth ends the first step, and the person's codes
    // are refused for a while, even the right one.
    let c = app.first_step(email).await;
    for _ in 0..4 {
        assert_error(app.second_step(&c, "totp", "000000").await, 400, ErrorCode::InvalidCode).await;
    }
    assert_error(app.second_step(&c, "totp", "000000").await, 400, ErrorCode::InvalidToken).await;
    let c2 = app.first_step(email).await;
    app.advance(time::Duration::seconds(30));
    assert_error(app.second_step(&c2, "totp", &code_at(&secret, app.now())).await, 429, ErrorCode::TooManyAttempts).await;
    // After the window the right code works again.
    app.advance(time::Duration::minutes(16));
    let c3 = app.first_step(email).await;
    assert_eq!(app.second_step(&c3, "totp", &code_at(&secret, app.now())).await.status(), 200);
    // The first step's cookie lives 10 minutes.
    let c4 = app.first_step(email).await;
    app.advance(time::Duration::minutes(11));
    assert_error(app.second_step(&c4, "totp", &code_at(&secret, app.now())).await, 400, ErrorCode::InvalidToken).await;

    // Turning it off (fresh after the reauthentication above? no: 27 minutes passed).
    let r = app.client.delete(app.url("/me/totp")).send().await.unwrap();
    assert_error(r, 403, ErrorCode::ReauthenticationRequired).await;
    app.advance(time::Duration::seconds(30));
    let r = app.post("/me/reauthenticate", &json!({"password": PASSWORD, "code": code_at(&secret, app.now())})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(app.client.delete(app.url("/me/totp")).send().await.unwrap().status(), 204);
    app.wait_for_mail(email, "izklopljeno preverjanje").await;
    assert_eq!(app.sign_in_as(&app.new_browser(), email, PASSWORD).await.status(), 200);
    let r = app.client.delete(app.url("/me/totp")).send().await.unwrap();
    assert_error(r, 409, ErrorCode::TwoStepState).await;
}

async fn sessions_can_be_listed_and_ended(b: Backend) {
    let app = spawn_app(b).await;
    let email = "eva@example.com";
    app.sign_up(email).await;
    let chrome = browser_as(&app.address, CHROME);
    let firefox = browser_as(&app.address, FIREFOX);
    assert_eq!(app.sign_in_as(&chrome, email, PASSWORD).await.status(), 200);
    assert_eq!(app.sign_in_as(&firefox, email, PASSWORD).await.status(), 200);
    // The second browser is new to the person: a mail (in their language, Slovenian here) says
    // so, with the browser.
    let alert = app.wait_for_mail(email, "ki ga še nismo videli").await;
    assert!(alert.text.contains("Firefox 133, Windows") && alert.text.contains("/security"), "{}", alert.text);
    // Chrome again is not new.
    assert_eq!(app.sign_in_as(&browser_as(&app.address, CHROME), email, PASSWORD).await.status(), 200);
    assert_eq!(app.mails_to(email).await, 2, "the confirmation and one alert");

    let list: SessionList = app.get_as(&chrome, "/me/sessions").await.json().await.unwrap();
    assert_eq!(list.sessions.len(), 3);
    let me = list.sessions.iter().find(|s| s.current).unwrap();
    assert_eq!((me.browser.as_str(), me.os.as_str()), ("Chrome 131", "Linux"));
    let other = list.sessions.iter().find(|s| s.browser == "Firefox 133").unwrap();
    assert_eq!(other.os, "Windows");
    assert_eq!(other.method, SignInMethod::Password);

    // Another person cannot end it; its owner can, once.
    app.signed_in_user("someone@example.com").await;
    let path = format!("/me/sessions/{}", other.id);
    assert_error(app.client.delete(app.url(&path)).send().await.unwrap(), 404, ErrorCode::NotFound).await;
    assert_eq!(app.get_as(&firefox, "/me").await.status(), 200);
    assert_eq!(chrome.delete(app.url(&path)).send().await.unwrap().status(), 204);
    assert_eq!(app.get_as(&firefox, "/me").await.status(), 401);
    assert_error(chrome.delete(app.url(&path)).send().await.unwrap(), 404, ErrorCode::NotFound).await;

    // Every other session ends; this one stays.
    assert_eq!(app.post_as(&chrome, "/me/sessions/sign-out-others", &json!({})).await.status(), 204);
    let list: SessionList = app.get_as(&chrome, "/me/sessions").await.json().await.unwrap();
    assert_eq!(list.sessions.len(), 1);
    assert!(list.sessions[0].current);
    let log: serde_json::Value = app.get_as(&chrome, "/me/security-events").await.json().await.unwrap();
    let kinds: Vec<&str> = log["events"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert!(kinds.starts_with(&["signed_out_others", "session_ended"]), "{kinds:?}");
}

async fn an_account_can_require_it_and_members_without_it_can_only_set_it_up(b: Backend) {
    use crate::company::*;
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Home", 5).await;
    add_members(&app, &co, "en", 1).await;
    let member = app.new_browser();
    assert_eq!(app.sign_in_as(&member, "en0@example.com", PASSWORD).await.status(), 200);
    let policy = |required: bool| {
        let (app, co) = (&app, &co);
        async move {
            co.manager.put(app.url(&format!("/accounts/{}/two-step-policy", co.account_id)))
                .json(&json!({"required": required})).send().await.unwrap()
        }
    };
    // The contract manager must use it before requiring it.
    assert_error(policy(true).await, 409, ErrorCode::TwoStepState).await;
    app.enable_totp(&co.manager).await;
    assert_eq!(policy(true).await.status(), 204);
    let log: serde_json::Value =
        app.get_as(&co.manager, &format!("/accounts/{}/activity", co.account_id)).await.json().await.unwrap();
    assert_eq!(log["entries"][0]["action"], "account.two_step_policy");

    // The member without it: only the setup is open.
    let subscriptions = format!("/accounts/{}/subscriptions", co.account_id);
    assert_error(app.get_as(&member, &subscriptions).await, 403, ErrorCode::TwoStepSetupRequired).await;
    assert_error(app.post_as(&member, "/me/passkeys/challenge", &json!({})).await, 403, ErrorCode::TwoStepSetupRequired).await;
    // The security page's lists are read (nothing there changes).
    assert_eq!(app.get_as(&member, "/me/sessions").await.status(), 200);
    assert_eq!(app.get_as(&member, "/me/security-events").await.status(), 200);
    let me: seatwise_api::Me = app.get_as(&member, "/me").await.json().await.unwrap();
    assert!(me.two_step_setup_required);
    let mine: seatwise_api::MyAccounts = app.get_as(&member, "/accounts").await.json().await.unwrap();
    assert!(mine.accounts[0].require_two_step);
    app.enable_totp(&member).await;
    assert_eq!(app.get_as(&member, &subscriptions).await.status(), 200);
    let me: seatwise_api::Me = app.get_as(&member, "/me").await.json().await.unwrap();
    assert!(!me.two_step_setup_required);
    // The manager's own calls were never held up (they use it).
    assert_eq!(app.get_as(&co.manager, &subscriptions).await.status(), 200);
    assert_eq!(policy(false).await.status(), 204);
}

async fn vendor_staff_always_need_it(b: Backend) {
    let app = spawn_app(b).await;
    let email = "new.staff@vendor.example";
    app.sign_up(email).await;
    assert!(app.db.grant_vendor_staff(email).await.unwrap());
    // Signed in with the password alone: only the setup is open.
    let c = app.new_browser();
    assert_eq!(app.sign_in_as(&c, email, PASSWORD).await.status(), 200);
    let me: serde_json::Value = app.get_as(&c, "/me").await.json().await.unwrap();
    assert_eq!(me["two_step_setup_required"], true);
    assert_error(app.get_as(&c, "/vendor/accounts").await, 403, ErrorCode::TwoStepSetupRequired).await;
    let overview: SecurityOverview = app.get_as(&c, "/me/security").await.json().await.unwrap();
    assert!(overview.two_step_required && !overview.totp_enabled);
    app.enable_totp(&c).await;
    assert_eq!(app.get_as(&c, "/vendor/accounts").await.status(), 200);
    // It stays on: turning it off is refused.
    assert_error(app.delete_as(&c, "/me/totp").await, 403, ErrorCode::Forbidden).await;
    let overview: SecurityOverview = app.get_as(&c, "/me/security").await.json().await.unwrap();
    assert!(overview.two_step_required && overview.totp_enabled);
    // A member of no account that requires it may turn it off.
    app.signed_in_user("free@example.com").await;
    app.enable_totp(&app.client).await;
    assert_eq!(app.delete_as(&app.client, "/me/totp").await.status(), 204);
}
