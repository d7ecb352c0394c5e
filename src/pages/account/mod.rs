//! The frame of a customer account (its own chunk): the account chooser, and around every
//! page of an account its name, number, role, switcher and tabs. It provides the
//! [`CurrentAccount`] the pages read.

use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};
use leptos_router::hooks::{use_location, use_navigate, use_params_map};
use seatwise_api::AccountSummary;

use crate::account::{use_account, CurrentAccount};
use crate::components::guard::RequireUser;
use crate::components::load::{LoadFailed, Loading};
use crate::i18n::*;
use crate::pages::not_found::NotFound;
use crate::routes::{paths, AccountTab, AppRoute};
use crate::session::use_session;
use crate::text::{self, use_page_title};
use crate::texts::Ns;

mod routes;

use routes::AccountRoutes;

crate::area_pages! { seatwise_account, [Ns::Accounts, Ns::Software];
    Area(account_area_view) => AccountRoutes,
}

/// Where a member of an account starts: users for admins, their products for everyone else.
fn home_tab(summary: &AccountSummary) -> AccountTab {
    if summary.role.is_admin() {
        AccountTab::Users
    } else {
        AccountTab::Products
    }
}

/// `/accounts`: straight into the only account, or a choice between several.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.accounts.title).to_string());
    view! {
        <RequireUser>
            <AccountChooser />
        </RequireUser>
    }
}

#[component]
fn AccountChooser() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    move || match session.accounts.get() {
        None | Some(Ok(None)) => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! {
            <LoadFailed error=Some(error) on_retry=Callback::new(move |_| session.accounts.refetch()) />
        }
        .into_any(),
        Some(Ok(Some(mine))) if mine.accounts.len() == 1 => {
            let account = &mine.accounts[0];
            let href = AppRoute::Account {
                account: account.id.clone(),
                tab: home_tab(account),
            }
            .href();
            view! { <Redirect path=href /> }.into_any()
        }
        Some(Ok(Some(mine))) => {
            let items = mine
                .accounts
                .into_iter()
                .map(|account| {
                    let href = AppRoute::Account {
                        account: account.id.clone(),
                        tab: home_tab(&account),
                    }
                    .href();
                    let role = account.role;
                    let number = account.number.clone();
                    view! {
                        <li class="product-row">
                            <div>
                                <A href=href attr:class="product-name">{account.name.clone()}</A>
                                <p class="product-facts">
                                    {move || ts!(i18n, accounts.accounts.number, number = number.clone())}
                                    " · "
                                    {move || text::role_name(i18n, role)}
                                </p>
                            </div>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="container page page-medium">
                    <header class="page-header">
                        <h1>{tv!(i18n, accounts.accounts.title)}</h1>
                        <p class="muted">{tv!(i18n, accounts.accounts.choose)}</p>
                    </header>
                    <section class="card">
                        <ul class="product-list">{items}</ul>
                    </section>
                </div>
            }
            .into_any()
        }
    }
}

/// `/accounts/:account/...`: the account's header, switcher and tabs around the open view.
#[component]
pub fn AccountLayout() -> impl IntoView {
    view! {
        <RequireUser>
            <AccountFrame />
        </RequireUser>
    }
}

#[component]
fn AccountFrame() -> impl IntoView {
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get(paths::ACCOUNT_ID).unwrap_or_default()));
    let summary = Memo::new(move |_| {
        session.my_accounts().and_then(|mine| {
            id.with(|id| mine.accounts.into_iter().find(|a| &a.id == id))
        })
    });
    let account = CurrentAccount { id, summary };
    provide_context(account);
    // Which phase the account list is in; the frame only rebuilds when this changes.
    let known = Memo::new(move |_| match session.accounts.get() {
        None | Some(Ok(None)) => None,
        Some(Ok(Some(_))) => Some(summary.with(Option::is_some)),
        Some(Err(_)) => Some(false),
    });
    move || match known.get() {
        None => view! { <Loading /> }.into_any(),
        Some(false) => match session.accounts.get() {
            Some(Err(error)) => view! {
                <div class="container page">
                    <LoadFailed error=Some(error) on_retry=Callback::new(move |_| session.accounts.refetch()) />
                </div>
            }
            .into_any(),
            _ => view! { <NotFound /> }.into_any(),
        },
        Some(true) => view! {
            <div class="container page">
                <AccountHeader />
                <AccountTabs />
                <Outlet />
            </div>
        }
        .into_any(),
    }
}

