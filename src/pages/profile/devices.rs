//! The person's devices: the computers a desktop app signed in from as them (the device grant,
//! approved at `/device`), with the products each ran; one can be deactivated.

use leptos::prelude::*;
use seatwise_api::{Device, DeviceProduct};

use crate::api::{self, ApiResult};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::AppRoute;
use crate::text;

use super::page::profile_class;

/// A device's state, as its row says it.
#[derive(Clone, Copy, PartialEq)]
enum Status {
    Active,
    /// Not heard from for a while; its sign-in still works.
    Inactive,
    /// Signed out for good.
    Deactivated,
}

#[component]
pub fn Devices() -> impl IntoView {
    let class = profile_class();
    let i18n = use_i18n();
    let toasts = use_toasts();
    // Deactivates a device (its id, and its name for the toast); its value is the id once done.
    let deactivate = Action::new_local(move |(id, computer): &(String, String)| {
        let (id, computer) = (id.clone(), computer.clone());
        async move {
            let result = api::deactivate_my_device(id.clone()).await;
            match &result {
                Ok(()) => toasts.success(move || {
                    ts!(i18n, personal.devices.deactivated_toast, computer = computer.clone()).to_string()
                }),
                Err(error) => toasts.error(error.clone()),
            }
            result.map(|()| id)
        }
    });
    let devices = LocalResource::new(move || {
        deactivate.version().track();
        api::my_devices()
    });
    let retry = Callback::new(move |_| devices.refetch());
    // A device deactivated here shows so at once, before the list has reloaded.
    let done_here = move |id: &str| deactivate.value().with(|v| matches!(v, Some(Ok(done)) if done == id));
    let columns = move || {
        vec![
            Column::new(tv!(i18n, personal.devices.computer)),
            Column::new(tv!(i18n, personal.devices.os)),
            Column::new(tv!(i18n, personal.devices.app)),
            Column::new(tv!(i18n, personal.devices.products)),
            Column::new(tv!(i18n, personal.devices.first_seen)),
            Column::new(tv!(i18n, personal.devices.last_seen)),
            Column::new(tv!(i18n, personal.devices.status)),
            Column::hidden(tv!(i18n, personal.devices.actions)),
        ]
    };
    let row = move |d: Device| {
        let tag = move || text::tag(i18n);
        let status = {
            let id = d.id.clone();
            let (deactivated, active) = (d.deactivated, d.active);
            move || match (deactivated || done_here(&id), active) {
                (true, _) => Status::Deactivated,
                (false, true) => Status::Active,
                (false, false) => Status::Inactive,
            }
        };
        let badge = {
            let status = status.clone();
            move || match status() {
            Status::Active => view! { <span class="badge badge-success">{tv!(i18n, personal.devices.active)}</span> },
            Status::Inactive => view! { <span class="badge badge-warning">{tv!(i18n, personal.devices.inactive)}</span> },
            Status::Deactivated => view! { <span class="badge badge-muted">{tv!(i18n, personal.devices.deactivated)}</span> },
            }
        };
        let products = if d.products.is_empty() {
            view! { <span class="muted">{tv!(i18n, personal.devices.no_products)}</span> }.into_any()
        } else {
            let items = d.products.into_iter().map(|p| view! { <ProductLine product=p /> }).collect_view();
            view! { class=class, <ul class="device-products">{items}</ul> }.into_any()
        };
        let button = {
            let (id, host) = (d.id.clone(), d.host_name.clone());
            let busy = {
                let id = id.clone();
                Signal::derive(move || deactivate.input().with(|i| i.as_ref().is_some_and(|(i, _)| *i == id)))
            };
            move || {
                (status() != Status::Deactivated).then(|| {
                    let (id, host, label_host) = (id.clone(), host.clone(), host.clone());
                    view! {
                        <button
                            type="button"
                            class="btn btn-secondary btn-sm"
                            disabled=move || deactivate.pending().get()
                            aria-busy=move || if busy.get() { "true" } else { "false" }
                            aria-label=move || ts!(i18n, personal.devices.deactivate_label,
                                computer = shown_name(i18n, &label_host)).to_string()
                            on:click=move |_| { deactivate.dispatch((id.clone(), shown_name(i18n, &host))); }
                        >
                            {move || if busy.get() {
                                ts!(i18n, personal.devices.deactivating)
                            } else {
                                ts!(i18n, personal.devices.deactivate)
                            }}
                        </button>
                    }
                })
            }
        };
        let (host, os) = (d.host_name.clone(), d.os.clone());
        let (first, last) = (d.first_seen.clone(), d.last_seen.clone());
        view! {
            <tr>
                <td>{move || shown_name(i18n, &host)}</td>
                <td>{move || shown_name(i18n, &os)}</td>
                <td>{d.client_name.clone()}</td>
                <td>{products}</td>
                <td><time datetime=d.first_seen.clone()>{move || intl::format_date_time(tag(), &first)}</time></td>
                <td><time datetime=d.last_seen.clone()>{move || intl::format_date_time(tag(), &last)}</time></td>
                <td>{badge}</td>
                <td class="num">{button}</td>
            </tr>
        }
    };
    let body = move || {
        devices.get().map(|result: ApiResult<Vec<Device>>| {
            result.map(|list| {
                if list.is_empty() {
                    let page = format!(
                        "{}{}",
                        window().location().origin().unwrap_or_default(),
                        AppRoute::DeviceSignIn { code: None }.href()
                    );
                    return view! { class=class,
                        <p class="devices-empty">{move || ts!(i18n, personal.devices.empty, page = page.clone()).to_string()}</p>
                    }
                    .into_any();
                }
                let rows = list.into_iter().map(row).collect_view();
                view! { <DataTable columns=columns()>{rows}</DataTable> }.into_any()
            })
        })
    };
    view! { class=class,
        <section class="card card-flush devices" aria-labelledby="devices-heading">
            <div class="devices-head">
                <h2 id="devices-heading" class="card-title">{tv!(i18n, personal.devices.title)}</h2>
                <p class="muted">{tv!(i18n, personal.devices.intro)}</p>
            </div>
            <Loaded on_retry=retry>{body}</Loaded>
        </section>
    }
}

/// A name the app sent about itself, or "not given".
fn shown_name(i18n: text::I18n, name: &str) -> String {
    if name.is_empty() {
        ts!(i18n, personal.devices.not_given).to_string()
    } else {
        name.to_owned()
    }
}

/// A product the device ran: name and version, and when it was last used.
#[component]
fn ProductLine(product: DeviceProduct) -> impl IntoView {
    let class = profile_class();
    let i18n = use_i18n();
    let seen = product.last_seen.clone();
    let used = move || {
        let when = intl::format_date(text::tag(i18n), &seen);
        ts!(i18n, personal.devices.last_used, when = when).to_string()
    };
    view! { class=class,
        <li>
            {product.product_name} " " {product.version}
            <span class="device-used">
                <time datetime=product.last_seen>{used}</time>
            </span>
        </li>
    }
}
