//! Wire types of the Seatwise JSON API (`/api/v1`), shared by the browser app and the server.
//!
//! Serde only: this crate compiles to wasm32 and native and depends on nothing that talks to a
//! network or a database. JSON is snake_case. Request bodies reject unknown fields.

use std::collections::BTreeMap;

pub mod accounts;
pub use accounts::*;
pub mod billing;
pub use billing::*;
pub mod licensing;
pub use licensing::*;
pub mod products;
pub use products::*;
pub mod reports;
pub use reports::*;
pub mod security;
pub use security::*;
pub mod support;
pub use support::*;
pub mod home;
pub use home::*;

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// Path prefix of every API endpoint.
pub const API_PREFIX: &str = "/api/v1";
/// Header the app sends on every state-changing call (one half of the CSRF defence).
pub const CSRF_HEADER: &str = "x-requested-with";
/// The value of [`CSRF_HEADER`].
pub const CSRF_HEADER_VALUE: &str = "seatwise";
/// Name of the session cookie (HttpOnly, so the app never reads it).
pub const SESSION_COOKIE: &str = "seatwise_session";
/// Cookie holding the last interface language chosen before sign-in.
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// The currencies prices and contracts may be in, with their minor units (ISO 4217 exponents).
pub const CURRENCIES: &[(&str, u8)] = &[("CHF", 2), ("EUR", 2), ("GBP", 2), ("JPY", 0), ("TWD", 2), ("USD", 2)];

/// The minor units of a currency of [`CURRENCIES`] (2 for one it does not list).
pub fn minor_units(currency: &str) -> u8 {
    CURRENCIES.iter().find(|(c, _)| *c == currency).map_or(2, |(_, units)| *units)
}

/// Interface languages, as BCP 47 tags. The first one is the default.
pub const LOCALES: &[&str] = &["en", "zh-TW", "sl"];
/// Password length bounds, in characters (Unicode scalar values).
pub const PASSWORD_MIN_CHARS: usize = 12;
pub const PASSWORD_MAX_CHARS: usize = 128;
/// Length limits of free-text profile fields, in characters.
pub const NAME_MAX_CHARS: usize = 100;
pub const EMAIL_MAX_CHARS: usize = 254;
pub const TEXT_MAX_CHARS: usize = 200;

