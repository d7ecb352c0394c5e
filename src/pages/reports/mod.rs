//! Reports and the company's devices (admins), chunks fetched when first opened: seat usage
//! by product and by person, licence distribution by team (insights), cloud services usage,
//! downloads, and the devices behind the personal-data agreement. Every view reads its state
//! (view, date range, search, filters) from the URL, and its exports take the same query.

mod chart;
mod cloud;
mod devices;
mod downloads;
mod insights;
mod page;
mod seats;
mod tokens;
mod users;

use leptos::prelude::*;
use seatwise_api::ErrorCode;
use stylers::style_sheet;

use crate::api::ApiError;
use crate::intl;
use crate::text::{self, I18n};
use crate::texts::Ns;

use devices::DevicesPage;
use page::ReportsPage;

// Three chunks: the reports' views, the company's devices, and the usage-report API's tokens
// (a part of the reports page, fetched when its tab opens).
crate::area_pages! { seatwise_reports, [Ns::Reports];
    Reports(reports_view) => ReportsPage,
}
crate::area_pages! { seatwise_devices, [Ns::Reports];
    Devices(devices_view) => DevicesPage,
}

/// The scoped class of the reports' styles.
pub(super) fn reports_class() -> &'static str {
    let class = style_sheet!("src/pages/reports/reports.css");
    class
}

/// A count in the current language.
fn count(i18n: I18n, n: u64) -> String {
    text::number(i18n, usize::try_from(n).unwrap_or(usize::MAX))
}

/// "1 Sep 2026 – 30 Nov 2026": the range a report covers, as the server answered it.
fn range_text(i18n: I18n, from: &str, to: &str) -> String {
    let tag = text::tag(i18n);
    ts!(i18n, reports.reports.range, from = intl::format_plain_date(tag, from), to = intl::format_plain_date(tag, to))
}

/// The message for a failed call of this area: the devices' own codes, then the app's.
fn error_text(i18n: I18n, error: &ApiError) -> String {
    match error {
        ApiError::Server { code: ErrorCode::AgreementRequired, .. } => ts!(i18n, reports.company_devices.agreement_required).to_string(),
        _ => text::error_message(i18n, error),
    }
}

/// A download link to one of the API's files (the browser sends the session cookie).
#[component]
fn ExportLink(
    /// The file's URL.
    #[prop(into)]
    href: Signal<String>,
    /// What the link says.
    #[prop(into)]
    label: Signal<String>,
    /// A stable name for tests.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <a class="btn btn-secondary btn-sm" href=move || href.get() download="" data-testid=testid>
            {move || label.get()}
        </a>
    }
}
