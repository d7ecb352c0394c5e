//! Renewals, seat additions and invoices (the renewal FAQ's rules).
//!
//! A subscription's current term ends on `end_date` (the next term's first day). Its next term
//! is `next_term` × `next_seats`, the current ones unless an admin chose otherwise. From
//! `renewal_window_days` before the end an admin may order the next term; on the end date the
//! renewal job starts it, or renews automatically (auto-renew on, bought online), or lets the
//! subscription expire for good. Partner-sold subscriptions are renewed by the partner.
//!
//! Every order is placed in one transaction with its invoice, its history step and its
//! activity record, and each is claimed by a conditional update, so that two admins (or two
//! servers' jobs) never order the same term twice.

use std::collections::BTreeMap;

use seatwise_api::{
    FieldErrorCode, Invoice, InvoiceStatus, InvoiceSummary, LicenceType, NotOfferedReason, OrderKind, OrderLine, Partner,
    Payment, PriceKind, Quote, RenewalInfo, SubscriptionDetail, SubscriptionEvent, SubscriptionStatus, Term,
};
use serde_json::json;
use time::Date;

use crate::{
    clock::rfc3339,
    domain::{
        accounts::recipient,
        catalogue::Staff,
        membership::Actor,
        money::{add_months, iso, months, prorate, term_end, CURRENCIES},
        ProfileText,
    },
    error::{AppError, AppResult},
    mail::{self, Mail},
    state::AppState,
    store::{
        accounts::NewActivity,
        billing::{BillingRow, InvoiceRow, NewOrder, NextTerm, OrderLineRow},
        Tx,
    },
};

/// Most seats one subscription may have.
pub const MAX_SEATS: u32 = 100_000;

const DATE: &[time::format_description::FormatItem<'static>] = time::macros::format_description!("[year]-[month]-[day]");

fn date(s: &str) -> AppResult<Date> {
    Date::parse(s, DATE).map_err(|_| AppError::Internal(anyhow::anyhow!("a bad date in the database: {s}")))
}

fn term_of(s: &str) -> Term {
    Term::parse(s).unwrap_or(Term::OneYear)
}

fn status_of(s: &str) -> SubscriptionStatus {
    SubscriptionStatus::parse(s).unwrap_or(SubscriptionStatus::Active)
}

/// `1179.00 USD`: an amount as mail shows it (the web app formats with the reader's locale).
pub fn format_amount(minor: i64, currency: &str) -> String {
    let digits = CURRENCIES.iter().find(|(c, _)| *c == currency).map_or(2, |(_, d)| *d) as u32;
    let unit = 10i64.pow(digits);
    let (major, rest) = (minor / unit, (minor % unit).abs());
    let grouped = major.to_string().as_bytes().rchunks(3).rev().map(|c| std::str::from_utf8(c).unwrap_or("")).collect::<Vec<_>>().join(",");
    if digits == 0 {
        format!("{grouped} {currency}")
    } else {
        format!("{grouped}.{rest:0width$} {currency}", width = digits as usize)
    }
}

/// The subscription's next term and seats.
fn next_of(row: &BillingRow) -> (Term, i64) {
    (row.next_term.as_deref().map_or_else(|| term_of(&row.term), term_of), row.next_seats.unwrap_or(row.seats))
}

/// Why the next term cannot be ordered on `today`; `None` when it can.
pub fn renewal_blocked(row: &BillingRow, today: Date, window_days: i64) -> AppResult<Option<NotOfferedReason>> {
    let end = date(&row.end_date)?;
    Ok(term_blocked(row, today)?.or_else(|| (today < end - time::Duration::days(window_days)).then_some(NotOfferedReason::WindowNotOpen)))
}

/// Why the current term's end cannot be changed on `today` (renewed, aligned): not active,
/// sold by a partner, or the next term already ordered; `None` when it can.
fn term_blocked(row: &BillingRow, today: Date) -> AppResult<Option<NotOfferedReason>> {
    let end = date(&row.end_date)?;
    Ok(if row.status != "active" || end <= today {
        Some(NotOfferedReason::Inactive)
    } else if row.partner_sold() {
        Some(NotOfferedReason::PartnerSold)
    } else if row.renewal_order_id.is_some() {
        Some(NotOfferedReason::AlreadyRenewed)
    } else {
        None
    })
}

/// Why seats cannot be added on `today`; `None` when they can.
pub fn add_seats_blocked(row: &BillingRow, today: Date) -> AppResult<Option<NotOfferedReason>> {
    let end = date(&row.end_date)?;
    Ok(if row.status != "active" || end <= today {
        Some(NotOfferedReason::Inactive)
    } else if row.partner_sold() {
        Some(NotOfferedReason::PartnerSold)
    } else if row.auto_renew == 0 {
        Some(NotOfferedReason::AutoRenewOff)
    } else {
        None
    })
}

/// Why auto-renew and the next term's settings cannot be changed; `None` when they can.
fn settings_blocked(row: &BillingRow, today: Date) -> AppResult<Option<NotOfferedReason>> {
    let end = date(&row.end_date)?;
    Ok(if row.status != "active" || end <= today {
        Some(NotOfferedReason::Inactive)
    } else if row.partner_sold() {
        Some(NotOfferedReason::PartnerSold)
    } else {
        None
    })
}

fn refuse(reason: Option<NotOfferedReason>) -> AppResult<()> {
    match reason {
        Some(_) => Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered)),
        None => Ok(()),
    }
}

/// What a line buys: seats of a product of a licence type, at the price book's price of
/// `price_licence` per `unit_seats` seats. The 2-for-1 trade-in buys named-user seats at the
/// network seat's price, two for each; otherwise the licence types are the same and a unit is
/// one seat.
#[derive(Debug, Clone)]
struct Item {
    product_id: String,
    product_name: String,
    licence_type: String,
    price_licence: String,
    unit_seats: i64,
}

impl Item {
    /// The subscription's current product and licence.
    fn current(row: &BillingRow) -> Item {
        Item {
            product_id: row.product_id.clone(),
            product_name: row.product_name.clone(),
            licence_type: row.licence_type.clone(),
            price_licence: row.licence_type.clone(),
            unit_seats: 1,
        }
    }

    /// The next term's, as chosen (a collection, the trade-in) or the current one.
    fn next(row: &BillingRow) -> Item {
        let mut item = Item::current(row);
        if let (Some(id), Some(name)) = (&row.next_product_id, &row.next_product_name) {
            item.product_id = id.clone();
            item.product_name = name.clone();
        }
        if row.next_licence_type.as_deref().is_some_and(|l| l != row.licence_type) {
            item = item.traded_in();
        }
        item
    }

    /// The 2-for-1 trade-in of a network licence: named-user seats, two per network seat, at
    /// the network seat's price.
    fn traded_in(mut self) -> Item {
        self.licence_type = LicenceType::NamedUser.as_str().to_string();
        self.unit_seats = 2;
        self
    }

    /// The subscription as the order mail names it: by this item's product (the collection it
    /// renews as).
    fn named(&self, row: &BillingRow) -> BillingRow {
        BillingRow { product_name: self.product_name.clone(), ..row.clone() }
    }

