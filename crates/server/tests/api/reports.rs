//! The admins' reports, on data made by the licensing API: seat usage by product and by person,
//! licence distribution by team, cloud credits with a forecast, downloads, and their exports.

use seatwise_api::{CloudUsageReport, DownloadsReport, ErrorCode, InsightsReport, SeatUsageReport, Team, UserUsagePage};
use serde_json::json;

use crate::{
    helpers::*,
    licensing::{cloud_subscription, device_sign_in},
    on_both_databases,
    products::*,
};

on_both_databases!(reports_count_what_the_desktop_products_did);

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
    let r = s.co.manager.patch(app.url(&format!("/accounts/{}/members/{pia_id}", s.co.account_id))).json(&json!({"team_id": team.id})).send().await.unwrap();
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
