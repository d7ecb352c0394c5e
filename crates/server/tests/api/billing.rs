//! Renewals, seat additions, invoices and the renewal job, with the renewal FAQ's figures (USD
//! per seat of AutoCAD LT: 420 to renew for a year, 1,179 for three years, 1,310 for three years
//! bought new; 2 seats added with 400 of 1,096 days left: 860.58).

use reqwest::Client;
use seatwise_api::{AlignmentQuote, LicenceType, PremiumPlan, ContractList, ContractSummary, ErrorCode, Invoice, InvoiceList, InvoiceStatus, NotOfferedReason, OrderKind, Quote, SubscriptionDetail, SubscriptionStatus, Term};
use seatwise_server::{clock::Clock, jobs::renewals};
use serde_json::{json, Value};

use crate::{company::*, helpers::*, on_both_databases};

on_both_databases!(
    renewals_and_seat_additions_are_priced_ordered_and_invoiced,
    the_renewal_job_renews_expires_and_reminds_once,
    billing_dates_are_aligned_once_and_invoiced_prorated,
    trade_in_and_collection_switch_take_effect_at_renewal,
    the_premium_plan_needs_ten_subscriptions
);

fn iso(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

struct Shop {
    vendor: Client,
    manager: Client,
    manager_email: String,
    account: String,
    contract: String,
    product: String,
}

/// Today is 2027-02-01 (so that the FAQ's 1,096-day term exists: 2025-03-07 to 2028-03-07);
/// a product with the FAQ's prices; an account in Slovenia (22 % tax) with a contract bought
/// online.
async fn shop(app: &TestApp, name: &str) -> Shop {
    let target = time::macros::datetime!(2027-02-01 12:00 UTC);
    app.advance(target - app.clock.now());
    let vendor = vendor(app, &format!("staff.{name}@vendor.example")).await;
    let p: Value = post_ok(app, &vendor, "/vendor/products", json!({"code": format!("LT{name}"), "name": "Draftline LT", "kind": "product"})).await;
    let product = p["id"].as_str().unwrap().to_string();
    let today = iso(app.clock.now().date());
    for (term, kind, amount) in [("one_year", "renewal", 42_000), ("three_years", "renewal", 117_900), ("three_years", "new", 131_000), ("one_year", "new", 46_700)] {
        post_ok(app, &vendor, "/vendor/prices", json!({"product_id": product, "licence_type": "named_user", "term": term, "kind": kind,
            "currency": "USD", "amount_minor": amount, "effective_from": today})).await;
    }
    let manager_email = format!("manager.{name}@example.com");
    let account = post_ok(app, &vendor, "/vendor/accounts", json!({
        "name": format!("Company {name}"), "country": "SI", "manager_email": manager_email,
        "manager_first_name": "Maja", "manager_last_name": "Kos", "manager_locale": "en"
    }))
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (manager, _) = accept_as_new(app, &manager_email).await;
    let contract = post_ok(app, &vendor, &format!("/vendor/accounts/{account}/contracts"), json!({
        "number": format!("K-{name}"), "start_date": "2025-03-07", "end_date": "2028-03-07", "currency": "usd"
    }))
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    Shop { vendor, manager, manager_email, account, contract, product }
}

async fn subscription(app: &TestApp, shop: &Shop, term: &str, seats: u32, start: &str, end: &str, auto_renew: bool) -> String {
    post_ok(app, &shop.vendor, &format!("/vendor/contracts/{}/subscriptions", shop.contract), json!({
        "product_id": shop.product, "licence_type": "named_user", "seats": seats, "term": term,
        "start_date": start, "end_date": end, "auto_renew": auto_renew
    }))
    .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn detail(app: &TestApp, shop: &Shop, sub: &str) -> SubscriptionDetail {
    let r = app.get_as(&shop.manager, &format!("/accounts/{}/subscriptions/{sub}", shop.account)).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn put(app: &TestApp, c: &Client, path: &str, body: Value) -> reqwest::Response {
    c.put(app.url(path)).json(&body).send().await.unwrap()
}

async fn renewals_and_seat_additions_are_priced_ordered_and_invoiced(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_TAX_RATES", "SI=22, DE=19")]).await;
    let shop = shop(&app, "a").await;
    let base = format!("/accounts/{}/subscriptions", shop.account);

    // A one-year term ending in 30 days: in the renewal window.
    let yearly = subscription(&app, &shop, "one_year", 3, "2026-03-03", "2027-03-03", false).await;
    let d = detail(&app, &shop, &yearly).await;
    assert_eq!(d.renewal.blocked, None);
    assert_eq!((d.renewal.next_term, d.renewal.next_seats, d.renewal.price_per_seat_minor), (Term::OneYear, 3, Some(42_000)));
    assert_eq!((d.renewal.next_renewal_date.as_str(), d.renewal.window_opens.as_str()), ("2027-03-03", "2026-12-03"));
    assert_eq!((d.currency.as_str(), d.payment_method.as_str(), d.partner.is_none()), ("USD", "invoice", true));
    assert_eq!(d.history.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["created"]);

    // The FAQ: 1,179 to change the term to three years at renewal, against 1,310 bought new.
    let q: Quote = app.post_as(&shop.manager, &format!("{base}/{yearly}/renewal/quote"), &json!({"term": "three_years", "seats": 1})).await.json().await.unwrap();
    assert_eq!((q.lines[0].amount_minor, q.new_price_minor), (117_900, Some(131_000)));
    assert_eq!((q.lines[0].period_start.as_str(), q.lines[0].period_end.as_str(), q.lines[0].days), ("2027-03-03", "2030-03-03", 1096));
    assert_eq!((q.subtotal_minor, q.tax_rate_bp, q.tax_minor, q.total_minor), (117_900, 2200, 25_938, 143_838));
    let q: Quote = app.post_as(&shop.manager, &format!("{base}/{yearly}/renewal/quote"), &json!({"term": "one_year", "seats": 3})).await.json().await.unwrap();
    assert_eq!(q.subtotal_minor, 126_000);

    // Not below the seats assigned; a purchase order number of sensible length.
    assert_eq!(assign(&app, &shop, &shop.manager_email, &yearly).await, 200);
    for (body, field) in [
        (json!({"term": "one_year", "seats": 0}), "seats"),
        (json!({"term": "one_year", "seats": 3, "po_number": "x".repeat(41)}), "po_number"),
    ] {
        let e = assert_error(app.post_as(&shop.manager, &format!("{base}/{yearly}/renewal"), &body).await, 422, ErrorCode::ValidationFailed).await;
        assert!(e.fields.contains_key(field), "{field}: {e:?}");
    }

    // Two admins confirm at once: exactly one order.
    let second = app.new_browser();
    assert_eq!(app.sign_in_as(&second, &shop.manager_email, PASSWORD).await.status(), 200);
    let body = json!({"term": "three_years", "seats": 2, "po_number": "PO-7781"});
    let path = format!("{base}/{yearly}/renewal");
    let (r1, r2) = tokio::join!(app.post_as(&shop.manager, &path, &body), app.post_as(&second, &path, &body));
    let mut statuses = [r1.status().as_u16(), r2.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409]);
    let invoice = if r1.status() == 201 { r1 } else { r2 };
    let invoice: Invoice = invoice.json().await.unwrap();
    assert_eq!(invoice.summary.number, "INV-000001");
    assert_eq!((invoice.summary.kind, invoice.summary.status, invoice.po_number.as_str()), (OrderKind::Renewal, InvoiceStatus::Open, "PO-7781"));
    assert_eq!((invoice.subtotal_minor, invoice.tax_minor, invoice.summary.total_minor), (235_800, 51_876, 287_676));
    let d = detail(&app, &shop, &yearly).await;
    assert!(d.renewal.ordered);
    assert_eq!(d.renewal.blocked, Some(NotOfferedReason::AlreadyRenewed));
    assert_eq!((d.renewal.next_term, d.renewal.next_seats), (Term::ThreeYears, 2));
    assert_eq!(d.history.last().unwrap().kind, "renewal_ordered");
    assert_eq!(d.invoices.len(), 1);
    let mail = app.wait_for_mail(&shop.manager_email, "INV-000001").await;
    assert!(mail.text.contains("2,876.76 USD"), "{}", mail.text);
    assert_error(put(&app, &shop.manager, &format!("{base}/{yearly}/renewal-settings"), json!({"term": "one_year", "seats": 2})).await, 409, ErrorCode::NotOffered).await;

    // The FAQ's seat addition: 2 seats at 1,179 with 400 of 1,096 days left cost 860.58.
    let triennial = subscription(&app, &shop, "three_years", 1, "2025-03-07", "2028-03-07", true).await;
    let d = detail(&app, &shop, &triennial).await;
    assert_eq!(d.add_seats_blocked, None);
    assert_eq!(d.renewal.blocked, Some(NotOfferedReason::WindowNotOpen));
    let q: Quote = app.post_as(&shop.manager, &format!("{base}/{triennial}/seats/quote"), &json!({"seats": 2})).await.json().await.unwrap();
    assert_eq!((q.lines[0].days, q.lines[0].term_days, q.lines[0].amount_minor), (400, 1096, 86_058));
    assert_eq!((q.tax_minor, q.total_minor), (18_933, 104_991));
    let r = app.post_as(&shop.manager, &format!("{base}/{triennial}/seats"), &json!({"seats": 2})).await;
    assert_eq!(r.status(), 201);
    let invoice: Invoice = r.json().await.unwrap();
    assert_eq!((invoice.summary.number.as_str(), invoice.summary.total_minor), ("INV-000002", 104_991));
    let d = detail(&app, &shop, &triennial).await;
    assert_eq!((d.subscription.seats, d.renewal.next_seats), (3, 3));

    // Seats only with auto-renew on; auto-renew and the next term's settings are the admin's.
    assert_eq!(put(&app, &shop.manager, &format!("{base}/{triennial}/auto-renew"), json!({"auto_renew": false})).await.status(), 204);
    assert_error(app.post_as(&shop.manager, &format!("{base}/{triennial}/seats"), &json!({"seats": 1})).await, 409, ErrorCode::NotOffered).await;
    assert_eq!(detail(&app, &shop, &triennial).await.add_seats_blocked, Some(NotOfferedReason::AutoRenewOff));
    assert_eq!(put(&app, &shop.manager, &format!("{base}/{triennial}/renewal-settings"), json!({"term": "one_year", "seats": 2})).await.status(), 204);
    let d = detail(&app, &shop, &triennial).await;
    assert_eq!((d.renewal.next_term, d.renewal.next_seats, d.renewal.price_per_seat_minor), (Term::OneYear, 2, Some(42_000)));
    let kinds: Vec<_> = d.history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "seats_added", "auto_renew_off", "renewal_settings"]);

    // A member who is not an admin sees no prices; another account's admin sees nothing.
    let member = invite(&app, &shop, "member.a@example.com").await;
    assert_error(app.get_as(&member, &format!("{base}/{yearly}")).await, 403, ErrorCode::Forbidden).await;
    assert_error(app.get_as(&member, &format!("/accounts/{}/invoices", shop.account)).await, 403, ErrorCode::Forbidden).await;
    let other = shop_other(&app, &shop).await;
    assert_error(app.get_as(&other, &format!("{base}/{yearly}")).await, 404, ErrorCode::NotFound).await;
    assert_error(app.get_as(&other, &format!("/accounts/{}/invoices/{}", shop.account, invoice.summary.id)).await, 404, ErrorCode::NotFound).await;

    // The vendor records payments; an invoice is paid once settled, never overpaid.
    let list: InvoiceList = app.get_as(&shop.vendor, "/vendor/invoices?status=open").await.json().await.unwrap();
    assert_eq!(list.invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(), ["INV-000002", "INV-000001"]);
    let pay = |amount: i64, on: &str| json!({"amount_minor": amount, "received_on": on, "reference": "SI56 0201 1234"});
    let path = format!("/vendor/invoices/{}/payments", invoice.summary.id);
    let e = assert_error(app.post_as(&shop.vendor, &path, &pay(104_992, "2027-02-01")).await, 422, ErrorCode::ValidationFailed).await;
    assert!(e.fields.contains_key("amount_minor"));
    let e = assert_error(app.post_as(&shop.vendor, &path, &pay(1, "2027-02-02")).await, 422, ErrorCode::ValidationFailed).await;
    assert!(e.fields.contains_key("received_on"));
    assert_error(app.post_as(&shop.manager, &path, &pay(1, "2027-02-01")).await, 403, ErrorCode::Forbidden).await;
    let part: Invoice = app.post_as(&shop.vendor, &path, &pay(50_000, "2027-01-31")).await.json().await.unwrap();
    assert_eq!((part.summary.paid_minor, part.summary.status), (50_000, InvoiceStatus::Open));
    let paid: Invoice = app.post_as(&shop.vendor, &path, &pay(54_991, "2027-02-01")).await.json().await.unwrap();
    assert_eq!((paid.summary.paid_minor, paid.summary.status, paid.payments.len()), (104_991, InvoiceStatus::Paid, 2));
    let mine: InvoiceList = app.get_as(&shop.manager, &format!("/accounts/{}/invoices", shop.account)).await.json().await.unwrap();
    assert_eq!(mine.invoices[0].status, InvoiceStatus::Paid);

    contracts_filter_and_export(&app, &shop, &yearly, &triennial).await;
}

