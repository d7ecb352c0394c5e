//! Products and services: the vendor's catalogue (products, collections, releases, files),
//! what a customer account may use and download, trials, licence requests and custom install
//! packages.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

use crate::LicenceType;

// ---------------------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Windows,
    Macos,
    Linux,
}

impl Platform {
    pub const ALL: [Platform; 3] = [Platform::Windows, Platform::Macos, Platform::Linux];
    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Windows => "windows",
            Platform::Macos => "macos",
            Platform::Linux => "linux",
        }
    }
    pub fn parse(s: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    Installer,
    Update,
    AddOn,
    LanguagePack,
}

impl FileKind {
    pub const ALL: [FileKind; 4] = [FileKind::Installer, FileKind::Update, FileKind::AddOn, FileKind::LanguagePack];
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Installer => "installer",
            FileKind::Update => "update",
            FileKind::AddOn => "add_on",
            FileKind::LanguagePack => "language_pack",
        }
    }
    pub fn parse(s: &str) -> Option<FileKind> {
        FileKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Languages a file can be in: the portal's languages and a few more the vendor ships, or
/// `multi` for a file with every language.
pub const FILE_LANGUAGES: &[&str] = &["multi", "en", "zh-TW", "sl", "de", "fr", "ja"];

/// One downloadable file of a release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReleaseFile {
    pub id: String,
    pub release_id: String,
    pub platform: Platform,
    /// One of `FILE_LANGUAGES`.
    pub language: String,
    pub kind: FileKind,
    /// What the file is, e.g. "Draftline 2026.2 update".
    pub title: String,
    pub file_name: String,
    pub size: u64,
    /// Lower-case hex.
    pub sha256: String,
    pub uploaded_at: String,
}

/// A version of a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Release {
    pub id: String,
    pub version: String,
    /// ISO date.
    pub released_on: String,
    /// ISO date; none while it is the current version.
    pub supported_until: Option<String>,
    /// The product key that activates this version (it differs per version).
    pub product_key: String,
    pub files: Vec<ReleaseFile>,
}

/// A product or collection of the vendor's catalogue, with its releases.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CatalogueProduct {
    pub id: String,
    pub code: String,
    pub name: String,
    /// `product` or `collection`.
    pub kind: String,
    pub description: String,
    /// One to three letters shown on a coloured tile.
    pub icon: String,
    /// Length of a trial in days; 0 when the product has no trial.
    pub trial_days: u32,
    /// For a collection: the codes of the products it holds.
    pub members: Vec<String>,
    /// For a product: the collections that hold it.
    pub collections: Vec<String>,
    /// Newest first.
    pub releases: Vec<Release>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Catalogue {
    pub products: Vec<CatalogueProduct>,
    /// Largest file an upload may be, in bytes.
    pub max_upload_bytes: u64,
}

/// Changes a product's description, icon, trial length or (for a collection) its products.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProductRequest {
    pub name: String,
    pub description: String,
    pub icon: String,
    pub trial_days: u32,
    /// Product codes; only for a collection (must be empty for a product).
    #[serde(default)]
    pub members: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateReleaseRequest {
    pub version: String,
    pub released_on: String,
    #[serde(default)]
    pub supported_until: Option<String>,
    pub product_key: String,
}

/// The query of a file upload; the body is the file's bytes (`application/octet-stream`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema, IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UploadFileQuery {
    pub platform: Platform,
    pub language: String,
    pub kind: FileKind,
    pub title: String,
    pub file_name: String,
}

// ---------------------------------------------------------------------------------------------
// Products and services (customer side)
// ---------------------------------------------------------------------------------------------

/// Filters of the products list; all optional.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ProductQuery {
    /// A product code.
    pub product: Option<String>,
    /// A contract id.
    pub contract: Option<String>,
    /// A team id (admins): products assigned to someone of the team.
    pub team: Option<String>,
}

