//! `/accounts/:account/devices`: the company's devices. Until the primary admin (the contract
//! manager) accepts the personal-data agreement in force, the page shows its text and, to them,
//! Accept; afterwards the computers that ran the account's products: person, products and
//! versions, first and last seen, status, searchable and filtered in the URL, exported as CSV,
//! and deactivated after a confirmation.

use leptos::ev::SubmitEvent;
use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{Device, DeviceAgreement, DeviceStatus, ErrorCode, DEVICE_AGREEMENT_VERSION};

use super::{error_text, reports_class, ExportLink};
use crate::account::{use_account, AdminOnly};
use crate::api::{self, ApiError, ApiResult};
use crate::components::confirm::ConfirmPanel;
use crate::components::form::{action_error, FormAlert};
use crate::components::load::Loaded;
use crate::components::select::SelectField;
use crate::components::table::{Column, DataTable};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{AppRoute, DeviceFilters, QueryValue};
use crate::text::{self, use_page_title, I18n};

#[component]
pub fn DevicesPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, reports.company_devices.title).to_string());
    view! { <AdminOnly><Devices /></AdminOnly> }
}

#[component]
fn Devices() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let accept = Action::new_local(move |version: &String| {
        let call = api::accept_device_agreement(account.id.get_untracked(), version.clone());
        async move {
            let result = call.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, reports.agreement.accepted_toast).to_string());
            }
            result
        }
    });
    let agreement = LocalResource::new(move || {
        accept.version().track();
        api::device_agreement(account.id.get())
    });
    let retry = Callback::new(move |_| agreement.refetch());
    let body = move || {
        agreement.get().map(|result: ApiResult<DeviceAgreement>| {
            result.map(|a| {
                if a.in_force {
                    view! { <Accepted agreement=a /> <DeviceList /> }.into_any()
                } else {
                    view! { <Agreement agreement=a accept=accept /> }.into_any()
                }
            })
        })
    };
    view! { <Loaded on_retry=retry>{body}</Loaded> }
}

/// The agreement's text (the version this app carries), who accepted an older one, and Accept
/// for the contract manager; everyone else is told who accepts it.
#[component]
fn Agreement(
    /// The account's agreement state.
    agreement: DeviceAgreement,
    /// Accepts the version read.
    accept: Action<String, ApiResult<DeviceAgreement>>,
) -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let version = agreement.version.clone();
    let earlier = agreement.accepted.clone().map(|earlier| {
        let at = earlier.at.clone();
        view! {
            <p class="alert alert-info" data-testid="agreement-earlier">
                {move || ts!(i18n, reports.agreement.earlier,
                    version = earlier.version.clone(),
                    name = earlier.by_name.clone(),
                    date = intl::format_date(text::tag(i18n), &at))}
            </p>
        }
    });
    // The text shown is the version this app was built with; the server refuses any other.
    let on_accept = move |_| {
        accept.dispatch(DEVICE_AGREEMENT_VERSION.to_owned());
    };
    let action = if agreement.may_accept {
        view! {
            <div class="form-actions">
                <button type="button" class="btn btn-primary" disabled=move || accept.pending().get()
                    aria-busy=move || if accept.pending().get() { "true" } else { "false" } on:click=on_accept>
                    {move || if accept.pending().get() { ts!(i18n, reports.agreement.accepting) } else { ts!(i18n, reports.agreement.accept) }}
                </button>
            </div>
        }
        .into_any()
    } else {
        view! { <p class="alert alert-info" role="note" data-testid="agreement-primary-only">{tv!(i18n, reports.agreement.primary_only)}</p> }.into_any()
    };
    view! { class=class,
        <section class="card agreement" aria-labelledby="agreement-title" data-testid="device-agreement">
            <h2 id="agreement-title" class="card-title">{tv!(i18n, reports.agreement.title)}</h2>
            <p class="muted" data-testid="agreement-version">{move || ts!(i18n, reports.agreement.version, version = version.clone())}</p>
            {earlier}
            <div class="agreement-text">
                <p>{tv!(i18n, reports.agreement.p_purpose)}</p>
                <p>{tv!(i18n, reports.agreement.p_data)}</p>
                <p>{tv!(i18n, reports.agreement.p_use)}</p>
                <p>{tv!(i18n, reports.agreement.p_retention)}</p>
                <p>{tv!(i18n, reports.agreement.p_duties)}</p>
            </div>
            <FormAlert error=action_error(accept) />
            {action}
        </section>
    }
}

