//! `/accounts/:account/activity`: who did what, newest first, with "load more".

use leptos::prelude::*;
use seatwise_api::{ActivityEntry, ActivityPage as Page};

use super::{use_account, AdminOnly};
use crate::api::{self, ApiResult};
use crate::components::form::{action_error, FormAlert};
use crate::components::load::{LoadErrors, Loading};
use crate::i18n::*;
use crate::intl;
use crate::text::{self, use_page_title};

#[component]
pub fn ActivityPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || t_string!(i18n, activity.title).to_string());
    view! {
        <AdminOnly>
            <Activity />
        </AdminOnly>
    }
}

#[component]
fn Activity() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let first = LocalResource::new(move || api::list_activity(account.id.get(), None));
    // Later pages, appended as they arrive.
    let more = RwSignal::new(Vec::<Page>::new());
    let load_more: Action<String, ApiResult<()>> = Action::new_local(move |cursor: &String| {
        let request = api::list_activity(account.id.get_untracked(), Some(cursor.clone()));
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
                    return view! { <p class="empty">{t!(i18n, activity.empty)}</p> }.into_any();
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
                    <div class="table-wrap">
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t!(i18n, activity.when)}</th>
                                    <th scope="col">{t!(i18n, activity.who)}</th>
                                    <th scope="col">{t!(i18n, activity.what)}</th>
                                    <th scope="col">{t!(i18n, activity.object)}</th>
                                </tr>
                            </thead>
                            <tbody>{head}{tail}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            })
        })
    };
    view! {
        <section class="card">
            <div class="section-head"><h2>{t!(i18n, activity.title)}</h2></div>
            <p class="muted">{t!(i18n, activity.intro)}</p>
            <Transition fallback=Loading>
                <ErrorBoundary fallback=move |errors| view! { <LoadErrors errors=errors on_retry=retry /> }>
                    {rows}
                </ErrorBoundary>
            </Transition>
            <FormAlert error=action_error(load_more) />
            {move || next_cursor().map(|cursor| view! {
                <div class="pager">
                    <button
                        type="button"
                        class="btn btn-secondary"
                        disabled=move || load_more.pending().get()
                        on:click=move |_| { load_more.dispatch(cursor.clone()); }
                    >
                        {t!(i18n, activity.load_more)}
                    </button>
                </div>
            })}
        </section>
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
