//! Support cases (issue 13): a member opens a case about a product or the account, follows its
//! thread and answers; admins see every case of the account and choose who else follows one.
//! The vendor's staff answer from their queue in the back office (`pages::vendor::cases`),
//! which shares the thread, the attachments and the names here.

mod case;
mod files;
mod list;
mod new;
mod thread;
mod watchers;

pub(crate) use files::{AttachmentPicker, Attachments, ChosenFiles};
pub(crate) use new::MessageField;
pub(crate) use thread::Thread;

use case::CasePage;
use list::CasesPage;

use leptos::prelude::*;
use seatwise_api::{CaseCategory, CaseSeverity, CaseSide, CaseStatus};
use stylers::style_sheet;

use crate::text::I18n;
use crate::texts::Ns;

// The account's side is one chunk with one page that shows the list, the form or a case by the
// URL: every page of a chunk costs the first download a loader stub. The form that opens a case
// is a chunk of its own, fetched when shown (`new::part`; the renewal form shares it), so that
// the list and a case's thread stay small. The vendor's side is a
// chunk of the back office (`pages::vendor`); what both use (the thread, the files, the names)
// is a shared chunk fetched with either.
crate::area_pages! { seatwise_support, [Ns::Support];
    Customer(support_view) => SupportPage,
}

/// `/accounts/:account/support`, `/support/new` and `/support/:case`.
#[component]
fn SupportPage() -> impl IntoView {
    let params = leptos_router::hooks::use_params_map();
    let page = Memo::new(move |_| {
        params.with(|p| match p.get(crate::routes::paths::CASE_ID) {
            None => 0,
            Some(id) if id == crate::routes::paths::NEW => 1,
            Some(_) => 2,
        })
    });
    move || match page.get() {
        0 => view! { <CasesPage /> }.into_any(),
        1 => view! { <crate::components::lazy::AreaView load=new::part texts=&[] /> }.into_any(),
        _ => view! { <CasePage /> }.into_any(),
    }
}

/// The scoped class of the support pages' styles (one `style_sheet!` so the CSS is emitted once).
pub(crate) fn support_class() -> &'static str {
    let class = style_sheet!("src/pages/support/support.css");
    class
}

pub(crate) fn status_name(i18n: I18n, status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Open => ts!(i18n, support.case_names.statuses.open),
        CaseStatus::WaitingOnCustomer => ts!(i18n, support.case_names.statuses.waiting_on_customer),
        CaseStatus::WaitingOnVendor => ts!(i18n, support.case_names.statuses.waiting_on_vendor),
        CaseStatus::Solved => ts!(i18n, support.case_names.statuses.solved),
        CaseStatus::Closed => ts!(i18n, support.case_names.statuses.closed),
    }
}

pub(crate) fn category_name(i18n: I18n, category: CaseCategory) -> &'static str {
    match category {
        CaseCategory::Installation => ts!(i18n, support.case_names.categories.installation),
        CaseCategory::Licensing => ts!(i18n, support.case_names.categories.licensing),
        CaseCategory::Downloads => ts!(i18n, support.case_names.categories.downloads),
        CaseCategory::Account => ts!(i18n, support.case_names.categories.account),
        CaseCategory::Renewal => ts!(i18n, support.case_names.categories.renewal),
        CaseCategory::Other => ts!(i18n, support.case_names.categories.other),
    }
}

pub(crate) fn severity_name(i18n: I18n, severity: CaseSeverity) -> &'static str {
    match severity {
        CaseSeverity::Low => ts!(i18n, support.case_names.severities.low),
        CaseSeverity::Normal => ts!(i18n, support.case_names.severities.normal),
        CaseSeverity::High => ts!(i18n, support.case_names.severities.high),
        CaseSeverity::Critical => ts!(i18n, support.case_names.severities.critical),
    }
}

/// What a severity means, for the form that opens a case.
pub(crate) fn severity_help(i18n: I18n, severity: CaseSeverity) -> &'static str {
    match severity {
        CaseSeverity::Low => ts!(i18n, support.case_names.severity_help.low),
        CaseSeverity::Normal => ts!(i18n, support.case_names.severity_help.normal),
        CaseSeverity::High => ts!(i18n, support.case_names.severity_help.high),
        CaseSeverity::Critical => ts!(i18n, support.case_names.severity_help.critical),
    }
}

pub(crate) fn side_name(i18n: I18n, side: CaseSide) -> &'static str {
    match side {
        CaseSide::Customer => ts!(i18n, support.case_names.sides.customer),
        CaseSide::Vendor => ts!(i18n, support.case_names.sides.vendor),
        CaseSide::System => ts!(i18n, support.case_names.sides.system),
    }
}

/// A case's status as a badge.
pub(crate) fn status_badge(i18n: I18n, status: CaseStatus) -> impl IntoView {
    let class = match status {
        CaseStatus::Open | CaseStatus::WaitingOnVendor => "badge badge-warning",
        CaseStatus::WaitingOnCustomer => "badge",
        CaseStatus::Solved => "badge badge-success",
        CaseStatus::Closed => "badge badge-muted",
    };
    view! { <span class=class data-status=status.as_str()>{move || status_name(i18n, status)}</span> }
}

/// A case's severity as a badge (high and critical stand out).
pub(crate) fn severity_badge(i18n: I18n, severity: CaseSeverity) -> impl IntoView {
    let class = match severity {
        CaseSeverity::Critical => "badge badge-danger",
        CaseSeverity::High => "badge badge-warning",
        CaseSeverity::Normal | CaseSeverity::Low => "badge badge-muted",
    };
    view! { <span class=class>{move || severity_name(i18n, severity)}</span> }
}

/// One fact of a case's header: a label and its value.
pub(crate) fn fact(label: ArcSignal<String>, value: AnyView) -> impl IntoView {
    view! { <div class="fact"><dt>{label}</dt><dd>{value}</dd></div> }
}
