//! `/accounts/:account/users`: search, filter and sort the members; everything in the URL.

use std::collections::HashMap;

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{Member, MemberPage, MemberRole, MemberSort, MemberStatus};

use super::role_options;
use crate::components::table::{Column, DataTable};
use crate::account::{use_account, AdminOnly};
use crate::api;
use crate::components::load::Loaded;
use crate::components::select::SelectField;
use crate::i18n::*;
use crate::routes::{AccountTab, AppRoute, UserFilters};
use crate::text::{self, use_page_title};

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.users.title).to_string());
    view! {
        <AdminOnly>
            <Users />
        </AdminOnly>
    }
}

/// The members of the account: export and invite links, search, filters and the list.
#[component]
fn Users() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| query.with(UserFilters::from_query));
    let members = LocalResource::new(move || {
        api::list_members(account.id.get(), filters.with(UserFilters::query_string))
    });
    let teams = LocalResource::new(move || api::list_teams(account.id.get()));
    let subscriptions = LocalResource::new(move || api::list_subscriptions(account.id.get()));
    let team_names: Signal<Vec<(String, String)>> = Signal::derive(move || match teams.get() {
        Some(Ok(list)) => list.teams.into_iter().map(|t| (t.id, t.name)).collect(),
        _ => Vec::new(),
    });
    let product_names = Memo::new(move |_| match subscriptions.get() {
        Some(Ok(list)) => list
            .subscriptions
            .into_iter()
            .map(|s| (s.id, s.product_name))
            .collect::<HashMap<_, _>>(),
        _ => HashMap::new(),
    });

    // Every change of the view is a navigation: the URL is the state.
    let go = Callback::new(move |filters: UserFilters| {
        navigate(
            &AppRoute::AccountUsers {
                account: account.id.get_untracked(),
                filters,
            }
            .href(),
            Default::default(),
        )
    });
    let retry = Callback::new(move |_| members.refetch());
    let export_csv = move || {
        filters.with(|f| api::members_export_href(&account.id.get(), f, api::ExportFormat::Csv))
    };
    let export_xlsx = move || {
        filters.with(|f| api::members_export_href(&account.id.get(), f, api::ExportFormat::Xlsx))
    };
    let list = move || {
        members.get().map(|result| {
            result.map(|page| {
                // Drawn again when the filters change too: the pager's links depend on them.
                filters.track();
                view! { <MemberList page=page filters=filters product_names=product_names /> }
            })
        })
    };

    view! {
        <section class="card">
            <div class="section-head">
                <h2>{tv!(i18n, accounts.users.title)}</h2>
                <div class="cell-actions">
                    // Downloads of what the list shows: the same filters, every page.
                    <a href=export_csv download class="btn btn-secondary btn-sm">{tv!(i18n, accounts.users.export_csv)}</a>
                    <a href=export_xlsx download class="btn btn-secondary btn-sm">{tv!(i18n, accounts.users.export_xlsx)}</a>
                    <A
                        href=move || AppRoute::Account { account: account.id.get(), tab: AccountTab::Import }.href()
                        attr:class="btn btn-secondary btn-sm"
                    >
                        {tv!(i18n, accounts.users.import)}
                    </A>
                    <A
                        href=move || AppRoute::Account { account: account.id.get(), tab: AccountTab::Invitations }.href()
                        attr:class="btn btn-primary btn-sm"
                    >
                        {tv!(i18n, accounts.users.invite)}
                    </A>
                </div>
            </div>
            <UserSearch filters=filters go=go />
            <div class="toolbar">
                <UserFilterBar filters=filters team_names=team_names product_names=product_names go=go />
            </div>
            <Loaded on_retry=retry>
                    {list}
                </Loaded>
        </section>
    }
}