/// Account name, number and role; a switcher when the person belongs to several accounts.
#[component]
fn AccountHeader() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let account = use_account();
    let location = use_location();
    let navigate = use_navigate();
    let name = move || account.summary.with(|s| s.as_ref().map(|s| s.name.clone()).unwrap_or_default());
    let meta = move || {
        account.summary.with(|s| {
            s.as_ref()
                .map(|s| {
                    format!(
                        "{} · {}",
                        ts!(i18n, accounts.accounts.number, number = s.number.clone()),
                        text::role_name(i18n, s.role)
                    )
                })
                .unwrap_or_default()
        })
    };
    let others = move || {
        session
            .my_accounts()
            .map(|mine| mine.accounts)
            .unwrap_or_default()
    };
    // The same view in the other account (its own home when the view is admin-only).
    let on_switch = move |ev: leptos::ev::Event| {
        let target = event_target_value(&ev);
        let Some(chosen) = others().into_iter().find(|a| a.id == target) else {
            return;
        };
        let here = location.pathname.get_untracked();
        let tab = [
            AccountTab::Home,
            AccountTab::Users,
            AccountTab::Products,
            AccountTab::Teams,
            AccountTab::Directory,
            AccountTab::Invitations,
            AccountTab::Import,
            AccountTab::Activity,
            AccountTab::Software,
            AccountTab::Requests,
            AccountTab::Trials,
            AccountTab::Packages,
            AccountTab::Subscriptions,
            AccountTab::Reports,
            AccountTab::Devices,
            AccountTab::Support,
        ]
        .into_iter()
        .find(|tab| here.contains(&format!("/{}", tab.segment())))
        .filter(|tab| {
            chosen.role.is_admin()
                || matches!(tab, AccountTab::Home | AccountTab::Products | AccountTab::Software | AccountTab::Trials | AccountTab::Support)
        })
        .unwrap_or_else(|| home_tab(&chosen));
        navigate(
            &AppRoute::Account {
                account: chosen.id,
                tab,
            }
            .href(),
            Default::default(),
        );
    };
    view! {
        <header class="area-header">
            <div>
                <h1>{name}</h1>
                <p class="area-meta">{meta}</p>
            </div>
            <Show when=move || { others().len() > 1 }>
                <div class="field switcher">
                    <label class="field-label" for="account-switcher">{tv!(i18n, accounts.accounts.switch)}</label>
                    <select
                        id="account-switcher"
                        class="input select"
                        on:change=on_switch.clone()
                        prop:value=move || account.id.get()
                    >
                        {move || others()
                            .into_iter()
                            .map(|a| {
                                let selected = a.id == account.id.get_untracked();
                                view! { <option value=a.id.clone() selected=selected>{a.name.clone()}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </Show>
        </header>
    }
}

/// The views of the account this person may open.
#[component]
fn AccountTabs() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let location = use_location();
    let tab = move |tab: AccountTab| {
        let href = move || {
            AppRoute::Account {
                account: account.id.get(),
                tab,
            }
            .href()
        };
        let current = move || {
            let href = href();
            location
                .pathname
                .with(|path| path == &href || path.starts_with(&format!("{href}/")))
                .then_some("page")
        };
        let label = move || match tab {
            AccountTab::Home => ts!(i18n, accounts.accounts.tab_home).to_string(),
            AccountTab::Users => ts!(i18n, accounts.accounts.tab_users).to_string(),
            AccountTab::Products if account.is_admin() => {
                ts!(i18n, accounts.accounts.tab_products).to_string()
            }
            AccountTab::Products => ts!(i18n, accounts.accounts.tab_my_products).to_string(),
            AccountTab::Teams => ts!(i18n, accounts.accounts.tab_teams).to_string(),
            AccountTab::Directory => ts!(i18n, accounts.accounts.tab_directory).to_string(),
            AccountTab::Invitations => ts!(i18n, accounts.accounts.tab_invitations).to_string(),
            AccountTab::Import => ts!(i18n, accounts.accounts.tab_import).to_string(),
            AccountTab::Activity => ts!(i18n, accounts.accounts.tab_activity).to_string(),
            AccountTab::Software => ts!(i18n, software.products.services_title).to_string(),
            AccountTab::Requests => ts!(i18n, software.requests.title).to_string(),
            AccountTab::Trials => ts!(i18n, software.trials.title).to_string(),
            AccountTab::Packages => ts!(i18n, software.packages.title).to_string(),
            AccountTab::Subscriptions => ts!(i18n, accounts.accounts.tab_subscriptions).to_string(),
            AccountTab::Reports => ts!(i18n, accounts.accounts.tab_reports).to_string(),
            AccountTab::Devices => ts!(i18n, accounts.accounts.tab_devices).to_string(),
            AccountTab::Support => ts!(i18n, accounts.accounts.tab_support).to_string(),
        };
        view! {
            <li>
                <A href=href attr:class="tab" attr:aria-current=current>{label}</A>
            </li>
        }
    };
    let tabs = move || {
        if account.is_admin() {
            vec![
                AccountTab::Home,
                AccountTab::Users,
                AccountTab::Products,
                AccountTab::Subscriptions,
                AccountTab::Software,
                AccountTab::Requests,
                AccountTab::Trials,
                AccountTab::Packages,
                AccountTab::Reports,
                AccountTab::Devices,
                AccountTab::Teams,
                AccountTab::Directory,
                AccountTab::Invitations,
                AccountTab::Import,
                AccountTab::Activity,
                AccountTab::Support,
            ]
        } else {
            vec![AccountTab::Home, AccountTab::Products, AccountTab::Software, AccountTab::Trials, AccountTab::Support]
        }
    };
    view! {
        <nav aria-label=move || ts!(i18n, accounts.accounts.sections)>
            <ul class="tabs">
                {move || tabs().into_iter().map(tab).collect_view()}
            </ul>
        </nav>
    }
}

/// `/accounts/:account`: the person's home view of the account.
#[component]
pub fn AccountHome() -> impl IntoView {
    let account = use_account();
    move || {
        account.summary.get().map(|summary| {
            let href = AppRoute::Account {
                account: summary.id.clone(),
                tab: home_tab(&summary),
            }
            .href();
            view! { <Redirect path=href /> }
        })
    }
}

