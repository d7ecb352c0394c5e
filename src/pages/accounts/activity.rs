//! `/accounts/:account/activity`: who did what, newest first, with "load more"; filters by
//! action and actor in the URL, and a CSV download of the filtered log.

use leptos::ev::SubmitEvent;
use leptos::html::{Input, Select};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{ActivityEntry, ActivityPage as Page};

use crate::components::table::{Column, DataTable};
use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiResult};
use crate::components::form::{action_error, FormAlert};
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::intl;
use crate::routes::{ActivityFilters, AppRoute};
use crate::text::{self, use_page_title};

#[component]
pub fn ActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.activity.title).to_string());
    view! {
        <AdminOnly>
            <Activity />
        </AdminOnly>
    }
}

/// The action groups offered as filters (prefixes of the action codes).
const ACTION_GROUPS: &[&str] = &["account.", "contract.", "subscription.", "assignment.", "member.", "team.", "invitation."];

fn action_group_name(i18n: text::I18n, group: &str) -> String {
    match group {
        "account." => ts!(i18n, accounts.activity.group_account),
        "contract." => ts!(i18n, accounts.activity.group_contract),
        "subscription." => ts!(i18n, accounts.activity.group_subscription),
        "assignment." => ts!(i18n, accounts.activity.group_assignment),
        "member." => ts!(i18n, accounts.activity.group_member),
        "team." => ts!(i18n, accounts.activity.group_team),
        _ => ts!(i18n, accounts.activity.group_invitation),
    }
    .to_string()
}

#[component]
fn Activity() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let query = use_query_map();
    let navigate = use_navigate();
    let filters = Memo::new(move |_| query.with(ActivityFilters::from_query));
    let action_ref = NodeRef::<Select>::new();
    let actor_ref = NodeRef::<Input>::new();
    let on_filter = move |ev: SubmitEvent| {
        ev.prevent_default();
        let value = |v: String| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let next = ActivityFilters {
            action: action_ref.get().and_then(|el| value(el.value())),
            actor: actor_ref.get().and_then(|el| value(el.value())),
        };
        navigate(
            &AppRoute::AccountActivity { account: account.id.get_untracked(), filters: next }.href(),
            Default::default(),
        );
    };
    let export = move || filters.with(|f| api::activity_export_href(&account.id.get(), f));
    let options = move || {
        let current = filters.with_untracked(|f| f.action.clone()).unwrap_or_default();
        ACTION_GROUPS
            .iter()
            .map(|group| {
                let selected = current == *group;
                view! { <option value=*group selected=selected>{move || action_group_name(i18n, group)}</option> }
            })
            .collect_view()
    };
    view! {
        <section class="card">
            <div class="section-head">
                <h2>{tv!(i18n, accounts.activity.title)}</h2>
                <a href=export download class="btn btn-secondary btn-sm">{tv!(i18n, accounts.activity.export_csv)}</a>
            </div>
            <p class="muted">{tv!(i18n, accounts.activity.intro)}</p>
            <form class="toolbar" role="search" on:submit=on_filter>
                <div class="field">
                    <label class="field-label" for="activity-action">{tv!(i18n, accounts.activity.action)}</label>
                    <select id="activity-action" class="input select" node_ref=action_ref
                        prop:value=move || filters.with(|f| f.action.clone().unwrap_or_default())>
                        <option value="">{tv!(i18n, accounts.users.any)}</option>
                        {options}
                    </select>
                </div>
                <div class="field">
                    <label class="field-label" for="activity-actor">{tv!(i18n, accounts.activity.actor)}</label>
                    <input id="activity-actor" class="input" type="search" node_ref=actor_ref
                        prop:value=move || filters.with(|f| f.actor.clone().unwrap_or_default()) />
                </div>
                <div class="field">
                    <button type="submit" class="btn btn-primary">{tv!(i18n, accounts.activity.filter)}</button>
                </div>
            </form>
            // A new filter is a new list (and forgets the pages loaded for the old one).
            {move || view! { <ActivityList filters=filters.get() /> }}
        </section>
    }
}

#[component]
fn ActivityList(filters: ActivityFilters) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let first_filters = filters.clone();
    let first = LocalResource::new(move || api::list_activity(account.id.get(), first_filters.clone(), None));
    // Later pages, appended as they arrive.
    let more = RwSignal::new(Vec::<Page>::new());
    let load_more: Action<String, ApiResult<()>> = Action::new_local(move |cursor: &String| {
        let request = api::list_activity(account.id.get_untracked(), filters.clone(), Some(cursor.clone()));
        async move {
            let page = request.await?;
            more.update(|pages| pages.push(page));
            Ok(())
        }
    });
    let next_cursor = move || {
        more.with(|pages| pages.last().map(|p| p.next_cursor.clone()))
            .unwrap_or_else(|| match first.get() {
                Some(Ok(page)) => page.next_cursor,
                _ => None,
            })
    };
    let retry = Callback::new(move |_| first.refetch());
    let rows = move || {
        first.get().map(|result| {
            result.map(|page| {
                if page.entries.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, accounts.activity.empty)}</p> }.into_any();
                }
                let head = page.entries.into_iter().map(|e| view! { <EntryRow entry=e /> }).collect_view();
                let tail = move || {
                    more.get()
                        .into_iter()
                        .flat_map(|p| p.entries)
                        .map(|e| view! { <EntryRow entry=e /> })
                        .collect_view()
                };
                view! {
                    <DataTable columns=vec![
                        Column::new(tv!(i18n, accounts.activity.when)),
                        Column::new(tv!(i18n, accounts.activity.who)),
                        Column::new(tv!(i18n, accounts.activity.what)),
                        Column::new(tv!(i18n, accounts.activity.object)),
                    ]>
                        {head}{tail}
                    </DataTable>
                }
                .into_any()
            })
        })
    };
    view! {
            <Loaded on_retry=retry>
                    {rows}
                </Loaded>
            <FormAlert error=action_error(load_more) />
            {move || next_cursor().map(|cursor| view! {
                <div class="pager">
                    <button
                        type="button"
                        class="btn btn-secondary"
                        disabled=move || load_more.pending().get()
                        on:click=move |_| { load_more.dispatch(cursor.clone()); }
                    >
                        {tv!(i18n, accounts.activity.load_more)}
                    </button>
                </div>
            })}
    }
}

#[component]
fn EntryRow(entry: ActivityEntry) -> impl IntoView {
    let i18n = use_i18n();
    let at = entry.at.clone();
    let action = entry.action.clone();
    view! {
        <tr>
            <td class="num"><time datetime=entry.at.clone()>{move || intl::format_date_time(text::tag(i18n), &at)}</time></td>
            <td class="break">{entry.actor_email.clone()}</td>
            <td>{move || text::activity_action_name(i18n, &action)}</td>
            <td class="break muted">{format!("{} {}", entry.object_type, entry.object_id)}</td>
        </tr>
    }
}