    /// The next term's columns: `None` where it keeps the current one.
    fn next_term<'a>(&'a self, row: &BillingRow, term: Term, seats: i64) -> NextTerm<'a> {
        NextTerm {
            term: term.as_str(),
            seats,
            product_id: (self.product_id != row.product_id).then_some(self.product_id.as_str()),
            licence_type: (self.licence_type != row.licence_type).then_some(self.licence_type.as_str()),
        }
    }
}

/// Why the 2-for-1 trade-in is not offered (only a network licence is traded in; the rest is
/// the renewal's rule); `None` when it is.
fn trade_in_blocked(row: &BillingRow) -> Option<NotOfferedReason> {
    (row.licence_type != LicenceType::MultiUserNetwork.as_str()).then_some(NotOfferedReason::NotMultiUser)
}

/// The next term's item for a request's changes, checked: the trade-in needs a network
/// licence, and the collection must hold the subscription's product.
async fn requested_item(state: &AppState, row: &BillingRow, trade_in: bool, collection_id: Option<&str>) -> AppResult<Item> {
    let mut item = Item::current(row);
    if trade_in {
        refuse(trade_in_blocked(row))?;
        item = item.traded_in();
    }
    if let Some(wanted) = collection_id.filter(|c| !c.is_empty()) {
        let (id, name) = state
            .db
            .collections_holding(&row.product_id)
            .await?
            .into_iter()
            .find(|(id, _)| id == wanted)
            .ok_or(AppError::Conflict(seatwise_api::ErrorCode::NotOffered))?;
        item.product_id = id;
        item.product_name = name;
    }
    Ok(item)
}

/// One line: `seats` of the item for `start..end` at the `kind` price of a `term` in force on
/// `on`, prorated by days to the term that runs `term_start..`. `None` when the price book has
/// no such price.
#[allow(clippy::too_many_arguments)]
async fn line(
    state: &AppState,
    tx: &mut Tx,
    row: &BillingRow,
    item: &Item,
    (kind, term): (PriceKind, Term),
    seats: i64,
    (term_start, start, end): (Date, Date, Date),
    on: &str,
) -> AppResult<Option<OrderLineRow>> {
    let Some(price) = state.db.price_on(&mut **tx, &item.product_id, &item.price_licence, term.as_str(), kind.as_str(), &row.currency, on).await? else {
        return Ok(None);
    };
    if seats % item.unit_seats != 0 {
        return Err(AppError::Internal(anyhow::anyhow!("{seats} seats are not whole units of {}", item.unit_seats)));
    }
    let units = seats / item.unit_seats;
    let term_days = (add_months(term_start, months(term)) - term_start).whole_days();
    let days = (end - start).whole_days();
    // A period longer than one term (a subscription the vendor set up to run for longer) is
    // whole terms plus a prorated rest.
    let (whole, rest) = (days.div_euclid(term_days), days.rem_euclid(term_days));
    let amount = price
        .amount_minor
        .checked_mul(units)
        .and_then(|per_term| per_term.checked_mul(whole))
        .zip(prorate(price.amount_minor, units, rest, term_days))
        .and_then(|(a, b)| a.checked_add(b))
        .ok_or_else(|| anyhow::anyhow!("an order line out of range"))?;
    Ok(Some(OrderLineRow {
        product_id: item.product_id.clone(),
        product_name: item.product_name.clone(),
        licence_type: item.licence_type.clone(),
        term: term.as_str().to_string(),
        price_id: price.id,
        kind: kind.as_str().to_string(),
        unit_minor: price.amount_minor,
        seats,
        unit_seats: item.unit_seats,
        period_start: iso(start),
        period_end: iso(end),
        days,
        term_days,
        amount_minor: amount,
        subscription_id: Some(row.id.clone()),
    }))
}

/// The next term of `item`, at the renewal price, and (for comparison) at the price for new
/// ones.
#[allow(clippy::too_many_arguments)]
async fn renewal_lines(state: &AppState, tx: &mut Tx, row: &BillingRow, item: &Item, term: Term, seats: i64, on: &str) -> AppResult<(Option<OrderLineRow>, Option<i64>)> {
    let start = date(&row.end_date)?;
    let period = (start, start, term_end(start, term));
    let renewal = line(state, tx, row, item, (PriceKind::Renewal, term), seats, period, on).await?;
    let new = line(state, tx, row, item, (PriceKind::New, term), seats, period, on).await?.map(|l| l.amount_minor);
    Ok((renewal, new))
}

/// For a switch to a collection: what renewing separately, for the same term and seats, the
/// collection's products that the account subscribes to would cost, and their names (`None`
/// when the price book lacks one of them).
async fn separate_renewal(state: &AppState, tx: &mut Tx, row: &BillingRow, collection: &Item, term: Term, seats: i64, on: &str) -> AppResult<(Option<i64>, Vec<String>)> {
    let products = state.db.subscribed_in_collection(&row.account_id, &collection.product_id).await?;
    let start = date(&row.end_date)?;
    let period = (start, start, term_end(start, term));
    let mut total = Some(0i64);
    for (id, name) in &products {
        let item = Item { product_id: id.clone(), product_name: name.clone(), ..collection.clone() };
        let amount = line(state, tx, row, &item, (PriceKind::Renewal, term), seats, period, on).await?.map(|l| l.amount_minor);
        total = total.zip(amount).and_then(|(a, b)| a.checked_add(b));
    }
    Ok((total.filter(|_| !products.is_empty()), products.into_iter().map(|(_, name)| name).collect()))
}

/// Seats added from `today` to the end of the current term, at the renewal price of its term.
async fn seats_line(state: &AppState, tx: &mut Tx, row: &BillingRow, seats: i64, today: Date) -> AppResult<Option<OrderLineRow>> {
    let end = date(&row.end_date)?;
    let term = term_of(&row.term);
    let term_start = add_months(end, -months(term));
    line(state, tx, row, &Item::current(row), (PriceKind::Renewal, term), seats, (term_start, today, end), &iso(today)).await
}

fn to_line(l: &OrderLineRow) -> OrderLine {
    OrderLine {
        product_name: l.product_name.clone(),
        licence_type: LicenceType::parse(&l.licence_type).unwrap_or(LicenceType::NamedUser),
        term: term_of(&l.term),
        kind: PriceKind::parse(&l.kind).unwrap_or(PriceKind::Renewal),
        unit_minor: l.unit_minor,
        seats: l.seats.max(0) as u32,
        unit_seats: l.unit_seats.max(1) as u32,
        period_start: l.period_start.clone(),
        period_end: l.period_end.clone(),
        days: l.days,
        term_days: l.term_days,
        amount_minor: l.amount_minor,
    }
}

/// Subtotal, tax rate (basis points) and tax: the tax rounded half up once, on the subtotal.
fn totals(state: &AppState, row: &BillingRow, lines: &[OrderLineRow]) -> AppResult<(i64, i64, i64)> {
    let subtotal = lines.iter().try_fold(0i64, |sum, l| sum.checked_add(l.amount_minor)).ok_or_else(|| anyhow::anyhow!("an order total out of range"))?;
    let rate = state.settings.billing.tax_rate_bp(&row.country);
    let tax = prorate(subtotal, 1, rate, 10_000).ok_or_else(|| anyhow::anyhow!("a tax out of range"))?;
    Ok((subtotal, rate, tax))
}

