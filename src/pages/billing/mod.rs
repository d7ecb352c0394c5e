//! Subscriptions and contracts (admins): the contracts list with its filters and exports, one
//! subscription's terms with renewal, seats, auto-renew, buying again, history and invoices, and
//! a printable invoice; the vendor's invoices and payments. One chunk, fetched when first opened.

mod contracts;
mod invoice;
mod money;
mod subscription;
mod vendor;

use contracts::ContractsPage;
use invoice::InvoicePage;
use subscription::SubscriptionBillingPage;
use vendor::InvoicesPage;

use crate::texts::Ns;

// The vendor's invoices live here too: they share the invoice types and money formatting
// with the customer's pages, which would otherwise be in the first download (code two chunks
// use goes there). Their texts are in `accounts` (the back office frame's are loaded already).
crate::area_pages! { seatwise_billing, [Ns::Accounts];
    Contracts(contracts_view) => ContractsPage,
    Subscription(billing_subscription_view) => SubscriptionBillingPage,
    Invoice(invoice_view) => InvoicePage,
    VendorInvoices(vendor_invoices_view) => InvoicesPage,
}

pub(crate) use money::{money, quote_view, reason_text, seats_used};
