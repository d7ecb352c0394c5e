//! Open-loop load at a fixed rate against a running demo server (`scripts/bench-load.sh`):
//! requests start on schedule whether or not earlier ones have finished, so a slow server
//! shows up as latency, not as a politely lower rate.
//!
//! Usage: load URL SECONDS RATE health|mixed SERVER_PID
//!   health  GET /api/v1/health only (the baseline)
//!   mixed   sign-ins 2%, member lists 30%, seat toggles 20%, downloads 18%, profile reads 30%,
//!           as the demo's contract manager (sign-ins as demo members)
//! Prints p50/p95/p99 per operation, the 5xx and error counts, and the server's peak resident
//! memory during the run (sampled from /proc every 100 ms).

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use rand::{Rng, SeedableRng};
use reqwest::{header, Client};
use serde_json::{json, Value};

const PASSWORD: &str = "Demo-Seatwise-2026";

#[derive(Default)]
struct Stats {
    latencies: BTreeMap<&'static str, Vec<f64>>,
    server_errors: BTreeMap<&'static str, u64>,
    failures: BTreeMap<&'static str, u64>,
}

struct Target {
    base: String,
    admin: Client,
    account: String,
    subscription: String,
    members: Vec<String>,
    signers: Vec<String>,
    download: String,
}

fn browser(origin: &str) -> Client {
    let mut h = header::HeaderMap::new();
    h.insert("x-requested-with", "seatwise".parse().unwrap());
    h.insert(header::ORIGIN, origin.parse().unwrap());
    Client::builder().default_headers(h).cookie_store(true).pool_max_idle_per_host(64).build().unwrap()
}

async fn json(c: &Client, url: String) -> Value {
    c.get(url).send().await.unwrap().error_for_status().unwrap().json().await.unwrap()
}

async fn prepare(origin: &str) -> Target {
    let base = format!("{origin}/api/v1");
    let admin = browser(origin);
    let r = admin.post(format!("{base}/auth/sign-in")).json(&json!({"login": "alex.morgan@example.com", "password": PASSWORD})).send().await.unwrap();
    assert_eq!(r.status(), 200, "the demo contract manager signs in");
    let accounts = json(&admin, format!("{base}/accounts")).await;
    let account = accounts["accounts"].as_array().unwrap().iter().find(|a| a["name"].as_str().unwrap().starts_with("Northwind")).unwrap()["id"]
        .as_str().unwrap().to_string();
    let subs = json(&admin, format!("{base}/accounts/{account}/subscriptions")).await;
    let sub = subs["subscriptions"].as_array().unwrap().iter().max_by_key(|s| s["seats"].as_i64().unwrap()).unwrap();
    let page = json(&admin, format!("{base}/accounts/{account}/members?limit=200")).await;
    let users: Vec<&Value> = page["members"].as_array().unwrap().iter().filter(|m| m["role"] == "user").collect();
    let members = users.iter().take(40).map(|m| m["user_id"].as_str().unwrap().to_string()).collect();
    let signers = users.iter().skip(40).take(40).map(|m| m["email"].as_str().unwrap().to_string()).collect();
    let cards = json(&admin, format!("{base}/accounts/{account}/products")).await;
    let product = cards["products"][0]["code"].as_str().unwrap().to_string();
    let detail = json(&admin, format!("{base}/accounts/{account}/products/{product}")).await;
    let file = detail["releases"].as_array().unwrap().iter().flat_map(|r| r["files"].as_array().unwrap().iter())
        .min_by_key(|f| f["size"].as_u64().unwrap()).expect("a file to download")["id"].as_str().unwrap().to_string();
    Target {
        download: format!("{base}/accounts/{account}/files/{file}/download"),
        base,
        admin,
        account,
        subscription: sub["id"].as_str().unwrap().to_string(),
        members,
        signers,
    }
}

