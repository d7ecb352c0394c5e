//! `/vendor/support`: every customer's support cases, filtered by state, status, category,
//! severity, age, assignee and words in the URL, a page at a time (the server's cursor).

use leptos::ev::SubmitEvent;
use leptos::html::{Input, Select};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{CaseCategory, CaseSeverity, CaseState, CaseStatus, StaffMember, SupportCase};

use super::StaffOnly;
use crate::api;
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::intl;
use crate::pages::support::{category_name, severity_badge, severity_name, status_badge, status_name, support_class};
use crate::routes::{AppRoute, CaseQueueFilters, QueryValue};
use crate::text::{self, use_page_title};

/// `/vendor/support`
#[component]
pub fn CaseQueuePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, support.case_queue.heading).to_string());
    view! { <StaffOnly><CaseQueue /></StaffOnly> }
}

#[component]
fn CaseQueue() -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(CaseQueueFilters::from_query));
    let cases = LocalResource::new(move || api::list_vendor_cases(filters.get()));
    let staff = LocalResource::new(api::list_staff);
    let retry = Callback::new(move |_| cases.refetch());
    view! { class=class,
        <section class="card" aria-labelledby="case-queue-title">
            <div class="section-head"><h2 id="case-queue-title">{tv!(i18n, support.case_queue.heading)}</h2></div>
            <p class="muted">{tv!(i18n, support.case_queue.intro)}</p>
            <QueueFilters filters=filters staff=Signal::derive(move || match staff.get() {
                Some(Ok(list)) => list.staff,
                _ => vec![],
            }) />
            <div aria-live="polite" data-testid="case-results">
                <Loaded on_retry=retry>
                    {move || cases.get().map(|r| r.map(|list| view! { <QueueTable cases=list.cases next=list.next_cursor filters=filters /> }))}
                </Loaded>
            </div>
        </section>
    }
}

/// The queue's filters: every change navigates (the URL is the filter).
#[component]
fn QueueFilters(
    /// The filters now (the URL).
    filters: Memo<CaseQueueFilters>,
    /// The staff, for the assignee choice.
    staff: Signal<Vec<StaffMember>>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let navigate = use_navigate();
    let refs: [NodeRef<Select>; 5] = std::array::from_fn(|_| NodeRef::new());
    let [state_ref, status_ref, category_ref, severity_ref, assignee_ref] = refs;
    let age_ref = NodeRef::<Input>::new();
    let q_ref = NodeRef::<Input>::new();
    let apply = move || {
        let select = |r: NodeRef<Select>| r.get_untracked().map(|s| s.value()).unwrap_or_default();
        let input = |r: NodeRef<Input>| r.get_untracked().map(|i| i.value()).unwrap_or_default();
        let next = CaseQueueFilters {
            state: CaseState::from_query(&select(state_ref)),
            status: CaseStatus::from_query(&select(status_ref)),
            category: CaseCategory::from_query(&select(category_ref)),
            severity: CaseSeverity::from_query(&select(severity_ref)),
            min_age_days: u32::from_query(&input(age_ref)),
            assignee: String::from_query(&select(assignee_ref)),
            q: String::from_query(&input(q_ref)),
            cursor: None,
        };
        navigate(&AppRoute::VendorCases(next).href(), Default::default());
    };
    let on_submit = {
        let apply = apply.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            apply();
        }
    };
    let on_change = move |_| apply();
    let any = move || view! { <option value="">{tv!(i18n, support.case_queue.any)}</option> };
    let select = move |id: &'static str, label: ArcSignal<String>, node: NodeRef<Select>, current: Signal<String>, options: AnyView| {
        let on_change = on_change.clone();
        view! { class=class,
            <div class="field">
                <label class="field-label" for=id>{label}</label>
                <select id=id class="input select" node_ref=node on:change=on_change prop:value=move || current.get()>
                    {any()}
                    {options}
                </select>
            </div>
        }
    };
    let value = move |f: fn(&CaseQueueFilters) -> String| Signal::derive(move || filters.with(f));
    let states = [CaseState::Open, CaseState::Finished]
        .into_iter()
        .map(|s| {
            let label = move || match s {
                CaseState::Open => ts!(i18n, support.case_queue.state_open),
                CaseState::Finished => ts!(i18n, support.case_queue.state_finished),
            };
            view! { <option value=s.to_query() selected=move || filters.with(|f| f.state == Some(s))>{label}</option> }
        })
        .collect_view()
        .into_any();
    let statuses = CaseStatus::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str() selected=move || filters.with(|f| f.status == Some(s))>{move || status_name(i18n, s)}</option> })
        .collect_view()
        .into_any();
    let categories = CaseCategory::ALL
        .into_iter()
        .map(|c| view! { <option value=c.as_str() selected=move || filters.with(|f| f.category == Some(c))>{move || category_name(i18n, c)}</option> })
        .collect_view()
        .into_any();
    let severities = CaseSeverity::ALL
        .into_iter()
        .map(|s| view! { <option value=s.as_str() selected=move || filters.with(|f| f.severity == Some(s))>{move || severity_name(i18n, s)}</option> })
        .collect_view()
        .into_any();
    let assignees = view! {
        <option value="me" selected=move || filters.with(|f| f.assignee.as_deref() == Some("me"))>{tv!(i18n, support.case_queue.assignee_me)}</option>
        <option value="none" selected=move || filters.with(|f| f.assignee.as_deref() == Some("none"))>{tv!(i18n, support.case_queue.assignee_none)}</option>
        {move || staff.get().into_iter().map(|m| {
            let id = m.id.clone();
            view! { <option value=m.id.clone() selected=move || filters.with(|f| f.assignee.as_deref() == Some(id.as_str()))>{m.name.clone()}</option> }
        }).collect_view()}
    }
    .into_any();
    view! { class=class,
        <form class="toolbar queue-filters" role="search" aria-label=move || ts!(i18n, support.case_queue.filters) on:submit=on_submit>
            {select("queue-state", tv!(i18n, support.case_queue.state), state_ref, value(|f| f.state.map(|s| s.to_query()).unwrap_or_default()), states)}
            {select("queue-status", tv!(i18n, support.case_queue.status), status_ref, value(|f| f.status.map(|s| s.as_str().to_owned()).unwrap_or_default()), statuses)}
            {select("queue-category", tv!(i18n, support.case_queue.category), category_ref, value(|f| f.category.map(|s| s.as_str().to_owned()).unwrap_or_default()), categories)}
            {select("queue-severity", tv!(i18n, support.case_queue.severity), severity_ref, value(|f| f.severity.map(|s| s.as_str().to_owned()).unwrap_or_default()), severities)}
            {select("queue-assignee", tv!(i18n, support.case_queue.assignee), assignee_ref, value(|f| f.assignee.clone().unwrap_or_default()), assignees)}
            <div class="field">
                <label class="field-label" for="queue-age">{tv!(i18n, support.case_queue.min_age)}</label>
                <input id="queue-age" class="input age" type="number" min="0" inputmode="numeric" node_ref=age_ref
                    prop:value=move || filters.with(|f| f.min_age_days.map(|d| d.to_string()).unwrap_or_default()) />
            </div>
            <div class="field">
                <label class="field-label" for="queue-q">{tv!(i18n, support.case_queue.search)}</label>
                <div class="search-row">
                    <input id="queue-q" class="input" type="search" node_ref=q_ref prop:value=move || filters.with(|f| f.q.clone().unwrap_or_default()) />
                    <button type="submit" class="btn btn-secondary">{tv!(i18n, support.case_queue.apply)}</button>
                </div>
            </div>
        </form>
    }
}

