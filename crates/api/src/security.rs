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
    /// A wrong code at the second step of a sign-in or of a confirmation.
    SecondFactorFailed,
    /// An authenticator app was set up (2-step verification is on).
    TwoStepEnabled,
    /// 2-step verification was turned off.
    TwoStepDisabled,
    /// New recovery codes were made (the old ones no longer work).
    RecoveryCodesGenerated,
    /// One session was ended from the list of sessions.
    SessionEnded,
    /// Every other session was ended.
    SignedOutOthers,
    /// A change of email address was asked for (the new address got a link).
    EmailChangeRequested,
    /// The new email address was confirmed.
    EmailChanged,
    /// An email change was undone from the old address.
    EmailChangeUndone,
    UsernameChanged,
    /// A phone for codes by text message was confirmed.
    PhoneAdded,
    /// The phone for codes by text message was removed.
    PhoneRemoved,
    /// A passkey or security key was registered.
    PasskeyAdded,
    PasskeyRemoved,
    /// An account at an OpenID Connect provider was linked.
    AccountLinked,
    AccountUnlinked,
    #[serde(other)]
    Unknown,
}

impl SecurityEventKind {
    pub const ALL: [SecurityEventKind; 24] = [
        SecurityEventKind::SignIn,
        SecurityEventKind::SignInFailed,
        SecurityEventKind::SignInThrottled,
        SecurityEventKind::Locked,
        SecurityEventKind::PasswordReset,
        SecurityEventKind::PasswordChanged,
        SecurityEventKind::PasswordChangeFailed,
        SecurityEventKind::SignedOutEverywhere,
        SecurityEventKind::SecondFactorFailed,
        SecurityEventKind::TwoStepEnabled,
        SecurityEventKind::TwoStepDisabled,
        SecurityEventKind::RecoveryCodesGenerated,
        SecurityEventKind::SessionEnded,
        SecurityEventKind::SignedOutOthers,
        SecurityEventKind::EmailChangeRequested,
        SecurityEventKind::EmailChanged,
        SecurityEventKind::EmailChangeUndone,
        SecurityEventKind::UsernameChanged,
        SecurityEventKind::PhoneAdded,
        SecurityEventKind::PhoneRemoved,
        SecurityEventKind::PasskeyAdded,
        SecurityEventKind::PasskeyRemoved,
        SecurityEventKind::AccountLinked,
        SecurityEventKind::AccountUnlinked,
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
            SecurityEventKind::SecondFactorFailed => "second_factor_failed",
            SecurityEventKind::TwoStepEnabled => "two_step_enabled",
            SecurityEventKind::TwoStepDisabled => "two_step_disabled",
            SecurityEventKind::RecoveryCodesGenerated => "recovery_codes_generated",
            SecurityEventKind::SessionEnded => "session_ended",
            SecurityEventKind::SignedOutOthers => "signed_out_others",
            SecurityEventKind::EmailChangeRequested => "email_change_requested",
            SecurityEventKind::EmailChanged => "email_changed",
            SecurityEventKind::EmailChangeUndone => "email_change_undone",
            SecurityEventKind::UsernameChanged => "username_changed",
            SecurityEventKind::PhoneAdded => "phone_added",
            SecurityEventKind::PhoneRemoved => "phone_removed",
            SecurityEventKind::PasskeyAdded => "passkey_added",
            SecurityEventKind::PasskeyRemoved => "passkey_removed",
            SecurityEventKind::AccountLinked => "account_linked",
            SecurityEventKind::AccountUnlinked => "account_unlinked",
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
    /// How a sign-in was made (sign-ins only).
    pub method: Option<SignInMethod>,
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
    /// The browser and system the user agent names (as in [`SessionInfo`]).
    pub browser: String,
    pub os: String,
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

/// How a session was signed in: the last step the person passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SignInMethod {
    /// The password alone (no 2-step verification).
    Password,
    /// The password and a code of the authenticator app.
    Totp,
    /// The password and a recovery code.
    RecoveryCode,
    /// The password, on a browser remembered after a second step.
    RememberedBrowser,
    /// The password and a code sent by text message.
    TextMessage,
    /// A passkey or security key (with its PIN or biometrics): on its own, or after the
    /// password as the second step.
    Passkey,
    /// An account at an OpenID Connect provider that the person linked.
    LinkedAccount,
    #[serde(other)]
    Unknown,
}

impl SignInMethod {
    pub const ALL: [SignInMethod; 7] = [
        SignInMethod::Password,
        SignInMethod::Totp,
        SignInMethod::RecoveryCode,
        SignInMethod::RememberedBrowser,
        SignInMethod::TextMessage,
        SignInMethod::Passkey,
        SignInMethod::LinkedAccount,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SignInMethod::Password => "password",
            SignInMethod::Totp => "totp",
            SignInMethod::RecoveryCode => "recovery_code",
            SignInMethod::RememberedBrowser => "remembered_browser",
            SignInMethod::TextMessage => "text_message",
            SignInMethod::Passkey => "passkey",
            SignInMethod::LinkedAccount => "linked_account",
            SignInMethod::Unknown => "unknown",
        }
    }

