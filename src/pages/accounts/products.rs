//! `/accounts/:account/products`: subscriptions with their seats (admins), or the person's own
//! products; `/accounts/:account/products/:subscription`: one subscription, its holders and
//! assigning seats to several members at once.

use std::collections::BTreeSet;

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use seatwise_api::{Seats, Subscription, SubscriptionStatus};

use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiResult};
use crate::components::form::{action_error, FormAlert, SubmitButton};
use crate::components::load::Loaded;
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{paths, AccountTab, AppRoute, UserFilters};
use crate::text::{self, use_page_title};

#[component]
pub fn ProductsPage() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    use_page_title(move || {
        if account.is_admin() {
            ts!(i18n, software.products.title).to_string()
        } else {
            ts!(i18n, software.products.my_title).to_string()
        }
    });
    let subscriptions = LocalResource::new(move || api::list_subscriptions(account.id.get()));
    let retry = Callback::new(move |_| subscriptions.refetch());
    let rows = move || {
        subscriptions.get().map(|result| {
            result.map(|list| {
                if list.subscriptions.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, software.products.none)}</p> }.into_any();
                }
                let admin = account.is_admin();
                let items = list
                    .subscriptions
                    .into_iter()
                    .map(|s| view! { <SubscriptionRow subscription=s link=admin /> })
                    .collect_view();
                view! { <ul class="product-list">{items}</ul> }.into_any()
            })
        })
    };
    view! {
        <section class="card">
            <div class="section-head">
                <h2>{move || if account.is_admin() {
                    ts!(i18n, software.products.title)
                } else {
                    ts!(i18n, software.products.my_title)
                }}</h2>
            </div>
            <Loaded on_retry=retry>
                    {rows}
                </Loaded>
        </section>
    }
}

/// Licence, term, dates and contract of a subscription, in one line.
fn facts(i18n: crate::text::I18n, s: &Subscription) -> String {
    let tag = text::tag(i18n);
    let mut parts = vec![
        text::licence_name(i18n, s.licence_type),
        text::term_name(i18n, s.term),
        format!(
            "{} – {}",
            intl::format_plain_date(tag, &s.start_date),
            intl::format_plain_date(tag, &s.end_date)
        ),
        ts!(i18n, software.products.contract, number = s.contract_number.clone()),
    ];
    if s.status != SubscriptionStatus::Active {
        parts.push(text::subscription_status_name(i18n, s.status));
    }
    parts.join(" · ")
}

/// Seats used of total, as a meter and in numbers.
#[component]
fn SeatMeter(
    /// Seats used and total.
    #[prop(into)]
    seats: Signal<(u32, u32)>,
    /// Names the meter.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="seat-meter">
            <meter
                min="0"
                max=move || seats.get().1.to_string()
                value=move || seats.get().0.to_string()
                aria-label=move || label.get()
            ></meter>
            <span class="seat-count">{move || { let (used, total) = seats.get(); text::seats(i18n, used, total) }}</span>
        </div>
    }
}

#[component]
fn SubscriptionRow(subscription: Subscription, link: bool) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let s = subscription.clone();
    let facts = move || facts(i18n, &s);
    let name = subscription.product_name.clone();
    let title = if link {
        let href = AppRoute::AccountSubscription {
            account: account.id.get_untracked(),
            subscription: subscription.id.clone(),
        }
        .href();
        let name = name.clone();
        view! { <A href=href attr:class="product-name">{name}</A> }.into_any()
    } else {
        let name = name.clone();
        view! { <span class="product-name">{name}</span> }.into_any()
    };
    let seats = (subscription.seats_used, subscription.seats);
    view! {
        <li class="product-row">
            <div>
                {title}
                <p class="product-facts">{facts}</p>
            </div>
            {link.then(|| view! {
                <SeatMeter
                    seats=Signal::derive(move || seats)
                    label=Signal::derive(move || ts!(i18n, software.products.seats_of, product = name.clone()))
                />
            })}
        </li>
    }
}

#[component]
pub fn SubscriptionPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, software.products.subscription_title).to_string());
    view! {
        <AdminOnly>
            <SubscriptionDetail />
        </AdminOnly>
    }
}

#[component]
fn SubscriptionDetail() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get(paths::SUBSCRIPTION_ID).unwrap_or_default()));
    // The members picked for a seat; cleared once they have one.
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let assign = Action::new_local(move |user_ids: &Vec<String>| {
        let count = user_ids.len();
        let request = api::assign_many(account.id.get_untracked(), id.get_untracked(), user_ids.clone());
        async move {
            let result = request.await;
            if result.is_ok() {
                selected.set(BTreeSet::new());
                toasts.success(move || {
                    ts!(i18n, software.products.assigned, count = text::number(i18n, count))
                });
            }
            result
        }
    });
    let subscriptions = LocalResource::new(move || {
        assign.version().track();
        api::list_subscriptions(account.id.get())
    });
    let retry = Callback::new(move |_| subscriptions.refetch());
    let content = move || {
        subscriptions.get().map(|result| {
            result.map(|list| {
                match list.subscriptions.into_iter().find(|s| id.with(|id| &s.id == id)) {
                    None => view! { <p class="empty">{tv!(i18n, core.errors.not_found)}</p> }.into_any(),
                    Some(s) => view! { <SubscriptionView subscription=s assign=assign selected=selected /> }.into_any(),
                }
            })
        })
    };
    let back = move || AppRoute::Account { account: account.id.get(), tab: AccountTab::Products }.href();
    view! {
        <A href=back attr:class="back-link">{tv!(i18n, software.products.back)}</A>
        <Loaded on_retry=retry>
                {content}
            </Loaded>
    }
}

