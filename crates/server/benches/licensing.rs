//! The licensing API and the reports, printed as ratios against baselines measured in the same
//! run on the same server (never asserted):
//! - **ingestion:** 1,000,000 usage events (`POST /licensing/usage`, each a transaction that
//!   charges the subscription and updates the day's rollup) and 100,000 heartbeats
//!   (`POST /licensing/heartbeat`) from 200 signed-in devices, against as many `GET /health`
//!   requests, all with the same number of concurrent clients;
//! - **reports:** the seat-usage report (by product, last 30 days) and the first page of the
//!   per-person report for an account of 100,000 members holding seats, once with 1,000,000
//!   and once with 10,000,000 heartbeats behind them, against a primary-key lookup (the
//!   account's row). The reports read the daily rollups, so the second run should take what the
//!   first took.
//!
//! The sizes can be made smaller for a quick look: `BENCH_USAGE_EVENTS`, `BENCH_HEARTBEATS`,
//! `BENCH_MEMBERS`, `BENCH_RAW_EVENTS` (the larger of the report's two runs; the smaller is a
//! tenth). Runs on SQLite, and on PostgreSQL when `SEATWISE_TEST_PG_URL` reaches a server.
//! `cargo bench -p seatwise-server --bench licensing` (scripts/bench.sh runs it).

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::{Duration, Instant},
};

use reqwest::Client;
use seatwise_api::{
    CheckoutRequest, CreateContractRequest, CreateReleaseRequest, CreateSubscriptionRequest, LicenceType, ReportRange, Term, UserUsageQuery,
};
use seatwise_server::{
    domain::{
        catalogue::{self, Staff},
        licensing, reports,
    },
    http::vendor,
    seed::usage::sign_in,
    state::AppState,
};

mod support;
const DEVICES: usize = 200;
const WORKERS: usize = 16;
const VERSION: &str = "2027";

fn size(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|s| s.replace('_', "").parse().ok()).unwrap_or(default)
}

struct Setup {
    state: AppState,
    base: String,
    account: String,
    product_id: String,
    code: String,
    /// Device tokens (secrets) of the first `DEVICES` members.
    tokens: Vec<String>,
}

async fn setup(db_url: String, members: usize) -> (Setup, tokio::sync::oneshot::Sender<()>) {
    let (state, base, tx) = support::start(db_url).await;
    // The vendor, the account, the product and its release, a subscription of cloud credits:
    // through the product's code.
    let (staff, account, hash) = support::company(&state).await;
    let product = seatwise_server::store::vendor::ProductRow { id: uuid::Uuid::new_v4().to_string(), code: "BENCH".into(), name: "Bench CAD".into(), kind: "product".into() };
    let mut t = state.db.begin().await.unwrap();
    state.db.insert_product(&mut *t, &product, 0).await.unwrap();
    t.commit().await.unwrap();
    catalogue::create_release(&state, &Staff { user: &staff, ip: "" }, &product.id, &CreateReleaseRequest {
        version: VERSION.into(), released_on: "2026-06-01".into(), supported_until: None, product_key: "B01".into(),
    }).await.unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let (start, end) = (today - time::Duration::days(200), today + time::Duration::days(300));
    let iso = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let contract = vendor::add_contract(&state, &staff, "", &account.id, &CreateContractRequest {
        number: "BENCH-1".into(), start_date: iso(start), end_date: iso(end),
        partner_name: String::new(), partner_email: String::new(), partner_phone: String::new(), currency: String::new(),
    }).await.unwrap();
    let sub = vendor::add_subscription(&state, &staff, "", &contract.id, &CreateSubscriptionRequest {
        product_id: product.id.clone(), licence_type: LicenceType::NamedUser, seats: members as u32 + 10, term: Term::OneYear,
        start_date: iso(start), end_date: iso(end), auto_renew: false, cloud_credits: 100_000_000,
    }).await.unwrap();

    // The members, each holding a seat.
    support::members_with_seats(&state, &account.id, &sub.id, &hash, members).await;

    // 200 computers signed in through the device grant's steps, each checked out.
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let mut tokens = vec![];
    for n in 0..DEVICES.min(members) {
        let (secret, row) = sign_in(&state, &format!("u{n:06}"), &format!("PC-{n}"), "windows", "Bench CAD 2027", now).await.unwrap();
        licensing::checkout(&state, &row, &CheckoutRequest { product: "BENCH".into(), version: VERSION.into() }, now).await.unwrap();
        tokens.push(secret);
    }
    (Setup { state, base, account: account.id, product_id: product.id, code: "BENCH".into(), tokens }, tx)
}

