//! What the benchmarks share: a server on a free port of loopback, and an account made through
//! the product's code (the vendor's staff provision it, its contract manager accepts).

use std::{collections::HashMap, sync::Arc};

use seatwise_api::{CreateAccountRequest, VendorAccount};
use seatwise_server::{
    clock::SystemClock,
    domain::{
        accounts::{self, SignUp},
        invitations, Country, Email, Locale, Password, PersonName,
    },
    http::vendor,
    state::AppState,
    store::users::UserRow,
    Application, Settings,
};

pub const PASSWORD: &str = "correct horse battery staple";

/// A demo-mode server without demo data on `db_url`: its state, its base URL, and the sender
/// that stops it.
pub async fn start(db_url: String) -> (AppState, String, tokio::sync::oneshot::Sender<()>) {
    let env = HashMap::from([
        ("SEATWISE_LISTEN".to_string(), "127.0.0.1:0".to_string()),
        ("SEATWISE_DATABASE_URL".to_string(), db_url),
        ("SEATWISE_MODE".to_string(), "demo".to_string()),
        ("SEATWISE_SEED_DEMO".to_string(), "false".to_string()),
        ("SEATWISE_WEB_DIR".to_string(), "/nonexistent".to_string()),
    ]);
    let app = Application::build_with_clock(Settings::from_sources(None, &env).unwrap(), Arc::new(SystemClock)).await.unwrap();
    let state = app.state().clone();
    let base = format!("http://127.0.0.1:{}", app.port());
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    (state, base, tx)
}

/// vendor@bench.example (vendor staff) provisions the account "Bench", whose contract manager
/// admin@bench.example accepts; both sign in with [`PASSWORD`]. Returns the staff member, the
/// account and the password's hash (for bulk-inserted members).
pub async fn company(state: &AppState) -> (UserRow, VendorAccount, String) {
    let hash = state.hash_password(PASSWORD.into()).await.unwrap();
    for email in ["vendor@bench.example", "admin@bench.example"] {
        accounts::sign_up(state, SignUp {
            email: Email::parse(email).unwrap(),
            password: Password::parse(PASSWORD).unwrap(),
            first_name: PersonName::parse("Bench").unwrap(),
            last_name: PersonName::parse("Mark").unwrap(),
            country: Country::parse("SI").unwrap(),
            locale: Locale::DEFAULT,
            password_hash: Some(hash.clone()),
        }, true).await.unwrap();
    }
    state.db.grant_vendor_staff("vendor@bench.example").await.unwrap();
    let staff = state.db.user_by_email("vendor@bench.example").await.unwrap().unwrap();
    let admin_user = state.db.user_by_email("admin@bench.example").await.unwrap().unwrap();
    let (account, token) = vendor::provision_account(state, &staff, "", &CreateAccountRequest {
        name: "Bench".into(), country: "SI".into(), manager_email: "admin@bench.example".into(),
        manager_first_name: "Bench".into(), manager_last_name: "Mark".into(), manager_locale: None,
    }).await.unwrap();
    invitations::accept(state, &token, Some(admin_user), None).await.unwrap();
    (staff, account, hash)
}

/// Bulk-inserts `members` people (`u000000`…) into the account, each holding a seat of
/// `subscription`: fixture data (the invitation path would hash as many passwords).
#[allow(dead_code)] // Not every benchmark that shares this module uses it.
pub async fn members_with_seats(state: &AppState, account: &str, subscription: &str, hash: &str, members: usize) {
    let t0 = std::time::Instant::now();
    let db = &state.db;
    for chunk in 0..members.div_ceil(1000) {
        let ids: Vec<usize> = (chunk * 1000..((chunk + 1) * 1000).min(members)).collect();
        let mut tx = db.begin().await.unwrap();
        let users: Vec<String> = ids.iter().map(|n| format!(
            "('u{n:06}', 'B{n:08}', 'member{n}@bench.example', 1, '{hash}', 'First{}', 'Last{:06}', 'SI', 'en', 1, 'v', 1, 1)", n % 97, (n * 7919) % members)).collect();
        let ms: Vec<String> = ids.iter().map(|n| format!("('{account}', 'u{n:06}', 'user', 1)")).collect();
        let seats: Vec<String> = ids.iter().map(|n| format!("('{subscription}', '{account}', 'u{n:06}', 1)")).collect();
        sqlx::query(&format!("INSERT INTO users (id, account_id, email, email_verified_at, password_hash, first_name, last_name, country, locale, privacy_consent_at, privacy_statement_version, created_at, updated_at) VALUES {}", users.join(","))).execute(&mut *tx).await.unwrap();
        sqlx::query(&format!("INSERT INTO memberships (account_id, user_id, role, created_at) VALUES {}", ms.join(","))).execute(&mut *tx).await.unwrap();
        sqlx::query(&format!("INSERT INTO assignments (subscription_id, account_id, user_id, created_at) VALUES {}", seats.join(","))).execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
    }
    println!("  ({members} members with a seat inserted in {:.1} s)", t0.elapsed().as_secs_f64());
}

/// Runs `bench(name, database URL)` on SQLite in a temporary directory, then on a database of its
/// own on PostgreSQL when `SEATWISE_TEST_PG_URL` (or the local default) reaches a server.
#[allow(dead_code)] // Not every benchmark that shares this module uses it.
pub fn on_both_databases<F, Fut>(tag: &str, bench: F)
where
    F: Fn(&'static str, String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    use sqlx::Connection;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = std::env::temp_dir().join(format!("seatwise-bench-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        bench("SQLite", format!("sqlite://{}/bench.db", dir.display())).await;
        let admin = std::env::var("SEATWISE_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres:seatwise@127.0.0.1:5432/postgres".into());
        match sqlx::postgres::PgConnection::connect(&admin).await {
            Ok(mut c) => {
                let name = format!("sw_bench_{tag}_{}", std::process::id());
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut c).await.unwrap();
                bench("PostgreSQL", format!("{}/{name}", admin.rsplit_once('/').unwrap().0)).await;
                let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut c).await;
            }
            Err(e) => println!("\n== PostgreSQL: skipped ({e})"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}

/// Median time of `n` runs of `f`.
#[allow(dead_code)] // Not every benchmark that shares this module uses it.
pub async fn median<F, Fut>(n: usize, f: F) -> std::time::Duration
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut v = vec![];
    for _ in 0..n {
        let t = std::time::Instant::now();
        f().await;
        v.push(t.elapsed());
    }
    v.sort();
    v[n / 2]
}
