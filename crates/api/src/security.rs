//! The security log: authentication events of a person, readable by that person and by
//! vendor staff.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// What happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecurityEventKind {
    /// Signed in with the password.
    SignIn,
    /// A wrong password, or an unknown email address or account ID.
    SignInFailed,
    /// A sign-in refused before the password was checked: the account was locked, or too many
    /// failures came from the address or from everywhere.
    SignInThrottled,
    /// Too many failed sign-ins: the account is locked for a while.
    Locked,
    /// A new password was set through a reset link.
    PasswordReset,
    PasswordChanged,
    /// A password change with a wrong current password.
    PasswordChangeFailed,
    /// Every session of the person was ended.
    SignedOutEverywhere,
    #[serde(other)]
    Unknown,
}

impl SecurityEventKind {
    pub const ALL: [SecurityEventKind; 8] = [
        SecurityEventKind::SignIn,
        SecurityEventKind::SignInFailed,
        SecurityEventKind::SignInThrottled,
        SecurityEventKind::Locked,
        SecurityEventKind::PasswordReset,
        SecurityEventKind::PasswordChanged,
        SecurityEventKind::PasswordChangeFailed,
        SecurityEventKind::SignedOutEverywhere,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SecurityEventKind::SignIn => "sign_in",
            SecurityEventKind::SignInFailed => "sign_in_failed",
            SecurityEventKind::SignInThrottled => "sign_in_throttled",
            SecurityEventKind::Locked => "locked",
            SecurityEventKind::PasswordReset => "password_reset",
            SecurityEventKind::PasswordChanged => "password_changed",
            SecurityEventKind::PasswordChangeFailed => "password_change_failed",
            SecurityEventKind::SignedOutEverywhere => "signed_out_everywhere",
            SecurityEventKind::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> SecurityEventKind {
        Self::ALL.into_iter().find(|k| k.as_str() == s).unwrap_or(SecurityEventKind::Unknown)
    }
}

/// One entry of the security log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecurityEvent {
    pub id: String,
    pub kind: SecurityEventKind,
    /// The person, when the event belongs to an account (a failed sign-in with an unknown
    /// login has none).
    pub user_id: Option<String>,
    /// Their email address (vendor staff's view only; empty in a person's own log).
    pub email: String,
    /// What was typed to sign in, normalised (vendor staff's view only; empty otherwise).
    pub login: String,
    /// The client's address (behind a trusted proxy: the address it reported).
    pub ip: String,
    pub user_agent: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// Newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecurityEventPage {
    pub events: Vec<SecurityEvent>,
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in SecurityEventKind::ALL {
            assert_eq!(SecurityEventKind::parse(k.as_str()), k);
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{}\"", k.as_str()));
        }
    }
}
