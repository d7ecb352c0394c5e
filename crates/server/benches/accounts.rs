//! Benchmarks of the accounts area, printed as ratios against baselines measured in the same
//! run on the same server (never asserted):
//! - seat assign/unassign requests per second against `GET /health`, with p99 latency;
//! - listing the members of an account with 100,000 members (first page, a page 1,000 pages
//!   deep, a search with no match, a surname prefix that 10 members have, a first-name prefix
//!   that about 11,300 have, a prefix that all have) against looking one member up by id.
//!
//! Runs on SQLite, and on PostgreSQL when `SEATWISE_TEST_PG_URL` reaches a server.
//! `cargo bench -p seatwise-server --bench accounts` (scripts/bench.sh runs it).

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use reqwest::Client;
use seatwise_api::{CreateContractRequest, CreateSubscriptionRequest, LicenceType, Term};
use seatwise_server::http::vendor;
use sqlx::Connection;
use support::PASSWORD;

mod support;

const MEMBERS: usize = 100_000;

struct Setup {
    base: String,
    admin: Client,
    account: String,
    subscription: String,
    members: Vec<String>,
}

fn browser(base: &str) -> Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("x-requested-with", "seatwise".parse().unwrap());
    h.insert("origin", base.parse().unwrap());
    Client::builder().cookie_store(true).default_headers(h).pool_max_idle_per_host(64).build().unwrap()
}

async fn setup(db_url: String) -> (Setup, tokio::sync::oneshot::Sender<()>) {
    let (state, base, tx) = support::start(db_url).await;
    // The vendor, the account and its contract manager, through the product's code.
    let (staff, account, hash) = support::company(&state).await;
    let products: Vec<_> = state.db.products().await.unwrap();
    let product = if let Some(p) = products.first() { p.id.clone() } else {
        let p = seatwise_server::store::vendor::ProductRow { id: uuid::Uuid::new_v4().to_string(), code: "BENCH".into(), name: "Bench CAD".into(), kind: "product".into() };
        let mut t = state.db.begin().await.unwrap();
        state.db.insert_product(&mut *t, &p, 0).await.unwrap();
        t.commit().await.unwrap();
        p.id
    };
    let contract = vendor::add_contract(&state, &staff, "", &account.id, &CreateContractRequest {
        number: "BENCH-1".into(), start_date: "2026-01-01".into(), end_date: "2027-01-01".into(),
        partner_name: String::new(), partner_email: String::new(), partner_phone: String::new(), currency: String::new(),
    }).await.unwrap();
    let sub = vendor::add_subscription(&state, &staff, "", &contract.id, &CreateSubscriptionRequest {
        product_id: product, licence_type: LicenceType::NamedUser, seats: 100_000, term: Term::OneYear,
        start_date: "2026-01-01".into(), end_date: "2027-01-01".into(), auto_renew: false, cloud_credits: 0,
    }).await.unwrap();

    // 100,000 members: bulk-inserted as benchmark fixture data (the invitation path would
    // hash 100,000 passwords; what is measured is reading them back).
    let t0 = Instant::now();
    let mut members = Vec::with_capacity(MEMBERS);
    let db = &state.db;
    for chunk in 0..(MEMBERS / 1000) {
        let mut tx = db.begin().await.unwrap();
        let mut users = String::from("INSERT INTO users (id, account_id, email, email_verified_at, password_hash, first_name, last_name, country, locale, privacy_consent_at, privacy_statement_version, created_at, updated_at) VALUES ");
        let mut ms = String::from("INSERT INTO memberships (account_id, user_id, role, created_at) VALUES ");
        for i in 0..1000 {
            let n = chunk * 1000 + i;
            let id = uuid::Uuid::new_v4().to_string();
            let sep = if i == 0 { "" } else { "," };
            users.push_str(&format!("{sep}('{id}', 'B{n:08}', 'member{n}@bench.example', 1, '{hash}', 'First{}', 'Last{:06}', 'SI', 'en', 1, 'v', 1, 1)", n % 97, (n * 7919) % MEMBERS));
            ms.push_str(&format!("{sep}('{}', '{id}', 'user', 1)", account.id));
            members.push(id);
        }
        sqlx::query(&users).execute(&mut *tx).await.unwrap();
        sqlx::query(&ms).execute(&mut *tx).await.unwrap();
        tx.commit().await.unwrap();
    }
    println!("  ({MEMBERS} members inserted in {:.1} s)", t0.elapsed().as_secs_f64());

    let admin = browser(&base);
    let r = admin.post(format!("{base}/api/v1/auth/sign-in")).json(&serde_json::json!({"login": "admin@bench.example", "password": PASSWORD})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    (Setup { base, admin, account: account.id, subscription: sub.id, members }, tx)
}

/// Requests per second and p99 latency of `f` run by `workers` tasks for `secs`.
async fn load<F, Fut>(workers: usize, secs: f64, f: F) -> (f64, Duration)
where
    F: Fn(usize, usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let f = Arc::new(f);
    let deadline = Instant::now() + Duration::from_secs_f64(secs);
    let start = Instant::now();
    let tasks: Vec<_> = (0..workers)
        .map(|w| {
            let f = f.clone();
            tokio::spawn(async move {
                let mut lat = vec![];
                let mut i = 0;
                while Instant::now() < deadline {
                    let t = Instant::now();
                    assert!(f(w, i).await, "a request failed");
                    lat.push(t.elapsed());
                    i += 1;
                }
                lat
            })
        })
        .collect();
    let mut all = vec![];
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    let elapsed = start.elapsed().as_secs_f64();
    all.sort();
    let p99 = all[(all.len() * 99 / 100).min(all.len() - 1)];
    (all.len() as f64 / elapsed, p99)
}

/// Median latency of `n` sequential GETs.
async fn median(c: &Client, url: &str, n: usize) -> Duration {
    let mut v = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let r = c.get(url).send().await.unwrap();
        assert_eq!(r.status(), 200, "{url}");
        r.bytes().await.unwrap();
        v.push(t.elapsed());
    }
    v.sort();
    v[n / 2]
}

