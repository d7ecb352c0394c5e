//! Walks docs/authorization.md: every endpoint, as every kind of caller.

use reqwest::{Client, Method};
use seatwise_api::{InvitationList, Team};
use serde_json::{json, Value};

use crate::{company::*, helpers::*, on_both_databases};

on_both_databases!(
    every_endpoint_checks_role_and_account,
    every_route_has_a_row_and_a_description,
    device_token_calls_check_the_token,
    report_tokens_check_scope_account_and_plan
);

struct Row {
    method: Method,
    path: String,
    body: String,
    expected: Vec<u16>,
}

fn table() -> Vec<Row> {
    let text = include_str!("../../../../docs/authorization.md");
    text.lines()
        .filter(|l| ["| GET ", "| POST ", "| PATCH ", "| PUT ", "| DELETE "].iter().any(|m| l.starts_with(m)))
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
    // The home account's product, a release with an installer, a request and a shared package.
    let subs: Value = app.get_as(&co.manager, &format!("/accounts/{}/subscriptions", co.account_id)).await.json().await.unwrap();
    let code = subs["subscriptions"][0]["product_code"].as_str().unwrap().to_string();
    let catalogue: Value = app.get_as(&v, "/vendor/catalogue").await.json().await.unwrap();
    let home_product = catalogue["products"].as_array().unwrap().iter().find(|p| p["code"] == code.as_str()).unwrap()["id"]
        .as_str().unwrap().to_string();
    let release = post_ok(&app, &v, &format!("/vendor/products/{home_product}/releases"),
        json!({"version": "2026", "released_on": "2026-01-01", "product_key": "K1"})).await["id"].as_str().unwrap().to_string();
    let file: Value = v.post(app.url(&format!("/vendor/releases/{release}/files?platform=windows&language=en&kind=installer&title=T&file_name=t.exe")))
        .header("content-type", "application/octet-stream").body("installer").send().await.unwrap().json().await.unwrap();
    let file = file["id"].as_str().unwrap().to_string();
    let media = json!({"kind": "physical_media", "product_code": code, "subscription_id": co.subscription_id, "version": "2026",
        "language": "en", "shipping": {"name": "N", "street": "S 1", "postal_code": "1000", "city": "C", "country": "SI"}});
    let request = post_ok(&app, &co.manager, &format!("/accounts/{}/requests", co.account_id), media.clone()).await["id"]
        .as_str().unwrap().to_string();
    let package = post_ok(&app, &co.manager, &format!("/accounts/{}/packages", co.account_id), json!({
        "name": "Fixed", "platform": "windows", "language": "en", "items": [{"product_code": code, "version": "2026"}],
        "options": {"include_updates": false, "include_add_ons": false, "include_language_packs": false, "desktop_shortcuts": false},
        "shared": true})).await["id"].as_str().unwrap().to_string();

    // Support cases: one of {user} (az2) with an attachment, one of the user (az0).
    let az2 = signed_in("az2@example.com").await;
    let az0 = &callers[1].1;
    let attachment: Value = az2.post(app.url("/support/attachments?name=log.txt")).header("content-type", "application/octet-stream")
        .body("log line").send().await.unwrap().json().await.unwrap();
    let attachment = attachment["id"].as_str().unwrap().to_string();
    let open_case = |c: Client, subject: &'static str, attachments: Vec<String>| {
        let app = &app;
        let account = co.account_id.clone();
        async move {
            let d = post_ok(app, &c, &format!("/accounts/{account}/cases"), json!({"category": "other", "severity": "low",
                "subject": subject, "description": "D", "attachment_ids": attachments})).await;
            d["case"]["id"].as_str().unwrap().to_string()
        }
    };
    let case = open_case(az2.clone(), "Theirs", vec![attachment.clone()]).await;
    let user_case = open_case(az0.clone(), "Mine", vec![]).await;

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
                ("{home_product}", home_product.clone()),
                ("{code}", code.clone()),
                ("{release}", release.clone()),
                ("{file}", file.clone()),
                ("{request}", request.clone()),
                ("{package}", package.clone()),
                ("{case}", case.clone()),
                ("{user_case}", user_case.clone()),
                ("{attachment}", attachment.clone()),
                // A user code no device asked for.
                ("{user_code}", "BCDF-GHJK".to_string()),
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
            if path.contains("{fresh_request}") {
                let r = post_ok(&app, &co.manager, &format!("/accounts/{}/requests", co.account_id), media.clone()).await;
                path = path.replace("{fresh_request}", r["id"].as_str().unwrap());
            }
            if path.contains("{fresh_package}") {
                let p = post_ok(&app, &co.manager, &format!("/accounts/{}/packages", co.account_id), json!({
                    "name": format!("Fresh {n}"), "platform": "windows", "language": "en", "items": [{"product_code": code, "version": "2026"}],
                    "options": {"include_updates": false, "include_add_ons": false, "include_language_packs": false, "desktop_shortcuts": false},
                    "shared": true})).await;
                path = path.replace("{fresh_package}", p["id"].as_str().unwrap());
            }
            if path.contains("{fresh_file}") {
                let f: Value = v.post(app.url(&format!("/vendor/releases/{release}/files?platform=windows&language=en&kind=installer&title=T&file_name=f{n}.exe")))
                    .header("content-type", "application/octet-stream").body(format!("fresh {n}")).send().await.unwrap().json().await.unwrap();
                path = path.replace("{fresh_file}", f["id"].as_str().unwrap());
            }
            if path.contains("{fresh_case}") {
                let id = open_case(az2.clone(), "Fresh", vec![]).await;
                path = path.replace("{fresh_case}", &id);
            }
            if path.contains("{fresh_member}") {
                let id = add_members(&app, &co, &format!("fm{n}x"), 1).await.remove(0);
                path = path.replace("{fresh_member}", &id);
            }
            let url = app.url(&path);
            let mut req = client.request(row.method.clone(), &url);
            if let Some(form) = body.strip_prefix("form:") {
                req = req.header("content-type", "application/x-www-form-urlencoded").body(form.to_string());
            } else if !body.is_empty() {
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

/// The router's routes (as registered, each with its OpenAPI description): every one has a row
/// in docs/authorization.md, every row is a route, and the served document lists them all.
async fn every_route_has_a_row_and_a_description(b: Backend) {
    let app = spawn_app(b).await;
    let (_, doc) = seatwise_server::http::api(&app.state);
    let routes: std::collections::BTreeSet<(String, String)> =
        seatwise_server::http::openapi::operations(&doc).into_iter().map(|(m, p)| (m.to_uppercase(), p)).collect();
    assert!(routes.len() >= 70, "{routes:?}");
    // Placeholder names differ between the table and the router ({fresh_team} vs {team}).
    let shape = |p: &str| {
        let p = p.split('?').next().unwrap();
        p.split('/').map(|seg| if seg.starts_with('{') { "{}" } else { seg }).collect::<Vec<_>>().join("/")
    };
    let rows: std::collections::BTreeSet<(String, String)> =
        table().into_iter().map(|r| (r.method.to_string(), shape(&r.path))).collect();
    let routed: std::collections::BTreeSet<(String, String)> = routes.iter().map(|(m, p)| (m.clone(), shape(p))).collect();
    let no_row: Vec<_> = routed.difference(&rows).collect();
    assert!(no_row.is_empty(), "routes without a row in docs/authorization.md: {no_row:?}");
    let no_route: Vec<_> = rows.difference(&routed).collect();
    assert!(no_route.is_empty(), "rows in docs/authorization.md that are no route: {no_route:?}");
    // The served document is this one.
    let served: Value = app.get("/openapi.json").await.json().await.unwrap();
    let mut listed = std::collections::BTreeSet::new();
    for (path, item) in served["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            listed.insert((method.to_uppercase(), path.clone()));
        }
    }
    assert_eq!(listed, routes);
    // Operation ids name one operation each (links and clients find operations by them).
    let mut ids = std::collections::BTreeMap::new();
    for item in served["paths"].as_object().unwrap().values() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"].as_str().unwrap_or_default().to_string();
            assert!(ids.insert(id.clone(), method.clone()).is_none(), "operationId {id} twice");
        }
    }
    // And each route is really routed: its method on its path reaches a handler, not the
    // fallbacks (405 for a known path with another method, 404 with no route at all).
    for (method, path) in &routes {
        let url = app.url(&path.replace('{', "x").replace('}', ""));
        let r = app.new_browser().request(method.parse().unwrap(), &url).send().await.unwrap();
        assert_ne!(r.status(), 405, "{method} {path}");
        assert!(r.headers().get("x-seatwise-unrouted").is_none(), "{method} {path} is not routed");
    }
}

