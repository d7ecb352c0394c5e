//! Products and services: the catalogue and uploads, downloads (Range, ETag, signed links),
//! entitlements and versions per licence, trials, licence requests, install packages.

use reqwest::{header, Client, StatusCode};
use seatwise_api::{
    Catalogue, DownloadLink, ErrorCode, LicenceRequest, LicenceRequestList, Package, PackageList, ProductCardList,
    ProductDetail, Release, ReleaseFile, RequestAvailability, Trial, TrialList,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::{company::*, helpers::*, on_both_databases};

on_both_databases!(
    uploads_are_hashed_and_downloads_honour_ranges,
    signed_links_work_for_their_file_until_they_expire,
    members_without_a_seat_cannot_download,
    versions_and_activation_follow_the_licence,
    uploads_over_the_limit_or_interrupted_leave_nothing,
    catalogue_inputs_are_checked,
    physical_media_moves_through_the_queue_with_mails,
    network_licence_files_are_issued_for_the_server,
    trials_start_once_and_end_by_themselves,
    install_packages_name_their_files_and_are_shared_or_private,
);

/// A company with a product of five releases (2023–2027), each with a Windows installer; the
/// current one also has an update.
pub struct Shop {
    pub vendor: Client,
    pub co: Company,
    pub product_id: String,
    pub code: String,
    /// version → (file id, bytes)
    pub installers: Vec<(String, String, Vec<u8>)>,
}

fn content(version: &str, size: usize) -> Vec<u8> {
    (0..size).map(|i| (i as u32).wrapping_mul(2_654_435_761).wrapping_add(version.len() as u32 * 7) as u8).collect()
}

fn sha(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

async fn upload(app: &TestApp, c: &Client, release: &str, query: &str, body: Vec<u8>) -> reqwest::Response {
    c.post(app.url(&format!("/vendor/releases/{release}/files?{query}")))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(body)
        .send()
        .await
        .unwrap()
}

async fn add_release(app: &TestApp, vendor: &Client, product_id: &str, version: &str, released_on: &str) -> Release {
    let v = post_ok(app, vendor, &format!("/vendor/products/{product_id}/releases"), json!({
        "version": version, "released_on": released_on, "product_key": format!("K{version}")
    }))
    .await;
    serde_json::from_value(v).unwrap()
}

pub async fn shop(app: &TestApp, licence: &str) -> Shop {
    let vendor = vendor(app, &format!("staff-{licence}@vendor.example")).await;
    let co = provision(app, &vendor, "Northwind", 3).await;
    let subs: seatwise_api::SubscriptionList =
        app.get_as(&co.manager, &format!("/accounts/{}/subscriptions", co.account_id)).await.json().await.unwrap();
    let code = subs.subscriptions[0].product_code.clone();
    let cat: Catalogue = app.get_as(&vendor, "/vendor/catalogue").await.json().await.unwrap();
    let product_id = cat.products.iter().find(|p| p.code == code).unwrap().id.clone();
    if licence != "named_user" {
        // A second subscription of the same product with another licence type.
        let contract: Value = post_ok(app, &vendor, &format!("/vendor/accounts/{}/contracts", co.account_id), json!({
            "number": format!("N-{code}"), "start_date": "2026-01-01", "end_date": "2099-01-01"
        }))
        .await;
        post_ok(app, &vendor, &format!("/vendor/contracts/{}/subscriptions", contract["id"].as_str().unwrap()), json!({
            "product_id": product_id, "licence_type": licence, "seats": 2, "term": "one_year",
            "start_date": "2026-01-01", "end_date": "2099-01-01", "auto_renew": false
        }))
        .await;
    }
    let mut installers = vec![];
    for (i, (version, date)) in
        [("2027", "2026-03-24"), ("2026", "2025-03-25"), ("2025", "2024-03-26"), ("2024", "2023-03-28"), ("2023", "2022-03-29")]
            .into_iter()
            .enumerate()
    {
        let r = add_release(app, &vendor, &product_id, version, date).await;
        let bytes = content(version, 100_000 + i);
        let res = upload(app, &vendor, &r.id, &format!("platform=windows&language=multi&kind=installer&title=Setup%20{version}&file_name=setup-{version}.exe"), bytes.clone()).await;
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
        let f: ReleaseFile = res.json().await.unwrap();
        assert_eq!(f.sha256, sha(&bytes));
        assert_eq!(f.size, bytes.len() as u64);
        if version == "2027" {
            let res = upload(app, &vendor, &r.id, "platform=windows&language=multi&kind=update&title=Update&file_name=update-2027.1.msp", b"update bytes".to_vec()).await;
            assert_eq!(res.status(), 201);
        }
        installers.push((version.to_string(), f.id, bytes));
    }
    Shop { vendor, co, product_id, code, installers }
}

/// Invites one person as a plain user and returns their browser and id.
pub async fn member(app: &TestApp, co: &Company, email: &str) -> (Client, String) {
    post_ok(app, &co.manager, &format!("/accounts/{}/invitations", co.account_id), json!({
        "invitations": [{"email": email, "first_name": "Pia", "last_name": "Kos"}]
    }))
    .await;
    let (c, me) = accept_as_new(app, email).await;
    let page: seatwise_api::MemberPage =
        app.get_as(&co.manager, &format!("/accounts/{}/members?q={}", co.account_id, me.email)).await.json().await.unwrap();
    (c, page.members[0].user_id.clone())
}

pub async fn set_seat(app: &TestApp, co: &Company, user: &str, subscription: &str, assigned: bool) {
    let r = co
        .manager
        .put(app.url(&format!("/accounts/{}/members/{user}/assignments/{subscription}", co.account_id)))
        .json(&json!({"assigned": assigned}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

fn download_path(co: &Company, file: &str) -> String {
    format!("/accounts/{}/files/{file}/download", co.account_id)
}

async fn uploads_are_hashed_and_downloads_honour_ranges(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (_, file, bytes) = &s.installers[0];
    let url = app.url(&download_path(&s.co, file));

    // The whole file, with its checksum as ETag and Repr-Digest.
    let r = s.co.manager.get(&url).header(header::ACCEPT_ENCODING, "gzip, br").send().await.unwrap();
    assert_eq!(r.status(), 200);
    let etag = r.headers()[header::ETAG].to_str().unwrap().to_string();
    assert_eq!(etag, format!("\"{}\"", sha(bytes)));
    assert_eq!(r.headers()[header::ACCEPT_RANGES], "bytes");
    assert!(r.headers().get(header::CONTENT_ENCODING).is_none(), "files are sent as stored");
    assert!(r.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().contains("setup-2027.exe"));
    assert!(r.headers()["repr-digest"].to_str().unwrap().starts_with("sha-256=:"));
    assert_eq!(r.bytes().await.unwrap().as_ref(), bytes.as_slice());

    let range = |spec: &'static str| s.co.manager.get(&url).header(header::RANGE, spec).send();
    // A single range.
    let r = range("bytes=10-19").await.unwrap();
    assert_eq!(r.status(), StatusCode::PARTIAL_CONTENT);
    assert_eq!(r.headers()[header::CONTENT_RANGE], format!("bytes 10-19/{}", bytes.len()));
    assert_eq!(r.bytes().await.unwrap().as_ref(), &bytes[10..20]);
    // Open-ended: resuming from a byte.
    let r = range("bytes=99990-").await.unwrap();
    assert_eq!(r.status(), 206);
    assert_eq!(r.bytes().await.unwrap().as_ref(), &bytes[99_990..]);
    // The last bytes.
    let r = range("bytes=-5").await.unwrap();
    assert_eq!(r.bytes().await.unwrap().as_ref(), &bytes[bytes.len() - 5..]);
    // Past the end: 416 with the size.
    let r = range("bytes=100000-").await.unwrap();
    assert_eq!(r.headers()[header::CONTENT_RANGE], format!("bytes */{}", bytes.len()));
    assert_error(r, 416, ErrorCode::RangeNotSatisfiable).await;
    // If-Range with an old tag sends the whole (changed) file.
    let r = s.co.manager.get(&url).header(header::RANGE, "bytes=0-9").header(header::IF_RANGE, "\"old\"").send().await.unwrap();
    assert_eq!(r.status(), 200);
    // A cached copy is still good.
    let r = s.co.manager.get(&url).header(header::IF_NONE_MATCH, &etag).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::NOT_MODIFIED);

    // A HEAD tells the size without downloading.
    let r = s.co.manager.head(&url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()[header::CONTENT_LENGTH], bytes.len().to_string());
    // Downloads that start at the first byte are counted and logged; resumptions, cache checks
    // and HEAD are not.
    assert_eq!(app.db.download_count(&s.co.account_id).await.unwrap(), 2);
    let log: seatwise_api::ActivityPage =
        app.get_as(&s.co.manager, &format!("/accounts/{}/activity?action=file.downloaded", s.co.account_id)).await.json().await.unwrap();
    assert!(log.entries.iter().any(|e| e.action == "file.downloaded"), "{log:?}");
}

async fn signed_links_work_for_their_file_until_they_expire(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (_, file, bytes) = &s.installers[0];
    let link: DownloadLink = serde_json::from_value(
        post_ok(&app, &s.co.manager, &format!("/accounts/{}/files/{file}/link", s.co.account_id), json!({})).await,
    )
    .unwrap();
    assert!(link.curl.contains(&link.url) && link.curl.contains(&link.sha256) && link.curl.contains("sha256sum -c"));
    // No session needed (curl on another machine).
    let anonymous = Client::new();
    let r = anonymous.get(&link.url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap().as_ref(), bytes.as_slice());
    let r = anonymous.get(&link.url).header(header::RANGE, "bytes=5-9").send().await.unwrap();
    assert_eq!(r.status(), 206);

    // Tampered: another signature, another file, another expiry.
    let tampered = format!("{}x", &link.url[..link.url.len() - 1]);
    assert_error(anonymous.get(&tampered).send().await.unwrap(), 403, ErrorCode::LinkInvalid).await;
    let other = link.url.replace(file.as_str(), &s.installers[1].1);
    assert_error(anonymous.get(&other).send().await.unwrap(), 403, ErrorCode::LinkInvalid).await;
    let exp = link.url.split("exp=").nth(1).unwrap().split('&').next().unwrap();
    let later = link.url.replace(&format!("exp={exp}"), &format!("exp={}", exp.parse::<i64>().unwrap() + 3600));
    assert_error(anonymous.get(&later).send().await.unwrap(), 403, ErrorCode::LinkInvalid).await;

    // Expired.
    app.advance(time::Duration::minutes(61));
    assert_error(anonymous.get(&link.url).send().await.unwrap(), 403, ErrorCode::LinkExpired).await;
}

async fn members_without_a_seat_cannot_download(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (user, user_id) = member(&app, &s.co, "pia@example.com").await;
    let (_, file, _) = &s.installers[0];

    // Seen, without files or serials, and the download is refused.
    let d: ProductDetail = app.get_as(&user, &format!("/accounts/{}/products/{}", s.co.account_id, s.code)).await.json().await.unwrap();
    assert!(!d.entitled && d.releases.is_empty() && d.activations.is_empty());
    assert_eq!(d.other_versions.len(), 5);
    let list: ProductCardList = app.get_as(&user, &format!("/accounts/{}/products", s.co.account_id)).await.json().await.unwrap();
    assert!(list.products.is_empty(), "a user's list shows their own products");
    assert_error(app.get_as(&user, &download_path(&s.co, file)).await, 403, ErrorCode::NotEntitled).await;
    assert_error(
        app.post_as(&user, &format!("/accounts/{}/files/{file}/link", s.co.account_id), &json!({})).await,
        403,
        ErrorCode::NotEntitled,
    )
    .await;

    // With a seat: allowed; a link made then stops working when the seat goes.
    set_seat(&app, &s.co, &user_id, &s.co.subscription_id, true).await;
    let list: ProductCardList = app.get_as(&user, &format!("/accounts/{}/products", s.co.account_id)).await.json().await.unwrap();
    assert_eq!(list.products.len(), 1);
    assert!(list.products[0].entitled);
    assert_eq!(app.get_as(&user, &download_path(&s.co, file)).await.status(), 200);
    let link: DownloadLink = serde_json::from_value(
        post_ok(&app, &user, &format!("/accounts/{}/files/{file}/link", s.co.account_id), json!({})).await,
    )
    .unwrap();
    set_seat(&app, &s.co, &user_id, &s.co.subscription_id, false).await;
    assert_error(Client::new().get(&link.url).send().await.unwrap(), 403, ErrorCode::NotEntitled).await;

    // Another company's admin does not even see it.
    let other = provision(&app, &s.vendor, "Contoso", 1).await;
    assert_error(app.get_as(&other.manager, &download_path(&s.co, file)).await, 404, ErrorCode::NotFound).await;
    assert_error(
        app.get_as(&other.manager, &format!("/accounts/{}/products/{}", s.co.account_id, s.code)).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    // An unknown file.
    assert_error(app.get_as(&s.co.manager, &download_path(&s.co, "nope")).await, 404, ErrorCode::NotFound).await;
}

async fn versions_and_activation_follow_the_licence(b: Backend) {
    let app = spawn_app(b).await;
    // Named user: the current version and the three before it.
    let s = shop(&app, "named_user").await;
    let d: ProductDetail =
        app.get_as(&s.co.manager, &format!("/accounts/{}/products/{}", s.co.account_id, s.code)).await.json().await.unwrap();
    let versions: Vec<_> = d.releases.iter().map(|r| r.version.as_str()).collect();
    assert_eq!(versions, ["2027", "2026", "2025", "2024"]);
    assert_eq!(d.other_versions, ["2023"]);
    assert_eq!(d.activations.len(), 4);
    assert_eq!(d.activations[0].product_key, "K2027");
    assert_eq!(d.previous_version, RequestAvailability::Included);
    assert_error(app.get_as(&s.co.manager, &download_path(&s.co, &s.installers[4].1)).await, 403, ErrorCode::NotEntitled).await;
    let r = app
        .post_as(&s.co.manager, &format!("/accounts/{}/requests", s.co.account_id), &json!({
            "kind": "previous_version", "product_code": s.code, "subscription_id": s.co.subscription_id, "version": "2023"
        }))
        .await;
    assert_error(r, 409, ErrorCode::RequestNotApplicable).await;

    // Standalone: the current version; a previous one after the vendor issues its serial.
    let app = spawn_app(b).await;
    let s = shop(&app, "standalone").await;
    let subs: seatwise_api::SubscriptionList =
        app.get_as(&s.co.manager, &format!("/accounts/{}/subscriptions", s.co.account_id)).await.json().await.unwrap();
    let standalone = subs.subscriptions.iter().find(|x| x.licence_type == seatwise_api::LicenceType::Standalone).unwrap().id.clone();
    // Drop the named-user subscription's effect: look at what the standalone licenses.
    let req: LicenceRequest = serde_json::from_value(
        post_ok(&app, &s.co.manager, &format!("/accounts/{}/requests", s.co.account_id), json!({
            "kind": "previous_version", "product_code": s.code, "subscription_id": standalone, "version": "2023"
        }))
        .await,
    )
    .unwrap();
    assert_eq!(req.status, seatwise_api::RequestStatus::Requested);
    assert!(req.number.starts_with("RQ-"));
    // The same again while open: refused.
    let r = app
        .post_as(&s.co.manager, &format!("/accounts/{}/requests", s.co.account_id), &json!({
            "kind": "previous_version", "product_code": s.code, "subscription_id": standalone, "version": "2023"
        }))
        .await;
    assert_error(r, 409, ErrorCode::RequestOpen).await;
    // The current version is not a previous one.
    let r = app
        .post_as(&s.co.manager, &format!("/accounts/{}/requests", s.co.account_id), &json!({
            "kind": "previous_version", "product_code": s.code, "subscription_id": standalone, "version": "2027"
        }))
        .await;
    assert_eq!(assert_error(r, 422, ErrorCode::ValidationFailed).await.fields["version"], seatwise_api::FieldErrorCode::Unknown);
    // Fulfilment needs a serial.
    let path = format!("/vendor/requests/{}/status", req.id);
    let r = app.post_as(&s.vendor, &path, &json!({"status": "fulfilled"})).await;
    assert_error(r, 422, ErrorCode::ValidationFailed).await;
    post_ok(&app, &s.vendor, &path, json!({"status": "fulfilled", "serial_number": "900-12345678"})).await;
    let d: ProductDetail =
        app.get_as(&s.co.manager, &format!("/accounts/{}/products/{}", s.co.account_id, s.code)).await.json().await.unwrap();
    assert!(d.releases.iter().any(|r| r.version == "2023"));
    assert!(d.activations.iter().any(|a| a.version == "2023" && a.serial_number == "900-12345678"));
    assert_eq!(app.get_as(&s.co.manager, &download_path(&s.co, &s.installers[4].1)).await.status(), 200);
    // Fulfilled is final.
    assert_error(app.post_as(&s.vendor, &path, &json!({"status": "rejected", "reason": "x"})).await, 409, ErrorCode::InvalidTransition).await;
    let mail = app.wait_for_mail("manager.northwind@example.com", "900-12345678").await;
    assert!(mail.subject.contains(&req.number));
}

async fn uploads_over_the_limit_or_interrupted_leave_nothing(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_MAX_UPLOAD_MB", "1")]).await;
    let vendor = vendor(&app, "staff@vendor.example").await;
    let p: Value = post_ok(&app, &vendor, "/vendor/products", json!({"code": "UP", "name": "Uploader", "kind": "product"})).await;
    let r = add_release(&app, &vendor, p["id"].as_str().unwrap(), "2026", "2026-01-01").await;
    let q = "platform=linux&language=en&kind=installer&title=T&file_name=t.tar.gz";

    // Declared too large: refused before reading. Streamed without a length and too large:
    // stopped on the way. The server answers 413 while the client may still be sending, so
    // the client sees either that answer or the connection closing under it.
    async fn refused(res: Result<reqwest::Response, reqwest::Error>) {
        match res {
            Ok(r) => {
                assert_error(r, 413, ErrorCode::PayloadTooLarge).await;
            }
            Err(e) => assert!(e.is_request() || e.is_body() || e.is_connect(), "{e:?}"),
        }
    }
    let declared = vendor
        .post(app.url(&format!("/vendor/releases/{}/files?{q}", r.id)))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(vec![1u8; 2 * 1024 * 1024])
        .send()
        .await;
    refused(declared).await;
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = (0..20).map(|_| Ok(vec![7u8; 128 * 1024])).collect();
    let streamed = vendor
        .post(app.url(&format!("/vendor/releases/{}/files?{q}", r.id)))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await;
    refused(streamed).await;
    // Interrupted: the client's body fails half-way.
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(vec![1u8; 64 * 1024]), Ok(vec![2u8; 64 * 1024]), Err(std::io::Error::other("cable pulled"))];
    let res = vendor
        .post(app.url(&format!("/vendor/releases/{}/files?{q}", r.id)))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(reqwest::Body::wrap_stream(futures::stream::iter(chunks)))
        .send()
        .await;
    assert!(res.is_err() || !res.unwrap().status().is_success());
    // Nothing partial anywhere: not in the catalogue, not on disk.
    for _ in 0..100 {
        let tmp = std::fs::read_dir(app.storage_dir.join("tmp")).unwrap().count();
        if tmp == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(std::fs::read_dir(app.storage_dir.join("tmp")).unwrap().count(), 0);
    assert_eq!(std::fs::read_dir(app.storage_dir.join("objects")).unwrap().count(), 0);
    let cat: Catalogue = app.get_as(&vendor, "/vendor/catalogue").await.json().await.unwrap();
    assert!(cat.products.iter().all(|p| p.releases.iter().all(|r| r.files.is_empty())));
    assert_eq!(cat.max_upload_bytes, 1024 * 1024);

    // Bad descriptions and bodies.
    let r3 = vendor
        .post(app.url(&format!("/vendor/releases/{}/files?{q}", r.id)))
        .header(header::CONTENT_TYPE, "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_error(r3, 415, ErrorCode::UnsupportedMediaType).await;
    let bad = "platform=linux&language=xx&kind=installer&title=&file_name=../etc/passwd";
    let body = assert_error(upload(&app, &vendor, &r.id, bad, b"x".to_vec()).await, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(body.fields.len(), 3, "{body:?}");
    assert_error(upload(&app, &vendor, &r.id, q, vec![]).await, 422, ErrorCode::ValidationFailed).await;
    assert_error(upload(&app, &vendor, "nope", q, b"x".to_vec()).await, 404, ErrorCode::NotFound).await;
    // Not vendor staff.
    app.signed_in_user("someone@example.com").await;
    let r4 = app
        .client
        .post(app.url(&format!("/vendor/releases/{}/files?{q}", r.id)))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_error(r4, 403, ErrorCode::Forbidden).await;
    // A good one, then deleted: gone from disk too.
    let f: ReleaseFile = upload(&app, &vendor, &r.id, q, b"tiny".to_vec()).await.json().await.unwrap();
    assert_eq!(std::fs::read_dir(app.storage_dir.join("objects")).unwrap().count(), 1);
    let del = vendor.delete(app.url(&format!("/vendor/files/{}", f.id))).send().await.unwrap();
    assert_eq!(del.status(), 204);
    assert_eq!(std::fs::read_dir(app.storage_dir.join("objects")).unwrap().count(), 0);
}

async fn catalogue_inputs_are_checked(b: Backend) {
    let app = spawn_app(b).await;
    let vendor = vendor(&app, "staff@vendor.example").await;
    let p: Value = post_ok(&app, &vendor, "/vendor/products", json!({"code": "CAD", "name": "CAD", "kind": "product"})).await;
    let c: Value = post_ok(&app, &vendor, "/vendor/products", json!({"code": "SUITE", "name": "Suite", "kind": "collection"})).await;
    let pid = p["id"].as_str().unwrap();
    let path = format!("/vendor/products/{pid}/releases");
    let body = assert_error(
        app.post_as(&vendor, &path, &json!({"version": "2027 beta!", "released_on": "2026-02-30", "product_key": ""})).await,
        422,
        ErrorCode::ValidationFailed,
    )
    .await;
    assert_eq!(body.fields.len(), 3, "{body:?}");
    add_release(&app, &vendor, pid, "2027", "2026-03-01").await;
    assert_error(
        app.post_as(&vendor, &path, &json!({"version": "2027", "released_on": "2026-03-01", "product_key": "K"})).await,
        409,
        ErrorCode::Taken,
    )
    .await;
    // A collection has no releases of its own.
    let cpath = format!("/vendor/products/{}/releases", c["id"].as_str().unwrap());
    assert_error(app.post_as(&vendor, &cpath, &json!({"version": "1", "released_on": "2026-03-01", "product_key": "K"})).await, 404, ErrorCode::NotFound).await;

    let put = |id: &str, body: Value| vendor.put(app.url(&format!("/vendor/products/{id}"))).json(&body).send();
    let r = put(pid, json!({"name": "CAD", "description": "d", "icon": "TOOLONG", "trial_days": 400, "members": ["CAD"]})).await.unwrap();
    let body = assert_error(r, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(body.fields.len(), 3, "{body:?}");
    let r = put(c["id"].as_str().unwrap(), json!({"name": "Suite", "description": "All of it", "icon": "Su", "trial_days": 0, "members": ["CAD"]})).await.unwrap();
    assert_eq!(r.status(), 200);
    let cat: Catalogue = app.get_as(&vendor, "/vendor/catalogue").await.json().await.unwrap();
    let cad = cat.products.iter().find(|p| p.code == "CAD").unwrap();
    assert_eq!(cad.collections, ["SUITE"]);
    assert_eq!(cad.releases.len(), 1);
    // Customers cannot read the catalogue.
    app.signed_in_user("someone@example.com").await;
    assert_error(app.get("/vendor/catalogue").await, 403, ErrorCode::Forbidden).await;
}

async fn physical_media_moves_through_the_queue_with_mails(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let requests = format!("/accounts/{}/requests", s.co.account_id);
    let shipping = json!({"name": "Maja Kos", "street": "Dunajska 5", "postal_code": "1000", "city": "Ljubljana", "country": "SI"});
    // Bad input: every problem named, nothing saved.
    let r = app
        .post_as(&s.co.manager, &requests, &json!({
            "kind": "physical_media", "product_code": s.code, "subscription_id": s.co.subscription_id,
            "version": "1999", "language": "xx", "shipping": {"name": "", "street": "", "postal_code": "", "city": "", "country": "ZZ"}
        }))
        .await;
    let body = assert_error(r, 422, ErrorCode::ValidationFailed).await;
    assert!(body.fields.contains_key("version") && body.fields.contains_key("language") && body.fields.contains_key("shipping.country"));
    let list: LicenceRequestList = app.get_as(&s.co.manager, &requests).await.json().await.unwrap();
    assert!(list.requests.is_empty());

    let req: LicenceRequest = serde_json::from_value(
        post_ok(&app, &s.co.manager, &requests, json!({
            "kind": "physical_media", "product_code": s.code, "subscription_id": s.co.subscription_id,
            "version": "2026", "language": "sl", "shipping": shipping
        }))
        .await,
    )
    .unwrap();
    assert_eq!(req.shipping.as_ref().unwrap().city, "Ljubljana");
    app.wait_for_mail("manager.northwind@example.com", &req.number).await;

    // The vendor's queue, filtered.
    let q: LicenceRequestList = app.get_as(&s.vendor, "/vendor/requests?kind=physical_media&status=requested").await.json().await.unwrap();
    assert_eq!(q.requests.len(), 1);
    let q: LicenceRequestList = app.get_as(&s.vendor, "/vendor/requests?min_age_days=2").await.json().await.unwrap();
    assert!(q.requests.is_empty());
    app.advance(time::Duration::days(3));
    // Sessions end after 12 hours: both sign in again.
    vendor_sign_in(&app, &s.vendor, "staff-named_user@vendor.example").await;
    assert_eq!(app.sign_in_as(&s.co.manager, "manager.northwind@example.com", PASSWORD).await.status(), 200);
    let q: LicenceRequestList = app.get_as(&s.vendor, "/vendor/requests?min_age_days=2").await.json().await.unwrap();
    assert_eq!(q.requests.len(), 1);

    let path = format!("/vendor/requests/{}/status", req.id);
    assert_error(app.post_as(&s.vendor, &path, &json!({"status": "shipped", "tracking_number": "X"})).await, 409, ErrorCode::InvalidTransition).await;
    post_ok(&app, &s.vendor, &path, json!({"status": "approved"})).await;
    assert_error(app.post_as(&s.vendor, &path, &json!({"status": "shipped"})).await, 422, ErrorCode::ValidationFailed).await;
    let shipped: LicenceRequest =
        serde_json::from_value(post_ok(&app, &s.vendor, &path, json!({"status": "shipped", "tracking_number": "RR123456789SI"})).await).unwrap();
    assert_eq!(shipped.status, seatwise_api::RequestStatus::Shipped);
    assert_error(app.post_as(&s.vendor, &path, &json!({"status": "rejected", "reason": "late"})).await, 409, ErrorCode::InvalidTransition).await;
    // The contract manager (also the requester: one mail each time) reads it in their language.
    let m = app.wait_for_mail("manager.northwind@example.com", "RR123456789SI").await;
    assert!(m.text.contains("Tracking number: RR123456789SI") && m.subject.contains("shipped"), "{}", m.text);
    let list: LicenceRequestList = app.get_as(&s.co.manager, &requests).await.json().await.unwrap();
    assert_eq!(list.requests[0].tracking_number.as_deref(), Some("RR123456789SI"));
    let log: seatwise_api::ActivityPage =
        app.get_as(&s.co.manager, &format!("/accounts/{}/activity", s.co.account_id)).await.json().await.unwrap();
    assert_eq!(log.entries.iter().filter(|e| e.action == "request.status_changed").count(), 2);
    assert!(log.entries.iter().any(|e| e.action == "request.created"));

    // Plain users neither ask nor see; customers cannot move requests.
    let (user, _) = member(&app, &s.co, "pia@example.com").await;
    assert_error(app.get_as(&user, &requests).await, 403, ErrorCode::Forbidden).await;
    assert_error(app.post_as(&user, &requests, &json!({"kind": "home_use", "product_code": s.code, "subscription_id": s.co.subscription_id})).await, 403, ErrorCode::Forbidden).await;
    assert_error(app.post_as(&s.co.manager, &path, &json!({"status": "approved"})).await, 403, ErrorCode::Forbidden).await;
}

async fn network_licence_files_are_issued_for_the_server(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "multi_user_network").await;
    let subs: seatwise_api::SubscriptionList =
        app.get_as(&s.co.manager, &format!("/accounts/{}/subscriptions", s.co.account_id)).await.json().await.unwrap();
    let network = subs.subscriptions.iter().find(|x| x.licence_type == seatwise_api::LicenceType::MultiUserNetwork).unwrap().id.clone();
    let requests = format!("/accounts/{}/requests", s.co.account_id);
    let d: ProductDetail =
        app.get_as(&s.co.manager, &format!("/accounts/{}/products/{}", s.co.account_id, s.code)).await.json().await.unwrap();
    assert_eq!(d.network_licence, RequestAvailability::Request);
    assert_eq!(d.home_use, RequestAvailability::Request);
    // For the named-user subscription it does not apply.
    let r = app.post_as(&s.co.manager, &requests, &json!({"kind": "network_licence", "product_code": s.code,
        "subscription_id": s.co.subscription_id, "host_name": "lic01", "host_id": "001A2B3C4D5E"})).await;
    assert_error(r, 409, ErrorCode::RequestNotApplicable).await;
    let r = app.post_as(&s.co.manager, &requests, &json!({"kind": "network_licence", "product_code": s.code,
        "subscription_id": network, "host_name": "bad_host", "host_id": "12"})).await;
    assert_eq!(assert_error(r, 422, ErrorCode::ValidationFailed).await.fields.len(), 2);
    let req: LicenceRequest = serde_json::from_value(post_ok(&app, &s.co.manager, &requests, json!({"kind": "network_licence",
        "product_code": s.code, "subscription_id": network, "host_name": "LIC01.northwind.local", "host_id": "00:1a:2b:3c:4d:5e"})).await).unwrap();
    assert_eq!(req.host_id.as_deref(), Some("001A2B3C4D5E"));
    let file_path = format!("/accounts/{}/requests/{}/licence-file", s.co.account_id, req.id);
    assert_error(app.get_as(&s.co.manager, &file_path).await, 404, ErrorCode::NotFound).await;
    let done: LicenceRequest = serde_json::from_value(
        post_ok(&app, &s.vendor, &format!("/vendor/requests/{}/status", req.id), json!({"status": "fulfilled"})).await,
    )
    .unwrap();
    assert!(done.has_licence_file);
    let r = app.get_as(&s.co.manager, &file_path).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().contains(".lic"));
    let text = r.text().await.unwrap();
    assert!(text.contains("SERVER lic01.northwind.local 001A2B3C4D5E") && text.contains(&format!("INCREMENT {}", s.code)), "{text}");
    // Another account cannot reach it.
    let other = provision(&app, &s.vendor, "Contoso", 1).await;
    assert_error(app.get_as(&other.manager, &file_path).await, 404, ErrorCode::NotFound).await;
    app.wait_for_mail("manager.northwind@example.com", "licence file is ready").await;
}

async fn trials_start_once_and_end_by_themselves(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let (user, _) = member(&app, &s.co, "pia@example.com").await;
    let trials = format!("/accounts/{}/trials", s.co.account_id);
    let list: TrialList = app.get_as(&user, &trials).await.json().await.unwrap();
    assert!(list.offers.is_empty(), "no product has a trial yet");
    let r = s.vendor.put(app.url(&format!("/vendor/products/{}", s.product_id)))
        .json(&json!({"name": "AutoCAD", "description": "", "icon": "Ac", "trial_days": 30}))
        .send().await.unwrap();
    assert_eq!(r.status(), 200);
    let list: TrialList = app.get_as(&user, &trials).await.json().await.unwrap();
    assert_eq!(list.offers.len(), 1);
    assert_eq!(list.offers[0].days, 30);
    // The admin has the product already.
    assert_error(app.post_as(&s.co.manager, &trials, &json!({"product_code": s.code})).await, 409, ErrorCode::AlreadyEntitled).await;
    assert_error(app.post_as(&user, &trials, &json!({"product_code": "NOPE"})).await, 422, ErrorCode::ValidationFailed).await;

    let t: Trial = serde_json::from_value(post_ok(&app, &user, &trials, json!({"product_code": s.code})).await).unwrap();
    assert!(t.active);
    assert_eq!(t.days_left, 30);
    let d: ProductDetail = app.get_as(&user, &format!("/accounts/{}/products/{}", s.co.account_id, s.code)).await.json().await.unwrap();
    assert!(d.entitled);
    assert_eq!(d.releases.iter().map(|r| r.version.as_str()).collect::<Vec<_>>(), ["2027"], "a trial is the current version");
    assert!(d.activations.is_empty());
    assert_eq!(app.get_as(&user, &download_path(&s.co, &s.installers[0].1)).await.status(), 200);
    assert_error(app.get_as(&user, &download_path(&s.co, &s.installers[1].1)).await, 403, ErrorCode::NotEntitled).await;
    let list: ProductCardList = app.get_as(&user, &format!("/accounts/{}/products", s.co.account_id)).await.json().await.unwrap();
    assert_eq!(list.products[0].trial.as_ref().unwrap().days_left, 30);
    assert_error(app.post_as(&user, &trials, &json!({"product_code": s.code})).await, 409, ErrorCode::TrialUsed).await;

    app.advance(time::Duration::days(29) + time::Duration::hours(1));
    assert_eq!(app.sign_in_as(&user, "pia@example.com", PASSWORD).await.status(), 200);
    let list: TrialList = app.get_as(&user, &trials).await.json().await.unwrap();
    assert_eq!(list.trials[0].days_left, 1);
    app.advance(time::Duration::days(1));
    assert_eq!(app.sign_in_as(&user, "pia@example.com", PASSWORD).await.status(), 200);
    let list: TrialList = app.get_as(&user, &trials).await.json().await.unwrap();
    assert!(!list.trials[0].active && list.trials[0].days_left == 0);
    assert!(list.offers.is_empty(), "one trial per person and product");
    assert_error(app.get_as(&user, &download_path(&s.co, &s.installers[0].1)).await, 403, ErrorCode::NotEntitled).await;
}

async fn install_packages_name_their_files_and_are_shared_or_private(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let packages = format!("/accounts/{}/packages", s.co.account_id);
    let body = |name: &str, version: &str, shared: bool| {
        json!({"name": name, "platform": "windows", "language": "sl",
            "items": [{"product_code": s.code, "version": version}],
            "options": {"include_updates": true, "include_add_ons": false, "include_language_packs": true,
                "install_path": "C:\\Programs\\CAD", "desktop_shortcuts": true},
            "shared": shared})
    };
    let bad = assert_error(app.post_as(&s.co.manager, &packages, &body("", "2023", false)).await, 422, ErrorCode::ValidationFailed).await;
    assert!(bad.fields.contains_key("name") && bad.fields.contains_key("items"));
    let p: Package = serde_json::from_value(post_ok(&app, &s.co.manager, &packages, body("Office setup", "2027", false)).await).unwrap();
    let names: Vec<_> = p.files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(names, ["setup-2027.exe", "update-2027.1.msp"]);
    assert_eq!(p.files[0].sha256, sha(&s.installers[0].2));
    assert_eq!(p.total_size, s.installers[0].2.len() as u64 + 12);

    let r = app.get_as(&s.co.manager, &format!("{packages}/{}/manifest", p.id)).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()[header::CONTENT_DISPOSITION].to_str().unwrap().contains("office-setup"));
    let manifest: Value = r.json().await.unwrap();
    assert_eq!(manifest["files"][0]["sha256"], sha(&s.installers[0].2));
    assert!(manifest["files"][0]["download"].as_str().unwrap().contains("/download"));

    // A second admin sees it only once it is shared.
    let (second, second_id) = member(&app, &s.co, "ana@example.com").await;
    let r = s.co.manager.patch(app.url(&format!("/accounts/{}/members/{second_id}", s.co.account_id)))
        .json(&json!({"role": "secondary_admin"})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let list: PackageList = app.get_as(&second, &packages).await.json().await.unwrap();
    assert!(list.packages.is_empty());
    assert_error(app.get_as(&second, &format!("{packages}/{}", p.id)).await, 404, ErrorCode::NotFound).await;
    let r = s.co.manager.put(app.url(&format!("{packages}/{}", p.id))).json(&body("Office setup", "2026", true)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let list: PackageList = app.get_as(&second, &packages).await.json().await.unwrap();
    assert_eq!(list.packages.len(), 1);
    assert!(!list.packages[0].mine);
    assert_eq!(list.packages[0].files[0].file_name, "setup-2026.exe");
    // Users have no packages; deleting leaves an activity record.
    let (user, _) = member(&app, &s.co, "pia@example.com").await;
    assert_error(app.get_as(&user, &packages).await, 403, ErrorCode::Forbidden).await;
    let r = second.delete(app.url(&format!("{packages}/{}", p.id))).send().await.unwrap();
    assert_eq!(r.status(), 204);
    let log: seatwise_api::ActivityPage =
        app.get_as(&s.co.manager, &format!("/accounts/{}/activity", s.co.account_id)).await.json().await.unwrap();
    assert!(log.entries.iter().any(|e| e.action == "package.deleted"));
}
