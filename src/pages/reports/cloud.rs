//! Cloud services usage: per subscription its credits (total, consumed, balance, consumed in the
//! range), the credits consumed per month as bars with a table, and the day the balance runs out
//! at the last 30 days' rate; the contracts' sums; the credits by person. CSV exports.

use leptos::prelude::*;
use seatwise_api::{CloudUsageReport, ContractCredits, CreditBalance, UserCredits};

use super::chart::{Bar, BarChart};
use super::{count, range_text, reports_class, ExportLink};
use crate::account::use_account;
use crate::api::{self, ApiResult};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::intl;
use crate::routes::ReportView;
use crate::text::{self, I18n};

#[component]
pub fn CloudUsage(
    /// The page's state: the range.
    view: Memo<ReportView>,
) -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let query = Memo::new(move |_| view.with(ReportView::api_query));
    let report = LocalResource::new(move || api::cloud_usage(account.id.get(), query.get()));
    let retry = Callback::new(move |_| report.refetch());
    let export = move |file: &'static str| Signal::derive(move || api::report_export_href(&account.id.get(), file, &query.get()));
    let subscriptions = move || {
        report.get().map(|result: ApiResult<CloudUsageReport>| {
            result.map(|r| {
                let range = (r.from.clone(), r.to.clone());
                let cards = if r.subscriptions.is_empty() {
                    view! { <p class="empty">{tv!(i18n, reports.cloud.none)}</p> }.into_any()
                } else {
                    r.subscriptions.into_iter().map(|s| subscription_card(i18n, s)).collect_view().into_any()
                };
                view! { class=class,
                    <p class="report-range" data-testid="report-range">{move || range_text(i18n, &range.0, &range.1)}</p>
                    {cards}
                    {contracts_table(i18n, r.contracts)}
                }
            })
        })
    };
    let users = move || {
        report.get().map(|result: ApiResult<CloudUsageReport>| result.map(|r| users_table(i18n, r.users)))
    };
    view! { class=class,
        <section class="card" aria-labelledby="cloud-title">
            <div class="section-head">
                <h2 id="cloud-title">{tv!(i18n, reports.cloud.title)}</h2>
                <div class="form-actions">
                    <ExportLink href=export("cloud-usage/export.csv") label=tv!(i18n, reports.reports.export_csv) testid="export-cloud-csv" />
                </div>
            </div>
            <p class="muted">{tv!(i18n, reports.cloud.intro)}</p>
            <Loaded on_retry=retry>{subscriptions}</Loaded>
        </section>
        <section class="card" aria-labelledby="cloud-users-title">
            <div class="section-head">
                <h2 id="cloud-users-title">{tv!(i18n, reports.cloud.by_user_title)}</h2>
                <div class="form-actions">
                    <ExportLink href=export("cloud-usage/users/export.csv") label=tv!(i18n, reports.reports.export_csv) testid="export-cloud-users-csv" />
                </div>
            </div>
            <p class="muted">{tv!(i18n, reports.cloud.by_user_intro)}</p>
            <Loaded on_retry=retry>{users}</Loaded>
        </section>
    }
}

