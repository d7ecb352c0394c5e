//! The Activation tab: serial numbers and product keys per version.

use leptos::prelude::*;
use seatwise_api::ProductDetail;

use super::super::{area_class, CopyButton};
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::text;

/// Serial numbers and product keys per version.
#[component]
pub(super) fn Activations(detail: StoredValue<ProductDetail>) -> impl IntoView {
    let class = area_class();
    let i18n = use_i18n();
    let rows = detail.with_value(|d| d.activations.clone());
    if rows.is_empty() {
        return view! { class=class,
            <h2 class="card-title">{tv!(i18n, software.products.tab_activation)}</h2>
            <p class="empty">{tv!(i18n, software.products.no_activations)}</p>
        }
        .into_any();
    }
    let body = rows
        .into_iter()
        .map(|a| {
            let serial = a.serial_number.clone();
            let key = a.product_key.clone();
            let version = a.version.clone();
            let serial_label = {
                let version = version.clone();
                Signal::derive(move || ts!(i18n, software.products.copy_serial, version = version.clone()))
            };
            let key_label = {
                let version = version.clone();
                Signal::derive(move || ts!(i18n, software.products.copy_key, version = version.clone()))
            };
            let licence = a.licence_type;
            view! { class=class,
                <tr>
                    <td>{a.version.clone()}</td>
                    <td><code class="mono">{a.serial_number.clone()}</code> " " <CopyButton text=Signal::derive(move || serial.clone()) label=serial_label /></td>
                    <td><code class="mono">{a.product_key.clone()}</code> " " <CopyButton text=Signal::derive(move || key.clone()) label=key_label /></td>
                    <td>{move || text::licence_name(i18n, licence)}</td>
                    <td>{a.contract_number.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! { class=class,
        <h2 class="card-title">{tv!(i18n, software.products.tab_activation)}</h2>
        <DataTable columns=vec![
            Column::new(tv!(i18n, software.products.col_version)),
            Column::new(tv!(i18n, software.products.serial_number)),
            Column::new(tv!(i18n, software.products.product_key)),
            Column::new(tv!(i18n, software.products.licence_type)),
            Column::new(tv!(i18n, software.products.contract_label)),
        ]>
            {body}
        </DataTable>
    }
    .into_any()
}
