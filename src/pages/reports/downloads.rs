//! Downloads: how often each product version was downloaded in the range, with a CSV export.

use leptos::prelude::*;
use seatwise_api::DownloadsReport;

use super::{count, range_text, reports_class, ExportLink};
use crate::account::use_account;
use crate::api::{self, ApiResult};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::routes::ReportView;

#[component]
pub fn Downloads(
    /// The page's state: the range.
    view: Memo<ReportView>,
) -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let query = Memo::new(move |_| view.with(ReportView::api_query));
    let report = LocalResource::new(move || api::downloads_report(account.id.get(), query.get()));
    let retry = Callback::new(move |_| report.refetch());
    let export = Signal::derive(move || api::report_export_href(&account.id.get(), "downloads/export.csv", &query.get()));
    let body = move || {
        report.get().map(|result: ApiResult<DownloadsReport>| {
            result.map(|r| {
                let range = (r.from.clone(), r.to.clone());
                let table = if r.versions.is_empty() {
                    view! { <p class="empty">{tv!(i18n, reports.downloads_report.none)}</p> }.into_any()
                } else {
                    let columns = vec![
                        Column::new(tv!(i18n, reports.downloads_report.product)),
                        Column::new(tv!(i18n, reports.downloads_report.version)),
                        Column::num(tv!(i18n, reports.downloads_report.downloads)),
                    ];
                    let rows = r
                        .versions
                        .into_iter()
                        .map(|d| {
                            let n = d.downloads;
                            let testid = format!("downloads-{}-{}", d.product_code, d.version);
                            view! {
                                <tr data-testid=testid>
                                    <th scope="row">{d.product_name}</th>
                                    <td>{d.version}</td>
                                    <td class="num" data-col="downloads">{move || count(i18n, n)}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! { <DataTable columns=columns caption=tv!(i18n, reports.downloads_report.title)>{rows}</DataTable> }.into_any()
                };
                view! { class=class,
                    <p class="report-range" data-testid="report-range">{move || range_text(i18n, &range.0, &range.1)}</p>
                    {table}
                }
            })
        })
    };
    view! { class=class,
        <section class="card" aria-labelledby="downloads-title">
            <div class="section-head">
                <h2 id="downloads-title">{tv!(i18n, reports.downloads_report.title)}</h2>
                <div class="form-actions">
                    <ExportLink href=export label=tv!(i18n, reports.reports.export_csv) testid="export-downloads-csv" />
                </div>
            </div>
            <p class="muted">{tv!(i18n, reports.downloads_report.intro)}</p>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}