struct TokenRow {
    method: Method,
    path: String,
    body: String,
    expected: Vec<u16>,
}

fn token_table() -> Vec<TokenRow> {
    let text = include_str!("../../../../docs/authorization.md");
    text.lines()
        .filter(|l| l.starts_with("| token "))
        .map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 8, "a device-token row has 8 cells: {l}");
            TokenRow {
                method: cells[1].parse().unwrap(),
                path: cells[2].to_string(),
                body: cells[3].to_string(),
                expected: cells[4..].iter().map(|s| s.parse().unwrap()).collect(),
            }
        })
        .collect()
}

/// Walks the device-token table of docs/authorization.md.
async fn device_token_calls_check_the_token(b: Backend) {
    let app = spawn_app(b).await;
    let rows = token_table();
    assert!(rows.len() >= 5, "the table lists the licensing calls");
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Home", 5).await;
    let subs: Value = app.get_as(&co.manager, &format!("/accounts/{}/subscriptions", co.account_id)).await.json().await.unwrap();
    let code = subs["subscriptions"][0]["product_code"].as_str().unwrap().to_string();
    let catalogue: Value = app.get_as(&v, "/vendor/catalogue").await.json().await.unwrap();
    let product = catalogue["products"].as_array().unwrap().iter().find(|p| p["code"] == code.as_str()).unwrap()["id"]
        .as_str().unwrap().to_string();
    post_ok(&app, &v, &format!("/vendor/products/{product}/releases"),
        json!({"version": "2026", "released_on": "2026-01-01", "product_key": "K1"})).await;
    let ids = add_members(&app, &co, "tk", 3).await;
    let person = |i: usize| {
        let app = &app;
        async move {
            let c = app.new_browser();
            assert_eq!(app.sign_in_as(&c, &format!("tk{i}@example.com"), PASSWORD).await.status(), 200);
            c
        }
    };
    let (noseat, seat, gone) = (person(0).await, person(1).await, person(2).await);
    let r = co.manager.put(app.url(&format!("/accounts/{}/members/{}/assignments/{}", co.account_id, ids[1], co.subscription_id)))
        .json(&json!({"assigned": true})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let noseat = crate::licensing::device_sign_in(&app, &noseat, "NOSEAT-PC").await.access_token;
    let seat = crate::licensing::device_sign_in(&app, &seat, "SEAT-PC").await.access_token;
    let deactivated = crate::licensing::device_sign_in(&app, &gone, "GONE-PC").await;
    assert_eq!(app.post_as(&gone, &format!("/me/devices/{}/deactivate", deactivated.device_id), &json!({})).await.status(), 204);
    let package = post_ok(&app, &co.manager, &format!("/accounts/{}/packages", co.account_id), json!({
        "name": "Shared", "platform": "windows", "language": "en", "items": [{"product_code": code, "version": "2026"}],
        "options": {"include_updates": false, "include_add_ons": false, "include_language_packs": false, "desktop_shortcuts": false},
        "shared": true})).await["id"].as_str().unwrap().to_string();
    let callers = [("none", None), ("noseat", Some(noseat)), ("seat", Some(seat)), ("deactivated", Some(deactivated.access_token))];

    let desktop = Client::new();
    let mut failures = vec![];
    for (col, (who, token)) in callers.iter().enumerate() {
        for row in &rows {
            let body = row.body.replace("{code}", &code);
            let path = row.path.replace("{code}", &code).replace("{package}", &package);
            let mut req = desktop.request(row.method.clone(), app.url(&path));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            if !body.is_empty() {
                req = req.header("content-type", "application/json").body(body);
            }
            let status = req.send().await.unwrap().status().as_u16();
            if status != row.expected[col] {
                failures.push(format!("{} {} as {who}: expected {}, got {status}", row.method, row.path, row.expected[col]));
            }
        }
    }
    assert!(failures.is_empty(), "{} calls differ from docs/authorization.md:\n{}", failures.len(), failures.join("\n"));
}

/// The usage-report token table of docs/authorization.md: (path, expected per caller).
fn report_table() -> Vec<(String, Vec<u16>)> {
    let text = include_str!("../../../../docs/authorization.md");
    text.lines()
        .filter(|l| l.starts_with("| report "))
        .map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').map(str::trim).collect();
            assert_eq!(cells.len(), 9, "a report-token row has 9 cells: {l}");
            assert_eq!(cells[1], "GET", "tokens only read: {l}");
            (cells[2].to_string(), cells[3..].iter().map(|s| s.parse().unwrap()).collect())
        })
        .collect()
}

