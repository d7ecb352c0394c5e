//! `/accounts/:account/home`: a member's home page of the account. Everyone sees product
//! updates (new ones marked), their open support cases and requests, help links and renewals
//! coming up; admins also the account's seats, subscriptions in the renewal window, pending
//! invitations and the latest activity.

use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{AccountHome, AdminHome, LicenceRequest, ProductUpdate, RenewalNotice, SupportCase};

use super::{case_status_badge, case_status_name, home_class, update_kind_name, HelpLinkList};
use crate::account::use_account;
use crate::api;
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::intl;
use crate::routes::{AccountTab, AppRoute, ProductTab, ProductView};
use crate::text::{self, use_page_title, I18n};

#[component]
pub fn AccountHomePage() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    use_page_title(move || ts!(i18n, home.home.title).to_string());
    let home = LocalResource::new(move || api::account_home(account.id.get()));
    let retry = Callback::new(move |_| home.refetch());
    let content = move || home.get().map(|result| result.map(|home| view! { <HomeBlocks home=home /> }));
    view! {
        <h2 class="visually-hidden">{tv!(i18n, home.home.title)}</h2>
        <div aria-live="polite" aria-busy=move || home.get().is_none().to_string()>
            <Loaded on_retry=retry>{content}</Loaded>
        </div>
    }
}

/// Every block of the home page, from one answer.
#[component]
fn HomeBlocks(home: AccountHome) -> impl IntoView {
    let class = home_class();
    let i18n = use_i18n();
    let AccountHome { updates, cases, requests, help_links, renewals, admin } = home;
    let help = if help_links.is_empty() {
        view! { <p class="empty">{tv!(i18n, home.home.help_empty)}</p> }.into_any()
    } else {
        view! { <HelpLinkList links=help_links /> }.into_any()
    };
    view! { class=class,
        <div class="home-grid">
            <Updates updates=updates />
            <CasesAndRequests cases=cases requests=requests />
            <section class="card home-block" aria-labelledby="home-help">
                <h2 id="home-help" class="card-title">{tv!(i18n, home.home.help_title)}</h2>
                {help}
            </section>
            <Renewals renewals=renewals />
        </div>
        {admin.map(|admin| view! { <AdminBlocks admin=admin /> })}
    }
}

fn date(i18n: I18n, rfc3339: &str) -> String {
    intl::format_date(text::tag(i18n), rfc3339)
}

/// Updates of the person's products, newest first; those published since the last visit are
/// marked new. Each links to the product's downloads.
#[component]
fn Updates(updates: Vec<ProductUpdate>) -> impl IntoView {
    let class = home_class();
    let i18n = use_i18n();
    let account = use_account();
    let body = if updates.is_empty() {
        view! { <p class="empty">{tv!(i18n, home.home.updates_empty)}</p> }.into_any()
    } else {
        let items = updates
            .into_iter()
            .map(|u| {
                let href = AppRoute::AccountSoftwareProduct {
                    account: account.id.get_untracked(),
                    code: u.product_code.clone(),
                    view: ProductView { tab: Some(ProductTab::Downloads), version: Some(u.version.clone()), ..Default::default() },
                }
                .href();
                let (product, version, published) = (u.product_name.clone(), u.version.clone(), u.published_at.clone());
                let kind = u.kind;
                let file = u.file_title.clone().map(|t| view! { class=class, <span class="muted">{t}</span> });
                let note = (!u.note.is_empty()).then(|| view! { class=class, <p class="prose">{u.note.clone()}</p> });
                view! { class=class,
                    <li class="home-item update" data-new=u.is_new.to_string()>
                        <A href=href>
                            {move || ts!(i18n, home.home.update_heading, product = product.clone(), version = version.clone())}
                        </A>
                        {u.is_new.then(|| view! { class=class, <span class="badge badge-success">{tv!(i18n, home.home.new_badge)}</span> })}
                        <span class="tag">{move || update_kind_name(i18n, kind)}</span>
                        {file}
                        <p class="muted">{move || ts!(i18n, home.home.published_on, date = date(i18n, &published))}</p>
                        {note}
                    </li>
                }
            })
            .collect_view();
        view! { class=class, <ul class="home-list">{items}</ul> }.into_any()
    };
    view! { class=class,
        <section class="card home-block" aria-labelledby="home-updates">
            <h2 id="home-updates" class="card-title">{tv!(i18n, home.home.updates_title)}</h2>
            {body}
        </section>
    }
}

