//! The money side: the vendor's price book. Amounts are whole minor units (cents) of an ISO 4217
//! currency, never floats.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::{LicenceType, Term};

/// What a price is for: buying anew, or renewing before the end of the term (the lower one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PriceKind {
    New,
    Renewal,
}

impl PriceKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            PriceKind::New => "new",
            PriceKind::Renewal => "renewal",
        }
    }

    pub fn parse(s: &str) -> Option<PriceKind> {
        [PriceKind::New, PriceKind::Renewal].into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a price stands on a day: the one charged, one that takes over later, or one an
/// earlier price book held (kept: orders made at it refer to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PriceStatus {
    InForce,
    Scheduled,
    Superseded,
}

/// One price of the price book: one seat of a product or collection, of a licence type, for one
/// term, in one currency, from a day on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Price {
    pub id: String,
    pub product_id: String,
    pub product_code: String,
    pub product_name: String,
    pub licence_type: LicenceType,
    pub term: Term,
    pub kind: PriceKind,
    /// ISO 4217 code, one of `currencies` of [`PriceBook`].
    pub currency: String,
    /// Per seat and term, in minor units of `currency`.
    pub amount_minor: i64,
    /// The first day it applies (`YYYY-MM-DD`).
    pub effective_from: String,
    pub status: PriceStatus,
}

/// `GET /vendor/prices`: the price book, by product, licence type, term, kind and currency, then
/// newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PriceBook {
    pub prices: Vec<Price>,
    /// The currencies prices may be in, with their minor units (2: cents).
    pub currencies: Vec<CurrencyInfo>,
    /// Today, in the vendor's calendar (`YYYY-MM-DD`): what `status` is measured against.
    pub today: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CurrencyInfo {
    pub code: String,
    pub minor_units: u8,
}

/// `POST /vendor/prices`: a price from a day on (today or later; the past stays as it was).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPriceRequest {
    pub product_id: String,
    pub licence_type: LicenceType,
    pub term: Term,
    pub kind: PriceKind,
    pub currency: String,
    /// Per seat and term, in minor units of `currency` (0 to 1,000,000,000,000).
    pub amount_minor: i64,
    /// `YYYY-MM-DD`, today or later.
    pub effective_from: String,
}

/// Why a change to a subscription is not offered now (the renewal FAQ's rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotOfferedReason {
    /// Bought through a partner: the partner renews and changes it.
    PartnerSold,
    /// Expired or cancelled: it cannot be renewed or changed, only bought again.
    Inactive,
    /// The renewal window opens `window_opens` (days before the end date).
    WindowNotOpen,
    /// The next term is already ordered.
    AlreadyRenewed,
    /// Seats can be added only while auto-renew is on.
    AutoRenewOff,
    /// The price book has no price for it in the contract's currency.
    NoPrice,
    /// Still running: renew it instead of buying it again.
    NotExpired,
    /// Billing dates: the selected subscriptions have different term lengths (change the term
    /// length at renewal first, the FAQ says).
    TermsDiffer,
    /// Billing dates: the selected subscriptions are billed in different currencies (contracts),
    /// so they cannot share one invoice.
    CurrenciesDiffer,
    /// Billing dates: the selected subscriptions already end on the same day.
    AlreadyAligned,
    /// Billing dates: aligning would extend a subscription by more than one term.
    ExtensionTooLong,
    /// The 2-for-1 trade-in: only a multi-user (network) subscription can be traded in.
    NotMultiUser,
    /// Switching to a collection: no collection holds this product.
    NoCollection,
    /// The premium plan: it needs at least `PremiumPlan::required` active subscriptions.
    TooFewSubscriptions,
}