/// One subscription's credits, its months as bars and a table, and when it runs out.
fn subscription_card(i18n: I18n, s: CreditBalance) -> impl IntoView {
    let class = reports_class();
    let tag = move || text::tag(i18n);
    let title_id = format!("credits-{}", s.subscription_id);
    let runs_out = s.runs_out_on.clone();
    let forecast = move || match &runs_out {
        Some(day) => ts!(i18n, reports.cloud.runs_out_on, date = intl::format_plain_date(tag(), day)),
        None => ts!(i18n, reports.cloud.no_forecast).to_string(),
    };
    let fact = move |label: ArcSignal<String>, n: u64, key: &'static str| {
        view! { class=class,
            <div class="fact">
                <dt>{label}</dt>
                <dd data-fact=key>{move || count(i18n, n)}</dd>
            </div>
        }
    };
    let months = s.months.clone();
    let chart = move || {
        let bars = months
            .iter()
            .map(|m| Bar {
                label: intl::format_plain_month(tag(), &m.month, false),
                value: m.credits,
                title: ts!(i18n, reports.cloud.month_title,
                    month = intl::format_plain_month(tag(), &m.month, true),
                    credits = count(i18n, m.credits)),
            })
            .collect::<Vec<_>>();
        let total: u64 = months.iter().map(|m| m.credits).sum();
        let summary = ts!(i18n, reports.cloud.chart_summary,
            months = count(i18n, months.len() as u64),
            credits = count(i18n, total));
        let format = Callback::new(move |n: u64| count(i18n, n));
        view! { <BarChart bars=bars summary=summary format=format legend=ts!(i18n, reports.cloud.legend).to_string() /> }
    };
    let month_rows = s
        .months
        .iter()
        .map(|m| {
            let (month, credits) = (m.month.clone(), m.credits);
            let testid = format!("month-{month}");
            view! {
                <tr data-testid=testid>
                    <th scope="row">{move || intl::format_plain_month(tag(), &month, true)}</th>
                    <td class="num">{move || count(i18n, credits)}</td>
                </tr>
            }
        })
        .collect_view();
    let month_columns = vec![Column::new(tv!(i18n, reports.cloud.month)), Column::num(tv!(i18n, reports.cloud.credits))];
    let (labelled_by, testid) = (title_id.clone(), format!("credits-{}", s.subscription_id));
    view! { class=class,
        <article class="credit-card" aria-labelledby=labelled_by data-testid=testid>
            <h3 id=title_id class="credit-title">{s.product_name.clone()} " · " {s.contract_number.clone()}</h3>
            <dl class="credit-facts">
                {fact(tv!(i18n, reports.cloud.total), s.total, "total")}
                {fact(tv!(i18n, reports.cloud.consumed), s.consumed, "consumed")}
                {fact(tv!(i18n, reports.cloud.balance), s.balance, "balance")}
                {fact(tv!(i18n, reports.cloud.consumed_in_range), s.consumed_in_range, "consumed_in_range")}
            </dl>
            <p class="forecast" data-testid="forecast">{forecast}</p>
            {chart}
            <details class="chart-data">
                <summary>{tv!(i18n, reports.cloud.months_table)}</summary>
                <DataTable columns=month_columns>{month_rows}</DataTable>
            </details>
        </article>
    }
}

fn contracts_table(i18n: I18n, contracts: Vec<ContractCredits>) -> impl IntoView {
    let class = reports_class();
    (!contracts.is_empty()).then(|| {
        let columns = vec![
            Column::new(tv!(i18n, reports.cloud.contract)),
            Column::num(tv!(i18n, reports.cloud.total)),
            Column::num(tv!(i18n, reports.cloud.consumed)),
            Column::num(tv!(i18n, reports.cloud.balance)),
            Column::num(tv!(i18n, reports.cloud.consumed_in_range)),
        ];
        let rows = contracts
            .into_iter()
            .map(|c| {
                let cell = move |n: u64| move || count(i18n, n);
                view! {
                    <tr data-testid=format!("contract-credits-{}", c.contract_id)>
                        <th scope="row">{c.contract_number}</th>
                        <td class="num" data-col="total">{cell(c.total)}</td>
                        <td class="num" data-col="consumed">{cell(c.consumed)}</td>
                        <td class="num" data-col="balance">{cell(c.balance)}</td>
                        <td class="num" data-col="consumed_in_range">{cell(c.consumed_in_range)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! { class=class,
            <h3 class="table-title">{tv!(i18n, reports.cloud.contracts_title)}</h3>
            <DataTable columns=columns>{rows}</DataTable>
        }
    })
}

fn users_table(i18n: I18n, users: Vec<UserCredits>) -> AnyView {
    if users.is_empty() {
        return view! { <p class="empty">{tv!(i18n, reports.cloud.no_users)}</p> }.into_any();
    }
    let columns = vec![
        Column::new(tv!(i18n, reports.cloud.person)),
        Column::new(tv!(i18n, reports.cloud.email)),
        Column::num(tv!(i18n, reports.cloud.credits)),
    ];
    let rows = users
        .into_iter()
        .map(|u| {
            let credits = u.credits;
            view! {
                <tr data-testid=format!("cloud-user-{}", u.user_id)>
                    <th scope="row">{u.name}</th>
                    <td>{u.email}</td>
                    <td class="num" data-col="credits">{move || count(i18n, credits)}</td>
                </tr>
            }
        })
        .collect_view();
    view! { <DataTable columns=columns caption=tv!(i18n, reports.cloud.by_user_title)>{rows}</DataTable> }.into_any()
}
