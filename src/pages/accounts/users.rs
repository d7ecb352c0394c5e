//! `/accounts/:account/users`: search, filter and sort the members; everything in the URL.

use std::collections::HashMap;

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{Member, MemberStatus};

use super::{role_options, use_account, AdminOnly};
use crate::api;
use crate::components::load::{LoadErrors, Loading};
use crate::i18n::*;
use crate::routes::{AccountTab, AppRoute, UserFilters};
use crate::text::{self, use_page_title};

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || t_string!(i18n, users.title).to_string());
    view! {
        <AdminOnly>
            <Users />
        </AdminOnly>
    }
}

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
    let team_options = move || match teams.get() {
        Some(Ok(list)) => list.teams.into_iter().map(|t| (t.id, t.name)).collect(),
        _ => Vec::new(),
    };
    let product_names = Memo::new(move |_| match subscriptions.get() {
        Some(Ok(list)) => list
            .subscriptions
            .into_iter()
            .map(|s| (s.id, s.product_name))
            .collect::<HashMap<_, _>>(),
        _ => HashMap::new(),
    });
    let product_options = move || {
        let mut options: Vec<(String, String)> = product_names.get().into_iter().collect();
        options.sort_by(|a, b| a.1.cmp(&b.1));
        options
    };

    // Every change of the view is a navigation: the URL is the state.
    let go = {
        let navigate = navigate.clone();
        move |filters: UserFilters| {
            navigate(
                &AppRoute::AccountUsers {
                    account: account.id.get_untracked(),
                    filters,
                }
                .href(),
                Default::default(),
            )
        }
    };
    let set_filter = {
        let go = go.clone();
        move |change: fn(&mut UserFilters, Option<String>)| {
            let go = go.clone();
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                let mut next = filters.get_untracked();
                change(&mut next, (!value.is_empty()).then_some(value));
                next.cursor = None;
                go(next);
            }
        }
    };
    let search_ref = NodeRef::<Input>::new();
    let on_search = {
        let go = go.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let text = search_ref
                .get_untracked()
                .map(|input| input.value().trim().to_owned())
                .unwrap_or_default();
            let mut next = filters.get_untracked();
            next.q = (!text.is_empty()).then_some(text);
            next.cursor = None;
            go(next);
        }
    };
    let retry = Callback::new(move |_| members.refetch());
    let export_csv = move || {
        filters.with(|f| api::members_export_href(&account.id.get(), f, api::ExportFormat::Csv))
    };
    let export_xlsx = move || {
        filters.with(|f| api::members_export_href(&account.id.get(), f, api::ExportFormat::Xlsx))
    };

    let select = move |id: &'static str,
                       label: Signal<String>,
                       any: Signal<String>,
                       options: Signal<Vec<(String, String)>>,
                       current: Signal<Option<String>>,
                       on_change: Box<dyn Fn(leptos::ev::Event) + 'static>| {
        view! {
            <div class="field">
                <label class="field-label" for=id>{move || label.get()}</label>
                <select
                    id=id
                    class="input select"
                    on:change=move |ev| on_change(ev)
                    prop:value=move || { options.track(); current.get().unwrap_or_default() }
                >
                    <option value="">{move || any.get()}</option>
                    {move || {
                        options
                            .get()
                            .into_iter()
                            .map(|(value, name)| {
                                let selected = current.get_untracked().as_deref() == Some(value.as_str());
                                view! { <option value=value selected=selected>{name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
        }
    };
    let any = Signal::derive(move || t_string!(i18n, users.any).to_string());

    let team_select = select(
        "filter-team",
        Signal::derive(move || t_string!(i18n, users.team).to_string()),
        any,
        Signal::derive(move || {
            let mut options = vec![("none".to_owned(), t_string!(i18n, users.no_team).to_string())];
            options.extend(team_options());
            options
        }),
        Signal::derive(move || filters.with(|f| f.team.clone())),
        Box::new(set_filter.clone()(|f, v| f.team = v)),
    );
    let role_select = select(
        "filter-role",
        Signal::derive(move || t_string!(i18n, users.role).to_string()),
        any,
        Signal::derive(move || {
            role_options(i18n)
                .into_iter()
                .map(|(v, n)| (v.to_owned(), n))
                .collect()
        }),
        Signal::derive(move || filters.with(|f| f.role.clone())),
        Box::new(set_filter.clone()(|f, v| f.role = v)),
    );
    let product_select = select(
        "filter-product",
        Signal::derive(move || t_string!(i18n, users.product).to_string()),
        any,
        Signal::derive(product_options),
        Signal::derive(move || filters.with(|f| f.subscription.clone())),
        Box::new(set_filter.clone()(|f, v| f.subscription = v)),
    );
    let status_select = select(
        "filter-status",
        Signal::derive(move || t_string!(i18n, users.status).to_string()),
        any,
        Signal::derive(move || {
            vec![
                ("active".to_owned(), text::member_status_name(i18n, MemberStatus::Active)),
                ("unconfirmed".to_owned(), text::member_status_name(i18n, MemberStatus::Unconfirmed)),
            ]
        }),
        Signal::derive(move || filters.with(|f| f.status.clone())),
        Box::new(set_filter.clone()(|f, v| f.status = v)),
    );
    let sort_select = select(
        "sort",
        Signal::derive(move || t_string!(i18n, users.sort).to_string()),
        Signal::derive(move || t_string!(i18n, users.sort_name).to_string()),
        Signal::derive(move || {
            vec![
                ("email".to_owned(), t_string!(i18n, users.sort_email).to_string()),
                ("last_sign_in".to_owned(), t_string!(i18n, users.sort_last_sign_in).to_string()),
            ]
        }),
        Signal::derive(move || filters.with(|f| f.sort.clone().filter(|s| s != "name"))),
        Box::new(set_filter.clone()(|f, v| f.sort = v)),
    );

    let rows = move || {
        members.get().map(|result| {
            result.map(|page| {
                let next = page.next_cursor.clone();
                let count = page.members.len();
                let rows = page
                    .members
                    .into_iter()
                    .map(|member| view! { <MemberRow member=member product_names=product_names /> })
                    .collect_view();
                let empty = move || {
                    if filters.with(UserFilters::is_filtered) {
                        t_string!(i18n, users.empty_filtered).to_string()
                    } else {
                        t_string!(i18n, users.empty).to_string()
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
                            <div class="table-wrap">
                                <table class="data-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t!(i18n, users.name)}</th>
                                            <th scope="col">{t!(i18n, users.email)}</th>
                                            <th scope="col">{t!(i18n, users.team)}</th>
                                            <th scope="col">{t!(i18n, users.role)}</th>
                                            <th scope="col">{t!(i18n, users.status)}</th>
                                            <th scope="col">{t!(i18n, users.products)}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                        .into_any()
                    }}
                    <nav class="pager" aria-label=move || t_string!(i18n, users.pages)>
                        {first_href.map(|href| view! { <A href=href attr:class="btn btn-secondary btn-sm">{t!(i18n, users.first_page)}</A> })}
                        {next_href.map(|href| view! { <A href=href attr:class="btn btn-secondary btn-sm">{t!(i18n, users.next_page)}</A> })}
                    </nav>
                }
            })
        })
    };

    view! {
        <section class="card">
            <div class="section-head">
                <h2>{t!(i18n, users.title)}</h2>
                <div class="cell-actions">
                    // Downloads of what the list shows: the same filters, every page.
                    <a href=export_csv download class="btn btn-secondary btn-sm">{t!(i18n, users.export_csv)}</a>
                    <a href=export_xlsx download class="btn btn-secondary btn-sm">{t!(i18n, users.export_xlsx)}</a>
                    <A
                        href=move || AppRoute::Account { account: account.id.get(), tab: AccountTab::Import }.href()
                        attr:class="btn btn-secondary btn-sm"
                    >
                        {t!(i18n, users.import)}
                    </A>
                    <A
                        href=move || AppRoute::Account { account: account.id.get(), tab: AccountTab::Invitations }.href()
                        attr:class="btn btn-primary btn-sm"
                    >
                        {t!(i18n, users.invite)}
                    </A>
                </div>
            </div>
            <form class="toolbar" role="search" on:submit=on_search>
                <div class="field field-search">
                    <label class="field-label" for="user-search">{t!(i18n, users.search)}</label>
                    <div class="search-row">
                        <input
                            id="user-search"
                            class="input"
                            type="search"
                            node_ref=search_ref
                            prop:value=move || filters.with(|f| f.q.clone().unwrap_or_default())
                        />
                        <button type="submit" class="btn btn-primary">{t!(i18n, users.search_button)}</button>
                    </div>
                </div>
            </form>
            <div class="toolbar">
                {team_select}
                {role_select}
                {product_select}
                {status_select}
                {sort_select}
            </div>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <LoadErrors errors=errors on_retry=retry /> }>
                    {rows}
                </ErrorBoundary>
            </Transition>
        </section>
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
    let name = format!("{} {}", member.first_name, member.last_name);
    let role = member.role;
    let status = member.status;
    let team = member.team.as_ref().map(|t| t.name.clone());
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
            <td>{move || team.clone().unwrap_or_else(|| t_string!(i18n, users.no_team).to_string())}</td>
            <td>{move || text::role_name(i18n, role)}</td>
            <td>
                <span class="badge" class:badge-success=status == MemberStatus::Active class:badge-warning=status == MemberStatus::Unconfirmed>
                    {move || text::member_status_name(i18n, status)}
                </span>
            </td>
            <td><ul class="tag-list">{products}</ul></td>
        </tr>
    }
}
