//! `/accounts/:account/trials`: the person's running and ended trials, and the products they may
//! still try.

use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{Trial, TrialOffer};

use super::{area_class, days_left, start_trial_label, use_start_trial, ProductTile};
use crate::api;
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::intl;
use crate::account::use_account;
use crate::routes::{AppRoute, ProductView};
use crate::text::{self, use_page_title};

#[component]
pub fn TrialsPage() -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    use_page_title(move || ts!(i18n, software.trials.title).to_string());
    let start = use_start_trial();
    let trials = LocalResource::new(move || {
        start.version().track();
        api::list_trials(account.id.get())
    });
    let retry = Callback::new(move |_| trials.refetch());
    let content = move || {
        trials.get().map(|result| {
            result.map(|list| {
                let (running, ended): (Vec<Trial>, Vec<Trial>) = list.trials.into_iter().partition(|t| t.active);
                let offers = list.offers;
                view! { class=class,
                    <section class="card" aria-labelledby="trials-running">
                        <h2 id="trials-running" class="card-title">{tv!(i18n, software.trials.running)}</h2>
                        {if running.is_empty() {
                            view! { <p class="empty">{tv!(i18n, software.trials.none_running)}</p> }.into_any()
                        } else {
                            view! { class=class, <ul class="product-list">{running.into_iter().map(|t| view! { <TrialRow trial=t /> }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                    <section class="card" aria-labelledby="trials-offers">
                        <h2 id="trials-offers" class="card-title">{tv!(i18n, software.trials.offers)}</h2>
                        {if offers.is_empty() {
                            view! { <p class="empty">{tv!(i18n, software.trials.none_offered)}</p> }.into_any()
                        } else {
                            view! { class=class, <ul class="cards">{offers.into_iter().map(|o| view! { <Offer offer=o start=start /> }).collect_view()}</ul> }.into_any()
                        }}
                    </section>
                    {(!ended.is_empty()).then(|| view! { class=class,
                        <section class="card" aria-labelledby="trials-ended">
                            <h2 id="trials-ended" class="card-title">{tv!(i18n, software.trials.ended_title)}</h2>
                            <ul class="product-list">{ended.into_iter().map(|t| view! { <TrialRow trial=t /> }).collect_view()}</ul>
                        </section>
                    })}
                }
            })
        })
    };
    view! {
        <Loaded on_retry=retry>
                {content}
            </Loaded>
    }
}

#[component]
fn TrialRow(trial: Trial) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let href = AppRoute::AccountSoftwareProduct {
        account: account.id.get_untracked(),
        code: trial.product_code.clone(),
        view: ProductView::default(),
    }
    .href();
    let ends = trial.ends_at.clone();
    let active = trial.active;
    let days = trial.days_left;
    view! { class=class,
        <li class="product-row">
            <div>
                <A href=href attr:class="product-name">{trial.product_name.clone()}</A>
                <p class="product-facts">
                    {move || {
                        let date = intl::format_date(text::tag(i18n), &ends);
                        if active { ts!(i18n, software.trials.ends_at, date = date) } else { ts!(i18n, software.trials.ended_at, date = date) }
                    }}
                </p>
            </div>
            {active.then(|| view! { class=class, <span class="badge badge-warning">{move || days_left(i18n, days)}</span> })}
            {(!active).then(|| view! { class=class, <span class="badge badge-muted">{tv!(i18n, software.trials.ended)}</span> })}
        </li>
    }
}

#[component]
fn Offer(
    offer: TrialOffer,
    /// Starts a trial (by product code).
    start: Action<String, api::ApiResult<Trial>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let code = offer.product_code.clone();
    let days = offer.days;
    let name = offer.product_name.clone();
    view! { class=class,
        <li class="product-card">
            <ProductTile code=offer.product_code.clone() icon=offer.icon.clone() />
            <div class="product-card-body">
                <h3 class="product-card-title">{offer.product_name.clone()}</h3>
                <p class="muted">{offer.description.clone()}</p>
                <button
                    type="button"
                    class="btn btn-primary btn-sm"
                    disabled=move || start.pending().get()
                    on:click=move |_| { start.dispatch(code.clone()); }
                >
                    {move || start_trial_label(i18n, days)}
                    <span class="visually-hidden">" · " {name.clone()}</span>
                </button>
            </div>
        </li>
    }
}
