//! The home page after sign-in (one per role), product update notices and help links.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

use crate::{LicenceRequest, SupportCase};

/// What the vendor published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UpdateKind {
    /// A new version of the product.
    Release,
    /// An update (service pack, hotfix) of a version.
    Update,
    AddOn,
}

impl UpdateKind {
    pub const ALL: [UpdateKind; 3] = [UpdateKind::Release, UpdateKind::Update, UpdateKind::AddOn];
    pub fn as_str(self) -> &'static str {
        match self {
            UpdateKind::Release => "release",
            UpdateKind::Update => "update",
            UpdateKind::AddOn => "add_on",
        }
    }
    pub fn parse(s: &str) -> Option<UpdateKind> {
        UpdateKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A published release, update or add-on of a product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProductUpdate {
    pub id: String,
    pub kind: UpdateKind,
    pub product_code: String,
    pub product_name: String,
    pub version: String,
    /// The file of an update or add-on; none for a release (all its files).
    pub file_id: Option<String>,
    pub file_title: Option<String>,
    /// What is new, in the vendor's words.
    pub note: String,
    pub published_at: String,
    /// Published after the person's previous visit of the home page.
    pub is_new: bool,
}

/// The vendor publishes a release, or an update or add-on file of it: every member holding a
/// seat or trial of the product who wants product mail is mailed once, by a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PublishUpdate {
    pub release_id: String,
    pub kind: UpdateKind,
    /// Required for an update or add-on: a file of that kind of the release.
    #[serde(default)]
    pub file_id: Option<String>,
    /// What is new (up to 2,000 characters).
    #[serde(default)]
    pub note: String,
}

/// A product's published updates, newest first ("What's new").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProductUpdateList {
    pub updates: Vec<ProductUpdate>,
}

/// A published update as the vendor sees it: how far its mails have gone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PublishedUpdate {
    pub update: ProductUpdate,
    /// People to mail (holders who want product mail), and mailed so far.
    pub recipients: u64,
    pub mailed: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PublishedUpdateList {
    pub updates: Vec<PublishedUpdate>,
}

/// A link to help: documentation, videos, the status page. Kept per language by the vendor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HelpLink {
    pub id: String,
    /// `en`, `zh-TW` or `sl`.
    pub locale: String,
    pub title: String,
    pub url: String,
    pub description: String,
    /// Lower first.
    pub position: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HelpLinkList {
    pub links: Vec<HelpLink>,
}

/// Adds or changes a help link (vendor staff). The URL is https (or http).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SaveHelpLink {
    pub locale: String,
    pub title: String,
    pub url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub position: i64,
}

/// A subscription the person uses (or, for admins, the account has) that ends soon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct RenewalNotice {
    pub subscription_id: String,
    pub product_code: String,
    pub product_name: String,
    pub contract_number: String,
    pub end_date: String,
    pub days_left: i64,
    pub auto_renew: bool,
}

/// Seats of one product across the account's active subscriptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SeatSummary {
    pub product_code: String,
    pub product_name: String,
    pub seats: i64,
    pub used: i64,
}

/// A pending invitation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct PendingInvitation {
    pub id: String,
    pub email: String,
    pub invited_at: String,
    pub expires_at: String,
}

/// An entry of the account's activity log, short.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct HomeActivity {
    pub action: String,
    pub actor_email: String,
    pub at: String,
}

/// What admins see besides everyone's blocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AdminHome {
    pub seats: Vec<SeatSummary>,
    /// Subscriptions in the renewal window (from 90 days before their end).
    pub renewals: Vec<RenewalNotice>,
    pub invitations: Vec<PendingInvitation>,
    pub pending_invitations: u64,
    pub activity: Vec<HomeActivity>,
}

/// A member's home page in one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountHome {
    /// Updates of the person's products in the last 90 days, newest first.
    pub updates: Vec<ProductUpdate>,
    /// Open support cases the person sees (admins: the account's).
    pub cases: Vec<SupportCase>,
    /// Open licence requests (admins).
    pub requests: Vec<LicenceRequest>,
    /// Help links in the person's language (English where it has none).
    pub help_links: Vec<HelpLink>,
    /// Subscriptions the person holds a seat of that end within 30 days.
    pub renewals: Vec<RenewalNotice>,
    pub admin: Option<AdminHome>,
}

/// Open work of one queue, by how long it has waited.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct QueueAges {
    /// Less than a day.
    pub today: u64,
    /// One to seven days.
    pub this_week: u64,
    /// More than seven days.
    pub older: u64,
}

/// The vendor staff's home page: their queues by age.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VendorHome {
    pub requests: QueueAges,
    pub cases: QueueAges,
    /// Open cases assigned to the caller.
    pub my_cases: u64,
    pub unassigned_cases: u64,
    pub help_links: Vec<HelpLink>,
}
