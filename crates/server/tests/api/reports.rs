//! The admins' reports, on data made by the licensing API: seat usage by product and by person,
//! licence distribution by team, cloud credits with a forecast, downloads, and their exports.

use seatwise_api::{
    CloudUsageReport, CreatedReportToken, DownloadsReport, ErrorCode, InsightsReport, ReportScope, ReportTokenList, SeatUsageReport, Team,
    UserUsagePage,
};
use serde_json::json;

use crate::{
    helpers::*,
    licensing::{cloud_subscription, device_sign_in},
    on_both_databases,
    products::*,
};

on_both_databases!(reports_count_what_the_desktop_products_did, report_tokens_read_their_scopes_until_revoked);

async fn call(app: &TestApp, token: &str, path: &str, body: serde_json::Value) -> u16 {
    let r = reqwest::Client::new().post(app.url(path)).bearer_auth(token).json(&body).send().await.unwrap();
    r.status().as_u16()
}

fn day(app: &TestApp, offset: i64) -> String {
    use seatwise_server::clock::Clock;
    let d = app.clock.now().date() + time::Duration::days(offset);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

async fn reports_count_what_the_desktop_products_did(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let cloud = cloud_subscription(&app, &s, 1000).await;
    let (pia, pia_id) = member(&app, &s.co, "pia@example.com").await;
    let (ana, ana_id) = member(&app, &s.co, "ana@example.com").await;
    let (_, bob_id) = member(&app, &s.co, "bob@example.com").await;
    set_seat(&app, &s.co, &pia_id, &s.co.subscription_id, true).await;
    set_seat(&app, &s.co, &bob_id, &s.co.subscription_id, true).await;
    set_seat(&app, &s.co, &ana_id, &cloud.id, true).await;
    let team: Team = app.post_as(&s.co.manager, &format!("/accounts/{}/teams", s.co.account_id), &json!({"name": "Design"})).await.json().await.unwrap();
    let r = s.co.manager.patch(app.url(&format!("/accounts/{}/members/{pia_id}", s.co.account_id))).json(&json!({"team_ids": [team.id]})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // A download of the current installer.
    let file = &s.installers[0].1;
    assert_eq!(app.get_as(&s.co.manager, &format!("/accounts/{}/files/{file}/download", s.co.account_id)).await.status(), 200);

    // Ana ran it 40 days ago and consumed credits; Pia ran it yesterday and today; Bob never.
    let ana_pc = device_sign_in(&app, &ana, "ANA-PC").await;
    let long_ago = day(&app, 0);
    let run = json!({"product": s.code, "version": "2027"});
    assert_eq!(call(&app, &ana_pc.access_token, "/licensing/checkout", run.clone()).await, 200);
    assert_eq!(call(&app, &ana_pc.access_token, "/licensing/heartbeat", run.clone()).await, 200);
    assert_eq!(call(&app, &ana_pc.access_token, "/licensing/usage", json!({"idempotency_key": "a1", "product": s.code, "credits": 100})).await, 200);
    app.advance(time::Duration::days(40));
    assert_eq!(app.sign_in_as(&pia, "pia@example.com", PASSWORD).await.status(), 200);
    let pia_pc = device_sign_in(&app, &pia, "PIA-PC").await;
    assert_eq!(call(&app, &pia_pc.access_token, "/licensing/checkout", run.clone()).await, 200);
    for _ in 0..2 {
        assert_eq!(call(&app, &pia_pc.access_token, "/licensing/heartbeat", run.clone()).await, 200);
    }
    app.advance(time::Duration::days(1));
    assert_eq!(call(&app, &pia_pc.access_token, "/licensing/heartbeat", run.clone()).await, 200);
    assert_eq!(call(&app, &ana_pc.access_token, "/licensing/usage", json!({"idempotency_key": "a2", "product": s.code, "credits": 60})).await, 200);
    let manager = app.new_browser();
    assert_eq!(app.sign_in_as(&manager, "manager.northwind@example.com", PASSWORD).await.status(), 200);
    let base = format!("/accounts/{}/reports", s.co.account_id);
    let get = |path: String| {
        let app = &app;
        let c = manager.clone();
        async move {
            let r = app.get_as(&c, &path).await;
            assert_eq!(r.status(), 200, "{path}: {}", r.text().await.unwrap());
            r
        }
    };

    // Seats by product: the last 30 days by default, then a range back to Ana's day.
    let report: SeatUsageReport = get(format!("{base}/seat-usage")).await.json().await.unwrap();
    assert_eq!(report.to, day(&app, 0));
    let p = &report.products[0];
    assert_eq!((p.product_code.as_str(), p.bought, p.assigned, p.used, p.never_used), (s.code.as_str(), 4, 3, 1, 1));
    let report: SeatUsageReport = get(format!("{base}/seat-usage?from={long_ago}")).await.json().await.unwrap();
    assert_eq!(report.products[0].used, 2);

    // By person, a page at a time.
    let page: UserUsagePage = get(format!("{base}/seat-usage/users?limit=2")).await.json().await.unwrap();
    assert_eq!(page.users.len(), 2);
    let next = page.next_cursor.clone().expect("more people follow");
    let rest: UserUsagePage = get(format!("{base}/seat-usage/users?limit=2&cursor={next}")).await.json().await.unwrap();
    let all: Vec<_> = page.users.iter().chain(rest.users.iter()).collect();
    assert_eq!(all.len(), 4, "manager, pia, ana, bob");
    let pia_row = all.iter().find(|u| u.email == "pia@example.com").unwrap();
    assert_eq!(pia_row.team.as_deref(), Some("Design"));
    assert_eq!((pia_row.products[0].days_used, pia_row.products[0].last_used.is_some()), (2, true));
    let bob_row = all.iter().find(|u| u.email == "bob@example.com").unwrap();
    assert_eq!((bob_row.products[0].days_used, bob_row.products[0].last_used.is_none()), (0, true));
    let ana_row = all.iter().find(|u| u.email == "ana@example.com").unwrap();
    assert_eq!(ana_row.products[0].days_used, 0, "40 days ago is outside the last 30");
    let found: UserUsagePage = get(format!("{base}/seat-usage/users?q=PIA")).await.json().await.unwrap();
    assert_eq!(found.users.len(), 1);

    // Licence distribution by team.
    let insights: InsightsReport = get(format!("{base}/insights")).await.json().await.unwrap();
    let main = insights.licences.iter().find(|l| l.subscription_id == s.co.subscription_id).unwrap();
    assert_eq!(main.assigned, 2);
    let mut teams: Vec<(Option<&str>, u64)> = main.teams.iter().map(|t| (t.team_name.as_deref(), t.seats)).collect();
    teams.sort();
    assert_eq!(teams, [(None, 1), (Some("Design"), 1)]);

    // Cloud credits: balance, months, the range, the forecast at the last 30 days' rate.
    let cloud_report: CloudUsageReport = get(format!("{base}/cloud-usage")).await.json().await.unwrap();
    let c = &cloud_report.subscriptions[0];
    assert_eq!((c.total, c.consumed, c.balance, c.consumed_in_range), (1000, 160, 840, 60));
    assert_eq!(c.months.len(), 12);
    assert_eq!(c.months.iter().map(|m| m.credits).sum::<u64>(), 160);
    // 60 credits in 30 days: 840 more last 420 days.
    assert_eq!(c.runs_out_on.as_deref(), Some(day(&app, 420).as_str()));
    assert_eq!(cloud_report.contracts[0].contract_number, "CLOUD-1");
    assert_eq!(cloud_report.users.len(), 1);
    assert_eq!((cloud_report.users[0].email.as_str(), cloud_report.users[0].credits), ("ana@example.com", 60));
    let wide: CloudUsageReport = get(format!("{base}/cloud-usage?from={long_ago}")).await.json().await.unwrap();
    assert_eq!(wide.users[0].credits, 160);

    // Downloads per version.
    let d: DownloadsReport = get(format!("{base}/downloads?from={long_ago}")).await.json().await.unwrap();
    assert_eq!((d.versions[0].version.as_str(), d.versions[0].downloads), ("2027", 1));

    // Exports.
    let csv = get(format!("{base}/seat-usage/export.csv")).await.text().await.unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(&format!("{},AutoCAD,4,3,1,1", s.code)), "{csv}");
    let xlsx = get(format!("{base}/seat-usage/export.xlsx")).await;
    assert_eq!(xlsx.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));
    let csv = get(format!("{base}/seat-usage/users/export.csv")).await.text().await.unwrap();
    assert!(csv.contains("pia@example.com") && csv.contains("bob@example.com"), "{csv}");
    let csv = get(format!("{base}/cloud-usage/export.csv")).await.text().await.unwrap();
    assert!(csv.contains("CLOUD-1") && csv.contains(",1000,160,840,60,"), "{csv}");
    let csv = get(format!("{base}/cloud-usage/users/export.csv")).await.text().await.unwrap();
    assert!(csv.contains("ana@example.com,60"), "{csv}");
    let csv = get(format!("{base}/downloads/export.csv")).await.text().await.unwrap();
    assert_eq!(csv.lines().count(), 1, "no download in the last 30 days: {csv}");

    // The raw events can go: the reports read the rollups.
    app.db.purge_licensing_events(i64::MAX).await.unwrap();
    let again: SeatUsageReport = get(format!("{base}/seat-usage?from={long_ago}")).await.json().await.unwrap();
    assert_eq!(again.products[0].used, 2);
    let again: CloudUsageReport = get(format!("{base}/cloud-usage")).await.json().await.unwrap();
    assert_eq!(again.subscriptions[0].consumed_in_range, 60);

    // Bad ranges and pages; members and other accounts see nothing.
    assert_error(app.get_as(&manager, &format!("{base}/seat-usage?from=2026-13-01")).await, 422, ErrorCode::ValidationFailed).await;
    assert_error(app.get_as(&manager, &format!("{base}/seat-usage?from={}&to={long_ago}", day(&app, 0))).await, 422, ErrorCode::ValidationFailed).await;
    assert_error(app.get_as(&manager, &format!("{base}/seat-usage?from=2020-01-01")).await, 422, ErrorCode::ValidationFailed).await;
    // The calendar's last day: refused, not an overflow.
    assert_error(app.get_as(&manager, &format!("{base}/downloads?to=9999-12-31")).await, 422, ErrorCode::ValidationFailed).await;
    assert_error(app.get_as(&manager, &format!("{base}/cloud-usage?from=0001-01-01&to=0001-01-02")).await, 422, ErrorCode::ValidationFailed).await;
    assert_error(app.get_as(&manager, &format!("{base}/seat-usage/users?limit=0")).await, 422, ErrorCode::ValidationFailed).await;
    assert_error(app.get_as(&manager, &format!("{base}/seat-usage/users?cursor=zz")).await, 400, ErrorCode::InvalidQuery).await;
    assert_eq!(app.sign_in_as(&pia, "pia@example.com", PASSWORD).await.status(), 200);
    assert_error(app.get_as(&pia, &format!("{base}/seat-usage")).await, 403, ErrorCode::Forbidden).await;
}

