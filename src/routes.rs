//! Every path of the app. Links and redirects are built from [`AppRoute`]; no other module writes
//! an href by hand.

use std::fmt;

use leptos_router::params::ParamsMap;
use seatwise_api::{
    CaseCategory, CaseSeverity, CaseState, CaseStatus, DeviceStatus, InvoiceStatus, MemberRole, MemberSort, MemberStatus, Platform, RequestKind, RequestStatus, SubscriptionStatus,
};

/// A place in the app, with what its URL carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRoute {
    Home,
    /// `next`: where to go after signing in (an app path).
    SignIn {
        next: Option<String>,
    },
    SignUp,
    /// Target of the confirmation email's link (built by the server, with `?token=`).
    #[allow(dead_code)]
    VerifyEmail,
    ForgotPassword,
    /// Target of the reset email's link (built by the server, with `?token=`).
    #[allow(dead_code)]
    ResetPassword,
    /// The second step of a sign-in (a code), with where to go afterwards.
    SecondStep {
        next: Option<String>,
    },
    /// A passkey: a sign-in with it alone, or (`second_step`) the second step after the
    /// password; with where to go afterwards.
    PasskeySignIn {
        next: Option<String>,
        second_step: bool,
    },
    Profile,
    Preferences,
    /// The security centre: 2-step verification, sessions, sign-in history.
    Security,
    /// Where a person approves a desktop app's sign-in (the device grant), with the code the
    /// app shows when its link carries it (`seatwise_api::DEVICE_PAGE_PATH`).
    DeviceSignIn {
        code: Option<String>,
    },
    Mailbox,
    MailboxMessage(String),
    Privacy,
    /// Target of the invitation email's link (built by the server, with `?token=`).
    Invitation {
        token: String,
    },
    /// The accounts the user belongs to (goes straight on when there is one).
    Accounts,
    /// An account's area; `tab` picks the view.
    Account {
        account: String,
        tab: AccountTab,
    },
    /// Users of an account, with the filters of the list in the query.
    AccountUsers {
        account: String,
        filters: UserFilters,
    },
    /// The activity log of an account, with its filters in the query.
    AccountActivity {
        account: String,
        filters: ActivityFilters,
    },
    AccountMember {
        account: String,
        user: String,
    },
    AccountSubscription {
        account: String,
        subscription: String,
    },
    /// Products and services (downloads, licences), with the list's filters in the query.
    AccountSoftware {
        account: String,
        filters: SoftwareFilters,
    },
    /// One product of the account; the tab and the downloads' choices are in the query.
    AccountSoftwareProduct {
        account: String,
        code: String,
        view: ProductView,
    },
    /// The form of one kind of licence request for a product.
    AccountLicenceRequest {
        account: String,
        code: String,
        kind: RequestKind,
    },
    /// Licence requests of the account, filtered by status.
    AccountRequests {
        account: String,
        status: Option<RequestStatus>,
    },
    /// A new custom install package (`None`) or one to edit.
    AccountPackage {
        account: String,
        package: Option<String>,
    },
    Vendor,
    /// The vendor staff's home page: their queues by age.
    VendorHome,
    /// The help links shown on everyone's home page, per language (vendor staff).
    VendorHelpLinks,
    VendorAccount(String),
    VendorProducts,
    /// One product of the vendor's catalogue: details, releases and their files.
    VendorProduct(String),
    /// The vendor's queue of licence requests, with its filters in the query.
    VendorRequests(RequestQueueFilters),
    /// The vendor's price book.
    VendorPrices,
    /// Contracts and their subscriptions, with the list's filters in the query (admins).
    AccountContracts {
        account: String,
        filters: ContractFilters,
    },
    /// One subscription's terms, renewal, seats, history and invoices (admins).
    AccountBilling {
        account: String,
        subscription: String,
    },
    /// A printable invoice.
    AccountInvoice {
        account: String,
        invoice: String,
    },
    /// Every account's invoices, open or paid, and the payments received (vendor staff).
    VendorInvoices {
        status: Option<InvoiceStatus>,
    },
    /// The account's reports (admins): the view and its date range in the query.
    AccountReports {
        account: String,
        view: ReportView,
    },
    /// The company's devices (admins), with the list's filters in the query.
    AccountDevices {
        account: String,
        filters: DeviceFilters,
    },
    /// Support cases of the account (the person's own and watched; all of them for admins), with
    /// the list's state, search and page in the query.
    AccountSupport {
        account: String,
        filters: CaseFilters,
    },
    /// The form that opens a support case.
    AccountNewCase {
        account: String,
    },
    /// One support case of the account: its thread and reply form.
    AccountCase {
        account: String,
        case: String,
    },
    /// The vendor's queue of support cases, with its filters in the query.
    VendorCases(CaseQueueFilters),
    /// One support case as the vendor's staff see it (internal notes included).
    VendorCase(String),
}

/// The views of an account's area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountTab {
    /// The person's home page of the account: updates, cases, help, renewals (and, for admins,
    /// seats, invitations and activity).
    Home,
    Users,
    Products,
    Teams,
    /// Directory sync (SCIM) and team bindings (admins).
    Directory,
    Invitations,
    Import,
    Activity,
    /// Products and services: downloads, activation, requests.
    Software,
    Requests,
    Trials,
    Packages,
    /// Contracts and subscriptions: renewals, seats, invoices.
    Subscriptions,
    /// Seat usage, insights, cloud services usage, downloads (admins).
    Reports,
    /// The company's devices, after the personal-data agreement (admins).
    Devices,
    /// Support cases (every member).
    Support,
}

