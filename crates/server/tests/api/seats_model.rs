//! A state-machine property test: random assign, unassign, remove-member and import steps
//! against a model. After every step the assignments of the subscription equal the model's
//! and never exceed its seats.

use std::collections::BTreeSet;

use base64::{engine::general_purpose::STANDARD, Engine};
use proptest::prelude::*;
use seatwise_api::ImportResult;
use serde_json::json;

use crate::{company::*, helpers::*};

#[derive(Debug, Clone)]
enum Step {
    Assign(usize),
    Unassign(usize),
    Remove(usize),
    /// Import this many new people asking for the product; each accepts at once.
    Import(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..6usize).prop_map(Step::Assign),
        2 => (0..6usize).prop_map(Step::Unassign),
        1 => (0..6usize).prop_map(Step::Remove),
        1 => (1..3usize).prop_map(Step::Import),
    ]
}

/// What the server should hold.
#[derive(Debug, Default)]
struct Model {
    seats: usize,
    /// Member ids still in the account.
    members: Vec<Option<String>>,
    holders: BTreeSet<String>,
}

async fn run_case(app: &TestApp, co: &Company, product_code: &str, seats: u32, steps: Vec<Step>, case: usize) -> Result<(), TestCaseError> {
    // A fresh subscription of `seats` seats and six fresh members per case.
    let v = co_vendor(app).await;
    let detail: serde_json::Value = app.get_as(&v, &format!("/vendor/accounts/{}", co.account_id)).await.json().await.unwrap();
    let contract = detail["contracts"][0]["id"].as_str().unwrap().to_string();
    let products: serde_json::Value = app.get_as(&v, "/vendor/products").await.json().await.unwrap();
    let product = products["products"].as_array().unwrap().iter().find(|p| p["code"] == product_code).unwrap()["id"].as_str().unwrap().to_string();
    let sub: seatwise_api::Subscription = app.post_as(&v, &format!("/vendor/contracts/{contract}/subscriptions"), &json!({
        "product_id": product, "licence_type": "named_user", "seats": seats, "term": "one_year",
        "start_date": "2026-01-01", "end_date": "2027-01-01"})).await.json().await.unwrap();
    let ids = add_members(app, co, &format!("c{case}m"), 6).await;
    let mut model = Model { seats: seats as usize, members: ids.into_iter().map(Some).collect(), holders: BTreeSet::new() };
    let mut imported = 0;
    for (n, s) in steps.iter().enumerate() {
        match *s {
            Step::Assign(i) | Step::Unassign(i) => {
                let on = matches!(s, Step::Assign(_));
                let Some(Some(user)) = model.members.get(i).cloned() else { continue };
                let r = co.manager.put(app.url(&format!("/accounts/{}/members/{user}/assignments/{}", co.account_id, sub.id)))
                    .json(&json!({"assigned": on})).send().await.unwrap();
                let status = r.status().as_u16();
                if on && !model.holders.contains(&user) && model.holders.len() == model.seats {
                    prop_assert_eq!(status, 409, "step {} {:?}", n, s);
                } else {
                    prop_assert_eq!(status, 200, "step {} {:?}", n, s);
                    if on { model.holders.insert(user); } else { model.holders.remove(&user); }
                }
            }
            Step::Remove(i) => {
                let Some(Some(user)) = model.members.get(i).cloned() else { continue };
                let r = app.post_as(&co.manager, &format!("/accounts/{}/members/{user}/remove", co.account_id), &json!({})).await;
                prop_assert_eq!(r.status().as_u16(), 204);
                model.members[i] = None;
                model.holders.remove(&user);
            }
            Step::Import(k) => {
                let rows: String = (0..k).map(|j| format!("c{case}i{}@example.com,I,P,,{product_code},\n", imported + j)).collect();
                let file = format!("email,first_name,last_name,team,products,role\n{rows}");
                let r: ImportResult = app.post_as(&co.manager, &format!("/accounts/{}/imports", co.account_id),
                    &json!({"file_base64": STANDARD.encode(file)})).await.json().await.unwrap();
                // The planner picks, per row, a subscription of the product with a free seat;
                // this case's subscription is the only one of its product.
                let free = model.seats - model.holders.len();
                prop_assert_eq!(r.invited as usize, k.min(free), "import: {:?}", r);
                let invited = r.invited as usize;
                for j in 0..invited {
                    let email = format!("c{case}i{}@example.com", imported + j);
                    let (_, me) = accept_as_new(app, &email).await;
                    let page: seatwise_api::MemberPage = app.get_as(&co.manager, &format!("/accounts/{}/members?q={}", co.account_id, me.email)).await.json().await.unwrap();
                    model.holders.insert(page.members[0].user_id.clone());
                }
                imported += k;
            }
        }
        let rows = app.db.count_assignments(&sub.id).await.unwrap() as usize;
        let (_, used) = app.db.seats(app.db.pool(), &sub.id).await.unwrap();
        prop_assert_eq!(rows, model.holders.len(), "after step {} {:?}", n, s);
        prop_assert_eq!(used as usize, rows);
        prop_assert!(rows <= model.seats);
    }
    Ok(())
}

async fn co_vendor(app: &TestApp) -> reqwest::Client {
    let c = app.new_browser();
    vendor_sign_in(app, &c, "staff@vendor.example").await;
    c
}

fn check(backend: Backend) {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let (app, co) = rt.block_on(async {
        let app = spawn_app(backend).await;
        let v = vendor(&app, "staff@vendor.example").await;
        let co = provision(&app, &v, "Model", 1).await;
        (app, co)
    });
    let cases: u32 = std::env::var("SEATWISE_PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(12);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases, max_shrink_iters: 20, ..ProptestConfig::default() });
    let counter = std::sync::atomic::AtomicUsize::new(0);
    let result = runner.run(&((1u32..5), proptest::collection::vec(step(), 1..14)), |(seats, steps)| {
        let case = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) + 1;
        // Each case gets its own product, so imports only ever hit this case's subscription.
        let code = format!("M{case}");
        rt.block_on(async {
            let v = co_vendor(&app).await;
            app.post_as(&v, "/vendor/products", &json!({"code": code, "name": format!("Model product {case}"), "kind": "product"})).await;
            run_case(&app, &co, &code, seats, steps, case).await
        })
    });
    drop(app);
    if let Err(e) = result {
        panic!("{e}");
    }
}

#[test]
fn seats_follow_the_model_sqlite() {
    check(Backend::Sqlite);
}

#[test]
fn seats_follow_the_model_postgres() {
    check(Backend::Postgres);
}