fn quote(state: &AppState, row: &BillingRow, lines: Vec<OrderLineRow>, new_price_minor: Option<i64>) -> AppResult<Quote> {
    quote_with(state, row, lines, new_price_minor, None)
}

fn quote_with(state: &AppState, row: &BillingRow, lines: Vec<OrderLineRow>, new_price_minor: Option<i64>, renewal_price_minor: Option<i64>) -> AppResult<Quote> {
    let (subtotal, rate, tax) = totals(state, row, &lines)?;
    Ok(Quote {
        currency: row.currency.clone(),
        lines: lines.iter().map(to_line).collect(),
        subtotal_minor: subtotal,
        tax_rate_bp: rate,
        tax_minor: tax,
        total_minor: subtotal + tax,
        new_price_minor,
        renewal_price_minor,
        separate_price_minor: None,
        separate_products: vec![],
    })
}

/// Places an order of `row`'s subscription with its invoice inside `tx`; returns the invoice
/// (id, number, total, due day).
#[allow(clippy::too_many_arguments)]
async fn place_order(
    state: &AppState,
    tx: &mut Tx,
    row: &BillingRow,
    order_id: &str,
    kind: OrderKind,
    lines: &[OrderLineRow],
    po_number: &str,
    by: &str,
) -> AppResult<(String, String, i64, String)> {
    place_order_of(state, tx, row, Some(&row.id), (order_id, kind), lines, po_number, by).await
}

/// Places an order with its invoice inside `tx`, billed to `row`'s account in its currency; of
/// one subscription, or (`None`) of those its lines name.
#[allow(clippy::too_many_arguments)]
async fn place_order_of(
    state: &AppState,
    tx: &mut Tx,
    row: &BillingRow,
    subscription_id: Option<&str>,
    (order_id, kind): (&str, OrderKind),
    lines: &[OrderLineRow],
    po_number: &str,
    by: &str,
) -> AppResult<(String, String, i64, String)> {
    let (subtotal, rate, tax) = totals(state, row, lines)?;
    let order = NewOrder {
        id: order_id,
        account_id: &row.account_id,
        subscription_id,
        kind: kind.as_str(),
        currency: &row.currency,
        total_minor: subtotal + tax,
        po_number,
        created_by: by,
    };
    let now = state.clock.unix();
    state.db.insert_order(tx, &order, lines, now).await?;
    let seq = state.db.next_invoice_number(tx).await?;
    let number = format!("INV-{seq:06}");
    let today = state.clock.now().date();
    let due = iso(today + time::Duration::days(state.settings.billing.invoice_due_days));
    let id = uuid::Uuid::now_v7().to_string();
    state
        .db
        .insert_invoice(tx, &id, seq, &number, &order, &row.account_name, &row.country, &iso(today), &due, (subtotal, rate, tax), now)
        .await?;
    Ok((id, number, subtotal + tax, due))
}

/// Mails the contract manager that an order was placed and invoiced.
async fn mail_order(state: &AppState, tx: &mut Tx, row: &BillingRow, kind: OrderKind, (invoice_id, number, total, due): &(String, String, i64, String)) -> AppResult<()> {
    if let Some(manager) = state.db.contract_manager(&mut **tx, &row.account_id).await? {
        let m = Mail::OrderPlaced {
            kind,
            account: row.account_name.clone(),
            product: row.product_name.clone(),
            invoice: number.clone(),
            total: format_amount(*total, &row.currency),
            due_on: due.clone(),
            // The invoice's page in the portal (printable), which links back to the subscription.
            link: state.settings.link(&format!("/accounts/{}/invoices/{}", row.account_id, invoice_id)),
        };
        mail::queue(&state.db, tx, &m, &recipient(&manager), state.clock.unix()).await?;
    }
    Ok(())
}

/// Seats of a term: at least `at_least`, in whole units of `unit` (two for the trade-in).
fn seats_field(seats: u32, at_least: i64, unit: i64) -> Result<i64, FieldErrorCode> {
    if seats == 0 {
        Err(FieldErrorCode::Required)
    } else if seats > MAX_SEATS || i64::from(seats) < at_least || i64::from(seats) % unit != 0 {
        Err(FieldErrorCode::OutOfRange)
    } else {
        Ok(i64::from(seats))
    }
}

fn po_field(po: &str) -> Result<String, FieldErrorCode> {
    if po.trim().is_empty() {
        return Ok(String::new());
    }
    let po = ProfileText::parse(po)?.into_inner();
    if po.chars().count() > 40 {
        return Err(FieldErrorCode::TooLong);
    }
    Ok(po)
}

async fn load(state: &AppState, actor: &Actor, id: &str) -> AppResult<BillingRow> {
    state.db.billing_subscription(state.db.pool(), &actor.account.id, id).await?.ok_or(AppError::NotFound)
}

/// A subscription with its renewal, history and invoices. Admins only: it shows prices.
pub async fn detail(state: &AppState, actor: &Actor, id: &str) -> AppResult<SubscriptionDetail> {
    actor.require_admin()?;
    let row = load(state, actor, id).await?;
    let sub = state.db.subscription(state.db.pool(), &actor.account.id, id).await?.ok_or(AppError::NotFound)?;
    let today = state.clock.now().date();
    let end = date(&row.end_date)?;
    let (next_term, next_seats) = next_of(&row);
    let next = Item::next(&row);
    let price = state
        .db
        .price_on(state.db.pool(), &next.product_id, &next.price_licence, next_term.as_str(), PriceKind::Renewal.as_str(), &row.currency, &iso(today))
        .await?;
    let collections: Vec<_> = state
        .db
        .collections_holding(&row.product_id)
        .await?
        .into_iter()
        .map(|(id, name)| seatwise_api::CollectionChoice { id, name })
        .collect();
    let mut blocked = renewal_blocked(&row, today, state.settings.billing.renewal_window_days)?;
    if blocked.is_none() && price.is_none() {
        blocked = Some(NotOfferedReason::NoPrice);
    }
    let history = state
        .db
        .subscription_events(id)
        .await?
        .into_iter()
        .map(|e| SubscriptionEvent {
            kind: e.kind,
            status: status_of(&e.status),
            seats: e.seats.max(0) as u32,
            term: term_of(&e.term),
            end_date: e.end_date,
            auto_renew: e.auto_renew != 0,
            actor: e.actor,
            at: rfc3339(e.at),
        })
        .collect();
    let invoices = state.db.invoices(&actor.account.id, "", id).await?.iter().map(to_summary).collect();
    Ok(SubscriptionDetail {
        subscription: crate::domain::membership::to_subscription(&sub),
        currency: row.currency.clone(),
        payment_method: "invoice".into(),
        partner: row.partner_sold().then(|| Partner {
            name: row.partner_name.clone(),
            email: row.partner_email.clone(),
            phone: row.partner_phone.clone(),
        }),
        renewal: RenewalInfo {
            next_renewal_date: row.end_date.clone(),
            window_opens: iso(end - time::Duration::days(state.settings.billing.renewal_window_days)),
            next_term,
            next_seats: next_seats.max(0) as u32,
            next_product_id: next.product_id.clone(),
            next_product_name: next.product_name.clone(),
            next_licence_type: LicenceType::parse(&next.licence_type).unwrap_or(LicenceType::NamedUser),
            trade_in_blocked: trade_in_blocked(&row),
            collection_blocked: collections.is_empty().then_some(NotOfferedReason::NoCollection),
            collections,
            price_per_seat_minor: price.map(|p| p.amount_minor),
            price_unit_seats: next.unit_seats.max(1) as u32,
            ordered: row.renewal_order_id.is_some(),
            blocked,
        },
        add_seats_blocked: add_seats_blocked(&row, today)?,
        buy_again_blocked: buy_again_blocked(&row),
        history,
        invoices,
    })
}