#[component]
fn SubscriptionView(
    subscription: Subscription,
    /// Assigns seats to several members (all or none).
    assign: Action<Vec<String>, ApiResult<Seats>>,
    /// The members picked for a seat.
    selected: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let s = subscription.clone();
    let facts = move || facts(i18n, &s);
    let holders = AppRoute::AccountUsers {
        account: account.id.get_untracked(),
        filters: UserFilters {
            subscription: Some(subscription.id.clone()),
            ..Default::default()
        },
    }
    .href();
    let billing = AppRoute::AccountBilling { account: account.id.get_untracked(), subscription: subscription.id.clone() }.href();
    let seats = (subscription.seats_used, subscription.seats);
    let name = subscription.product_name.clone();
    view! {
        <div class="detail-grid">
            <div class="detail-main">
                <section class="card" aria-labelledby="subscription-name">
                    <h2 id="subscription-name" class="card-title">{subscription.product_name.clone()}</h2>
                    <p class="muted">{facts}</p>
                    <SeatMeter
                        seats=Signal::derive(move || seats)
                        label=Signal::derive(move || ts!(i18n, software.products.seats_of, product = name.clone()))
                    />
                    <p class="form-actions">
                        <A href=holders attr:class="btn btn-secondary btn-sm">{tv!(i18n, software.products.holders)}</A>
                        <A href=billing attr:class="btn btn-secondary btn-sm">{tv!(i18n, accounts.billing.renewal_link)}</A>
                    </p>
                </section>
                <BulkAssign subscription_id=subscription.id.clone() assign=assign selected=selected />
            </div>
        </div>
    }
}

/// Pick members (search, tick) and give each a seat in one request.
#[component]
fn BulkAssign(
    /// The subscription to give seats of.
    subscription_id: String,
    /// Assigns seats to several members (all or none).
    assign: Action<Vec<String>, ApiResult<Seats>>,
    /// The members picked for a seat.
    selected: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let search = RwSignal::new(String::new());
    let search_ref = NodeRef::<Input>::new();
    let candidates = LocalResource::new(move || {
        assign.version().track();
        let filters = UserFilters {
            q: Some(search.get()).filter(|q| !q.is_empty()),
            ..Default::default()
        };
        api::list_members(account.id.get(), filters.query_string())
    });
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        if let Some(input) = search_ref.get_untracked() {
            search.set(input.value().trim().to_owned());
        }
    };
    let on_assign = move |ev: SubmitEvent| {
        ev.prevent_default();
        let ids: Vec<String> = selected.get_untracked().into_iter().collect();
        if !ids.is_empty() {
            assign.dispatch(ids);
        }
    };
    let rows = {
        let subscription_id = subscription_id.clone();
        move || {
            let subscription_id = subscription_id.clone();
            candidates.get().map(move |result| {
                result.map(|page| {
                    let items = page
                        .members
                        .into_iter()
                        .map(|m| {
                            let holds = m.subscription_ids.contains(&subscription_id);
                            let id = m.user_id.clone();
                            let input_id = format!("pick-{}", m.user_id);
                            let checked = {
                                let id = id.clone();
                                move || holds || selected.with(|s| s.contains(&id))
                            };
                            let label = format!("{} ({})", text::person_name(i18n, &m.first_name, &m.last_name), m.email);
                            view! {
                                <li class="check-item">
                                    <input
                                        type="checkbox"
                                        class="checkbox"
                                        id=input_id.clone()
                                        disabled=holds
                                        prop:checked=checked
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            selected.update(|s| {
                                                if on { s.insert(id.clone()); } else { s.remove(&id); }
                                            });
                                        }
                                    />
                                    <label for=input_id>
                                        {label}
                                        {holds.then(|| view! { " · " <span class="muted">{tv!(i18n, software.products.has_seat)}</span> })}
                                    </label>
                                </li>
                            }
                        })
                        .collect_view();
                    view! { <ul class="check-list">{items}</ul> }
                })
            })
        }
    };
    let retry = Callback::new(move |_| candidates.refetch());
    let count = move || selected.with(BTreeSet::len);
    view! {
        <section class="card" aria-labelledby="bulk-assign">
            <h2 id="bulk-assign" class="card-title">{tv!(i18n, software.products.bulk_title)}</h2>
            <p class="muted">{tv!(i18n, software.products.bulk_intro)}</p>
            <form class="toolbar" role="search" on:submit=on_search>
                <div class="field field-search">
                    <label class="field-label" for="bulk-search">{tv!(i18n, accounts.users.search)}</label>
                    <div class="search-row">
                        <input id="bulk-search" class="input" type="search" node_ref=search_ref />
                        <button type="submit" class="btn btn-secondary">{tv!(i18n, accounts.users.search_button)}</button>
                    </div>
                </div>
            </form>
            <form class="form" on:submit=on_assign>
                <FormAlert error=action_error(assign) />
                <Loaded on_retry=retry>
                        {rows.clone()}
                    </Loaded>
                <div class="form-actions">
                    <SubmitButton
                        busy=assign.pending()
                        label=Signal::derive(move || ts!(i18n, software.products.assign_selected, count = text::number(i18n, count())))
                        busy_label=Signal::derive(move || ts!(i18n, software.products.assigning).to_string())
                    />
                </div>
            </form>
        </section>
    }
}