/// The search form: what was searched stays in the box; a search starts at the first page.
#[component]
fn UserSearch(
    /// The list's filters (the URL).
    filters: Memo<UserFilters>,
    /// Shows the list with other filters.
    go: Callback<UserFilters>,
) -> impl IntoView {
    let i18n = use_i18n();
    let search_ref = NodeRef::<Input>::new();
    let on_search = move |ev: SubmitEvent| {
        ev.prevent_default();
        let text = search_ref
            .get_untracked()
            .map(|input| input.value().trim().to_owned())
            .unwrap_or_default();
        let mut next = filters.get_untracked();
        next.q = (!text.is_empty()).then_some(text);
        next.cursor = None;
        go.run(next);
    };
    view! {
        <form class="toolbar" role="search" on:submit=on_search>
            <div class="field field-search">
                <label class="field-label" for="user-search">{tv!(i18n, accounts.users.search)}</label>
                <div class="search-row">
                    <input
                        id="user-search"
                        class="input"
                        type="search"
                        node_ref=search_ref
                        prop:value=move || filters.with(|f| f.q.clone().unwrap_or_default())
                    />
                    <button type="submit" class="btn btn-primary">{tv!(i18n, accounts.users.search_button)}</button>
                </div>
            </div>
        </form>
    }
}

/// The filters (team, role, product, status) and the sort order; a change starts at the first page.
#[component]
fn UserFilterBar(
    /// The list's filters (the URL).
    filters: Memo<UserFilters>,
    /// Id and name of the account's teams.
    team_names: Signal<Vec<(String, String)>>,
    /// The product name of each subscription of the account.
    product_names: Memo<HashMap<String, String>>,
    /// Shows the list with other filters.
    go: Callback<UserFilters>,
) -> impl IntoView {
    let i18n = use_i18n();
    // A filter changed: back to the first page.
    let set = move |change: &dyn Fn(&mut UserFilters)| {
        let mut next = filters.get_untracked();
        change(&mut next);
        next.cursor = None;
        go.run(next);
    };
    let set_team = Callback::new(move |v: Option<String>| set(&|f| f.team = v.clone()));
    let set_role = Callback::new(move |v: Option<MemberRole>| set(&|f| f.role = v));
    let set_product = Callback::new(move |v: Option<String>| set(&|f| f.subscription = v.clone()));
    let set_status = Callback::new(move |v: Option<MemberStatus>| set(&|f| f.status = v));
    let set_sort = Callback::new(move |v: Option<MemberSort>| set(&|f| f.sort = v.filter(|s| *s != MemberSort::Name)));
    let product_options = move || {
        let mut options: Vec<(String, String)> = product_names.get().into_iter().collect();
        options.sort_by(|a, b| a.1.cmp(&b.1));
        options
    };
    let any = Signal::derive(move || ts!(i18n, accounts.users.any).to_string());
    let team_choices = Signal::derive(move || {
        let mut options = vec![("none".to_owned(), ts!(i18n, accounts.users.no_team).to_string())];
        options.extend(team_names.get());
        options
    });
    let role_choices = Signal::derive(move || role_options(i18n));
    let status_choices = Signal::derive(move || {
        [MemberStatus::Active, MemberStatus::Unconfirmed].into_iter().map(|s| (s, text::member_status_name(i18n, s))).collect()
    });
    let sort_choices = Signal::derive(move || {
        vec![
            (MemberSort::Email, ts!(i18n, accounts.users.sort_email).to_string()),
            (MemberSort::LastSignIn, ts!(i18n, accounts.users.sort_last_sign_in).to_string()),
        ]
    });
    view! {
        <SelectField id="filter-team" label=Signal::derive(move || ts!(i18n, accounts.users.team).to_string()) empty=any
            options=team_choices value=Signal::derive(move || filters.with(|f| f.team.clone())) on_change=set_team />
        <SelectField id="filter-role" label=Signal::derive(move || ts!(i18n, accounts.users.role).to_string()) empty=any
            options=role_choices value=Signal::derive(move || filters.with(|f| f.role)) on_change=set_role />
        <SelectField id="filter-product" label=Signal::derive(move || ts!(i18n, accounts.users.product).to_string()) empty=any
            options=Signal::derive(product_options) value=Signal::derive(move || filters.with(|f| f.subscription.clone())) on_change=set_product />
        <SelectField id="filter-status" label=Signal::derive(move || ts!(i18n, accounts.users.status).to_string()) empty=any
            options=status_choices value=Signal::derive(move || filters.with(|f| f.status)) on_change=set_status />
        <SelectField id="sort" label=Signal::derive(move || ts!(i18n, accounts.users.sort).to_string())
            empty=Signal::derive(move || ts!(i18n, accounts.users.sort_name).to_string())
            options=sort_choices value=Signal::derive(move || filters.with(|f| f.sort.filter(|s| *s != MemberSort::Name))) on_change=set_sort />
    }
}

