//! Crash safety: writes are acknowledged only once they are durable. A server on the demo data
//! takes seat toggles, invitations and profile changes from three writers; it is killed with
//! SIGKILL at a random moment, started again, and every acknowledged write must be there, with
//! every subscription's seat count equal to its assignments and within the seats bought.
//!
//! CI runs `CRASH_CYCLES` (default 20) cycles per database; the benchmark runs 1,000 and
//! prints "acknowledged N, lost 0".

use std::{
    collections::{HashMap, HashSet},
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
    time::Duration,
};

use rand::{seq::SliceRandom, Rng, SeedableRng};
use reqwest::Client;
use seatwise_api::{MemberPage, MyAccounts, SubscriptionList};
use seatwise_server::store::Db;
use serde_json::json;

use crate::{helpers::*, on_both_databases, processes::*};

on_both_databases!(acknowledged_writes_survive_sigkill);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Seat { user: String, subscription: String },
    Invited(String),
    Profile(&'static str),
}

/// What a writer knows: the last acknowledged value of each key, and the value of the write
/// that was in flight when the server died (it may or may not have landed).
#[derive(Default)]
struct Log {
    acked: Vec<(Key, String)>,
    in_flight: Option<(Key, String)>,
}

struct Fixture {
    account: String,
    subscriptions: Vec<String>,
    members: Vec<String>,
}

async fn fixture(c: &Client, server: &ServerProcess) -> Fixture {
    let accounts: MyAccounts = c.get(server.url("/accounts")).send().await.unwrap().json().await.unwrap();
    let account = accounts.accounts.iter().max_by_key(|a| a.name.starts_with("Northwind")).unwrap().id.clone();
    let subs: SubscriptionList =
        c.get(server.url(&format!("/accounts/{account}/subscriptions"))).send().await.unwrap().json().await.unwrap();
    let page: MemberPage =
        c.get(server.url(&format!("/accounts/{account}/members?limit=200"))).send().await.unwrap().json().await.unwrap();
    let members = page.members.iter().filter(|m| m.role == seatwise_api::MemberRole::User).take(60).map(|m| m.user_id.clone()).collect();
    Fixture { account, subscriptions: subs.subscriptions.into_iter().map(|s| s.id).collect(), members }
}

/// One writer: keys of its own (members `n mod 3`, its own invitation addresses, one profile
/// field), one request at a time, until `stop`.
async fn writer(n: usize, c: Client, server_url: String, fx: Arc<Fixture>, stop: Arc<AtomicBool>, seed: u64, serial: Arc<std::sync::atomic::AtomicU64>) -> Log {
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let mut log = Log::default();
    let url = |p: String| format!("{server_url}/api/v1{p}");
    let field: &'static str = ["job_title", "city", "phone"][n % 3];
    while !stop.load(Ordering::SeqCst) {
        let roll: u32 = rng.gen_range(0..10);
        let (key, value, req) = if roll < 6 {
            let user = fx.members.iter().skip(n).step_by(3).collect::<Vec<_>>().choose(&mut rng).map(|s| s.to_string()).unwrap();
            let subscription = fx.subscriptions.choose(&mut rng).unwrap().clone();
            let assigned = rng.gen_bool(0.5);
            let r = c
                .put(url(format!("/accounts/{}/members/{user}/assignments/{subscription}", fx.account)))
                .json(&json!({"assigned": assigned}));
            (Key::Seat { user, subscription }, assigned.to_string(), r)
        } else if roll < 8 {
            let email = format!("crash-{n}-{}@example.com", serial.fetch_add(1, Ordering::SeqCst));
            let r = c
                .post(url(format!("/accounts/{}/invitations", fx.account)))
                .json(&json!({"invitations": [{"email": email, "first_name": "Crash", "last_name": "Test"}]}));
            (Key::Invited(email), "true".to_string(), r)
        } else {
            let value = format!("v{}", serial.fetch_add(1, Ordering::SeqCst));
            let r = c.patch(url("/me".into())).json(&json!({ field: value }));
            (Key::Profile(field), value, r)
        };
        log.in_flight = Some((key.clone(), value.clone()));
        match req.send().await {
            Ok(r) if r.status().is_success() => {
                log.acked.push((key, value));
                log.in_flight = None;
            }
            // Refused (a full subscription): nothing was written.
            Ok(r) if r.status().is_client_error() => log.in_flight = None,
            Ok(r) => panic!("writer {n}: {} {}", r.status(), r.text().await.unwrap_or_default()),
            // The server died under this request: it may or may not have landed.
            Err(_) => break,
        }
    }
    log
}