impl AccountTab {
    pub fn segment(self) -> &'static str {
        match self {
            AccountTab::Home => paths::HOME,
            AccountTab::Users => paths::USERS,
            AccountTab::Products => paths::PRODUCTS,
            AccountTab::Teams => paths::TEAMS,
            AccountTab::Directory => paths::DIRECTORY,
            AccountTab::Invitations => paths::INVITATIONS,
            AccountTab::Import => paths::IMPORT,
            AccountTab::Activity => paths::ACTIVITY,
            AccountTab::Software => paths::SOFTWARE,
            AccountTab::Requests => paths::REQUESTS,
            AccountTab::Trials => paths::TRIALS,
            AccountTab::Packages => paths::PACKAGES,
            AccountTab::Subscriptions => paths::SUBSCRIPTIONS,
            AccountTab::Reports => paths::REPORTS,
            AccountTab::Devices => paths::DEVICES,
            AccountTab::Support => paths::SUPPORT,
        }
    }
}

/// A value that lives in a URL query: written as its API name, read back by it (a value the
/// app does not know is ignored, as if absent).
pub trait QueryValue: Sized {
    fn to_query(&self) -> String;
    fn from_query(s: &str) -> Option<Self>;
}

impl QueryValue for String {
    fn to_query(&self) -> String {
        self.clone()
    }
    fn from_query(s: &str) -> Option<Self> {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_owned())
    }
}

impl QueryValue for u32 {
    fn to_query(&self) -> String {
        self.to_string()
    }
    fn from_query(s: &str) -> Option<Self> {
        s.trim().parse().ok()
    }
}

macro_rules! query_enum {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn to_query(&self) -> String {
                self.as_str().to_owned()
            }
            fn from_query(s: &str) -> Option<Self> {
                <$t>::parse(s.trim())
            }
        }
    )*};
}
query_enum!(
    MemberRole, MemberStatus, MemberSort, Platform, RequestKind, RequestStatus, ProductTab, SubscriptionStatus, InvoiceStatus, ReportTab, DeviceStatus,
    CaseStatus, CaseCategory, CaseSeverity
);

impl QueryValue for CaseState {
    fn to_query(&self) -> String {
        match self {
            CaseState::Open => "open",
            CaseState::Finished => "finished",
        }
        .to_owned()
    }
    fn from_query(s: &str) -> Option<Self> {
        match s.trim() {
            "open" => Some(CaseState::Open),
            "finished" => Some(CaseState::Finished),
            _ => None,
        }
    }
}

/// `?a=1&b=2` from the values that are set, or "".
fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(name, value)| value.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{name}={}", enc(v))))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

fn put<T: QueryValue>(v: &Option<T>) -> Option<String> {
    v.as_ref().map(QueryValue::to_query)
}

/// A decoded query string: the router's `ParamsMap` in the app, a plain list in the unit tests
/// (the router's map decodes through the browser's `decodeURIComponent`).
pub trait Query {
    fn value(&self, name: &str) -> Option<&str>;
}

impl Query for ParamsMap {
    fn value(&self, name: &str) -> Option<&str> {
        self.get_str(name)
    }
}

fn get<T: QueryValue>(q: &impl Query, name: &str) -> Option<T> {
    q.value(name).and_then(T::from_query)
}

/// The users view's state, kept in the URL query. The names are the API's, so the same query
/// string also asks the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserFilters {
    pub q: Option<String>,
    pub team: Option<String>,
    pub role: Option<MemberRole>,
    pub subscription: Option<String>,
    pub status: Option<MemberStatus>,
    pub sort: Option<MemberSort>,
    pub cursor: Option<String>,
}

impl UserFilters {
    /// `?q=...&team=...` (empty values left out), or "" when nothing is set.
    pub fn query_string(&self) -> String {
        query(&[
            ("q", put(&self.q)),
            ("team", put(&self.team)),
            ("role", put(&self.role)),
            ("subscription", put(&self.subscription)),
            ("status", put(&self.status)),
            ("sort", put(&self.sort)),
            ("cursor", put(&self.cursor)),
        ])
    }

    /// Reads the filters from the router's query map.
    pub fn from_query(q: &impl Query) -> Self {
        UserFilters {
            q: get(q, "q"),
            team: get(q, "team"),
            role: get(q, "role"),
            subscription: get(q, "subscription"),
            status: get(q, "status"),
            sort: get(q, "sort"),
            cursor: get(q, "cursor"),
        }
    }

    /// True when a filter or search narrows the list (the sort and page do not count).
    pub fn is_filtered(&self) -> bool {
        self.q.is_some() || self.team.is_some() || self.role.is_some() || self.subscription.is_some() || self.status.is_some()
    }
}

/// The activity view's filters, kept in the URL query (the API's names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActivityFilters {
    /// Actions starting with this (`invitation.`, `member.removed`).
    pub action: Option<String>,
    /// Part of the address of whoever made the change.
    pub actor: Option<String>,
}

impl ActivityFilters {
    /// `?action=...&actor=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[("action", put(&self.action)), ("actor", put(&self.actor))])
    }

    pub fn from_query(q: &impl Query) -> Self {
        ActivityFilters { action: get(q, "action"), actor: get(q, "actor") }
    }
}

/// The products-and-services list's filters, kept in the URL query (the API's names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SoftwareFilters {
    /// A product code.
    pub product: Option<String>,
    /// A contract id.
    pub contract: Option<String>,
    /// A team id (admins only).
    pub team: Option<String>,
}

impl SoftwareFilters {
    /// `?product=...&contract=...&team=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[("product", put(&self.product)), ("contract", put(&self.contract)), ("team", put(&self.team))])
    }

    pub fn from_query(q: &impl Query) -> Self {
        SoftwareFilters { product: get(q, "product"), contract: get(q, "contract"), team: get(q, "team") }
    }
}

/// The contracts list's filters, kept in the URL query (the API's names, so the same query asks
/// the server and the exports).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContractFilters {
    /// A team id: subscriptions whose seats its members hold.
    pub team: Option<String>,
    pub status: Option<SubscriptionStatus>,
    /// A product or collection code.
    pub product: Option<String>,
}

