//! `/accounts/:account/reports`: the report views as tabs, the date range they cover (both in
//! the URL query), and the open view.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{
    cloud::CloudUsage, downloads::Downloads, insights::Insights, reports_class, seats::SeatUsage, tokens, users::UserUsage,
};
use crate::account::{use_account, AdminOnly};
use crate::components::lazy::ShellPart;
use crate::i18n::*;
use crate::routes::{AppRoute, QueryValue, ReportTab, ReportView};
use crate::text::{use_page_title, I18n};

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, reports.reports.title).to_string());
    view! { <AdminOnly><Reports /></AdminOnly> }
}

fn tab_name(i18n: I18n, tab: ReportTab) -> String {
    match tab {
        ReportTab::Seats => ts!(i18n, reports.reports.tab_seats),
        ReportTab::Users => ts!(i18n, reports.reports.tab_users),
        ReportTab::Insights => ts!(i18n, reports.reports.tab_insights),
        ReportTab::Cloud => ts!(i18n, reports.reports.tab_cloud),
        ReportTab::Downloads => ts!(i18n, reports.reports.tab_downloads),
        ReportTab::Tokens => ts!(i18n, reports.reports.tab_api),
    }
    .to_string()
}

#[component]
fn Reports() -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let query = use_query_map();
    let view_state = Memo::new(move |_| query.with(ReportView::from_query));
    let tab = Memo::new(move |_| view_state.with(|v| v.tab.unwrap_or_default()));
    // Each view keeps the range; the search belongs to the per-person view only.
    let tab_item = move |t: ReportTab| {
        let href = move || {
            let view = ReportView { tab: Some(t), q: None, ..view_state.get() };
            AppRoute::AccountReports { account: account.id.get(), view }.href()
        };
        let current = move || (tab.get() == t).then_some("page");
        view! {
            <li>
                <A href=href attr:class="tab" attr:aria-current=current>{move || tab_name(i18n, t)}</A>
            </li>
        }
    };
    let body = move || match tab.get() {
        ReportTab::Seats => view! { <SeatUsage view=view_state /> }.into_any(),
        ReportTab::Users => view! { <UserUsage view=view_state /> }.into_any(),
        ReportTab::Insights => view! { <Insights /> }.into_any(),
        ReportTab::Cloud => view! { <CloudUsage view=view_state /> }.into_any(),
        ReportTab::Downloads => view! { <Downloads view=view_state /> }.into_any(),
        ReportTab::Tokens => view! { <ShellPart load=tokens::part /> }.into_any(),
    };
    view! { class=class,
        <section class="card" aria-labelledby="reports-title">
            <h2 id="reports-title" class="card-title">{tv!(i18n, reports.reports.title)}</h2>
            <p class="muted">{tv!(i18n, reports.reports.intro)}</p>
            <nav aria-label=move || ts!(i18n, reports.reports.views).to_string()>
                <ul class="tabs report-tabs">{ReportTab::ALL.into_iter().map(tab_item).collect_view()}</ul>
            </nav>
            <Show when=move || tab.get().has_range()>
                <RangeForm view=view_state />
            </Show>
        </section>
        {body}
    }
}

/// The first and last day a report covers: each change goes into the URL, which the report
/// follows. Empty ends mean the last 30 days.
#[component]
fn RangeForm(
    /// The page's state (the range is read from and written to it).
    view: Memo<ReportView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let navigate = use_navigate();
    let go = move |next: ReportView| {
        navigate(&AppRoute::AccountReports { account: account.id.get_untracked(), view: next }.href(), Default::default());
    };
    let set_from = {
        let go = go.clone();
        move |ev: leptos::ev::Event| go(ReportView { from: String::from_query(&event_target_value(&ev)), ..view.get_untracked() })
    };
    let set_to = {
        let go = go.clone();
        move |ev: leptos::ev::Event| go(ReportView { to: String::from_query(&event_target_value(&ev)), ..view.get_untracked() })
    };
    let reset = move |_| go(ReportView { from: None, to: None, ..view.get_untracked() });
    view! {
        <form class="toolbar range" aria-label=move || ts!(i18n, reports.reports.range_label).to_string() on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label class="field-label" for="report-from">{tv!(i18n, reports.reports.from)}</label>
                <input id="report-from" name="from" type="date" class="input" prop:value=move || view.get().from.unwrap_or_default() on:change=set_from />
            </div>
            <div class="field">
                <label class="field-label" for="report-to">{tv!(i18n, reports.reports.to)}</label>
                <input id="report-to" name="to" type="date" class="input" prop:value=move || view.get().to.unwrap_or_default() on:change=set_to />
            </div>
            <button type="button" class="btn btn-secondary" on:click=reset>{tv!(i18n, reports.reports.last_30_days)}</button>
        </form>
    }
}