async fn one(t: &Target, op: &'static str, rng: &mut rand::rngs::StdRng) -> reqwest::Result<u16> {
    let r = match op {
        "health" => t.admin.get(format!("{}/health", t.base)).send().await?,
        "sign-in" => {
            let who = &t.signers[rng.gen_range(0..t.signers.len())];
            // A fresh browser each time: a new session, as a person signing in would make.
            browser(t.base.trim_end_matches("/api/v1"))
                .post(format!("{}/auth/sign-in", t.base))
                .json(&json!({"login": who, "password": PASSWORD}))
                .send()
                .await?
        }
        "member list" => {
            let q = ["", "&q=nov", "&sort=email", "&status=active"][rng.gen_range(0..4)];
            t.admin.get(format!("{}/accounts/{}/members?limit=50{q}", t.base, t.account)).send().await?
        }
        "seat toggle" => {
            let user = &t.members[rng.gen_range(0..t.members.len())];
            t.admin
                .put(format!("{}/accounts/{}/members/{user}/assignments/{}", t.base, t.account, t.subscription))
                .json(&json!({"assigned": rng.gen_bool(0.5)}))
                .send()
                .await?
        }
        "download" => t.admin.get(&t.download).send().await?,
        _ => t.admin.get(format!("{}/me", t.base)).send().await?,
    };
    let status = r.status().as_u16();
    // Read the whole body: a download is done when its last byte is.
    r.bytes().await?;
    Ok(status)
}

fn pick(mixed: bool, x: u32) -> &'static str {
    if !mixed {
        return "health";
    }
    match x {
        0..=1 => "sign-in",
        2..=31 => "member list",
        32..=51 => "seat toggle",
        52..=69 => "download",
        _ => "profile",
    }
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [origin, seconds, rate, mode, pid] = args.as_slice() else {
        eprintln!("usage: load URL SECONDS RATE health|mixed SERVER_PID");
        std::process::exit(2);
    };
    let (seconds, rate, pid): (u64, u64, u32) = (seconds.parse().unwrap(), rate.parse().unwrap(), pid.parse().unwrap());
    let mixed = mode == "mixed";
    let target = Arc::new(prepare(origin).await);
    let stats = Arc::new(Mutex::new(Stats::default()));
    let peak = Arc::new(std::sync::atomic::AtomicU64::new(rss_kib(pid)));
    let sampler = {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss_kib(pid), std::sync::atomic::Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261130);
    let start = Instant::now();
    let total = seconds * rate;
    let mut tasks = Vec::with_capacity(total as usize);
    let mut ticker = tokio::time::interval(Duration::from_nanos(1_000_000_000 / rate));
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    for _ in 0..total {
        ticker.tick().await;
        let op = pick(mixed, rng.gen_range(0..100));
        let (t, s, seed) = (target.clone(), stats.clone(), rng.gen::<u64>());
        tasks.push(tokio::spawn(async move {
            let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
            let began = Instant::now();
            let result = one(&t, op, &mut rng).await;
            let ms = began.elapsed().as_secs_f64() * 1000.0;
            let mut s = s.lock().unwrap();
            s.latencies.entry(op).or_default().push(ms);
            match result {
                Ok(code) if code >= 500 => *s.server_errors.entry(op).or_default() += 1,
                Ok(_) => {}
                Err(_) => *s.failures.entry(op).or_default() += 1,
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = start.elapsed().as_secs_f64();
    sampler.abort();
    let s = stats.lock().unwrap();
    let done: usize = s.latencies.values().map(Vec::len).sum();
    println!("{mode}: {done} requests in {elapsed:.0} s ({:.1} req/s offered {rate})", done as f64 / elapsed);
    println!("{:<12} {:>8} {:>9} {:>9} {:>9} {:>5} {:>6}", "operation", "count", "p50 ms", "p95 ms", "p99 ms", "5xx", "errors");
    for (op, v) in &s.latencies {
        let mut v = v.clone();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "{op:<12} {:>8} {:>9.2} {:>9.2} {:>9.2} {:>5} {:>6}",
            v.len(),
            percentile(&v, 0.50),
            percentile(&v, 0.95),
            percentile(&v, 0.99),
            s.server_errors.get(op).copied().unwrap_or(0),
            s.failures.get(op).copied().unwrap_or(0)
        );
    }
    let fives: u64 = s.server_errors.values().sum();
    println!("5xx: {fives}; peak resident memory of the server: {:.1} MiB", peak.load(std::sync::atomic::Ordering::Relaxed) as f64 / 1024.0);
}
