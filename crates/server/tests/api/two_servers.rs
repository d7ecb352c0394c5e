//! Two server processes on one PostgreSQL database, as behind a load balancer: a session made on
//! one works on the other, the last seat goes to exactly one of two admins racing across them,
//! and every mail of the shared outbox is delivered exactly once although both run a worker.

use std::{collections::HashMap, time::Duration};

use reqwest::Client;
use seatwise_api::{MemberPage, MyAccounts, SubscriptionList};
use serde_json::json;

use crate::{helpers::*, mail::SmtpSink, processes::*};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_servers_share_sessions_seats_and_the_outbox() {
    let sink = SmtpSink::start().await;
    let port = sink.port.to_string();
    let url = fresh_database_url(Backend::Postgres).await;
    let dir = std::env::temp_dir().join("seatwise-tests").join(format!("two-{}", uuid::Uuid::new_v4().simple()));
    let files = dir.display().to_string();
    let settings = [
        ("SEATWISE_MODE", "demo"),
        ("SEATWISE_DATABASE_URL", url.as_str()),
        ("SEATWISE_STORAGE_DIR", files.as_str()),
        ("SEATWISE_SMTP_HOST", "127.0.0.1"),
        ("SEATWISE_SMTP_PORT", port.as_str()),
        ("SEATWISE_SMTP_TLS", "none"),
        ("SEATWISE_OUTBOX_POLL_MS", "50"),
    ];
    // The first one creates the demo data; the second finds it there.
    let a = ServerProcess::start(&settings).await;
    let b = ServerProcess::start(&settings).await;

    // A session made on A works on B (it lives in the database); the cookie is sent to B.
    let alex = "alex.morgan@example.com";
    let on_a = a.browser();
    let r = on_a.post(a.url("/auth/sign-in")).json(&json!({"login": alex, "password": seatwise_server::seed::DEMO_PASSWORD})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let cookie = r.headers()[reqwest::header::SET_COOKIE].to_str().unwrap().split(';').next().unwrap().to_string();
    let on_b = with_cookie(&b, &cookie);
    let me: seatwise_api::Me = on_b.get(b.url("/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me.email, alex);

    // The last seat, raced from both servers by the same admin's two tabs.
    let accounts: MyAccounts = on_a.get(a.url("/accounts")).send().await.unwrap().json().await.unwrap();
    let account = accounts.accounts.iter().find(|x| x.name.starts_with("Northwind")).unwrap().id.clone();
    let subs: SubscriptionList = on_a.get(a.url(&format!("/accounts/{account}/subscriptions"))).send().await.unwrap().json().await.unwrap();
    let sub = subs.subscriptions.iter().filter(|s| s.seats_used < s.seats).min_by_key(|s| s.seats - s.seats_used).unwrap().clone();
    let page: MemberPage = on_a.get(a.url(&format!("/accounts/{account}/members?limit=200"))).send().await.unwrap().json().await.unwrap();
    let free: Vec<String> = page.members.iter().filter(|m| !m.subscription_ids.contains(&sub.id)).map(|m| m.user_id.clone()).collect();
    let assign = |c: &Client, server: &ServerProcess, user: &str| {
        c.put(server.url(&format!("/accounts/{account}/members/{user}/assignments/{}", sub.id))).json(&json!({"assigned": true})).send()
    };
    let mut i = 0;
    for _ in 0..(sub.seats - sub.seats_used - 1) {
        assert_eq!(assign(&on_a, &a, &free[i]).await.unwrap().status(), 200);
        i += 1;
    }
    let racers: Vec<_> = (0..10)
        .map(|k| if k % 2 == 0 { assign(&on_a, &a, &free[i + k]) } else { assign(&on_b, &b, &free[i + k]) })
        .collect();
    let answers = futures::future::join_all(racers).await;
    let won = answers.iter().filter(|r| r.as_ref().unwrap().status() == 200).count();
    let lost = answers.iter().filter(|r| r.as_ref().unwrap().status() == 409).count();
    assert_eq!((won, lost), (1, 9), "exactly one racer gets the last seat");
    let subs: SubscriptionList = on_b.get(b.url(&format!("/accounts/{account}/subscriptions"))).send().await.unwrap().json().await.unwrap();
    let after = subs.subscriptions.iter().find(|s| s.id == sub.id).unwrap();
    assert_eq!(after.seats_used, after.seats);

    // Plenty of mail, queued through both servers at once; both workers deliver.
    let invite = |c: &Client, server: &ServerProcess, prefix: &str| {
        let list: Vec<_> = (0..25).map(|n| json!({"email": format!("{prefix}{n}@example.com"), "first_name": "T", "last_name": "S"})).collect();
        c.post(server.url(&format!("/accounts/{account}/invitations"))).json(&json!({"invitations": list})).send()
    };
    let (x, y) = tokio::join!(invite(&on_a, &a, "via-a-"), invite(&on_b, &b, "via-b-"));
    assert_eq!(x.unwrap().status(), 201);
    assert_eq!(y.unwrap().status(), 201);

    let db = seatwise_server::store::Db::connect(&url).await.unwrap();
    for _ in 0..600 {
        let pending: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'").fetch_one(db.pool()).await.unwrap();
        if pending == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let sent: Vec<String> = sqlx::query_scalar("SELECT id FROM outbox WHERE status = 'sent'").fetch_all(db.pool()).await.unwrap();
    assert!(sent.len() >= 50 + 10, "the invitations and seat mails were sent ({})", sent.len());
    // Let any duplicate arrive before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for m in sink.messages() {
        let id = m
            .lines()
            .find_map(|l| l.strip_prefix("Message-ID: <").or_else(|| l.strip_prefix("Message-Id: <")))
            .and_then(|l| l.strip_suffix("@seatwise>"))
            .expect("every message carries its outbox id")
            .to_string();
        *seen.entry(id).or_default() += 1;
    }
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
    for id in &sent {
        assert_eq!(seen.get(id), Some(&1), "mail {id} was marked sent but not delivered");
    }
    assert_eq!(seen.len(), sent.len());
    let _ = std::fs::remove_dir_all(dir);
}

/// A browser on `server` that already holds the session cookie `pair` (`name=value`).
fn with_cookie(server: &ServerProcess, pair: &str) -> Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("x-requested-with", "seatwise".parse().unwrap());
    h.insert(reqwest::header::ORIGIN, server.address.parse().unwrap());
    h.insert(reqwest::header::COOKIE, pair.parse().unwrap());
    Client::builder().default_headers(h).build().unwrap()
}
