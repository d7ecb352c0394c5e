//! Support case search and product update notices, printed as ratios against baselines measured
//! in the same run (never asserted):
//! - **case search** over 1,000,000 cases (`BENCH_CASES`): the vendor's full-text search with no
//!   match, for a word ten cases have, and an admin's search in their account, against a lookup
//!   by case number;
//! - **update notices:** the job that mails a release to 100,000 holders (`BENCH_HOLDERS`), in
//!   batches, against a plain count of the holders.
//!
//! Runs on SQLite, and on PostgreSQL when `SEATWISE_TEST_PG_URL` reaches a server.
//! `cargo bench -p seatwise-server --bench cases` (scripts/bench.sh runs it).

use std::time::{Duration, Instant};

use seatwise_api::{CreateContractRequest, CreateReleaseRequest, CreateSubscriptionRequest, LicenceType, PublishUpdate, Term, UpdateKind};
use seatwise_server::{
    domain::{
        catalogue::{self, Staff},
        home,
    },
    http::vendor,
    state::AppState,
    store::{
        support::{CaseFilter, CaseScope, NewCase},
        DbKind,
    },
};

mod support;

fn size(var: &str, default: usize) -> usize {
    std::env::var(var).ok().and_then(|s| s.replace('_', "").parse().ok()).unwrap_or(default)
}

const WORDS: &[&str] = &[
    "installation", "licence", "activation", "download", "error", "server", "network", "update", "crash", "slow", "namestitev",
    "napaka", "licenca", "授權", "安裝", "錯誤", "windows", "macos", "linux", "plugin", "render", "export", "import", "drawing",
];

fn text(n: usize, len: usize) -> String {
    (0..len).map(|i| WORDS[(n * 31 + i * 17 + n / 7) % WORDS.len()]).collect::<Vec<_>>().join(" ")
}