/// One line of an order or a quote: seats of a product for a period, at a price per seat and
/// term, prorated by days when the period is shorter than the term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OrderLine {
    pub product_name: String,
    pub licence_type: LicenceType,
    pub term: Term,
    pub kind: PriceKind,
    /// Per `unit_seats` seats and term, in minor units.
    pub unit_minor: i64,
    pub seats: u32,
    /// How many seats the unit price buys: 1, or 2 for the trade-in's named-user seats (two
    /// for each network seat, at the network seat's price).
    #[serde(default = "one")]
    pub unit_seats: u32,
    /// `YYYY-MM-DD`, the period's first day and the day after its last.
    pub period_start: String,
    pub period_end: String,
    /// The period's length and the whole term's (equal unless prorated).
    pub days: i64,
    pub term_days: i64,
    pub amount_minor: i64,
}

fn one() -> u32 {
    1
}

/// What an order would cost, before it is placed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Quote {
    pub currency: String,
    pub lines: Vec<OrderLine>,
    pub subtotal_minor: i64,
    /// Tax rate of the account's country in basis points (2200 = 22 %).
    pub tax_rate_bp: i64,
    pub tax_minor: i64,
    pub total_minor: i64,
    /// For a renewal: what the same seats and term would cost bought new (after expiry).
    #[serde(default)]
    pub new_price_minor: Option<i64>,
    /// For buying an expired subscription again: what renewing the same seats and term before
    /// the end would have cost (the difference is what renewing in time saves).
    #[serde(default)]
    pub renewal_price_minor: Option<i64>,
    /// For a switch to a collection: what renewing separately the products of the collection
    /// that the account subscribes to would cost, for the same seats and term.
    #[serde(default)]
    pub separate_price_minor: Option<i64>,
    /// Those products' names.
    #[serde(default)]
    pub separate_products: Vec<String>,
}

/// `POST …/renewal/quote` and `POST …/renewal`: the next term's length and seats, and what
/// changes with it. (Buying an expired subscription again takes the same body, without changes.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RenewalRequest {
    pub term: Term,
    /// Seats of the next term (named-user seats for a trade-in: two per network seat).
    pub seats: u32,
    /// The customer's purchase order number for the invoice (optional).
    #[serde(default)]
    pub po_number: String,
    /// The 2-for-1 trade-in: the multi-user network licence becomes named-user seats, two per
    /// network seat, at the network seat's price.
    #[serde(default)]
    pub trade_in: bool,
    /// Switch to this industry collection (one that holds the subscription's product).
    #[serde(default)]
    pub collection_id: Option<String>,
}

/// `PUT …/renewal-settings`: the term, seats and changes an automatic renewal will use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RenewalSettings {
    pub term: Term,
    pub seats: u32,
    #[serde(default)]
    pub trade_in: bool,
    #[serde(default)]
    pub collection_id: Option<String>,
}

/// A collection the subscription may switch to at renewal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CollectionChoice {
    pub id: String,
    pub name: String,
}

/// `GET /accounts/{account}/premium`: the premium plan (directory sync, advanced reports and
/// the usage-report API), open to accounts with `required` or more active subscriptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PremiumPlan {
    pub premium: bool,
    /// RFC 3339, when the plan was turned on.
    #[serde(default)]
    pub since: Option<String>,
    /// The account's active subscriptions.
    pub subscriptions: u32,
    pub required: u32,
    /// Why it cannot be turned on; `None` when it can (or is on).
    #[serde(default)]
    pub blocked: Option<NotOfferedReason>,
}

/// `PUT /accounts/{account}/premium`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PremiumRequest {
    pub premium: bool,
}

/// `PUT …/auto-renew`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AutoRenewRequest {
    pub auto_renew: bool,
}

/// `POST …/seats/quote` and `POST …/seats`: seats added for the rest of the term.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddSeatsRequest {
    /// 1 or more; the subscription may have at most 100,000 seats.
    pub seats: u32,
    #[serde(default)]
    pub po_number: String,
}