/// Turns the premium plan on or off in the database (the plan's own rules are tested in
/// `billing.rs`; they need ten subscriptions).
pub async fn set_premium(app: &TestApp, account: &str, on: bool) {
    use seatwise_server::clock::Clock;
    let mut tx = app.db.begin().await.unwrap();
    app.db.set_premium(&mut tx, account, on.then(|| app.clock.unix())).await.unwrap();
    tx.commit().await.unwrap();
}

/// Creates a usage-report token as the account's contract manager.
pub async fn report_token(app: &TestApp, co: &crate::company::Company, scopes: &[ReportScope]) -> CreatedReportToken {
    let r = app
        .post_as(&co.manager, &format!("/accounts/{}/report-tokens", co.account_id), &json!({"name": "BI", "scopes": scopes, "days": 30}))
        .await;
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn report_tokens_read_their_scopes_until_revoked(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let account = s.co.account_id.clone();
    let tokens = format!("/accounts/{account}/report-tokens");
    let new = json!({"name": "Power BI", "scopes": ["cloud_usage", "seat_usage"], "days": 90});
    let (bob, bob_id) = member(&app, &s.co, "bob@example.com").await;
    let (pia, member_id) = member(&app, &s.co, "pia@example.com").await;
    let member = pia;
    drop(bob);
    set_seat(&app, &s.co, &member_id, &s.co.subscription_id, true).await;
    set_seat(&app, &s.co, &bob_id, &s.co.subscription_id, true).await;

    // Without the premium plan: none. A member may neither list nor create; bad input names its fields.
    assert_error(app.post_as(&s.co.manager, &tokens, &new).await, 409, ErrorCode::PremiumRequired).await;
    assert_error(app.post_as(&member, &tokens, &new).await, 403, ErrorCode::Forbidden).await;
    assert_error(app.get_as(&member, &tokens).await, 403, ErrorCode::Forbidden).await;
    let e = assert_error(app.post_as(&s.co.manager, &tokens, &json!({"name": " ", "scopes": [], "days": 0})).await, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(e.fields.keys().map(String::as_str).collect::<Vec<_>>(), ["days", "name", "scopes"]);
    set_premium(&app, &account, true).await;

    // Created once with its secret; listed with a hint only.
    let r = app.post_as(&s.co.manager, &tokens, &new).await;
    assert_eq!(r.status(), 201);
    let created: CreatedReportToken = r.json().await.unwrap();
    let secret = created.secret.clone();
    assert!(secret.starts_with("swr_") && secret.len() > 40, "{secret}");
    assert_eq!(created.token.scopes, [ReportScope::SeatUsage, ReportScope::CloudUsage]);
    let list = app.get_as(&s.co.manager, &tokens).await.text().await.unwrap();
    assert!(!list.contains(&secret) && list.contains(&secret[..8]), "{list}");
    let list: ReportTokenList = serde_json::from_str(&list).unwrap();
    assert!(list.premium && list.tokens[0].live && list.tokens[0].last_used_at.is_none());

    // It reads the reports its scopes open, as JSON and CSV, with no cookie.
    let api = reqwest::Client::new();
    let get = |path: String| api.get(app.url(&path)).bearer_auth(&secret).send();
    let r = get(format!("/accounts/{account}/reports/seat-usage")).await.unwrap();
    assert_eq!(r.status(), 200);
    let seats: SeatUsageReport = r.json().await.unwrap();
    assert!(seats.products[0].assigned >= 2, "{seats:?}");
    let r = get(format!("/accounts/{account}/reports/cloud-usage/export.csv")).await.unwrap();
    assert_eq!((r.status().as_u16(), r.headers()["content-type"].to_str().unwrap()), (200, "text/csv; charset=utf-8"));
    // Keyset paging: a page at a time, as JSON (next_cursor) and CSV (a Link header).
    let page: UserUsagePage = get(format!("/accounts/{account}/reports/seat-usage/users?limit=1")).await.unwrap().json().await.unwrap();
    assert_eq!(page.users.len(), 1);
    let cursor = page.next_cursor.clone().expect("a second page");
    let second: UserUsagePage = get(format!("/accounts/{account}/reports/seat-usage/users?limit=1&cursor={cursor}")).await.unwrap().json().await.unwrap();
    assert_ne!(second.users[0].user_id, page.users[0].user_id);
    let all = get(format!("/accounts/{account}/reports/seat-usage/users/export.csv")).await.unwrap();
    assert!(all.headers().get("link").is_none());
    let all = all.text().await.unwrap();
    let (mut next, mut paged, mut pages) = (Some(format!("/accounts/{account}/reports/seat-usage/users/export.csv?limit=1")), vec![], 0);
    while let Some(path) = next.take() {
        let r = get(path).await.unwrap();
        assert_eq!(r.status(), 200);
        if let Some(link) = r.headers().get("link") {
            let link = link.to_str().unwrap();
            assert!(link.contains("cursor=") && link.ends_with("rel=\"next\""), "{link}");
            next = Some(link.trim_start_matches('<').split('>').next().unwrap().trim_start_matches("/api/v1").to_string());
        }
        let text = r.text().await.unwrap();
        paged.extend(text.lines().skip(1).map(String::from));
        pages += 1;
    }
    assert!(pages >= 2, "{pages} pages");
    assert_eq!(paged, all.lines().skip(1).map(String::from).collect::<Vec<_>>());

    // Not the reports outside its scopes, nor another account's.
    assert_error(get(format!("/accounts/{account}/reports/insights")).await.unwrap(), 403, ErrorCode::InsufficientScope).await;
    assert_error(get(format!("/accounts/{account}/reports/downloads")).await.unwrap(), 403, ErrorCode::InsufficientScope).await;
    let elsewhere = crate::company::provision(&app, &s.vendor, "Elsewhere", 1).await;
    assert_error(get(format!("/accounts/{}/reports/seat-usage", elsewhere.account_id)).await.unwrap(), 404, ErrorCode::NotFound).await;
    // Nor anything but the reports: it is no session.
    assert_error(get(format!("/accounts/{account}/members")).await.unwrap(), 401, ErrorCode::Unauthenticated).await;
    let list: ReportTokenList = app.get_as(&s.co.manager, &tokens).await.json().await.unwrap();
    assert!(list.tokens[0].last_used_at.is_some());

    // Without the premium plan the token reads nothing; with it again, it does.
    set_premium(&app, &account, false).await;
    assert_error(get(format!("/accounts/{account}/reports/seat-usage")).await.unwrap(), 403, ErrorCode::PremiumRequired).await;
    set_premium(&app, &account, true).await;
    assert_eq!(get(format!("/accounts/{account}/reports/seat-usage")).await.unwrap().status(), 200);

    // Revoked: refused at once, and the activity log has both changes.
    let r = app.delete_as(&s.co.manager, &format!("{tokens}/{}", created.token.id)).await;
    assert_eq!(r.status(), 200);
    let revoked: seatwise_api::ReportToken = r.json().await.unwrap();
    assert!(!revoked.live && revoked.revoked_at.is_some());
    let r = get(format!("/accounts/{account}/reports/seat-usage")).await.unwrap();
    assert_eq!(r.headers()["www-authenticate"], "Bearer error=\"invalid_token\"");
    assert_error(r, 401, ErrorCode::Unauthenticated).await;
    assert_error(app.delete_as(&member, &format!("{tokens}/{}", created.token.id)).await, 403, ErrorCode::Forbidden).await;
    assert_error(app.delete_as(&elsewhere.manager, &format!("/accounts/{}/report-tokens/{}", elsewhere.account_id, created.token.id)).await,
        404, ErrorCode::NotFound).await;
    let activity = app.get_as(&s.co.manager, &format!("/accounts/{account}/activity")).await.text().await.unwrap();
    assert!(activity.contains("report_token.created") && activity.contains("report_token.revoked"), "{activity}");
    assert!(!activity.contains(&secret));

    // Expired after its days.
    let short = report_token(&app, &s.co, &[ReportScope::Insights]).await;
    assert_eq!(api.get(app.url(&format!("/accounts/{account}/reports/insights"))).bearer_auth(&short.secret).send().await.unwrap().status(), 200);
    app.advance(time::Duration::days(31));
    assert_eq!(api.get(app.url(&format!("/accounts/{account}/reports/insights"))).bearer_auth(&short.secret).send().await.unwrap().status(), 401);
}
