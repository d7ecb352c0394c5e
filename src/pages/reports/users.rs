//! Seat usage by person: each person's products with their last use and the days used in the
//! range, a page at a time ("Show more" follows the server's cursor), searchable by name or
//! email (in the URL); a CSV export of every page.

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use seatwise_api::{UserUsagePage, UserUsageRow};

use super::{count, error_text, range_text, reports_class, ExportLink};
use crate::account::use_account;
use crate::api::{self, ApiError};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::intl;
use crate::routes::{AppRoute, QueryValue, ReportView};
use crate::text::{self, I18n};

/// The pages after the first, for the account and query they were read for: a new query
/// starts over (they are ignored, not cleared).
#[derive(Clone, Default)]
struct More {
    query: String,
    users: Vec<UserUsageRow>,
    next: Option<String>,
}

#[component]
pub fn UserUsage(
    /// The page's state: the range and the search.
    view: Memo<ReportView>,
) -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let query = Memo::new(move |_| view.with(ReportView::api_query));
    let first = LocalResource::new(move || api::user_usage(account.id.get(), query.get(), None));
    // What the later pages belong to: this account and query.
    let key = Memo::new(move |_| format!("{}{}", account.id.get(), query.get()));
    let more = RwSignal::new(More::default());
    // The later pages of this query (empty when they were read for another).
    let extra = move || more.with(|m| if m.query == key.get() { (m.users.clone(), Some(m.next.clone())) } else { (vec![], None) });
    let load_more = Action::new_local(move |cursor: &String| {
        let (cursor, q) = (cursor.clone(), key.get_untracked());
        let call = api::user_usage(account.id.get_untracked(), query.get_untracked(), Some(cursor));
        async move {
            let page: Result<UserUsagePage, ApiError> = call.await;
            if let Ok(page) = &page {
                more.update(|m| {
                    if m.query != q {
                        *m = More { query: q.clone(), ..Default::default() };
                    }
                    m.users.extend(page.users.iter().cloned());
                    m.next = page.next_cursor.clone();
                });
            }
            page.map(drop)
        }
    });
    let retry = Callback::new(move |_| first.refetch());
    let export = Signal::derive(move || api::report_export_href(&account.id.get(), "seat-usage/users/export.csv", &query.get()));
    let columns = move || {
        vec![
            Column::new(tv!(i18n, reports.by_user.person)),
            Column::new(tv!(i18n, reports.by_user.team)),
            Column::new(tv!(i18n, reports.by_user.product)),
            Column::new(tv!(i18n, reports.by_user.last_used)),
            Column::num(tv!(i18n, reports.by_user.days_used)),
        ]
    };
    let body = move || {
        first.get().map(|result| {
            result.map(|page| {
                let (later, later_next) = extra();
                let next = later_next.unwrap_or(page.next_cursor.clone());
                let range = (page.from.clone(), page.to.clone());
                let people: Vec<UserUsageRow> = page.users.into_iter().chain(later).collect();
                let list = if people.is_empty() {
                    view! { <p class="empty">{tv!(i18n, reports.by_user.none)}</p> }.into_any()
                } else {
                    let rows = people.into_iter().map(|u| person_rows(i18n, u)).collect_view();
                    view! { <DataTable columns=columns() caption=tv!(i18n, reports.by_user.title)>{rows}</DataTable> }.into_any()
                };
                let show_more = next.map(|cursor| {
                    view! {
                        <div class="form-actions">
                            <button
                                type="button"
                                class="btn btn-secondary"
                                disabled=move || load_more.pending().get()
                                aria-busy=move || if load_more.pending().get() { "true" } else { "false" }
                                on:click=move |_| { load_more.dispatch(cursor.clone()); }
                            >
                                {tv!(i18n, reports.by_user.show_more)}
                            </button>
                        </div>
                    }
                });
                view! { class=class,
                    <p class="report-range" data-testid="report-range">{move || range_text(i18n, &range.0, &range.1)}</p>
                    {list}
                    {show_more}
                }
            })
        })
    };
    let more_error = move || {
        load_more.value().with(|v| match v {
            Some(Err(e)) => {
                let e = e.clone();
                Some(view! { <p class="alert alert-error" role="alert">{move || error_text(i18n, &e)}</p> })
            }
            _ => None,
        })
    };
    view! { class=class,
        <section class="card" aria-labelledby="by-user-title">
            <div class="section-head">
                <h2 id="by-user-title">{tv!(i18n, reports.by_user.title)}</h2>
                <div class="form-actions">
                    <ExportLink href=export label=tv!(i18n, reports.reports.export_csv) testid="export-by-user-csv" />
                </div>
            </div>
            <p class="muted">{tv!(i18n, reports.by_user.intro)}</p>
            <SearchForm view=view />
            <Loaded on_retry=retry>{body}</Loaded>
            {more_error}
        </section>
    }
}

/// One row per product a person holds (one row saying so when none).
fn person_rows(i18n: I18n, u: UserUsageRow) -> impl IntoView {
    let person = move |name: String, email: String| {
        view! {
            <th scope="row">
                <span class="person-name">{name}</span>
                <span class="person-email">{email}</span>
            </th>
        }
    };
    let team = u.team.clone().unwrap_or_default();
    if u.products.is_empty() {
        return view! {
            <tr data-testid=format!("by-user-{}", u.user_id)>
                {person(u.name.clone(), u.email.clone())}
                <td>{team}</td>
                <td colspan="3" class="muted">{tv!(i18n, reports.by_user.no_seats)}</td>
            </tr>
        }
        .into_any();
    }
    u.products
        .into_iter()
        .map(|p| {
            let last = p.last_used.clone();
            let when = move || match &last {
                Some(at) => intl::format_date(text::tag(i18n), at),
                None => ts!(i18n, reports.by_user.never).to_string(),
            };
            let days = p.days_used;
            view! {
                <tr data-testid=format!("by-user-{}-{}", u.user_id, p.product_code)>
                    {person(u.name.clone(), u.email.clone())}
                    <td>{team.clone()}</td>
                    <td>{p.product_name}</td>
                    <td>{when}</td>
                    <td class="num" data-col="days_used">{move || count(i18n, days)}</td>
                </tr>
            }
        })
        .collect_view()
        .into_any()
}

/// Search by name or email: submitted into the URL, which the list follows.
#[component]
fn SearchForm(view: Memo<ReportView>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let navigate = use_navigate();
    let input = NodeRef::<Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = input.get().map(|i| i.value()).and_then(|v| String::from_query(&v));
        let next = ReportView { q, ..view.get_untracked() };
        navigate(&AppRoute::AccountReports { account: account.id.get_untracked(), view: next }.href(), Default::default());
    };
    view! {
        <form class="toolbar" role="search" aria-label=move || ts!(i18n, reports.by_user.search_label).to_string() on:submit=on_submit>
            <div class="field field-search">
                <label class="field-label" for="by-user-q">{tv!(i18n, reports.by_user.search)}</label>
                <div class="search-row">
                    <input id="by-user-q" name="q" type="search" class="input" node_ref=input prop:value=move || view.get().q.unwrap_or_default() />
                    <button type="submit" class="btn btn-secondary">{tv!(i18n, reports.by_user.search_submit)}</button>
                </div>
            </div>
        </form>
    }
}
