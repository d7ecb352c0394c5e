//! Subscriptions and contracts (admins): the contracts list with its filters and exports, one
//! subscription's terms with renewal, seats, auto-renew, buying again, history and invoices, and
//! a printable invoice; the vendor's invoices and payments. Fetched when first opened.

mod contracts;
mod invoice;
mod money;
mod renewal_help;
mod subscription;
mod vendor;

use contracts::ContractsPage;
use invoice::InvoicePage;
use vendor::InvoicesPage;

use crate::texts::Ns;

// One subscription's billing page comes with its seats page (`accounts::seatwise_seats`): both
// are about one subscription, and every chunk adds to the first download. The lists around it
// (the contracts with aligning dates, an invoice, the vendor's invoices) are one chunk; what
// both chunks use (money, quotes, invoice types) is a shared chunk fetched with either. The
// vendor's invoices are here, not in the back office's chunks, because they share that code
// with the customer's pages. Their texts are in `accounts` (the back office frame's own are
// loaded already).
crate::area_pages! { seatwise_contracts, [Ns::Accounts];
    Contracts(contracts_view) => ContractsPage,
    Invoice(invoice_view) => InvoicePage,
    VendorInvoices(vendor_invoices_view) => InvoicesPage,
}

pub(crate) use money::{money, quote_view, reason_text, seats_used};
pub(crate) use subscription::SubscriptionBillingPage;
