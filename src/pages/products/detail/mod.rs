//! `/accounts/:account/software/:code`: one product: seats, licence, end date and versions;
//! downloads, activation data and updates in tabs, and the "More actions" menu with the licence
//! requests that apply. The tab and the downloads' version, platform and language are in the
//! query (`?tab=downloads&version=2026&platform=macos&language=sl`).

mod actions;
mod activations;
mod downloads;
mod install;
mod updates;
mod whats_new;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use leptos_router::NavigateOptions;
use seatwise_api::ProductDetail;

use super::{area_class, days_left, start_trial_label, use_start_trial, ProductTile};
use crate::account::use_account;
use crate::api::{self, ApiResult};
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::intl;
use crate::components::select::SelectField;
use crate::routes::{paths, AppRoute, ProductTab as Tab, ProductView, SoftwareFilters};
use crate::text::{self, use_page_title};

/// Shows this product in another view: the query changes, the page stays where it is.
pub(super) fn use_show_view() -> impl Fn(ProductView) + Clone + 'static {
    let navigate = use_navigate();
    let account = use_account();
    let params = use_params_map();
    move |view: ProductView| {
        let href = AppRoute::AccountSoftwareProduct {
            account: account.id.get_untracked(),
            code: params.with_untracked(|p| p.get(paths::PRODUCT_CODE).unwrap_or_default()),
            view,
        }
        .href();
        navigate(&href, NavigateOptions { scroll: false, ..Default::default() });
    }
}

#[component]
pub fn ProductDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get(paths::PRODUCT_CODE).unwrap_or_default()));
    let start_trial = use_start_trial();
    let detail = LocalResource::new(move || {
        start_trial.version().track();
        api::get_account_product(account.id.get(), code.get())
    });
    let title = Memo::new(move |_| match detail.get() {
        Some(Ok(d)) => Some(d.name),
        _ => None,
    });
    use_page_title(move || title.get().unwrap_or_else(|| ts!(i18n, software.products.services_title).to_string()));
    let retry = Callback::new(move |_| detail.refetch());
    let back = move || {
        AppRoute::AccountSoftware { account: account.id.get(), filters: SoftwareFilters::default() }.href()
    };
    let content = move || {
        detail.get().map(|result| result.map(|d| view! { <DetailView detail=d start_trial=start_trial /> }))
    };
    view! {
        <A href=back attr:class="back-link">{tv!(i18n, software.products.back_to_services)}</A>
        <Loaded on_retry=retry>
                {content}
            </Loaded>
    }
}

#[component]
fn DetailView(
    detail: ProductDetail,
    /// Starts a trial of a product (by code).
    start_trial: Action<String, ApiResult<seatwise_api::Trial>>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let query = use_query_map();
    let view = Memo::new(move |_| query.with(ProductView::from_query));
    let tab = Memo::new(move |_| view.with(|v| v.tab).unwrap_or_default());
    let detail = StoredValue::new(detail);
    let d = detail.get_value();
    // The version of the downloads and updates: the one in the URL if the person may use it,
    // otherwise the newest.
    let version = Memo::new(move |_| {
        let wanted = view.with(|v| v.version.clone());
        detail.with_value(|d| {
            wanted
                .filter(|w| d.releases.iter().any(|r| &r.version == w))
                .or_else(|| d.releases.first().map(|r| r.version.clone()))
                .unwrap_or_default()
        })
    });
    let release = Memo::new(move |_| {
        detail.with_value(|d| d.releases.iter().find(|r| version.with(|v| &r.version == v)).cloned())
    });
    let can_try = d.trial_days > 0 && d.trial.is_none() && !d.entitled;
    let trial_days = d.trial_days;
    let entitled = d.entitled;
    let trial_code = d.code.clone();
    view! { class=class,
        <ProductSummary detail=detail />
        {if entitled {
            view! { class=class,
                <nav aria-label=move || ts!(i18n, software.products.tabs_label)>
                    <ul class="tabs">
                        {Tab::ALL.into_iter().map(|t| view! { <TabLink tab=t current=tab view=view /> }).collect_view()}
                    </ul>
                </nav>
                <section class="card">
                    {move || match tab.get() {
                        Tab::Downloads => view! { <downloads::Downloads detail=detail view=view version=version release=release /> }.into_any(),
                        Tab::Activation => view! { <activations::Activations detail=detail /> }.into_any(),
                        Tab::Updates => view! { <updates::Updates detail=detail view=view version=version release=release /> }.into_any(),
                    }}
                </section>
                <whats_new::WhatsNew code=trial_code.clone() />
            }
            .into_any()
        } else {
            view! { class=class,
                <section class="card" aria-labelledby="not-entitled">
                    <h2 id="not-entitled" class="card-title">{tv!(i18n, software.products.not_entitled_title)}</h2>
                    <p class="alert alert-info" data-testid="not-entitled">{tv!(i18n, core.errors.not_entitled)}</p>
                    {can_try.then(|| {
                        let code = trial_code.clone();
                        view! { class=class,
                            <button
                                type="button"
                                class="btn btn-primary"
                                disabled=move || start_trial.pending().get()
                                on:click=move |_| { start_trial.dispatch(code.clone()); }
                            >
                                {move || start_trial_label(i18n, trial_days)}
                            </button>
                        }
                    })}
                </section>
            }
            .into_any()
        }}
    }
}

