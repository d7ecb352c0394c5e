//! "More actions": the licence requests that apply to this product, as a menu button. A request
//! the product includes anyway (a home-use serial, a version already in the downloads) explains
//! that instead of opening a form.

use leptos::prelude::*;
use leptos_router::components::A;
use seatwise_api::{LicenceType, ProductDetail, RequestAvailability, RequestKind};

use super::super::{area_class, request_kind_name};
use crate::account::use_account;
use crate::components::menu::{Popup, PopupButton};
use crate::i18n::*;
use crate::routes::AppRoute;

#[component]
pub(super) fn MoreActions(detail: StoredValue<ProductDetail>) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let account = use_account();
    let popup = Popup::new();
    // The request kind whose "included" explanation is shown.
    let explained = RwSignal::new(None::<RequestKind>);
    let d = detail.get_value();
    let items: Vec<(RequestKind, RequestAvailability)> = [
        (RequestKind::PreviousVersion, d.previous_version),
        (RequestKind::HomeUse, d.home_use),
        (RequestKind::PhysicalMedia, d.physical_media),
        (RequestKind::NetworkLicence, d.network_licence),
    ]
    .into_iter()
    .filter(|(_, a)| *a != RequestAvailability::NotApplicable)
    .collect();
    if items.is_empty() || !d.entitled {
        return ().into_any();
    }
    let code = d.code.clone();
    let entries = items
        .into_iter()
        .map(|(kind, availability)| {
            let label = move || match kind {
                RequestKind::PreviousVersion => ts!(i18n, software.requests.menu.previous_version),
                RequestKind::HomeUse => ts!(i18n, software.requests.menu.home_use),
                RequestKind::PhysicalMedia => ts!(i18n, software.requests.menu.physical_media),
                RequestKind::NetworkLicence => ts!(i18n, software.requests.menu.network_licence),
            };
            if availability == RequestAvailability::Request {
                let href = AppRoute::AccountLicenceRequest {
                    account: account.id.get_untracked(),
                    code: code.clone(),
                    kind,
                }
                .href();
                view! { class=class,
                    <A href=href attr:role="menuitem" attr:tabindex="-1" attr:class="menu-item">{label}</A>
                }
                .into_any()
            } else {
                let explain = move |_| {
                    explained.set(Some(kind));
                    popup.close(true);
                };
                view! { class=class,
                    <button type="button" role="menuitem" tabindex="-1" class="menu-item" on:click=explain>
                        {label}
                    </button>
                }
                .into_any()
            }
        })
        .collect_view();
    let standalone_serial = d
        .activations
        .iter()
        .find(|a| a.licence_type == LicenceType::Standalone)
        .or_else(|| d.activations.first())
        .map(|a| a.serial_number.clone());
    let explanation = move || {
        explained.get().map(|kind| {
            view! { <Included kind=kind serial=standalone_serial.clone() on_close=move || explained.set(None) /> }
        })
    };
    view! {
        <PopupButton
            popup=popup
            scope=class
            id="more-actions"
            menu=true
            wrapper_class="more-actions"
            button_class="btn btn-secondary"
            panel_class="menu"
            label=move || view! { {tv!(i18n, software.products.more_actions)} " ▾" }
        >
            {entries}
        </PopupButton>
        {explanation}
    }
    .into_any()
}

/// Why a request is not needed: what the product already includes.
#[component]
fn Included(
    kind: RequestKind,
    /// The serial number a home-use installation uses.
    serial: Option<String>,
    #[prop(into)] on_close: Callback<()>,
) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let text = move || match kind {
        RequestKind::HomeUse => match serial.clone() {
            Some(serial) => ts!(i18n, software.requests.included.home_use_serial, serial = serial),
            None => ts!(i18n, software.requests.included.home_use).to_string(),
        },
        RequestKind::PreviousVersion => ts!(i18n, software.requests.included.previous_version).to_string(),
        RequestKind::PhysicalMedia => ts!(i18n, software.requests.included.physical_media).to_string(),
        RequestKind::NetworkLicence => ts!(i18n, software.requests.included.network_licence).to_string(),
    };
    view! { class=class,
        <div class="alert alert-info included" role="status">
            <p class="alert-title">{move || request_kind_name(i18n, kind)}</p>
            <p>{text}</p>
            <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| on_close.run(())>
                {tv!(i18n, software.products.close)}
            </button>
        </div>
    }
}