/// The contracts list with its filters, one contract, and the exports.
async fn contracts_filter_and_export(app: &TestApp, shop: &Shop, yearly: &str, triennial: &str) {
    let list = |query: String| async move {
        let r = app.get_as(&shop.manager, &format!("/accounts/{}/contracts{query}", shop.account)).await;
        assert_eq!(r.status(), 200);
        let l: ContractList = r.json().await.unwrap();
        l.contracts.iter().map(|c| (c.number.clone(), c.subscriptions.iter().map(|s| s.id.clone()).collect::<Vec<_>>())).collect::<Vec<_>>()
    };
    // By contract, then product, then start.
    let both = vec![("K-a".to_string(), vec![triennial.to_string(), yearly.to_string()])];
    assert_eq!(list(String::new()).await, both);
    assert_eq!(list("?product=LTa&status=active".into()).await, both);
    assert_eq!(list("?status=expired".into()).await, vec![]);
    assert_eq!(list("?product=NOPE".into()).await, vec![]);
    // A team's filter keeps the subscriptions whose seats its members hold.
    let team: Value = post_ok(app, &shop.manager, &format!("/accounts/{}/teams", shop.account), json!({"name": "Design"})).await;
    let team = team["id"].as_str().unwrap();
    assert_eq!(list(format!("?team={team}")).await, vec![]);
    let page: seatwise_api::MemberPage =
        app.get_as(&shop.manager, &format!("/accounts/{}/members?q={}", shop.account, shop.manager_email)).await.json().await.unwrap();
    let me = &page.members[0].user_id;
    assert_eq!(app.patch_as(&shop.manager, &format!("/accounts/{}/members/{me}", shop.account), &json!({"team_ids": [team]})).await.status(), 200);
    assert_eq!(list(format!("?team={team}")).await, vec![("K-a".to_string(), vec![yearly.to_string()])]);

    let c: ContractSummary = app.get_as(&shop.manager, &format!("/accounts/{}/contracts/{}", shop.account, shop.contract)).await.json().await.unwrap();
    assert_eq!((c.currency.as_str(), c.partner.is_none(), c.subscriptions.len()), ("USD", true, 2));

    let csv = app.get_as(&shop.manager, &format!("/accounts/{}/contracts/export.csv?status=active", shop.account)).await.text().await.unwrap();
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].trim_start_matches('\u{feff}').starts_with("contract,contract_start"));
    assert!(lines[1].starts_with("K-a,2025-03-07,2028-03-07,USD,,,,LTA,Draftline LT,named_user,three_years,3,0,2025-03-07,2028-03-07,active,no,"), "{}", lines[1]);
    assert!(lines[2].contains(",named_user,one_year,3,1,2026-03-03,2027-03-03,active,no,"), "{}", lines[2]);
    let r = app.get_as(&shop.manager, &format!("/accounts/{}/contracts/export.xlsx", shop.account)).await;
    assert_eq!(r.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(&r.bytes().await.unwrap()[..2], b"PK");
    let csv = app.get_as(&shop.manager, &format!("/accounts/{}/subscriptions/{yearly}/assignments.csv", shop.account)).await.text().await.unwrap();
    assert!(csv.contains(",Draftline LT,named_user,") && csv.contains(&format!("{},New,manager.a,Design,", shop.manager_email)), "{csv}");
}

