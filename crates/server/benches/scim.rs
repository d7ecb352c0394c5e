//! Directory sync (SCIM), printed as ratios against baselines measured in the same run (never
//! asserted):
//! - **provisioning:** 10,000 users (`BENCH_SCIM_USERS`) and 100 groups created over SCIM, 8
//!   requests at a time, against as many `GET /api/v1/health` requests on the same server;
//! - **a member into a large group:** a PATCH adding one member to a group of 10,000 against
//!   one adding a member to a group of 10 (median of 15 each). It must not grow with the group.
//!
//! Runs on SQLite, and on PostgreSQL when `SEATWISE_TEST_PG_URL` reaches a server.
//! `cargo bench -p seatwise-server --bench scim` (scripts/bench.sh runs it).

use std::time::{Duration, Instant};

use futures::{stream, StreamExt};
use seatwise_server::domain::secret::{new_token, token_hash};
use serde_json::{json, Value};

mod support;

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const PARALLEL: usize = 8;

fn size(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|s| s.replace('_', "").parse().ok()).unwrap_or(default)
}

struct Idp {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Idp {
    async fn send(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let r = self
            .http
            .request(method.clone(), format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("content-type", "application/scim+json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert!(status.is_success(), "{method} {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }
}

/// Runs `n` requests made by `f`, `PARALLEL` at a time; the wall time.
async fn run<F, Fut>(n: usize, f: F) -> Duration
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let t = Instant::now();
    stream::iter(0..n).for_each_concurrent(PARALLEL, f).await;
    t.elapsed()
}

async fn bench(name: &'static str, db_url: String) {
    let users = size("BENCH_SCIM_USERS", 10_000);
    println!("\n== {name}");
    let (state, base, stop) = support::start(db_url).await;
    let (staff, account, _hash) = support::company(&state).await;
    // The vendor allows sync, the admin turns it on and makes a token (the product's own calls
    // for the first; the settings and the token straight in the store).
    seatwise_server::http::directory::set_allowed(&state, &staff, "", &account.id, true).await.unwrap();
    let secret = format!("swscim_{}", new_token());
    let mut tx = state.db.begin().await.unwrap();
    state.db.set_sync_on(&mut tx, &account.id, true, true).await.unwrap();
    state.db.insert_scim_token(&mut tx, "bench", &account.id, "bench", &token_hash(&secret), "swscim_", &staff.id, 1).await.unwrap();
    tx.commit().await.unwrap();
    let http = reqwest::Client::builder().pool_max_idle_per_host(PARALLEL).build().unwrap();
    let idp = Idp { http: http.clone(), base: format!("{base}/scim/v2/{}", account.id), token: secret };

    let ids = std::sync::Mutex::new(vec![String::new(); users + 30]);
    let made = run(users, |i| {
        let idp = &idp;
        let ids = &ids;
        async move {
            let email = format!("person{i}@scim.bench");
            let u = idp
                .send(reqwest::Method::POST, "/Users", json!({"schemas": [USER], "userName": email,
                    "name": {"givenName": "Person", "familyName": format!("N{i}")}, "emails": [{"value": email, "type": "work", "primary": true}]}))
                .await;
            ids.lock().unwrap()[i] = u["id"].as_str().unwrap().to_string();
        }
    })
    .await;
    let health = run(users, |_| {
        let http = &http;
        let base = &base;
        async move {
            assert!(http.get(format!("{base}/api/v1/health")).send().await.unwrap().status().is_success());
        }
    })
    .await;
    let groups = run(100, |g| {
        let idp = &idp;
        async move {
            idp.send(reqwest::Method::POST, "/Groups", json!({"schemas": [GROUP], "displayName": format!("Group {g}")})).await;
        }
    })
    .await;
    let health100 = run(100, |_| {
        let http = &http;
        let base = &base;
        async move {
            assert!(http.get(format!("{base}/api/v1/health")).send().await.unwrap().status().is_success());
        }
    })
    .await;
    println!(
        "  provision {users} users: {:.1} s ({:.0}/s) against {users} health requests {:.2} s: {:.1}x",
        made.as_secs_f64(),
        users as f64 / made.as_secs_f64(),
        health.as_secs_f64(),
        made.as_secs_f64() / health.as_secs_f64()
    );
    println!(
        "  100 groups: {:.2} s against 100 health requests {:.3} s: {:.1}x",
        groups.as_secs_f64(),
        health100.as_secs_f64(),
        groups.as_secs_f64() / health100.as_secs_f64()
    );

    // A group of every user, filled 1,000 members a PATCH, and a group of 10.
    let ids: Vec<String> = ids.into_inner().unwrap();
    let spare: Vec<String> = {
        let mut v = vec![];
        for i in 0..30 {
            let email = format!("spare{i}@scim.bench");
            let u = idp.send(reqwest::Method::POST, "/Users", json!({"schemas": [USER], "userName": email, "emails": [{"value": email}]})).await;
            v.push(u["id"].as_str().unwrap().to_string());
        }
        v
    };
    let big = idp.send(reqwest::Method::POST, "/Groups", json!({"schemas": [GROUP], "displayName": "Everyone"})).await["id"].as_str().unwrap().to_string();
    let small = idp.send(reqwest::Method::POST, "/Groups", json!({"schemas": [GROUP], "displayName": "Ten"})).await["id"].as_str().unwrap().to_string();
    let t = Instant::now();
    for chunk in ids[..users].chunks(1000) {
        let members: Vec<Value> = chunk.iter().map(|id| json!({"value": id})).collect();
        idp.send(reqwest::Method::PATCH, &format!("/Groups/{big}"), json!({"schemas": [PATCH], "Operations": [{"op": "add", "path": "members", "value": members}]})).await;
    }
    println!("  ({users} members put in one group, 1,000 a PATCH, in {:.1} s)", t.elapsed().as_secs_f64());
    let members: Vec<Value> = ids[..10].iter().map(|id| json!({"value": id})).collect();
    idp.send(reqwest::Method::PATCH, &format!("/Groups/{small}"), json!({"schemas": [PATCH], "Operations": [{"op": "add", "path": "members", "value": members}]})).await;

    let add = |group: String, member: String| {
        let idp = &idp;
        async move {
            idp.send(reqwest::Method::PATCH, &format!("/Groups/{group}"), json!({"schemas": [PATCH], "Operations": [{"op": "add", "path": "members", "value": [{"value": member}]}]})).await;
        }
    };
    let mut to_big = vec![];
    let mut to_small = vec![];
    for k in 0..15 {
        let t = Instant::now();
        add(small.clone(), spare[k].clone()).await;
        to_small.push(t.elapsed());
        let t = Instant::now();
        add(big.clone(), spare[15 + k].clone()).await;
        to_big.push(t.elapsed());
    }
    to_big.sort();
    to_small.sort();
    let (b, s) = (to_big[7], to_small[7]);
    println!(
        "  PATCH one member into a group of {users}: {:.2} ms against one into a group of 10: {:.2} ms: {:.2}x",
        b.as_secs_f64() * 1e3,
        s.as_secs_f64() * 1e3,
        b.as_secs_f64() / s.as_secs_f64()
    );
    let _ = stop.send(());
}

fn main() {
    support::on_both_databases("scim", bench);
}