impl ContractFilters {
    /// `?team=...&status=...&product=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[("team", put(&self.team)), ("status", put(&self.status)), ("product", put(&self.product))])
    }

    pub fn from_query(q: &impl Query) -> Self {
        ContractFilters { team: get(q, "team"), status: get(q, "status"), product: get(q, "product") }
    }
}

/// The tabs of a product page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ProductTab {
    #[default]
    Downloads,
    Activation,
    Updates,
}

impl ProductTab {
    pub const ALL: [ProductTab; 3] = [ProductTab::Downloads, ProductTab::Activation, ProductTab::Updates];

    pub fn as_str(self) -> &'static str {
        match self {
            ProductTab::Downloads => "downloads",
            ProductTab::Activation => "activation",
            ProductTab::Updates => "updates",
        }
    }

    pub fn parse(s: &str) -> Option<ProductTab> {
        ProductTab::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A product page's view, kept in the URL query: the tab, and the version, platform and
/// language of the downloads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductView {
    pub tab: Option<ProductTab>,
    /// A version (`2026`), for downloads and updates.
    pub version: Option<String>,
    pub platform: Option<Platform>,
    /// A file language (`sl`, `multi`).
    pub language: Option<String>,
}

impl ProductView {
    /// `?tab=...&version=...&platform=...&language=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[
            ("tab", put(&self.tab)),
            ("version", put(&self.version)),
            ("platform", put(&self.platform)),
            ("language", put(&self.language)),
        ])
    }

    pub fn from_query(q: &impl Query) -> Self {
        ProductView { tab: get(q, "tab"), version: get(q, "version"), platform: get(q, "platform"), language: get(q, "language") }
    }
}

/// The vendor's request queue filters, kept in the URL query (the API's names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestQueueFilters {
    pub kind: Option<RequestKind>,
    pub status: Option<RequestStatus>,
    /// Only requests at least this many days old.
    pub min_age_days: Option<u32>,
}

impl RequestQueueFilters {
    /// `?kind=...&status=...&min_age_days=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[("kind", put(&self.kind)), ("status", put(&self.status)), ("min_age_days", put(&self.min_age_days))])
    }

    pub fn from_query(q: &impl Query) -> Self {
        RequestQueueFilters { kind: get(q, "kind"), status: get(q, "status"), min_age_days: get(q, "min_age_days") }
    }
}

/// The views of the reports page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReportTab {
    /// Seat usage by product.
    #[default]
    Seats,
    /// Seat usage by person.
    Users,
    /// Licence distribution by team.
    Insights,
    /// Cloud credits per subscription and contract, and by person.
    Cloud,
    /// Downloads per product and version.
    Downloads,
    /// The usage-report API's tokens (premium accounts).
    Tokens,
}

impl ReportTab {
    pub const ALL: [ReportTab; 6] =
        [ReportTab::Seats, ReportTab::Users, ReportTab::Insights, ReportTab::Cloud, ReportTab::Downloads, ReportTab::Tokens];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportTab::Seats => "seats",
            ReportTab::Users => "users",
            ReportTab::Insights => "insights",
            ReportTab::Cloud => "cloud",
            ReportTab::Downloads => "downloads",
            ReportTab::Tokens => "api",
        }
    }

    pub fn parse(s: &str) -> Option<ReportTab> {
        ReportTab::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Whether the view is about a date range (the licence distribution is as of now; the
    /// tokens are no report).
    pub fn has_range(self) -> bool {
        !matches!(self, ReportTab::Insights | ReportTab::Tokens)
    }
}

/// The reports page's state, kept in the URL query: the view, the date range (`YYYY-MM-DD`,
/// the API's names, so the same range asks the server and the exports) and the search of the
/// per-person view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportView {
    pub tab: Option<ReportTab>,
    pub from: Option<String>,
    pub to: Option<String>,
    /// Name or email (the per-person view).
    pub q: Option<String>,
}

impl ReportView {
    /// `?tab=...&from=...&to=...&q=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[("tab", put(&self.tab)), ("from", put(&self.from)), ("to", put(&self.to)), ("q", put(&self.q))])
    }

    pub fn from_query(q: &impl Query) -> Self {
        ReportView { tab: get(q, "tab"), from: get(q, "from"), to: get(q, "to"), q: get(q, "q") }
    }

    /// The query the API reads for this view: the range, and the search where the view has one.
    pub fn api_query(&self) -> String {
        let search = (self.tab == Some(ReportTab::Users)).then(|| self.q.clone()).flatten();
        query(&[("from", put(&self.from)), ("to", put(&self.to)), ("q", put(&search))])
    }
}

/// The company devices list's filters, kept in the URL query (the API's names, so the same
/// query asks the server and the export).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceFilters {
    /// Host name, person's name or email contains this.
    pub q: Option<String>,
    pub status: Option<DeviceStatus>,
    /// A product code.
    pub product: Option<String>,
    /// A member's id.
    pub user: Option<String>,
}

impl DeviceFilters {
    /// `?q=...&status=...&product=...&user=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[("q", put(&self.q)), ("status", put(&self.status)), ("product", put(&self.product)), ("user", put(&self.user))])
    }

    pub fn from_query(q: &impl Query) -> Self {
        DeviceFilters { q: get(q, "q"), status: get(q, "status"), product: get(q, "product"), user: get(q, "user") }
    }
}

/// An account's support case list, kept in the URL query (the API's names): open or finished,
/// the search (admins) and the page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilters {
    /// `None` is the open cases (the list's first tab).
    pub state: Option<CaseState>,
    pub q: Option<String>,
    pub cursor: Option<String>,
}

