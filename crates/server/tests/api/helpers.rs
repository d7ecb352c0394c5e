//! The real application on port 0 with a fresh database per test, driven over HTTP.

use std::{collections::HashMap, sync::Arc};

use reqwest::{header, Client, Response, StatusCode};
use seatwise_api::{ErrorBody, ErrorCode, Mailbox, MailboxMessage};
use seatwise_server::{
    clock::ManualClock,
    store::Db,
    Application, Settings,
};
use serde::Serialize;
use serde_json::Value;
use sqlx::Connection;
use time::OffsetDateTime;
use tokio::sync::oneshot;

pub const PASSWORD: &str = "correct horse battery staple";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Every case runs once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    )*};
}

pub struct TestApp {
    pub address: String,
    /// Sends the app's CSRF header and Origin, keeps cookies: a browser tab.
    pub client: Client,
    pub clock: Arc<ManualClock>,
    pub db: Db,
    /// What the handlers see (to run background jobs by hand).
    pub state: seatwise_server::state::AppState,
    pub database_url: String,
    /// Where this app keeps release files.
    pub storage_dir: std::path::PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

fn pg_admin_url() -> String {
    std::env::var("SEATWISE_TEST_PG_URL")
        .unwrap_or_else(|_| "postgres://postgres:seatwise@127.0.0.1:5432/postgres".into())
}

pub async fn fresh_database(backend: Backend) -> String {
    let name = format!("sw_test_{}", uuid::Uuid::new_v4().simple());
    match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join("seatwise-tests");
            std::fs::create_dir_all(&dir).unwrap();
            format!("sqlite://{}/{name}.db", dir.display())
        }
        Backend::Postgres => {
            let admin = pg_admin_url();
            let mut conn = sqlx::postgres::PgConnection::connect(&admin)
                .await
                .expect("PostgreSQL must run for the tests (see scripts/test.sh); set SEATWISE_TEST_PG_URL");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
            let base = admin.rsplit_once('/').unwrap().0;
            format!("{base}/{name}")
        }
    }
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// Starts the app with extra `SEATWISE_*` settings.
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        seatwise_server::init_tracing(false);
    }
    let db_url = fresh_database(backend).await;
    let database_url = db_url.clone();
    let storage_dir = std::env::temp_dir().join("seatwise-tests").join(format!("files-{}", uuid::Uuid::new_v4().simple()));
    let mut env: HashMap<String, String> = HashMap::from([
        ("SEATWISE_LISTEN".into(), "127.0.0.1:0".into()),
        // A domain name, as passkeys (WebAuthn) need; it follows the port the server gets.
        ("SEATWISE_PUBLIC_URL".into(), "http://localhost:0".into()),
        ("SEATWISE_DATABASE_URL".into(), db_url),
        ("SEATWISE_MODE".into(), "demo".into()),
        ("SEATWISE_SEED_DEMO".into(), "false".into()),
        ("SEATWISE_WEB_DIR".into(), "/nonexistent-seatwise-web".into()),
        ("SEATWISE_OUTBOX_POLL_MS".into(), "50".into()),
        ("SEATWISE_STORAGE_DIR".into(), storage_dir.display().to_string()),
    ]);
    for (k, v) in extra {
        env.insert(k.to_string(), v.to_string());
    }
    let settings = Settings::from_sources(None, &env).expect("valid test settings");
    let settings_storage = settings.storage_dir.display().to_string();
    let clock = Arc::new(ManualClock::new(OffsetDateTime::now_utc()));
    let app = Application::build_with_clock(settings, clock.clone()).await.expect("app builds");
    let db = app.state().db.clone();
    let state = app.state().clone();
    let port = app.port();
    let (tx, rx) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    // Reached as the public URL names it when that is this machine by name (passkeys need the
    // name); otherwise (a public URL of a proxy in front) directly.
    let host = match state.settings.public_url.host_str() {
        Some("localhost") => "localhost",
        _ => "127.0.0.1",
    };
    let address = format!("http://{host}:{port}");
    TestApp {
        client: browser(&address),
        address,
        clock,
        db,
        state,
        database_url,
        storage_dir: std::path::PathBuf::from(&settings_storage),
        shutdown: Some(tx),
        server: Some(server),
    }
}