async fn cases(state: &AppState, account: &str, other: &str, opener: &str, count: usize) {
    let t0 = Instant::now();
    let db = &state.db;
    // Ten cases carry a rare word, five of them the account's (even numbers are).
    let step = (count / 10).max(2);
    let rare: Vec<usize> = (0..10).map(|k| k * step + k % 2).collect();
    for chunk in 0..count.div_ceil(1000) {
        let mut tx = db.begin().await.unwrap();
        for n in chunk * 1000..((chunk + 1) * 1000).min(count) {
            let seq = n as i64 + 1;
            let id = format!("c{seq:08}");
            let number = format!("CS-2026-{seq:06}");
            let mut subject = text(n, 6);
            if rare.contains(&n) {
                subject.push_str(" quasar");
            }
            let acc = if n % 2 == 0 { account } else { other };
            db.insert_case(&mut tx, &NewCase {
                id: &id, seq, number: &number, account_id: acc, opened_by: opener, opener_name: "Bench Mark",
                opener_email: "admin@bench.example", category: "installation", severity: "normal", subject: &subject,
                product_id: None, version: None, now: 1_700_000_000 + seq,
            }).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    if db.kind() == DbKind::Postgres {
        sqlx::query("ANALYZE").execute(db.pool()).await.unwrap();
    }
    println!("  ({count} cases with their search rows inserted in {:.1} s)", t0.elapsed().as_secs_f64());
}

async fn bench(name: &str, db_url: String) {
    let (count, holders) = (size("BENCH_CASES", 1_000_000), size("BENCH_HOLDERS", 100_000));
    println!("\n== {name}");
    let (state, _base, stop) = support::start(db_url).await;
    let (staff, account, hash) = support::company(&state).await;
    let admin = state.db.user_by_email("admin@bench.example").await.unwrap().unwrap();
    // A second account for half the cases: the admin's search must not wade through them.
    let other = vendor::provision_account(&state, &staff, "", &seatwise_api::CreateAccountRequest {
        name: "Other".into(), country: "SI".into(), manager_email: "other@bench.example".into(),
        manager_first_name: "O".into(), manager_last_name: "Ther".into(), manager_locale: None,
    }).await.unwrap().0;

    cases(&state, &account.id, &other.id, &admin.id, count).await;
    let db = &state.db;
    let page = |q: &str| CaseFilter { q: Some(q.into()), limit: 26, ..Default::default() };
    let lookup = support::median(200, || async {
        db.case_by_number("CS-2026-000777").await.unwrap().unwrap();
    })
    .await;
    let none = support::median(25, || async {
        assert!(db.list_cases(&CaseScope::Staff, &page("zzqqxx")).await.unwrap().is_empty());
    })
    .await;
    let rare = support::median(25, || async {
        assert_eq!(db.list_cases(&CaseScope::Staff, &page("quasar")).await.unwrap().len(), 10);
    })
    .await;
    let rare_account = support::median(25, || async {
        assert_eq!(db.list_cases(&CaseScope::Account(account.id.clone()), &page("quasar")).await.unwrap().len(), 5);
    })
    .await;
    let common = support::median(9, || async {
        assert_eq!(db.list_cases(&CaseScope::Account(account.id.clone()), &page("licence")).await.unwrap().len(), 26);
    })
    .await;
    println!("{:<52}{:>10}{:>9}", format!("case search, {count} cases"), "median", "ratio");
    for (label, d) in [
        ("case by number (baseline)", lookup),
        ("vendor: no match", none),
        ("vendor: a word 10 cases have", rare),
        ("admin: a word 5 of the account's cases have", rare_account),
        ("admin: a word many cases have, first page", common),
    ] {
        println!("{:<52}{:>8.2}ms{:>9.1}", label, d.as_secs_f64() * 1e3, d.as_secs_f64() / lookup.as_secs_f64());
    }

    // A product held by `holders` members, and one of its releases published.
    let product = seatwise_server::store::vendor::ProductRow { id: uuid::Uuid::new_v4().to_string(), code: "BENCH".into(), name: "Bench CAD".into(), kind: "product".into() };
    let mut t = db.begin().await.unwrap();
    db.insert_product(&mut *t, &product, 0).await.unwrap();
    t.commit().await.unwrap();
    let who = Staff { user: &staff, ip: "" };
    let release = catalogue::create_release(&state, &who, &product.id, &CreateReleaseRequest {
        version: "2027".into(), released_on: "2026-06-01".into(), supported_until: None, product_key: "B01".into(),
    }).await.unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let iso = |d: time::Date| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day());
    let (start, end) = (iso(today - time::Duration::days(10)), iso(today + time::Duration::days(300)));
    let contract = vendor::add_contract(&state, &staff, "", &account.id, &CreateContractRequest {
        number: "BENCH-1".into(), start_date: start.clone(), end_date: end.clone(),
        partner_name: String::new(), partner_email: String::new(), partner_phone: String::new(), currency: String::new(),
    }).await.unwrap();
    let sub = vendor::add_subscription(&state, &staff, "", &contract.id, &CreateSubscriptionRequest {
        product_id: product.id.clone(), licence_type: LicenceType::NamedUser, seats: holders as u32 + 10, term: Term::OneYear,
        start_date: start, end_date: end, auto_renew: false, cloud_credits: 0,
    }).await.unwrap();
    support::members_with_seats(&state, &account.id, &sub.id, &hash, holders).await;
    let count_sql = db.sql("SELECT COUNT(*) FROM assignments WHERE subscription_id = $1");
    let counted = support::median(25, || async {
        let n: i64 = sqlx::query_scalar(&count_sql).bind(&sub.id).fetch_one(db.pool()).await.unwrap();
        assert_eq!(n as usize, holders);
    })
    .await;
    // Publishing starts the job at once; timing it alone means waiting for that one to end.
    let t0 = Instant::now();
    home::publish(&state, &who, &product.id, &PublishUpdate { release_id: release.id.clone(), kind: UpdateKind::Release, file_id: None, note: String::new() })
        .await
        .unwrap();
    let mut mailed = 0;
    while mailed < holders {
        let done = home::run_notices(&state).await.unwrap();
        mailed = sqlx::query_scalar::<_, i64>(&db.sql("SELECT COUNT(*) FROM update_notices WHERE sent_at IS NOT NULL")).fetch_one(db.pool()).await.unwrap() as usize;
        if done.mailed == 0 && mailed < holders {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let job = t0.elapsed();
    println!("{:<52}{:>10}{:>9}", format!("update notices, {holders} holders"), "time", "ratio");
    println!("{:<52}{:>8.2}ms{:>9.1}", "count of the holders (baseline)", counted.as_secs_f64() * 1e3, 1.0);
    println!("{:<52}{:>8.0}ms{:>9.0}", "publish and mail every holder once", job.as_secs_f64() * 1e3, job.as_secs_f64() / counted.as_secs_f64());
    println!("  ({:.0} notices per second)", holders as f64 / job.as_secs_f64());
    let _ = stop.send(());
}

fn main() {
    support::on_both_databases("cases", bench);
}