impl CaseFilters {
    /// `?state=...&q=...&cursor=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[("state", put(&self.state)), ("q", put(&self.q)), ("cursor", put(&self.cursor))])
    }

    pub fn from_query(q: &impl Query) -> Self {
        CaseFilters { state: get(q, "state"), q: get(q, "q"), cursor: get(q, "cursor") }
    }

    /// The tab shown: open unless finished was chosen.
    pub fn shown_state(&self) -> CaseState {
        self.state.unwrap_or(CaseState::Open)
    }

    /// The query the API reads: the state always (the list has no "all" tab).
    pub fn api_query(&self) -> String {
        query(&[("state", put(&Some(self.shown_state()))), ("q", put(&self.q)), ("cursor", put(&self.cursor))])
    }
}

/// The vendor's support queue filters, kept in the URL query (the API's names, so the same
/// query string asks the server).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseQueueFilters {
    pub state: Option<CaseState>,
    pub status: Option<CaseStatus>,
    pub category: Option<CaseCategory>,
    pub severity: Option<CaseSeverity>,
    /// Only cases opened at least this many days ago.
    pub min_age_days: Option<u32>,
    /// A staff member's id, `me`, or `none`.
    pub assignee: Option<String>,
    pub q: Option<String>,
    pub cursor: Option<String>,
}

impl CaseQueueFilters {
    /// `?state=...&status=...&...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[
            ("state", put(&self.state)),
            ("status", put(&self.status)),
            ("category", put(&self.category)),
            ("severity", put(&self.severity)),
            ("min_age_days", put(&self.min_age_days)),
            ("assignee", put(&self.assignee)),
            ("q", put(&self.q)),
            ("cursor", put(&self.cursor)),
        ])
    }

    pub fn from_query(q: &impl Query) -> Self {
        CaseQueueFilters {
            state: get(q, "state"),
            status: get(q, "status"),
            category: get(q, "category"),
            severity: get(q, "severity"),
            min_age_days: get(q, "min_age_days"),
            assignee: get(q, "assignee"),
            q: get(q, "q"),
            cursor: get(q, "cursor"),
        }
    }
}

/// Router path patterns (for `<Route path=...>`), kept next to the hrefs they match.
pub mod paths {
    pub const SIGN_IN: &str = "sign-in";
    pub const SIGN_UP: &str = "sign-up";
    pub const VERIFY_EMAIL: &str = "verify-email";
    pub const FORGOT_PASSWORD: &str = "forgot-password";
    pub const RESET_PASSWORD: &str = "reset-password";
    pub const PROFILE: &str = "profile";
    pub const PREFERENCES: &str = "preferences";
    pub const SECURITY: &str = "security";
    pub const TWO_STEP: &str = "two-step";
    pub const SIGN_IN_PASSKEY: &str = "sign-in-passkey";
    /// Targets of the email-change mails (built by the server, with `?token=`).
    pub const CONFIRM_EMAIL_CHANGE: &str = "confirm-email-change";
    pub const UNDO_EMAIL_CHANGE: &str = "undo-email-change";
    pub const MAILBOX: &str = "mailbox";
    pub const TEXTS: &str = "texts";
    /// A desktop app's sign-in (`seatwise_api::DEVICE_PAGE_PATH`, which the server prints).
    pub const DEVICE: &str = "device";
    /// The parameter of `/mailbox/:id`.
    pub const MESSAGE_ID: &str = "id";
    pub const PRIVACY: &str = "privacy";
    pub const INVITATION: &str = "invitation";
    pub const ACCOUNTS: &str = "accounts";
    /// The parameter of `/accounts/:account`.
    pub const ACCOUNT_ID: &str = "account";
    pub const USERS: &str = "users";
    /// The parameter of `/accounts/:account/users/:user`.
    pub const USER_ID: &str = "user";
    pub const PRODUCTS: &str = "products";
    /// The parameter of `/accounts/:account/products/:subscription`.
    pub const SUBSCRIPTION_ID: &str = "subscription";
    pub const TEAMS: &str = "teams";
    pub const DIRECTORY: &str = "directory";
    pub const INVITATIONS: &str = "invitations";
    pub const IMPORT: &str = "import";
    pub const ACTIVITY: &str = "activity";
    pub const VENDOR: &str = "vendor";
    /// Products and services (downloads and licences) of an account.
    pub const SOFTWARE: &str = "software";
    /// The parameter of `/accounts/:account/software/:code`.
    pub const PRODUCT_CODE: &str = "code";
    /// `/accounts/:account/software/:code/request/:kind`.
    pub const REQUEST: &str = "request";
    /// The parameter of `/accounts/:account/software/:code/request/:kind`.
    pub const REQUEST_KIND: &str = "kind";
    pub const REQUESTS: &str = "requests";
    pub const PRICES: &str = "prices";
    pub const TRIALS: &str = "trials";
    pub const PACKAGES: &str = "packages";
    pub const SUBSCRIPTIONS: &str = "subscriptions";
    pub const INVOICES: &str = "invoices";
    pub const REPORTS: &str = "reports";
    pub const DEVICES: &str = "devices";
    /// A person's home page: `/accounts/:account/home`, `/vendor/home`.
    pub const HOME: &str = "home";
    /// `/vendor/help-links`.
    pub const HELP_LINKS: &str = "help-links";
    /// Support cases: `/accounts/:account/support`, `/vendor/support`.
    pub const SUPPORT: &str = "support";
    /// The parameter of `/accounts/:account/support/:case` and `/vendor/support/:case`.
    pub const CASE_ID: &str = "case";
    /// The parameter of `/accounts/:account/invoices/:invoice`.
    pub const INVOICE_ID: &str = "invoice";
    /// `/accounts/:account/packages/new`.
    pub const NEW: &str = "new";
    /// The parameter of `/accounts/:account/packages/:package`.
    pub const PACKAGE_ID: &str = "package";
    /// The parameter of `/vendor/accounts/:account`.
    pub const VENDOR_ACCOUNT_ID: &str = "account";
    /// The parameter of `/vendor/products/:product`.
    pub const VENDOR_PRODUCT_ID: &str = "product";
}

