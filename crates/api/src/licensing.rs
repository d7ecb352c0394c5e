//! The licensing API that the vendor's desktop products (and the `seatwise` command-line client)
//! call: signing in with the OAuth 2.0 Device Authorization Grant (RFC 8628), checking a product
//! out, heartbeats, cloud-credit usage and deactivation; and the portal's views of devices.
//!
//! The two grant endpoints (`/device/authorize`, `/device/token`) take form-encoded bodies and
//! answer errors as RFC 6749 §5.2 says (`{"error": ..., "error_description": ...}`). The
//! `/licensing/*` calls take JSON and a device token as `Authorization: Bearer`.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The `grant_type` of a device token request (RFC 8628 §3.4).
pub const DEVICE_CODE_GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// The portal page where a person types the user code.
pub const DEVICE_PAGE_PATH: &str = "/device";
/// Longest client, host and OS names a device authorization keeps, in characters.
pub const DEVICE_TEXT_MAX_CHARS: usize = 100;

/// A desktop app asks to sign in (form-encoded; RFC 8628 §3.1, with the device's names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceAuthorizeForm {
    /// The app asking, as the approval page shows it: `Draftline CAD 2026`, `seatwise`.
    pub client_id: String,
    /// The computer's host name.
    #[serde(default)]
    pub device_name: String,
    /// The operating system, e.g. `Windows 11`, `macOS 15`, `linux`.
    #[serde(default)]
    pub os: String,
    /// Ignored (no scopes yet); accepted because OAuth clients send it.
    #[serde(default)]
    pub scope: Option<String>,
}

/// RFC 8628 §3.2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceAuthorization {
    /// Secret: the app polls with it.
    pub device_code: String,
    /// What the person types on the portal, e.g. `WDJB-MJHT`.
    pub user_code: String,
    pub verification_uri: String,
    /// The page with the code filled in (for a QR code or a link).
    pub verification_uri_complete: String,
    /// Seconds until the codes expire.
    pub expires_in: u64,
    /// Seconds to wait between polls.
    pub interval: u64,
}

/// The app polls for its token (form-encoded; RFC 8628 §3.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceTokenForm {
    /// `urn:ietf:params:oauth:grant-type:device_code`.
    pub grant_type: String,
    pub device_code: String,
    #[serde(default)]
    pub client_id: Option<String>,
}

/// The device token (RFC 6749 §5.1), issued once per approved authorization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceToken {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: u64,
    /// The device the token belongs to (shown in the portal's device lists).
    pub device_id: String,
}

/// An OAuth error (RFC 6749 §5.2, RFC 8628 §3.5): `authorization_pending`, `slow_down`,
/// `access_denied`, `expired_token`, `invalid_request`, `invalid_grant`,
/// `unsupported_grant_type`, `invalid_client`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct OAuthError {
    pub error: String,
    pub error_description: String,
}

/// A device sign-in waiting for the signed-in person's answer, as the approval page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceRequest {
    pub user_code: String,
    pub client_name: String,
    pub host_name: String,
    pub os: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339: after this the code no longer works.
    pub expires_at: String,
}

/// The person's answer to a device sign-in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AnswerDeviceRequest {
    /// True to let the device sign in as you; false to refuse it.
    pub approve: bool,
}

/// May this device run this product version? (`POST /licensing/checkout`)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CheckoutRequest {
    /// The product's code, e.g. `DRAFT`.
    pub product: String,
    pub version: String,
}

/// What a check-out grants, signed so that the product can verify it offline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LicenceClaims {
    /// The product's code.
    pub product: String,
    pub version: String,
    pub device_id: String,
    pub user_id: String,
    pub account_id: String,
    /// The subscription whose seat is used; none for a trial.
    pub subscription_id: Option<String>,
    /// True when a running trial is what allows it.
    pub trial: bool,
    /// Unix seconds.
    pub issued_at: i64,
    /// Unix seconds: the product may run offline on this grant until then.
    pub valid_until: i64,
}

/// The signed answer to a check-out. `payload` is the exact JSON text signed (the claims);
/// `signature` is Ed25519 over its UTF-8 bytes, base64url without padding, by the key
/// `key_id` of `GET /licensing/keys`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LicenceGrant {
    pub claims: LicenceClaims,
    pub payload: String,
    pub key_id: String,
    pub signature: String,
    /// Seconds between heartbeats while the product runs.
    pub heartbeat_secs: u64,
}

/// A public key that signs check-out answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LicenceKey {
    pub key_id: String,
    /// Always `Ed25519`.
    pub algorithm: String,
    /// The 32-byte public key, base64url without padding.
    pub public_key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LicenceKeys {
    pub keys: Vec<LicenceKey>,
}

/// The product is still running (`POST /licensing/heartbeat`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct HeartbeatRequest {
    pub product: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HeartbeatAnswer {
    /// Seconds until the next heartbeat is due.
    pub heartbeat_secs: u64,
}