/// The admin of another account (for the tenant checks).
async fn shop_other(app: &TestApp, shop: &Shop) -> Client {
    post_ok(app, &shop.vendor, "/vendor/accounts", json!({
        "name": "Other company", "country": "DE", "manager_email": "manager.other@example.com",
        "manager_first_name": "Otto", "manager_last_name": "Other", "manager_locale": "en"
    }))
    .await;
    accept_as_new(app, "manager.other@example.com").await.0
}

/// Gives the member with address `email` a seat of `sub`; the answer's status.
async fn assign(app: &TestApp, shop: &Shop, email: &str, sub: &str) -> u16 {
    let page: seatwise_api::MemberPage =
        app.get_as(&shop.manager, &format!("/accounts/{}/members?q={email}", shop.account)).await.json().await.unwrap();
    let user = &page.members[0].user_id;
    put(app, &shop.manager, &format!("/accounts/{}/members/{user}/assignments/{sub}", shop.account), json!({"assigned": true}))
        .await
        .status()
        .as_u16()
}

async fn invite(app: &TestApp, shop: &Shop, email: &str) -> Client {
    post_ok(app, &shop.manager, &format!("/accounts/{}/invitations", shop.account), json!({"invitations": [
        {"email": email, "first_name": "Mo", "last_name": "Member"}]})).await;
    accept_as_new(app, email).await.0
}