/// What the first segment of a path opens: a page of the first download, or an area (a chunk
/// with its own routes). The app's router is this one match, so the first download carries no
/// route tree (`app::Pages`); each area's routes live in its chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TopRoute {
    /// `/`
    Home,
    /// `/sign-in`
    SignIn,
    /// `/sign-up`
    SignUp,
    /// `/accounts` and everything below it.
    Accounts,
    /// `/vendor` and everything below it.
    Vendor,
    /// Every other path: personal pages, mailbox, privacy, invitation, mailed links, not found.
    Other,
}

impl TopRoute {
    /// The route of a location's path (as `location.pathname` gives it; a trailing slash is
    /// ignored).
    pub fn of(path: &str) -> TopRoute {
        let mut segments = path.trim_matches('/').split('/');
        match (segments.next().unwrap_or(""), segments.next()) {
            ("", None) => TopRoute::Home,
            (paths::SIGN_IN, None) => TopRoute::SignIn,
            (paths::SIGN_UP, None) => TopRoute::SignUp,
            (paths::ACCOUNTS, _) => TopRoute::Accounts,
            (paths::VENDOR, _) => TopRoute::Vendor,
            _ => TopRoute::Other,
        }
    }
}

/// `encodeURIComponent` in Rust (so that the routes work, and are tested, off the browser too):
/// everything but `A-Z a-z 0-9 - _ . ! ~ * ' ( )` as UTF-8 percent escapes.
fn enc(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl AppRoute {
    pub fn href(&self) -> String {
        use paths::*;
        match self {
            AppRoute::Home => "/".into(),
            AppRoute::SignIn { next: None } => format!("/{SIGN_IN}"),
            AppRoute::SignIn { next: Some(next) } => format!("/{SIGN_IN}?next={}", enc(next)),
            AppRoute::SignUp => format!("/{SIGN_UP}"),
            AppRoute::VerifyEmail => format!("/{VERIFY_EMAIL}"),
            AppRoute::ForgotPassword => format!("/{FORGOT_PASSWORD}"),
            AppRoute::ResetPassword => format!("/{RESET_PASSWORD}"),
            AppRoute::Profile => format!("/{PROFILE}"),
            AppRoute::Preferences => format!("/{PREFERENCES}"),
            AppRoute::Security => format!("/{SECURITY}"),
            AppRoute::DeviceSignIn { code } => format!("/{DEVICE}{}", query(&[("code", code.clone())])),
            AppRoute::SecondStep { next: None } => format!("/{TWO_STEP}"),
            AppRoute::SecondStep { next: Some(next) } => format!("/{TWO_STEP}?next={}", enc(next)),
            AppRoute::PasskeySignIn { next, second_step } => {
                let next = next.as_deref().map(|n| format!("&next={}", enc(n))).unwrap_or_default();
                format!("/{SIGN_IN_PASSKEY}?step={}{next}", if *second_step { 2 } else { 1 })
            }
            AppRoute::Mailbox => format!("/{MAILBOX}"),
            AppRoute::MailboxMessage(id) => format!("/{MAILBOX}/{}", enc(id)),
            AppRoute::Privacy => format!("/{PRIVACY}"),
            AppRoute::Invitation { token } => format!("/{INVITATION}?token={}", enc(token)),
            AppRoute::Accounts => format!("/{ACCOUNTS}"),
            AppRoute::Account { account, tab } => {
                format!("/{ACCOUNTS}/{}/{}", enc(account), tab.segment())
            }
            AppRoute::AccountUsers { account, filters } => {
                format!("/{ACCOUNTS}/{}/{USERS}{}", enc(account), filters.query_string())
            }
            AppRoute::AccountActivity { account, filters } => {
                format!("/{ACCOUNTS}/{}/{ACTIVITY}{}", enc(account), filters.query_string())
            }
            AppRoute::AccountMember { account, user } => {
                format!("/{ACCOUNTS}/{}/{USERS}/{}", enc(account), enc(user))
            }
            AppRoute::AccountSubscription {
                account,
                subscription,
            } => format!("/{ACCOUNTS}/{}/{PRODUCTS}/{}", enc(account), enc(subscription)),
            AppRoute::AccountSoftware { account, filters } => {
                format!("/{ACCOUNTS}/{}/{SOFTWARE}{}", enc(account), filters.query_string())
            }
            AppRoute::AccountSoftwareProduct { account, code, view } => format!(
                "/{ACCOUNTS}/{}/{SOFTWARE}/{}{}",
                enc(account),
                enc(code),
                view.query_string()
            ),
            AppRoute::AccountLicenceRequest { account, code, kind } => format!(
                "/{ACCOUNTS}/{}/{SOFTWARE}/{}/{REQUEST}/{}",
                enc(account),
                enc(code),
                kind.as_str()
            ),
            AppRoute::AccountRequests { account, status } => {
                format!("/{ACCOUNTS}/{}/{REQUESTS}{}", enc(account), query(&[("status", put(status))]))
            }
            AppRoute::AccountPackage { account, package } => format!(
                "/{ACCOUNTS}/{}/{PACKAGES}/{}",
                enc(account),
                package.as_deref().map(enc).unwrap_or_else(|| NEW.to_owned())
            ),
            AppRoute::Vendor => format!("/{VENDOR}/{ACCOUNTS}"),
            AppRoute::VendorHome => format!("/{VENDOR}/{HOME}"),
            AppRoute::VendorHelpLinks => format!("/{VENDOR}/{HELP_LINKS}"),
            AppRoute::VendorAccount(id) => format!("/{VENDOR}/{ACCOUNTS}/{}", enc(id)),
            AppRoute::VendorProducts => format!("/{VENDOR}/{PRODUCTS}"),
            AppRoute::VendorProduct(id) => format!("/{VENDOR}/{PRODUCTS}/{}", enc(id)),
            AppRoute::VendorRequests(filters) => {
                format!("/{VENDOR}/{REQUESTS}{}", filters.query_string())
            }
            AppRoute::VendorPrices => format!("/{VENDOR}/{PRICES}"),
            AppRoute::AccountContracts { account, filters } => {
                format!("/{ACCOUNTS}/{}/{SUBSCRIPTIONS}{}", enc(account), filters.query_string())
            }
            AppRoute::AccountBilling { account, subscription } => {
                format!("/{ACCOUNTS}/{}/{SUBSCRIPTIONS}/{}", enc(account), enc(subscription))
            }
            AppRoute::AccountInvoice { account, invoice } => {
                format!("/{ACCOUNTS}/{}/{INVOICES}/{}", enc(account), enc(invoice))
            }
            AppRoute::VendorInvoices { status } => format!("/{VENDOR}/{INVOICES}{}", query(&[("status", put(status))])),
            AppRoute::AccountReports { account, view } => {
                format!("/{ACCOUNTS}/{}/{REPORTS}{}", enc(account), view.query_string())
            }
            AppRoute::AccountDevices { account, filters } => {
                format!("/{ACCOUNTS}/{}/{DEVICES}{}", enc(account), filters.query_string())
            }
            AppRoute::AccountSupport { account, filters } => {
                format!("/{ACCOUNTS}/{}/{SUPPORT}{}", enc(account), filters.query_string())
            }
            AppRoute::AccountNewCase { account } => format!("/{ACCOUNTS}/{}/{SUPPORT}/{NEW}", enc(account)),
            AppRoute::AccountCase { account, case } => format!("/{ACCOUNTS}/{}/{SUPPORT}/{}", enc(account), enc(case)),
            AppRoute::VendorCases(filters) => format!("/{VENDOR}/{SUPPORT}{}", filters.query_string()),
            AppRoute::VendorCase(case) => format!("/{VENDOR}/{SUPPORT}/{}", enc(case)),
        }
    }

    /// The code of a desktop app's sign-in link (`/device?code=WDJB-MJHT`), as it came: the
    /// server reads it loosely (case, spaces and dashes do not matter).
    pub fn device_code(q: &impl Query) -> Option<String> {
        get(q, "code")
    }

    /// Where a signed-in user lands by default: home (`pages::Home` picks the person's home page).
    pub fn after_sign_in(next: Option<String>) -> String {
        next.filter(|n| is_safe_next(n))
            .unwrap_or_else(|| AppRoute::Home.href())
    }
}

impl fmt::Display for AppRoute {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.href())
    }
}

