//! `/accounts/:account/requests`: the account's licence requests (admins), filtered by status in
//! the URL; the issued network licence file can be downloaded.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{LicenceRequest, RequestStatus};

use super::{area_class, request_kind_name, request_status_name};
use crate::components::table::{Column, DataTable};
use crate::api;
use crate::components::load::Loaded;
use crate::i18n::*;
use crate::intl;
use crate::account::{use_account, AdminOnly};
use crate::routes::AppRoute;
use crate::text::{self, use_page_title};

#[component]
pub fn RequestsPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, software.requests.title).to_string());
    view! {
        <AdminOnly>
            <Requests />
        </AdminOnly>
    }
}

#[component]
fn Requests() -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let query = use_query_map();
    let navigate = use_navigate();
    let status = Memo::new(move |_| query.with(|q| q.get("status").and_then(|s| RequestStatus::parse(&s))));
    let requests = LocalResource::new(move || api::list_licence_requests(account.id.get()));
    let retry = Callback::new(move |_| requests.refetch());
    let on_status = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        navigate(
            &AppRoute::AccountRequests {
                account: account.id.get_untracked(),
                status: RequestStatus::parse(&value),
            }
            .href(),
            Default::default(),
        );
    };
    let rows = move || {
        requests.get().map(|result| {
            result.map(|list| {
                let wanted = status.get();
                let rows: Vec<LicenceRequest> = list
                    .requests
                    .into_iter()
                    .filter(|r| wanted.is_none_or(|s| r.status == s))
                    .collect();
                if rows.is_empty() {
                    let empty = if wanted.is_some() {
                        ts!(i18n, software.requests.empty_filtered)
                    } else {
                        ts!(i18n, software.requests.empty)
                    };
                    return view! { <p class="empty">{empty}</p> }.into_any();
                }
                let body = rows.into_iter().map(|r| view! { <RequestRow request=r /> }).collect_view();
                view! { class=class,
                    <DataTable columns=vec![
                        Column::new(tv!(i18n, software.requests.number)),
                        Column::new(tv!(i18n, software.requests.kind)),
                        Column::new(tv!(i18n, software.requests.product)),
                        Column::new(tv!(i18n, software.requests.status)),
                        Column::new(tv!(i18n, software.requests.requested_by)),
                        Column::new(tv!(i18n, software.requests.created)),
                        Column::new(tv!(i18n, software.requests.updated)),
                    ]>
                        {body}
                    </DataTable>
                }
                .into_any()
            })
        })
    };
    view! { class=class,
        <section class="card">
            <div class="section-head">
                <h2>{tv!(i18n, software.requests.title)}</h2>
            </div>
            <div class="toolbar">
                <div class="field">
                    <label class="field-label" for="filter-status">{tv!(i18n, software.requests.status)}</label>
                    <select id="filter-status" class="input select" on:change=on_status prop:value=move || status.get().map(|s| s.as_str()).unwrap_or_default()>
                        <option value="">{tv!(i18n, software.products.filter_any)}</option>
                        {move || RequestStatus::ALL.into_iter().map(|s| {
                            let selected = status.get_untracked() == Some(s);
                            view! { <option value=s.as_str() selected=selected>{request_status_name(i18n, s)}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            <Loaded on_retry=retry>
                    {rows}
                </Loaded>
        </section>
    }
}

#[component]
fn RequestRow(request: LicenceRequest) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let r = request.clone();
    let status = r.status;
    let badge = match status {
        RequestStatus::Fulfilled | RequestStatus::Shipped => "badge badge-success",
        RequestStatus::Rejected => "badge badge-danger",
        _ => "badge badge-warning",
    };
    let detail = {
        let r = r.clone();
        move || match r.status {
            RequestStatus::Shipped => r.tracking_number.clone().map(|n| {
                ts!(i18n, software.requests.tracking, number = n)
            }),
            RequestStatus::Fulfilled => r.serial_number.clone().map(|n| {
                ts!(i18n, software.requests.serial, serial = n)
            }),
            RequestStatus::Rejected => r.reason.clone().map(|reason| {
                ts!(i18n, software.requests.reason, reason = reason)
            }),
            _ => None,
        }
    };
    let licence = r.has_licence_file.then(|| {
        let href = api::licence_file_href(&account.id.get_untracked(), &r.id);
        view! { class=class,
            <a href=href download class="btn btn-secondary btn-sm">{tv!(i18n, software.requests.licence_file)}</a>
        }
    });
    let what = [r.version.clone(), r.host_name.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let created = r.created_at.clone();
    let updated = r.updated_at.clone();
    let kind = r.kind;
    view! { class=class,
        <tr data-testid=format!("request-{}", r.number)>
            <td class="mono request-number">{r.number.clone()}</td>
            <td>{move || request_kind_name(i18n, kind)}</td>
            <td>{r.product_name.clone()} {(!what.is_empty()).then(|| view! { class=class, <span class="muted">" · " {what.clone()}</span> })}</td>
            <td>
                <span class=badge>{move || request_status_name(i18n, status)}</span>
                {move || detail().map(|d| view! { class=class, <span class="status-detail">{d}</span> })}
                {licence}
            </td>
            <td>{r.requested_by_name.clone()}</td>
            <td>{move || intl::format_date_time(text::tag(i18n), &created)}</td>
            <td>{move || intl::format_date_time(text::tag(i18n), &updated)}</td>
        </tr>
    }
}