/// What renewing for `term` with `seats` costs, checked as the order would be.
pub async fn quote_renewal(state: &AppState, actor: &Actor, id: &str, req: &seatwise_api::RenewalRequest) -> AppResult<Quote> {
    actor.require_admin()?;
    let row = load(state, actor, id).await?;
    let today = state.clock.now().date();
    refuse(renewal_blocked(&row, today, state.settings.billing.renewal_window_days)?)?;
    let item = requested_item(state, &row, req.trade_in, req.collection_id.as_deref()).await?;
    let seats = seats_field(req.seats, row.seats_used, item.unit_seats).map_err(|e| AppError::field("seats", e))?;
    let mut tx = state.db.begin().await?;
    let (line, new) = renewal_lines(state, &mut tx, &row, &item, req.term, seats, &iso(today)).await?;
    let separate = if item.product_id != row.product_id {
        separate_renewal(state, &mut tx, &row, &item, req.term, seats, &iso(today)).await?
    } else {
        (None, vec![])
    };
    tx.rollback().await?;
    let line = line.ok_or(AppError::Conflict(seatwise_api::ErrorCode::NotOffered))?;
    let mut q = quote(state, &row, vec![line], new)?;
    (q.separate_price_minor, q.separate_products) = separate;
    Ok(q)
}

/// Orders the next term: an order, its invoice, a history step, an activity record and a mail
/// to the contract manager, in one transaction. A second order of the same term answers 409.
pub async fn renew(state: &AppState, actor: &Actor, id: &str, req: &seatwise_api::RenewalRequest) -> AppResult<Invoice> {
    actor.require_admin()?;
    let row = load(state, actor, id).await?;
    let today = state.clock.now().date();
    refuse(renewal_blocked(&row, today, state.settings.billing.renewal_window_days)?)?;
    let item = requested_item(state, &row, req.trade_in, req.collection_id.as_deref()).await?;
    let mut fields = BTreeMap::new();
    let seats = seats_field(req.seats, row.seats_used, item.unit_seats).map_err(|e| fields.insert("seats".to_string(), e)).ok();
    let po = po_field(&req.po_number).map_err(|e| fields.insert("po_number".to_string(), e)).ok();
    let (Some(seats), Some(po), true) = (seats, po, fields.is_empty()) else {
        return Err(AppError::Validation(fields));
    };
    let mut tx = state.db.begin().await?;
    let (line, _) = renewal_lines(state, &mut tx, &row, &item, req.term, seats, &iso(today)).await?;
    let line = line.ok_or(AppError::Conflict(seatwise_api::ErrorCode::NotOffered))?;
    let order_id = uuid::Uuid::now_v7().to_string();
    if !state.db.claim_renewal(&mut tx, id, &row.end_date, &item.next_term(&row, req.term, seats), &order_id).await? {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered));
    }
    let invoice = place_order(state, &mut tx, &row, &order_id, OrderKind::Renewal, &[line], &po, &actor.user.email).await?;
    state.db.record_subscription_event(&mut tx, id, "renewal_ordered", Some(&order_id), &actor.user.email, state.clock.unix()).await?;
    actor
        .record(state, &mut tx, "subscription.renewal_ordered", ("subscription", id), None,
            Some(json!({"term": req.term.as_str(), "seats": seats, "product": item.product_name, "licence_type": item.licence_type,
                "invoice": invoice.1, "total_minor": invoice.2, "currency": row.currency})))
        .await?;
    mail_order(state, &mut tx, &item.named(&row), OrderKind::Renewal, &invoice).await?;
    tx.commit().await?;
    invoice_of(state, &actor.account.id, &invoice.0).await
}

/// Turns auto-renew on or off (subscriptions bought online only).
pub async fn set_auto_renew(state: &AppState, actor: &Actor, id: &str, on: bool) -> AppResult<()> {
    actor.require_admin()?;
    let row = load(state, actor, id).await?;
    refuse(settings_blocked(&row, state.clock.now().date())?)?;
    if (row.auto_renew != 0) == on {
        return Ok(());
    }
    let mut tx = state.db.begin().await?;
    if !state.db.set_auto_renew(&mut tx, id, on).await? {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered));
    }
    let kind = if on { "auto_renew_on" } else { "auto_renew_off" };
    state.db.record_subscription_event(&mut tx, id, kind, None, &actor.user.email, state.clock.unix()).await?;
    actor
        .record(state, &mut tx, "subscription.auto_renew", ("subscription", id), Some(json!({"auto_renew": !on})), Some(json!({"auto_renew": on})))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The term and seats the next renewal will use (the term change takes effect at renewal).
pub async fn set_renewal_settings(state: &AppState, actor: &Actor, id: &str, req: &seatwise_api::RenewalSettings) -> AppResult<()> {
    actor.require_admin()?;
    let row = load(state, actor, id).await?;
    refuse(settings_blocked(&row, state.clock.now().date())?)?;
    if row.renewal_order_id.is_some() {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered));
    }
    let item = requested_item(state, &row, req.trade_in, req.collection_id.as_deref()).await?;
    let seats = seats_field(req.seats, row.seats_used, item.unit_seats).map_err(|e| AppError::field("seats", e))?;
    let (term, before_seats) = next_of(&row);
    let before = Item::next(&row);
    let mut tx = state.db.begin().await?;
    if !state.db.set_next_term(&mut tx, id, &item.next_term(&row, req.term, seats)).await? {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered));
    }
    state.db.record_subscription_event(&mut tx, id, "renewal_settings", None, &actor.user.email, state.clock.unix()).await?;
    actor
        .record(state, &mut tx, "subscription.renewal_settings", ("subscription", id),
            Some(json!({"term": term.as_str(), "seats": before_seats, "product": before.product_name, "licence_type": before.licence_type})),
            Some(json!({"term": req.term.as_str(), "seats": seats, "product": item.product_name, "licence_type": item.licence_type})))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// What adding `seats` for the rest of the term costs.
pub async fn quote_seats(state: &AppState, actor: &Actor, id: &str, seats: u32) -> AppResult<Quote> {
    actor.require_admin()?;
    let row = load(state, actor, id).await?;
    let today = state.clock.now().date();
    refuse(add_seats_blocked(&row, today)?)?;
    let seats = added_seats(&row, seats).map_err(|e| AppError::field("seats", e))?;
    let mut tx = state.db.begin().await?;
    let line = seats_line(state, &mut tx, &row, seats, today).await?;
    tx.rollback().await?;
    quote(state, &row, vec![line.ok_or(AppError::Conflict(seatwise_api::ErrorCode::NotOffered))?], None)
}

