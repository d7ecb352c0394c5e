//! Who follows a case besides the person who opened it (admins): the list with a remove button
//! each, and a search of the account's members to add one.

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use seatwise_api::{CaseWatcher, SupportCaseDetail};


use super::support_class;
use crate::account::use_account;
use crate::api::{self, ApiResult};
use crate::i18n::*;
use crate::text;

type Detail = ApiResult<SupportCaseDetail>;

/// What the case's page shares with the list: the people who follow the case (`None` when the
/// reader may not manage them), and the actions that add a member (their id) and remove one (id
/// and name).
#[derive(Clone, Copy)]
pub(super) struct WatchersOf {
    pub list: Memo<Option<Vec<CaseWatcher>>>,
    pub watch: Action<String, Detail>,
    pub unwatch: Action<(String, String), Detail>,
}

#[component]
pub(super) fn Watchers() -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let WatchersOf { list: watchers, watch, unwatch } = expect_context::<WatchersOf>();
    let following = Signal::derive(move || watchers.with(|l| l.iter().flatten().map(|w| w.user_id.clone()).collect::<Vec<_>>()));
    let list = move || {
        let watchers = watchers.get().unwrap_or_default();
        if watchers.is_empty() {
            return view! { <p class="empty">{tv!(i18n, support.case.no_watchers)}</p> }.into_any();
        }
        let items = watchers
            .into_iter()
            .map(|w| {
                let label = {
                    let name = w.name.clone();
                    move || ts!(i18n, support.case.remove_watcher, name = name.clone())
                };
                let input = (w.user_id.clone(), w.name.clone());
                view! { class=class,
                    <li class="watcher">
                        <span>{w.name.clone()} " " <span class="muted">{w.email.clone()}</span></span>
                        <button type="button" class="btn btn-secondary btn-sm" aria-label=label disabled=move || unwatch.pending().get()
                            on:click=move |_| { unwatch.dispatch(input.clone()); }>
                            {tv!(i18n, support.case_files.remove_short)}
                        </button>
                    </li>
                }
            })
            .collect_view();
        view! { class=class, <ul class="watchers">{items}</ul> }.into_any()
    };
    view! { class=class,
        <section class="card" aria-labelledby="watchers-title" data-testid="watchers">
            <h2 id="watchers-title" class="card-title">{tv!(i18n, support.case.watchers)}</h2>
            <p class="muted">{tv!(i18n, support.case.watchers_intro)}</p>
            {list}
            <MemberSearch watch=watch following=following />
        </section>
    }
}

/// Finds members of the account by name or email, to add one as a watcher.
#[component]
fn MemberSearch(
    /// Adds a member.
    watch: Action<String, Detail>,
    /// Who follows already (not offered again).
    following: Signal<Vec<String>>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let account = use_account();
    let input = NodeRef::<Input>::new();
    let searched = RwSignal::new(None::<String>);
    let found = LocalResource::new(move || {
        let q = searched.get();
        let account_id = account.id.get();
        async move {
            match q {
                Some(q) => api::find_members(account_id, q).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = input.get_untracked().map(|i| i.value().trim().to_owned()).filter(|q| !q.is_empty());
        searched.set(q);
    };
    let results = move || {
        let following = following.get();
        found.get().map(|r| match r {
            Ok(Some(members)) => {
                let members: Vec<_> = members.into_iter().filter(|m| !following.contains(&m.user_id)).take(10).collect();
                if members.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, support.case.no_members_found)}</p> }.into_any();
                }
                let items = members
                    .into_iter()
                    .map(|m| {
                        let name = text::person_name(i18n, &m.first_name, &m.last_name);
                        let label = {
                            let name = name.clone();
                            move || ts!(i18n, support.case.add_watcher, name = name.clone())
                        };
                        let id = m.user_id.clone();
                        view! { class=class,
                            <li class="watcher">
                                <span>{name} " " <span class="muted">{m.email.clone()}</span></span>
                                <button type="button" class="btn btn-secondary btn-sm" aria-label=label disabled=move || watch.pending().get()
                                    on:click=move |_| { watch.dispatch(id.clone()); }>
                                    {tv!(i18n, support.case.add)}
                                </button>
                            </li>
                        }
                    })
                    .collect_view();
                view! { class=class, <ul class="watchers">{items}</ul> }.into_any()
            }
            Ok(None) => ().into_any(),
            Err(e) => view! { <p class="field-error">{move || text::error_message(i18n, &e)}</p> }.into_any(),
        })
    };
    view! { class=class,
        <form class="toolbar" role="search" on:submit=on_submit>
            <div class="field">
                <label class="field-label" for="watcher-search">{tv!(i18n, support.case.find_member)}</label>
                <div class="search-row">
                    <input id="watcher-search" class="input" type="search" node_ref=input />
                    <button type="submit" class="btn btn-secondary">{tv!(i18n, support.case.find)}</button>
                </div>
            </div>
        </form>
        <div aria-live="polite">{results}</div>
    }
}
