//! Insights: how each active licence's seats are spread over the teams, as stacked bars (one
//! per licence, a colour per team, the outline the seats bought) and as a table.

use leptos::prelude::*;
use seatwise_api::{InsightsReport, LicenceDistribution};

use super::chart::{Segment, StackedBar, StackedBarChart};
use super::{count, reports_class};
use crate::account::use_account;
use crate::api::{self, ApiResult};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::text::I18n;

/// Teams by first appearance (the server lists each licence's largest first); members in no
/// team are one series too.
fn team_series(licences: &[LicenceDistribution]) -> Vec<Option<String>> {
    let mut teams: Vec<Option<String>> = vec![];
    for l in licences {
        for t in &l.teams {
            if !teams.contains(&t.team_id) {
                teams.push(t.team_id.clone());
            }
        }
    }
    teams
}

fn team_label(i18n: I18n, name: Option<&str>) -> String {
    name.map(str::to_owned).unwrap_or_else(|| ts!(i18n, reports.insights.no_team).to_string())
}

fn licence_label(l: &LicenceDistribution) -> String {
    format!("{} · {}", l.product_name, l.contract_number)
}

#[component]
pub fn Insights() -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let report = LocalResource::new(move || api::insights(account.id.get()));
    let retry = Callback::new(move |_| report.refetch());
    let body = move || {
        report.get().map(|result: ApiResult<InsightsReport>| {
            result.map(|r| {
                if r.licences.is_empty() {
                    return view! { <p class="empty">{tv!(i18n, reports.insights.none)}</p> }.into_any();
                }
                view! { class=class,
                    {chart(i18n, &r.licences)}
                    {table(i18n, r.licences)}
                }
                .into_any()
            })
        })
    };
    view! { class=class,
        <section class="card" aria-labelledby="insights-title">
            <h2 id="insights-title" class="card-title">{tv!(i18n, reports.insights.title)}</h2>
            <p class="muted">{tv!(i18n, reports.insights.intro)}</p>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

fn chart(i18n: I18n, licences: &[LicenceDistribution]) -> impl IntoView {
    let series = team_series(licences);
    let names: Vec<String> = series
        .iter()
        .map(|id| {
            let name = licences.iter().flat_map(|l| &l.teams).find(|t| &t.team_id == id).and_then(|t| t.team_name.clone());
            team_label(i18n, name.as_deref())
        })
        .collect();
    let bars = licences
        .iter()
        .map(|l| StackedBar {
            label: licence_label(l),
            total: l.seats,
            segments: l
                .teams
                .iter()
                .map(|t| Segment {
                    series: series.iter().position(|s| s == &t.team_id).unwrap_or(0),
                    value: t.seats,
                    title: ts!(i18n, reports.insights.bar_title,
                        licence = licence_label(l),
                        team = team_label(i18n, t.team_name.as_deref()),
                        seats = count(i18n, t.seats)),
                })
                .collect(),
        })
        .collect();
    let assigned: u64 = licences.iter().map(|l| l.assigned).sum();
    let bought: u64 = licences.iter().map(|l| l.seats).sum();
    let summary = ts!(i18n, reports.insights.summary,
        licences = count(i18n, licences.len() as u64),
        teams = count(i18n, series.len() as u64),
        assigned = count(i18n, assigned),
        seats = count(i18n, bought));
    let scale_title = Callback::new(move |seats: u64| ts!(i18n, reports.insights.scale_title, seats = count(i18n, seats)));
    view! { <StackedBarChart bars=bars legend=names summary=summary scale_title=scale_title /> }
}

/// The chart's numbers: one row per licence and team.
fn table(i18n: I18n, licences: Vec<LicenceDistribution>) -> impl IntoView {
    let columns = vec![
        Column::new(tv!(i18n, reports.insights.licence)),
        Column::num(tv!(i18n, reports.insights.seats)),
        Column::num(tv!(i18n, reports.insights.assigned)),
        Column::new(tv!(i18n, reports.insights.team)),
        Column::num(tv!(i18n, reports.insights.team_seats)),
    ];
    let rows = licences
        .into_iter()
        .flat_map(|l| {
            let label = licence_label(&l);
            let (seats, assigned, id) = (l.seats, l.assigned, l.subscription_id.clone());
            let teams = if l.teams.is_empty() { vec![None] } else { l.teams.into_iter().map(Some).collect() };
            teams.into_iter().map(move |t| {
                let key = t.as_ref().map(|t| t.team_id.clone().unwrap_or_else(|| "none".into())).unwrap_or_default();
                let team = t.as_ref().map(|t| team_label(i18n, t.team_name.as_deref())).unwrap_or_default();
                let team_seats = t.map(|t| t.seats);
                view! {
                    <tr data-testid=format!("insights-{id}-{key}")>
                        <th scope="row">{label.clone()}</th>
                        <td class="num" data-col="seats">{move || count(i18n, seats)}</td>
                        <td class="num" data-col="assigned">{move || count(i18n, assigned)}</td>
                        <td>{team}</td>
                        <td class="num" data-col="team_seats">{move || team_seats.map(|n| count(i18n, n)).unwrap_or_default()}</td>
                    </tr>
                }
            })
        })
        .collect_view();
    view! {
        <h3 class="table-title">{tv!(i18n, reports.insights.table_title)}</h3>
        <DataTable columns=columns>{rows}</DataTable>
    }
}