/// A subscription that covers a product (directly or through a collection).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Coverage {
    pub subscription_id: String,
    pub contract_id: String,
    pub contract_number: String,
    /// The product or collection the subscription is for.
    pub via_code: String,
    pub via_name: String,
    pub licence_type: LicenceType,
    pub seats: u32,
    pub seats_used: u32,
    pub end_date: String,
    pub active: bool,
    /// The signed-in person holds a seat of it.
    pub assigned_to_me: bool,
}

/// A running trial of the signed-in person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Trial {
    pub id: String,
    pub product_code: String,
    pub product_name: String,
    pub started_at: String,
    pub ends_at: String,
    /// Whole days left, rounded up; 0 once it has ended.
    pub days_left: u32,
    pub active: bool,
}

/// A product in the list of products and services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProductCard {
    pub code: String,
    pub name: String,
    pub description: String,
    pub icon: String,
    pub coverage: Vec<Coverage>,
    /// The signed-in person may download and activate it.
    pub entitled: bool,
    pub trial: Option<Trial>,
    /// The newest version.
    pub current_version: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProductCardList {
    pub products: Vec<ProductCard>,
}

/// Serial number and product key of one version, when the person may see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Activation {
    pub version: String,
    pub serial_number: String,
    pub product_key: String,
    pub licence_type: LicenceType,
    pub contract_number: String,
}

/// How one kind of request applies to this product's licence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestAvailability {
    /// The vendor fulfils a request.
    Request,
    /// Included with the licence: nothing to ask for.
    Included,
    /// Does not apply to this licence.
    NotApplicable,
}

/// Usual fulfilment times (settings, not literals): business days, or calendar days for media.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TypicalTimes {
    pub previous_version_business_days: u32,
    pub home_use_business_days: u32,
    pub physical_media_min_days: u32,
    pub physical_media_max_days: u32,
    pub network_licence_business_days: u32,
}

/// What a product offers the signed-in person, and what they may ask for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProductDetail {
    pub code: String,
    pub name: String,
    pub description: String,
    pub icon: String,
    pub coverage: Vec<Coverage>,
    pub entitled: bool,
    /// Admins see every seat's details; users only their own.
    pub is_admin: bool,
    pub trial: Option<Trial>,
    /// A trial could be started now (the product has one, unused, and no seat).
    pub trial_days: u32,
    /// The versions this account may use, newest first, with their files (empty when the
    /// person is not entitled).
    pub releases: Vec<Release>,
    /// Versions of the catalogue the account may not use (shown, without files).
    pub other_versions: Vec<String>,
    pub activations: Vec<Activation>,
    pub previous_version: RequestAvailability,
    pub home_use: RequestAvailability,
    pub physical_media: RequestAvailability,
    pub network_licence: RequestAvailability,
    pub typical: TypicalTimes,
}