/// Picks the supported locale for a tag such as `zh-Hant-TW`, `sl-SI` or `en-GB`.
pub fn match_locale(tag: &str) -> Option<&'static str> {
    let tag = tag.trim().to_ascii_lowercase().replace('_', "-");
    if tag.is_empty() {
        return None;
    }
    if tag.starts_with("zh") {
        // Traditional Chinese is our only Chinese; Simplified-only tags do not match.
        let traditional = tag == "zh"
            || tag.contains("hant")
            || tag.ends_with("-tw")
            || tag.ends_with("-hk")
            || tag.ends_with("-mo");
        return traditional.then_some("zh-TW");
    }
    let primary = tag.split('-').next().unwrap_or_default();
    LOCALES.iter().copied().find(|l| l.eq_ignore_ascii_case(primary))
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Stable machine-readable error codes. The app translates them; `message` is English, for logs
/// and outside clients only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not valid JSON, or a field has the wrong type, or an unknown field was sent.
    InvalidJson,
    /// The query string has a parameter of the wrong type or an unknown value.
    InvalidQuery,
    /// A state-changing call without a JSON content type.
    UnsupportedMediaType,
    /// The body is larger than the server accepts.
    PayloadTooLarge,
    /// One or more fields are invalid; see `fields`.
    ValidationFailed,
    /// No valid session.
    Unauthenticated,
    /// Signed in, but not allowed.
    Forbidden,
    /// The CSRF checks (custom header, Origin) failed.
    CsrfRejected,
    NotFound,
    MethodNotAllowed,
    /// Unknown account or wrong password: deliberately the same answer.
    InvalidCredentials,
    /// Too many failed sign-ins: try again later (see `Retry-After`).
    TooManyAttempts,
    /// Too many requests of another kind (emails, sign-ups).
    RateLimited,
    /// The link's token is unknown, used or expired.
    InvalidToken,
    /// The current password given for a password change is wrong.
    WrongPassword,
    /// (401) The password was right; the person has 2-step verification, so the sign-in continues
    /// with `POST /auth/second-factor` (a short-lived cookie holds the first step).
    SecondFactorRequired,
    /// The code (authenticator app or recovery code) is wrong, used already or too old.
    InvalidCode,
    /// This change needs a fresh sign-in: confirm the password (and second factor) with
    /// `POST /me/reauthenticate` first.
    ReauthenticationRequired,
    /// 2-step verification is not turned on (or, for a setup, already is).
    TwoStepState,
    /// (400) The passkey's answer did not verify: another site's, an unknown or removed
    /// passkey, a replayed or cloned one, or without the PIN or biometrics it needs.
    PasskeyRejected,
    /// (409) The person's last way to sign in cannot be removed (no password, passkey or other
    /// linked account would be left).
    LastSignInMethod,
    /// (403) An account of the person requires 2-step verification and they have none yet: until
    /// it is set up, only the security page's calls are open.
    TwoStepSetupRequired,
    Conflict,
    /// The subscription has no free seat.
    NoSeatLeft,
    /// The subscription is not active (expired or cancelled).
    SubscriptionInactive,
    /// The contract manager cannot be removed or demoted, and the role is not given by
    /// editing a member: it is transferred.
    PrimaryAdminRequired,
    /// The person is already a member of the account.
    AlreadyMember,
    /// The member is inactive in the company's directory (suspended).
    MemberSuspended,
    /// The team is managed by the company's directory: change it there.
    TeamSynced,
    /// The person already has a pending invitation to the account.
    AlreadyInvited,
    /// The invitation was accepted or revoked.
    InvitationUnavailable,
    /// The name or number is already used (a team, contract or product code).
    Taken,
    /// The person has no seat or trial of this product (or the version is not one the
    /// account may use).
    NotEntitled,
    /// A signed download link that was altered, or made for another file.
    LinkInvalid,
    /// A signed download link whose time is up.
    LinkExpired,
    /// The requested byte range lies outside the file.
    RangeNotSatisfiable,
    /// The person already had a trial of this product.
    TrialUsed,
    /// The product is already available (a seat or a running trial): no trial needed.
    AlreadyEntitled,
    /// This request does not apply to the licence (e.g. previous versions of a network
    /// licence are included without asking).
    RequestNotApplicable,
    /// The same request is already open.
    RequestOpen,
    /// The request cannot move to that status from where it is.
    InvalidTransition,
    /// The upload stopped before the whole file arrived; nothing was kept.
    UploadInterrupted,
    /// (409) The change is not offered for this subscription now; `GET` the subscription for
    /// the reason (`renewal.blocked`, `changes`).
    NotOffered,
    /// (403) The licence held does not include this version of the product.
    VersionNotLicensed,
    /// (409) The subscription has fewer cloud credits left than the event consumed.
    CreditsExhausted,
    /// (401) The device was deactivated: sign in again (`seatwise login`).
    DeviceDeactivated,
    /// (403) The account's primary admin has not accepted the devices agreement in force.
    AgreementRequired,
    /// (409 when creating a usage-report token, 403 when one is used) The account does not
    /// have the premium plan, which the usage-report API is part of.
    PremiumRequired,
    /// (403) The usage-report token's scopes do not include this report.
    InsufficientScope,
    /// (409) The support case is closed: no more replies or changes (open a new one).
    CaseClosed,
    /// The server is at capacity for this kind of work (password checks); try again after
    /// `Retry-After` seconds.
    ServerBusy,
    Internal,
    /// A code this build does not know (a newer server).
    #[serde(other)]
    Unknown,
}

/// Machine-readable reasons a single field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FieldErrorCode {
    Required,
    TooShort,
    TooLong,
    InvalidEmail,
    /// The password is on the list of common passwords.
    CommonPassword,
    InvalidCountry,
    InvalidLocale,
    /// The privacy statement was not accepted.
    ConsentRequired,
    /// Contains characters that are not allowed (control characters).
    InvalidCharacters,
    /// Not in the expected form (a date, a version, a host ID).
    InvalidFormat,
    /// A number outside the allowed range.
    OutOfRange,
    /// The value does not match what it must repeat (the email address, to confirm a deletion).
    Mismatch,
    #[serde(other)]
    Unknown,
}

/// The one error body of every endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
    /// Field name to the reason it was refused; empty unless `code` is `validation_failed`.
    #[serde(default)]
    pub fields: BTreeMap<String, FieldErrorCode>,
}

// ---------------------------------------------------------------------------------------------
// Public endpoints
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Health {
    /// Always `ok` when the server answers.
    pub status: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Demo,
    Production,
}

/// What the app needs to know about this server before anyone signs in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PublicConfig {
    pub mode: Mode,
    /// True when the dev mailbox (`GET /api/v1/dev/mailbox`) exists.
    pub mailbox: bool,
    /// True when the dev page of text messages (`GET /api/v1/dev/texts`) exists.
    pub texts: bool,
    /// Version of the privacy statement a sign-up consents to.
    pub privacy_statement_version: String,
}

// ---------------------------------------------------------------------------------------------
// Auth
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignUpRequest {
    pub email: String,
    pub password: String,
    pub first_name: String,
    pub last_name: String,
    /// ISO 3166-1 alpha-2 code, see [`COUNTRY_CODES`].
    pub country: String,
    /// The privacy statement was accepted; must be true.
    pub privacy_consent: bool,
    /// Interface language of the new account (one of [`LOCALES`]); defaults to the request's
    /// language cookie or `Accept-Language`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
}