/// Who accepted the agreement in force, and when.
#[component]
fn Accepted(agreement: DeviceAgreement) -> impl IntoView {
    let i18n = use_i18n();
    agreement.accepted.map(|a| {
        let at = a.at.clone();
        view! {
            <p class="muted" data-testid="agreement-accepted">
                {move || ts!(i18n, reports.agreement.accepted_by,
                    version = a.version.clone(),
                    name = a.by_name.clone(),
                    date = intl::format_date(text::tag(i18n), &at))}
            </p>
        }
    })
}

fn status_of(d: &Device) -> DeviceStatus {
    match (d.deactivated, d.active) {
        (true, _) => DeviceStatus::Deactivated,
        (false, true) => DeviceStatus::Active,
        (false, false) => DeviceStatus::Inactive,
    }
}

fn status_name(i18n: I18n, s: DeviceStatus) -> String {
    match s {
        DeviceStatus::Active => ts!(i18n, reports.company_devices.active),
        DeviceStatus::Inactive => ts!(i18n, reports.company_devices.inactive),
        DeviceStatus::Deactivated => ts!(i18n, reports.company_devices.deactivated),
    }
    .to_string()
}

/// A name the app sent about itself, or "not given".
fn shown(i18n: I18n, name: &str) -> String {
    if name.is_empty() {
        ts!(i18n, reports.company_devices.not_given).to_string()
    } else {
        name.to_owned()
    }
}