fn added_seats(row: &BillingRow, seats: u32) -> Result<i64, FieldErrorCode> {
    if seats == 0 {
        Err(FieldErrorCode::Required)
    } else if i64::from(seats) + row.seats.max(row.next_seats.unwrap_or(0)) > i64::from(MAX_SEATS) {
        Err(FieldErrorCode::OutOfRange)
    } else {
        Ok(i64::from(seats))
    }
}

/// Adds seats now, prorated to the end of the term; they renew with the subscription.
pub async fn add_seats(state: &AppState, actor: &Actor, id: &str, req: &seatwise_api::AddSeatsRequest) -> AppResult<Invoice> {
    actor.require_admin()?;
    let row = load(state, actor, id).await?;
    let today = state.clock.now().date();
    refuse(add_seats_blocked(&row, today)?)?;
    let mut fields = BTreeMap::new();
    let seats = added_seats(&row, req.seats).map_err(|e| fields.insert("seats".to_string(), e)).ok();
    let po = po_field(&req.po_number).map_err(|e| fields.insert("po_number".to_string(), e)).ok();
    let (Some(seats), Some(po), true) = (seats, po, fields.is_empty()) else {
        return Err(AppError::Validation(fields));
    };
    let mut tx = state.db.begin().await?;
    let line = seats_line(state, &mut tx, &row, seats, today).await?.ok_or(AppError::Conflict(seatwise_api::ErrorCode::NotOffered))?;
    // A next term traded in has two named-user seats for each network seat added now.
    if !state.db.add_seats(&mut tx, id, &row.end_date, seats, seats * Item::next(&row).unit_seats).await? {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered));
    }
    let order_id = uuid::Uuid::now_v7().to_string();
    let invoice = place_order(state, &mut tx, &row, &order_id, OrderKind::Seats, &[line], &po, &actor.user.email).await?;
    state.db.record_subscription_event(&mut tx, id, "seats_added", Some(&order_id), &actor.user.email, state.clock.unix()).await?;
    actor
        .record(state, &mut tx, "subscription.seats_added", ("subscription", id), Some(json!({"seats": row.seats})),
            Some(json!({"seats": row.seats + seats, "invoice": invoice.1, "total_minor": invoice.2, "currency": row.currency})))
        .await?;
    mail_order(state, &mut tx, &row, OrderKind::Seats, &invoice).await?;
    tx.commit().await?;
    invoice_of(state, &actor.account.id, &invoice.0).await
}

// ---- aligning billing dates -------------------------------------------------------------

/// Most subscriptions aligned in one order.
pub const MAX_ALIGNED: usize = 50;

/// The selected subscriptions of the account (2 to 50 different ids, in the order sent); 404
/// for an id that is not the account's.
async fn load_aligned(state: &AppState, actor: &Actor, ids: &[String]) -> AppResult<Vec<BillingRow>> {
    let mut seen = std::collections::BTreeSet::new();
    if ids.len() < 2 || ids.len() > MAX_ALIGNED || !ids.iter().all(|id| seen.insert(id.as_str())) {
        return Err(AppError::field("subscription_ids", FieldErrorCode::OutOfRange));
    }
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        rows.push(load(state, actor, id).await?);
    }
    Ok(rows)
}

/// The plan of an alignment: the common date (the latest end date), each subscription's extra
/// days and reason, the lines of the extended ones, and why the whole is not offered.
struct Alignment {
    renewal_date: String,
    items: Vec<seatwise_api::AlignmentItem>,
    lines: Vec<OrderLineRow>,
    blocked: Option<NotOfferedReason>,
}

/// Plans aligning `rows` on `today` (the FAQ's rule: the same term length and payment method;
/// every order here is invoiced, so the payment method is always the same). Each extended
/// subscription's line is its renewal price of its term × seats × extra days / the days of the
/// term that starts at its end date, rounded half up once.
async fn plan_alignment(state: &AppState, tx: &mut Tx, rows: &[BillingRow], today: Date) -> AppResult<Alignment> {
    let mut ends = Vec::with_capacity(rows.len());
    for row in rows {
        ends.push(date(&row.end_date)?);
    }
    let target = ends.iter().copied().max().unwrap_or(today);
    let mut blocked = None;
    let mut items = Vec::with_capacity(rows.len());
    for (row, end) in rows.iter().zip(&ends) {
        let reason = term_blocked(row, today)?;
        blocked = blocked.or(reason);
        items.push(seatwise_api::AlignmentItem {
            subscription_id: row.id.clone(),
            product_name: row.product_name.clone(),
            term: term_of(&row.term),
            end_date: row.end_date.clone(),
            extra_days: (target - *end).whole_days(),
            blocked: reason,
        });
    }
    let first = &rows[0];
    if blocked.is_none() && rows.iter().any(|r| r.currency != first.currency) {
        blocked = Some(NotOfferedReason::CurrenciesDiffer);
    }
    if blocked.is_none() && rows.iter().any(|r| term_of(&r.term) != term_of(&first.term)) {
        blocked = Some(NotOfferedReason::TermsDiffer);
    }
    if blocked.is_none() && ends.iter().all(|e| *e == target) {
        blocked = Some(NotOfferedReason::AlreadyAligned);
    }
    if blocked.is_none() && rows.iter().zip(&ends).any(|(r, e)| target > add_months(*e, months(term_of(&r.term)))) {
        blocked = Some(NotOfferedReason::ExtensionTooLong);
    }
    let mut lines = vec![];
    if blocked.is_none() {
        let on = iso(today);
        for (row, end) in rows.iter().zip(&ends) {
            if *end == target {
                continue;
            }
            let period = (*end, *end, target);
            match line(state, tx, row, &Item::current(row), (PriceKind::Renewal, term_of(&row.term)), row.seats, period, &on).await? {
                Some(l) => lines.push(l),
                None => {
                    blocked = Some(NotOfferedReason::NoPrice);
                    lines.clear();
                    break;
                }
            }
        }
    }
    Ok(Alignment { renewal_date: iso(target), items, lines, blocked })
}

/// What aligning the billing dates of the selected subscriptions would cost, or why it is not
/// offered (answered, not refused, so that the page can show the reason).
pub async fn quote_alignment(state: &AppState, actor: &Actor, req: &seatwise_api::AlignRequest) -> AppResult<seatwise_api::AlignmentQuote> {
    actor.require_admin()?;
    let rows = load_aligned(state, actor, &req.subscription_ids).await?;
    let mut tx = state.db.begin().await?;
    let plan = plan_alignment(state, &mut tx, &rows, state.clock.now().date()).await?;
    tx.rollback().await?;
    let quote = match plan.blocked {
        None => Some(quote(state, &rows[0], plan.lines, None)?),
        Some(_) => None,
    };
    Ok(seatwise_api::AlignmentQuote { renewal_date: plan.renewal_date, blocked: plan.blocked, subscriptions: plan.items, quote })
}