/// The page of cases, or that none matches.
#[component]
fn QueueTable(
    /// The cases.
    cases: Vec<SupportCase>,
    /// The next page's cursor, if any.
    next: Option<String>,
    /// The filters now (the URL).
    filters: Memo<CaseQueueFilters>,
) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    if cases.is_empty() {
        return view! { <p class="empty">{tv!(i18n, support.case_queue.empty)}</p> }.into_any();
    }
    let rows = cases.into_iter().map(|c| view! { <QueueRow case=c /> }).collect_view();
    let more = next.map(|cursor| {
        let href = AppRoute::VendorCases(CaseQueueFilters { cursor: Some(cursor), ..filters.get_untracked() }).href();
        view! { class=class, <p class="more"><A href=href attr:class="btn btn-secondary">{tv!(i18n, support.case_queue.more)}</A></p> }
    });
    view! { class=class,
        <DataTable columns=vec![
            Column::new(tv!(i18n, support.case_queue.col_number)),
            Column::new(tv!(i18n, support.case_queue.col_subject)),
            Column::new(tv!(i18n, support.case_queue.col_account)),
            Column::new(tv!(i18n, support.case_queue.col_severity)),
            Column::new(tv!(i18n, support.case_queue.col_status)),
            Column::new(tv!(i18n, support.case_queue.col_assignee)),
            Column::new(tv!(i18n, support.case_queue.col_updated)),
        ]>
            {rows}
        </DataTable>
        {more}
    }
    .into_any()
}

#[component]
fn QueueRow(case: SupportCase) -> impl IntoView {
    let class = support_class();
    let i18n = use_i18n();
    let href = AppRoute::VendorCase(case.id.clone()).href();
    let updated = case.updated_at.clone();
    let assignee = case.assignee_name.clone();
    view! { class=class,
        <tr data-testid=format!("case-{}", case.number)>
            <td class="mono">{case.number.clone()}</td>
            <td><A href=href>{case.subject.clone()}</A> <br /> <span class="muted">{move || category_name(i18n, case.category)}</span></td>
            <td>{case.account_name.clone()}</td>
            <td>{severity_badge(i18n, case.severity)}</td>
            <td>{status_badge(i18n, case.status)}</td>
            <td>{move || assignee.clone().unwrap_or_else(|| ts!(i18n, support.case_queue.unassigned).to_string())}</td>
            <td>{move || intl::format_date_time(text::tag(i18n), &updated)}</td>
        </tr>
    }
}