/// `POST /accounts/{account}/subscriptions/align/quote` and `POST …/align`: subscriptions of the
/// account to renew on one common date (the latest end date among them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AlignRequest {
    /// 2 to 50 different subscription ids of the account.
    pub subscription_ids: Vec<String>,
    /// The customer's purchase order number for the invoice (optional).
    #[serde(default)]
    pub po_number: String,
}

/// One selected subscription in an [`AlignmentQuote`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AlignmentItem {
    pub subscription_id: String,
    pub product_name: String,
    pub term: Term,
    /// Its current end date (`YYYY-MM-DD`, the next term's first day).
    pub end_date: String,
    /// Days it is extended by to reach the common renewal date (0 for the latest).
    pub extra_days: i64,
    /// Why this one cannot be aligned (`inactive`, `partner_sold`, `already_renewed`); `None`
    /// when it can.
    #[serde(default)]
    pub blocked: Option<NotOfferedReason>,
}

/// What aligning the selected subscriptions' billing dates would do and cost, or why it is not
/// offered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AlignmentQuote {
    /// The common renewal date: the latest end date among the selected (`YYYY-MM-DD`).
    pub renewal_date: String,
    /// Why they cannot be aligned: the first reason of a subscription, or `currencies_differ`,
    /// `terms_differ`, `already_aligned`, `extension_too_long`, `no_price`; `None` when they can.
    #[serde(default)]
    pub blocked: Option<NotOfferedReason>,
    /// The selected subscriptions, in the order sent.
    pub subscriptions: Vec<AlignmentItem>,
    /// The order: one prorated line per extended subscription, at its renewal price. `None`
    /// when `blocked`.
    #[serde(default)]
    pub quote: Option<Quote>,
}

/// What happened to a subscription, with its state after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SubscriptionEvent {
    /// `created`, `renewal_ordered`, `renewed`, `auto_renewed`, `expired`, `auto_renew_on`,
    /// `auto_renew_off`, `renewal_settings`, `seats_added`, `bought_again`, `dates_aligned`.
    pub kind: String,
    pub status: crate::SubscriptionStatus,
    pub seats: u32,
    pub term: Term,
    pub end_date: String,
    pub auto_renew: bool,
    /// Who: a person's address, or `system` for the renewal job.
    pub actor: String,
    pub at: String,
}

/// The partner that sold a contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Partner {
    pub name: String,
    pub email: String,
    pub phone: String,
}

/// The next term of a subscription and whether it can be ordered now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RenewalInfo {
    /// The day the next term starts (the current end date).
    pub next_renewal_date: String,
    /// The first day a renewal may be ordered.
    pub window_opens: String,
    pub next_term: Term,
    pub next_seats: u32,
    /// The next term's product and licence type (a collection or named-user seats when the
    /// next term changes them).
    pub next_product_id: String,
    pub next_product_name: String,
    pub next_licence_type: LicenceType,
    /// Why the 2-for-1 trade-in is not offered; `None` when it is (at a renewal ordered or set up
    /// while `blocked` allows).
    #[serde(default)]
    pub trade_in_blocked: Option<NotOfferedReason>,
    /// The collections it may switch to at renewal.
    #[serde(default)]
    pub collections: Vec<CollectionChoice>,
    /// Why switching to a collection is not offered; `None` when it is.
    #[serde(default)]
    pub collection_blocked: Option<NotOfferedReason>,
    /// The renewal price per seat of the next term today, when the price book has one.
    #[serde(default)]
    pub price_per_seat_minor: Option<i64>,
    /// How many seats that price buys: 1, or 2 for named-user seats traded in.
    #[serde(default = "one")]
    pub price_unit_seats: u32,
    /// Whether the next term is already ordered.
    pub ordered: bool,
    /// Why it cannot be ordered now; `None` when it can.
    #[serde(default)]
    pub blocked: Option<NotOfferedReason>,
}