    pub fn parse(s: &str) -> Option<SignInMethod> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A second factor a person can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SecondFactor {
    /// A 6-digit code of the authenticator app.
    Totp,
    /// One of the single-use recovery codes.
    RecoveryCode,
    /// A code sent by text message to the person's confirmed phone (ask for one with
    /// `POST /auth/second-factor/text`).
    TextMessage,
    /// One of the person's passkeys or security keys (ask for a challenge with
    /// `POST /auth/second-factor/passkey`; the answer goes in `passkey`).
    Passkey,
}

/// `GET /auth/second-factor`: what the person at the second step of a sign-in can use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecondFactorChallenge {
    pub methods: Vec<SecondFactor>,
    /// The phone codes by text message go to, masked (`+386•••••78`); absent without one.
    pub phone_hint: Option<String>,
    /// RFC 3339, UTC: when the first step has to be done again.
    pub expires_at: String,
}

/// `POST /auth/second-factor`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SecondFactorRequest {
    pub method: SecondFactor,
    /// The code (every method but `passkey`).
    #[serde(default)]
    pub code: String,
    /// The browser's answer to the passkey challenge (method `passkey`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passkey: Option<PasskeyAnswer>,
    /// Do not ask this browser for a second factor for 30 days.
    #[serde(default)]
    pub remember_browser: bool,
}

/// `GET /me/security`: the state of the person's sign-in protection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SecurityOverview {
    /// An authenticator app is set up: sign-in asks for a second factor.
    pub totp_enabled: bool,
    /// The person must keep 2-step verification on: vendor staff always, members of an account
    /// that requires it. Turning it off is refused.
    pub two_step_required: bool,
    /// Unused recovery codes.
    pub recovery_codes_left: u32,
    /// Browsers that skip the second step for now.
    pub remembered_browsers: u32,
    /// RFC 3339, UTC: until when this session may change sign-in factors without confirming
    /// the password again; absent when it must confirm first.
    pub fresh_until: Option<String>,
    /// A new email address waiting for its confirmation link to be opened.
    pub pending_email: Option<String>,
    /// The phone for codes by text message, if one was given.
    pub phone: Option<PhoneState>,
    /// This portal can send text messages (a gateway is configured, or the demo's Text
    /// messages page stands in for one).
    pub text_messages_available: bool,
    /// This portal can register passkeys: its address (`public_url`) has a domain name, as
    /// WebAuthn requires (not an IP address).
    pub passkeys_available: bool,
}

/// A provider people can sign in with (`GET /auth/providers`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignInProvider {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SignInProviders {
    pub providers: Vec<SignInProvider>,
}

/// An account at a provider, linked to the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LinkedAccount {
    pub id: String,
    /// The provider's id and its name.
    pub provider: String,
    pub provider_name: String,
    /// The address the provider gave at the last sign-in.
    pub email: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// `GET /me/linked-accounts`: the person's linked accounts, and the providers they can link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LinkedAccountList {
    pub accounts: Vec<LinkedAccount>,
    pub providers: Vec<SignInProvider>,
}

/// `GET /auth/oidc/pending`: the first sign-in with an account at a provider that is linked to
/// no one yet. It links to a Seatwise account the person signs in to (`POST
/// /auth/oidc/pending/link`), or, when the provider vouched for an address that has no account,
/// starts one (`POST /auth/oidc/pending/sign-up`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PendingLink {
    pub provider: String,
    pub provider_name: String,
    /// The address the provider gave (empty when it gave none).
    pub email: String,
    /// The provider vouched for `email`: only then can it start an account.
    pub email_verified: bool,
    /// A Seatwise account uses `email` (told only when the provider vouched for it, to the
    /// person who proved they own it): sign in to it to link.
    pub account_exists: bool,
    /// The name the provider gave, to start the sign-up with.
    pub first_name: String,
    pub last_name: String,
}

/// `POST /auth/oidc/pending/sign-up`: a new account for the provider's verified address, signed
/// in through the provider (no password).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LinkedSignUpRequest {
    pub first_name: String,
    pub last_name: String,
    /// ISO 3166-1 alpha-2 code, see [`crate::COUNTRY_CODES`].
    pub country: String,
    /// The privacy statement was accepted; must be true.
    pub privacy_consent: bool,
    /// Interface language of the new account (one of [`crate::LOCALES`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// `GET /me/passkeys`: the person's passkeys and security keys, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasskeyList {
    pub passkeys: Vec<PasskeyInfo>,
}