/// A signed link to one file, for curl or another computer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DownloadLink {
    pub url: String,
    pub expires_at: String,
    /// A command that downloads the file and checks its SHA-256.
    pub curl: String,
    pub sha256: String,
    pub file_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TrialOffer {
    pub product_code: String,
    pub product_name: String,
    pub description: String,
    pub icon: String,
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TrialList {
    /// The person's trials, running and ended.
    pub trials: Vec<Trial>,
    /// Products the person may still try.
    pub offers: Vec<TrialOffer>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StartTrialRequest {
    pub product_code: String,
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    PreviousVersion,
    HomeUse,
    PhysicalMedia,
    NetworkLicence,
}

impl RequestKind {
    pub const ALL: [RequestKind; 4] =
        [RequestKind::PreviousVersion, RequestKind::HomeUse, RequestKind::PhysicalMedia, RequestKind::NetworkLicence];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::PreviousVersion => "previous_version",
            RequestKind::HomeUse => "home_use",
            RequestKind::PhysicalMedia => "physical_media",
            RequestKind::NetworkLicence => "network_licence",
        }
    }
    pub fn parse(s: &str) -> Option<RequestKind> {
        RequestKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Requested,
    /// Physical media: accepted, being prepared.
    Approved,
    /// Shipped with a tracking number (physical media).
    Shipped,
    /// A serial number or licence file was issued.
    Fulfilled,
    Rejected,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [
        RequestStatus::Requested,
        RequestStatus::Approved,
        RequestStatus::Shipped,
        RequestStatus::Fulfilled,
        RequestStatus::Rejected,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Requested => "requested",
            RequestStatus::Approved => "approved",
            RequestStatus::Shipped => "shipped",
            RequestStatus::Fulfilled => "fulfilled",
            RequestStatus::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<RequestStatus> {
        RequestStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
    pub fn is_open(self) -> bool {
        matches!(self, RequestStatus::Requested | RequestStatus::Approved)
    }
}

/// Where physical media is shipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ShippingAddress {
    pub name: String,
    #[serde(default)]
    pub company: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    #[serde(default)]
    pub phone: String,
}

/// A new request. Which fields are needed depends on `kind`:
/// previous version: `version`; home use: nothing more; physical media: `version`,
/// `language`, `shipping`; network licence: `host_name`, `host_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateLicenceRequest {
    pub kind: RequestKind,
    pub product_code: String,
    pub subscription_id: String,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub shipping: Option<ShippingAddress>,
    #[serde(default)]
    pub host_name: Option<String>,
    #[serde(default)]
    pub host_id: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LicenceRequest {
    pub id: String,
    /// Short reference shown to people, e.g. `RQ-2026-000042`.
    pub number: String,
    pub account_id: String,
    pub account_name: String,
    pub kind: RequestKind,
    pub status: RequestStatus,
    pub product_code: String,
    pub product_name: String,
    pub subscription_id: String,
    pub contract_number: String,
    pub licence_type: LicenceType,
    pub requested_by_name: String,
    pub requested_by_email: String,
    pub version: Option<String>,
    pub language: Option<String>,
    pub shipping: Option<ShippingAddress>,
    pub host_name: Option<String>,
    pub host_id: Option<String>,
    pub note: String,
    /// Issued serial number (previous version, home use).
    pub serial_number: Option<String>,
    pub tracking_number: Option<String>,
    /// Why the vendor rejected it.
    pub reason: Option<String>,
    /// A licence file was issued and can be downloaded.
    pub has_licence_file: bool,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LicenceRequestList {
    pub requests: Vec<LicenceRequest>,
}

/// Filters of the vendor's request queue.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct RequestQuery {
    pub kind: Option<RequestKind>,
    pub status: Option<RequestStatus>,
    /// Only requests at least this many days old.
    #[cfg_attr(feature = "openapi", param(maximum = 36500))]
    pub min_age_days: Option<u32>,
}

/// The vendor moves a request on: approve (media), ship with a tracking number (media),
/// fulfil with a serial (previous version, home use) or by issuing the licence file
/// (network licence), or reject with a reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateRequestStatus {
    pub status: RequestStatus,
    #[serde(default)]
    pub serial_number: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Custom install packages
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PackageOptions {
    /// Put the version's updates into the package.
    pub include_updates: bool,
    /// Put the version's add-ons into the package.
    pub include_add_ons: bool,
    /// Add language packs for the package's language.
    pub include_language_packs: bool,
    /// Where to install; empty for the default.
    #[serde(default)]
    pub install_path: String,
    pub desktop_shortcuts: bool,
}

/// A product and version inside a package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PackageItem {
    pub product_code: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PackageRequest {
    pub name: String,
    pub platform: Platform,
    pub language: String,
    pub items: Vec<PackageItem>,
    pub options: PackageOptions,
    /// Visible to every admin of the account (otherwise only to its author).
    pub shared: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PackageFile {
    pub product_code: String,
    pub version: String,
    pub kind: FileKind,
    pub file_name: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Package {
    pub id: String,
    pub name: String,
    pub platform: Platform,
    pub language: String,
    pub items: Vec<PackageItem>,
    pub options: PackageOptions,
    pub shared: bool,
    pub created_by_name: String,
    pub mine: bool,
    pub updated_at: String,
    /// The exact files the package installs, in order.
    pub files: Vec<PackageFile>,
    pub total_size: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PackageList {
    pub packages: Vec<Package>,
}
