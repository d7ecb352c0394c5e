//! `/accounts/:account/support`: the person's cases (those they opened or follow; every case of
//! the account for admins), open or finished, searched (admins), a page at a time. The tab, the
//! search and the page are the URL.

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{CaseState, SupportCase};

use super::{status_badge, support_class};
use crate::account::use_account;
use crate::api;
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::intl;
use crate::routes::{AppRoute, CaseFilters};
use crate::text::{self, use_page_title};

#[component]
pub fn CasesPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, support.support.title).to_string());
    view! { <Cases /> }
}

#[component]
fn Cases() -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let account = use_account();
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(CaseFilters::from_query));
    let cases = LocalResource::new(move || api::list_cases(account.id.get(), filters.get().api_query()));
    let retry = Callback::new(move |_| cases.refetch());
    let tab = move |state: CaseState| {
        let href = move || {
            let f = CaseFilters { state: Some(state), q: filters.with(|f| f.q.clone()), cursor: None };
            AppRoute::AccountSupport { account: account.id.get(), filters: f }.href()
        };
        let current = move || (filters.with(CaseFilters::shown_state) == state).then_some("page");
        let label = move || match state {
            CaseState::Open => ts!(i18n, support.support.tab_open),
            CaseState::Finished => ts!(i18n, support.support.tab_finished),
        };
        view! { <li><A href=href attr:class="tab" attr:aria-current=current>{label}</A></li> }
    };
    let new_case = move || AppRoute::AccountNewCase { account: account.id.get() }.href();
    let intro = move || if account.is_admin() { ts!(i18n, support.support.intro_admin) } else { ts!(i18n, support.support.intro_user) };
    view! { class=class,
        <section class="card" aria-labelledby="support-title">
            <div class="section-head">
                <h2 id="support-title">{tv!(i18n, support.support.title)}</h2>
                <A href=new_case attr:class="btn btn-primary">{tv!(i18n, support.support.open_case)}</A>
            </div>
            <p class="muted">{intro}</p>
            <nav aria-label=move || ts!(i18n, support.support.tabs)>
                <ul class="tabs">{tab(CaseState::Open)}{tab(CaseState::Finished)}</ul>
            </nav>
            <Show when=move || account.is_admin()>
                <SearchBox filters=filters />
            </Show>
            <div aria-live="polite" data-testid="case-results">
                <Loaded on_retry=retry>
                    {move || cases.get().map(|result| result.map(|list| view! { <CaseTable cases=list.cases next=list.next_cursor filters=filters /> }))}
                </Loaded>
            </div>
        </section>
    }
}

/// The search of the admins' list: words of a subject or message, or a case number.
#[component]
fn SearchBox(
    /// The list's filters (the URL).
    filters: Memo<CaseFilters>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let account = use_account();
    let navigate = use_navigate();
    let input = NodeRef::<Input>::new();
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let q = input.get_untracked().map(|i| i.value()).and_then(|v| <String as crate::routes::QueryValue>::from_query(&v));
        let f = CaseFilters { state: filters.with_untracked(|f| f.state), q, cursor: None };
        navigate(&AppRoute::AccountSupport { account: account.id.get_untracked(), filters: f }.href(), Default::default());
    };
    view! { class=class,
        <form class="toolbar" role="search" on:submit=on_submit>
            <div class="field">
                <label class="field-label" for="case-search">{tv!(i18n, support.support.search_label)}</label>
                <div class="search-row">
                    <input id="case-search" class="input" type="search" node_ref=input
                        prop:value=move || filters.with(|f| f.q.clone().unwrap_or_default()) />
                    <button type="submit" class="btn btn-secondary">{tv!(i18n, support.support.search_submit)}</button>
                </div>
            </div>
        </form>
    }
}

/// The cases of the page, or what an empty list means in this tab.
#[component]
fn CaseTable(
    /// The cases.
    cases: Vec<SupportCase>,
    /// The next page's cursor, if any.
    next: Option<String>,
    /// The list's filters (the URL).
    filters: Memo<CaseFilters>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let account = use_account();
    let f = filters.get_untracked();
    if cases.is_empty() {
        let message = match (&f.q, f.shown_state(), f.cursor.is_some()) {
            (Some(q), _, _) => ts!(i18n, support.support.empty_search, q = q.clone()),
            (None, _, true) => ts!(i18n, support.support.empty_page).to_string(),
            (None, CaseState::Open, _) => ts!(i18n, support.support.empty_open).to_string(),
            (None, CaseState::Finished, _) => ts!(i18n, support.support.empty_finished).to_string(),
        };
        return view! { <p class="empty">{message}</p> }.into_any();
    }
    let rows = cases.into_iter().map(|c| view! { <CaseRow case=c /> }).collect_view();
    let more = next.map(|cursor| {
        let href = AppRoute::AccountSupport { account: account.id.get_untracked(), filters: CaseFilters { cursor: Some(cursor), ..f.clone() } }.href();
        view! { class=class, <p class="more"><A href=href attr:class="btn btn-secondary">{tv!(i18n, support.support.more)}</A></p> }
    });
    view! { class=class,
        <DataTable columns=vec![
            Column::new(tv!(i18n, support.support.col_number)),
            Column::new(tv!(i18n, support.support.col_subject)),
            Column::new(tv!(i18n, support.support.col_product)),
            Column::new(tv!(i18n, support.support.col_status)),
            Column::new(tv!(i18n, support.support.col_opened_by)),
            Column::new(tv!(i18n, support.support.col_updated)),
        ]>
            {rows}
        </DataTable>
        {more}
    }
    .into_any()
}

#[component]
fn CaseRow(case: SupportCase) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let account = use_account();
    let href = AppRoute::AccountCase { account: account.id.get_untracked(), case: case.id.clone() }.href();
    let updated = case.updated_at.clone();
    let product = match (&case.product_name, &case.version) {
        (Some(name), Some(version)) => format!("{name} {version}"),
        (Some(name), None) => name.clone(),
        _ => String::new(),
    };
    view! { class=class,
        <tr data-testid=format!("case-{}", case.number)>
            <td class="mono">{case.number.clone()}</td>
            <td><A href=href>{case.subject.clone()}</A></td>
            <td>{product}</td>
            <td>{status_badge(i18n, case.status)}</td>
            <td>{case.opened_by_name.clone()}</td>
            <td>{move || intl::format_date_time(text::tag(i18n), &updated)}</td>
        </tr>
    }
}
