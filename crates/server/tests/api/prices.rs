//! The vendor's price book: prices from a day on, never changed, in force by date; refusals
//! with their reasons; each change in the activity log.

use seatwise_api::{ErrorCode, Price, PriceBook, PriceStatus};
use seatwise_server::clock::Clock;
use serde_json::{json, Value};

use crate::{company::*, helpers::*, on_both_databases};

on_both_databases!(prices_take_over_by_date_and_the_past_stays);

fn day(app: &TestApp, days_from_now: i64) -> String {
    let d = app.clock.now().date() + time::Duration::days(days_from_now);
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

async fn prices_take_over_by_date_and_the_past_stays(b: Backend) {
    let app = spawn_app(b).await;
    let vendor = vendor(&app, "staff@vendor.example").await;
    let p: Value = post_ok(&app, &vendor, "/vendor/products", json!({"code": "LT", "name": "Draftline LT", "kind": "product"})).await;
    let product = p["id"].as_str().unwrap().to_string();
    let price = |amount: i64, from: &str| {
        json!({"product_id": product, "licence_type": "named_user", "term": "three_years", "kind": "renewal",
               "currency": "usd", "amount_minor": amount, "effective_from": from})
    };

    // In force from today; the same price on the same day once only.
    let r = app.post_as(&vendor, "/vendor/prices", &price(117_900, &day(&app, 0))).await;
    assert_eq!(r.status(), 201);
    let now: Price = r.json().await.unwrap();
    assert_eq!((now.currency.as_str(), now.amount_minor, now.status), ("USD", 117_900, PriceStatus::InForce));
    assert_eq!(now.product_code, "LT");
    assert_error(app.post_as(&vendor, "/vendor/prices", &price(1, &day(&app, 0))).await, 409, ErrorCode::Taken).await;

    // The past is not rewritten; amounts and currencies are checked.
    for (body, field) in [
        (price(100, &day(&app, -1)), "effective_from"),
        (price(100, "2026-02-30"), "effective_from"),
        (price(-1, &day(&app, 1)), "amount_minor"),
        (price(1_000_000_000_001, &day(&app, 1)), "amount_minor"),
        (json!({"product_id": "nope", "licence_type": "named_user", "term": "one_year", "kind": "new", "currency": "USD",
                "amount_minor": 1, "effective_from": day(&app, 1)}), "product_id"),
        (json!({"product_id": product, "licence_type": "named_user", "term": "one_year", "kind": "new", "currency": "XYZ",
                "amount_minor": 1, "effective_from": day(&app, 1)}), "currency"),
    ] {
        let e = assert_error(app.post_as(&vendor, "/vendor/prices", &body).await, 422, ErrorCode::ValidationFailed).await;
        assert!(e.fields.contains_key(field), "{field}: {e:?}");
    }

    // A rise in ten days: scheduled until then, then in force; the old price is superseded.
    let later: Price = app.post_as(&vendor, "/vendor/prices", &price(122_000, &day(&app, 10))).await.json().await.unwrap();
    assert_eq!(later.status, PriceStatus::Scheduled);
    let book: PriceBook = app.get_as(&vendor, &format!("/vendor/prices?product={product}")).await.json().await.unwrap();
    let statuses: Vec<_> = book.prices.iter().map(|p| (p.amount_minor, p.status)).collect();
    assert_eq!(statuses, [(122_000, PriceStatus::Scheduled), (117_900, PriceStatus::InForce)]);
    assert!(book.currencies.iter().any(|c| c.code == "JPY" && c.minor_units == 0));
    let on = |d: String| {
        let (app, product) = (&app, &product);
        async move {
            app.db
                .price_on(app.db.pool(), product, "named_user", "three_years", "renewal", "USD", &d)
                .await
                .unwrap()
                .map(|p| p.amount_minor)
        }
    };
    assert_eq!(on(day(&app, 9)).await, Some(117_900));
    assert_eq!(on(day(&app, 10)).await, Some(122_000));
    assert_eq!(on(day(&app, -1)).await, None);

    // Not in force yet: it can be taken back.
    let extra: Price = app.post_as(&vendor, "/vendor/prices", &price(130_000, &day(&app, 20))).await.json().await.unwrap();
    assert_eq!(app.delete_as(&vendor, &format!("/vendor/prices/{}", extra.id)).await.status(), 204);
    assert_error(app.delete_as(&vendor, &format!("/vendor/prices/{}", extra.id)).await, 404, ErrorCode::NotFound).await;

    app.advance(time::Duration::days(10));
    // (The first session has timed out by then.)
    let vendor = crate::company::vendor(&app, "other.staff@vendor.example").await;
    let book: PriceBook = app.get_as(&vendor, "/vendor/prices").await.json().await.unwrap();
    let statuses: Vec<_> = book.prices.iter().map(|p| (p.amount_minor, p.status)).collect();
    assert_eq!(statuses, [(122_000, PriceStatus::InForce), (117_900, PriceStatus::Superseded)]);
    // What was charged stays in the book.
    assert_error(app.delete_as(&vendor, &format!("/vendor/prices/{}", now.id)).await, 409, ErrorCode::Conflict).await;
    assert_error(app.delete_as(&vendor, &format!("/vendor/prices/{}", later.id)).await, 409, ErrorCode::Conflict).await;

    // Every change is in the activity log, with who made it.
    let sql = app.db.sql_owned("SELECT action FROM activity WHERE object_type = 'price' ORDER BY created_at, action".into());
    let actions: Vec<String> = sqlx::query_scalar(&sql).fetch_all(app.db.pool()).await.unwrap();
    assert_eq!(actions.iter().filter(|a| *a == "price.added").count(), 3);
    assert_eq!(actions.iter().filter(|a| *a == "price.removed").count(), 1);
}
