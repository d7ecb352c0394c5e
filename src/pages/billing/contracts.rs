//! `/accounts/:account/subscriptions`: contracts with their subscriptions, filtered by team,
//! status and product (the filters live in the URL, and the exports take the same query), and
//! aligning the billing dates of the subscriptions ticked in it.

use std::collections::BTreeSet;

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{AlignRequest, AlignmentQuote, ContractSummary, Subscription, SubscriptionStatus};

use super::{money, quote_view, reason_text, seats_used};
use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiResult};
use crate::components::form::{action_error, FormAlert, SubmitButton};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::intl;
use crate::routes::{AppRoute, ContractFilters, QueryValue};
use crate::text::{self, use_page_title, I18n};

#[component]
pub fn ContractsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.billing.title).to_string());
    view! { <AdminOnly><Contracts /></AdminOnly> }
}

#[component]
fn Contracts() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(ContractFilters::from_query));
    // The subscriptions ticked for aligning their billing dates; a reload after aligning.
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let version = RwSignal::new(0u32);
    let contracts = LocalResource::new(move || {
        version.track();
        api::list_contracts(account.id.get(), filters.get().query_string())
    });
    let retry = Callback::new(move |_| contracts.refetch());
    let list = move || {
        contracts.get().map(|result| {
            result.map(|list| {
                if list.contracts.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, accounts.billing.none)}</p> }.into_any();
                }
                list.contracts.into_iter().map(|c| view! { <ContractCard contract=c selected=selected /> }).collect_view().into_any()
            })
        })
    };
    let export = move |format: &'static str| {
        move || api::contracts_export_href(&account.id.get(), format, &filters.get().query_string())
    };
    view! {
        <section class="card">
            <div class="section-head">
                <h2>{tv!(i18n, accounts.billing.title)}</h2>
                <div class="form-actions">
                    <a class="btn btn-secondary btn-sm" href=export("csv") download="">{tv!(i18n, accounts.billing.export_csv)}</a>
                    <a class="btn btn-secondary btn-sm" href=export("xlsx") download="">{tv!(i18n, accounts.billing.export_xlsx)}</a>
                </div>
            </div>
            <p class="muted">{tv!(i18n, accounts.billing.intro)}</p>
            <FilterBar filters=filters />
        </section>
        <Loaded on_retry=retry>{list}</Loaded>
        <AlignCard selected=selected done=Callback::new(move |_| {
            selected.set(BTreeSet::new());
            version.update(|v| *v += 1);
        }) />
        <PremiumCard />
        <super::renewal_help::RenewalHelp contracts=Signal::derive(move || match contracts.get() {
            Some(Ok(list)) => list.contracts,
            _ => vec![],
        }) />
    }
}