/// Aligns the billing dates: every selected subscription ends (and renews) on the latest end
/// date among them; the extensions are one order with a prorated line each, invoiced once. With
/// the new end dates, a history step of each, activity records and a mail to the contract
/// manager, in one transaction. Each end date is claimed by a conditional update, so that of two
/// admins aligning at once one orders and the other gets 409.
pub async fn align(state: &AppState, actor: &Actor, req: &seatwise_api::AlignRequest) -> AppResult<Invoice> {
    actor.require_admin()?;
    let po = po_field(&req.po_number).map_err(|e| AppError::field("po_number", e))?;
    let rows = load_aligned(state, actor, &req.subscription_ids).await?;
    let today = state.clock.now().date();
    let mut tx = state.db.begin().await?;
    let plan = plan_alignment(state, &mut tx, &rows, today).await?;
    refuse(plan.blocked)?;
    // Claimed in the order of their ids, so that two overlapping alignments never wait for
    // each other's rows in opposite orders.
    let mut claims: Vec<&BillingRow> = rows.iter().collect();
    claims.sort_by(|a, b| a.id.cmp(&b.id));
    for row in &claims {
        if !state.db.claim_alignment(&mut tx, &row.account_id, &row.id, &row.end_date, &plan.renewal_date).await? {
            return Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered));
        }
        // Seats added between the plan and the claim would be missing from the lines.
        let now_row = state.db.billing_subscription(&mut *tx, &row.account_id, &row.id).await?;
        if now_row.is_none_or(|r| r.seats != row.seats) {
            return Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered));
        }
        state.db.extend_contract(&mut tx, &row.contract_id, &plan.renewal_date).await?;
    }
    let order_id = uuid::Uuid::now_v7().to_string();
    let first = &rows[0];
    let invoice = place_order_of(state, &mut tx, first, None, (&order_id, OrderKind::Alignment), &plan.lines, &po, &actor.user.email).await?;
    let now = state.clock.unix();
    for row in &rows {
        state.db.record_subscription_event(&mut tx, &row.id, "dates_aligned", Some(&order_id), &actor.user.email, now).await?;
        actor
            .record(state, &mut tx, "subscription.dates_aligned", ("subscription", &row.id), Some(json!({"end_date": row.end_date})),
                Some(json!({"end_date": plan.renewal_date, "aligned_with": req.subscription_ids, "invoice": invoice.1,
                    "total_minor": invoice.2, "currency": row.currency})))
            .await?;
    }
    // The mail names every product; its link is the first extended subscription's page.
    let extended = rows.iter().find(|r| r.end_date != plan.renewal_date).unwrap_or(first);
    let mut named = extended.clone();
    named.product_name = rows.iter().map(|r| r.product_name.as_str()).collect::<Vec<_>>().join(", ");
    mail_order(state, &mut tx, &named, OrderKind::Alignment, &invoice).await?;
    tx.commit().await?;
    invoice_of(state, &actor.account.id, &invoice.0).await
}

// ---- buying an expired subscription again ----------------------------------------------

/// Why an expired subscription cannot be bought again; `None` when it can.
pub fn buy_again_blocked(row: &BillingRow) -> Option<NotOfferedReason> {
    if row.status != "expired" {
        Some(NotOfferedReason::NotExpired)
    } else if row.partner_sold() {
        Some(NotOfferedReason::PartnerSold)
    } else {
        None
    }
}

/// A new term from `today` at the price for new subscriptions, and what renewing it in time
/// would have cost.
async fn buy_again_lines(state: &AppState, tx: &mut Tx, row: &BillingRow, term: Term, seats: i64, today: Date) -> AppResult<(Option<OrderLineRow>, Option<i64>)> {
    let on = iso(today);
    let period = (today, today, term_end(today, term));
    let item = Item::current(row);
    let new = line(state, tx, row, &item, (PriceKind::New, term), seats, period, &on).await?;
    let renewal = line(state, tx, row, &item, (PriceKind::Renewal, term), seats, period, &on).await?.map(|l| l.amount_minor);
    Ok((new, renewal))
}

/// What buying an expired subscription again costs, with what renewing in time would have.
pub async fn quote_buy_again(state: &AppState, actor: &Actor, id: &str, req: &seatwise_api::RenewalRequest) -> AppResult<Quote> {
    actor.require_admin()?;
    let row = load(state, actor, id).await?;
    refuse(buy_again_blocked(&row))?;
    // Buying again is the same product and licence; a trade-in or a switch is a renewal's.
    if req.trade_in || req.collection_id.as_deref().is_some_and(|c| !c.is_empty()) {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered));
    }
    let seats = seats_field(req.seats, 0, 1).map_err(|e| AppError::field("seats", e))?;
    let mut tx = state.db.begin().await?;
    let (line, renewal) = buy_again_lines(state, &mut tx, &row, req.term, seats, state.clock.now().date()).await?;
    tx.rollback().await?;
    let line = line.ok_or(AppError::Conflict(seatwise_api::ErrorCode::NotOffered))?;
    quote_with(state, &row, vec![line], None, renewal)
}

/// Buys an expired subscription again: a new subscription of the same product and licence in
/// the same contract from today, at the price for new ones, with new serial number and key.
/// The people who held seats of the expired one get seats of the new one (oldest first, as
/// far as the seats go). An order, its invoice, history and activity, in one transaction.
pub async fn buy_again(state: &AppState, actor: &Actor, id: &str, req: &seatwise_api::RenewalRequest) -> AppResult<Invoice> {
    actor.require_admin()?;
    let row = load(state, actor, id).await?;
    refuse(buy_again_blocked(&row))?;
    // Buying again is the same product and licence; a trade-in or a switch is a renewal's.
    if req.trade_in || req.collection_id.as_deref().is_some_and(|c| !c.is_empty()) {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::NotOffered));
    }
    let mut fields = BTreeMap::new();
    let seats = seats_field(req.seats, 0, 1).map_err(|e| fields.insert("seats".to_string(), e)).ok();
    let po = po_field(&req.po_number).map_err(|e| fields.insert("po_number".to_string(), e)).ok();
    let (Some(seats), Some(po), true) = (seats, po, fields.is_empty()) else {
        return Err(AppError::Validation(fields));
    };
    let today = state.clock.now().date();
    let mut tx = state.db.begin().await?;
    let (line, _) = buy_again_lines(state, &mut tx, &row, req.term, seats, today).await?;
    let mut line = line.ok_or(AppError::Conflict(seatwise_api::ErrorCode::NotOffered))?;
    let new_id = uuid::Uuid::new_v4().to_string();
    line.subscription_id = Some(new_id.clone());
    let (serial, key) = crate::http::vendor::serial_and_key();
    let end = iso(term_end(today, req.term));
    let now = state.clock.unix();
    state
        .db
        .insert_subscription(&mut *tx, &crate::store::vendor::NewSubscription {
            id: &new_id,
            account_id: &row.account_id,
            contract_id: &row.contract_id,
            product_id: &row.product_id,
            licence_type: &row.licence_type,
            seats,
            term: req.term.as_str(),
            start_date: &iso(today),
            end_date: &end,
            auto_renew: false,
            serial_number: &serial,
            product_key: &key,
            // A new purchase: cloud credits are bought from the vendor, not in the shop.
            credits_total: 0,
            now,
        })
        .await?;
    state.db.extend_contract(&mut tx, &row.contract_id, &end).await?;
    let moved = state.db.copy_assignments(&mut tx, id, &new_id, seats, now).await?;
    let new_row = state.db.billing_subscription(&mut *tx, &row.account_id, &new_id).await?.ok_or(AppError::NotFound)?;
    let order_id = uuid::Uuid::now_v7().to_string();
    let invoice = place_order(state, &mut tx, &new_row, &order_id, OrderKind::Purchase, &[line], &po, &actor.user.email).await?;
    state.db.record_subscription_event(&mut tx, &new_id, "created", Some(&order_id), &actor.user.email, now).await?;
    state.db.record_subscription_event(&mut tx, id, "bought_again", Some(&order_id), &actor.user.email, now).await?;
    actor
        .record(state, &mut tx, "subscription.bought_again", ("subscription", &new_id), None,
            Some(json!({"expired": id, "term": req.term.as_str(), "seats": seats, "seats_carried_over": moved,
                "invoice": invoice.1, "total_minor": invoice.2, "currency": row.currency})))
        .await?;
    mail_order(state, &mut tx, &new_row, OrderKind::Purchase, &invoice).await?;
    tx.commit().await?;
    invoice_of(state, &actor.account.id, &invoice.0).await
}