/// Only a path of this app is accepted as a return address: one `/` and then no second `/`
/// or `\\` (which browsers read as `//host`), no scheme, and no control or space characters
/// anywhere (browsers drop tabs and newlines from URLs, so `/\t/evil.example` would become
/// `//evil.example`). Whatever passes stays on this origin. Not the sign-in or its second step
/// (the other ways to sign in are fine: a first sign-in with a linked account comes back there).
pub fn is_safe_next(next: &str) -> bool {
    let mut chars = next.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !next.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && (!next.starts_with(&format!("/{}", paths::SIGN_IN)) || next.starts_with(&format!("/{}", paths::SIGN_IN_PASSKEY)))
        && !next.starts_with(&format!("/{}", paths::TWO_STEP))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A query string, split and decoded as the browser's URL would be: the last value of a
    /// name wins, as with the router's map.
    struct Decoded(Vec<(String, String)>);

    impl Query for Decoded {
        fn value(&self, name: &str) -> Option<&str> {
            self.0.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
        }
    }

    fn parse(href: &str) -> Decoded {
        let mut pairs = vec![];
        if let Some((_, q)) = href.split_once('?') {
            for pair in q.split('&') {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                pairs.push((k.to_owned(), decode(v)));
            }
        }
        Decoded(pairs)
    }

    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = vec![];
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn user_filters_round_trip() {
        let all = UserFilters {
            q: Some("Žiga & co/50% {count}".into()),
            team: Some("t-1".into()),
            role: Some(MemberRole::SecondaryAdmin),
            subscription: Some("s 1".into()),
            status: Some(MemberStatus::Unconfirmed),
            sort: Some(MemberSort::LastSignIn),
            cursor: Some("eyJhIjoxfQ".into()),
        };
        for f in [all.clone(), UserFilters::default(), UserFilters { sort: Some(MemberSort::Email), ..Default::default() }] {
            let href = AppRoute::AccountUsers { account: "a b".into(), filters: f.clone() }.href();
            assert!(href.starts_with("/accounts/a%20b/users"), "{href}");
            assert_eq!(UserFilters::from_query(&parse(&href)), f, "{href}");
        }
        assert!(all.is_filtered() && !UserFilters { sort: Some(MemberSort::Name), ..Default::default() }.is_filtered());
        // Values the app does not know are ignored, not kept as text.
        let odd = parse("/x?role=owner&status=gone&sort=sideways&q=");
        assert_eq!(UserFilters::from_query(&odd), UserFilters::default());
    }

    #[test]
    fn activity_and_software_filters_round_trip() {
        let a = ActivityFilters { action: Some("member.".into()), actor: Some("ana@example.com".into()) };
        let href = AppRoute::AccountActivity { account: "a".into(), filters: a.clone() }.href();
        assert_eq!(ActivityFilters::from_query(&parse(&href)), a);
        assert_eq!(AppRoute::AccountActivity { account: "a".into(), filters: Default::default() }.href(), "/accounts/a/activity");
        let s = SoftwareFilters { product: Some("ACAD".into()), contract: Some("c1".into()), team: Some("t?1".into()) };
        let href = AppRoute::AccountSoftware { account: "a".into(), filters: s.clone() }.href();
        assert_eq!(SoftwareFilters::from_query(&parse(&href)), s);
    }

    #[test]
    fn product_view_round_trips_with_typed_tab_and_platform() {
        for tab in [None, Some(ProductTab::Downloads), Some(ProductTab::Activation), Some(ProductTab::Updates)] {
            for platform in [None, Some(Platform::Windows), Some(Platform::Macos), Some(Platform::Linux)] {
                let v = ProductView { tab, version: Some("2026.1".into()), platform, language: Some("zh-TW".into()) };
                let href = AppRoute::AccountSoftwareProduct { account: "a".into(), code: "AC/AD".into(), view: v.clone() }.href();
                assert!(href.starts_with("/accounts/a/software/AC%2FAD"), "{href}");
                assert_eq!(ProductView::from_query(&parse(&href)), v, "{href}");
            }
        }
        assert_eq!(ProductView::from_query(&parse("/x?tab=secret&platform=amiga")), ProductView::default());
    }

    #[test]
    fn request_routes_round_trip() {
        for kind in [None, Some(RequestKind::PhysicalMedia), Some(RequestKind::NetworkLicence)] {
            for status in [None, Some(RequestStatus::Requested), Some(RequestStatus::Shipped)] {
                for min_age_days in [None, Some(0), Some(30)] {
                    let f = RequestQueueFilters { kind, status, min_age_days };
                    let href = AppRoute::VendorRequests(f.clone()).href();
                    assert_eq!(RequestQueueFilters::from_query(&parse(&href)), f, "{href}");
                }
            }
        }
        assert_eq!(RequestQueueFilters::from_query(&parse("/x?min_age_days=-3")).min_age_days, None);
        for status in [None, Some(RequestStatus::Rejected)] {
            let href = AppRoute::AccountRequests { account: "a".into(), status }.href();
            assert_eq!(get::<RequestStatus>(&parse(&href), "status"), status);
        }
        let href = AppRoute::AccountLicenceRequest { account: "a".into(), code: "ACAD".into(), kind: RequestKind::HomeUse }.href();
        assert_eq!(href, "/accounts/a/software/ACAD/request/home_use");
    }

    #[test]
    fn top_routes_follow_the_first_segment() {
        use TopRoute::*;
        for (path, route) in [
            ("/", Home),
            ("", Home),
            ("/sign-in", SignIn),
            ("/sign-in/", SignIn),
            ("/sign-in/more", Other),
            ("/sign-up", SignUp),
            ("/accounts", Accounts),
            ("/accounts/", Accounts),
            ("/accounts/a1/users/u2", Accounts),
            ("/vendor", Vendor),
            ("/vendor/products/p1", Vendor),
            ("/profile", Other),
            ("/mailbox/m1", Other),
            ("/accountsx", Other),
            ("/no/such/page", Other),
        ] {
            assert_eq!(TopRoute::of(path), route, "{path}");
        }
        assert_eq!(TopRoute::of(&AppRoute::SignIn { next: None }.href()), SignIn);
        assert_eq!(TopRoute::of(&AppRoute::Profile.href()), Other);
    }

    #[test]
    fn contract_filters_round_trip() {
        let all = ContractFilters { team: Some("t 1".into()), status: Some(SubscriptionStatus::Expired), product: Some("ACD&LT".into()) };
        for f in [all, ContractFilters::default(), ContractFilters { status: Some(SubscriptionStatus::Active), ..Default::default() }] {
            let href = AppRoute::AccountContracts { account: "a".into(), filters: f.clone() }.href();
            assert!(href.starts_with("/accounts/a/subscriptions"), "{href}");
            assert_eq!(ContractFilters::from_query(&parse(&href)), f, "{href}");
        }
        assert_eq!(AppRoute::AccountInvoice { account: "a".into(), invoice: "i/1".into() }.href(), "/accounts/a/invoices/i%2F1");
        assert_eq!(AppRoute::VendorInvoices { status: Some(InvoiceStatus::Open) }.href(), "/vendor/invoices?status=open");
    }

    #[test]
    fn report_view_and_device_filters_round_trip() {
        for tab in [None, Some(ReportTab::Seats), Some(ReportTab::Users), Some(ReportTab::Insights), Some(ReportTab::Cloud), Some(ReportTab::Downloads)] {
            for (from, to) in [(None, None), (Some("2026-09-01".to_owned()), Some("2026-11-30".to_owned()))] {
                let v = ReportView { tab, from: from.clone(), to: to.clone(), q: Some("ana & co".into()) };
                let href = AppRoute::AccountReports { account: "a b".into(), view: v.clone() }.href();
                assert!(href.starts_with("/accounts/a%20b/reports"), "{href}");
                assert_eq!(ReportView::from_query(&parse(&href)), v, "{href}");
                // The API is asked for the range, and for the search only in the per-person view.
                let api = parse(&v.api_query());
                assert_eq!(api.value("from"), from.as_deref());
                assert_eq!(api.value("to"), to.as_deref());
                assert_eq!(api.value("q"), (tab == Some(ReportTab::Users)).then_some("ana & co"));
                assert!(api.value("tab").is_none());
            }
        }
        assert_eq!(ReportView::from_query(&parse("/x?tab=secret&from=")), ReportView::default());
        assert!(!ReportTab::Insights.has_range() && ReportTab::Cloud.has_range());
        let all = DeviceFilters { q: Some("WS-01".into()), status: Some(DeviceStatus::Inactive), product: Some("ACAD".into()), user: Some("u/1".into()) };
        for f in [all, DeviceFilters::default(), DeviceFilters { status: Some(DeviceStatus::Deactivated), ..Default::default() }] {
            let href = AppRoute::AccountDevices { account: "a".into(), filters: f.clone() }.href();
            assert!(href.starts_with("/accounts/a/devices"), "{href}");
            assert_eq!(DeviceFilters::from_query(&parse(&href)), f, "{href}");
        }
        assert_eq!(DeviceFilters::from_query(&parse("/x?status=gone")), DeviceFilters::default());
        assert_eq!(AppRoute::Account { account: "a".into(), tab: AccountTab::Reports }.href(), "/accounts/a/reports");
        assert_eq!(AppRoute::Account { account: "a".into(), tab: AccountTab::Devices }.href(), "/accounts/a/devices");
    }

    #[test]
    fn home_routes() {
        assert_eq!(AppRoute::Account { account: "a b".into(), tab: AccountTab::Home }.href(), "/accounts/a%20b/home");
        assert_eq!(AppRoute::VendorHome.href(), "/vendor/home");
        assert_eq!(AppRoute::VendorHelpLinks.href(), "/vendor/help-links");
        assert_eq!(TopRoute::of(&AppRoute::VendorHome.href()), TopRoute::Vendor);
        assert_eq!(TopRoute::of(&AppRoute::Account { account: "a".into(), tab: AccountTab::Home }.href()), TopRoute::Accounts);
    }

    #[test]
    fn support_routes_round_trip() {
        let all = CaseFilters { state: Some(CaseState::Finished), q: Some("licence & key".into()), cursor: Some("c/1".into()) };
        for f in [all, CaseFilters::default(), CaseFilters { state: Some(CaseState::Open), ..Default::default() }] {
            let href = AppRoute::AccountSupport { account: "a b".into(), filters: f.clone() }.href();
            assert!(href.starts_with("/accounts/a%20b/support"), "{href}");
            assert_eq!(CaseFilters::from_query(&parse(&href)), f, "{href}");
            // The API always gets a state: open unless finished was chosen.
            let api = parse(&f.api_query());
            assert_eq!(api.value("state"), Some(if f.state == Some(CaseState::Finished) { "finished" } else { "open" }));
        }
        assert_eq!(CaseFilters::from_query(&parse("/x?state=all&q=")), CaseFilters::default());
        let q = CaseQueueFilters {
            state: Some(CaseState::Open),
            status: Some(CaseStatus::WaitingOnVendor),
            category: Some(CaseCategory::Licensing),
            severity: Some(CaseSeverity::Critical),
            min_age_days: Some(3),
            assignee: Some("me".into()),
            q: Some("CS-2026-000042".into()),
            cursor: Some("x".into()),
        };
        for f in [q, CaseQueueFilters::default(), CaseQueueFilters { assignee: Some("none".into()), ..Default::default() }] {
            let href = AppRoute::VendorCases(f.clone()).href();
            assert!(href.starts_with("/vendor/support"), "{href}");
            assert_eq!(CaseQueueFilters::from_query(&parse(&href)), f, "{href}");
        }
        assert_eq!(CaseQueueFilters::from_query(&parse("/x?status=lost&severity=meh&min_age_days=-1")), CaseQueueFilters::default());
        assert_eq!(AppRoute::AccountNewCase { account: "a".into() }.href(), "/accounts/a/support/new");
        assert_eq!(AppRoute::AccountCase { account: "a".into(), case: "c/1".into() }.href(), "/accounts/a/support/c%2F1");
        assert_eq!(AppRoute::VendorCase("c1".into()).href(), "/vendor/support/c1");
        assert_eq!(AppRoute::Account { account: "a".into(), tab: AccountTab::Support }.href(), "/accounts/a/support");
        assert_eq!(TopRoute::of("/vendor/support/c1"), TopRoute::Vendor);
    }

    #[test]
    fn device_sign_in_is_where_the_server_sends_people_and_keeps_the_code() {
        assert_eq!(AppRoute::DeviceSignIn { code: None }.href(), seatwise_api::DEVICE_PAGE_PATH);
        for code in ["WDJB-MJHT", "wdjb mjht"] {
            let href = AppRoute::DeviceSignIn { code: Some(code.into()) }.href();
            assert!(href.starts_with(&format!("{}?code=", seatwise_api::DEVICE_PAGE_PATH)), "{href}");
            assert_eq!(AppRoute::device_code(&parse(&href)).as_deref(), Some(code), "{href}");
            assert_eq!(TopRoute::of(&href[..href.find('?').unwrap()]), TopRoute::Other);
            assert!(is_safe_next(&href), "signing in comes back to {href}");
        }
        assert_eq!(AppRoute::device_code(&parse("/device?code=%20")), None);
        assert_eq!(AppRoute::device_code(&parse("/device")), None);
    }

    #[test]
    fn paths_are_encoded_like_encode_uri_component() {
        assert_eq!(enc("a b/c?d=e&f#g"), "a%20b%2Fc%3Fd%3De%26f%23g");
        assert_eq!(enc("Žiga-_.!~*'()"), "%C5%BDiga-_.!~*'()");
        assert_eq!(AppRoute::SignIn { next: Some("/accounts/x/users?q=a b".into()) }.href(), "/sign-in?next=%2Faccounts%2Fx%2Fusers%3Fq%3Da%20b");
        assert_eq!(AppRoute::MailboxMessage("m/1".into()).href(), "/mailbox/m%2F1");
        assert_eq!(AppRoute::AccountPackage { account: "a".into(), package: None }.href(), "/accounts/a/packages/new");
    }

    #[test]
    fn only_paths_of_this_app_are_return_addresses() {
        // The first sign-in with a linked account comes back to its page to link it.
        for ok in ["/profile", "/accounts/a1/users?team=x&q=%2F%2F", "/%2F%2Fevil.example", "/a/b//c", "/sign-in-passkey?step=1&next=%2F&linked=new"] {
            assert!(is_safe_next(ok), "{ok}");
        }
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r//evil.example",
            "\t//evil.example",
            " /profile",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{3000}/evil.example",
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "https://evil.example/",
            "evil.example",
            "",
            "/sign-in?next=/profile",
        ] {
            assert!(!is_safe_next(bad), "{bad:?}");
        }
        assert_eq!(AppRoute::after_sign_in(Some("//evil.example".into())), AppRoute::Home.href());
        assert_eq!(AppRoute::after_sign_in(None), "/");
    }
}