/// The value of `key` in the database.
async fn actual(db: &Db, key: &Key, alex: &str) -> String {
    let one = |sql: &'static str| db.sql(sql).into_owned();
    match key {
        Key::Seat { user, subscription } => {
            let n: i64 = sqlx::query_scalar(&one("SELECT COUNT(*) FROM assignments WHERE user_id = $1 AND subscription_id = $2"))
                .bind(user).bind(subscription).fetch_one(db.pool()).await.unwrap();
            (n == 1).to_string()
        }
        Key::Invited(email) => {
            let n: i64 = sqlx::query_scalar(&one("SELECT COUNT(*) FROM invitations WHERE email = $1"))
                .bind(email).fetch_one(db.pool()).await.unwrap();
            (n == 1).to_string()
        }
        Key::Profile(field) => {
            let sql = db.sql_owned(format!("SELECT {field} FROM users WHERE email = $1"));
            sqlx::query_scalar(&sql).bind(alex).fetch_one(db.pool()).await.unwrap()
        }
    }
}

/// Waits until no session of the killed server still works on PostgreSQL. Its backends outlive
/// it: a COMMIT it sent just before dying still completes (on a busy machine the WAL flush can
/// take a while), and it may land after the restarted server was read. That write was in
/// flight, so either outcome is right, but it must have landed or not before the values are
/// compared. A backend notices its client is gone at its next read or write and ends.
async fn settle(db: &Db) {
    for _ in 0..200 {
        let busy: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() \
             AND state IS NOT NULL AND state <> 'idle'",
        )
        .fetch_one(db.pool())
        .await
        .unwrap();
        if busy == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("sessions of the killed server still work on the database after 10 s");
}

async fn acknowledged_writes_survive_sigkill(b: Backend) {
    let cycles: usize = std::env::var("CRASH_CYCLES").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let url = fresh_database_url(b).await;
    let dir = std::env::temp_dir().join("seatwise-tests").join(format!("crash-{}", uuid::Uuid::new_v4().simple()));
    let files = dir.display().to_string();
    let mut server = ServerProcess::start(&[
        ("SEATWISE_MODE", "demo"),
        ("SEATWISE_DATABASE_URL", &url),
        ("SEATWISE_STORAGE_DIR", &files),
    ])
    .await;
    let alex = "alex.morgan@example.com";
    let c = server.browser();
    assert_eq!(c.post(server.url("/auth/sign-in")).json(&json!({"login": alex, "password": seatwise_server::seed::DEMO_PASSWORD}))
        .send().await.unwrap().status(), 200);
    let fx = Arc::new(fixture(&c, &server).await);
    let db = Db::connect(&url).await.unwrap();
    let serial = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut model: HashMap<Key, String> = HashMap::new();
    let (mut acknowledged, mut lost) = (0usize, 0usize);
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261130);
    for cycle in 0..cycles {
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..3)
            .map(|n| tokio::spawn(writer(n, c.clone(), server.address.clone(), fx.clone(), stop.clone(), rng.gen(), serial.clone())))
            .collect();
        tokio::time::sleep(Duration::from_millis(rng.gen_range(30..400))).await;
        server.kill9().await;
        stop.store(true, Ordering::SeqCst);
        let mut maybe: HashMap<Key, HashSet<String>> = HashMap::new();
        for w in writers {
            let log = w.await.unwrap();
            acknowledged += log.acked.len();
            for (k, v) in log.acked {
                model.insert(k, v);
            }
            if let Some((k, v)) = log.in_flight {
                maybe.entry(k).or_default().insert(v);
            }
        }
        if b == Backend::Postgres {
            settle(&db).await;
        }
        server.restart().await;
        for (key, want) in &model {
            let got = actual(&db, key, alex).await;
            let in_flight = maybe.get(key).is_some_and(|m| m.contains(&got));
            if &got != want && !in_flight {
                lost += 1;
                eprintln!("cycle {cycle}: {key:?} is {got}, acknowledged {want}");
            }
        }
        // Keys whose last write was in doubt take whatever landed.
        for key in maybe.keys() {
            let got = actual(&db, key, alex).await;
            model.insert(key.clone(), got);
        }
        // The seat invariant, counted from the rows themselves.
        let bad: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM subscriptions s WHERE s.seats_used <> \
             (SELECT COUNT(*) FROM assignments a WHERE a.subscription_id = s.id) OR s.seats_used > s.seats OR s.seats_used < 0",
        )
        .fetch_one(db.pool())
        .await
        .unwrap();
        assert_eq!(bad, 0, "cycle {cycle}: a subscription's seat count disagrees with its assignments");
    }
    println!("kill -9 on {b:?}: {cycles} cycles, acknowledged {acknowledged}, lost {lost}");
    assert!(acknowledged >= cycles, "the writers got work done ({acknowledged} writes)");
    assert_eq!(lost, 0);
    let _ = std::fs::remove_dir_all(dir);
}
