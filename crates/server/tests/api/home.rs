//! The home page per role, help links, and product updates mailed once to each holder.

use seatwise_api::{AccountHome, HelpLink, ProductUpdateList, PublishedUpdate, PublishedUpdateList, VendorHome};
use serde_json::json;

use crate::{
    company::*,
    helpers::*,
    on_both_databases,
    products::{member, set_seat, shop},
};

on_both_databases!(home_pages_show_each_roles_blocks, published_updates_mail_each_holder_once,);

async fn home(app: &TestApp, c: &reqwest::Client, account: &str) -> AccountHome {
    let r = app.get_as(c, &format!("/accounts/{account}/home")).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn home_pages_show_each_roles_blocks(b: Backend) {
    let app = spawn_app(b).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Northwind", 3).await;
    let acc = &co.account_id;
    let (ana, ana_id) = member(&app, &co, "ana@example.com").await;
    set_seat(&app, &co, &ana_id, &co.subscription_id, true).await;
    // A second subscription that ends in 20 days, Ana holding a seat of it.
    let (start, _) = term(&app);
    let end = {
        use seatwise_server::clock::Clock;
        let fmt = time::macros::format_description!("[year]-[month]-[day]");
        (app.clock.now().date() + time::Duration::days(20)).format(&fmt).unwrap()
    };
    let products: serde_json::Value = app.get_as(&v, "/vendor/products").await.json().await.unwrap();
    let product = products["products"][0]["id"].as_str().unwrap().to_string();
    let contract = post_ok(&app, &v, &format!("/vendor/accounts/{acc}/contracts"), json!({
        "number": "K-SOON", "start_date": start, "end_date": end})).await;
    let soon = post_ok(&app, &v, &format!("/vendor/contracts/{}/subscriptions", contract["id"].as_str().unwrap()), json!({
        "product_id": product, "licence_type": "named_user", "seats": 2, "term": "one_year",
        "start_date": start, "end_date": end, "auto_renew": false})).await;
    let soon = soon["id"].as_str().unwrap().to_string();
    set_seat(&app, &co, &ana_id, &soon, true).await;
    // Help links: English and Slovenian; nothing in Chinese (English stands in).
    for (locale, title) in [("en", "Installation guide"), ("sl", "Navodila za namestitev"), ("en", "Licensing FAQ")] {
        let l: HelpLink = serde_json::from_value(post_ok(&app, &v, "/vendor/help-links", json!({
            "locale": locale, "title": title, "url": format!("https://docs.example/{locale}/{}", title.len()),
            "description": "Step by step"})).await).unwrap();
        assert_eq!(l.locale, locale);
    }
    let bad = app.post_as(&v, "/vendor/help-links", &json!({"locale": "de", "title": "", "url": "javascript:alert(1)"})).await;
    let e = assert_error(bad, 422, seatwise_api::ErrorCode::ValidationFailed).await;
    for f in ["locale", "title", "url"] {
        assert!(e.fields.contains_key(f), "{f}");
    }
    app.patch_as(&ana, "/me", &json!({"locale": "sl"})).await;
    post_ok(&app, &ana, &format!("/accounts/{acc}/cases"), json!({"category": "installation", "severity": "normal",
        "subject": "Namestitev", "description": "Ne gre."})).await;

    // A user: their blocks, no admin block.
    let h = home(&app, &ana, acc).await;
    assert!(h.admin.is_none() && h.requests.is_empty());
    assert_eq!(h.help_links.iter().map(|l| l.title.as_str()).collect::<Vec<_>>(), vec!["Navodila za namestitev"]);
    assert_eq!(h.cases.len(), 1);
    assert_eq!(h.renewals.len(), 1, "only the subscription ending within 30 days");
    assert_eq!((h.renewals[0].days_left, h.renewals[0].contract_number.as_str()), (20, "K-SOON"));
    // The contract manager: seats per product, the renewal window, invitations, activity.
    post_ok(&app, &co.manager, &format!("/accounts/{acc}/invitations"), json!({
        "invitations": [{"email": "later@example.com", "first_name": "L", "last_name": "Ater"}]})).await;
    app.patch_as(&co.manager, "/me", &json!({"locale": "zh-TW"})).await;
    let h = home(&app, &co.manager, acc).await;
    let admin = h.admin.expect("the admin block");
    let total = admin.seats.iter().fold((0, 0), |(a, b), s| (a + s.seats, b + s.used));
    assert_eq!(total, (5, 2));
    assert_eq!(admin.renewals.len(), 1);
    assert_eq!((admin.pending_invitations, admin.invitations[0].email.as_str()), (1, "later@example.com"));
    assert!(!admin.activity.is_empty());
    assert_eq!(h.cases.len(), 1, "the admin sees the member's case");
    assert_eq!(h.help_links.len(), 2, "English for Chinese");
    // Vendor staff: the queues by age.
    let vh: VendorHome = app.get_as(&v, "/vendor/home").await.json().await.unwrap();
    assert_eq!((vh.cases.today, vh.cases.this_week, vh.cases.older, vh.unassigned_cases, vh.my_cases), (1, 0, 0, 1, 0));
    app.advance(time::Duration::days(3));
    vendor_sign_in(&app, &v, "staff@vendor.example").await;
    let vh: VendorHome = app.get_as(&v, "/vendor/home").await.json().await.unwrap();
    assert_eq!((vh.cases.today, vh.cases.this_week), (0, 1));
    app.stop().await;
}

async fn published_updates_mail_each_holder_once(b: Backend) {
    let app = spawn_app(b).await;
    let s = shop(&app, "named_user").await;
    let acc = &s.co.account_id;
    let (ana, ana_id) = member(&app, &s.co, "ana@example.com").await;
    let (_bor, _) = member(&app, &s.co, "bor@example.com").await;
    let (carl, carl_id) = member(&app, &s.co, "carl@example.com").await;
    set_seat(&app, &s.co, &ana_id, &s.co.subscription_id, true).await;
    set_seat(&app, &s.co, &carl_id, &s.co.subscription_id, true).await;
    // Carl wants no product mail.
    let r = app.patch_as(&carl, "/me", &json!({"notifications": {"product_updates": false, "renewal_reminders": true, "news": false}})).await;
    assert_eq!(r.status(), 200);
    let cat: seatwise_api::Catalogue = app.get_as(&s.vendor, "/vendor/catalogue").await.json().await.unwrap();
    let product = cat.products.iter().find(|p| p.id == s.product_id).unwrap();
    let r2027 = product.releases.iter().find(|r| r.version == "2027").unwrap();
    let update_file = r2027.files.iter().find(|f| f.kind == seatwise_api::FileKind::Update).unwrap();
    let installer = r2027.files.iter().find(|f| f.kind == seatwise_api::FileKind::Installer).unwrap();
    let path = format!("/vendor/products/{}/updates", s.product_id);
    // A file for a release, none for an update, an installer as an update: refused.
    for (body, field) in [
        (json!({"release_id": r2027.id, "kind": "release", "file_id": update_file.id}), "file_id"),
        (json!({"release_id": r2027.id, "kind": "update"}), "file_id"),
        (json!({"release_id": r2027.id, "kind": "update", "file_id": installer.id}), "file_id"),
        (json!({"release_id": "nope", "kind": "release"}), "release_id"),
    ] {
        let e = assert_error(app.post_as(&s.vendor, &path, &body).await, 422, seatwise_api::ErrorCode::ValidationFailed).await;
        assert!(e.fields.contains_key(field), "{body}: {:?}", e.fields);
    }
    let first = home(&app, &ana, acc).await;
    assert!(first.updates.is_empty());
    app.advance(time::Duration::minutes(5));
    let p: PublishedUpdate = serde_json::from_value(
        post_ok(&app, &s.vendor, &path, json!({"release_id": r2027.id, "kind": "release", "note": "Faster 3D views."})).await,
    )
    .unwrap();
    assert_eq!(p.update.version, "2027");
    assert_error(app.post_as(&s.vendor, &path, &json!({"release_id": r2027.id, "kind": "release"})).await, 409, seatwise_api::ErrorCode::Taken).await;
    post_ok(&app, &s.vendor, &path, json!({"release_id": r2027.id, "kind": "update", "file_id": update_file.id})).await;
    // Two more runners besides the ones publishing started: each person is mailed once per update.
    let (x, y) = tokio::join!(
        seatwise_server::domain::home::run_notices(&app.state),
        seatwise_server::domain::home::run_notices(&app.state)
    );
    x.unwrap();
    y.unwrap();
    app.wait_for_mail("ana@example.com", "Faster 3D views.").await;
    app.wait_for_mail("ana@example.com", "Update").await;
    // Whatever ran last has finished: another run mails nobody.
    assert_eq!(seatwise_server::domain::home::run_notices(&app.state).await.unwrap().mailed, 0);
    let mails = app.mailbox().await;
    let product_mails = |to: &str| mails.iter().filter(|m| m.to == to && m.text.contains("/software/")).count();
    assert_eq!(product_mails("ana@example.com"), 2, "one per update");
    assert_eq!(product_mails("bor@example.com"), 0, "no seat");
    assert_eq!(product_mails("carl@example.com"), 0, "no product mail wanted");
    let m = mails.iter().find(|m| m.to == "ana@example.com" && m.text.contains("Faster 3D views.")).unwrap();
    assert!(m.text.contains(&format!("/accounts/{acc}/software/{}?tab=downloads", s.code)), "{}", m.text);
    let list: PublishedUpdateList = app.get_as(&s.vendor, &path).await.json().await.unwrap();
    assert_eq!(list.updates.iter().map(|u| (u.recipients, u.mailed)).collect::<Vec<_>>(), vec![(1, 1), (1, 1)]);
    // Ana's home marks them new once; "What's new" lists both.
    let h = home(&app, &ana, acc).await;
    assert_eq!(h.updates.len(), 2);
    assert!(h.updates.iter().all(|u| u.is_new));
    let h = home(&app, &ana, acc).await;
    assert!(h.updates.iter().all(|u| !u.is_new));
    let news: ProductUpdateList = app.get_as(&ana, &format!("/accounts/{acc}/products/{}/updates", s.code)).await.json().await.unwrap();
    assert_eq!(news.updates.len(), 2);
    assert_eq!(news.updates.iter().filter(|u| u.file_title.is_some()).count(), 1);
    app.stop().await;
}
