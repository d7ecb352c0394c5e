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

on_both_databases!(web_app_is_served_with_deep_links_and_cache_rules, responses_are_compressed);

async fn web_app_is_served_with_deep_links_and_cache_rules(b: Backend) {
    let dir = std::env::temp_dir().join(format!("seatwise-dist-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).unwrap();
    let loader = "import init from \"/pkg/seatwise.AbCdEfGhIjKlMnOpQrSt-_.js\"; init({ module_or_path: \"/pkg/seatwise.AbCdEfGhIjKlMnOpQrSt-_.wasm\" });";
    std::fs::write(dir.join("index.html"), format!("<!doctype html><html><head><script type=\"module\">{loader}</script></head><body></body></html>")).unwrap();
    std::fs::create_dir_all(dir.join("pkg")).unwrap();
    let js = "export default function init() {}";
    std::fs::write(dir.join("pkg/seatwise.AbCdEfGhIjKlMnOpQrSt-_.js"), js).unwrap();
    // scripts/site.py writes a brotli copy beside each file; this one stands for it.
    std::fs::write(dir.join("pkg/seatwise.AbCdEfGhIjKlMnOpQrSt-_.js.br"), b"brotli bytes").unwrap();
    std::fs::write(dir.join("stylers.css"), "body{}").unwrap();
    let app = spawn_app_with(b, &[("SEATWISE_WEB_DIR", dir.to_str().unwrap())]).await;
    let get = |p: &str| app.client.get(format!("{}{p}", app.address)).send();

    for deep in ["/", "/profile", "/reset-password?token=abc", "/some/nested/route"] {
        let r = get(deep).await.unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{deep}");
        assert_eq!(r.headers()["cache-control"], "no-cache", "{deep}");
        let csp = r.headers()["content-security-policy"].to_str().unwrap().to_string();
        assert!(r.text().await.unwrap().contains("<script type=\"module\">"), "{deep}");
        // The inline loader is allowed by its hash, and nothing else inline is.
        use base64::Engine;
        use sha2::Digest;
        let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(loader.as_bytes()));
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{csp}");
    }
    let r = get("/pkg/seatwise.AbCdEfGhIjKlMnOpQrSt-_.js").await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["cache-control"], "public, max-age=31536000, immutable");
    assert!(r.headers()["content-type"].to_str().unwrap().contains("javascript"));
    // The precompressed copy goes to a browser that takes brotli, as it is.
    let raw = reqwest::Client::builder().no_brotli().no_gzip().build().unwrap();
    let r = raw
        .get(format!("{}/pkg/seatwise.AbCdEfGhIjKlMnOpQrSt-_.js", app.address))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "br");
    assert_eq!(r.bytes().await.unwrap().as_ref(), b"brotli bytes");
    assert_eq!(get("/stylers.css").await.unwrap().headers()["cache-control"], "no-cache");
    // A missing asset is a 404, not the app.
    assert_eq!(get("/pkg/missing.AbCdEfGhIjKlMnOpQrSt-_.js").await.unwrap().status(), StatusCode::NOT_FOUND);
    // API paths never fall back to the app.
    let r = get("/api/v1/nothing-here").await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(r.headers()["content-type"], "application/json");
}

async fn responses_are_compressed(b: Backend) {
    let app = spawn_app(b).await;
    for (enc, expect) in [("br", "br"), ("gzip", "gzip"), ("br;q=0.5, gzip", "gzip")] {
        let r = reqwest::Client::new().get(app.url("/openapi.json")).header("accept-encoding", enc).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["content-encoding"], expect, "{enc}");
    }
    let plain = reqwest::Client::new().get(app.url("/openapi.json")).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
}

on_both_databases!(demo_data_is_seeded_once_through_the_product);

async fn demo_data_is_seeded_once_through_the_product(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_SEED_DEMO", "true")]).await;
    let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM memberships").fetch_one(app.db.pool()).await.unwrap();
    let teams: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM teams").fetch_one(app.db.pool()).await.unwrap();
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts").fetch_one(app.db.pool()).await.unwrap();
    assert!(members >= 300 && teams == 12 && accounts == 2, "{members} {teams} {accounts}");
    // Counters match the rows: the seed went through the same seat code.
    let bad: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM subscriptions s WHERE s.seats_used <> (SELECT COUNT(*) FROM assignments a WHERE a.subscription_id = s.id)",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(bad, 0);
    // Two subscriptions with aligned billing dates: one order, both ending on the same day.
    let aligned: Vec<(String,)> = sqlx::query_as(
        "SELECT s.end_date FROM subscription_events e JOIN subscriptions s ON s.id = e.subscription_id WHERE e.kind = 'dates_aligned'",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap();
    assert_eq!(aligned.len(), 2);
    assert_eq!(aligned[0], aligned[1]);
    let orders: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orders WHERE kind = 'alignment'").fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(orders, 1);
    // The demo sign-ins work; the vendor's staff with a code of the published key too.
    for (email, password, ..) in seatwise_server::seed::DEMO_USERS {
        let c = app.new_browser();
        let r = app.sign_in_as(&c, email, password).await;
        if *email == "vendor.admin@example.com" {
            assert_error(r, 401, seatwise_api::ErrorCode::SecondFactorRequired).await;
            let code = seatwise_server::domain::two_step::code_at(seatwise_server::seed::DEMO_VENDOR_TOTP_KEY, app.now());
            assert_eq!(app.second_step(&c, "totp", &code).await.status(), 200);
            assert_eq!(app.get_as(&c, "/vendor/accounts").await.status(), 200);
        } else {
            assert_eq!(r.status(), 200, "{email}");
        }
    }
    // Seeding again adds nothing.
    let state_users = app.db.count_users().await.unwrap();
    let again = seatwise_server::Application::build_with_clock(
        seatwise_server::Settings::from_sources(None, &std::collections::HashMap::from([
            ("SEATWISE_LISTEN".to_string(), "127.0.0.1:0".to_string()),
            ("SEATWISE_MODE".to_string(), "demo".to_string()),
            ("SEATWISE_DATABASE_URL".to_string(), app.database_url.clone()),
            ("SEATWISE_WEB_DIR".to_string(), "/nonexistent".to_string()),
        ])).unwrap(),
        app.clock.clone(),
    )
    .await
    .unwrap();
    drop(again);
    assert_eq!(app.db.count_users().await.unwrap(), state_users);
}