// ---- invoices --------------------------------------------------------------------------

fn to_summary(i: &InvoiceRow) -> InvoiceSummary {
    InvoiceSummary {
        id: i.id.clone(),
        number: i.number.clone(),
        account_id: i.account_id.clone(),
        account_name: i.account_name.clone(),
        kind: OrderKind::parse(&i.kind).unwrap_or(OrderKind::Purchase),
        issued_on: i.issued_on.clone(),
        due_on: i.due_on.clone(),
        currency: i.currency.clone(),
        total_minor: i.total_minor,
        paid_minor: i.paid_minor,
        status: InvoiceStatus::parse(&i.status).unwrap_or(InvoiceStatus::Open),
    }
}

/// One invoice with its lines and payments; `account_id` empty for vendor staff.
pub async fn invoice_of(state: &AppState, account_id: &str, id: &str) -> AppResult<Invoice> {
    let i = state.db.invoice(state.db.pool(), id).await?.filter(|i| account_id.is_empty() || i.account_id == account_id).ok_or(AppError::NotFound)?;
    let lines = state.db.order_lines(&i.order_id).await?.iter().map(to_line).collect();
    let payments = state
        .db
        .payments(id)
        .await?
        .into_iter()
        .map(|p| Payment { id: p.id, amount_minor: p.amount_minor, received_on: p.received_on, reference: p.reference })
        .collect();
    Ok(Invoice {
        summary: to_summary(&i),
        subscription_id: i.subscription_id.clone(),
        bill_to: i.bill_to.clone(),
        country: i.country.clone(),
        po_number: i.po_number.clone(),
        lines,
        subtotal_minor: i.subtotal_minor,
        tax_rate_bp: i.tax_rate_bp,
        tax_minor: i.tax_minor,
        payments,
    })
}

/// An account's invoices (admins), newest first.
pub async fn account_invoices(state: &AppState, actor: &Actor) -> AppResult<Vec<InvoiceSummary>> {
    actor.require_admin()?;
    Ok(state.db.invoices(&actor.account.id, "", "").await?.iter().map(to_summary).collect())
}

/// All accounts' invoices for vendor staff, open or paid or both, newest first.
pub async fn vendor_invoices(state: &AppState, status: Option<InvoiceStatus>) -> AppResult<Vec<InvoiceSummary>> {
    let status = status.map_or("", InvoiceStatus::as_str);
    Ok(state.db.invoices("", status, "").await?.iter().map(to_summary).collect())
}

/// Records money received for an invoice (vendor staff); the invoice is paid once settled.
pub async fn record_payment(state: &AppState, who: &Staff<'_>, id: &str, req: &seatwise_api::NewPaymentRequest) -> AppResult<Invoice> {
    let invoice = state.db.invoice(state.db.pool(), id).await?.ok_or(AppError::NotFound)?;
    let mut fields = BTreeMap::new();
    let due = invoice.total_minor - invoice.paid_minor;
    if req.amount_minor <= 0 || req.amount_minor > due {
        fields.insert("amount_minor".to_string(), FieldErrorCode::OutOfRange);
    }
    let today = iso(state.clock.now().date());
    match crate::domain::catalogue::parse_date(&req.received_on) {
        Ok(d) if d > today => {
            fields.insert("received_on".to_string(), FieldErrorCode::OutOfRange);
        }
        Err(e) => {
            fields.insert("received_on".to_string(), e);
        }
        Ok(_) => {}
    }
    let reference = ProfileText::parse(&req.reference).map(ProfileText::into_inner);
    match &reference {
        Ok(r) if r.is_empty() => {
            fields.insert("reference".to_string(), FieldErrorCode::Required);
        }
        Ok(r) if r.chars().count() > 100 => {
            fields.insert("reference".to_string(), FieldErrorCode::TooLong);
        }
        Err(e) => {
            fields.insert("reference".to_string(), *e);
        }
        Ok(_) => {}
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let reference = reference.unwrap_or_default();
    let payment = uuid::Uuid::now_v7().to_string();
    let mut tx = state.db.begin().await?;
    if !state.db.insert_payment(&mut tx, &payment, id, req.amount_minor, req.received_on.trim(), &reference, &who.user.email, state.clock.unix()).await? {
        // Another payment settled it meanwhile.
        return Err(AppError::field("amount_minor", FieldErrorCode::OutOfRange));
    }
    state
        .db
        .record_activity(&mut *tx, &NewActivity {
            account_id: Some(&invoice.account_id),
            actor_id: &who.user.id,
            actor_email: &who.user.email,
            action: "invoice.payment_recorded",
            object_type: "invoice",
            object_id: id,
            before: Some(json!({"paid_minor": invoice.paid_minor})),
            after: Some(json!({"paid_minor": invoice.paid_minor + req.amount_minor, "amount_minor": req.amount_minor,
                "received_on": req.received_on.trim(), "reference": reference, "number": invoice.number})),
            ip: who.ip,
            at: state.clock.unix(),
        })
        .await?;
    tx.commit().await?;
    invoice_of(state, "", id).await
}

// ---- the premium plan ------------------------------------------------------------------

/// Active subscriptions an account needs for the premium plan (the renewal FAQ: "10 or more").
pub const PREMIUM_SUBSCRIPTIONS: u32 = 10;

/// The account's premium plan: on or off, and whether it may be turned on (admins).
pub async fn premium_plan(state: &AppState, actor: &Actor) -> AppResult<seatwise_api::PremiumPlan> {
    actor.require_admin()?;
    let (subscriptions, since) = state.db.premium_plan(&actor.account.id).await?;
    let subscriptions = u32::try_from(subscriptions).unwrap_or(u32::MAX);
    Ok(seatwise_api::PremiumPlan {
        premium: since.is_some(),
        since: since.map(rfc3339),
        subscriptions,
        required: PREMIUM_SUBSCRIPTIONS,
        blocked: (since.is_none() && subscriptions < PREMIUM_SUBSCRIPTIONS).then_some(NotOfferedReason::TooFewSubscriptions),
    })
}

/// Turns the premium plan on (with enough active subscriptions) or off: the contract manager's
/// call, recorded in the activity log. 409 `not_offered` with too few subscriptions.
pub async fn set_premium(state: &AppState, actor: &Actor, on: bool) -> AppResult<seatwise_api::PremiumPlan> {
    actor.require_primary()?;
    let plan = premium_plan(state, actor).await?;
    if plan.premium == on {
        return Ok(plan);
    }
    if on {
        refuse(plan.blocked)?;
    }
    let now = state.clock.unix();
    let mut tx = state.db.begin().await?;
    if state.db.set_premium(&mut tx, &actor.account.id, on.then_some(now)).await? {
        actor
            .record(state, &mut tx, "account.premium", ("account", &actor.account.id), Some(json!({"premium": !on})),
                Some(json!({"premium": on, "subscriptions": plan.subscriptions})))
            .await?;
    }
    tx.commit().await?;
    premium_plan(state, actor).await
}

// ---- the renewal job's steps ------------------------------------------------------------

/// What one subscription's end date did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rolled {
    /// The ordered next term started.
    Renewed,
    /// Auto-renew ordered and started the next term.
    AutoRenewed,
    Expired,
    /// Another runner got there first, or (auto-renew without a price) it waits.
    Skipped,
}

