//! `/accounts/:account/subscriptions/:subscription`: one subscription's terms and what can be
//! done with it now: renew (term and seats, priced before confirming), the next term's settings,
//! auto-renew, adding seats, or buying an expired one again; each refusal says why. Below: the
//! partner that sold it, the status history and the invoices.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use seatwise_api::{
    AddSeatsRequest, ErrorCode, Invoice, InvoiceStatus, InvoiceSummary, OrderKind, Quote, RenewalInfo, RenewalRequest, RenewalSettings,
    SubscriptionDetail, SubscriptionEvent, SubscriptionStatus, Term,
};

use super::contracts::status_badge;
use super::{money, quote_view, reason_text};
use super::seats_used;
use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiError, ApiResult};
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{paths, AppRoute, ContractFilters};
use crate::text::{self, use_page_title, I18n};

#[component]
pub fn SubscriptionBillingPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.billing.detail_title).to_string());
    view! { <AdminOnly><Detail /></AdminOnly> }
}

/// What the page's forms share: the account and subscription, and a reload after a change.
#[derive(Clone, Copy)]
struct Ctx {
    account: Memo<String>,
    id: Memo<String>,
    reload: Callback<()>,
}

impl Ctx {
    fn ids(&self) -> (String, String) {
        (self.account.get_untracked(), self.id.get_untracked())
    }

    /// After a refusal the page's facts are out of date (another admin renewed, the window
    /// closed): reload, so that the reason shows where the form was.
    fn settle<T>(&self, result: &ApiResult<T>) {
        match result {
            Ok(_) => self.reload.run(()),
            Err(ApiError::Server { code: ErrorCode::NotOffered, .. }) => self.reload.run(()),
            Err(_) => {}
        }
    }
}

#[component]
fn Detail() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get(paths::SUBSCRIPTION_ID).unwrap_or_default()));
    let version = RwSignal::new(0u32);
    let detail = LocalResource::new(move || {
        version.track();
        api::get_subscription(account.id.get(), id.get())
    });
    let ctx = Ctx { account: account.id, id, reload: Callback::new(move |_| version.update(|v| *v += 1)) };
    let retry = Callback::new(move |_| detail.refetch());
    let content = move || detail.get().map(|result| result.map(|d| view! { <DetailView detail=d ctx=ctx /> }));
    let back = move || AppRoute::AccountContracts { account: account.id.get(), filters: ContractFilters::default() }.href();
    view! {
        <A href=back attr:class="back-link">{tv!(i18n, accounts.billing.back)}</A>
        <Loaded on_retry=retry>{content}</Loaded>
    }
}

fn date(i18n: I18n, d: &str) -> String {
    intl::format_plain_date(text::tag(i18n), d)
}

