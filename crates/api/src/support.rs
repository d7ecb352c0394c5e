//! Support cases: a member asks the vendor for help, the vendor's staff answer from their queue.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The largest attachment, in bytes (10 MiB).
pub const CASE_ATTACHMENT_MAX_BYTES: u64 = 10 * 1024 * 1024;
/// At most this many attachments go with one message.
pub const CASE_ATTACHMENTS_PER_MESSAGE: usize = 5;
/// The file types an attachment may be: extension, media type. Anything else is refused (415).
pub const CASE_ATTACHMENT_TYPES: &[(&str, &str)] = &[
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("pdf", "application/pdf"),
    ("txt", "text/plain"),
    ("log", "text/plain"),
    ("csv", "text/csv"),
    ("json", "application/json"),
    ("xml", "application/xml"),
    ("zip", "application/zip"),
];
/// Subject and message length limits, in characters.
pub const CASE_SUBJECT_MAX_CHARS: usize = 200;
pub const CASE_BODY_MAX_CHARS: usize = 20_000;

/// What the case is about (the guide's categories).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseCategory {
    Installation,
    /// Licensing and activation.
    Licensing,
    Downloads,
    /// Account and access.
    Account,
    Renewal,
    Other,
}

impl CaseCategory {
    pub const ALL: [CaseCategory; 6] = [
        CaseCategory::Installation,
        CaseCategory::Licensing,
        CaseCategory::Downloads,
        CaseCategory::Account,
        CaseCategory::Renewal,
        CaseCategory::Other,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            CaseCategory::Installation => "installation",
            CaseCategory::Licensing => "licensing",
            CaseCategory::Downloads => "downloads",
            CaseCategory::Account => "account",
            CaseCategory::Renewal => "renewal",
            CaseCategory::Other => "other",
        }
    }
    pub fn parse(s: &str) -> Option<CaseCategory> {
        CaseCategory::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// How badly the problem stops the customer's work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseSeverity {
    /// A question or a small inconvenience.
    Low,
    /// Work goes on with a workaround.
    Normal,
    /// Important work is blocked.
    High,
    /// Production is down for many people.
    Critical,
}

impl CaseSeverity {
    pub const ALL: [CaseSeverity; 4] = [CaseSeverity::Low, CaseSeverity::Normal, CaseSeverity::High, CaseSeverity::Critical];
    pub fn as_str(self) -> &'static str {
        match self {
            CaseSeverity::Low => "low",
            CaseSeverity::Normal => "normal",
            CaseSeverity::High => "high",
            CaseSeverity::Critical => "critical",
        }
    }
    pub fn parse(s: &str) -> Option<CaseSeverity> {
        CaseSeverity::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    /// New: nobody at the vendor has answered yet.
    Open,
    /// The vendor asked something; the customer's turn.
    WaitingOnCustomer,
    /// The customer answered; the vendor's turn.
    WaitingOnVendor,
    /// The vendor considers it solved; it closes by itself after some days unless the customer
    /// replies.
    Solved,
    /// Finished: no more replies.
    Closed,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 5] =
        [CaseStatus::Open, CaseStatus::WaitingOnCustomer, CaseStatus::WaitingOnVendor, CaseStatus::Solved, CaseStatus::Closed];
    pub fn as_str(self) -> &'static str {
        match self {
            CaseStatus::Open => "open",
            CaseStatus::WaitingOnCustomer => "waiting_on_customer",
            CaseStatus::WaitingOnVendor => "waiting_on_vendor",
            CaseStatus::Solved => "solved",
            CaseStatus::Closed => "closed",
        }
    }
    pub fn parse(s: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// Not solved or closed: somebody still has to act.
    pub fn is_open(self) -> bool {
        !matches!(self, CaseStatus::Solved | CaseStatus::Closed)
    }
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseSide {
    Customer,
    Vendor,
    /// Written by Seatwise itself (the case closed after its waiting time).
    System,
}

/// A case in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SupportCase {
    pub id: String,
    /// Short reference shown to people and in mails, e.g. `CS-2026-000042`.
    pub number: String,
    pub account_id: String,
    pub account_name: String,
    pub category: CaseCategory,
    pub severity: CaseSeverity,
    pub status: CaseStatus,
    pub subject: String,
    pub product_code: Option<String>,
    pub product_name: Option<String>,
    pub version: Option<String>,
    pub opened_by_name: String,
    pub opened_by_email: String,
    /// The vendor's staff member working on it.
    pub assignee_id: Option<String>,
    pub assignee_name: Option<String>,
    /// Who wrote the last public message.
    pub last_side: CaseSide,
    pub created_at: String,
    pub updated_at: String,
    /// When a solved case closes by itself (RFC 3339), unless the customer replies first.
    pub closes_at: Option<String>,
}

