//! `/vendor/invoices` (vendor staff): every account's invoices, open or paid (in the URL), and the bank
//! transfers received against them; an invoice is paid once its total is settled.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use seatwise_api::{minor_units, InvoiceStatus, InvoiceSummary, NewPaymentRequest};

use crate::pages::vendor::{parse_amount, StaffOnly};
use crate::api;
use crate::components::form::{action_error, field_error, FormAlert, SubmitButton, TextField};
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::components::toast::use_toasts;
use crate::i18n::*;
use crate::intl;
use crate::routes::{AppRoute, QueryValue};
use crate::text::{self, use_page_title};

use super::money;

/// `/vendor/invoices`
#[component]
pub fn InvoicesPage() -> impl IntoView {
    let i18n = use_i18n();
    use_page_title(move || ts!(i18n, accounts.vendor_invoices.title).to_string());
    view! { <StaffOnly><Invoices /></StaffOnly> }
}

#[component]
fn Invoices() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let navigate = use_navigate();
    let status = Memo::new(move |_| query.with(|q| q.get_str("status").and_then(InvoiceStatus::from_query)));
    // The invoice a payment is being recorded for.
    let paying = RwSignal::new(None::<InvoiceSummary>);
    let version = RwSignal::new(0u32);
    let invoices = LocalResource::new(move || {
        version.track();
        api::vendor_invoices(status.get().map(|s| s.to_query()).unwrap_or_default())
    });
    let retry = Callback::new(move |_| invoices.refetch());
    let tag = move || text::tag(i18n);
    let rows = move || {
        invoices.get().map(|result| {
            result.map(|list| {
                if list.invoices.is_empty() {
                    return view! { <tr><td colspan="8" class="empty">{tv!(i18n, accounts.vendor_invoices.none)}</td></tr> }.into_any();
                }
                list.invoices
                    .into_iter()
                    .map(|inv| {
                        let open = inv.status == InvoiceStatus::Open;
                        let number = inv.number.clone();
                        let chosen = inv.clone();
                        view! {
                            <tr>
                                <td class="mono">{inv.number.clone()}</td>
                                <td>{inv.account_name.clone()}</td>
                                <td class="num">{intl::format_plain_date(tag(), &inv.issued_on)}</td>
                                <td class="num">{intl::format_plain_date(tag(), &inv.due_on)}</td>
                                <td class="num">{money(i18n, inv.total_minor, &inv.currency)}</td>
                                <td class="num">{money(i18n, inv.paid_minor, &inv.currency)}</td>
                                <td>{if open {
                                    view! { <span class="badge badge-warning">{tv!(i18n, accounts.vendor_invoices.open)}</span> }.into_any()
                                } else {
                                    view! { <span class="badge badge-success">{tv!(i18n, accounts.vendor_invoices.paid)}</span> }.into_any()
                                }}</td>
                                <td>{open.then(|| view! {
                                    <button type="button" class="btn btn-secondary btn-sm"
                                        aria-label=move || ts!(i18n, accounts.vendor_invoices.record_for, number = number.clone())
                                        on:click=move |_| paying.set(Some(chosen.clone()))>
                                        {tv!(i18n, accounts.vendor_invoices.record)}
                                    </button>
                                })}</td>
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any()
            })
        })
    };
    let on_filter = move |ev: leptos::ev::Event| {
        let next = InvoiceStatus::from_query(&event_target_value(&ev));
        navigate(&AppRoute::VendorInvoices { status: next }.href(), Default::default());
    };
    let recorded = Callback::new(move |_| {
        paying.set(None);
        version.update(|v| *v += 1);
    });
    view! {
        <div class="detail-grid">
            <div class="detail-main">
                <section class="card" aria-labelledby="invoices-title">
                    <div class="section-head">
                        <h2 id="invoices-title">{tv!(i18n, accounts.vendor_invoices.title)}</h2>
                    </div>
                    <p class="muted">{tv!(i18n, accounts.vendor_invoices.intro)}</p>
                    <div class="toolbar">
                        <div class="field">
                            <label class="field-label" for="invoice-status">{tv!(i18n, accounts.vendor_invoices.filter_status)}</label>
                            <select id="invoice-status" class="input select" on:change=on_filter
                                prop:value=move || status.get().map(|s| s.to_query()).unwrap_or_default()>
                                <option value="">{tv!(i18n, accounts.vendor_invoices.all)}</option>
                                <option value="open" selected=move || status.get() == Some(InvoiceStatus::Open)>{tv!(i18n, accounts.vendor_invoices.open)}</option>
                                <option value="paid" selected=move || status.get() == Some(InvoiceStatus::Paid)>{tv!(i18n, accounts.vendor_invoices.paid)}</option>
                            </select>
                        </div>
                    </div>
                    <Loaded on_retry=retry>
                        <DataTable columns=vec![
                            Column::new(tv!(i18n, accounts.vendor_invoices.col_number)),
                            Column::new(tv!(i18n, accounts.vendor_invoices.col_account)),
                            Column::num(tv!(i18n, accounts.vendor_invoices.col_issued)),
                            Column::num(tv!(i18n, accounts.vendor_invoices.col_due)),
                            Column::num(tv!(i18n, accounts.vendor_invoices.col_total)),
                            Column::num(tv!(i18n, accounts.vendor_invoices.col_paid)),
                            Column::new(tv!(i18n, accounts.vendor_invoices.col_status)),
                            Column::hidden(tv!(i18n, accounts.vendor_invoices.col_actions)),
                        ]>
                            {rows}
                        </DataTable>
                    </Loaded>
                </section>
            </div>
            <div class="detail-side">
                {move || paying.get().map(|inv| view! { <PaymentForm invoice=inv done=recorded /> })}
            </div>
        </div>
    }
}

/// Money received by bank transfer against one open invoice (at most what is still due).
#[component]
fn PaymentForm(invoice: InvoiceSummary, done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let due = invoice.total_minor - invoice.paid_minor;
    let units = minor_units(&invoice.currency);
    let amount = RwSignal::new(intl::minor_to_decimal(due, units));
    let today = js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default();
    let received = RwSignal::new(today.get(..10).unwrap_or_default().to_owned());
    let reference = RwSignal::new(String::new());
    let bad_amount = RwSignal::new(false);
    let id = invoice.id.clone();
    let number = invoice.number.clone();
    let record = Action::new_local(move |body: &NewPaymentRequest| {
        let call = api::record_payment(id.clone(), body.clone());
        let number = number.clone();
        async move {
            let result = call.await;
            if result.is_ok() {
                toasts.success(move || ts!(i18n, accounts.vendor_invoices.recorded, number = number.clone()));
                done.run(());
            }
            result
        }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let Some(minor) = parse_amount(&amount.get_untracked(), units) else {
            bad_amount.set(true);
            return;
        };
        bad_amount.set(false);
        record.dispatch(NewPaymentRequest {
            amount_minor: minor,
            received_on: received.get_untracked(),
            reference: reference.get_untracked().trim().to_owned(),
        });
    };
    let server_amount = field_error(record, "amount_minor");
    let amount_error = Signal::derive(move || match bad_amount.get() {
        true => Some(ts!(i18n, accounts.vendor_invoices.amount_format).to_string()),
        false => server_amount.get(),
    });
    let still_due = money(i18n, due, &invoice.currency);
    view! {
        <section class="card" aria-labelledby="payment-title">
            <h2 id="payment-title" class="card-title">{ts!(i18n, accounts.vendor_invoices.record_for, number = invoice.number.clone())}</h2>
            <p class="muted">{invoice.account_name.clone()}" · "{ts!(i18n, accounts.vendor_invoices.still_due, amount = still_due)}</p>
            <form class="form" novalidate on:submit=on_submit>
                <FormAlert error=action_error(record) />
                <TextField name="amount_minor" label=Signal::derive(move || ts!(i18n, accounts.vendor_invoices.amount, currency = invoice.currency.clone()))
                    value=amount error=amount_error required=true />
                <TextField name="received_on" label=Signal::derive(move || ts!(i18n, accounts.vendor_invoices.received_on).to_string())
                    value=received error=field_error(record, "received_on") input_type="date" required=true />
                <TextField name="reference" label=Signal::derive(move || ts!(i18n, accounts.vendor_invoices.reference).to_string())
                    value=reference error=field_error(record, "reference") required=true maxlength=100 />
                <SubmitButton busy=record.pending()
                    label=Signal::derive(move || ts!(i18n, accounts.vendor_invoices.record).to_string())
                    busy_label=Signal::derive(move || ts!(i18n, accounts.vendor_invoices.recording).to_string())
                    extra_class="btn-block" />
            </form>
        </section>
    }
}