/// `GET /accounts/{account}/subscriptions/{subscription}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SubscriptionDetail {
    pub subscription: crate::Subscription,
    pub currency: String,
    /// The payment method: every order is invoiced (bank transfer).
    pub payment_method: String,
    #[serde(default)]
    pub partner: Option<Partner>,
    pub renewal: RenewalInfo,
    /// Why seats cannot be added now; `None` when they can.
    #[serde(default)]
    pub add_seats_blocked: Option<NotOfferedReason>,
    /// Why it cannot be bought again; `None` when it can (expired, bought online).
    #[serde(default)]
    pub buy_again_blocked: Option<NotOfferedReason>,
    /// Oldest first.
    pub history: Vec<SubscriptionEvent>,
    /// Invoices of this subscription's orders, newest first.
    pub invoices: Vec<InvoiceSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvoiceStatus {
    Open,
    Paid,
}

impl InvoiceStatus {
    /// The name in JSON, the database and URLs.
    pub const fn as_str(self) -> &'static str {
        match self {
            InvoiceStatus::Open => "open",
            InvoiceStatus::Paid => "paid",
        }
    }

    pub fn parse(s: &str) -> Option<InvoiceStatus> {
        [InvoiceStatus::Open, InvoiceStatus::Paid].into_iter().find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrderKind {
    Renewal,
    AutoRenewal,
    Seats,
    Purchase,
    /// Billing dates aligned: the prorated extension of several subscriptions to one date.
    Alignment,
}

impl OrderKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderKind::Renewal => "renewal",
            OrderKind::AutoRenewal => "auto_renewal",
            OrderKind::Seats => "seats",
            OrderKind::Purchase => "purchase",
            OrderKind::Alignment => "alignment",
        }
    }

    pub fn parse(s: &str) -> Option<OrderKind> {
        OrderKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub const ALL: [OrderKind; 5] = [OrderKind::Renewal, OrderKind::AutoRenewal, OrderKind::Seats, OrderKind::Purchase, OrderKind::Alignment];
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvoiceSummary {
    pub id: String,
    /// Gapless per vendor, e.g. `INV-000042`.
    pub number: String,
    pub account_id: String,
    pub account_name: String,
    pub kind: OrderKind,
    pub issued_on: String,
    pub due_on: String,
    pub currency: String,
    pub total_minor: i64,
    pub paid_minor: i64,
    pub status: InvoiceStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Payment {
    pub id: String,
    pub amount_minor: i64,
    pub received_on: String,
    pub reference: String,
}

/// An invoice with its lines and payments (the printable page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Invoice {
    pub summary: InvoiceSummary,
    pub subscription_id: Option<String>,
    pub bill_to: String,
    pub country: String,
    pub po_number: String,
    pub lines: Vec<OrderLine>,
    pub subtotal_minor: i64,
    pub tax_rate_bp: i64,
    pub tax_minor: i64,
    pub payments: Vec<Payment>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvoiceList {
    pub invoices: Vec<InvoiceSummary>,
}

/// `POST /vendor/invoices/{invoice}/payments`: money received by bank transfer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPaymentRequest {
    /// In the invoice's currency, more than 0 and at most what is still due.
    pub amount_minor: i64,
    /// `YYYY-MM-DD`, not in the future.
    pub received_on: String,
    /// The bank's reference (1 to 100 characters).
    pub reference: String,
}

/// `GET /accounts/{account}/contracts`: the filters, all optional (also for the exports).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ContractQuery {
    /// Only subscriptions whose seats members of this team hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<crate::SubscriptionStatus>,
    /// Only subscriptions of this product or collection (its code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
}

/// A contract with its subscriptions (those the filters keep).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ContractSummary {
    pub id: String,
    pub number: String,
    pub start_date: String,
    pub end_date: String,
    pub currency: String,
    /// The partner that sold it, if one did.
    #[serde(default)]
    pub partner: Option<Partner>,
    pub subscriptions: Vec<crate::Subscription>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ContractList {
    /// Contracts with at least one subscription the filters keep, by start date.
    pub contracts: Vec<ContractSummary>,
}