/// A client that behaves like the web app in a browser tab.
pub fn browser(address: &str) -> Client {
    let mut headers = header::HeaderMap::new();
    headers.insert("x-requested-with", "seatwise".parse().unwrap());
    headers.insert(header::ORIGIN, address.parse().unwrap());
    Client::builder().cookie_store(true).default_headers(headers).build().unwrap()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.address)
    }

    /// A second browser (its own cookies).
    pub fn new_browser(&self) -> Client {
        browser(&self.address)
    }

    pub async fn post<T: Serialize + ?Sized>(&self, path: &str, body: &T) -> Response {
        self.post_as(&self.client, path, body).await
    }

    pub async fn post_as<T: Serialize + ?Sized>(&self, c: &Client, path: &str, body: &T) -> Response {
        c.post(self.url(path)).json(body).send().await.unwrap()
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_as(&self, c: &Client, path: &str) -> Response {
        c.get(self.url(path)).send().await.unwrap()
    }

    pub async fn delete_as(&self, c: &Client, path: &str) -> Response {
        c.delete(self.url(path)).send().await.unwrap()
    }

    pub async fn patch<T: Serialize + ?Sized>(&self, path: &str, body: &T) -> Response {
        self.patch_as(&self.client, path, body).await
    }

    pub async fn patch_as<T: Serialize + ?Sized>(&self, c: &Client, path: &str, body: &T) -> Response {
        c.patch(self.url(path)).json(body).send().await.unwrap()
    }

    pub fn sign_up_body(email: &str) -> Value {
        serde_json::json!({
            "email": email, "password": PASSWORD, "first_name": "Ana", "last_name": "Novak",
            "country": "SI", "privacy_consent": true, "locale": "sl"
        })
    }

    pub async fn sign_up(&self, email: &str) {
        let r = self.post("/auth/sign-up", &Self::sign_up_body(email)).await;
        assert_eq!(r.status(), StatusCode::ACCEPTED, "{}", r.text().await.unwrap());
    }

    pub async fn sign_in_as(&self, c: &Client, login: &str, password: &str) -> Response {
        self.post_as(c, "/auth/sign-in", &serde_json::json!({"login": login, "password": password})).await
    }

    pub async fn sign_in(&self, login: &str, password: &str) -> Response {
        self.sign_in_as(&self.client, login, password).await
    }

    /// Signs up and confirms the address: a ready account, signed in on `self.client`.
    pub async fn signed_in_user(&self, email: &str) {
        self.sign_up(email).await;
        let token = self.token_from_mail(email, "/verify-email?token=").await;
        assert_eq!(self.post("/auth/verify-email", &serde_json::json!({"token": token})).await.status(), 204);
        assert_eq!(self.sign_in(email, PASSWORD).await.status(), 200);
    }

    pub async fn mailbox(&self) -> Vec<MailboxMessage> {
        let r = self.get("/dev/mailbox").await;
        assert_eq!(r.status(), 200);
        r.json::<Mailbox>().await.unwrap().messages
    }

    /// Waits (up to 10 s) for the worker to deliver a mail to `to` containing `needle`.
    pub async fn wait_for_mail(&self, to: &str, needle: &str) -> MailboxMessage {
        for _ in 0..200 {
            if let Some(m) = self.mailbox().await.into_iter().find(|m| m.to == to && m.text.contains(needle)) {
                return m;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no mail to {to} containing {needle:?}; mailbox: {:#?}", self.mailbox().await);
    }

    /// The token of the newest link `…{prefix}TOKEN` mailed to `to`.
    pub async fn token_from_mail(&self, to: &str, prefix: &str) -> String {
        let m = self.wait_for_mail(to, prefix).await;
        let start = m.text.find(prefix).unwrap() + prefix.len();
        m.text[start..].split_whitespace().next().unwrap().to_string()
    }

    /// Waits (up to 10 s) for a newer link than `previous` mailed to `to`; returns its token.
    pub async fn next_token(&self, to: &str, prefix: &str, previous: &str) -> String {
        for _ in 0..200 {
            let token = self.token_from_mail(to, prefix).await;
            if token != previous {
                return token;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no newer {prefix} link was mailed to {to}");
    }

    /// Lets the outbox worker run, then counts mails to `to`.
    pub async fn mails_to(&self, to: &str) -> usize {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        self.mailbox().await.iter().filter(|m| m.to == to).count()
    }

    pub fn advance(&self, d: time::Duration) {
        self.clock.advance(d);
    }

    /// Stops the server gracefully and waits for it.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(s) = self.server.take() {
            s.await.unwrap().unwrap();
        }
    }
}

/// Asserts an error status and code; returns the body.
pub async fn assert_error(r: Response, status: u16, code: ErrorCode) -> ErrorBody {
    if r.status().as_u16() != status {
        let got = r.status();
        let body = r.bytes().await.unwrap_or_default();
        panic!("expected {status} {code:?}, got {got}: {}", String::from_utf8_lossy(&body[..body.len().min(300)]));
    }
    let ct = r.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string());
    assert_eq!(ct.as_deref(), Some("application/json"));
    let body: ErrorBody = r.json().await.unwrap();
    assert_eq!(body.code, code, "{body:?}");
    body
}