async fn the_renewal_job_renews_expires_and_reminds_once(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_TAX_RATES", "SI=22")]).await;
    let shop = shop(&app, "b").await;
    let base = format!("/accounts/{}/subscriptions", shop.account);
    // Three one-year terms ending in 10 days: auto-renewing, let go, and renewed by hand.
    let auto = subscription(&app, &shop, "one_year", 2, "2026-02-11", "2027-02-11", true).await;
    let lapsing = subscription(&app, &shop, "one_year", 1, "2026-02-11", "2027-02-11", false).await;
    let ordered = subscription(&app, &shop, "one_year", 4, "2026-02-11", "2027-02-11", false).await;
    let r = app.post_as(&shop.manager, &format!("{base}/{ordered}/renewal"), &json!({"term": "one_year", "seats": 1})).await;
    assert_eq!(r.status(), 201);
    // After the order, two seats of the one ordered are taken.
    invite(&app, &shop, "member.b@example.com").await;
    assert_eq!(assign(&app, &shop, &shop.manager_email, &ordered).await, 200);
    assert_eq!(assign(&app, &shop, "member.b@example.com", &ordered).await, 200);
    assert_eq!(assign(&app, &shop, &shop.manager_email, &lapsing).await, 200);

    // Two runners at once: one reminder each (the 30-day one: 10 days are left), once.
    let (a, b2) = tokio::join!(renewals::run_once(&app.state), renewals::run_once(&app.state));
    assert_eq!(a.unwrap().reminders + b2.unwrap().reminders, 2, "the ordered one needs no reminder");
    assert_eq!(renewals::run_once(&app.state).await.unwrap().reminders, 0);
    let reminder = app.wait_for_mail(&shop.manager_email, "ends on 2027-02-11").await;
    assert!(reminder.text.contains("in 10 days"), "{}", reminder.text);
    // Six days later the 7-day reminder, once more each.
    app.advance(time::Duration::days(6));
    assert_eq!(renewals::run_once(&app.state).await.unwrap().reminders, 2);
    assert_eq!(renewals::run_once(&app.state).await.unwrap().reminders, 0);

    // The end date: two runners again; each subscription rolls over exactly once.
    app.advance(time::Duration::days(4));
    let (a, b2) = tokio::join!(renewals::run_once(&app.state), renewals::run_once(&app.state));
    let (a, b2) = (a.unwrap(), b2.unwrap());
    assert_eq!((a.auto_renewed + b2.auto_renewed, a.expired + b2.expired, a.renewed + b2.renewed), (1, 1, 1));
    assert_eq!(renewals::run_once(&app.state).await.unwrap(), renewals::Ran::default());

    assert_eq!(app.sign_in_as(&shop.manager, &shop.manager_email, PASSWORD).await.status(), 200);
    let d = detail(&app, &shop, &auto).await;
    assert_eq!((d.subscription.status, d.subscription.end_date.as_str()), (SubscriptionStatus::Active, "2028-02-11"));
    assert_eq!(d.history.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(), ["created", "auto_renewed"]);
    assert_eq!((d.invoices.len(), d.invoices[0].kind, d.invoices[0].total_minor), (1, OrderKind::AutoRenewal, 102_480));
    // Renewed by hand with fewer seats than were assigned since: the newest assignment went.
    let d = detail(&app, &shop, &ordered).await;
    assert_eq!((d.subscription.end_date.as_str(), d.subscription.seats, d.subscription.seats_used), ("2028-02-11", 1, 1));
    // Expired for good: kept with its assignment, never renewed or changed again.
    let d = detail(&app, &shop, &lapsing).await;
    assert_eq!((d.subscription.status, d.subscription.seats_used), (SubscriptionStatus::Expired, 1));
    assert_eq!(d.renewal.blocked, Some(NotOfferedReason::Inactive));
    assert_error(app.post_as(&shop.manager, &format!("{base}/{lapsing}/renewal"), &json!({"term": "one_year", "seats": 1})).await, 409, ErrorCode::NotOffered).await;
    assert_error(put(&app, &shop.manager, &format!("{base}/{lapsing}/auto-renew"), json!({"auto_renew": true})).await, 409, ErrorCode::NotOffered).await;
    assert_error(app.post_as(&shop.manager, &format!("{base}/{auto}/buy-again"), &json!({"term": "one_year", "seats": 1})).await, 409, ErrorCode::NotOffered).await;
    assert_eq!(detail(&app, &shop, &auto).await.buy_again_blocked, Some(NotOfferedReason::NotExpired));

    // "Buy again": a new subscription at the price for new ones, with what renewing in time
    // would have saved (the FAQ's ~10 %); the holder of its seat gets one of the new one.
    assert_eq!(d.buy_again_blocked, None);
    let q: Quote = app.post_as(&shop.manager, &format!("{base}/{lapsing}/buy-again/quote"), &json!({"term": "three_years", "seats": 2})).await.json().await.unwrap();
    assert_eq!((q.subtotal_minor, q.renewal_price_minor), (262_000, Some(235_800)));
    let r = app.post_as(&shop.manager, &format!("{base}/{lapsing}/buy-again"), &json!({"term": "three_years", "seats": 2})).await;
    assert_eq!(r.status(), 201);
    let invoice: Invoice = r.json().await.unwrap();
    assert_eq!((invoice.summary.number.as_str(), invoice.summary.kind, invoice.summary.total_minor), ("INV-000003", OrderKind::Purchase, 319_640));
    let fresh = invoice.subscription_id.unwrap();
    assert_ne!(fresh, lapsing);
    let d = detail(&app, &shop, &fresh).await;
    assert_eq!((d.subscription.status, d.subscription.start_date.as_str(), d.subscription.end_date.as_str()), (SubscriptionStatus::Active, "2027-02-11", "2030-02-11"));
    assert_eq!((d.subscription.seats, d.subscription.seats_used), (2, 1));
    let old = detail(&app, &shop, &lapsing).await;
    assert_eq!((old.subscription.status, old.history.last().unwrap().kind.as_str()), (SubscriptionStatus::Expired, "bought_again"));

    // The invoice numbers have no gaps.
    let list: InvoiceList = app.get_as(&shop.manager, &format!("/accounts/{}/invoices", shop.account)).await.json().await.unwrap();
    assert_eq!(list.invoices.iter().map(|i| i.number.as_str()).collect::<Vec<_>>(), ["INV-000003", "INV-000002", "INV-000001"]);
}