/// Cloud credits a product consumed (`POST /licensing/usage`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UsageRequest {
    /// Chosen by the client, unique per event: a retry with the same key never counts twice.
    pub idempotency_key: String,
    pub product: String,
    /// Credits consumed, 1 or more.
    pub credits: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UsageRecorded {
    /// The subscription charged.
    pub subscription_id: String,
    pub credits: u32,
    /// Credits left on the subscription after this event.
    pub balance: i64,
    /// True when this key was recorded before: nothing was counted again.
    pub replayed: bool,
}

/// A product a device ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceProduct {
    pub product_code: String,
    pub product_name: String,
    pub version: String,
    /// RFC 3339.
    pub last_seen: String,
}

/// A computer a person signed in from with a desktop product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Device {
    pub id: String,
    pub host_name: String,
    pub os: String,
    /// The app that signed in, e.g. `seatwise`.
    pub client_name: String,
    pub user_id: String,
    pub user_name: String,
    pub user_email: String,
    /// RFC 3339.
    pub first_seen: String,
    /// RFC 3339.
    pub last_seen: String,
    /// False once no heartbeat came for the account's inactivity setting.
    pub active: bool,
    /// True once deactivated (its tokens no longer work).
    pub deactivated: bool,
    pub products: Vec<DeviceProduct>,
}

/// The version of the personal-data agreement an account's primary admin accepts before the
/// portal shows the company's devices. Its text is in the web app's three languages; a new
/// version must be accepted again.
pub const DEVICE_AGREEMENT_VERSION: &str = "2026-12";

/// Who accepted the devices agreement, and which version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AgreementAcceptance {
    pub version: String,
    pub by_name: String,
    pub by_email: String,
    /// RFC 3339.
    pub at: String,
}

/// The account's devices agreement (admins).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceAgreement {
    /// The version in force.
    pub version: String,
    /// The last acceptance, of this or an older version.
    pub accepted: Option<AgreementAcceptance>,
    /// True when the version in force was accepted: the devices can be listed.
    pub in_force: bool,
    /// True when the caller may accept it (the primary admin).
    pub may_accept: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptDeviceAgreement {
    /// The version read, which must be the one in force.
    pub version: String,
}

/// A device's state in lists and filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeviceStatus {
    Active,
    Inactive,
    Deactivated,
}

impl DeviceStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceStatus::Active => "active",
            DeviceStatus::Inactive => "inactive",
            DeviceStatus::Deactivated => "deactivated",
        }
    }

    pub fn parse(s: &str) -> Option<DeviceStatus> {
        [DeviceStatus::Active, DeviceStatus::Inactive, DeviceStatus::Deactivated].into_iter().find(|d| d.as_str() == s)
    }
}

/// Filters of the company's device list (all optional, in the URL).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct DeviceQuery {
    /// Host name, person's name or email contains this (any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<DeviceStatus>,
    /// A product's code: devices that ran it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// A member's id: their devices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

/// The company's devices: those that ran a product under this account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DeviceList {
    pub devices: Vec<Device>,
    /// True when more devices match than the list holds (narrow the filters or export).
    pub truncated: bool,
}

// ---------------------------------------------------------------------------------------------
// Downloads for the download manager (`seatwise download`)
// ---------------------------------------------------------------------------------------------

/// Which files of a release to list (`GET /licensing/files`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct DownloadQuery {
    /// The product's code, e.g. `DRAFT`.
    pub product: String,
    /// The version, e.g. `2026`.
    pub version: String,
    /// Only the files for this platform [default: every platform].
    pub platform: Option<crate::Platform>,
    /// Only the files in this language and the all-languages (`multi`) ones [default: every
    /// language].
    pub language: Option<String>,
}

/// One file to download, with a signed link that works without a session until `expires_at`
/// and answers HTTP Range requests (`ETag` is the quoted SHA-256, for `If-Range`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DownloadFile {
    pub product_code: String,
    pub version: String,
    pub kind: crate::FileKind,
    pub platform: crate::Platform,
    /// One of `FILE_LANGUAGES`.
    pub language: String,
    pub title: String,
    pub file_name: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
    /// The signed download link (absolute).
    pub url: String,
    pub expires_at: String,
}

/// The files of one release the caller may download (`GET /licensing/files`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DownloadFileList {
    pub product_code: String,
    pub version: String,
    /// The account whose licence allows the downloads.
    pub account_id: String,
    pub files: Vec<DownloadFile>,
}

/// A custom install package to download (`GET /licensing/packages/{id}`): its files with signed
/// links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PackageDownload {
    pub id: String,
    pub name: String,
    pub account_id: String,
    pub platform: crate::Platform,
    pub language: String,
    pub total_size: u64,
    pub files: Vec<DownloadFile>,
}
