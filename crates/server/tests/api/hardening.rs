//! Safe defaults and attack resistance: demo data in production, the outbox and retention,
//! sign-in limits per address and overall, the hashing capacity, trusted proxies, cookies and
//! headers, signing keys, the security log and check-then-insert races.

use std::time::Duration;

use reqwest::{header, Client, StatusCode};
use seatwise_api::{DownloadLink, ErrorCode, LicenceRequest, MemberRole, SecurityEventKind, SecurityEventPage};
use seatwise_server::{
    domain::{keys::KeyPurpose, links::LinkKey},
    jobs::retention,
    Application, Settings,
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::{company::*, helpers::*, on_both_databases, products::shop};

on_both_databases!(
    production_refuses_a_database_with_the_demo_sign_ins,
    delivered_mail_keeps_no_link,
    retention_purges_what_has_expired_on_one_server_at_a_time,
    sign_in_failures_are_limited_per_address_and_overall,
    lockout_counts_every_spelling_of_an_unknown_account_id_together,
    password_hashing_is_capped_and_answers_503_beyond,
    password_change_and_invitation_mails_are_throttled,
    trusted_proxies_name_the_client,
    https_portals_get_hsts_and_a_host_cookie,
    csrf_trusts_the_public_url_not_the_host_header,
    slow_headers_are_cut_off,
    signing_keys_rotate_without_breaking_links_in_flight,
    the_security_log_is_readable_by_its_person_and_by_staff,
    open_requests_and_the_contract_manager_survive_races,
    bad_query_strings_get_the_json_error_body,
    concurrent_changes_of_different_profile_fields_all_stay,
);

fn settings(app: &TestApp, extra: &[(&str, &str)]) -> Settings {
    let mut env: std::collections::HashMap<String, String> = std::collections::HashMap::from([
        ("SEATWISE_LISTEN".into(), "127.0.0.1:0".into()),
        ("SEATWISE_DATABASE_URL".into(), app.database_url.clone()),
        ("SEATWISE_STORAGE_DIR".into(), app.storage_dir.display().to_string()),
    ]);
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    Settings::from_sources(None, &env).expect("valid settings")
}

async fn production_refuses_a_database_with_the_demo_sign_ins(b: Backend) {
    let app = spawn_app(b).await;
    use seatwise_server::seed::{DEMO_PASSWORD, DEMO_USERS};
    let (email, ..) = DEMO_USERS[0];
    let mut body = TestApp::sign_up_body(email);
    body["password"] = json!(DEMO_PASSWORD);
    assert_eq!(app.post("/auth/sign-up", &body).await.status(), 202);
    let production = [("SEATWISE_MODE", "production"), ("SEATWISE_SMTP_HOST", "127.0.0.1"), ("SEATWISE_SMTP_PORT", "9")];
    let err = Application::build(settings(&app, &production)).await.err().expect("production refuses the demo sign-ins");
    let msg = format!("{err:#}");
    assert!(msg.contains(email) && msg.contains("disable-demo-accounts"), "{msg}");
    // Locked, it can go into production: the demo password no longer opens it.
    let hasher = seatwise_server::domain::PasswordHasher::new();
    assert_eq!(seatwise_server::seed::disable_demo_accounts(&app.db, &hasher).await.unwrap(), 1);
    assert!(Application::build(settings(&app, &production)).await.is_ok());
    assert_error(app.sign_in(email, DEMO_PASSWORD).await, 401, ErrorCode::InvalidCredentials).await;
    // A production database is simply accepted.
    let fresh = spawn_app(b).await;
    fresh.sign_up("someone@example.com").await;
    assert!(Application::build(settings(&fresh, &production)).await.is_ok());
}

async fn delivered_mail_keeps_no_link(b: Backend) {
    let sink = crate::mail::SmtpSink::start().await;
    let port = sink.port.to_string();
    let app = spawn_app_with(b, &[("SEATWISE_SMTP_HOST", "127.0.0.1"), ("SEATWISE_SMTP_PORT", &port), ("SEATWISE_SMTP_TLS", "none")]).await;
    app.sign_up("ana@example.com").await;
    let id: String = sqlx::query_scalar("SELECT id FROM outbox").fetch_one(app.db.pool()).await.unwrap();
    for _ in 0..200 {
        if app.db.mail_status(&id).await.unwrap().unwrap().0 == "sent" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(app.db.mail_status(&id).await.unwrap().unwrap().0, "sent");
    assert!(sink.messages().iter().any(|m| m.contains("verify-email")), "the mail itself carried the link");
    let (text, html) = app.db.mail_bodies(&id).await.unwrap().unwrap();
    assert!(text.is_empty() && html.is_empty(), "the stored copy keeps no link: {text}");
}

async fn retention_purges_what_has_expired_on_one_server_at_a_time(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_OUTBOX_RETENTION_DAYS", "7"), ("SEATWISE_RETENTION_INTERVAL_SECONDS", "3600")]).await;
    app.signed_in_user("ana@example.com").await;
    app.post("/auth/forgot-password", &json!({"email": "ana@example.com"})).await;
    app.wait_for_mail("ana@example.com", "/reset-password?token=").await;
    assert_error(app.sign_in("ana@example.com", "wrong password 1").await, 401, ErrorCode::InvalidCredentials).await;
    let count = |table: &'static str| {
        let db = app.db.clone();
        async move { sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(db.pool()).await.unwrap() }
    };
    assert!(count("sessions").await >= 1 && count("user_tokens").await >= 2 && count("login_throttle").await >= 1);
    assert!(count("rate_limits").await >= 1 && count("outbox").await >= 2 && count("security_events").await >= 2);
    // The server runs the job when it starts (waited for: a busy machine may not have got
    // to it yet); within the interval nobody runs it again.
    for _ in 0..200 {
        let ran: i64 = sqlx::query_scalar("SELECT last_run_at FROM job_leases WHERE name = 'retention'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
        if ran > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(retention::run_once(&app.state).await.unwrap().is_none());
    assert!(count("sessions").await >= 1, "nothing alive was purged");
    // Eight days on, everything but the security log has served its purpose.
    app.advance(time::Duration::days(8));
    let (x, y) = tokio::join!(retention::run_once(&app.state), retention::run_once(&app.state));
    let runs: Vec<_> = [x.unwrap(), y.unwrap()].into_iter().flatten().collect();
    assert_eq!(runs.len(), 1, "two servers at once: exactly one purges");
    let p = runs[0];
    assert!(p.sessions >= 1 && p.tokens >= 2 && p.throttles >= 2 && p.mails >= 2, "{p:?}");
    for table in ["sessions", "user_tokens", "login_throttle", "rate_limits", "outbox"] {
        assert_eq!(count(table).await, 0, "{table}");
    }
    assert!(count("security_events").await >= 2, "kept for {} days", retention::SECURITY_LOG_DAYS);
    app.advance(time::Duration::days(retention::SECURITY_LOG_DAYS));
    retention::run_once(&app.state).await.unwrap().unwrap();
    assert_eq!(count("security_events").await, 0);
}

async fn sign_in_failures_are_limited_per_address_and_overall(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_SIGN_IN_FAILURES_PER_IP", "4"), ("SEATWISE_TRUSTED_PROXIES", "127.0.0.1")]).await;
    app.sign_up("ana@example.com").await;
    let from = |ip: &str| behind_proxy(&app, ip);
    let attacker = from("203.0.113.66");
    // A correct sign-in costs nothing.
    for _ in 0..3 {
        assert_eq!(app.sign_in_as(&attacker, "ana@example.com", PASSWORD).await.status(), 200);
    }
    // Four failures, each on another (unknown) account, so no account lockout is involved.
    for i in 0..4 {
        assert_error(app.sign_in_as(&attacker, &format!("nobody{i}@example.com"), "wrong password!").await, 401, ErrorCode::InvalidCredentials).await;
    }
    // The address is done for a while, even with the right password.
    let r = app.sign_in_as(&attacker, "ana@example.com", PASSWORD).await;
    assert!(r.headers().contains_key(header::RETRY_AFTER));
    assert_error(r, 429, ErrorCode::TooManyAttempts).await;
    // Other addresses are not.
    assert_eq!(app.sign_in_as(&from("198.51.100.1"), "ana@example.com", PASSWORD).await.status(), 200);
    app.advance(time::Duration::minutes(16));
    assert_eq!(app.sign_in_as(&attacker, "ana@example.com", PASSWORD).await.status(), 200);

    // Overall: failures from many addresses add up.
    let app = spawn_app_with(b, &[("SEATWISE_SIGN_IN_FAILURES_PER_MINUTE", "5"), ("SEATWISE_TRUSTED_PROXIES", "127.0.0.1")]).await;
    let from = |ip: &str| behind_proxy(&app, ip);
    app.sign_up("ana@example.com").await;
    for i in 0..5 {
        let c = from(&format!("192.0.2.{i}"));
        assert_error(app.sign_in_as(&c, &format!("nobody{i}@example.com"), "wrong password!").await, 401, ErrorCode::InvalidCredentials).await;
    }
    assert_error(app.sign_in_as(&from("192.0.2.99"), "nobody@example.com", "wrong password!").await, 429, ErrorCode::TooManyAttempts).await;
    app.advance(time::Duration::minutes(2));
    assert_eq!(app.sign_in_as(&from("192.0.2.99"), "ana@example.com", PASSWORD).await.status(), 200);
}

/// A browser whose requests reach the app through a proxy that reports `ip` as the client.
fn behind_proxy(app: &TestApp, ip: &str) -> Client {
    let mut h = header::HeaderMap::new();
    h.insert("x-requested-with", "seatwise".parse().unwrap());
    h.insert(header::ORIGIN, app.address.parse().unwrap());
    h.insert("x-forwarded-for", ip.parse().unwrap());
    Client::builder().default_headers(h).cookie_store(true).build().unwrap()
}

async fn lockout_counts_every_spelling_of_an_unknown_account_id_together(b: Backend) {
    let app = spawn_app(b).await;
    // An account ID that exists and one that does not must behave the same: five failures in
    // any spelling lock both.
    app.sign_up("ana@example.com").await;
    assert_eq!(app.sign_in("ana@example.com", PASSWORD).await.status(), 200);
    let me: seatwise_api::Me = app.get("/me").await.json().await.unwrap();
    let real = me.account_id;
    let fake = if real == "SW12345678" { "SW87654321".to_string() } else { "SW12345678".to_string() };
    for id in [real, fake] {
        let lower = id.to_lowercase();
        let spellings = [id.clone(), lower.clone(), format!("{}-{}-{}", &lower[..2], &lower[2..6], &lower[6..]), format!(" {id} "), format!("sw {}", &id[2..])];
        for s in &spellings {
            assert_error(app.sign_in(s, "wrong password!").await, 401, ErrorCode::InvalidCredentials).await;
        }
        assert_error(app.sign_in(&id, "wrong password!").await, 429, ErrorCode::TooManyAttempts).await;
    }
}

async fn password_hashing_is_capped_and_answers_503_beyond(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_PASSWORD_HASH_WORKERS", "1"), ("SEATWISE_PASSWORD_HASH_QUEUE", "1")]).await;
    // Twelve people (so that no account lockout is involved) sign in at the same moment.
    for i in 0..12 {
        app.sign_up(&format!("p{i}@example.com")).await;
    }
    let attempts = (0..12).map(|i| {
        let c = app.new_browser();
        let app = &app;
        async move { app.sign_in_as(&c, &format!("p{i}@example.com"), PASSWORD).await }
    });
    let answers = futures::future::join_all(attempts).await;
    let mut ok = 0;
    let mut busy = 0;
    for r in answers {
        match r.status().as_u16() {
            200 => ok += 1,
            503 => {
                assert!(r.headers().contains_key(header::RETRY_AFTER));
                assert_error(r, 503, ErrorCode::ServerBusy).await;
                busy += 1;
            }
            other => panic!("unexpected {other}: {}", r.text().await.unwrap()),
        }
    }
    assert!(ok >= 2 && busy >= 1, "one hashing, one waiting, the rest refused: {ok} ok, {busy} busy");
    // A refused attempt cost nobody anything: everyone can sign in right away, five times over
    // (no failure was counted against their account or address).
    for i in 0..12 {
        for _ in 0..5 {
            assert_eq!(app.sign_in(&format!("p{i}@example.com"), PASSWORD).await.status(), 200);
        }
    }
}

async fn password_change_and_invitation_mails_are_throttled(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_INVITATION_MAILS_PER_HOUR", "5")]).await;
    app.signed_in_user("ana@example.com").await;
    let change = |current: &str| json!({"current_password": current, "new_password": "a brand new passphrase"});
    for _ in 0..5 {
        assert_error(app.post("/me/password", &change("not my password")).await, 400, ErrorCode::WrongPassword).await;
    }
    // A stolen session cannot go on guessing, not even with the right one now.
    assert_error(app.post("/me/password", &change(PASSWORD)).await, 429, ErrorCode::TooManyAttempts).await;
    app.advance(time::Duration::minutes(16));
    assert_eq!(app.post("/me/password", &change(PASSWORD)).await.status(), 204);

    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Home", 10).await;
    let invite = |emails: &[&str]| {
        let list: Vec<_> = emails.iter().map(|e| json!({"email": e, "first_name": "A", "last_name": "B"})).collect();
        json!({"invitations": list})
    };
    let path = format!("/accounts/{}/invitations", co.account_id);
    let list: seatwise_api::InvitationList = app.post_as(&co.manager, &path, &invite(&["a@example.com"])).await.json().await.unwrap();
    // Resending one invitation: three times an hour.
    let resend = format!("{path}/{}/resend", list.invitations[0].id);
    for _ in 0..3 {
        assert_eq!(app.post_as(&co.manager, &resend, &json!({})).await.status(), 200);
    }
    assert_error(app.post_as(&co.manager, &resend, &json!({})).await, 429, ErrorCode::RateLimited).await;
    // The account's budget: 4 of 5 spent (the fourth resend was refused before it counted);
    // two more do not fit, and neither is invited.
    assert_error(app.post_as(&co.manager, &path, &invite(&["b@example.com", "c@example.com"])).await, 429, ErrorCode::RateLimited).await;
    let all: seatwise_api::InvitationList = app.get_as(&co.manager, &path).await.json().await.unwrap();
    assert!(all.invitations.iter().all(|i| i.email != "b@example.com" && i.email != "c@example.com"));
    assert_eq!(app.post_as(&co.manager, &path, &invite(&["b@example.com"])).await.status(), 201);
    // CSV imports draw on the same budget.
    let csv = base64_encode(b"email,first_name,last_name\nd@example.com,D,E\n");
    assert_error(app.post_as(&co.manager, &format!("/accounts/{}/imports", co.account_id), &json!({"file_base64": csv})).await, 429, ErrorCode::RateLimited).await;
    app.advance(time::Duration::minutes(61));
    assert_eq!(app.sign_in_as(&co.manager, "manager.home@example.com", PASSWORD).await.status(), 200);
    assert_eq!(app.post_as(&co.manager, &format!("/accounts/{}/imports", co.account_id), &json!({"file_base64": csv})).await.status(), 200);
}

fn base64_encode(b: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(b)
}

async fn trusted_proxies_name_the_client(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_TRUSTED_PROXIES", "127.0.0.0/8")]).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Home", 10).await;
    let path = format!("/accounts/{}/teams", co.account_id);
    let r = co.manager.post(app.url(&path)).header("x-forwarded-for", "1.2.3.4, 203.0.113.7").json(&json!({"name": "Proxied"})).send().await.unwrap();
    assert_eq!(r.status(), 201);
    let log: seatwise_api::ActivityPage = app.get_as(&co.manager, &format!("/accounts/{}/activity", co.account_id)).await.json().await.unwrap();
    assert_eq!(log.entries[0].ip, "203.0.113.7", "the nearest address the proxy reported");
    // Without trust, the header is somebody's claim and is ignored.
    let app = spawn_app(b).await;
    app.sign_up("ana@example.com").await;
    let c = app.new_browser();
    let r = c.post(app.url("/auth/sign-in")).header("x-forwarded-for", "203.0.113.7")
        .json(&json!({"login": "ana@example.com", "password": PASSWORD})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let ip: String = sqlx::query_scalar("SELECT ip FROM sessions").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(ip, "127.0.0.1");
}

async fn https_portals_get_hsts_and_a_host_cookie(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_PUBLIC_URL", "https://portal.example")]).await;
    let plain = Client::new();
    let r = plain.get(app.url("/health")).send().await.unwrap();
    assert_eq!(r.headers()[header::STRICT_TRANSPORT_SECURITY], "max-age=31536000; includeSubDomains");
    let post = |path: &str, body: serde_json::Value| {
        plain.post(app.url(path)).header("x-requested-with", "seatwise").header(header::ORIGIN, "https://portal.example").json(&body)
    };
    assert_eq!(post("/auth/sign-up", TestApp::sign_up_body("ana@example.com")).send().await.unwrap().status(), 202);
    let r = post("/auth/sign-in", json!({"login": "ana@example.com", "password": PASSWORD})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap().to_string();
    assert!(cookie.starts_with("__Host-seatwise_session=") && cookie.contains("; Secure") && cookie.contains("; Path=/"), "{cookie}");
    assert!(!cookie.contains("Domain="), "{cookie}");
    let pair = cookie.split(';').next().unwrap().to_string();
    assert_eq!(plain.get(app.url("/me")).header(header::COOKIE, &pair).send().await.unwrap().status(), 200);
    // The unprefixed name is not accepted in its place.
    let plain_name = pair.replace("__Host-", "");
    assert_eq!(plain.get(app.url("/me")).header(header::COOKIE, plain_name).send().await.unwrap().status(), 401);
    // Plain http portals get no HSTS.
    let http = spawn_app(b).await;
    assert!(!Client::new().get(http.url("/health")).send().await.unwrap().headers().contains_key(header::STRICT_TRANSPORT_SECURITY));
}

async fn csrf_trusts_the_public_url_not_the_host_header(b: Backend) {
    let app = spawn_app(b).await;
    let body = json!({"email": "x@example.com"});
    // Origin and Host agreeing on another name proves nothing: both come from the client.
    let r = Client::new()
        .post(app.url("/auth/forgot-password"))
        .header("x-requested-with", "seatwise")
        .header(header::ORIGIN, "http://evil.example")
        .header(header::HOST, "evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_error(r, 403, ErrorCode::CsrfRejected).await;
    // The configured public URL is the one origin.
    assert_eq!(app.post("/auth/forgot-password", &body).await.status(), 202);
}

async fn slow_headers_are_cut_off(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_HEADER_READ_TIMEOUT_SECONDS", "1")]).await;
    let addr = app.address.trim_start_matches("http://").to_string();
    let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
    s.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n").await.unwrap();
    // Never finish the headers: the server gives up on its own.
    let mut buf = vec![0u8; 1024];
    let read = tokio::time::timeout(Duration::from_secs(5), async {
        let mut total = vec![];
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => break total,
                Ok(n) => total.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .expect("the connection is closed within a few seconds");
    let text = String::from_utf8_lossy(&read);
    assert!(read.is_empty() || text.starts_with("HTTP/1.1 408"), "{text}");
    // A complete request on a new connection is served as usual.
    assert_eq!(app.get("/health").await.status(), 200);
}

async fn signing_keys_rotate_without_breaking_links_in_flight(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "multi_user_network").await;
    let (_, file, bytes) = &s.installers[0];
    let link = |app: &TestApp| {
        let m = s.co.manager.clone();
        let path = format!("/accounts/{}/files/{file}/link", s.co.account_id);
        let url = app.url(&path);
        async move {
            let l: DownloadLink = m.post(url).json(&json!({})).send().await.unwrap().json().await.unwrap();
            l.url
        }
    };
    let first = link(&app).await;
    assert!(first.contains("&k=k1&"), "{first}");
    // Each purpose (download links, licence files, check-out answers) has a key of its own.
    let secrets: Vec<(String, String)> = sqlx::query_as("SELECT purpose, secret FROM signing_keys").fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(secrets.len(), KeyPurpose::ALL.len());
    let distinct: std::collections::HashSet<&String> = secrets.iter().map(|(_, secret)| secret).collect();
    assert_eq!(distinct.len(), secrets.len());
    // Rotation: new links use the new key, the old link still works.
    let now = { use seatwise_server::clock::Clock; app.clock.now().unix_timestamp() };
    let kid = app.db.rotate_key(KeyPurpose::DownloadLinks.as_str(), &LinkKey::generate_hex(), now, false).await.unwrap();
    assert_eq!(kid, "k2");
    // Every server picks the new key up within a minute.
    app.advance(time::Duration::seconds(61));
    let second = link(&app).await;
    assert!(second.contains("&k=k2&"), "{second}");
    let anonymous = Client::new();
    for url in [&first, &second] {
        let r = anonymous.get(url).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.bytes().await.unwrap().as_ref(), bytes.as_slice());
    }
    // Claiming another key id with the same signature fails.
    assert_error(anonymous.get(first.replace("&k=k1&", "&k=k2&")).send().await.unwrap(), 403, ErrorCode::LinkInvalid).await;
    // Revoking the old keys kills what they signed, on every server within a minute.
    app.db.rotate_key(KeyPurpose::DownloadLinks.as_str(), &LinkKey::generate_hex(), now, true).await.unwrap();
    app.advance(time::Duration::seconds(61));
    assert_error(anonymous.get(&first).send().await.unwrap(), 403, ErrorCode::LinkInvalid).await;
    // Licence files name the licence-file key.
    let subs: seatwise_api::SubscriptionList =
        app.get_as(&s.co.manager, &format!("/accounts/{}/subscriptions", s.co.account_id)).await.json().await.unwrap();
    let network = subs.subscriptions.iter().find(|x| x.licence_type == seatwise_api::LicenceType::MultiUserNetwork).unwrap().id.clone();
    let req: LicenceRequest = serde_json::from_value(post_ok(&app, &s.co.manager, &format!("/accounts/{}/requests", s.co.account_id), json!({
        "kind": "network_licence", "product_code": s.code, "subscription_id": network, "host_name": "lic01", "host_id": "001A2B3C4D5E"})).await).unwrap();
    post_ok(&app, &s.vendor, &format!("/vendor/requests/{}/status", req.id), json!({"status": "fulfilled"})).await;
    let text = app.get_as(&s.co.manager, &format!("/accounts/{}/requests/{}/licence-file", s.co.account_id, req.id)).await.text().await.unwrap();
    assert!(text.contains(" KEYID=k1 SIGN=\""), "{text}");
}

async fn the_security_log_is_readable_by_its_person_and_by_staff(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("ana@example.com").await;
    assert_error(app.sign_in("ana@example.com", "wrong password!").await, 401, ErrorCode::InvalidCredentials).await;
    assert_error(app.sign_in("ghost@example.com", "wrong password!").await, 401, ErrorCode::InvalidCredentials).await;
    assert_eq!(app.post("/me/password", &json!({"current_password": PASSWORD, "new_password": "another fine passphrase"})).await.status(), 204);
    let other = app.new_browser();
    assert_eq!(app.sign_in_as(&other, "ana@example.com", "another fine passphrase").await.status(), 200);
    assert_eq!(app.post("/auth/sign-out-everywhere", &json!({})).await.status(), 204);
    assert_eq!(app.get_as(&other, "/me").await.status(), 401, "every session ended");
    assert_eq!(app.get("/me").await.status(), 401, "this one too");
    for _ in 0..5 {
        app.sign_in("ana@example.com", "wrong password!").await;
    }
    app.post("/auth/forgot-password", &json!({"email": "ana@example.com"})).await;
    let token = app.token_from_mail("ana@example.com", "/reset-password?token=").await;
    assert_eq!(app.post("/auth/reset-password", &json!({"token": token, "password": "a third fine passphrase"})).await.status(), 204);
    assert_eq!(app.sign_in("ana@example.com", "a third fine passphrase").await.status(), 200);

    let page: SecurityEventPage = app.get("/me/security-events").await.json().await.unwrap();
    let kinds: Vec<SecurityEventKind> = page.events.iter().rev().map(|e| e.kind).collect();
    use SecurityEventKind::*;
    let expected = [SignIn, SignInFailed, PasswordChanged, SignIn, SignedOutEverywhere, SignInFailed, SignInFailed, SignInFailed,
        SignInFailed, SignInFailed, Locked, PasswordReset, SignIn];
    assert_eq!(kinds, expected);
    assert!(page.events.iter().all(|e| e.ip == "127.0.0.1" && e.login.is_empty() && e.email.is_empty()));
    // Nobody else's events, and the unknown login is not in Ana's log.
    app.signed_in_user("bo@example.com").await;
    let page: SecurityEventPage = app.get("/me/security-events").await.json().await.unwrap();
    assert_eq!(page.events.iter().map(|e| e.kind).collect::<Vec<_>>(), vec![SignIn]);
    // Staff see everyone's, with what was typed, filtered.
    let v = vendor(&app, "staff@vendor.example").await;
    let all: SecurityEventPage = app.get_as(&v, "/vendor/security-events?kind=sign_in_failed&who=ghost").await.json().await.unwrap();
    assert_eq!(all.events.len(), 1);
    assert_eq!(all.events[0].login, "ghost@example.com");
    assert_eq!(all.events[0].user_id, None);
    let ana: SecurityEventPage = app.get_as(&v, "/vendor/security-events?who=ana%40example.com").await.json().await.unwrap();
    assert_eq!(ana.events.len(), expected.len());
    assert!(ana.events.iter().all(|e| e.email == "ana@example.com"));
    assert_error(app.get("/vendor/security-events").await, 403, ErrorCode::Forbidden).await;
    assert_error(app.new_browser().get(app.url("/me/security-events")).send().await.unwrap(), 401, ErrorCode::Unauthenticated).await;
}

async fn open_requests_and_the_contract_manager_survive_races(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "multi_user_network").await;
    let subs: seatwise_api::SubscriptionList =
        app.get_as(&s.co.manager, &format!("/accounts/{}/subscriptions", s.co.account_id)).await.json().await.unwrap();
    let network = subs.subscriptions.iter().find(|x| x.licence_type == seatwise_api::LicenceType::MultiUserNetwork).unwrap().id.clone();
    let path = format!("/accounts/{}/requests", s.co.account_id);
    let body = json!({"kind": "home_use", "product_code": s.code, "subscription_id": network});
    // Twenty admins' tabs ask at once: one request is opened, the rest are told it is open.
    let answers = futures::future::join_all((0..20).map(|_| app.post_as(&s.co.manager, &path, &body))).await;
    let mut created = 0;
    for r in answers {
        match r.status() {
            StatusCode::CREATED => created += 1,
            _ => {
                assert_error(r, 409, ErrorCode::RequestOpen).await;
            }
        }
    }
    assert_eq!(created, 1);
    let open: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM licence_requests WHERE kind = 'home_use'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(open, 1);

    // The contract manager hands the role to two people at once, while a secondary admin
    // demotes them: afterwards there is exactly one contract manager, and nothing failed.
    let ids = add_members(&app, &s.co, "race", 3).await;
    let members = format!("/accounts/{}/members", s.co.account_id);
    let r = app.patch_as(&s.co.manager, &format!("{members}/{}", ids[2]), &json!({"role": "secondary_admin"})).await;
    assert_eq!(r.status(), 200);
    let admin2 = app.new_browser();
    assert_eq!(app.sign_in_as(&admin2, "race2@example.com", PASSWORD).await.status(), 200);
    let transfer = format!("/accounts/{}/transfer-primary", s.co.account_id);
    let (to0, to1, demote, empty) = (json!({"user_id": ids[0]}), json!({"user_id": ids[1]}), json!({"role": "user"}), json!({}));
    let (member0, remove1) = (format!("{members}/{}", ids[0]), format!("{members}/{}/remove", ids[1]));
    let (a, b2, c, d) = tokio::join!(
        app.post_as(&s.co.manager, &transfer, &to0),
        app.post_as(&s.co.manager, &transfer, &to1),
        app.patch_as(&admin2, &member0, &demote),
        app.post_as(&admin2, &remove1, &empty),
    );
    for r in [a, b2, c, d] {
        assert!(r.status().is_success() || r.status() == 409 || r.status() == 403 || r.status() == 404, "{}: {}", r.status(), r.text().await.unwrap());
    }
    let page: seatwise_api::MemberPage = app.get_as(&admin2, &members).await.json().await.unwrap();
    let primaries = page.members.iter().filter(|m| m.role == MemberRole::PrimaryAdmin).count();
    assert_eq!(primaries, 1, "{:?}", page.members.iter().map(|m| (&m.email, m.role)).collect::<Vec<_>>());
}

async fn bad_query_strings_get_the_json_error_body(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Home", 1).await;
    for path in [
        format!("/accounts/{}/members?sort=sideways", co.account_id),
        format!("/accounts/{}/members?limit=many", co.account_id),
        "/vendor/requests?status=lost".to_string(),
        "/downloads/x?a=1".to_string(),
    ] {
        let c = if path.starts_with("/vendor") { &v } else { &co.manager };
        let r = app.get_as(c, &path).await;
        assert_error(r, 400, ErrorCode::InvalidQuery).await;
    }
    // A path that does not decode names nothing.
    let r = co.manager.get(format!("{}/api/v1/accounts/%FF%FE/members", app.address)).send().await.unwrap();
    assert_error(r, 404, ErrorCode::NotFound).await;
}

/// Found by the kill -9 test: `PATCH /me` wrote back the whole profile it had read, so two
/// changes of different fields at the same moment lost one of them.
async fn concurrent_changes_of_different_profile_fields_all_stay(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("ana@example.com").await;
    for round in 0..20 {
        let (city, phone, title) = (json!({"city": format!("City {round}")}), json!({"phone": format!("+386 {round}")}), json!({"job_title": format!("Title {round}")}));
        let (x, y, z) = tokio::join!(app.patch("/me", &city), app.patch("/me", &phone), app.patch("/me", &title));
        assert!(x.status() == 200 && y.status() == 200 && z.status() == 200);
        let me: seatwise_api::Me = app.get("/me").await.json().await.unwrap();
        assert_eq!((me.city, me.phone, me.job_title), (format!("City {round}"), format!("+386 {round}"), format!("Title {round}")), "round {round}");
    }
}