/// A passkey or security key of the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasskeyInfo {
    pub id: String,
    /// The person's name for it ("Work laptop", "YubiKey").
    pub name: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// RFC 3339, UTC; absent until first used to sign in.
    pub last_used_at: Option<String>,
}

/// A WebAuthn challenge for the browser: pass `options` to
/// `PublicKeyCredential.parseCreationOptionsFromJSON` (a registration) or
/// `parseRequestOptionsFromJSON` (a sign-in), and send `ceremony` back with the answer within
/// 5 minutes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PasskeyChallenge {
    pub ceremony: String,
    /// WebAuthn's `PublicKeyCredentialCreationOptionsJSON` or `…RequestOptionsJSON`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub options: Box<serde_json::value::RawValue>,
}

/// The browser's answer to a passkey challenge: the credential's `toJSON()`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasskeyAnswer {
    pub ceremony: String,
    /// WebAuthn's `AuthenticationResponseJSON`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: Box<serde_json::value::RawValue>,
}

/// `POST /me/passkeys`: finish registering a passkey.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddPasskeyRequest {
    /// 1 to 60 characters.
    pub name: String,
    pub ceremony: String,
    /// WebAuthn's `RegistrationResponseJSON`.
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: Box<serde_json::value::RawValue>,
}

/// `PATCH /me/passkeys/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RenamePasskeyRequest {
    pub name: String,
}

/// The phone codes by text message go to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PhoneState {
    /// E.164, e.g. `+38640123456`.
    pub number: String,
    /// A code sent to it was typed back: sign-in may use it.
    pub confirmed: bool,
}

/// `POST /me/phone`: a phone for codes by text message (2-step verification must be on).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetPhoneRequest {
    /// International form: `+`, the country code and the number; spaces, dashes, dots and
    /// brackets are ignored, and a leading `00` reads as `+`.
    pub phone: String,
}

/// `POST /me/phone/confirm`: the code the text message brought.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmPhoneRequest {
    pub code: String,
}

/// A code was sent by text message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TextSent {
    /// The phone, masked.
    pub phone_hint: String,
    /// RFC 3339, UTC: when the code stops working.
    pub expires_at: String,
}

/// `POST /me/reauthenticate`: the password, and a code when 2-step verification is on (a
/// code of the authenticator app or a recovery code).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReauthenticateRequest {
    pub password: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// `POST /me/totp/setup`: a new secret for the authenticator app, not yet in use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TotpSetup {
    /// Base 32 (RFC 4648), for typing into the app.
    pub secret: String,
    /// The `otpauth://totp/…` URI the QR code holds.
    pub uri: String,
    /// The QR code of `uri`: `size` modules a side, and an SVG path (in module units) of the
    /// dark ones.
    pub qr_size: u32,
    pub qr_path: String,
}

/// `POST /me/totp/confirm`: a code from the app, proving the secret was taken in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ConfirmTotpRequest {
    pub code: String,
}

/// Ten new single-use recovery codes, shown once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// One signed-in session of the person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionInfo {
    pub id: String,
    /// Read from the user agent, e.g. `Firefox 133`; empty when unknown.
    pub browser: String,
    /// e.g. `Windows`, `macOS`, `Android`; empty when unknown.
    pub os: String,
    pub ip: String,
    pub method: SignInMethod,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_seen_at: String,
    /// The session of this request.
    pub current: bool,
}

/// Newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SessionList {
    pub sessions: Vec<SessionInfo>,
}

/// `POST /me/email`: change the email address. The new one gets a confirmation link; the
/// answer is the same whether or not the address is taken.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeEmailRequest {
    pub new_email: String,
    pub password: String,
}

/// The token of a mailed link about an email change (`/confirm-email-change?token=…` to the new
/// address, `/undo-email-change?token=…` to the old one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EmailChangeLink {
    pub token: String,
}

/// `PUT /me/username`: set (or, with `null` or an empty string, clear) the username.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetUsernameRequest {
    pub username: Option<String>,
}

/// `POST /me/delete`: delete the signed-in person's account for good. Needs a fresh sign-in
/// and the email address typed again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    pub email: String,
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
        for m in SignInMethod::ALL {
            assert_eq!(SignInMethod::parse(m.as_str()), Some(m));
            assert_eq!(serde_json::to_string(&m).unwrap(), format!("\"{}\"", m.as_str()));
        }
    }
}