/// The devices of the filters in the URL, with the export and deactivation.
#[component]
fn DeviceList() -> impl IntoView {
    let class = reports_class();
    let i18n = use_i18n();
    let account = use_account();
    let toasts = use_toasts();
    let query = use_query_map();
    let filters = Memo::new(move |_| query.with(DeviceFilters::from_query));
    // The device a confirmation is open for: (id, host name).
    let confirming = RwSignal::new(None::<(String, String)>);
    let deactivate = Action::new_local(move |(id, host): &(String, String)| {
        let (id, host) = (id.clone(), host.clone());
        let call = api::deactivate_company_device(account.id.get_untracked(), id);
        async move {
            let result = call.await;
            match &result {
                Ok(()) => {
                    confirming.set(None);
                    toasts.success(move || ts!(i18n, reports.company_devices.deactivated_toast, computer = host.clone()));
                }
                Err(e) => {
                    let e = e.clone();
                    toasts.error_text(move || error_text(i18n, &e));
                }
            }
            result
        }
    });
    let devices = LocalResource::new(move || {
        deactivate.version().track();
        api::company_devices(account.id.get(), filters.get().query_string())
    });
    let retry = Callback::new(move |_| devices.refetch());
    let export = Signal::derive(move || api::devices_export_href(&account.id.get(), &filters.get().query_string()));
    let columns = move || {
        vec![
            Column::new(tv!(i18n, reports.company_devices.host)),
            Column::new(tv!(i18n, reports.company_devices.os)),
            Column::new(tv!(i18n, reports.company_devices.person)),
            Column::new(tv!(i18n, reports.company_devices.products)),
            Column::new(tv!(i18n, reports.company_devices.first_seen)),
            Column::new(tv!(i18n, reports.company_devices.last_seen)),
            Column::new(tv!(i18n, reports.company_devices.status)),
            Column::hidden(tv!(i18n, reports.company_devices.actions)),
        ]
    };
    let body = move || {
        devices.get().map(|result| match result {
            // The agreement was replaced by a new version meanwhile: said in this area's words.
            Err(e @ ApiError::Server { code: ErrorCode::AgreementRequired, .. }) => {
                Ok(view! { <p class="alert alert-error" role="alert">{move || error_text(i18n, &e)}</p> }.into_any())
            }
            result => result.map(|list| {
                let note = list.truncated.then(|| view! { <p class="alert alert-info" role="note">{tv!(i18n, reports.company_devices.truncated)}</p> });
                let table = if list.devices.is_empty() {
                    view! { <p class="empty">{tv!(i18n, reports.company_devices.none)}</p> }.into_any()
                } else {
                    let rows = list.devices.into_iter().map(|d| view! { <DeviceRow device=d filters=filters confirming=confirming /> }).collect_view();
                    view! { <DataTable columns=columns() caption=tv!(i18n, reports.company_devices.title)>{rows}</DataTable> }.into_any()
                };
                view! { {note} {table} }.into_any()
            }),
        })
    };
    let confirm = move || {
        confirming.get().map(|(id, host)| {
            let (text_host, toast_host) = (host.clone(), host.clone());
            view! {
                <ConfirmPanel
                    id="deactivate-device"
                    title=Signal::derive(move || ts!(i18n, reports.company_devices.confirm_title, computer = host.clone()))
                    text=Signal::derive(move || ts!(i18n, reports.company_devices.confirm_text, computer = text_host.clone()))
                    confirm_label=Signal::derive(move || ts!(i18n, reports.company_devices.deactivate).to_string())
                    busy=deactivate.pending()
                    on_confirm=Callback::new(move |_| { deactivate.dispatch((id.clone(), toast_host.clone())); })
                    on_cancel=Callback::new(move |_| confirming.set(None))
                />
            }
        })
    };
    view! { class=class,
        <section class="card" aria-labelledby="devices-title">
            <div class="section-head">
                <h2 id="devices-title">{tv!(i18n, reports.company_devices.title)}</h2>
                <div class="form-actions">
                    <ExportLink href=export label=tv!(i18n, reports.reports.export_csv) testid="export-devices-csv" />
                </div>
            </div>
            <p class="muted">{tv!(i18n, reports.company_devices.intro)}</p>
            <DeviceFilterBar filters=filters />
            {confirm}
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

/// One device: host name, system, person (a link to their devices), products and versions,
/// first and last seen, status, and Deactivate (which opens the confirmation).
#[component]
fn DeviceRow(
    /// The device.
    device: Device,
    /// The list's filters (the person's link keeps them).
    filters: Memo<DeviceFilters>,
    /// The device a confirmation is open for.
    confirming: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let d = device;
    let tag = move || text::tag(i18n);
    let status = status_of(&d);
    let badge = match status {
        DeviceStatus::Active => "badge badge-success",
        DeviceStatus::Inactive => "badge badge-warning",
        DeviceStatus::Deactivated => "badge badge-muted",
    };
    let products = d
        .products
        .iter()
        .map(|p| {
            let (seen, at) = (p.last_seen.clone(), p.last_seen.clone());
            view! {
                <li>
                    {p.product_name.clone()} " " {p.version.clone()}
                    <span class="device-used"><time datetime=at>{move || ts!(i18n, reports.company_devices.last_used, when = intl::format_date(tag(), &seen))}</time></span>
                </li>
            }
        })
        .collect_view();
    let person = {
        let next = DeviceFilters { user: Some(d.user_id.clone()), ..filters.get_untracked() };
        let href = AppRoute::AccountDevices { account: account.id.get_untracked(), filters: next }.href();
        let name = d.user_name.clone();
        let label_name = name.clone();
        view! {
            <A href=href attr:title=move || ts!(i18n, reports.company_devices.only_person, name = label_name.clone())>{name}</A>
            <span class="person-email">{d.user_email.clone()}</span>
        }
    };
    let button = (status != DeviceStatus::Deactivated).then(|| {
        let (id, host) = (d.id.clone(), shown(i18n, &d.host_name));
        let label_host = host.clone();
        view! {
            <button
                type="button"
                class="btn btn-secondary btn-sm"
                aria-label=move || ts!(i18n, reports.company_devices.deactivate_label, computer = label_host.clone())
                on:click=move |_| confirming.set(Some((id.clone(), host.clone())))
            >
                {tv!(i18n, reports.company_devices.deactivate)}
            </button>
        }
    });
    let (host, os) = (d.host_name.clone(), d.os.clone());
    let (first, last) = (d.first_seen.clone(), d.last_seen.clone());
    view! {
        <tr data-testid=format!("device-{}", d.id)>
            <th scope="row">{move || shown(i18n, &host)}</th>
            <td>{move || shown(i18n, &os)}</td>
            <td>{person}</td>
            <td><ul class="device-products">{products}</ul></td>
            <td><time datetime=d.first_seen.clone()>{move || intl::format_date_time(tag(), &first)}</time></td>
            <td><time datetime=d.last_seen.clone()>{move || intl::format_date_time(tag(), &last)}</time></td>
            <td><span class=badge data-status=status.as_str()>{move || status_name(i18n, status)}</span></td>
            <td class="num">{button}</td>
        </tr>
    }
}

/// Search, status and product: each goes into the URL, which the list follows; a person chosen
/// from the list shows with a link back to everyone.
#[component]
fn DeviceFilterBar(filters: Memo<DeviceFilters>) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let navigate = use_navigate();
    let subscriptions = LocalResource::new(move || api::list_subscriptions(account.id.get()));
    let go = move |next: DeviceFilters| {
        navigate(&AppRoute::AccountDevices { account: account.id.get_untracked(), filters: next }.href(), Default::default());
    };
    let input = NodeRef::<Input>::new();
    let on_search = {
        let go = go.clone();
        move |ev: SubmitEvent| {
            ev.prevent_default();
            let q = input.get().map(|i| i.value()).and_then(|v| String::from_query(&v));
            go(DeviceFilters { q, ..filters.get_untracked() });
        }
    };
    let statuses = Signal::derive(move || {
        [DeviceStatus::Active, DeviceStatus::Inactive, DeviceStatus::Deactivated].into_iter().map(|s| (s, status_name(i18n, s))).collect::<Vec<_>>()
    });
    let products = Signal::derive(move || {
        let mut products: Vec<(String, String)> = match subscriptions.get() {
            Some(Ok(list)) => list.subscriptions.into_iter().map(|s| (s.product_code, s.product_name)).collect(),
            _ => vec![],
        };
        products.sort_by(|a, b| a.1.cmp(&b.1));
        products.dedup();
        products
    });
    let on_status = {
        let go = go.clone();
        Callback::new(move |status: Option<DeviceStatus>| go(DeviceFilters { status, ..filters.get_untracked() }))
    };
    let on_product = {
        let go = go.clone();
        Callback::new(move |product: Option<String>| go(DeviceFilters { product, ..filters.get_untracked() }))
    };
    let everyone = move || {
        filters.get().user.map(|_| {
            let href = AppRoute::AccountDevices { account: account.id.get(), filters: DeviceFilters { user: None, ..filters.get() } }.href();
            view! { <A href=href attr:class="btn btn-secondary btn-sm">{tv!(i18n, reports.company_devices.everyone)}</A> }
        })
    };
    view! {
        <form class="toolbar" role="search" aria-label=move || ts!(i18n, reports.company_devices.filters).to_string() on:submit=on_search>
            <div class="field field-search">
                <label class="field-label" for="devices-q">{tv!(i18n, reports.company_devices.search)}</label>
                <div class="search-row">
                    <input id="devices-q" name="q" type="search" class="input" node_ref=input prop:value=move || filters.get().q.unwrap_or_default() />
                    <button type="submit" class="btn btn-secondary">{tv!(i18n, reports.company_devices.search_submit)}</button>
                </div>
            </div>
            <SelectField
                id="devices-status"
                label=tv!(i18n, reports.company_devices.status)
                options=statuses
                value=Signal::derive(move || filters.get().status)
                on_change=on_status
                empty=tv!(i18n, reports.company_devices.any)
            />
            <SelectField
                id="devices-product"
                label=tv!(i18n, reports.company_devices.product)
                options=products
                value=Signal::derive(move || filters.get().product)
                on_change=on_product
                empty=tv!(i18n, reports.company_devices.any)
            />
            {everyone}
        </form>
    }
}