/// Requests per second of `total` calls of `f(i)` shared by `WORKERS` tasks.
async fn run<F, Fut>(total: usize, f: F) -> f64
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let f = Arc::new(f);
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let tasks: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (f, next) = (f.clone(), next.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    assert!(f(i).await, "call {i} failed");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    total as f64 / start.elapsed().as_secs_f64()
}

async fn post(c: &Client, url: String, token: &str, body: serde_json::Value) -> bool {
    match c.post(url).bearer_auth(token).json(&body).send().await {
        Ok(r) if r.status() == 200 => true,
        Ok(r) => {
            eprintln!("{} {}", r.status(), r.text().await.unwrap_or_default());
            false
        }
        Err(e) => {
            eprintln!("{e}");
            false
        }
    }
}

async fn ingestion(s: &Arc<Setup>, events: usize, heartbeats: usize) {
    let client = Client::builder().pool_max_idle_per_host(64).build().unwrap();
    let health = {
        let (c, base) = (client.clone(), s.base.clone());
        run(events.max(heartbeats).min(200_000), move |_| {
            let (c, url) = (c.clone(), format!("{base}/api/v1/health"));
            async move { c.get(url).send().await.map(|r| r.status() == 200).unwrap_or(false) }
        })
        .await
    };
    let usage = {
        let (c, s) = (client.clone(), s.clone());
        run(events, move |i| {
            let (c, s) = (c.clone(), s.clone());
            async move {
                let token = &s.tokens[i % s.tokens.len()];
                post(&c, format!("{}/api/v1/licensing/usage", s.base), token,
                    serde_json::json!({"idempotency_key": format!("e{i}"), "product": s.code, "credits": 1})).await
            }
        })
        .await
    };
    let beats = {
        let (c, s) = (client.clone(), s.clone());
        run(heartbeats, move |i| {
            let (c, s) = (c.clone(), s.clone());
            async move {
                let token = &s.tokens[i % s.tokens.len()];
                post(&c, format!("{}/api/v1/licensing/heartbeat", s.base), token, serde_json::json!({"product": s.code, "version": VERSION})).await
            }
        })
        .await
    };
    println!("{:<44}{:>10}{:>10}{:>9}", "ingestion, 16 clients", "calls", "per s", "ratio");
    println!("{:<44}{:>10}{:>10.0}{:>9.3}", "GET /health (baseline)", events.max(heartbeats).min(200_000), health, 1.0);
    println!("{:<44}{:>10}{:>10.0}{:>9.3}", "POST /licensing/usage", events, usage, usage / health);
    println!("{:<44}{:>10}{:>10.0}{:>9.3}", "POST /licensing/heartbeat", heartbeats, beats, beats / health);
}

