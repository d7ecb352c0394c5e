//! `/accounts/:account/invoices/:invoice`: an invoice as a page to print or save as PDF: who is
//! billed, the lines with their periods, tax, total, payments received and what is still due.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use seatwise_api::Invoice;

use super::money::{money, totals_table};
use super::subscription::{invoice_status_badge, kind_name};
use crate::account::{use_account, AdminOnly};
use crate::api;
use crate::components::load::Loaded;
use crate::components::table::{Column, DataTable};
use crate::i18n::*;
use crate::intl;
use crate::routes::{paths, AppRoute, ContractFilters};
use crate::text::{self, use_page_title};

#[component]
pub fn InvoicePage() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get(paths::INVOICE_ID).unwrap_or_default()));
    let invoice = LocalResource::new(move || api::get_invoice(account.id.get(), id.get()));
    let number = move || match invoice.get() {
        Some(Ok(inv)) => ts!(i18n, accounts.billing.invoice_title, number = inv.summary.number),
        _ => ts!(i18n, accounts.billing.invoices_title).to_string(),
    };
    use_page_title(number);
    let retry = Callback::new(move |_| invoice.refetch());
    let content = move || invoice.get().map(|r| r.map(|inv| view! { <InvoiceView invoice=inv /> }));
    view! {
        <AdminOnly>
            <Loaded on_retry=retry>{content}</Loaded>
        </AdminOnly>
    }
}

#[component]
fn InvoiceView(invoice: Invoice) -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    let tag = text::tag(i18n);
    let sum = invoice.summary.clone();
    let currency = sum.currency.clone();
    let back = match &invoice.subscription_id {
        Some(s) => AppRoute::AccountBilling { account: account.id.get_untracked(), subscription: s.clone() }.href(),
        None => AppRoute::AccountContracts { account: account.id.get_untracked(), filters: ContractFilters::default() }.href(),
    };
    let fact = |label: String, value: String| view! { <div class="fact"><dt>{label}</dt><dd>{value}</dd></div> };
    let payments = if invoice.payments.is_empty() {
        view! { <p class="muted">{tv!(i18n, accounts.billing.payments_none)}</p> }.into_any()
    } else {
        let rows = invoice
            .payments
            .iter()
            .map(|p| {
                view! {
                    <tr>
                        <td class="num">{intl::format_plain_date(tag, &p.received_on)}</td>
                        <td>{p.reference.clone()}</td>
                        <td class="num">{money(i18n, p.amount_minor, &currency)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <DataTable columns=vec![
                Column::new(tv!(i18n, accounts.billing.col_received)),
                Column::new(tv!(i18n, accounts.billing.col_reference)),
                Column::num(tv!(i18n, accounts.billing.col_amount)),
            ]>
                {rows}
            </DataTable>
        }
        .into_any()
    };
    let balance = sum.total_minor - sum.paid_minor;
    view! {
        <div class="section-head no-print">
            <A href=back attr:class="back-link">{tv!(i18n, accounts.billing.invoice_back)}</A>
            <button type="button" class="btn btn-secondary btn-sm" on:click=move |_| { let _ = window().print(); }>
                {tv!(i18n, accounts.billing.print)}
            </button>
        </div>
        <article class="card invoice" aria-labelledby="invoice-title">
            <div class="section-head">
                <h2 id="invoice-title">{ts!(i18n, accounts.billing.invoice_title, number = sum.number.clone())}</h2>
                {invoice_status_badge(i18n, sum.status)}
            </div>
            <dl class="facts">
                {fact(ts!(i18n, accounts.billing.bill_to).to_string(), format!("{} ({})", invoice.bill_to, intl::display_name(tag, "region", &invoice.country)))}
                {fact(ts!(i18n, accounts.billing.col_kind).to_string(), kind_name(i18n, sum.kind))}
                {fact(ts!(i18n, accounts.billing.issued).to_string(), intl::format_plain_date(tag, &sum.issued_on))}
                {fact(ts!(i18n, accounts.billing.due).to_string(), intl::format_plain_date(tag, &sum.due_on))}
                {(!invoice.po_number.is_empty()).then(|| fact(ts!(i18n, accounts.billing.po_number).to_string(), invoice.po_number.clone()))}
                {fact(ts!(i18n, accounts.billing.payment_method).to_string(), ts!(i18n, accounts.billing.payment_invoice).to_string())}
            </dl>
            {totals_table(i18n, invoice.lines.clone(), &currency, invoice.subtotal_minor, invoice.tax_rate_bp, invoice.tax_minor, sum.total_minor)}
            <h3 class="subhead">{tv!(i18n, accounts.billing.payments)}</h3>
            {payments}
            <dl class="facts">
                {fact(ts!(i18n, accounts.billing.paid_total).to_string(), money(i18n, sum.paid_minor, &currency))}
                {fact(ts!(i18n, accounts.billing.balance).to_string(), money(i18n, balance, &currency))}
            </dl>
            <p class="muted">{tv!(i18n, accounts.billing.pay_by)}</p>
        </article>
    }
}