/// One page of members: the table (or why it is empty) and the links to the first and next page.
#[component]
fn MemberList(
    /// The page the server sent.
    page: MemberPage,
    /// The list's filters (the URL).
    filters: Memo<UserFilters>,
    /// The product name of each subscription of the account.
    product_names: Memo<HashMap<String, String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let next = page.next_cursor.clone();
    let count = page.members.len();
    let rows = page
        .members
        .into_iter()
        .map(|member| view! { <MemberRow member=member product_names=product_names /> })
        .collect_view();
    let empty = move || {
        if filters.with(UserFilters::is_filtered) {
            ts!(i18n, accounts.users.empty_filtered).to_string()
        } else {
            ts!(i18n, accounts.users.empty).to_string()
        }
    };
    let has_rows = next.is_some() || filters.with(|f| f.cursor.is_some());
    let next_href = next.map(|cursor| {
        let mut f = filters.get_untracked();
        f.cursor = Some(cursor);
        AppRoute::AccountUsers { account: account.id.get_untracked(), filters: f }.href()
    });
    let first_href = filters.with_untracked(|f| f.cursor.is_some()).then(|| {
        let mut f = filters.get_untracked();
        f.cursor = None;
        AppRoute::AccountUsers { account: account.id.get_untracked(), filters: f }.href()
    });
    view! {
        {if count == 0 && !has_rows {
            view! { <p class="empty">{empty}</p> }.into_any()
        } else {
            view! {
                <DataTable columns=vec![
                    Column::new(tv!(i18n, accounts.users.name)),
                    Column::new(tv!(i18n, accounts.users.email)),
                    Column::new(tv!(i18n, accounts.users.team)),
                    Column::new(tv!(i18n, accounts.users.role)),
                    Column::new(tv!(i18n, accounts.users.status)),
                    Column::new(tv!(i18n, accounts.users.products)),
                ]>
                    {rows}
                </DataTable>
            }
            .into_any()
        }}
        <nav class="pager" aria-label=move || ts!(i18n, accounts.users.pages)>
            {first_href.map(|href| view! { <A href=href attr:class="btn btn-secondary btn-sm">{tv!(i18n, accounts.users.first_page)}</A> })}
            {next_href.map(|href| view! { <A href=href attr:class="btn btn-secondary btn-sm">{tv!(i18n, accounts.users.next_page)}</A> })}
        </nav>
    }
}

#[component]
fn MemberRow(member: Member, product_names: Memo<HashMap<String, String>>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let href = AppRoute::AccountMember {
        account: account.id.get_untracked(),
        user: member.user_id.clone(),
    }
    .href();
    let name = text::person_name(i18n, &member.first_name, &member.last_name);
    let role = member.role;
    let status = member.status;
    let team = (!member.teams.is_empty()).then(|| member.teams.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", "));
    let waiting = !member.waiting_subscription_ids.is_empty();
    let ids = member.subscription_ids.clone();
    let products = move || {
        let names = product_names.get();
        let mut list: Vec<String> = ids.iter().filter_map(|id| names.get(id).cloned()).collect();
        list.sort();
        list.into_iter()
            .map(|name| view! { <li class="tag">{name}</li> })
            .collect_view()
    };
    view! {
        <tr>
            <td><A href=href>{name}</A></td>
            <td class="break">{member.email.clone()}</td>
            <td>{move || team.clone().unwrap_or_else(|| ts!(i18n, accounts.users.no_team).to_string())}</td>
            <td>{move || text::role_name(i18n, role)}</td>
            <td>
                <span class="badge" class:badge-success=status == MemberStatus::Active class:badge-warning=status != MemberStatus::Active>
                    {move || text::member_status_name(i18n, status)}
                </span>
            </td>
            <td>
                <ul class="tag-list">{products}</ul>
                {waiting.then(|| view! { <span class="badge badge-warning">{move || ts!(i18n, accounts.users.waiting)}</span> })}
            </td>
        </tr>
    }
}