/// Raw heartbeats `from..to` (member `i % members`, one of the last 90 days) as fixture rows,
/// then the rollups rebuilt from all raw rows, as the heartbeats' own transactions would have
/// left them.
async fn raw_heartbeats(s: &Setup, members: usize, from: usize, to: usize) {
    let db = &s.state.db;
    let pg = matches!(db.kind(), seatwise_server::store::DbKind::Postgres);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let (account, product) = (&s.account, &s.product_id);
    let t0 = Instant::now();
    let step = 500_000;
    let mut at = from;
    while at < to {
        let end = (at + step).min(to);
        let sql = if pg {
            format!(
                "INSERT INTO heartbeats (id, device_id, account_id, user_id, product_id, version, at) \
                 SELECT 'h' || i, (SELECT id FROM devices ORDER BY id LIMIT 1), '{account}', 'u' || lpad((i % {members})::text, 6, '0'), \
                 '{product}', '{VERSION}', {now} - (i % 90) * 86400 - (i % 3600) FROM generate_series({at}::bigint, {}::bigint) AS i",
                end - 1
            )
        } else {
            format!(
                "INSERT INTO heartbeats (id, device_id, account_id, user_id, product_id, version, at) \
                 WITH RECURSIVE n(i) AS (SELECT {at} UNION ALL SELECT i + 1 FROM n WHERE i < {}) \
                 SELECT 'h' || i, (SELECT id FROM devices ORDER BY id LIMIT 1), '{account}', printf('u%06d', i % {members}), \
                 '{product}', '{VERSION}', {now} - (i % 90) * 86400 - (i % 3600) FROM n",
                end - 1
            )
        };
        sqlx::query(&sql).execute(db.pool()).await.unwrap();
        at = end;
    }
    let day = if pg { "to_char(to_timestamp(at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')" } else { "date(at, 'unixepoch')" };
    for sql in [
        "DELETE FROM seat_use_daily".to_string(),
        "DELETE FROM seat_use_last".to_string(),
        format!(
            "INSERT INTO seat_use_daily (account_id, product_id, user_id, day, heartbeats, last_at) \
             SELECT account_id, product_id, user_id, {day}, COUNT(*), MAX(at) FROM heartbeats GROUP BY account_id, product_id, user_id, {day}"
        ),
        "INSERT INTO seat_use_last (account_id, user_id, product_id, last_at) \
         SELECT account_id, user_id, product_id, MAX(last_at) FROM seat_use_daily GROUP BY account_id, user_id, product_id"
            .to_string(),
    ] {
        sqlx::query(&sql).execute(db.pool()).await.unwrap();
    }
    if pg {
        sqlx::query("ANALYZE").execute(db.pool()).await.unwrap();
    }
    let rollup: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM seat_use_daily").fetch_one(db.pool()).await.unwrap();
    println!("  ({} raw heartbeats in all, {rollup} rollup rows; {:.1} s)", to, t0.elapsed().as_secs_f64());
}

async fn report_times(s: &Setup) -> [Duration; 3] {
    let state = &s.state;
    let account = state.db.account(&s.account).await.unwrap().unwrap();
    let lookup = support::median(200, || async {
        state.db.account(&s.account).await.unwrap().unwrap();
    })
    .await;
    let seats = support::median(15, || async {
        let r = reports::seat_usage(state, &account, &ReportRange::default()).await.unwrap();
        assert!(r.products[0].used > 0);
    })
    .await;
    let people = support::median(15, || async {
        let p = reports::user_usage(state, &account, &UserUsageQuery::default()).await.unwrap();
        assert_eq!(p.users.len(), 100);
    })
    .await;
    [lookup, seats, people]
}

async fn bench(name: &str, db_url: String) {
    let (events, heartbeats) = (size("BENCH_USAGE_EVENTS", 1_000_000), size("BENCH_HEARTBEATS", 100_000));
    let (members, raw) = (size("BENCH_MEMBERS", 100_000), size("BENCH_RAW_EVENTS", 10_000_000));
    println!("\n== {name}");
    let (s, stop) = setup(db_url, members).await;
    let s = Arc::new(s);
    ingestion(&s, events, heartbeats).await;

    // The reports with a tenth of the raw events, then with all of them.
    raw_heartbeats(&s, members, 0, raw / 10).await;
    let small = report_times(&s).await;
    raw_heartbeats(&s, members, raw / 10, raw).await;
    let large = report_times(&s).await;
    let count = |n: usize| if n >= 1_000_000 { format!("{}M ev.", n / 1_000_000) } else { format!("{}k ev.", n / 1000) };
    println!("{:<44}{:>11}{:>9}{:>11}{:>9}{:>9}", format!("{members} members"), count(raw / 10), "ratio", count(raw), "ratio", "growth");
    for (i, label) in ["account by primary key (baseline)", "seat usage by product, 30 days", "seat usage by person, first page"].iter().enumerate() {
        println!("{:<44}{:>9.2}ms{:>9.1}{:>9.2}ms{:>9.1}{:>9.2}", label, small[i].as_secs_f64() * 1e3, small[i].as_secs_f64() / small[0].as_secs_f64(),
            large[i].as_secs_f64() * 1e3, large[i].as_secs_f64() / large[0].as_secs_f64(), large[i].as_secs_f64() / small[i].as_secs_f64());
    }
    let _ = stop.send(());
}

fn main() {
    support::on_both_databases("lic", bench);
}
