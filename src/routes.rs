//! Every path of the app. Links and redirects are built from [`AppRoute`]; no other module writes
//! an href by hand.

use std::fmt;

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
    Profile,
    Preferences,
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
        kind: String,
    },
    /// Licence requests of the account, filtered by status.
    AccountRequests {
        account: String,
        status: Option<String>,
    },
    /// A new custom install package (`None`) or one to edit.
    AccountPackage {
        account: String,
        package: Option<String>,
    },
    Vendor,
    VendorAccount(String),
    VendorProducts,
    /// One product of the vendor's catalogue: details, releases and their files.
    VendorProduct(String),
    /// The vendor's queue of licence requests, with its filters in the query.
    VendorRequests(RequestQueueFilters),
}

/// The views of an account's area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountTab {
    Users,
    Products,
    Teams,
    Invitations,
    Import,
    Activity,
    /// Products and services: downloads, activation, requests.
    Software,
    Requests,
    Trials,
    Packages,
}

impl AccountTab {
    pub fn segment(self) -> &'static str {
        match self {
            AccountTab::Users => paths::USERS,
            AccountTab::Products => paths::PRODUCTS,
            AccountTab::Teams => paths::TEAMS,
            AccountTab::Invitations => paths::INVITATIONS,
            AccountTab::Import => paths::IMPORT,
            AccountTab::Activity => paths::ACTIVITY,
            AccountTab::Software => paths::SOFTWARE,
            AccountTab::Requests => paths::REQUESTS,
            AccountTab::Trials => paths::TRIALS,
            AccountTab::Packages => paths::PACKAGES,
        }
    }
}

/// The users view's state, kept in the URL query. The names are the API's, so the same query
/// string also asks the server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserFilters {
    pub q: Option<String>,
    pub team: Option<String>,
    pub role: Option<String>,
    pub subscription: Option<String>,
    pub status: Option<String>,
    pub sort: Option<String>,
    pub cursor: Option<String>,
}

impl UserFilters {
    fn pairs(&self) -> [(&'static str, &Option<String>); 7] {
        [
            ("q", &self.q),
            ("team", &self.team),
            ("role", &self.role),
            ("subscription", &self.subscription),
            ("status", &self.status),
            ("sort", &self.sort),
            ("cursor", &self.cursor),
        ]
    }

    /// `?q=...&team=...` (empty values left out), or "" when nothing is set.
    pub fn query_string(&self) -> String {
        let parts: Vec<String> = self
            .pairs()
            .iter()
            .filter_map(|(name, value)| {
                value.as_deref().filter(|v| !v.is_empty()).map(|v| {
                    format!("{name}={}", String::from(js_sys::encode_uri_component(v)))
                })
            })
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Reads the filters from the router's query map.
    pub fn from_query(query: &leptos_router::params::ParamsMap) -> Self {
        let get = |name: &str| query.get(name).filter(|v| !v.is_empty());
        UserFilters {
            q: get("q"),
            team: get("team"),
            role: get("role"),
            subscription: get("subscription"),
            status: get("status"),
            sort: get("sort"),
            cursor: get("cursor"),
        }
    }

    /// True when a filter or search narrows the list (the sort and page do not count).
    pub fn is_filtered(&self) -> bool {
        self.q.is_some()
            || self.team.is_some()
            || self.role.is_some()
            || self.subscription.is_some()
            || self.status.is_some()
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
        let parts: Vec<String> = [("action", &self.action), ("actor", &self.actor)]
            .iter()
            .filter_map(|(name, value)| {
                value.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{name}={}", enc(v)))
            })
            .collect();
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    pub fn from_query(query: &leptos_router::params::ParamsMap) -> Self {
        let get = |name: &str| query.get(name).filter(|v| !v.trim().is_empty());
        ActivityFilters { action: get("action"), actor: get("actor") }
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
        query(&[("product", &self.product), ("contract", &self.contract), ("team", &self.team)])
    }

    pub fn from_query(query: &leptos_router::params::ParamsMap) -> Self {
        let get = |name: &str| query.get(name).filter(|v| !v.trim().is_empty());
        SoftwareFilters { product: get("product"), contract: get("contract"), team: get("team") }
    }
}

/// A product page's view, kept in the URL query: the tab, and the version, platform and
/// language of the downloads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductView {
    /// `downloads`, `activation` or `updates`.
    pub tab: Option<String>,
    /// A version (`2026`), for downloads and updates.
    pub version: Option<String>,
    /// `windows`, `macos` or `linux`.
    pub platform: Option<String>,
    /// A file language (`sl`, `multi`).
    pub language: Option<String>,
}

impl ProductView {
    /// `?tab=...&version=...&platform=...&language=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[
            ("tab", &self.tab),
            ("version", &self.version),
            ("platform", &self.platform),
            ("language", &self.language),
        ])
    }

    pub fn from_query(query: &leptos_router::params::ParamsMap) -> Self {
        let get = |name: &str| query.get(name).filter(|v| !v.trim().is_empty());
        ProductView {
            tab: get("tab"),
            version: get("version"),
            platform: get("platform"),
            language: get("language"),
        }
    }
}