/// Walks the usage-report token table of docs/authorization.md.
async fn report_tokens_check_scope_account_and_plan(b: Backend) {
    use seatwise_api::ReportScope;
    let app = spawn_app(b).await;
    let rows = report_table();
    assert!(rows.len() >= 11, "the table lists every report");
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Home", 5).await;
    let other = provision(&app, &v, "Elsewhere", 5).await;
    add_members(&app, &co, "rt", 2).await;
    for c in [&co, &other] {
        crate::reports::set_premium(&app, &c.account_id, true).await;
    }
    let insights = crate::reports::report_token(&app, &co, &[ReportScope::Insights]).await.secret;
    let all = crate::reports::report_token(&app, &co, &ReportScope::ALL).await.secret;
    let foreign = crate::reports::report_token(&app, &other, &ReportScope::ALL).await.secret;
    let revoked = crate::reports::report_token(&app, &co, &ReportScope::ALL).await;
    let r = app.delete_as(&co.manager, &format!("/accounts/{}/report-tokens/{}", co.account_id, revoked.token.id)).await;
    assert_eq!(r.status(), 200);
    let callers = [("none", None), ("insights", Some(insights)), ("all", Some(all.clone())), ("foreign", Some(foreign)), ("revoked", Some(revoked.secret))];

    let tool = Client::new();
    let mut failures = vec![];
    let mut walk = |col: usize, who: &str, status: u16, row: &(String, Vec<u16>)| {
        if status != row.1[col] {
            failures.push(format!("GET {} as {who}: expected {}, got {status}", row.0, row.1[col]));
        }
    };
    for (col, (who, token)) in callers.iter().enumerate() {
        for row in &rows {
            let mut req = tool.get(app.url(&row.0.replace("{account}", &co.account_id)));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            walk(col, who, req.send().await.unwrap().status().as_u16(), row);
        }
    }
    crate::reports::set_premium(&app, &co.account_id, false).await;
    for row in &rows {
        let status = tool.get(app.url(&row.0.replace("{account}", &co.account_id))).bearer_auth(&all).send().await.unwrap().status().as_u16();
        walk(5, "lapsed", status, row);
    }
    assert!(failures.is_empty(), "{} calls differ from docs/authorization.md:\n{}", failures.len(), failures.join("\n"));
}
