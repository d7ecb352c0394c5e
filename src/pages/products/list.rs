//! `/accounts/:account/software`: the products the person may use (admins: everything the account
//! holds), as cards; filters by product, contract and team (admins) live in the URL.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::ProductCard;

use super::{area_class, days_left, ProductTile};
use crate::api;
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::intl;
use crate::account::use_account;
use crate::routes::{AppRoute, ProductView, SoftwareFilters};
use crate::text::{self, use_page_title};

#[component]
pub fn SoftwarePage() -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let query = use_query_map();
    let navigate = use_navigate();
    use_page_title(move || ts!(i18n, software.products.services_title).to_string());
    let filters = Memo::new(move |_| query.with(SoftwareFilters::from_query));
    let products = LocalResource::new(move || api::list_account_products(account.id.get(), filters.get()));
    // The choices of the filters come from the unfiltered list and the subscriptions.
    let all = LocalResource::new(move || api::list_account_products(account.id.get(), SoftwareFilters::default()));
    let subscriptions = LocalResource::new(move || api::list_subscriptions(account.id.get()));
    let teams = LocalResource::new(move || {
        let admin = account.is_admin();
        let id = account.id.get();
        async move {
            if admin {
                api::list_teams(id).await.map(|l| l.teams)
            } else {
                Ok(Vec::new())
            }
        }
    });
    let product_options = move || match all.get() {
        Some(Ok(list)) => list.products.into_iter().map(|p| (p.code, p.name)).collect(),
        _ => Vec::new(),
    };
    let contract_options = move || match subscriptions.get() {
        Some(Ok(list)) => list
            .subscriptions
            .into_iter()
            .map(|s| (s.contract_id, s.contract_number))
            .collect::<BTreeMap<_, _>>()
            .into_iter()
            .map(|(id, number)| (id, ts!(i18n, software.products.contract, number = number)))
            .collect(),
        _ => Vec::new(),
    };
    let team_options = move || match teams.get() {
        Some(Ok(teams)) => teams.into_iter().map(|t| (t.id, t.name)).collect(),
        _ => Vec::new(),
    };
    let go = move |next: SoftwareFilters| {
        navigate(
            &AppRoute::AccountSoftware { account: account.id.get_untracked(), filters: next }.href(),
            Default::default(),
        )
    };
    let select = move |id: &'static str,
                       label: Signal<String>,
                       options: Signal<Vec<(String, String)>>,
                       current: Signal<Option<String>>,
                       set: fn(&mut SoftwareFilters, Option<String>)| {
        let go = go.clone();
        view! { class=class,
            <div class="field">
                <label class="field-label" for=id>{move || label.get()}</label>
                <select
                    id=id
                    class="input select"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        let mut next = filters.get_untracked();
                        set(&mut next, (!value.is_empty()).then_some(value));
                        go(next);
                    }
                    prop:value=move || { options.track(); current.get().unwrap_or_default() }
                >
                    <option value="">{tv!(i18n, software.products.filter_any)}</option>
                    {move || options
                        .get()
                        .into_iter()
                        .map(|(value, name)| {
                            let selected = current.get_untracked().as_deref() == Some(value.as_str());
                            view! { <option value=value selected=selected>{name}</option> }
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let product_select = select(
        "filter-product",
        Signal::derive(move || ts!(i18n, software.products.filter_product).to_string()),
        Signal::derive(product_options),
        Signal::derive(move || filters.with(|f| f.product.clone())),
        |f, v| f.product = v,
    );
    let contract_select = select(
        "filter-contract",
        Signal::derive(move || ts!(i18n, software.products.filter_contract).to_string()),
        Signal::derive(contract_options),
        Signal::derive(move || filters.with(|f| f.contract.clone())),
        |f, v| f.contract = v,
    );
    let team_options = Signal::derive(team_options);
    let team_select = move || {
        select(
            "filter-team",
            Signal::derive(move || ts!(i18n, software.products.filter_team).to_string()),
            team_options,
            Signal::derive(move || filters.with(|f| f.team.clone())),
            |f, v| f.team = v,
        )
    };
    let retry = Callback::new(move |_| products.refetch());
    let cards = move || {
        products.get().map(|result| {
            result.map(|list| {
                if list.products.is_empty() {
                    let empty = if filters.with(|f| *f != SoftwareFilters::default()) {
                        ts!(i18n, software.products.empty_filtered)
                    } else {
                        ts!(i18n, software.products.empty)
                    };
                    return view! { <p class="empty">{empty}</p> }.into_any();
                }
                let cards = list
                    .products
                    .into_iter()
                    .map(|p| view! { <Card product=p /> })
                    .collect_view();
                view! { class=class, <ul class="cards">{cards}</ul> }.into_any()
            })
        })
    };
    view! { class=class,
        <section class="card">
            <div class="section-head">
                <h2>{tv!(i18n, software.products.services_title)}</h2>
            </div>
            <p class="muted">{tv!(i18n, software.products.services_intro)}</p>
            <div class="toolbar">
                {product_select}
                {contract_select}
                {move || account.is_admin().then(|| team_select())}
            </div>
            <Loaded on_retry=retry>
                    {cards}
                </Loaded>
        </section>
    }
}

/// One product: tile, name, version, licence, seats (admins), end date, collection, trial.
#[component]
fn Card(product: ProductCard) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let href = AppRoute::AccountSoftwareProduct {
        account: account.id.get_untracked(),
        code: product.code.clone(),
        view: ProductView::default(),
    }
    .href();
    let version = product.current_version.clone();
    let coverage = product.coverage.clone();
    let code = product.code.clone();
    let lines = move || {
        let tag = text::tag(i18n);
        coverage
            .iter()
            .map(|c| {
                let mut parts = vec![text::licence_name(i18n, c.licence_type)];
                if account.is_admin() {
                    parts.push(text::seats(i18n, c.seats_used, c.seats));
                }
                parts.push(ts!(i18n, software.products.ends_on, date = intl::format_plain_date(tag, &c.end_date)));
                let via = (c.via_code != code).then(|| {
                    ts!(i18n, software.products.via_collection, collection = c.via_name.clone())
                });
                view! { class=class,
                    <li>
                        {parts.join(" · ")}
                        {via.map(|via| view! { class=class, <span class="via">{via}</span> })}
                    </li>
                }
            })
            .collect_view()
    };
    let trial = product.trial.clone().filter(|t| t.active);
    view! { class=class,
        <li class="product-card" data-testid=format!("product-{}", product.code)>
            <ProductTile code=product.code.clone() icon=product.icon.clone() />
            <div class="product-card-body">
                <h3 class="product-card-title">
                    <A href=href>{product.name.clone()}</A>
                </h3>
                {version.map(|v| view! { class=class,
                    <p class="muted">{move || ts!(i18n, software.products.version, version = v.clone())}</p>
                })}
                <ul class="coverage">{lines}</ul>
                {trial.map(|t| view! { class=class,
                    <span class="badge badge-warning">
                        {tv!(i18n, software.trials.badge)} " · " {move || days_left(i18n, t.days_left)}
                    </span>
                })}
                {(!product.entitled && product.trial.is_none()).then(|| view! { class=class,
                    <span class="badge badge-muted">{tv!(i18n, software.products.no_seat)}</span>
                })}
            </div>
        </li>
    }
}
