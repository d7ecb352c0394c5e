//! Seat usage by product: seats bought, assigned, used in the range and never used, with CSV and
//! Excel exports of the same range.

use leptos::prelude::*;
use seatwise_api::SeatUsageReport;

use super::{count, range_text, reports_class, ExportLink};
use crate::account::use_account;
use crate::api::{self, ApiResult};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::routes::ReportView;

#[component]
pub fn SeatUsage(
    /// The page's state: the range.
    view: Memo<ReportView>,
) -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let query = Memo::new(move |_| view.with(ReportView::api_query));
    let report = LocalResource::new(move || api::seat_usage(account.id.get(), query.get()));
    let retry = Callback::new(move |_| report.refetch());
    let export = move |file: &'static str| Signal::derive(move || api::report_export_href(&account.id.get(), file, &query.get()));
    let columns = move || {
        vec![
            Column::new(tv!(i18n, reports.seat_usage.product)),
            Column::num(tv!(i18n, reports.seat_usage.bought)),
            Column::num(tv!(i18n, reports.seat_usage.assigned)),
            Column::num(tv!(i18n, reports.seat_usage.used)),
            Column::num(tv!(i18n, reports.seat_usage.never_used)),
        ]
    };
    let body = move || {
        report.get().map(|result: ApiResult<SeatUsageReport>| {
            result.map(|r| {
                let range = (r.from.clone(), r.to.clone());
                let table = if r.products.is_empty() {
                    view! { <p class="empty">{tv!(i18n, reports.seat_usage.none)}</p> }.into_any()
                } else {
                    let rows = r
                        .products
                        .into_iter()
                        .map(|p| {
                            let cell = move |n: u64| move || count(i18n, n);
                            view! {
                                <tr data-testid=format!("seat-usage-{}", p.product_code)>
                                    <th scope="row">{p.product_name}</th>
                                    <td class="num" data-col="bought">{cell(p.bought)}</td>
                                    <td class="num" data-col="assigned">{cell(p.assigned)}</td>
                                    <td class="num" data-col="used">{cell(p.used)}</td>
                                    <td class="num" data-col="never_used">{cell(p.never_used)}</td>
                                </tr>
                            }
                        })
                        .collect_view();
                    view! { <DataTable columns=columns() caption=tv!(i18n, reports.seat_usage.title)>{rows}</DataTable> }.into_any()
                };
                view! { class=class,
                    <p class="report-range" data-testid="report-range">{move || range_text(i18n, &range.0, &range.1)}</p>
                    {table}
                }
            })
        })
    };
    view! { class=class,
        <section class="card" aria-labelledby="seat-usage-title">
            <div class="section-head">
                <h2 id="seat-usage-title">{tv!(i18n, reports.seat_usage.title)}</h2>
                <div class="form-actions">
                    <ExportLink href=export("seat-usage/export.csv") label=tv!(i18n, reports.reports.export_csv) testid="export-seat-usage-csv" />
                    <ExportLink href=export("seat-usage/export.xlsx") label=tv!(i18n, reports.reports.export_xlsx) testid="export-seat-usage-xlsx" />
                </div>
            </div>
            <p class="muted">{tv!(i18n, reports.seat_usage.intro)}</p>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}
