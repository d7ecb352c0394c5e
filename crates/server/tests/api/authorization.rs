//! Walks docs/authorization.md: every endpoint, as every kind of caller.

use reqwest::{Client, Method};
use seatwise_api::{InvitationList, Team};
use serde_json::{json, Value};

use crate::{company::*, helpers::*, on_both_databases};

on_both_databases!(every_endpoint_checks_role_and_account);

struct Row {
    method: Method,
    path: String,
    body: String,
    expected: Vec<u16>,
}

fn table() -> Vec<Row> {
    let text = include_str!("../../../../docs/authorization.md");
    text.lines()
        .filter(|l| ["| GET ", "| POST ", "| PATCH ", "| PUT "].iter().any(|m| l.starts_with(m)))
        .map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 9, "a row has 9 cells: {l}");
            Row {
                method: cells[0].parse().unwrap(),
                path: cells[1].to_string(),
                body: cells[2].to_string(),
                expected: cells[3..].iter().map(|s| s.parse().unwrap()).collect(),
            }
        })
        .collect()
}

async fn every_endpoint_checks_role_and_account(b: Backend) {
    let app = spawn_app(b).await;
    let rows = table();
    assert!(rows.len() >= 30, "the table lists the endpoints");
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Home", 50).await;
    let other = provision(&app, &v, "Elsewhere", 1).await;
    let ids = add_members(&app, &co, "az", 3).await;
    // az0: user; az1: secondary admin; az2: the member the calls are about.
    let r = co.manager.patch(app.url(&format!("/accounts/{}/members/{}", co.account_id, ids[1]))).json(&json!({"role": "secondary_admin"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let signed_in = |email: &'static str| {
        let c = app.new_browser();
        let app = &app;
        async move {
            assert_eq!(app.sign_in_as(&c, email, PASSWORD).await.status(), 200);
            c
        }
    };
    let callers: Vec<(&str, Client)> = vec![
        ("anon", app.new_browser()),
        ("user", signed_in("az0@example.com").await),
        ("admin2", signed_in("az1@example.com").await),
        ("admin1", co.manager.clone()),
        ("other", other.manager.clone()),
        ("vendor", v.clone()),
    ];
    let team: Team = app.post_as(&co.manager, &format!("/accounts/{}/teams", co.account_id), &json!({"name": "Fixed"})).await.json().await.unwrap();
    let detail: Value = app.get_as(&v, &format!("/vendor/accounts/{}", co.account_id)).await.json().await.unwrap();
    let contract = detail["contracts"][0]["id"].as_str().unwrap().to_string();
    let products: Value = app.get_as(&v, "/vendor/products").await.json().await.unwrap();
    let product = products["products"][0]["id"].as_str().unwrap().to_string();

    let mut n = 0;
    let mut failures = vec![];
    for row in &rows {
        for (col, (who, client)) in callers.iter().enumerate() {
            n += 1;
            let mut path = row.path.clone();
            let mut body = row.body.clone();
            for (k, val) in [
                ("{account}", co.account_id.clone()),
                ("{user}", ids[2].clone()),
                ("{subscription}", co.subscription_id.clone()),
                ("{team}", team.id.clone()),
                ("{contract}", contract.clone()),
                ("{product}", product.clone()),
                ("{n}", n.to_string()),
            ] {
                path = path.replace(k, &val);
                body = body.replace(k, &val);
            }
            if path.contains("{fresh_team}") {
                let t: Team = app.post_as(&co.manager, &format!("/accounts/{}/teams", co.account_id), &json!({"name": format!("Fresh {n}")})).await.json().await.unwrap();
                path = path.replace("{fresh_team}", &t.id);
            }
            if path.contains("{fresh_invitation}") {
                let l: InvitationList = app.post_as(&co.manager, &format!("/accounts/{}/invitations", co.account_id),
                    &json!({"invitations": [{"email": format!("fresh{n}@example.com"), "first_name": "F", "last_name": "I"}]})).await.json().await.unwrap();
                path = path.replace("{fresh_invitation}", &l.invitations[0].id);
            }
            if path.contains("{fresh_member}") {
                let id = add_members(&app, &co, &format!("fm{n}x"), 1).await.remove(0);
                path = path.replace("{fresh_member}", &id);
            }
            let url = app.url(&path);
            let mut req = client.request(row.method.clone(), &url);
            if !body.is_empty() {
                req = req.header("content-type", "application/json").body(body.clone());
            }
            let status = req.send().await.unwrap().status().as_u16();
            if status != row.expected[col] {
                failures.push(format!("{} {} as {who}: expected {}, got {status}", row.method, row.path, row.expected[col]));
            }
        }
    }
    assert!(failures.is_empty(), "{} of {n} calls differ from docs/authorization.md:\n{}", failures.len(), failures.join("\n"));
}