/// The premium plan (the renewal FAQ's, for 10 or more subscriptions): on since when, or the
/// account's active subscriptions against the number it needs; the contract manager turns it
/// on or off.
#[component]
fn PremiumCard() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let plan = LocalResource::new(move || api::premium_plan(account.id.get()));
    let set = Action::new_local(move |on: &bool| {
        let on = *on;
        let call = api::set_premium(account.id.get_untracked(), on);
        async move {
            let result = call.await;
            if result.is_ok() {
                toasts.success(move || if on { ts!(i18n, accounts.billing.premium_on_done) } else { ts!(i18n, accounts.billing.premium_off_done) }.to_string());
                plan.refetch();
            }
            result
        }
    });
    let retry = Callback::new(move |_| plan.refetch());
    let body = move || {
        plan.get().map(|result| {
            result.map(|p| {
                let count = text::number(i18n, p.subscriptions as usize);
                let status = match (&p.since, p.blocked) {
                    (Some(since), _) if p.premium => ts!(i18n, accounts.billing.premium_on, date = intl::format_date_time(text::tag(i18n), since)),
                    (_, Some(reason)) => format!("{} {}", ts!(i18n, accounts.billing.premium_count, count = count), reason_text(i18n, reason, "")),
                    _ => ts!(i18n, accounts.billing.premium_ready, count = count),
                };
                let button = match (account.is_primary(), p.premium, p.blocked) {
                    (false, _, _) => view! { <p class="muted">{tv!(i18n, accounts.billing.premium_primary_only)}</p> }.into_any(),
                    (true, true, _) => view! {
                        <button type="button" class="btn btn-secondary" disabled=move || set.pending().get() on:click=move |_| { set.dispatch(false); }>
                            {tv!(i18n, accounts.billing.premium_leave)}
                        </button>
                    }
                    .into_any(),
                    (true, false, None) => view! {
                        <button type="button" class="btn btn-primary" disabled=move || set.pending().get() on:click=move |_| { set.dispatch(true); }>
                            {tv!(i18n, accounts.billing.premium_upgrade)}
                        </button>
                    }
                    .into_any(),
                    (true, false, Some(_)) => ().into_any(),
                };
                view! {
                    <p data-testid="premium-status">{status}</p>
                    <div class="form-actions">{button}</div>
                }
            })
        })
    };
    view! {
        <section class="card" aria-labelledby="premium-title" data-testid="premium" id="premium">
            <h2 id="premium-title" class="card-title">{tv!(i18n, accounts.billing.premium_title)}</h2>
            <p class="muted">{tv!(i18n, accounts.billing.premium_intro)}</p>
            <FormAlert error=action_error(set) />
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

/// Aligning the billing dates of the ticked subscriptions: the common date, each one's extra
/// days and the price, or why it is not offered; then confirm.
#[component]
fn AlignCard(selected: RwSignal<BTreeSet<String>>, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let ids = move || selected.get().into_iter().collect::<Vec<_>>();
    let quote = LocalResource::new(move || {
        let ids = ids();
        let account = account.id.get();
        async move {
            match ids.len() {
                0 | 1 => None,
                _ => Some(api::quote_alignment(account, AlignRequest { subscription_ids: ids, po_number: String::new() }).await),
            }
        }
    });
    let align = Action::new_local(move |ids: &Vec<String>| {
        let call = api::align(account.id.get_untracked(), AlignRequest { subscription_ids: ids.clone(), po_number: String::new() });
        async move {
            let result = call.await;
            if let Ok(invoice) = &result {
                let number = invoice.summary.number.clone();
                toasts.success(move || ts!(i18n, accounts.billing.aligned, number = number.clone()));
                done.run(());
            }
            result
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        align.dispatch(ids());
    };
    let body = move || match quote.get().flatten() {
        None if selected.with(|s| s.len() < 2) => view! { <p class="muted">{tv!(i18n, accounts.billing.align_pick)}</p> }.into_any(),
        None => view! { <p class="muted" role="status">{tv!(i18n, accounts.billing.quoting)}</p> }.into_any(),
        Some(Err(e)) => view! { <FormAlert error=Signal::derive(move || Some(e.clone())) /> }.into_any(),
        Some(Ok(q)) => alignment_view(i18n, q, align).into_any(),
    };
    view! {
        <section class="card" aria-labelledby="align-title" data-testid="align">
            <h2 id="align-title" class="card-title">{tv!(i18n, accounts.billing.align_title)}</h2>
            <p class="muted">{tv!(i18n, accounts.billing.align_intro)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(align) />
                {body}
            </form>
        </section>
    }
}

fn alignment_view(i18n: I18n, q: AlignmentQuote, align: Action<Vec<String>, ApiResult<seatwise_api::Invoice>>) -> impl IntoView {
    let date = intl::format_plain_date(text::tag(i18n), &q.renewal_date);
    let items = q
        .subscriptions
        .iter()
        .map(|item| {
            let line = match item.blocked {
                Some(reason) => format!("{}: {}", item.product_name, reason_text(i18n, reason, &item.end_date)),
                None => ts!(i18n, accounts.billing.align_extra, product = item.product_name.clone(), days = text::number(i18n, item.extra_days.max(0) as usize)),
            };
            view! { <li>{line}</li> }
        })
        .collect_view();
    let blocked = q.blocked.map(|reason| reason_text(i18n, reason, &q.renewal_date));
    let offer = q.quote.filter(|_| q.blocked.is_none()).map(|quote| {
        let amount = money(i18n, quote.total_minor, &quote.currency);
        view! {
            {quote_view(i18n, quote)}
            <div class="form-actions">
                <SubmitButton busy=align.pending()
                    label=Signal::derive(move || ts!(i18n, accounts.billing.align_confirm, amount = amount.clone()))
                    busy_label=Signal::derive(move || ts!(i18n, accounts.billing.aligning).to_string()) />
            </div>
        }
    });
    view! {
        <p>{ts!(i18n, accounts.billing.align_date, date = date)}</p>
        <ul class="plain-list">{items}</ul>
        {blocked.map(|b| view! { <p class="alert alert-info" data-testid="align-blocked">{b}</p> })}
        {offer}
    }
}

/// Team, status and product: each choice goes into the URL, which the list follows.
#[component]
fn FilterBar(filters: Memo<ContractFilters>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let navigate = use_navigate();
    let teams = LocalResource::new(move || api::list_teams(account.id.get()));
    let subscriptions = LocalResource::new(move || api::list_subscriptions(account.id.get()));
    let go = move |next: ContractFilters| {
        navigate(&AppRoute::AccountContracts { account: account.id.get_untracked(), filters: next }.href(), Default::default());
    };
    let select = move |id: &'static str,
                       label: Signal<String>,
                       current: Signal<String>,
                       options: Signal<Vec<(String, String)>>,
                       set: fn(&mut ContractFilters, String)| {
        let go = go.clone();
        view! {
            <div class="field">
                <label class="field-label" for=id>{move || label.get()}</label>
                <select
                    id=id
                    class="input select"
                    prop:value=move || current.get()
                    on:change=move |ev| {
                        let mut next = filters.get_untracked();
                        set(&mut next, event_target_value(&ev));
                        go(next);
                    }
                >
                    <option value="">{tv!(i18n, accounts.billing.filter_any)}</option>
                    {move || {
                        let current = current.get();
                        options
                            .get()
                            .into_iter()
                            .map(|(value, name)| {
                                let selected = value == current;
                                view! { <option value=value selected=selected>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        }
    };
    let statuses = Signal::derive(move || {
        SubscriptionStatus::ALL
            .into_iter()
            .map(|s| (s.to_query(), text::subscription_status_name(i18n, s)))
            .collect()
    });
    let products = Signal::derive(move || {
        let mut products: Vec<(String, String)> = match subscriptions.get() {
            Some(Ok(list)) => list.subscriptions.into_iter().map(|s| (s.product_code, s.product_name)).collect(),
            _ => vec![],
        };
        products.sort_by(|a, b| a.1.cmp(&b.1));
        products.dedup();
        products
    });
    let team_options = Signal::derive(move || match teams.get() {
        Some(Ok(list)) => list.teams.into_iter().map(|t| (t.id, t.name)).collect(),
        _ => vec![],
    });
    view! {
        <form class="toolbar" role="search" aria-label=move || ts!(i18n, accounts.billing.filters) on:submit=|ev| ev.prevent_default()>
            {select(
                "filter-status",
                Signal::derive(move || ts!(i18n, accounts.billing.filter_status).to_string()),
                Signal::derive(move || filters.get().status.map(|s| s.to_query()).unwrap_or_default()),
                statuses,
                |f, v| f.status = SubscriptionStatus::from_query(&v),
            )}
            {select(
                "filter-product",
                Signal::derive(move || ts!(i18n, accounts.billing.filter_product).to_string()),
                Signal::derive(move || filters.get().product.unwrap_or_default()),
                products,
                |f, v| f.product = String::from_query(&v),
            )}
            {select(
                "filter-team",
                Signal::derive(move || ts!(i18n, accounts.billing.filter_team).to_string()),
                Signal::derive(move || filters.get().team.unwrap_or_default()),
                team_options,
                |f, v| f.team = String::from_query(&v),
            )}
        </form>
    }
}

/// Status as a badge: active, expired, cancelled.
pub(crate) fn status_badge(i18n: I18n, status: SubscriptionStatus) -> impl IntoView {
    let class = match status {
        SubscriptionStatus::Active => "badge badge-success",
        SubscriptionStatus::Expired => "badge badge-danger",
        SubscriptionStatus::Cancelled => "badge badge-muted",
    };
    view! { <span class=class>{move || text::subscription_status_name(i18n, status)}</span> }
}

#[component]
fn ContractCard(contract: ContractSummary, selected: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let tag = text::tag(i18n);
    let heading_id = format!("contract-{}", contract.id);
    let labelled_by = heading_id.clone();
    let period = ts!(
        i18n,
        accounts.billing.contract_period,
        start = intl::format_plain_date(tag, &contract.start_date),
        end = intl::format_plain_date(tag, &contract.end_date)
    );
    let seller = match &contract.partner {
        Some(p) => ts!(i18n, accounts.billing.sold_by, partner = p.name.clone()),
        None => ts!(i18n, accounts.billing.bought_online).to_string(),
    };
    // The partner renews it: how to reach them, as the renewal FAQ asks.
    let contact = contract.partner.clone().map(|p| {
        let mail = format!("mailto:{}", p.email);
        let tel = format!("tel:{}", p.phone.replace(' ', ""));
        view! {
            <p class="muted" data-testid="partner-contact">
                {(!p.email.is_empty()).then(|| view! { <a href=mail>{p.email.clone()}</a> })}
                {(!p.email.is_empty() && !p.phone.is_empty()).then_some(" · ")}
                {(!p.phone.is_empty()).then(|| view! { <a href=tel>{p.phone.clone()}</a> })}
            </p>
        }
    });
    let rows = contract.subscriptions.into_iter().map(|s| view! { <SubscriptionRow subscription=s selected=selected /> }).collect_view();
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading_id class="card-title">{ts!(i18n, accounts.billing.contract, number = contract.number.clone())}</h2>
            <p class="muted">{period}" · "{contract.currency.clone()}" · "{seller}</p>
            {contact}
            <DataTable columns=vec![
                Column::hidden(tv!(i18n, accounts.billing.align_col)),
                Column::new(tv!(i18n, accounts.billing.col_product)),
                Column::new(tv!(i18n, accounts.billing.col_licence)),
                Column::new(tv!(i18n, accounts.billing.col_term)),
                Column::num(tv!(i18n, accounts.billing.col_seats)),
                Column::new(tv!(i18n, accounts.billing.col_end)),
                Column::new(tv!(i18n, accounts.billing.col_auto_renew)),
                Column::new(tv!(i18n, accounts.billing.col_status)),
            ]>
                {rows}
            </DataTable>
        </section>
    }
}

#[component]
fn SubscriptionRow(subscription: Subscription, selected: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let s = subscription;
    let href = AppRoute::AccountBilling { account: account.id.get_untracked(), subscription: s.id.clone() }.href();
    let end = intl::format_plain_date(text::tag(i18n), &s.end_date);
    let id = s.id.clone();
    let ticked = {
        let id = id.clone();
        move || selected.with(|set| set.contains(&id))
    };
    let product = s.product_name.clone();
    view! {
        <tr>
            <td>
                <input
                    type="checkbox"
                    class="checkbox"
                    disabled=s.status != SubscriptionStatus::Active
                    aria-label=move || ts!(i18n, accounts.billing.align_select, product = product.clone())
                    prop:checked=ticked
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|set| {
                            if on { set.insert(id.clone()); } else { set.remove(&id); }
                        });
                    }
                />
            </td>
            <td><A href=href>{s.product_name.clone()}</A></td>
            <td>{move || text::licence_name(i18n, s.licence_type)}</td>
            <td>{move || text::term_name(i18n, s.term)}</td>
            <td class="num">{move || seats_used(i18n, s.seats_used, s.seats)}</td>
            <td>{end}</td>
            <td>{move || if s.auto_renew { ts!(i18n, accounts.billing.on) } else { ts!(i18n, accounts.billing.off) }}</td>
            <td>{status_badge(i18n, s.status)}</td>
        </tr>
    }
}