/// A page of cases, newest activity first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SupportCaseList {
    pub cases: Vec<SupportCase>,
    /// Pass as `cursor` for the next page; absent on the last one.
    pub next_cursor: Option<String>,
}

/// A file that goes with a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CaseAttachment {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
}

/// One message of a case's thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CaseMessage {
    pub id: String,
    pub side: CaseSide,
    pub author_name: String,
    /// An internal note of the vendor's staff: only staff endpoints ever return one.
    pub internal: bool,
    pub body: String,
    pub attachments: Vec<CaseAttachment>,
    pub created_at: String,
}

/// Someone who follows a case besides the person who opened it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CaseWatcher {
    pub user_id: String,
    pub name: String,
    pub email: String,
}

/// A case with its thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SupportCaseDetail {
    pub case: SupportCase,
    /// Oldest first.
    pub messages: Vec<CaseMessage>,
    pub watchers: Vec<CaseWatcher>,
    /// The caller may add and remove watchers (the account's admins).
    pub can_manage_watchers: bool,
}

/// Opens a case. `attachment_ids` are files uploaded with `POST /support/attachments` by the
/// same person and not used yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateSupportCase {
    pub category: CaseCategory,
    pub severity: CaseSeverity,
    pub subject: String,
    pub description: String,
    /// A product the person is entitled to (a seat or trial; any of the account's for admins).
    #[serde(default)]
    pub product_code: Option<String>,
    /// One of the product's released versions.
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub attachment_ids: Vec<String>,
}

/// A reply to a case. Customers' replies reopen a solved case; `internal` (staff only) makes
/// it a note the customer never sees and nobody is mailed about. Staff may move the status
/// with the reply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateCaseMessage {
    pub body: String,
    #[serde(default)]
    pub attachment_ids: Vec<String>,
    #[serde(default)]
    pub internal: bool,
    /// (Staff) The status after this reply; by default waiting on customer after a public reply.
    #[serde(default)]
    pub status: Option<CaseStatus>,
}

/// Changes a case's status: customers may mark their case solved or closed; staff may move it
/// anywhere but out of closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCaseStatus {
    pub status: CaseStatus,
}

/// (Staff) Who works on the case; `null` leaves it unassigned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AssignCase {
    pub assignee_id: Option<String>,
}

/// (Admins) Adds a member of the account as a watcher.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AddCaseWatcher {
    pub user_id: String,
}

/// A file stored for a message that is not written yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct UploadedAttachment {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
}

/// `POST /support/attachments?name=…`: the file's name (its extension decides the type).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct AttachmentQuery {
    pub name: String,
}

/// Filters of a case list. The account's list takes `status`, `q` and `cursor`; the vendor's
/// queue takes them all.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[serde(deny_unknown_fields)]
pub struct CaseQuery {
    pub status: Option<CaseStatus>,
    /// `open`: every status but solved and closed.
    pub state: Option<CaseState>,
    pub category: Option<CaseCategory>,
    pub severity: Option<CaseSeverity>,
    /// Only cases opened at least this many days ago.
    #[cfg_attr(feature = "openapi", param(maximum = 36500))]
    pub min_age_days: Option<u32>,
    /// A staff member's id, `me`, or `none` for unassigned cases.
    pub assignee: Option<String>,
    /// Words of the subject or messages, or a case number.
    pub q: Option<String>,
    pub cursor: Option<String>,
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    pub limit: Option<u32>,
}

/// Open (someone has to act) or finished (solved or closed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    Open,
    Finished,
}

/// The vendor's staff, for the queue's assignee choice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffMember {
    pub id: String,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct StaffList {
    pub staff: Vec<StaffMember>,
}

/// The file type of an attachment name by its extension, if allowed.
pub fn attachment_type(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    CASE_ATTACHMENT_TYPES.iter().find(|(e, _)| *e == ext).map(|(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_types_go_by_extension() {
        assert_eq!(attachment_type("screen.PNG"), Some("image/png"));
        assert_eq!(attachment_type("install.log"), Some("text/plain"));
        assert_eq!(attachment_type("setup.exe"), None);
        assert_eq!(attachment_type("README"), None);
    }

    #[test]
    fn names_round_trip() {
        for s in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(s.as_str()), Some(s));
        }
        for c in CaseCategory::ALL {
            assert_eq!(CaseCategory::parse(c.as_str()), Some(c));
        }
        for v in CaseSeverity::ALL {
            assert_eq!(CaseSeverity::parse(v.as_str()), Some(v));
        }
    }
}