/// The product's card: name, description, what the company has of it (licence, seats, end
/// date per contract) and which versions it includes.
#[component]
fn ProductSummary(detail: StoredValue<ProductDetail>) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let d = detail.get_value();
    let code = d.code.clone();
    let facts = d
        .coverage
        .iter()
        .map(|c| {
            let c = c.clone();
            let seats = (c.seats_used, c.seats);
            let tag = move || text::tag(i18n);
            view! { class=class,
                <div class="fact-card">
                    <dl class="facts">
                        <div class="fact">
                            <dt>{tv!(i18n, software.products.licence_type)}</dt>
                            <dd>{move || text::licence_name(i18n, c.licence_type)}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, software.products.seats)}</dt>
                            <dd>{move || text::seats(i18n, seats.0, seats.1)}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, software.products.end_date)}</dt>
                            <dd>{move || intl::format_plain_date(tag(), &c.end_date)}</dd>
                        </div>
                        <div class="fact">
                            <dt>{tv!(i18n, software.products.contract_label)}</dt>
                            <dd>{c.contract_number.clone()}</dd>
                        </div>
                    </dl>
                    {(c.via_code != code).then(|| {
                        let via = c.via_name.clone();
                        view! { class=class, <p class="via">{move || ts!(i18n, software.products.via_collection, collection = via.clone())}</p> }
                    })}
                </div>
            }
        })
        .collect_view();
    let versions = {
        let mine: Vec<String> = d.releases.iter().map(|r| r.version.clone()).collect();
        let others = d.other_versions.clone();
        view! { class=class,
            <div class="versions">
                <h3 class="small-title">{tv!(i18n, software.products.versions)}</h3>
                <ul class="tag-list">
                    {mine.into_iter().map(|v| view! { <li class="tag">{v}</li> }).collect_view()}
                    {others.into_iter().map(|v| view! { class=class,
                        <li class="tag tag-off">{v} " · " {tv!(i18n, software.products.version_not_included)}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
    };
    let trial_note = d.trial.clone().map(|t| {
        let ended = !t.active;
        view! { class=class,
            <p class="badge badge-warning">
                {tv!(i18n, software.trials.badge)} " · "
                {move || if ended { ts!(i18n, software.trials.ended).to_string() } else { days_left(i18n, t.days_left) }}
            </p>
        }
    });
    view! { class=class,
        <section class="card" aria-labelledby="product-name">
            <div class="product-head">
                <ProductTile code=d.code.clone() icon=d.icon.clone() />
                <div class="product-head-text">
                    <h2 id="product-name" class="card-title">{d.name.clone()}</h2>
                    <p class="muted">{d.description.clone()}</p>
                    {trial_note}
                </div>
                <actions::MoreActions detail=detail />
            </div>
            <div class="fact-cards">{facts}</div>
            {versions}
        </section>
    }
}

/// A tab of the product (a link: the tab lives in the URL, with the other choices kept).
#[component]
fn TabLink(
    /// The tab this link opens.
    tab: Tab,
    /// The tab shown now.
    current: Memo<Tab>,
    /// The view in the URL now.
    view: Memo<ProductView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let params = use_params_map();
    let href = move || {
        AppRoute::AccountSoftwareProduct {
            account: account.id.get(),
            code: params.with(|p| p.get(paths::PRODUCT_CODE).unwrap_or_default()),
            view: ProductView { tab: Some(tab), ..view.get() },
        }
        .href()
    };
    let label = move || match tab {
        Tab::Downloads => ts!(i18n, software.products.tab_downloads),
        Tab::Activation => ts!(i18n, software.products.tab_activation),
        Tab::Updates => ts!(i18n, software.products.tab_updates),
    };
    view! {
        <li>
            <a href=href class="tab" aria-current=move || (current.get() == tab).then_some("page")>{label}</a>
        </li>
    }
}

/// The choice of a version of the product, for the downloads and updates tabs.
#[component]
fn VersionSelect(
    id: &'static str,
    detail: StoredValue<ProductDetail>,
    /// The chosen version.
    version: Memo<String>,
    on_change: Callback<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <SelectField
            id=id
            label=Signal::derive(move || ts!(i18n, software.products.choose_version).to_string())
            options=Signal::derive(move || {
                detail.with_value(|d| d.releases.iter().map(|r| (r.version.clone(), r.version.clone())).collect())
            })
            value=Signal::derive(move || Some(version.get()))
            on_change=on_change
        />
    }
}