/// The person's open support cases (an admin's: the account's) and licence requests.
#[component]
fn CasesAndRequests(cases: Vec<SupportCase>, requests: Vec<LicenceRequest>) -> impl IntoView {
    let class = home_class();
    let i18n = use_i18n();
    let account = use_account();
    let id = account.id.get_untracked();
    let empty = cases.is_empty() && requests.is_empty();
    let case_items = (!cases.is_empty()).then(|| {
        let items = cases
            .into_iter()
            .map(|c| {
                let href = AppRoute::AccountCase { account: id.clone(), case: c.id.clone() }.href();
                let status = c.status;
                let (number, subject) = (c.number.clone(), c.subject.clone());
                view! { class=class,
                    <li class="home-item">
                        <A href=href>{move || ts!(i18n, home.home.case_line, number = number.clone(), subject = subject.clone())}</A>
                        <span class=case_status_badge(status)>{move || case_status_name(i18n, status)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { class=class,
            <h3 class="subhead">{tv!(i18n, home.home.cases_list)}</h3>
            <ul class="home-list">{items}</ul>
        }
    });
    let request_items = (!requests.is_empty()).then(|| {
        let items = requests
            .into_iter()
            .map(|r| {
                let status = r.status;
                let (number, product) = (r.number.clone(), r.product_name.clone());
                let href = AppRoute::AccountRequests { account: id.clone(), status: None }.href();
                view! { class=class,
                    <li class="home-item">
                        <A href=href>{move || ts!(i18n, home.home.request_line, number = number.clone(), product = product.clone())}</A>
                        <span class="badge">{move || crate::pages::products::request_status_name(i18n, status)}</span>
                    </li>
                }
            })
            .collect_view();
        view! { class=class,
            <h3 class="subhead">{tv!(i18n, home.home.requests_list)}</h3>
            <ul class="home-list">{items}</ul>
        }
    });
    let new_case = AppRoute::AccountNewCase { account: id.clone() }.href();
    let all_cases = AppRoute::AccountSupport { account: id.clone(), filters: Default::default() }.href();
    let all_requests = AppRoute::AccountRequests { account: id.clone(), status: None }.href();
    view! { class=class,
        <section class="card home-block" aria-labelledby="home-cases">
            <h2 id="home-cases" class="card-title">{tv!(i18n, home.home.cases_title)}</h2>
            {empty.then(|| view! { <p class="empty">{tv!(i18n, home.home.cases_empty)}</p> })}
            {case_items}
            {request_items}
            <div class="home-links">
                <A href=new_case attr:class="btn btn-primary btn-sm">{tv!(i18n, home.home.open_case)}</A>
                <A href=all_cases>{tv!(i18n, home.home.all_cases)}</A>
                <A href=all_requests>{tv!(i18n, home.home.all_requests)}</A>
            </div>
        </section>
    }
}

/// One renewal: product, contract, end date and days left; admins get a link to it.
fn renewal_item(i18n: I18n, account: &str, r: RenewalNotice, link: bool) -> impl IntoView {
    let class = home_class();
    let (product, contract, end) = (r.product_name.clone(), r.contract_number.clone(), r.end_date.clone());
    let line = move || {
        ts!(i18n, home.home.renewal_line, product = product.clone(), contract = contract.clone(), date = intl::format_plain_date(text::tag(i18n), &end))
    };
    let days = r.days_left.max(0) as usize;
    let text = if link {
        let href = AppRoute::AccountBilling { account: account.to_owned(), subscription: r.subscription_id.clone() }.href();
        view! { <A href=href>{line}</A> }.into_any()
    } else {
        view! { <span>{line}</span> }.into_any()
    };
    view! { class=class,
        <li class="home-item">
            {text}
            <span class="badge badge-warning">{move || ts_plural!(i18n, days, home.home.days_left)}</span>
            {r.auto_renew.then(|| view! { class=class, <span class="muted">{tv!(i18n, home.home.auto_renews)}</span> })}
        </li>
    }
}

/// Subscriptions the person holds a seat of that end within 30 days.
#[component]
fn Renewals(renewals: Vec<RenewalNotice>) -> impl IntoView {
    let class = home_class();
    let i18n = use_i18n();
    let account = use_account();
    let link = account.is_admin();
    let id = account.id.get_untracked();
    let body = if renewals.is_empty() {
        view! { <p class="empty">{tv!(i18n, home.home.renewals_empty)}</p> }.into_any()
    } else {
        let items = renewals.into_iter().map(|r| renewal_item(i18n, &id, r, link)).collect_view();
        view! { class=class, <ul class="home-list">{items}</ul> }.into_any()
    };
    view! { class=class,
        <section class="card home-block" aria-labelledby="home-renewals">
            <h2 id="home-renewals" class="card-title">{tv!(i18n, home.home.renewals_title)}</h2>
            {body}
        </section>
    }
}

/// What admins see besides: seats, the renewal window, invitations, activity.
#[component]
fn AdminBlocks(admin: AdminHome) -> impl IntoView {
    let class = home_class();
    let i18n = use_i18n();
    let account = use_account();
    let id = account.id.get_untracked();
    let AdminHome { seats, renewals, invitations, pending_invitations, activity } = admin;
    let seats_body = if seats.is_empty() {
        view! { <p class="empty">{tv!(i18n, home.home.seats_empty)}</p> }.into_any()
    } else {
        let items = seats
            .into_iter()
            .map(|s| {
                let (used, total) = (s.used.max(0) as usize, s.seats.max(0) as usize);
                view! { class=class,
                    <li class="home-item">
                        <span>{s.product_name.clone()}</span>
                        <meter min="0" max=total.to_string() value=used.to_string() aria-label=s.product_name.clone()></meter>
                        <span class="muted">{move || ts!(i18n, home.home.seats_used, used = text::number(i18n, used), total = text::number(i18n, total))}</span>
                    </li>
                }
            })
            .collect_view();
        view! { class=class, <ul class="home-list">{items}</ul> }.into_any()
    };
    let renewals_body = if renewals.is_empty() {
        view! { <p class="empty">{tv!(i18n, home.home.admin_renewals_empty)}</p> }.into_any()
    } else {
        let items = renewals.into_iter().map(|r| renewal_item(i18n, &id, r, true)).collect_view();
        view! { class=class, <ul class="home-list">{items}</ul> }.into_any()
    };
    let pending = pending_invitations as usize;
    let invitations_body = if pending == 0 {
        view! { <p class="empty">{tv!(i18n, home.home.invitations_empty)}</p> }.into_any()
    } else {
        let items = invitations
            .into_iter()
            .map(|inv| {
                let (at, expires) = (inv.invited_at.clone(), inv.expires_at.clone());
                view! { class=class,
                    <li class="home-item">
                        <span>{inv.email.clone()}</span>
                        <p class="muted">{move || ts!(i18n, home.home.invited_on, date = date(i18n, &at), expires = date(i18n, &expires))}</p>
                    </li>
                }
            })
            .collect_view();
        view! { class=class,
            <p data-testid="pending-invitations">{move || ts_plural!(i18n, pending, home.home.invitations_count)}</p>
            <ul class="home-list">{items}</ul>
        }
        .into_any()
    };
    let activity_body = if activity.is_empty() {
        view! { <p class="empty">{tv!(i18n, home.home.activity_empty)}</p> }.into_any()
    } else {
        let items = activity
            .into_iter()
            .map(|a| {
                let (action, actor, at) = (a.action.clone(), a.actor_email.clone(), a.at.clone());
                view! { class=class,
                    <li class="home-item">
                        <span>{move || text::activity_action_name(i18n, &action)}</span>
                        <p class="muted">{move || ts!(i18n, home.home.activity_by, actor = actor.clone(), date = date(i18n, &at))}</p>
                    </li>
                }
            })
            .collect_view();
        view! { class=class, <ul class="home-list">{items}</ul> }.into_any()
    };
    let users = AppRoute::AccountUsers { account: id.clone(), filters: Default::default() }.href();
    let contracts = AppRoute::AccountContracts { account: id.clone(), filters: Default::default() }.href();
    let invitations_href = AppRoute::Account { account: id.clone(), tab: AccountTab::Invitations }.href();
    let activity_href = AppRoute::AccountActivity { account: id.clone(), filters: Default::default() }.href();
    view! { class=class,
        <section class="home-admin" aria-labelledby="home-admin">
            <h2 id="home-admin" class="subhead">{tv!(i18n, home.home.admin_title)}</h2>
            <div class="home-grid">
                <section class="card home-block" aria-labelledby="home-seats">
                    <h3 id="home-seats" class="card-title">{tv!(i18n, home.home.seats_title)}</h3>
                    {seats_body}
                    <div class="home-links"><A href=users>{tv!(i18n, home.home.assign_seats)}</A></div>
                </section>
                <section class="card home-block" aria-labelledby="home-admin-renewals">
                    <h3 id="home-admin-renewals" class="card-title">{tv!(i18n, home.home.admin_renewals_title)}</h3>
                    {renewals_body}
                    <div class="home-links"><A href=contracts>{tv!(i18n, home.home.all_subscriptions)}</A></div>
                </section>
                <section class="card home-block" aria-labelledby="home-invitations">
                    <h3 id="home-invitations" class="card-title">{tv!(i18n, home.home.invitations_title)}</h3>
                    {invitations_body}
                    <div class="home-links"><A href=invitations_href>{tv!(i18n, home.home.all_invitations)}</A></div>
                </section>
                <section class="card home-block" aria-labelledby="home-activity">
                    <h3 id="home-activity" class="card-title">{tv!(i18n, home.home.activity_title)}</h3>
                    {activity_body}
                    <div class="home-links"><A href=activity_href>{tv!(i18n, home.home.all_activity)}</A></div>
                </section>
            </div>
        </section>
    }
}