#[component]
fn DetailView(detail: SubscriptionDetail, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let s = detail.subscription.clone();
    let r = detail.renewal.clone();
    let currency = detail.currency.clone();
    let active = s.status == SubscriptionStatus::Active;
    let price = match r.price_per_seat_minor {
        Some(p) => super::money::unit_price(i18n, p, r.price_unit_seats, &currency),
        None => ts!(i18n, accounts.billing.no_price).to_string(),
    };
    let seats_page = AppRoute::AccountSubscription { account: ctx.account.get_untracked(), subscription: s.id.clone() }.href();
    let holders_csv = api::assignments_href(&ctx.account.get_untracked(), &s.id);
    let fact = |label: String, value: AnyView| view! { <div class="fact"><dt>{label}</dt><dd>{value}</dd></div> };
    let facts = view! {
        <dl class="facts">
            {fact(ts!(i18n, accounts.billing.status).to_string(), status_badge(i18n, s.status).into_any())}
            {fact(ts!(i18n, accounts.billing.term).to_string(), text::term_name(i18n, s.term).into_any())}
            {fact(ts!(i18n, accounts.billing.start).to_string(), date(i18n, &s.start_date).into_any())}
            {fact(ts!(i18n, accounts.billing.end).to_string(), date(i18n, &super::money::last_day(&s.end_date)).into_any())}
            {active.then(|| fact(ts!(i18n, accounts.billing.next_renewal).to_string(), date(i18n, &r.next_renewal_date).into_any()))}
            {fact(ts!(i18n, accounts.billing.auto_renew).to_string(),
                (if s.auto_renew { ts!(i18n, accounts.billing.on) } else { ts!(i18n, accounts.billing.off) }).to_string().into_any())}
            {fact(ts!(i18n, accounts.billing.payment_method).to_string(), ts!(i18n, accounts.billing.payment_invoice).to_string().into_any())}
            {(active && (r.next_product_name != s.product_name || r.next_licence_type != s.licence_type)).then(|| {
                let next = format!("{} · {}", r.next_product_name, text::licence_name(i18n, r.next_licence_type));
                fact(ts!(i18n, accounts.billing.renews_as).to_string(), view! { <span data-testid="renews-as">{next}</span> }.into_any())
            })}
            {fact(ts!(i18n, accounts.billing.renewal_price).to_string(), view! { <span data-testid="renewal-price">{price}</span> }.into_any())}
            {fact(ts!(i18n, accounts.billing.seats).to_string(), seats_used(i18n, s.seats_used, s.seats).into_any())}
        </dl>
    };
    let partner = detail.partner.clone().map(|p| {
        let mail = format!("mailto:{}", p.email);
        let tel = format!("tel:{}", p.phone.replace(' ', ""));
        view! {
            <section class="card" aria-labelledby="partner-title" data-testid="partner">
                <h2 id="partner-title" class="card-title">{tv!(i18n, accounts.billing.partner_title)}</h2>
                <p>{ts!(i18n, accounts.billing.partner_intro, partner = p.name.clone())}</p>
                <dl class="facts">
                    {(!p.email.is_empty()).then(|| fact(ts!(i18n, accounts.billing.partner_email).to_string(),
                        view! { <a href=mail>{p.email.clone()}</a> }.into_any()))}
                    {(!p.phone.is_empty()).then(|| fact(ts!(i18n, accounts.billing.partner_phone).to_string(),
                        view! { <a href=tel>{p.phone.clone()}</a> }.into_any()))}
                </dl>
            </section>
        }
    });
    let partner_sold = detail.partner.is_some();
    let renew_or_buy = if active {
        view! { <RenewCard detail=detail.clone() ctx=ctx /> }.into_any()
    } else if detail.buy_again_blocked.is_none() {
        view! { <BuyAgainCard detail=detail.clone() ctx=ctx /> }.into_any()
    } else {
        let reason = detail.buy_again_blocked.map(|b| reason_text(i18n, b, &r.window_opens));
        view! {
            <section class="card" aria-labelledby="renew-title">
                <h2 id="renew-title" class="card-title">{tv!(i18n, accounts.billing.renew_title)}</h2>
                <p class="muted" data-testid="renew-blocked">{reason}</p>
            </section>
        }
        .into_any()
    };
    let online_active = active && !partner_sold;
    view! {
        <div class="detail-grid">
            <div class="detail-main">
                <section class="card" aria-labelledby="subscription-name">
                    <h2 id="subscription-name" class="card-title">{s.product_name.clone()}</h2>
                    <p class="muted">{text::licence_name(i18n, s.licence_type)}" · "{ts!(i18n, accounts.billing.contract, number = s.contract_number.clone())}</p>
                    {facts}
                    <div class="form-actions">
                        <A href=seats_page attr:class="btn btn-secondary btn-sm">{tv!(i18n, accounts.billing.assign_seats)}</A>
                        <a href=holders_csv class="btn btn-secondary btn-sm" download="">{tv!(i18n, accounts.billing.holders_csv)}</a>
                    </div>
                </section>
                {partner}
                {renew_or_buy}
                <History events=detail.history.clone() />
                <Invoices invoices=detail.invoices.clone() />
            </div>
            <div class="detail-side">
                {online_active.then(|| view! { <AutoRenewCard detail=detail.clone() ctx=ctx /> })}
                {online_active.then(|| view! { <NextTermCard detail=detail.clone() ctx=ctx /> })}
                {online_active.then(|| view! { <AddSeatsCard detail=detail.clone() ctx=ctx /> })}
            </div>
        </div>
    }
}

