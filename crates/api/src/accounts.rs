//! Customer accounts: members, roles, teams, subscriptions and seat assignments, invitations,
//! the activity log; and the vendor's provisioning of accounts, contracts and subscriptions.

use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::{IntoParams, ToSchema};

/// A member's role in a customer account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberRole {
    /// The contract manager: exactly one per account.
    PrimaryAdmin,
    /// Manages users, teams and assignments.
    SecondaryAdmin,
    /// Sees only their own products.
    User,
}

impl MemberRole {
    pub fn is_admin(self) -> bool {
        !matches!(self, MemberRole::User)
    }
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::PrimaryAdmin => "primary_admin",
            MemberRole::SecondaryAdmin => "secondary_admin",
            MemberRole::User => "user",
        }
    }
    pub fn parse(s: &str) -> Option<MemberRole> {
        Some(match s {
            "primary_admin" => MemberRole::PrimaryAdmin,
            "secondary_admin" => MemberRole::SecondaryAdmin,
            "user" => MemberRole::User,
            _ => return None,
        })
    }
}

/// An account the signed-in person belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AccountSummary {
    pub id: String,
    /// The customer number shown on contracts.
    pub number: String,
    pub name: String,
    pub role: MemberRole,
    /// Every member must use 2-step verification (set by the contract manager).
    #[serde(default)]
    pub require_two_step: bool,
}

