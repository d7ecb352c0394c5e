//! `/vendor/home`: the vendor staff's home page. Open licence requests and support cases by how
//! long they have waited, the cases assigned to the person and those nobody has, each with a
//! link to its queue; and the help links customers see.

use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{QueueAges, VendorHome};

use super::{home_class, HelpLinkList};
use crate::api;
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::pages::vendor::StaffOnly;
use crate::routes::{AppRoute, CaseQueueFilters, RequestQueueFilters};
use crate::text::{self, use_page_title};

#[component]
pub fn VendorHomePage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, home.staff_home.title).to_string());
    view! { <StaffOnly><StaffHome /></StaffOnly> }
}

#[component]
fn StaffHome() -> impl IntoView {
    let i18n = use_i18n();
    let home = LocalResource::new(api::vendor_home);
    let retry = Callback::new(move |_| home.refetch());
    let content = move || home.get().map(|result| result.map(|home| view! { <StaffBlocks home=home /> }));
    view! {
        <h2 class="visually-hidden">{tv!(i18n, home.staff_home.title)}</h2>
        <div aria-live="polite">
            <Loaded on_retry=retry>{content}</Loaded>
        </div>
    }
}

/// A queue's row: today, this week, older and the total, as numbers of the language.
fn queue_row(i18n: text::I18n, name: ArcSignal<String>, ages: QueueAges, testid: &'static str) -> impl IntoView {
    let total = ages.today + ages.this_week + ages.older;
    let n = move |v: u64| move || text::number(i18n, v as usize);
    view! {
        <tr data-testid=testid>
            <th scope="row">{name}</th>
            <td class="num">{n(ages.today)}</td>
            <td class="num">{n(ages.this_week)}</td>
            <td class="num">{n(ages.older)}</td>
            <td class="num">{n(total)}</td>
        </tr>
    }
}

#[component]
fn StaffBlocks(home: VendorHome) -> impl IntoView {
    let class = home_class();
    let i18n = use_i18n();
    let VendorHome { requests, cases, my_cases, unassigned_cases, help_links } = home;
    let request_queue = AppRoute::VendorRequests(RequestQueueFilters::default()).href();
    let older_requests = AppRoute::VendorRequests(RequestQueueFilters { min_age_days: Some(8), ..Default::default() }).href();
    let case_queue = AppRoute::VendorCases(CaseQueueFilters::default()).href();
    let mine = AppRoute::VendorCases(CaseQueueFilters { assignee: Some("me".into()), ..Default::default() }).href();
    let unassigned = AppRoute::VendorCases(CaseQueueFilters { assignee: Some("none".into()), ..Default::default() }).href();
    let help = if help_links.is_empty() {
        view! { <p class="empty">{tv!(i18n, home.home.help_empty)}</p> }.into_any()
    } else {
        view! { <HelpLinkList links=help_links /> }.into_any()
    };
    let count = move |v: u64| move || text::number(i18n, v as usize);
    view! { class=class,
        <div class="home-grid">
            <section class="card home-block" aria-labelledby="staff-queues">
                <h3 id="staff-queues" class="card-title">{tv!(i18n, home.staff_home.queues_title)}</h3>
                <div class="table-wrap" tabindex="0">
                    <table class="data-table queue-counts">
                        <thead>
                            <tr>
                                <th scope="col">{tv!(i18n, home.staff_home.queue)}</th>
                                <th scope="col">{tv!(i18n, home.staff_home.today)}</th>
                                <th scope="col">{tv!(i18n, home.staff_home.this_week)}</th>
                                <th scope="col">{tv!(i18n, home.staff_home.older)}</th>
                                <th scope="col">{tv!(i18n, home.staff_home.total)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {queue_row(i18n, tv!(i18n, home.staff_home.requests), requests, "queue-requests")}
                            {queue_row(i18n, tv!(i18n, home.staff_home.cases), cases, "queue-cases")}
                        </tbody>
                    </table>
                </div>
                <div class="home-links">
                    <A href=request_queue>{tv!(i18n, home.staff_home.request_queue)}</A>
                    <A href=older_requests>{tv!(i18n, home.staff_home.older_requests)}</A>
                    <A href=case_queue.clone()>{tv!(i18n, home.staff_home.case_queue)}</A>
                </div>
            </section>
            <section class="card home-block" aria-labelledby="staff-cases">
                <h3 id="staff-cases" class="card-title">{tv!(i18n, home.staff_home.cases_title)}</h3>
                <dl class="facts">
                    <div class="fact" data-testid="my-cases">
                        <dt>{tv!(i18n, home.staff_home.my_cases)}</dt>
                        <dd><A href=mine>{count(my_cases)}</A></dd>
                    </div>
                    <div class="fact" data-testid="unassigned-cases">
                        <dt>{tv!(i18n, home.staff_home.unassigned_cases)}</dt>
                        <dd><A href=unassigned>{count(unassigned_cases)}</A></dd>
                    </div>
                </dl>
                <div class="home-links"><A href=case_queue>{tv!(i18n, home.staff_home.case_queue)}</A></div>
            </section>
            <section class="card home-block" aria-labelledby="staff-help">
                <h3 id="staff-help" class="card-title">{tv!(i18n, home.staff_home.help_title)}</h3>
                {help}
                <div class="home-links"><A href=AppRoute::VendorHelpLinks.href()>{tv!(i18n, home.staff_home.manage_help)}</A></div>
            </section>
        </div>
    }
}
