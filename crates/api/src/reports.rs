//! Reports for account admins: seat usage (by product, by person), licence distribution by team
//! (insights), cloud-credit usage (per subscription and contract, by person) and downloads. The
//! numbers come from the licensing API's heartbeats and usage events, through daily rollups.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// A report's date range (UTC days, both included). Missing ends default to the 30 days up to
/// today.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ReportRange {
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// One product's seats: bought, assigned, used in the range, and assigned but never used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SeatUsageRow {
    pub product_code: String,
    pub product_name: String,
    /// Seats of the active subscriptions that cover the product (directly or through a
    /// collection).
    pub bought: u64,
    /// People holding one of those seats.
    pub assigned: u64,
    /// People who ran the product in the range.
    pub used: u64,
    /// People holding a seat who never ran the product.
    pub never_used: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SeatUsageReport {
    /// The range used, `YYYY-MM-DD`.
    pub from: String,
    pub to: String,
    pub products: Vec<SeatUsageRow>,
}

/// Paging of the per-person seat report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct UserUsageQuery {
    /// Name or email contains this (any case).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// `YYYY-MM-DD`: uses in the range count as recent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Opaque cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// 1 to 500, default 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 500))]
    pub limit: Option<u32>,
}

/// A product a person holds a seat of, with their last use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UserProductUse {
    pub product_code: String,
    pub product_name: String,
    /// RFC 3339, or none when never run.
    pub last_used: Option<String>,
    /// Days in the range on which they ran it.
    pub days_used: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UserUsageRow {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub team: Option<String>,
    pub products: Vec<UserProductUse>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UserUsagePage {
    pub from: String,
    pub to: String,
    pub users: Vec<UserUsageRow>,
    /// Present when more people follow.
    pub next_cursor: Option<String>,
}

/// Seats of one team within a licence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TeamSeats {
    /// None for members in no team.
    pub team_id: Option<String>,
    pub team_name: Option<String>,
    pub seats: u64,
}

/// How one subscription's seats are spread over the teams.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct LicenceDistribution {
    pub subscription_id: String,
    pub contract_number: String,
    pub product_code: String,
    pub product_name: String,
    pub seats: u64,
    pub assigned: u64,
    /// Largest first.
    pub teams: Vec<TeamSeats>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InsightsReport {
    pub licences: Vec<LicenceDistribution>,
}

/// Credits consumed in one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MonthCredits {
    /// `YYYY-MM`.
    pub month: String,
    pub credits: u64,
}

/// A subscription's cloud credits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreditBalance {
    pub subscription_id: String,
    pub contract_id: String,
    pub contract_number: String,
    pub product_name: String,
    pub total: u64,
    pub consumed: u64,
    pub balance: u64,
    /// Consumed per month, the last twelve months, oldest first.
    pub months: Vec<MonthCredits>,
    /// Credits consumed in the range.
    pub consumed_in_range: u64,
    /// `YYYY-MM-DD` when the balance runs out at the rate of the last 30 days; none when
    /// nothing was consumed then (or nothing is left).
    pub runs_out_on: Option<String>,
}

/// A contract's credits: the sum of its subscriptions'.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ContractCredits {
    pub contract_id: String,
    pub contract_number: String,
    pub total: u64,
    pub consumed: u64,
    pub balance: u64,
    pub consumed_in_range: u64,
}

/// Credits one person consumed in the range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UserCredits {
    pub user_id: String,
    pub name: String,
    pub email: String,
    pub credits: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CloudUsageReport {
    pub from: String,
    pub to: String,
    pub subscriptions: Vec<CreditBalance>,
    pub contracts: Vec<ContractCredits>,
    /// Most first.
    pub users: Vec<UserCredits>,
}

/// Downloads of one product version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DownloadCount {
    pub product_code: String,
    pub product_name: String,
    pub version: String,
    pub downloads: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DownloadsReport {
    pub from: String,
    pub to: String,
    /// By product, newest version first.
    pub versions: Vec<DownloadCount>,
}

// ---------------------------------------------------------------------------------------------
// The usage-report API: tokens that read the reports without a browser (premium accounts)
// ---------------------------------------------------------------------------------------------

/// What a usage-report token may read. Each scope opens the report's JSON and its exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportScope {
    /// Seat usage by product and by person.
    SeatUsage,
    /// Licence distribution by team.
    Insights,
    /// Cloud credits by subscription, contract and person.
    CloudUsage,
    /// Downloads by product and version.
    Downloads,
}

impl ReportScope {
    pub const ALL: [ReportScope; 4] = [ReportScope::SeatUsage, ReportScope::Insights, ReportScope::CloudUsage, ReportScope::Downloads];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportScope::SeatUsage => "seat_usage",
            ReportScope::Insights => "insights",
            ReportScope::CloudUsage => "cloud_usage",
            ReportScope::Downloads => "downloads",
        }
    }

    pub fn parse(s: &str) -> Option<ReportScope> {
        ReportScope::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// Prefix of every usage-report token, so that a leaked one is recognisable (secret scanners).
pub const REPORT_TOKEN_PREFIX: &str = "swr_";

/// A usage-report token as the account's admins see it (never its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReportToken {
    pub id: String,
    pub name: String,
    pub scopes: Vec<ReportScope>,
    /// The first characters of the secret, to tell tokens apart (`swr_AbCd…`).
    pub hint: String,
    pub created_by: String,
    /// RFC 3339.
    pub created_at: String,
    pub expires_at: String,
    #[serde(default)]
    pub last_used_at: Option<String>,
    #[serde(default)]
    pub revoked_at: Option<String>,
    /// Not revoked and not expired.
    pub live: bool,
}

/// `GET /accounts/{account}/report-tokens`: newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ReportTokenList {
    pub tokens: Vec<ReportToken>,
    /// Whether the account has the premium plan (tokens read nothing without it).
    pub premium: bool,
}

/// `POST /accounts/{account}/report-tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewReportToken {
    /// 1 to 80 characters: what the token is for ("Power BI dashboard").
    pub name: String,
    /// At least one.
    pub scopes: Vec<ReportScope>,
    /// 1 to 365 days; the token stops working then.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 365))]
    pub days: u32,
}

/// The new token: `secret` is shown this once and stored only as a hash. Send it as
/// `Authorization: Bearer <secret>` to the report endpoints its scopes open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreatedReportToken {
    pub token: ReportToken,
    pub secret: String,
}