/// `?a=1&b=2` from the set values, or "".
fn query(pairs: &[(&str, &Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(name, value)| {
            value.as_deref().filter(|v| !v.is_empty()).map(|v| format!("{name}={}", enc(v)))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// The vendor's request queue filters, kept in the URL query (the API's names).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestQueueFilters {
    /// A request kind (`physical_media` ...).
    pub kind: Option<String>,
    /// A request status (`requested` ...).
    pub status: Option<String>,
    /// Only requests at least this many days old.
    pub min_age_days: Option<String>,
}

impl RequestQueueFilters {
    /// `?kind=...&status=...&min_age_days=...` (empty values left out), or "".
    pub fn query_string(&self) -> String {
        query(&[
            ("kind", &self.kind),
            ("status", &self.status),
            ("min_age_days", &self.min_age_days),
        ])
    }

    pub fn from_query(query: &leptos_router::params::ParamsMap) -> Self {
        let get = |name: &str| query.get(name).filter(|v| !v.trim().is_empty());
        RequestQueueFilters {
            kind: get("kind"),
            status: get("status"),
            min_age_days: get("min_age_days"),
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
    pub const MAILBOX: &str = "mailbox";
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
    pub const TRIALS: &str = "trials";
    pub const PACKAGES: &str = "packages";
    /// `/accounts/:account/packages/new`.
    pub const NEW: &str = "new";
    /// The parameter of `/accounts/:account/packages/:package`.
    pub const PACKAGE_ID: &str = "package";
    /// The parameter of `/vendor/accounts/:account`.
    pub const VENDOR_ACCOUNT_ID: &str = "account";
    /// The parameter of `/vendor/products/:product`.
    pub const VENDOR_PRODUCT_ID: &str = "product";
}

fn enc(value: &str) -> String {
    String::from(js_sys::encode_uri_component(value))
}

impl AppRoute {
    pub fn href(&self) -> String {
        use paths::*;
        match self {
            AppRoute::Home => "/".into(),
            AppRoute::SignIn { next: None } => format!("/{SIGN_IN}"),
            AppRoute::SignIn { next: Some(next) } => {
                format!(
                    "/{SIGN_IN}?next={}",
                    String::from(js_sys::encode_uri_component(next))
                )
            }
            AppRoute::SignUp => format!("/{SIGN_UP}"),
            AppRoute::VerifyEmail => format!("/{VERIFY_EMAIL}"),
            AppRoute::ForgotPassword => format!("/{FORGOT_PASSWORD}"),
            AppRoute::ResetPassword => format!("/{RESET_PASSWORD}"),
            AppRoute::Profile => format!("/{PROFILE}"),
            AppRoute::Preferences => format!("/{PREFERENCES}"),
            AppRoute::Mailbox => format!("/{MAILBOX}"),
            AppRoute::MailboxMessage(id) => {
                format!(
                    "/{MAILBOX}/{}",
                    String::from(js_sys::encode_uri_component(id))
                )
            }
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
                enc(kind)
            ),
            AppRoute::AccountRequests { account, status } => {
                format!("/{ACCOUNTS}/{}/{REQUESTS}{}", enc(account), query(&[("status", status)]))
            }
            AppRoute::AccountPackage { account, package } => format!(
                "/{ACCOUNTS}/{}/{PACKAGES}/{}",
                enc(account),
                package.as_deref().map(enc).unwrap_or_else(|| NEW.to_owned())
            ),
            AppRoute::Vendor => format!("/{VENDOR}/{ACCOUNTS}"),
            AppRoute::VendorAccount(id) => format!("/{VENDOR}/{ACCOUNTS}/{}", enc(id)),
            AppRoute::VendorProducts => format!("/{VENDOR}/{PRODUCTS}"),
            AppRoute::VendorProduct(id) => format!("/{VENDOR}/{PRODUCTS}/{}", enc(id)),
            AppRoute::VendorRequests(filters) => {
                format!("/{VENDOR}/{REQUESTS}{}", filters.query_string())
            }
        }
    }

    /// Where a signed-in user lands by default.
    pub fn after_sign_in(next: Option<String>) -> String {
        next.filter(|n| is_safe_next(n))
            .unwrap_or_else(|| AppRoute::Profile.href())
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
/// `//evil.example`). Whatever passes stays on this origin.
pub fn is_safe_next(next: &str) -> bool {
    let mut chars = next.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !next.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && !next.starts_with(&format!("/{}", paths::SIGN_IN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_app_are_return_addresses() {
        for ok in ["/profile", "/accounts/a1/users?team=x&q=%2F%2F", "/%2F%2Fevil.example", "/a/b//c"] {
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
        assert_eq!(AppRoute::after_sign_in(Some("//evil.example".into())), AppRoute::Profile.href());
    }
}