/// `PUT /accounts/{account}/two-step-policy` (the contract manager only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TwoStepPolicy {
    /// Every member must use 2-step verification.
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MyAccounts {
    pub accounts: Vec<AccountSummary>,
    /// The person works for the vendor (back office).
    pub vendor_staff: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LicenceType {
    NamedUser,
    MultiUserNetwork,
    Standalone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Term {
    Monthly,
    OneYear,
    ThreeYears,
}

impl LicenceType {
    pub const ALL: [LicenceType; 3] = [LicenceType::NamedUser, LicenceType::MultiUserNetwork, LicenceType::Standalone];

    /// The name on the wire and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            LicenceType::NamedUser => "named_user",
            LicenceType::MultiUserNetwork => "multi_user_network",
            LicenceType::Standalone => "standalone",
        }
    }

    pub fn parse(s: &str) -> Option<LicenceType> {
        LicenceType::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

impl Term {
    pub const ALL: [Term; 3] = [Term::Monthly, Term::OneYear, Term::ThreeYears];

    /// The name on the wire and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            Term::Monthly => "monthly",
            Term::OneYear => "one_year",
            Term::ThreeYears => "three_years",
        }
    }

    pub fn parse(s: &str) -> Option<Term> {
        Term::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionStatus {
    Active,
    Expired,
    Cancelled,
}

impl SubscriptionStatus {
    pub const ALL: [SubscriptionStatus; 3] = [SubscriptionStatus::Active, SubscriptionStatus::Expired, SubscriptionStatus::Cancelled];

    /// The name in JSON, the database and URLs.
    pub const fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Expired => "expired",
            SubscriptionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<SubscriptionStatus> {
        SubscriptionStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A subscription with its seat counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Subscription {
    pub id: String,
    pub contract_id: String,
    pub contract_number: String,
    pub product_code: String,
    pub product_name: String,
    pub licence_type: LicenceType,
    pub seats: u32,
    pub seats_used: u32,
    pub term: Term,
    /// ISO dates (YYYY-MM-DD).
    pub start_date: String,
    pub end_date: String,
    pub auto_renew: bool,
    pub status: SubscriptionStatus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct SubscriptionList {
    pub subscriptions: Vec<Subscription>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TeamRef {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Team {
    pub id: String,
    pub name: String,
    pub member_count: u32,
    /// Made by the company's directory (SCIM): its name and members change only there.
    #[serde(default)]
    pub synced: bool,
    /// The subscriptions the team is bound to: its members get a seat of each.
    #[serde(default)]
    pub subscription_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct TeamList {
    pub teams: Vec<Team>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamRequest {
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserIds {
    pub user_ids: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Has confirmed the email address.
    Active,
    /// Joined but has not confirmed the email address yet.
    Unconfirmed,
    /// Inactive in the company's directory: no seats and no access until it is active again.
    Suspended,
}

impl MemberStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Active => "active",
            MemberStatus::Unconfirmed => "unconfirmed",
            MemberStatus::Suspended => "suspended",
        }
    }

    pub fn parse(s: &str) -> Option<MemberStatus> {
        [MemberStatus::Active, MemberStatus::Unconfirmed, MemberStatus::Suspended].into_iter().find(|x| x.as_str() == s)
    }
}

/// One member of an account, as admins see them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Member {
    pub user_id: String,
    /// The person's short account ID (sign-in name).
    pub account_id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: MemberRole,
    pub status: MemberStatus,
    /// The member's teams, by name.
    pub teams: Vec<TeamRef>,
    /// Subscription ids assigned to the member.
    pub subscription_ids: Vec<String>,
    /// Of those, the ones a team binding gave.
    #[serde(default)]
    pub bound_subscription_ids: Vec<String>,
    /// Subscriptions whose team binding has no seat left for the member yet (waiting, in
    /// joining order).
    #[serde(default)]
    pub waiting_subscription_ids: Vec<String>,
    /// RFC 3339, UTC.
    pub last_sign_in_at: Option<String>,
    pub joined_at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MemberSort {
    #[default]
    Name,
    Email,
    LastSignIn,
}

impl MemberSort {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberSort::Name => "name",
            MemberSort::Email => "email",
            MemberSort::LastSignIn => "last_sign_in",
        }
    }

    pub fn parse(s: &str) -> Option<MemberSort> {
        [MemberSort::Name, MemberSort::Email, MemberSort::LastSignIn].into_iter().find(|x| x.as_str() == s)
    }
}

/// Filters of the member list; they live in the app's URL too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct MemberQuery {
    /// Matches names and email addresses (case-insensitive, substring).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Team id, or `none` for members without a team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<MemberRole>,
    /// Subscription id the members hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscription: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<MemberStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<MemberSort>,
    /// Opaque cursor from the previous page's `next_cursor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// 1 to 200, default 50.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 200))]
    pub limit: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct MemberPage {
    pub members: Vec<Member>,
    /// Present when there are more members after this page.
    pub next_cursor: Option<String>,
}

/// `PATCH /accounts/{account}/members/{user}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateMemberRequest {
    /// `user` or `secondary_admin` (the primary admin role is transferred, not set).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<MemberRole>,
    /// The member's teams made in the portal (one left out is left). The directory's (synced)
    /// teams are joined and left only there: naming one the member is not in is refused, and
    /// leaving one out keeps it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_ids: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TransferPrimaryRequest {
    pub user_id: String,
}

/// `PUT /accounts/{account}/members/{user}/assignments/{subscription}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetAssignment {
    pub assigned: bool,
}

/// The seat counter after an assignment change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Seats {
    pub seats: u32,
    pub seats_used: u32,
}

// ---------------------------------------------------------------------------------------------
// Activity log
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActivityEntry {
    pub id: String,
    pub actor_email: String,
    /// What was done, e.g. `member.role_changed`, `assignment.added`.
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// JSON of the object before and after, when it applies.
    pub before: Option<String>,
    pub after: Option<String>,
    pub ip: String,
    /// RFC 3339, UTC.
    pub at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ActivityPage {
    pub entries: Vec<ActivityEntry>,
    pub next_cursor: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Vendor back office
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Product {
    pub id: String,
    pub code: String,
    pub name: String,
    /// `product` or `collection`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateProductRequest {
    pub code: String,
    pub name: String,
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ProductList {
    pub products: Vec<Product>,
}

/// A new customer account and its contract manager (who is invited by mail).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAccountRequest {
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    pub manager_email: String,
    pub manager_first_name: String,
    pub manager_last_name: String,
    /// Language of the invitation mail (one of `LOCALES`), default English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager_locale: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VendorAccount {
    pub id: String,
    pub number: String,
    pub name: String,
    pub country: String,
    pub member_count: u32,
    pub contract_count: u32,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VendorAccountList {
    pub accounts: Vec<VendorAccount>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateContractRequest {
    pub number: String,
    /// ISO dates (YYYY-MM-DD); start before end.
    pub start_date: String,
    pub end_date: String,
    #[serde(default)]
    pub partner_name: String,
    #[serde(default)]
    pub partner_email: String,
    #[serde(default)]
    pub partner_phone: String,
    /// ISO 4217 code its subscriptions are priced and invoiced in (`USD` when empty).
    #[serde(default)]
    pub currency: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Contract {
    pub id: String,
    pub account_id: String,
    pub number: String,
    pub start_date: String,
    pub end_date: String,
    pub partner_name: String,
    pub partner_email: String,
    pub partner_phone: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateSubscriptionRequest {
    pub product_id: String,
    pub licence_type: LicenceType,
    /// 1 to 100,000.
    pub seats: u32,
    pub term: Term,
    pub start_date: String,
    pub end_date: String,
    #[serde(default)]
    pub auto_renew: bool,
    /// Cloud credits bought with the subscription, which the licensing API's usage events
    /// consume (0 to 100,000,000; default 0).
    #[serde(default)]
    pub cloud_credits: u32,
}

// ---------------------------------------------------------------------------------------------
// Invitations
// ---------------------------------------------------------------------------------------------

/// One person to invite.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Invite {
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// `user` (default) or `secondary_admin`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<MemberRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<String>,
    /// Subscriptions to assign when the invitation is accepted.
    #[serde(default)]
    pub subscription_ids: Vec<String>,
}

/// One line of the "invite several" box.
#[derive(Debug, Clone, PartialEq)]
pub struct InviteLine {
    /// 1-based line number in the box.
    pub number: usize,
    /// `None` when the line is not `email, first name, last name`.
    pub invite: Option<Invite>,
}

/// The non-empty lines of a pasted list, each `email, first name, last name` (comma, semicolon
/// or tab separated). The server checks the addresses and names; this only splits.
pub fn parse_invite_lines(text: &str) -> Vec<InviteLine> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let parts: Vec<&str> = line.split([',', ';', '\t']).map(str::trim).collect();
            let invite = match parts.as_slice() {
                [email, first, last] if !email.is_empty() && !first.is_empty() && !last.is_empty() => Some(Invite {
                    email: (*email).to_owned(),
                    first_name: (*first).to_owned(),
                    last_name: (*last).to_owned(),
                    role: None,
                    team_id: None,
                    subscription_ids: Vec::new(),
                }),
                _ => None,
            };
            InviteLine { number: i + 1, invite }
        })
        .collect()
}

/// Invite one or several people: all of them or, if any row is invalid, none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InviteRequest {
    pub invitations: Vec<Invite>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum InvitationStatus {
    Pending,
    Accepted,
    Expired,
    Revoked,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Invitation {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub role: MemberRole,
    pub team_id: Option<String>,
    pub subscription_ids: Vec<String>,
    pub status: InvitationStatus,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvitationList {
    pub invitations: Vec<Invitation>,
}

/// What the invitation link shows before it is accepted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvitationInfo {
    pub account_name: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    /// The address already has a Seatwise account: sign in as it to accept.
    pub existing_account: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InvitationToken {
    pub token: String,
}

/// Accept an invitation. A new person sets name, country and password; a person who already
/// has an account sends only the token while signed in as the invited address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcceptInvitationRequest {
    pub token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Interface language of a new account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// Consent to the privacy statement (a new account must give it).
    #[serde(default)]
    pub privacy_consent: bool,
}

/// Answer to accepting an invitation: the account joined (by id: two accounts may share a
/// name) and the person, now signed in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InvitationAccepted {
    pub account_id: String,
    /// The role the invitation gave.
    pub role: MemberRole,
    pub me: crate::Me,
}

/// A customer account as the vendor sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct VendorAccountDetail {
    pub account: VendorAccount,
    pub contracts: Vec<Contract>,
    pub subscriptions: Vec<Subscription>,
    /// The contract manager, once the invitation is accepted.
    pub manager_email: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// CSV import of members
// ---------------------------------------------------------------------------------------------

/// Columns of the import file, in this order after the header line; `email`, `first_name` and
/// `last_name` are required, the rest may be empty. `products` are product codes separated by
/// `;`. `role` is `user` (default) or `secondary_admin`.
pub const IMPORT_COLUMNS: &[&str] = &["email", "first_name", "last_name", "team", "products", "role"];
/// Most data rows one file may have.
pub const IMPORT_MAX_ROWS: usize = 10_000;
/// Largest file, in bytes.
pub const IMPORT_MAX_BYTES: usize = 2 * 1024 * 1024;

/// The file, base64-encoded (so that its bytes, and so its encoding, reach the server as they are).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ImportRequest {
    pub file_base64: String,
}

/// Why a whole file cannot be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportFileProblem {
    /// Not UTF-8 text (save the file as "CSV UTF-8").
    InvalidEncoding,
    /// The first line is not the header `email,first_name,last_name,team,products,role`.
    MissingHeader,
    /// No data rows after the header.
    NoRows,
    /// More than [`IMPORT_MAX_ROWS`] rows.
    TooManyRows,
    /// Larger than [`IMPORT_MAX_BYTES`].
    TooLarge,
    /// Not valid CSV (for example an unterminated quote), or not base64.
    Malformed,
    #[serde(other)]
    Unknown,
}

/// Why one row cannot be imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportProblem {
    InvalidEmail,
    MissingFirstName,
    MissingLastName,
    /// A value is too long or has control characters.
    InvalidText,
    UnknownTeam,
    UnknownProduct,
    InvalidRole,
    /// The row has more (or fewer) cells than the header.
    WrongColumnCount,
    /// The same address appears earlier in the file.
    DuplicateInFile,
    AlreadyMember,
    AlreadyInvited,
    /// Not enough free seats for this row's products (rows are served in file order).
    NotEnoughSeats,
    #[serde(other)]
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportRow {
    /// Line number in the file (the header is line 1).
    pub line: u32,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub team: String,
    pub products: Vec<String>,
    /// Empty when the row can be imported.
    pub problems: Vec<ImportProblem>,
}

/// The dry run: what an import would do, changing nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportPreview {
    pub file_problem: Option<ImportFileProblem>,
    pub rows: Vec<ImportRow>,
    pub valid: u32,
    pub invalid: u32,
}

/// The import: the valid rows were invited in one transaction; the others were skipped.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ImportResult {
    pub file_problem: Option<ImportFileProblem>,
    pub invited: u32,
    pub skipped: Vec<ImportRow>,
}