fn record_system<'a>(row: &'a BillingRow, action: &'a str, after: serde_json::Value, at: i64) -> (NewActivity<'a>, serde_json::Value) {
    (
        NewActivity {
            account_id: Some(&row.account_id),
            actor_id: "",
            actor_email: "system",
            action,
            object_type: "subscription",
            object_id: &row.id,
            before: None,
            after: None,
            ip: "",
            at,
        },
        after,
    )
}

/// On or after its end date: starts the ordered next term, renews automatically, or expires.
pub async fn roll(state: &AppState, row: &BillingRow) -> AppResult<Rolled> {
    let now = state.clock.unix();
    let end = date(&row.end_date)?;
    let (term, seats) = next_of(row);
    let new_end = iso(term_end(end, term));
    let mut tx = state.db.begin().await?;
    let automatic = row.renewal_order_id.is_none() && row.auto_renew != 0 && !row.partner_sold();
    let outcome = if row.renewal_order_id.is_some() || automatic {
        let mut invoice = None;
        let mut order_id = row.renewal_order_id.clone();
        if automatic {
            let (line, _) = renewal_lines(state, &mut tx, row, &Item::next(row), term, seats, &row.end_date).await?;
            let Some(line) = line else {
                tracing::warn!(subscription = %row.id, product = %row.product_name, currency = %row.currency, term = term.as_str(),
                    "renewal: no renewal price in the price book; the automatic renewal waits for one");
                return Ok(Rolled::Skipped);
            };
            let id = uuid::Uuid::now_v7().to_string();
            invoice = Some(place_order(state, &mut tx, row, &id, OrderKind::AutoRenewal, &[line], "", "system").await?);
            order_id = Some(id);
        }
        // A next term with fewer seats than are assigned: the newest assignments go.
        let current_used: i64 = state.db.billing_subscription(&mut *tx, &row.account_id, &row.id).await?.map_or(0, |r| r.seats_used);
        let released = if current_used > seats { state.db.release_newest_assignments(&mut tx, &row.id, current_used - seats).await? } else { 0 };
        if !state.db.start_next_term(&mut tx, &row.id, &row.end_date, &new_end, term.as_str(), seats).await? {
            return Ok(Rolled::Skipped);
        }
        state.db.extend_contract(&mut tx, &row.contract_id, &new_end).await?;
        let kind = if automatic { "auto_renewed" } else { "renewed" };
        state.db.record_subscription_event(&mut tx, &row.id, kind, order_id.as_deref(), "system", now).await?;
        let next = Item::next(row);
        let (mut a, after) = record_system(row, "subscription.renewed", json!({"term": term.as_str(), "seats": seats, "end_date": new_end,
            "product": next.product_name, "licence_type": next.licence_type, "automatic": automatic, "released_assignments": released}), now);
        a.after = Some(after);
        state.db.record_activity(&mut *tx, &a).await?;
        if let Some(invoice) = &invoice {
            mail_order(state, &mut tx, &next.named(row), OrderKind::AutoRenewal, invoice).await?;
        }
        if automatic { Rolled::AutoRenewed } else { Rolled::Renewed }
    } else {
        if !state.db.expire_subscription(&mut tx, &row.id, &row.end_date).await? {
            return Ok(Rolled::Skipped);
        }
        state.db.record_subscription_event(&mut tx, &row.id, "expired", None, "system", now).await?;
        let (mut a, after) = record_system(row, "subscription.expired", json!({"end_date": row.end_date}), now);
        a.after = Some(after);
        state.db.record_activity(&mut *tx, &a).await?;
        Rolled::Expired
    };
    tx.commit().await?;
    Ok(outcome)
}

/// Sends the due reminder of one subscription ending in the reminder window, at most once per
/// reminder day and end date. Returns whether a reminder was claimed.
pub async fn remind(state: &AppState, row: &BillingRow, today: Date) -> AppResult<bool> {
    let end = date(&row.end_date)?;
    let left = (end - today).whole_days();
    // The smallest reminder day not before the days left: 40 days left is the 60-day reminder.
    let Some(days) = state.settings.billing.reminder_days.iter().rev().copied().find(|d| *d >= left) else {
        return Ok(false);
    };
    if row.reminded_days.is_some_and(|r| r <= days) {
        return Ok(false);
    }
    let mut tx = state.db.begin().await?;
    if !state.db.claim_reminder(&mut tx, &row.id, &row.end_date, days).await? {
        return Ok(false);
    }
    if let Some(manager) = state.db.contract_manager(&mut *tx, &row.account_id).await? {
        let partner = row.partner_sold().then(|| {
            let contact = [row.partner_email.as_str(), row.partner_phone.as_str()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ");
            (row.partner_name.clone(), contact)
        });
        let m = Mail::RenewalReminder {
            account: row.account_name.clone(),
            product: row.product_name.clone(),
            contract: row.contract_number.clone(),
            end_date: row.end_date.clone(),
            days: left,
            partner,
            link: state.settings.link(&format!("/accounts/{}/subscriptions/{}", row.account_id, row.id)),
        };
        mail::queue(&state.db, &mut tx, &m, &recipient(&manager), state.clock.unix()).await?;
    }
    tx.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_in_mail() {
        assert_eq!(format_amount(117_900, "USD"), "1,179.00 USD");
        assert_eq!(format_amount(86_058, "EUR"), "860.58 EUR");
        assert_eq!(format_amount(5, "USD"), "0.05 USD");
        assert_eq!(format_amount(1_234_567, "JPY"), "1,234,567 JPY");
        assert_eq!(format_amount(0, "TWD"), "0.00 TWD");
    }
}