/// The terms a subscription may renew for, in the order people compare them.
const TERMS: [Term; 3] = [Term::Monthly, Term::OneYear, Term::ThreeYears];

fn term_select(i18n: I18n, id: &'static str, label: Signal<String>, value: RwSignal<Term>) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field-label" for=id>{move || label.get()}</label>
            <select
                id=id
                class="input select"
                on:change=move |ev| {
                    if let Some(t) = Term::parse(&event_target_value(&ev)) {
                        value.set(t);
                    }
                }
            >
                {TERMS
                    .into_iter()
                    .map(|t| view! { <option value=t.as_str() selected=move || value.get() == t>{move || text::term_name(i18n, t)}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// The "change at renewal" choice's value for the 2-for-1 trade-in; "" keeps the product and
/// licence, and any other value is a collection's id.
const TRADE_IN: &str = "trade_in";

/// The change the next term carries now: the trade-in, a collection, or none.
fn current_change(r: &RenewalInfo, licence_changes: bool) -> String {
    if licence_changes {
        TRADE_IN.to_owned()
    } else if r.collections.iter().any(|c| c.id == r.next_product_id) {
        r.next_product_id.clone()
    } else {
        String::new()
    }
}

/// `trade_in` and `collection_id` of a request from the choice.
fn change_fields(change: &str) -> (bool, Option<String>) {
    (change == TRADE_IN, (!change.is_empty() && change != TRADE_IN).then(|| change.to_owned()))
}

/// What the next term becomes: as it is, traded in (two named-user seats per network seat, so
/// the seats double), or switched to a collection that holds the product; with the reason for
/// each one not offered.
fn change_select(i18n: I18n, id: &'static str, detail: &SubscriptionDetail, change: RwSignal<String>, seats: RwSignal<String>) -> impl IntoView {
    let r = &detail.renewal;
    let s = &detail.subscription;
    let keep = ts!(i18n, accounts.billing.change_keep, product = s.product_name.clone(), licence = text::licence_name(i18n, s.licence_type));
    let trade_in = r.trade_in_blocked.is_none().then(|| view! { <option value=TRADE_IN selected=move || change.get() == TRADE_IN>{tv!(i18n, accounts.billing.change_trade_in)}</option> });
    let collections = r
        .collections
        .iter()
        .map(|c| {
            let value = c.id.clone();
            let chosen = c.id.clone();
            view! { <option value=value selected=move || change.get() == chosen>{ts!(i18n, accounts.billing.change_collection, collection = c.name.clone())}</option> }
        })
        .collect_view();
    let notes = [
        r.trade_in_blocked.map(|b| ts!(i18n, accounts.billing.trade_in_unavailable, reason = reason_text(i18n, b, &r.window_opens))),
        r.collection_blocked.map(|b| ts!(i18n, accounts.billing.collection_unavailable, reason = reason_text(i18n, b, &r.window_opens))),
    ];
    let notes = notes.into_iter().flatten().map(|n| view! { <p class="muted" data-testid="change-unavailable">{n}</p> }).collect_view();
    let offered = r.trade_in_blocked.is_none() || r.collection_blocked.is_none();
    let on_change = move |ev: leptos::ev::Event| {
        let want = event_target_value(&ev);
        let before = change.get_untracked();
        // Two named-user seats for each network seat, and back.
        let n = seats_number(&seats.get_untracked()).unwrap_or(0);
        if want == TRADE_IN && before != TRADE_IN {
            seats.set((n * 2).to_string());
        } else if before == TRADE_IN && want != TRADE_IN {
            seats.set(n.div_ceil(2).to_string());
        }
        change.set(want);
    };
    view! {
        {offered.then(|| view! {
            <div class="field">
                <label class="field-label" for=id>{tv!(i18n, accounts.billing.change_label)}</label>
                <select id=id class="input select" on:change=on_change>
                    <option value="" selected=move || change.get().is_empty()>{keep}</option>
                    {trade_in}
                    {collections}
                </select>
                <p class="field-hint" aria-live="polite">
                    {move || (change.get() == TRADE_IN).then(|| ts!(i18n, accounts.billing.trade_in_note).to_string())}
                </p>
            </div>
        })}
        {notes}
    }
}

/// A quote fetched while the choices change, shown as it arrives (the last one wins).
fn live_quote<F, Fut>(fetch: F) -> LocalResource<Option<ApiResult<Quote>>>
where
    F: Fn() -> Option<Fut> + 'static,
    Fut: std::future::Future<Output = ApiResult<Quote>> + 'static,
{
    LocalResource::new(move || {
        let request = fetch();
        async move {
            match request {
                Some(r) => Some(r.await),
                None => None,
            }
        }
    })
}

fn quote_panel(i18n: I18n, quote: LocalResource<Option<ApiResult<Quote>>>) -> impl IntoView {
    move || match quote.get() {
        None => view! { <p class="muted" role="status">{tv!(i18n, accounts.billing.quoting)}</p> }.into_any(),
        Some(None) => ().into_any(),
        Some(Some(Ok(q))) => quote_view(i18n, q).into_any(),
        Some(Some(Err(e))) => view! { <FormAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
    }
}

fn quoted_total(quote: LocalResource<Option<ApiResult<Quote>>>) -> Option<(i64, String)> {
    match quote.get() {
        Some(Some(Ok(q))) => Some((q.total_minor, q.currency)),
        _ => None,
    }
}

fn seats_number(s: &str) -> Option<u32> {
    s.trim().parse::<u32>().ok().filter(|n| *n > 0)
}

#[component]
fn RenewCard(detail: SubscriptionDetail, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let r = detail.renewal.clone();
    let assigned = detail.subscription.seats_used;
    if r.ordered {
        return view! {
            <section class="card" aria-labelledby="renew-title">
                <h2 id="renew-title" class="card-title">{tv!(i18n, accounts.billing.renew_title)}</h2>
                <p class="alert alert-success" data-testid="renew-ordered">{ts!(i18n, accounts.billing.ordered, date = date(i18n, &r.next_renewal_date))}</p>
            </section>
        }
        .into_any();
    }
    if let Some(reason) = r.blocked {
        return view! {
            <section class="card" aria-labelledby="renew-title">
                <h2 id="renew-title" class="card-title">{tv!(i18n, accounts.billing.renew_title)}</h2>
                <p class="muted" data-testid="renew-blocked">{reason_text(i18n, reason, &r.window_opens)}</p>
            </section>
        }
        .into_any();
    }
    let term = RwSignal::new(r.next_term);
    let seats = RwSignal::new(r.next_seats.to_string());
    let po = RwSignal::new(String::new());
    let change = RwSignal::new(current_change(&r, r.next_licence_type != detail.subscription.licence_type));
    let request = move || {
        let (trade_in, collection_id) = change_fields(&change.get());
        RenewalRequest { term: term.get(), seats: seats_number(&seats.get()).unwrap_or(0), po_number: po.get_untracked(), trade_in, collection_id }
    };
    let quote = live_quote(move || {
        let body = request();
        (body.seats > 0).then(|| {
            let (a, s) = ctx.ids();
            api::quote_renewal(a, s, body)
        })
    });
    let renew = Action::new_local(move |body: &RenewalRequest| {
        let (a, s) = ctx.ids();
        let call = api::renew(a, s, body.clone());
        async move {
            let result: ApiResult<Invoice> = call.await;
            if let Ok(invoice) = &result {
                let number = invoice.summary.number.clone();
                toasts.success(move || ts!(i18n, accounts.billing.renewed, number = number.clone()));
            }
            ctx.settle(&result);
            result
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        renew.dispatch(RenewalRequest { po_number: po.get_untracked().trim().to_owned(), ..request() });
    };
    let label = Signal::derive(move || match quoted_total(quote) {
        Some((total, currency)) => ts!(i18n, accounts.billing.renew_confirm, amount = money(i18n, total, &currency)),
        None => ts!(i18n, accounts.billing.renew_title).to_string(),
    });
    view! {
        <section class="card" aria-labelledby="renew-title" data-testid="renew">
            <h2 id="renew-title" class="card-title">{tv!(i18n, accounts.billing.renew_title)}</h2>
            <p class="muted">{ts!(i18n, accounts.billing.renew_intro, date = date(i18n, &r.next_renewal_date))}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(renew) />
                {change_select(i18n, "renew-change", &detail, change, seats)}
                <div class="form-row">
                    {term_select(i18n, "renew-term", Signal::derive(move || ts!(i18n, accounts.billing.term_label).to_string()), term)}
                    <TextField name="renew_seats" label=Signal::derive(move || ts!(i18n, accounts.billing.seats_label).to_string())
                        value=seats error=field_error(renew, "seats") input_type="number" required=true
                        hint=Signal::derive(move || ts!(i18n, accounts.billing.seats_hint, count = text::number(i18n, assigned as usize))) />
                </div>
                <TextField name="renew_po" label=Signal::derive(move || ts!(i18n, accounts.billing.po_label).to_string())
                    value=po error=field_error(renew, "po_number") maxlength=100 />
                <h3 class="subhead">{tv!(i18n, accounts.billing.quote)}</h3>
                {quote_panel(i18n, quote)}
                <div class="form-actions">
                    <SubmitButton busy=renew.pending() label=label
                        busy_label=Signal::derive(move || ts!(i18n, accounts.billing.renewing).to_string()) />
                </div>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn BuyAgainCard(detail: SubscriptionDetail, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let s = detail.subscription.clone();
    let term = RwSignal::new(s.term);
    let seats = RwSignal::new(s.seats.to_string());
    let request = move || RenewalRequest {
        term: term.get(),
        seats: seats_number(&seats.get()).unwrap_or(0),
        po_number: String::new(),
        trade_in: false,
        collection_id: None,
    };
    let quote = live_quote(move || {
        let body = request();
        (body.seats > 0).then(|| {
            let (a, s) = ctx.ids();
            api::quote_buy_again(a, s, body)
        })
    });
    let buy = Action::new_local(move |body: &RenewalRequest| {
        let (a, s) = ctx.ids();
        let call = api::buy_again(a, s, body.clone());
        async move {
            let result: ApiResult<Invoice> = call.await;
            if let Ok(invoice) = &result {
                let number = invoice.summary.number.clone();
                toasts.success(move || ts!(i18n, accounts.billing.bought, number = number.clone()));
            }
            ctx.settle(&result);
            result
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        buy.dispatch(request());
    };
    let label = Signal::derive(move || match quoted_total(quote) {
        Some((total, currency)) => ts!(i18n, accounts.billing.buy_confirm, amount = money(i18n, total, &currency)),
        None => ts!(i18n, accounts.billing.buy_title).to_string(),
    });
    view! {
        <section class="card" aria-labelledby="buy-title" data-testid="buy-again">
            <h2 id="buy-title" class="card-title">{tv!(i18n, accounts.billing.buy_title)}</h2>
            <p class="muted">{tv!(i18n, accounts.billing.buy_intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(buy) />
                <div class="form-row">
                    {term_select(i18n, "buy-term", Signal::derive(move || ts!(i18n, accounts.billing.term).to_string()), term)}
                    <TextField name="buy_seats" label=Signal::derive(move || ts!(i18n, accounts.billing.seats_label).to_string())
                        value=seats error=field_error(buy, "seats") input_type="number" required=true />
                </div>
                <h3 class="subhead">{tv!(i18n, accounts.billing.quote)}</h3>
                {quote_panel(i18n, quote)}
                <div class="form-actions">
                    <SubmitButton busy=buy.pending() label=label
                        busy_label=Signal::derive(move || ts!(i18n, accounts.billing.buying).to_string()) />
                </div>
            </form>
        </section>
    }
}

#[component]
fn AutoRenewCard(detail: SubscriptionDetail, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let s = detail.subscription.clone();
    let r = detail.renewal.clone();
    let on = RwSignal::new(s.auto_renew);
    let toggle = Action::new_local(move |want: &bool| {
        let want = *want;
        let (a, id) = ctx.ids();
        let call = api::set_auto_renew(a, id, want);
        async move {
            let result = call.await;
            match &result {
                Ok(()) if want => toasts.success(move || ts!(i18n, accounts.billing.auto_saved_on).to_string()),
                Ok(()) => toasts.success(move || ts!(i18n, accounts.billing.auto_saved_off).to_string()),
                Err(_) => on.set(!want),
            }
            ctx.settle(&result);
            result
        }
    });
    let next = r.next_renewal_date.clone();
    let intro = move || {
        if on.get() {
            ts!(
                i18n,
                accounts.billing.auto_on_intro,
                date = date(i18n, &next),
                term = text::term_name(i18n, r.next_term),
                seats = text::number(i18n, r.next_seats as usize)
            )
        } else {
            ts!(i18n, accounts.billing.auto_off_intro, date = date(i18n, &super::money::last_day(&next)))
        }
    };
    view! {
        <section class="card" aria-labelledby="auto-title">
            <h2 id="auto-title" class="card-title">{tv!(i18n, accounts.billing.auto_title)}</h2>
            <FormAlert error=action_error(toggle) />
            <label class="switch" for="auto-renew">
                <input
                    type="checkbox"
                    role="switch"
                    id="auto-renew"
                    prop:checked=move || on.get()
                    aria-checked=move || if on.get() { "true" } else { "false" }
                    disabled=move || toggle.pending().get()
                    on:change=move |ev| {
                        let want = event_target_checked(&ev);
                        on.set(want);
                        toggle.dispatch(want);
                    }
                />
                <span>{tv!(i18n, accounts.billing.auto_label)}</span>
            </label>
            <p class="muted" aria-live="polite">{intro}</p>
        </section>
    }
}

#[component]
fn NextTermCard(detail: SubscriptionDetail, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let r = detail.renewal.clone();
    if r.ordered {
        return ().into_any();
    }
    let term = RwSignal::new(r.next_term);
    let seats = RwSignal::new(r.next_seats.to_string());
    let change = RwSignal::new(current_change(&r, r.next_licence_type != detail.subscription.licence_type));
    let save = Action::new_local(move |body: &RenewalSettings| {
        let (a, s) = ctx.ids();
        let call = api::set_renewal_settings(a, s, body.clone());
        async move {
            let result = call.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, accounts.billing.settings_saved).to_string());
            }
            ctx.settle(&result);
            result
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (trade_in, collection_id) = change_fields(&change.get_untracked());
        save.dispatch(RenewalSettings { term: term.get_untracked(), seats: seats_number(&seats.get_untracked()).unwrap_or(0), trade_in, collection_id });
    };
    view! {
        <section class="card" aria-labelledby="next-term-title">
            <h2 id="next-term-title" class="card-title">{tv!(i18n, accounts.billing.settings_title)}</h2>
            <p class="muted">{tv!(i18n, accounts.billing.settings_intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(save) />
                {change_select(i18n, "next-change", &detail, change, seats)}
                {term_select(i18n, "next-term", Signal::derive(move || ts!(i18n, accounts.billing.term_label).to_string()), term)}
                <TextField name="next_seats" label=Signal::derive(move || ts!(i18n, accounts.billing.seats_label).to_string())
                    value=seats error=field_error(save, "seats") input_type="number" required=true />
                <SubmitButton busy=save.pending()
                    label=Signal::derive(move || ts!(i18n, accounts.billing.settings_save).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, accounts.billing.saving).to_string())
                    extra_class="btn-block" />
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn AddSeatsCard(detail: SubscriptionDetail, ctx: Ctx) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    if let Some(reason) = detail.add_seats_blocked {
        return view! {
            <section class="card" aria-labelledby="seats-title">
                <h2 id="seats-title" class="card-title">{tv!(i18n, accounts.billing.seats_title)}</h2>
                <p class="muted" data-testid="seats-blocked">{reason_text(i18n, reason, &detail.renewal.window_opens)}</p>
            </section>
        }
        .into_any();
    }
    let count = RwSignal::new("1".to_owned());
    let po = RwSignal::new(String::new());
    let quote = live_quote(move || {
        seats_number(&count.get()).map(|n| {
            let (a, s) = ctx.ids();
            api::quote_seats(a, s, AddSeatsRequest { seats: n, po_number: String::new() })
        })
    });
    let add = Action::new_local(move |body: &AddSeatsRequest| {
        let (a, s) = ctx.ids();
        let call = api::add_seats(a, s, body.clone());
        async move {
            let result: ApiResult<Invoice> = call.await;
            if let Ok(invoice) = &result {
                let number = invoice.summary.number.clone();
                toasts.success(move || ts!(i18n, accounts.billing.seats_added, number = number.clone()));
            }
            ctx.settle(&result);
            result
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        add.dispatch(AddSeatsRequest {
            seats: seats_number(&count.get_untracked()).unwrap_or(0),
            po_number: po.get_untracked().trim().to_owned(),
        });
    };
    let label = Signal::derive(move || match quoted_total(quote) {
        Some((total, currency)) => ts!(i18n, accounts.billing.seats_confirm, amount = money(i18n, total, &currency)),
        None => ts!(i18n, accounts.billing.seats_title).to_string(),
    });
    view! {
        <section class="card" aria-labelledby="seats-title" data-testid="add-seats">
            <h2 id="seats-title" class="card-title">{tv!(i18n, accounts.billing.seats_title)}</h2>
            <p class="muted">{tv!(i18n, accounts.billing.seats_intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(add) />
                <TextField name="add_seats" label=Signal::derive(move || ts!(i18n, accounts.billing.seats_count).to_string())
                    value=count error=field_error(add, "seats") input_type="number" required=true />
                <TextField name="add_po" label=Signal::derive(move || ts!(i18n, accounts.billing.po_label).to_string())
                    value=po error=field_error(add, "po_number") maxlength=100 />
                {quote_panel(i18n, quote)}
                <SubmitButton busy=add.pending() label=label
                    busy_label=Signal::derive(move || ts!(i18n, accounts.billing.adding).to_string())
                    extra_class="btn-block" />
            </form>
        </section>
    }
    .into_any()
}

fn event_name(i18n: I18n, kind: &str) -> String {
    match kind {
        "created" => ts!(i18n, accounts.billing.event_created),
        "renewal_ordered" => ts!(i18n, accounts.billing.event_renewal_ordered),
        "renewed" => ts!(i18n, accounts.billing.event_renewed),
        "auto_renewed" => ts!(i18n, accounts.billing.event_auto_renewed),
        "expired" => ts!(i18n, accounts.billing.event_expired),
        "auto_renew_on" => ts!(i18n, accounts.billing.event_auto_renew_on),
        "auto_renew_off" => ts!(i18n, accounts.billing.event_auto_renew_off),
        "renewal_settings" => ts!(i18n, accounts.billing.event_renewal_settings),
        "seats_added" => ts!(i18n, accounts.billing.event_seats_added),
        "bought_again" => ts!(i18n, accounts.billing.event_bought_again),
        "dates_aligned" => ts!(i18n, accounts.billing.event_dates_aligned),
        other => return other.to_owned(),
    }
    .to_string()
}

#[component]
fn History(events: Vec<SubscriptionEvent>) -> impl IntoView {
    let i18n = use_i18n();
    let tag = text::tag(i18n);
    let rows = events
        .into_iter()
        .rev()
        .map(|e| {
            let by = if e.actor == "system" { ts!(i18n, accounts.billing.system).to_string() } else { e.actor.clone() };
            let state = ts!(
                i18n,
                accounts.billing.event_state,
                seats = text::number(i18n, e.seats as usize),
                term = text::term_name(i18n, e.term),
                date = intl::format_plain_date(tag, &super::money::last_day(&e.end_date))
            );
            view! {
                <tr>
                    <td class="num">{intl::format_date_time(tag, &e.at)}</td>
                    <td>{event_name(i18n, &e.kind)}<br /><span class="muted">{state}</span></td>
                    <td>{status_badge(i18n, e.status)}</td>
                    <td>{by}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="history-title">
            <h2 id="history-title" class="card-title">{tv!(i18n, accounts.billing.history_title)}</h2>
            <DataTable columns=vec![
                Column::new(tv!(i18n, accounts.billing.col_when)),
                Column::new(tv!(i18n, accounts.billing.col_event)),
                Column::new(tv!(i18n, accounts.billing.col_status)),
                Column::new(tv!(i18n, accounts.billing.col_by)),
            ]>
                {rows}
            </DataTable>
        </section>
    }
}

pub(crate) fn kind_name(i18n: I18n, kind: OrderKind) -> String {
    match kind {
        OrderKind::Renewal => ts!(i18n, accounts.billing.kind_renewal),
        OrderKind::AutoRenewal => ts!(i18n, accounts.billing.kind_auto_renewal),
        OrderKind::Seats => ts!(i18n, accounts.billing.kind_seats),
        OrderKind::Purchase => ts!(i18n, accounts.billing.kind_purchase),
        OrderKind::Alignment => ts!(i18n, accounts.billing.kind_alignment),
    }
    .to_string()
}

pub(crate) fn invoice_status_badge(i18n: I18n, status: InvoiceStatus) -> impl IntoView {
    match status {
        InvoiceStatus::Open => view! { <span class="badge badge-warning">{tv!(i18n, accounts.billing.invoice_open)}</span> }.into_any(),
        InvoiceStatus::Paid => view! { <span class="badge badge-success">{tv!(i18n, accounts.billing.invoice_paid)}</span> }.into_any(),
    }
}

#[component]
fn Invoices(invoices: Vec<InvoiceSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let tag = text::tag(i18n);
    let body = if invoices.is_empty() {
        view! { <p class="empty">{tv!(i18n, accounts.billing.invoices_none)}</p> }.into_any()
    } else {
        let rows = invoices
            .into_iter()
            .map(|inv| {
                let href = AppRoute::AccountInvoice { account: account.id.get_untracked(), invoice: inv.id.clone() }.href();
                view! {
                    <tr>
                        <td class="mono"><A href=href>{inv.number.clone()}</A></td>
                        <td>{kind_name(i18n, inv.kind)}</td>
                        <td class="num">{intl::format_plain_date(tag, &inv.issued_on)}</td>
                        <td class="num">{intl::format_plain_date(tag, &inv.due_on)}</td>
                        <td class="num">{money(i18n, inv.total_minor, &inv.currency)}</td>
                        <td>{invoice_status_badge(i18n, inv.status)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable columns=vec![
                Column::new(tv!(i18n, accounts.billing.col_number)),
                Column::new(tv!(i18n, accounts.billing.col_kind)),
                Column::num(tv!(i18n, accounts.billing.col_issued)),
                Column::num(tv!(i18n, accounts.billing.col_due)),
                Column::num(tv!(i18n, accounts.billing.col_total)),
                Column::new(tv!(i18n, accounts.billing.col_invoice_status)),
            ]>
                {rows}
            </DataTable>
        }
        .into_any()
    };
    view! {
        <section class="card" aria-labelledby="invoices-title">
            <h2 id="invoices-title" class="card-title">{tv!(i18n, accounts.billing.invoices_title)}</h2>
            {body}
        </section>
    }
}