// ---- directory sync (SCIM) ----------------------------------------------------------------

/// Prefix of every SCIM token, so that a leaked one is recognisable (secret scanners).
pub const SCIM_TOKEN_PREFIX: &str = "swscim_";

/// A SCIM bearer token as the account's admins see it (never its secret).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ScimToken {
    pub id: String,
    pub name: String,
    /// The first characters of the secret (`swscim_AbCd…`).
    pub hint: String,
    /// RFC 3339.
    pub created_at: String,
    #[serde(default)]
    pub last_used_at: Option<String>,
    #[serde(default)]
    pub revoked_at: Option<String>,
}

/// One request the identity provider made, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ScimRequest {
    pub at: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    /// `ok`, `created`, `deleted`, or what went wrong: `invalid_value`, `invalid_filter`,
    /// `invalid_syntax`, `invalid_path`, `mutability`, `uniqueness`, `not_found`, `conflict`,
    /// `precondition_failed`, `unauthorized`, `too_large`, `too_many`, `server_error`.
    pub outcome: String,
    /// The SCIM error's detail, as sent to the identity provider (English).
    pub detail: String,
}

/// `GET /accounts/{account}/directory`: the account's directory sync.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct DirectorySync {
    /// The account may use directory sync: the premium plan, or the vendor allowed it.
    pub available: bool,
    pub on: bool,
    /// People the directory adds sign in with a linked account: no invitation mail.
    pub linked_sign_in: bool,
    /// The SCIM base URL to give the identity provider.
    pub base_url: String,
    pub tokens: Vec<ScimToken>,
    /// The last 100 requests.
    pub requests: Vec<ScimRequest>,
}

/// `PUT /accounts/{account}/directory`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DirectorySettings {
    pub on: bool,
    #[serde(default)]
    pub linked_sign_in: bool,
}

/// `POST /accounts/{account}/directory/tokens`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewScimToken {
    /// 1 to 80 characters ("Entra ID").
    pub name: String,
}

/// The new token: `secret` is shown this once and stored only as a hash.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreatedScimToken {
    pub token: ScimToken,
    pub secret: String,
}

/// `PUT /accounts/{account}/teams/{team}/bindings`: the subscriptions the team gives a seat of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamBindings {
    pub subscription_ids: Vec<String>,
}

/// `PUT /vendor/accounts/{account}/directory-sync` (vendor staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DirectorySyncAllowed {
    pub allowed: bool,
}