/// Answer to sign-up and forgot-password: the same whether or not the address has an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Accepted {
    /// Always `accepted`.
    pub status: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VerifyEmailRequest {
    pub token: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    /// Email address or account ID.
    pub login: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ForgotPasswordRequest {
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    pub token: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    pub new_password: String,
}

// ---------------------------------------------------------------------------------------------
// Me: profile and preferences
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NotificationSettings {
    pub product_updates: bool,
    pub renewal_reminders: bool,
    pub news: bool,
}

/// The signed-in user's profile and preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Me {
    /// Short stable account ID, usable to sign in (for example `SW7K3M9Q2P`).
    pub account_id: String,
    /// A name to sign in with besides the address and the account ID, when chosen.
    #[serde(default)]
    pub username: Option<String>,
    pub email: String,
    pub email_verified: bool,
    /// An account of the person requires 2-step verification and they have not set it up:
    /// until they do, only setting it up is possible.
    #[serde(default)]
    pub two_step_setup_required: bool,
    pub first_name: String,
    pub last_name: String,
    pub country: String,
    pub street: String,
    pub city: String,
    pub postcode: String,
    pub phone: String,
    pub company: String,
    pub job_title: String,
    /// Interface language, one of [`LOCALES`].
    pub locale: String,
    pub notifications: NotificationSettings,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// `PATCH /api/v1/me`: only the fields present change. Empty strings clear optional fields;
/// `first_name`, `last_name` and `country` cannot be empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMeRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notifications: Option<NotificationSettings>,
}

// ---------------------------------------------------------------------------------------------
// Dev mailbox (demo mode without SMTP only)
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MailboxMessage {
    pub id: String,
    pub to: String,
    pub subject: String,
    /// Plain-text body; links in it are absolute URLs.
    pub text: String,
    /// Language the mail was written in.
    pub locale: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Mailbox {
    /// Newest first.
    pub messages: Vec<MailboxMessage>,
}

/// A text message "sent" to the dev page of text messages (demo mode without an SMS gateway).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DevText {
    pub id: String,
    /// The phone, E.164.
    pub to: String,
    pub text: String,
    pub locale: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DevTexts {
    /// Newest first.
    pub messages: Vec<DevText>,
}

// ---------------------------------------------------------------------------------------------
// Countries
// ---------------------------------------------------------------------------------------------

/// ISO 3166-1 alpha-2 codes accepted as "country or region", in order, two letters each (one
/// string rather than a table of 249 pointers: the browser app ships it). The app shows
/// their names with the browser's `Intl.DisplayNames`, so no name lists are shipped.
pub const COUNTRY_CODES: &str = concat!(
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCN",
    "COCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHM",
    "HNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMK",
    "MLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURW",
    "SASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVI",
    "VNVUWFWSYEYTZAZMZW",
);

/// The codes of [`COUNTRY_CODES`], in order.
pub fn countries() -> impl Iterator<Item = &'static str> {
    (0..COUNTRY_CODES.len()).step_by(2).map(|i| &COUNTRY_CODES[i..i + 2])
}

/// The code as [`COUNTRY_CODES`] holds it, when it is one (exact, upper case).
pub fn country(code: &str) -> Option<&'static str> {
    countries().find(|c| *c == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_matching() {
        assert_eq!(match_locale("zh-Hant-TW"), Some("zh-TW"));
        assert_eq!(match_locale("zh-TW"), Some("zh-TW"));
        assert_eq!(match_locale("zh-CN"), None);
        assert_eq!(match_locale("sl-SI"), Some("sl"));
        assert_eq!(match_locale("en-GB"), Some("en"));
        assert_eq!(match_locale("de"), None);
        assert_eq!(match_locale(""), None);
    }

    #[test]
    fn unknown_error_codes_do_not_break_old_clients() {
        let body: ErrorBody =
            serde_json::from_str(r#"{"code":"brand_new","message":"x","fields":{"a":"nope"}}"#)
                .unwrap();
        assert_eq!(body.code, ErrorCode::Unknown);
        assert_eq!(body.fields["a"], FieldErrorCode::Unknown);
    }

    #[test]
    fn countries_are_sorted_and_unique() {
        let codes: Vec<&str> = countries().collect();
        assert_eq!(COUNTRY_CODES.len(), 2 * codes.len());
        assert!(codes.iter().all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        assert_eq!((country("SI"), country("TW"), country("si"), country("XX")), (Some("SI"), Some("TW"), None, None));
    }

    #[test]
    fn requests_reject_unknown_fields() {
        let r: Result<SignInRequest, _> =
            serde_json::from_str(r#"{"login":"a","password":"b","admin":true}"#);
        assert!(r.is_err());
    }
}
