//! The renewal job, printed as ratios against a baseline measured in the same run (never
//! asserted): one run of the job over a table of 100,000 subscriptions of which 5,000 are due
//! (half renew automatically and are invoiced, half expire), against `SELECT COUNT(*)` of the
//! same table. The same 5,000 due in a table of 10,000, and 500 due in 100,000, show that the
//! job's time follows the due rows, not the table.
//!
//! Runs on SQLite, and on PostgreSQL when `SEATWISE_TEST_PG_URL` reaches a server.
//! `cargo bench -p seatwise-server --bench renewals` (scripts/bench.sh runs it).

use std::{collections::HashMap, sync::Arc, time::Instant};

use seatwise_server::{clock::SystemClock, jobs::renewals, state::AppState, Application, Settings};
use sqlx::Connection;

fn iso(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

async fn app(db_url: String) -> (AppState, tokio::sync::oneshot::Sender<()>) {
    let env = HashMap::from([
        ("SEATWISE_LISTEN".to_string(), "127.0.0.1:0".to_string()),
        ("SEATWISE_DATABASE_URL".to_string(), db_url),
        ("SEATWISE_MODE".to_string(), "demo".to_string()),
        ("SEATWISE_SEED_DEMO".to_string(), "false".to_string()),
        ("SEATWISE_WEB_DIR".to_string(), "/nonexistent".to_string()),
        // The benchmark runs the job by hand.
        ("SEATWISE_RENEWAL_INTERVAL_SECONDS".to_string(), "86400".to_string()),
    ]);
    let app = Application::build_with_clock(Settings::from_sources(None, &env).unwrap(), Arc::new(SystemClock)).await.unwrap();
    let state = app.state().clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(app.run_until(async {
        let _ = rx.await;
    }));
    // Let the job's first run at start-up (an empty table) pass.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    (state, tx)
}

/// An account, a product with a renewal price, and `total` subscriptions of which `due` ended
/// yesterday (every other one with auto-renew on); the rest end in 200 to 500 days. Bulk
/// inserted as fixture data: what is measured is the job.
async fn fixture(state: &AppState, total: usize, due: usize) {
    let db = &state.db;
    let today = time::OffsetDateTime::now_utc().date();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let exec = |sql: String| async move { sqlx::query(&sql).execute(db.pool()).await.unwrap() };
    exec(format!("INSERT INTO accounts (id, number, name, country, created_at) VALUES ('acc', 'B1', 'Bench', 'SI', {now})")).await;
    exec(format!("INSERT INTO products (id, code, name, kind, created_at) VALUES ('prod', 'BENCH', 'Bench CAD', 'product', {now})")).await;
    exec(format!(
        "INSERT INTO prices (id, product_id, licence_type, term, kind, currency, amount_minor, effective_from, created_at) \
         VALUES ('price', 'prod', 'named_user', 'one_year', 'renewal', 'USD', 42000, '2000-01-01', {now})"
    ))
    .await;
    exec(format!(
        "INSERT INTO contracts (id, account_id, number, start_date, end_date, currency, created_at) \
         VALUES ('con', 'acc', 'C1', '2020-01-01', '2099-01-01', 'USD', {now})"
    ))
    .await;
    let mut tx = db.begin().await.unwrap();
    for chunk in (0..total).collect::<Vec<_>>().chunks(500) {
        let values: Vec<String> = chunk
            .iter()
            .map(|&i| {
                let end = if i < due { today - time::Duration::days(1) } else { today + time::Duration::days(200 + (i % 300) as i64) };
                format!(
                    "('s{i:06}', 'acc', 'con', 'prod', 'named_user', 5, 'one_year', '2020-01-01', '{}', {}, 'active', 'SN{i}', 'K{i}', {now})",
                    iso(end),
                    i % 2
                )
            })
            .collect();
        sqlx::query(&format!(
            "INSERT INTO subscriptions (id, account_id, contract_id, product_id, licence_type, seats, term, start_date, end_date, \
             auto_renew, status, serial_number, product_key, created_at) VALUES {}",
            values.join(", ")
        ))
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

/// The median of `n` timings of the plain count, in seconds.
async fn count_baseline(state: &AppState, n: usize) -> f64 {
    let mut times = vec![];
    for _ in 0..n {
        let t = Instant::now();
        let c: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subscriptions").fetch_one(state.db.pool()).await.unwrap();
        std::hint::black_box(c);
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    times[n / 2]
}

async fn case(db_url: String, total: usize, due: usize) -> (f64, f64, renewals::Ran) {
    let (state, stop) = app(db_url).await;
    fixture(&state, total, due).await;
    let count = count_baseline(&state, 21).await;
    let t = Instant::now();
    let ran = renewals::run_once(&state).await.unwrap();
    let job = t.elapsed().as_secs_f64();
    assert_eq!(ran.auto_renewed + ran.expired, due as u64, "{ran:?}");
    state.db.close().await;
    let _ = stop.send(());
    (job, count, ran)
}

async fn bench(name: &str, mut url: impl FnMut() -> (String, Option<String>)) {
    println!("\n== {name}");
    let mut first = None;
    for (total, due) in [(100_000, 5_000), (10_000, 5_000), (100_000, 500)] {
        let (db_url, _) = url();
        let (job, count, ran) = case(db_url, total, due).await;
        println!(
            "  {total:>7} subscriptions, {due:>5} due: job {:>8.1} ms ({} renewed and invoiced, {} expired, {:.3} ms per due row); \
             COUNT(*) {:.2} ms; job/count = {:.0}x",
            job * 1e3,
            ran.auto_renewed,
            ran.expired,
            job * 1e3 / due as f64,
            count * 1e3,
            job / count
        );
        match first {
            None => first = Some(job),
            Some(base) => println!("    against the first case: {:.2}x the time", job / base),
        }
    }
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let dir = std::env::temp_dir().join(format!("seatwise-bench-renewals-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut n = 0;
        bench("SQLite", || {
            n += 1;
            (format!("sqlite://{}/bench{n}.db", dir.display()), None)
        })
        .await;
        let admin = std::env::var("SEATWISE_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres:seatwise@127.0.0.1:5432/postgres".into());
        match sqlx::postgres::PgConnection::connect(&admin).await {
            Ok(mut c) => {
                let mut names = vec![];
                for i in 0..3 {
                    let name = format!("sw_bench_renew_{}_{i}", std::process::id());
                    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut c).await.unwrap();
                    names.push(name);
                }
                let mut it = names.clone().into_iter();
                let base = admin.rsplit_once('/').unwrap().0.to_string();
                bench("PostgreSQL", || (format!("{base}/{}", it.next().unwrap()), None)).await;
                for name in names {
                    let _ = sqlx::query(&format!("DROP DATABASE {name} WITH (FORCE)")).execute(&mut c).await;
                }
            }
            Err(e) => println!("\n== PostgreSQL: skipped ({e})"),
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
