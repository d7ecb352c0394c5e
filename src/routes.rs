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

/// Only same-app paths are accepted as a return address (no `//host`, no schemes).
pub fn is_safe_next(next: &str) -> bool {
    next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.starts_with(&format!("/{}", paths::SIGN_IN))
}