async fn bench(name: &str, db_url: String, secs: f64) {
    println!("\n== {name}");
    let (s, stop) = setup(db_url).await;
    let s = Arc::new(s);

    let health = {
        let s = s.clone();
        load(8, secs, move |_, _| {
            let s = s.clone();
            async move { s.admin.get(format!("{}/api/v1/health", s.base)).send().await.map(|r| r.status() == 200).unwrap_or(false) }
        })
        .await
    };
    let assign = {
        let s = s.clone();
        load(8, secs, move |w, i| {
            let s = s.clone();
            async move {
                // Each worker toggles its own members: assign on even steps, unassign on odd.
                let member = &s.members[w * 1000 + (i / 2) % 1000];
                let url = format!("{}/api/v1/accounts/{}/members/{member}/assignments/{}", s.base, s.account, s.subscription);
                s.admin.put(url).json(&serde_json::json!({"assigned": i % 2 == 0})).send().await.map(|r| r.status() == 200).unwrap_or(false)
            }
        })
        .await
    };
    println!("{:<34}{:>10}{:>9}{:>12}", "endpoint", "req/s", "ratio", "p99");
    println!("{:<34}{:>10.0}{:>9.3}{:>10.1}ms", "GET /health", health.0, 1.0, health.1.as_secs_f64() * 1e3);
    println!("{:<34}{:>10.0}{:>9.3}{:>10.1}ms", "PUT seat assign/unassign", assign.0, assign.0 / health.0, assign.1.as_secs_f64() * 1e3);

    let members = format!("{}/api/v1/accounts/{}/members", s.base, s.account);
    let by_id = median(&s.admin, &format!("{members}/{}", s.members[12_345]), 30).await;
    let first_page = median(&s.admin, &format!("{members}?limit=50"), 30).await;
    // The cursor of page 1,000: walk there once (that walk is not timed).
    let mut url = format!("{members}?limit=50");
    for _ in 0..999 {
        let page: seatwise_api::MemberPage = s.admin.get(&url).send().await.unwrap().json().await.unwrap();
        url = format!("{members}?limit=50&cursor={}", page.next_cursor.unwrap());
    }
    let deep = median(&s.admin, &url, 30).await;
    let none = median(&s.admin, &format!("{members}?q=zzqqxxnomatch"), 30).await;
    // Last names are Last000000 to Last099999, first names First0 to First96.
    let surname: seatwise_api::MemberPage = s.admin.get(format!("{members}?q=last01234&limit=50")).send().await.unwrap().json().await.unwrap();
    assert_eq!(surname.members.len(), 10, "the surname prefix finds its 10 members");
    let surname = median(&s.admin, &format!("{members}?q=last01234&limit=50"), 30).await;
    let first = median(&s.admin, &format!("{members}?q=first1&limit=50"), 30).await;
    let all = median(&s.admin, &format!("{members}?q=last0&limit=50"), 30).await;
    println!("{:<34}{:>10}{:>9}", "members of 100,000", "median", "ratio");
    for (label, d) in [
        ("member by id (baseline)", by_id), ("first page", first_page), ("page 1,000", deep), ("search, no match", none),
        ("search, surname prefix (10)", surname), ("search, first name prefix (11.3k)", first),
        ("search, prefix of all (100k)", all),
    ] {
        println!("{:<34}{:>8.2}ms{:>9.1}", label, d.as_secs_f64() * 1e3, d.as_secs_f64() / by_id.as_secs_f64());
    }
    let _ = stop.send(());
}

fn main() {
    let secs: f64 = std::env::var("BENCH_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = std::env::temp_dir().join(format!("seatwise-bench-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        bench("SQLite", format!("sqlite://{}/bench.db", dir.display()), secs).await;
        let admin = std::env::var("SEATWISE_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres:seatwise@127.0.0.1:5432/postgres".into());
        match sqlx::postgres::PgConnection::connect(&admin).await {
            Ok(mut c) => {
                let name = format!("sw_bench_{}", std::process::id());
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut c).await.unwrap();
                bench("PostgreSQL", format!("{}/{name}", admin.rsplit_once('/').unwrap().0), secs).await;
                let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut c).await;
            }
            Err(e) => println!("\n== PostgreSQL: skipped ({e})"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