/// Another contract of the shop's account: in `currency`, sold by `partner` when not empty.
async fn contract(app: &TestApp, shop: &Shop, number: &str, currency: &str, partner: &str) -> String {
    post_ok(app, &shop.vendor, &format!("/vendor/accounts/{}/contracts", shop.account), json!({
        "number": number, "start_date": "2025-03-07", "end_date": "2028-03-07", "currency": currency,
        "partner_name": partner, "partner_email": if partner.is_empty() { "" } else { "sales@partner.example" }
    }))
    .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn subscription_in(app: &TestApp, shop: &Shop, contract: &str, term: &str, (start, end): (&str, &str)) -> String {
    post_ok(app, &shop.vendor, &format!("/vendor/contracts/{contract}/subscriptions"), json!({
        "product_id": shop.product, "licence_type": "named_user", "seats": 1, "term": term,
        "start_date": start, "end_date": end, "auto_renew": false
    }))
    .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn billing_dates_are_aligned_once_and_invoiced_prorated(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_TAX_RATES", "SI=22")]).await;
    let elsewhere = shop(&app, "d").await;
    let shop = shop(&app, "c").await;
    let base = format!("/accounts/{}/subscriptions", shop.account);
    let quote = |ids: Vec<&str>| {
        let (app, shop, base) = (&app, &shop, &base);
        let ids: Vec<String> = ids.into_iter().map(str::to_string).collect();
        async move {
            let r = app.post_as(&shop.manager, &format!("{base}/align/quote"), &json!({"subscription_ids": ids})).await;
            assert_eq!(r.status(), 200);
            r.json::<AlignmentQuote>().await.unwrap()
        }
    };
    // Three yearly terms (today is 2027-02-01), ending on 2027-06-01, 2027-09-15 and 2027-08-01.
    let june = subscription(&app, &shop, "one_year", 2, "2026-06-01", "2027-06-01", false).await;
    let september = subscription(&app, &shop, "one_year", 1, "2026-09-15", "2027-09-15", true).await;
    let august = subscription(&app, &shop, "one_year", 1, "2026-08-01", "2027-08-01", false).await;

    // All renew on the latest end date, 2027-09-15. June's extension, 2027-06-01 to 2027-09-15,
    // is 106 days of the term that would begin on 2027-06-01 (to 2028-06-01: 366 days, with
    // 2028-02-29): 420.00 × 2 seats × 106 / 366 = 243.27869 → 243.28. August's, 2027-08-01 to
    // 2027-09-15, is 45 of 366 days: 420.00 × 1 × 45 / 366 = 51.63934 → 51.64. Subtotal
    // 294.92; 22 % tax 64.8824 → 64.88; total 359.80.
    let q = quote(vec![&june, &september, &august]).await;
    assert_eq!((q.renewal_date.as_str(), q.blocked), ("2027-09-15", None));
    let items: Vec<_> = q.subscriptions.iter().map(|i| (i.subscription_id.as_str(), i.end_date.as_str(), i.extra_days, i.blocked)).collect();
    assert_eq!(items, [(june.as_str(), "2027-06-01", 106, None), (september.as_str(), "2027-09-15", 0, None), (august.as_str(), "2027-08-01", 45, None)]);
    let money = q.quote.unwrap();
    let lines: Vec<_> = money.lines.iter().map(|l| (l.period_start.as_str(), l.period_end.as_str(), l.seats, l.days, l.term_days, l.amount_minor)).collect();
    assert_eq!(lines, [("2027-06-01", "2027-09-15", 2, 106, 366, 24_328), ("2027-08-01", "2027-09-15", 1, 45, 366, 5_164)]);
    assert_eq!((money.currency.as_str(), money.subtotal_minor, money.tax_minor, money.total_minor), ("USD", 29_492, 6_488, 35_980));

    // Refused with the FAQ's reason: different term lengths.
    let triennial = subscription(&app, &shop, "three_years", 1, "2025-03-07", "2028-03-07", false).await;
    let q = quote(vec![&june, &triennial]).await;
    assert_eq!((q.blocked, q.quote.is_none()), (Some(NotOfferedReason::TermsDiffer), true));
    let align = |ids: Vec<&str>, who: &Client| {
        let body = json!({"subscription_ids": ids, "po_number": "PO-55"});
        let (app, base, who) = (&app, &base, who.clone());
        async move { app.post_as(&who, &format!("{base}/align"), &body).await }
    };
    assert_error(align(vec![&june, &triennial], &shop.manager).await, 409, ErrorCode::NotOffered).await;
    // Sold by a partner: the partner changes it.
    let partner = contract(&app, &shop, "K-c-partner", "usd", "Partner d.o.o.").await;
    let sold = subscription_in(&app, &shop, &partner, "one_year", ("2026-05-01", "2027-05-01")).await;
    let q = quote(vec![&june, &sold]).await;
    assert_eq!((q.blocked, q.subscriptions[0].blocked, q.subscriptions[1].blocked), (Some(NotOfferedReason::PartnerSold), None, Some(NotOfferedReason::PartnerSold)));
    assert_error(align(vec![&june, &sold], &shop.manager).await, 409, ErrorCode::NotOffered).await;
    // Another currency cannot share the invoice.
    let euros = contract(&app, &shop, "K-c-eur", "eur", "").await;
    let in_euros = subscription_in(&app, &shop, &euros, "one_year", ("2026-05-01", "2027-05-01")).await;
    assert_eq!(quote(vec![&june, &in_euros]).await.blocked, Some(NotOfferedReason::CurrenciesDiffer));
    // Monthly terms two months apart: more than one term's extension.
    let (m1, m2) = (
        subscription(&app, &shop, "monthly", 1, "2027-02-01", "2027-03-01", false).await,
        subscription(&app, &shop, "monthly", 1, "2027-04-01", "2027-05-01", false).await,
    );
    assert_eq!(quote(vec![&m1, &m2]).await.blocked, Some(NotOfferedReason::ExtensionTooLong));
    // Ended: it expires with the renewal job, and is never changed again.
    let ended = subscription(&app, &shop, "one_year", 1, "2026-01-20", "2027-01-20", false).await;
    assert_eq!(renewals::run_once(&app.state).await.unwrap().expired, 1);
    let q = quote(vec![&ended, &june]).await;
    assert_eq!((q.blocked, q.subscriptions[0].blocked), (Some(NotOfferedReason::Inactive), Some(NotOfferedReason::Inactive)));
    assert_error(align(vec![&ended, &june], &shop.manager).await, 409, ErrorCode::NotOffered).await;

    // 2 to 50 different ids; a purchase order number of sensible length.
    for body in [json!({"subscription_ids": [june]}), json!({"subscription_ids": [june, june]}), json!({"subscription_ids": (0..51).map(|i| format!("s{i}")).collect::<Vec<_>>()})] {
        let e = assert_error(app.post_as(&shop.manager, &format!("{base}/align/quote"), &body).await, 422, ErrorCode::ValidationFailed).await;
        assert!(e.fields.contains_key("subscription_ids"), "{e:?}");
    }
    let e = assert_error(app.post_as(&shop.manager, &format!("{base}/align"), &json!({"subscription_ids": [june, september], "po_number": "x".repeat(41)})).await,
        422, ErrorCode::ValidationFailed).await;
    assert!(e.fields.contains_key("po_number"), "{e:?}");
    assert_error(app.post_as(&shop.manager, &format!("{base}/align"), &json!({"subscription_ids": [june, september], "extra": 1})).await, 400, ErrorCode::InvalidJson).await;
    // Another account's subscription is not found, nor is this account for another's admin;
    // a member who is not an admin may not.
    let theirs = subscription(&app, &elsewhere, "one_year", 1, "2026-09-15", "2027-09-15", false).await;
    assert_error(align(vec![&june, &theirs], &shop.manager).await, 404, ErrorCode::NotFound).await;
    assert_error(app.post_as(&shop.manager, &format!("{base}/align/quote"), &json!({"subscription_ids": [june, theirs]})).await, 404, ErrorCode::NotFound).await;
    assert_error(align(vec![&june, &september], &elsewhere.manager).await, 404, ErrorCode::NotFound).await;
    let member = invite(&app, &shop, "member.c@example.com").await;
    assert_error(align(vec![&june, &september], &member).await, 403, ErrorCode::Forbidden).await;

    // Two admins align at once: exactly one order, one invoice.
    let second = app.new_browser();
    assert_eq!(app.sign_in_as(&second, &shop.manager_email, PASSWORD).await.status(), 200);
    let ids = vec![june.as_str(), september.as_str(), august.as_str()];
    let (r1, r2) = tokio::join!(align(ids.clone(), &shop.manager), align(ids.clone(), &second));
    let mut statuses = [r1.status().as_u16(), r2.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 409]);
    let invoice = if r1.status() == 201 { r1 } else { r2 };
    let invoice: Invoice = invoice.json().await.unwrap();
    assert_eq!((invoice.summary.number.as_str(), invoice.summary.kind, invoice.po_number.as_str()), ("INV-000001", OrderKind::Alignment, "PO-55"));
    assert_eq!((invoice.subtotal_minor, invoice.tax_minor, invoice.summary.total_minor, invoice.lines.len()), (29_492, 6_488, 35_980, 2));
    assert_eq!(invoice.subscription_id, None, "an order of several subscriptions");
    let list: InvoiceList = app.get_as(&shop.manager, &format!("/accounts/{}/invoices", shop.account)).await.json().await.unwrap();
    assert_eq!(list.invoices.len(), 1);

    // One common renewal date; each has the step in its history; the extended ones list the
    // invoice; the contract manager has the mail.
    for (sub, invoiced) in [(&june, true), (&september, false), (&august, true)] {
        let d = detail(&app, &shop, sub).await;
        assert_eq!((d.subscription.end_date.as_str(), d.renewal.next_renewal_date.as_str()), ("2027-09-15", "2027-09-15"));
        assert_eq!(d.history.last().map(|e| (e.kind.as_str(), e.end_date.as_str())), Some(("dates_aligned", "2027-09-15")));
        assert_eq!(d.invoices.iter().any(|i| i.id == invoice.summary.id), invoiced, "{sub}");
    }
    let mail = app.wait_for_mail(&shop.manager_email, "INV-000001").await;
    assert!(mail.text.contains("359.80 USD"), "{}", mail.text);
    // Aligned already: nothing more to do.
    assert_eq!(quote(vec![&june, &september]).await.blocked, Some(NotOfferedReason::AlreadyAligned));
    assert_error(align(vec![&june, &september], &shop.manager).await, 409, ErrorCode::NotOffered).await;
    // The next term ordered: its date no longer moves.
    let march = subscription(&app, &shop, "one_year", 1, "2026-03-03", "2027-03-03", false).await;
    let r = app.post_as(&shop.manager, &format!("{base}/{march}/renewal"), &json!({"term": "one_year", "seats": 1})).await;
    assert_eq!(r.status(), 201);
    let q = quote(vec![&march, &september]).await;
    assert_eq!((q.blocked, q.subscriptions[0].blocked), (Some(NotOfferedReason::AlreadyRenewed), Some(NotOfferedReason::AlreadyRenewed)));
}

/// A product or collection of the shop's vendor with yearly `named_user` prices (renewal, new)
/// in USD; its id.
async fn priced_product(app: &TestApp, shop: &Shop, code: &str, name: &str, kind: &str, (renewal, new): (i64, i64)) -> String {
    let id = post_ok(app, &shop.vendor, "/vendor/products", json!({"code": code, "name": name, "kind": kind})).await["id"].as_str().unwrap().to_string();
    price(app, shop, &id, "named_user", (renewal, new)).await;
    id
}

async fn price(app: &TestApp, shop: &Shop, product: &str, licence: &str, (renewal, new): (i64, i64)) {
    for (kind, amount) in [("renewal", renewal), ("new", new)] {
        post_ok(app, &shop.vendor, "/vendor/prices", json!({"product_id": product, "licence_type": licence, "term": "one_year", "kind": kind,
            "currency": "USD", "amount_minor": amount, "effective_from": iso(app.clock.now().date())})).await;
    }
}

/// A one-year subscription of the shop's contract ending 2027-03-03 (in the renewal window).
async fn yearly(app: &TestApp, shop: &Shop, product: &str, licence: &str, seats: u32, auto_renew: bool) -> String {
    post_ok(app, &shop.vendor, &format!("/vendor/contracts/{}/subscriptions", shop.contract), json!({
        "product_id": product, "licence_type": licence, "seats": seats, "term": "one_year",
        "start_date": "2026-03-03", "end_date": "2027-03-03", "auto_renew": auto_renew
    }))
    .await["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn trade_in_and_collection_switch_take_effect_at_renewal(b: Backend) {
    let app = spawn_app_with(b, &[("SEATWISE_TAX_RATES", "SI=22")]).await;
    let shop = shop(&app, "t").await;
    let base = format!("/accounts/{}/subscriptions", shop.account);
    // A network seat costs two named-user seats; the collection costs less than its products.
    price(&app, &shop, &shop.product, "multi_user_network", (84_000, 93_400)).await;
    priced_product(&app, &shop, "STt", "Structa t", "product", (291_000, 320_100)).await;
    let suite = priced_product(&app, &shop, "SUt", "Suite t", "collection", (300_000, 330_000)).await;
    let r = put(&app, &shop.vendor, &format!("/vendor/products/{suite}"), json!({"name": "Suite t", "description": "", "icon": "SU", "trial_days": 0, "members": ["LTt", "STt"]})).await;
    assert_eq!(r.status(), 200);
    let structa_id = post_ok(&app, &shop.vendor, "/vendor/products", json!({"code": "XX", "name": "Unrelated", "kind": "product"})).await["id"].as_str().unwrap().to_string();
    let network = yearly(&app, &shop, &shop.product, "multi_user_network", 3, true).await;
    let named = yearly(&app, &shop, &shop.product, "named_user", 2, false).await;

    // What each one offers, and why not.
    let d = detail(&app, &shop, &network).await;
    assert_eq!((d.renewal.trade_in_blocked, d.renewal.collection_blocked), (None, None));
    assert_eq!(d.renewal.collections.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Suite t"]);
    assert_eq!((d.renewal.next_licence_type, d.renewal.price_per_seat_minor, d.renewal.price_unit_seats), (LicenceType::MultiUserNetwork, Some(84_000), 1));
    assert_eq!(detail(&app, &shop, &named).await.renewal.trade_in_blocked, Some(NotOfferedReason::NotMultiUser));

    // The 2-for-1 trade-in: six named-user seats for three network seats, at the same price.
    let q = |body: Value, sub: &str| {
        let (app, manager, path) = (&app, &shop.manager, format!("{base}/{sub}/renewal/quote"));
        async move { app.post_as(manager, &path, &body).await }
    };
    let plain: Quote = q(json!({"term": "one_year", "seats": 3}), &network).await.json().await.unwrap();
    let traded: Quote = q(json!({"term": "one_year", "seats": 6, "trade_in": true}), &network).await.json().await.unwrap();
    let l = &traded.lines[0];
    assert_eq!((l.licence_type, l.seats, l.unit_seats, l.unit_minor), (LicenceType::NamedUser, 6, 2, 84_000));
    assert_eq!((traded.subtotal_minor, plain.subtotal_minor), (252_000, 252_000));
    let e = assert_error(q(json!({"term": "one_year", "seats": 5, "trade_in": true}), &network).await, 422, ErrorCode::ValidationFailed).await;
    assert!(e.fields.contains_key("seats"));
    assert_error(q(json!({"term": "one_year", "seats": 2, "trade_in": true}), &named).await, 409, ErrorCode::NotOffered).await;

    // Switching to the collection, against renewing its products separately.
    let switched: Quote = q(json!({"term": "one_year", "seats": 2, "collection_id": suite}), &named).await.json().await.unwrap();
    assert_eq!((switched.lines[0].product_name.as_str(), switched.subtotal_minor), ("Suite t", 600_000));
    assert_eq!(switched.separate_products, ["Draftline LT"], "only the products subscribed to count");
    assert_eq!(switched.separate_price_minor, Some(84_000));
    assert_error(q(json!({"term": "one_year", "seats": 2, "collection_id": structa_id}), &named).await, 409, ErrorCode::NotOffered).await;
    assert_error(app.post_as(&shop.manager, &format!("{base}/{named}/buy-again/quote"), &json!({"term": "one_year", "seats": 2, "trade_in": true})).await,
        409, ErrorCode::NotOffered).await;

    // The automatic renewal of the network licence will trade it in; a seat added meanwhile
    // is two named-user seats of the next term.
    assert_eq!(put(&app, &shop.manager, &format!("{base}/{network}/renewal-settings"), json!({"term": "one_year", "seats": 6, "trade_in": true})).await.status(), 204);
    let r = app.post_as(&shop.manager, &format!("{base}/{network}/seats"), &json!({"seats": 1})).await;
    assert_eq!(r.status(), 201);
    let d = detail(&app, &shop, &network).await;
    assert_eq!((d.renewal.next_licence_type, d.renewal.next_seats, d.renewal.price_per_seat_minor, d.renewal.price_unit_seats),
        (LicenceType::NamedUser, 8, Some(84_000), 2));
    // The named-user one is renewed by hand as the collection.
    let r = app.post_as(&shop.manager, &format!("{base}/{named}/renewal"), &json!({"term": "one_year", "seats": 2, "collection_id": suite})).await;
    assert_eq!(r.status(), 201);
    let invoice: Invoice = r.json().await.unwrap();
    assert_eq!((invoice.lines[0].product_name.as_str(), invoice.subtotal_minor), ("Suite t", 600_000));
    assert_eq!(detail(&app, &shop, &named).await.renewal.next_product_name, "Suite t");
    // The order mail names what it renews as.
    let mail = app.wait_for_mail(&shop.manager_email, &invoice.summary.number).await;
    assert!(mail.text.contains("Suite t"), "{}", mail.text);

    // At the end date both take effect.
    app.advance(time::Duration::days(30));
    let ran = renewals::run_once(&app.state).await.unwrap();
    assert_eq!((ran.auto_renewed, ran.renewed), (1, 1));
    assert_eq!(app.sign_in_as(&shop.manager, &shop.manager_email, PASSWORD).await.status(), 200);
    let d = detail(&app, &shop, &network).await;
    assert_eq!((d.subscription.licence_type, d.subscription.seats, d.subscription.end_date.as_str()), (LicenceType::NamedUser, 8, "2028-03-03"));
    assert_eq!((d.renewal.next_licence_type, d.renewal.trade_in_blocked), (LicenceType::NamedUser, Some(NotOfferedReason::NotMultiUser)));
    let auto: Invoice = app.get_as(&shop.manager, &format!("/accounts/{}/invoices/{}", shop.account, d.invoices[0].id)).await.json().await.unwrap();
    assert_eq!((auto.lines[0].seats, auto.lines[0].unit_seats, auto.subtotal_minor), (8, 2, 336_000));
    let d = detail(&app, &shop, &named).await;
    assert_eq!((d.subscription.product_name.as_str(), d.subscription.product_code.as_str()), ("Suite t", "SUT"));
    assert_eq!((d.renewal.collection_blocked, d.renewal.price_per_seat_minor), (Some(NotOfferedReason::NoCollection), Some(300_000)));
}

async fn the_premium_plan_needs_ten_subscriptions(b: Backend) {
    let app = spawn_app(b).await;
    let shop = shop(&app, "p").await;
    let path = format!("/accounts/{}/premium", shop.account);
    let plan: PremiumPlan = app.get_as(&shop.manager, &path).await.json().await.unwrap();
    assert_eq!((plan.premium, plan.subscriptions, plan.required, plan.blocked), (false, 0, 10, Some(NotOfferedReason::TooFewSubscriptions)));
    assert_error(put(&app, &shop.manager, &path, json!({"premium": true})).await, 409, ErrorCode::NotOffered).await;
    for _ in 0..10 {
        subscription(&app, &shop, "one_year", 1, "2026-03-03", "2027-03-03", false).await;
    }
    // A member sees nothing of it; the contract manager turns it on, once.
    let member = invite(&app, &shop, "member.p@example.com").await;
    assert_error(app.get_as(&member, &path).await, 403, ErrorCode::Forbidden).await;
    assert_error(put(&app, &member, &path, json!({"premium": true})).await, 403, ErrorCode::Forbidden).await;
    let r = put(&app, &shop.manager, &path, json!({"premium": true})).await;
    assert_eq!(r.status(), 200);
    let plan: PremiumPlan = r.json().await.unwrap();
    assert_eq!((plan.premium, plan.subscriptions, plan.blocked), (true, 10, None));
    assert!(plan.since.is_some());
    let again: PremiumPlan = put(&app, &shop.manager, &path, json!({"premium": true})).await.json().await.unwrap();
    assert_eq!(again.since, plan.since);
    let log: Value = app.get_as(&shop.manager, &format!("/accounts/{}/activity", shop.account)).await.json().await.unwrap();
    assert_eq!(log.to_string().matches("account.premium").count(), 1, "{log}");
    let off: PremiumPlan = put(&app, &shop.manager, &path, json!({"premium": false})).await.json().await.unwrap();
    assert_eq!((off.premium, off.since), (false, None));
}
