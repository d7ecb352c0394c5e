//! Support cases: who sees them, attachments, internal notes, the mails of each side, the
//! waiting time of a solved case, and full-text search (docs/authorization.md walks the rest).

use reqwest::{header, Client};
use seatwise_api::{CaseStatus, ErrorCode, SupportCaseDetail, SupportCaseList, UploadedAttachment, CASE_ATTACHMENT_MAX_BYTES};
use serde_json::{json, Value};

use crate::{company::*, helpers::*, on_both_databases, products::member};

on_both_databases!(
    cases_are_seen_by_their_opener_watchers_and_admins,
    internal_notes_never_reach_customers_or_their_mail,
    attachments_are_checked_for_size_type_and_owner,
    solved_cases_close_after_their_waiting_time,
    case_search_is_full_text,
);

async fn upload(app: &TestApp, c: &Client, name: &str, body: Vec<u8>) -> reqwest::Response {
    c.post(app.url(&format!("/support/attachments?name={name}")))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn open_case(app: &TestApp, c: &Client, account: &str, subject: &str, body: &str, attachments: &[&str]) -> SupportCaseDetail {
    let v = post_ok(app, c, &format!("/accounts/{account}/cases"), json!({
        "category": "installation", "severity": "high", "subject": subject, "description": body, "attachment_ids": attachments
    }))
    .await;
    serde_json::from_value(v).unwrap()
}

async fn list(app: &TestApp, c: &Client, path: &str) -> SupportCaseList {
    let r = app.get_as(c, path).await;
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

async fn cases_are_seen_by_their_opener_watchers_and_admins(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Northwind", 3).await;
    let other = provision(&app, &v, "Elsewhere", 1).await;
    let (ana, ana_id) = member(&app, &co, "ana@example.com").await;
    let (bor, bor_id) = member(&app, &co, "bor@example.com").await;
    let acc = &co.account_id;
    let c = open_case(&app, &ana, acc, "Setup stops at 40 %", "The installer stops.", &[]).await;
    assert_eq!(c.case.status, CaseStatus::Open);
    assert!(c.case.number.starts_with("CS-") && c.messages.len() == 1 && !c.can_manage_watchers);
    let path = format!("/accounts/{acc}/cases/{}", c.case.id);
    // Another member does not see it, nor does another account or the vendor as a member.
    for (who, client) in [("bor", &bor), ("other", &other.manager), ("vendor", &v)] {
        assert_eq!(app.get_as(client, &path).await.status(), 404, "{who}");
    }
    assert!(list(&app, &bor, &format!("/accounts/{acc}/cases")).await.cases.is_empty());
    // The contract manager sees every case of the account and may add watchers.
    let all = list(&app, &co.manager, &format!("/accounts/{acc}/cases")).await;
    assert_eq!(all.cases.len(), 1);
    let d: SupportCaseDetail = app.get_as(&co.manager, &path).await.json().await.unwrap();
    assert!(d.can_manage_watchers);
    // A user may not add watchers, not even to their own case.
    assert_error(app.post_as(&ana, &format!("{path}/watchers"), &json!({"user_id": bor_id})).await, 403, ErrorCode::Forbidden).await;
    // Only members of the account can watch.
    let r = app.post_as(&co.manager, &format!("{path}/watchers"), &json!({"user_id": other.manager_id})).await;
    assert_eq!(r.status(), 422);
    let d: SupportCaseDetail =
        serde_json::from_value(post_ok(&app, &co.manager, &format!("{path}/watchers"), json!({"user_id": bor_id})).await).unwrap();
    assert_eq!(d.watchers.len(), 1);
    assert_eq!(app.get_as(&bor, &path).await.status(), 200);
    assert_eq!(list(&app, &bor, &format!("/accounts/{acc}/cases")).await.cases.len(), 1);
    // The watcher gets the vendor's replies too.
    post_ok(&app, &v, &format!("/vendor/cases/{}/messages", c.case.id), json!({"body": "Which Windows version?"})).await;
    app.wait_for_mail("bor@example.com", &c.case.number).await;
    app.wait_for_mail("ana@example.com", "Which Windows version?").await;
    // Removed, they see it no more.
    let r = bor.delete(app.url(&format!("{path}/watchers/{bor_id}"))).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(co.manager.delete(app.url(&format!("{path}/watchers/{bor_id}"))).send().await.unwrap().status(), 200);
    assert_eq!(app.get_as(&bor, &path).await.status(), 404);
    // The vendor's queue holds it; members cannot read the queue.
    let q = list(&app, &v, "/vendor/cases?state=open").await;
    assert!(q.cases.iter().any(|x| x.id == c.case.id));
    assert_eq!(app.get_as(&ana, "/vendor/cases").await.status(), 403);
    // The activity log has the opening and the watcher changes.
    let log: Value = app.get_as(&co.manager, &format!("/accounts/{acc}/activity")).await.json().await.unwrap();
    let actions: Vec<&str> = log["entries"].as_array().unwrap().iter().filter_map(|e| e["action"].as_str()).collect();
    for a in ["support_case.opened", "support_case.watcher_added", "support_case.watcher_removed", "support_case.replied"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    let _ = ana_id;
    app.stop().await;
}

async fn internal_notes_never_reach_customers_or_their_mail(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Northwind", 3).await;
    let (ana, _) = member(&app, &co, "ana@example.com").await;
    let acc = &co.account_id;
    let c = open_case(&app, &ana, acc, "Licence not found", "Activation says no licence.", &[]).await;
    // Staff were mailed about the new case; Ana got its number.
    app.wait_for_mail("staff@vendor.example", &c.case.number).await;
    app.wait_for_mail("ana@example.com", &c.case.number).await;
    let note_file: UploadedAttachment = upload(&app, &v, "trace.txt", b"internal trace".to_vec()).await.json().await.unwrap();
    let d: SupportCaseDetail = serde_json::from_value(
        post_ok(&app, &v, &format!("/vendor/cases/{}/messages", c.case.id), json!({
            "body": "Zupan licence server is misconfigured", "internal": true, "attachment_ids": [note_file.id]
        }))
        .await,
    )
    .unwrap();
    // A note changes no status and is marked.
    assert_eq!(d.case.status, CaseStatus::Open);
    assert!(d.messages.iter().any(|m| m.internal));
    // A note with a status is refused; staff may not close.
    let r = app.post_as(&v, &format!("/vendor/cases/{}/messages", c.case.id), &json!({"body": "x", "internal": true, "status": "solved"})).await;
    assert_eq!(r.status(), 422);
    // Customers cannot write notes.
    let r = app.post_as(&ana, &format!("/accounts/{acc}/cases/{}/messages", c.case.id), &json!({"body": "x", "internal": true})).await;
    assert_eq!(r.status(), 422);
    post_ok(&app, &v, &format!("/vendor/cases/{}/messages", c.case.id), json!({"body": "Please restart the licence service."})).await;
    app.wait_for_mail("ana@example.com", "Please restart the licence service.").await;
    let path = format!("/accounts/{acc}/cases/{}", c.case.id);
    for client in [&ana, &co.manager] {
        let text = app.get_as(client, &path).await.text().await.unwrap();
        assert!(!text.contains("misconfigured") && !text.contains("trace.txt"), "{text}");
        let d: SupportCaseDetail = serde_json::from_str(&text).unwrap();
        assert_eq!(d.case.status, CaseStatus::WaitingOnCustomer);
        assert_eq!(d.messages.len(), 2);
        // The note's file is not there for customers.
        assert_eq!(app.get_as(client, &format!("{path}/attachments/{}", note_file.id)).await.status(), 404);
        // Nor can its words be searched.
        assert!(list(&app, client, &format!("/accounts/{acc}/cases?q=misconfigured")).await.cases.is_empty());
    }
    let staff_view: SupportCaseDetail = app.get_as(&v, &format!("/vendor/cases/{}", c.case.id)).await.json().await.unwrap();
    assert_eq!(staff_view.messages.len(), 3);
    assert_eq!(app.get_as(&v, &format!("/vendor/cases/{}/attachments/{}", c.case.id, note_file.id)).await.status(), 200);
    assert_eq!(list(&app, &v, "/vendor/cases?q=misconfigured").await.cases.len(), 1);
    // No mail anywhere holds the note.
    for m in app.mailbox().await {
        assert!(!m.text.contains("misconfigured") && !m.subject.contains("misconfigured"), "{}", m.subject);
    }
    // Ana's answer goes to the vendor (nobody assigned: every staff member) and is their turn.
    let d: SupportCaseDetail = serde_json::from_value(
        post_ok(&app, &ana, &format!("{path}/messages"), json!({"body": "Restarted, it works now."})).await,
    )
    .unwrap();
    assert_eq!(d.case.status, CaseStatus::WaitingOnVendor);
    app.wait_for_mail("staff@vendor.example", "Restarted, it works now.").await;
    app.stop().await;
}

async fn attachments_are_checked_for_size_type_and_owner(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Northwind", 3).await;
    let (ana, _) = member(&app, &co, "ana@example.com").await;
    let (bor, _) = member(&app, &co, "bor@example.com").await;
    let acc = &co.account_id;
    // Too large (declared, or streamed without a length), a refused type, a type the content
    // belies: nothing is kept.
    // The server answers 413 while the client may still be sending, so the client sees either
    // that answer or the connection closing under it.
    async fn refused(res: Result<reqwest::Response, reqwest::Error>) {
        match res {
            Ok(r) => {
                assert_error(r, 413, ErrorCode::PayloadTooLarge).await;
            }
            Err(e) => assert!(e.is_request() || e.is_body() || e.is_connect(), "{e:?}"),
        }
    }
    // On a browser of its own: a connection closed under a refused upload is not reused.
    let ana2 = app.new_browser();
    assert_eq!(app.sign_in_as(&ana2, "ana@example.com", PASSWORD).await.status(), 200);
    let big = ana2.post(app.url("/support/attachments?name=big.log")).header(header::CONTENT_TYPE, "application/octet-stream")
        .body(vec![b'a'; CASE_ATTACHMENT_MAX_BYTES as usize + 1]).send().await;
    refused(big).await;
    let chunks = futures::stream::iter((0..11).map(|_| Ok::<_, std::io::Error>(vec![b'b'; 1024 * 1024])));
    let streamed = ana2.post(app.url("/support/attachments?name=big.txt")).header(header::CONTENT_TYPE, "application/octet-stream")
        .body(reqwest::Body::wrap_stream(chunks)).send().await;
    refused(streamed).await;
    assert_error(upload(&app, &ana, "setup.exe", b"MZ".to_vec()).await, 415, ErrorCode::UnsupportedMediaType).await;
    assert_error(upload(&app, &ana, "screen.png", b"not a png".to_vec()).await, 415, ErrorCode::UnsupportedMediaType).await;
    assert_error(upload(&app, &ana, "bin.txt", vec![0, 1, 2]).await, 415, ErrorCode::UnsupportedMediaType).await;
    assert_eq!(std::fs::read_dir(app.storage_dir.join("objects")).unwrap().count(), 0, "nothing refused was kept");
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), &[0u8; 32]].concat();
    let ok: UploadedAttachment = upload(&app, &ana, "screen.png", png.clone()).await.json().await.unwrap();
    assert_eq!((ok.content_type.as_str(), ok.size), ("image/png", png.len() as u64));
    // Someone else's upload, or too many, are refused and the case is not opened.
    let r = app.post_as(&bor, &format!("/accounts/{acc}/cases"), &json!({"category": "other", "severity": "low", "subject": "S",
        "description": "D", "attachment_ids": [ok.id]})).await;
    let e = assert_error(r, 422, ErrorCode::ValidationFailed).await;
    assert!(e.fields.contains_key("attachment_ids"));
    let six: Vec<String> = (0..6).map(|i| format!("x{i}")).collect();
    let r = app.post_as(&ana, &format!("/accounts/{acc}/cases"), &json!({"category": "other", "severity": "low", "subject": "S",
        "description": "D", "attachment_ids": six})).await;
    assert_eq!(r.status(), 422);
    assert!(list(&app, &co.manager, &format!("/accounts/{acc}/cases")).await.cases.is_empty(), "no half-opened case");
    // Missing fields are named; a product nobody holds is unknown.
    let r = app.post_as(&ana, &format!("/accounts/{acc}/cases"), &json!({"category": "other", "severity": "low", "subject": " ",
        "description": "", "product_code": "NOPE"})).await;
    let e = assert_error(r, 422, ErrorCode::ValidationFailed).await;
    for f in ["subject", "description", "product_code"] {
        assert!(e.fields.contains_key(f), "{f}: {:?}", e.fields);
    }
    let c = open_case(&app, &ana, acc, "Screen", "See the picture.", &[&ok.id]).await;
    assert_eq!(c.messages[0].attachments.len(), 1);
    // The file comes back whole; it cannot be attached twice.
    let got = app.get_as(&ana, &format!("/accounts/{acc}/cases/{}/attachments/{}", c.case.id, ok.id)).await;
    assert_eq!(got.status(), 200);
    assert!(got.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().contains("screen.png"));
    assert_eq!(got.bytes().await.unwrap().as_ref(), png.as_slice());
    let r = app.post_as(&ana, &format!("/accounts/{acc}/cases/{}/messages", c.case.id), &json!({"body": "again", "attachment_ids": [ok.id]})).await;
    assert_eq!(r.status(), 422);
    // Uploads never sent are removed after a day.
    let stray: UploadedAttachment = upload(&app, &ana, "stray.txt", b"stray".to_vec()).await.json().await.unwrap();
    app.advance(time::Duration::hours(25));
    let purged = seatwise_server::jobs::retention::run_once(&app.state).await.unwrap().unwrap();
    assert_eq!(purged.unused_attachments, 1);
    assert_eq!(app.sign_in_as(&ana, "ana@example.com", PASSWORD).await.status(), 200);
    let r = app.post_as(&ana, &format!("/accounts/{acc}/cases/{}/messages", c.case.id), &json!({"body": "late", "attachment_ids": [stray.id]})).await;
    assert_eq!(r.status(), 422);
    app.stop().await;
}

async fn solved_cases_close_after_their_waiting_time(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Northwind", 3).await;
    let (ana, _) = member(&app, &co, "ana@example.com").await;
    let acc = &co.account_id;
    let c = open_case(&app, &ana, acc, "Download fails", "At 90 %.", &[]).await;
    let staff_path = format!("/vendor/cases/{}", c.case.id);
    let path = format!("/accounts/{acc}/cases/{}", c.case.id);
    let d: SupportCaseDetail =
        serde_json::from_value(post_ok(&app, &v, &format!("{staff_path}/messages"), json!({"body": "Fixed on our side.", "status": "solved"})).await)
            .unwrap();
    assert_eq!(d.case.status, CaseStatus::Solved);
    assert!(d.case.closes_at.is_some());
    // The customer's reply opens it again: the vendor's turn.
    let d: SupportCaseDetail = serde_json::from_value(post_ok(&app, &ana, &format!("{path}/messages"), json!({"body": "Still fails."})).await).unwrap();
    assert_eq!(d.case.status, CaseStatus::WaitingOnVendor);
    // Staff solve it without a message: Ana is told she has 7 days to reply.
    post_ok(&app, &v, &format!("{staff_path}/status"), json!({"status": "solved"})).await;
    app.wait_for_mail("ana@example.com", "7").await;
    // Staff cannot close; nor can anyone move it to where it is.
    assert_error(app.post_as(&v, &format!("{staff_path}/status"), &json!({"status": "closed"})).await, 409, ErrorCode::InvalidTransition).await;
    app.advance(time::Duration::days(6));
    assert_eq!(seatwise_server::jobs::support::run_once(&app.state).await.unwrap(), 0);
    app.advance(time::Duration::days(1) + time::Duration::minutes(1));
    // Two runners at once close it once.
    let (a, b2) = tokio::join!(seatwise_server::jobs::support::run_once(&app.state), seatwise_server::jobs::support::run_once(&app.state));
    assert_eq!(a.unwrap() + b2.unwrap(), 1);
    app.wait_for_mail("ana@example.com", "closed").await;
    // A week passed: Ana signs in again.
    assert_eq!(app.sign_in_as(&ana, "ana@example.com", PASSWORD).await.status(), 200);
    let r = app.get_as(&ana, &path).await;
    let text = r.text().await.unwrap();
    let d: SupportCaseDetail = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(d.case.status, CaseStatus::Closed);
    assert_eq!(d.messages.last().unwrap().side, seatwise_api::CaseSide::System);
    assert_error(app.post_as(&ana, &format!("{path}/messages"), &json!({"body": "hello?"})).await, 409, ErrorCode::CaseClosed).await;
    assert_error(app.post_as(&ana, &format!("{path}/status"), &json!({"status": "solved"})).await, 409, ErrorCode::CaseClosed).await;
    assert!(list(&app, &ana, &format!("/accounts/{acc}/cases?state=finished")).await.cases.len() == 1);
    assert!(list(&app, &ana, &format!("/accounts/{acc}/cases?state=open")).await.cases.is_empty());
    // A customer may close their own open case.
    let c2 = open_case(&app, &ana, acc, "Other", "Never mind.", &[]).await;
    let d: SupportCaseDetail =
        serde_json::from_value(post_ok(&app, &ana, &format!("/accounts/{acc}/cases/{}/status", c2.case.id), json!({"status": "closed"})).await)
            .unwrap();
    assert_eq!(d.case.status, CaseStatus::Closed);
    app.stop().await;
}

async fn case_search_is_full_text(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Northwind", 3).await;
    let other = provision(&app, &v, "Elsewhere", 1).await;
    let acc = &co.account_id;
    let a = open_case(&app, &co.manager, acc, "Namestitev ne uspe v ŠKOFJI Loki", "Napaka 1603 med namestitvijo.", &[]).await;
    let b_ = open_case(&app, &co.manager, acc, "授權伺服器無法啟動", "啟動時出現錯誤。", &[]).await;
    let c = open_case(&app, &other.manager, &other.account_id, "Škofja Loka too", "Another account.", &[]).await;
    let search = |client: Client, path: String| {
        let app = &app;
        async move { list(app, &client, &path).await.cases.into_iter().map(|c| c.id).collect::<Vec<_>>() }
    };
    let mine = |q: &str| search(co.manager.clone(), format!("/accounts/{acc}/cases?q={}", urlencode(q)));
    // Case-insensitive beyond ASCII, by word prefix, across subject and messages.
    assert_eq!(mine("škofji").await, vec![a.case.id.clone()]);
    assert_eq!(mine("Škof").await, vec![a.case.id.clone()]);
    assert_eq!(mine("namest 1603").await, vec![a.case.id.clone()]);
    // Chinese: characters next to each other, anywhere in the text.
    assert_eq!(mine("啟動").await, vec![b_.case.id.clone()]);
    assert_eq!(mine("服器").await, vec![b_.case.id.clone()]);
    assert!(mine("啟服").await.is_empty());
    assert!(mine("xyzzy").await.is_empty());
    // By number, whole or its digits.
    assert_eq!(mine(&a.case.number).await, vec![a.case.id.clone()]);
    let digits = a.case.number.rsplit('-').next().unwrap().trim_start_matches('0').to_string();
    assert_eq!(mine(&digits).await, vec![a.case.id.clone()]);
    // Query syntax is only words.
    assert!(mine("\"* OR NEAR(").await.is_empty());
    // The other account's case is not found from here; staff find both.
    let staff = search(v.clone(), "/vendor/cases?q=%C5%A1kofj".into()).await;
    assert_eq!(staff.len(), 2);
    assert!(staff.contains(&c.case.id));
    app.stop().await;
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| if b.is_ascii_alphanumeric() || b == b'-' { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect()
}
