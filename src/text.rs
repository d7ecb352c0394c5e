//! Text that depends on data: error codes, field errors, plurals. Everything goes through the
//! locale files; the English `message` of an error body is never shown.

use leptos::prelude::*;
use seatwise_api::{
    ErrorCode, FieldErrorCode, EMAIL_MAX_CHARS, NAME_MAX_CHARS, PASSWORD_MAX_CHARS,
    PASSWORD_MIN_CHARS, TEXT_MAX_CHARS,
};

use crate::api::ApiError;
use crate::i18n::*;
use crate::intl;

pub type I18n = leptos_i18n::I18nContext<Locale>;

/// A person's name in the order of the interface language: family name first in Traditional
/// Chinese (林美玲, or "Morgan Alex" for a Latin name), given name first otherwise. Every page
/// shows names through this.
pub fn person_name(i18n: I18n, first: &str, last: &str) -> String {
    let (first, last) = (first.trim(), last.trim());
    if first.is_empty() || last.is_empty() {
        return format!("{first}{last}");
    }
    match i18n.get_locale() {
        Locale::zh_TW => {
            let han = |s: &str| s.chars().all(|c| matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F));
            let sep = if han(first) && han(last) { "" } else { " " };
            format!("{last}{sep}{first}")
        }
        Locale::en | Locale::sl => format!("{first} {last}"),
    }
}

/// BCP 47 tag of the current language (tracked).
pub fn tag(i18n: I18n) -> &'static str {
    i18n.get_locale().as_str()
}

/// A number in the current language.
pub fn number(i18n: I18n, value: usize) -> String {
    intl::format_count(tag(i18n), value)
}

/// The message for an error as a whole (network, server code).
pub fn error_message(i18n: I18n, error: &ApiError) -> String {
    let code = match error {
        ApiError::Network => return ts!(i18n, core.errors.network).to_string(),
        ApiError::Decode => ErrorCode::Unknown,
        ApiError::Server { code, .. } => *code,
    };
    if let ApiError::Server {
        code: ErrorCode::TooManyAttempts,
        retry_after: Some(secs),
        ..
    } = error
    {
        return retry_after_message(i18n, *secs);
    }
    let text = match code {
        ErrorCode::InvalidJson => ts!(i18n, core.errors.invalid_json),
        ErrorCode::InvalidQuery => ts!(i18n, core.errors.invalid_query),
        ErrorCode::UnsupportedMediaType => ts!(i18n, core.errors.unsupported_media_type),
        ErrorCode::PayloadTooLarge => ts!(i18n, core.errors.payload_too_large),
        ErrorCode::ValidationFailed => ts!(i18n, core.errors.validation_failed),
        ErrorCode::Unauthenticated => ts!(i18n, core.errors.unauthenticated),
        ErrorCode::Forbidden => ts!(i18n, core.errors.forbidden),
        ErrorCode::CsrfRejected => ts!(i18n, core.errors.csrf_rejected),
        ErrorCode::NotFound => ts!(i18n, core.errors.not_found),
        ErrorCode::MethodNotAllowed => ts!(i18n, core.errors.method_not_allowed),
        ErrorCode::InvalidCredentials => ts!(i18n, core.errors.invalid_credentials),
        ErrorCode::TooManyAttempts => ts!(i18n, core.errors.too_many_attempts),
        ErrorCode::RateLimited => ts!(i18n, core.errors.rate_limited),
        ErrorCode::InvalidToken => ts!(i18n, core.errors.invalid_token),
        ErrorCode::WrongPassword => ts!(i18n, core.errors.wrong_password),
        ErrorCode::SecondFactorRequired => ts!(i18n, core.errors.second_factor_required),
        ErrorCode::InvalidCode => ts!(i18n, core.errors.invalid_code),
        ErrorCode::ReauthenticationRequired => ts!(i18n, core.errors.reauthentication_required),
        ErrorCode::TwoStepState => ts!(i18n, core.errors.two_step_state),
        ErrorCode::TwoStepSetupRequired => ts!(i18n, core.errors.two_step_setup_required),
        ErrorCode::Conflict => ts!(i18n, core.errors.conflict),
        ErrorCode::NoSeatLeft => ts!(i18n, core.errors.no_seat_left),
        ErrorCode::SubscriptionInactive => ts!(i18n, core.errors.subscription_inactive),
        ErrorCode::PrimaryAdminRequired => ts!(i18n, core.errors.primary_admin_required),
        ErrorCode::AlreadyMember => ts!(i18n, core.errors.already_member),
        ErrorCode::AlreadyInvited => ts!(i18n, core.errors.already_invited),
        ErrorCode::InvitationUnavailable => ts!(i18n, core.errors.invitation_unavailable),
        ErrorCode::Taken => ts!(i18n, core.errors.taken),
        ErrorCode::NotEntitled => ts!(i18n, core.errors.not_entitled),
        ErrorCode::LinkInvalid => ts!(i18n, core.errors.link_invalid),
        ErrorCode::LinkExpired => ts!(i18n, core.errors.link_expired),
        ErrorCode::RangeNotSatisfiable => ts!(i18n, core.errors.range_not_satisfiable),
        ErrorCode::TrialUsed => ts!(i18n, core.errors.trial_used),
        ErrorCode::AlreadyEntitled => ts!(i18n, core.errors.already_entitled),
        ErrorCode::RequestNotApplicable => ts!(i18n, core.errors.request_not_applicable),
        ErrorCode::RequestOpen => ts!(i18n, core.errors.request_open),
        ErrorCode::InvalidTransition => ts!(i18n, core.errors.invalid_transition),
        ErrorCode::UploadInterrupted => ts!(i18n, core.errors.upload_interrupted),
        ErrorCode::CaseClosed => ts!(i18n, core.errors.case_closed),
        ErrorCode::ServerBusy => ts!(i18n, core.errors.server_busy),
        ErrorCode::Internal => ts!(i18n, core.errors.internal),
        // Only the accounts area's member pages meet these.
        ErrorCode::MemberSuspended => ts!(i18n, accounts.errors.member_suspended),
        ErrorCode::TeamSynced => ts!(i18n, accounts.errors.team_synced),
        // Only passkey ceremonies meet it, and their pages say what it means.
        ErrorCode::PasskeyRejected | ErrorCode::LastSignInMethod | ErrorCode::NotOffered | ErrorCode::Unknown
        // Only the licensing API (desktop products) answers these.
        | ErrorCode::VersionNotLicensed | ErrorCode::CreditsExhausted | ErrorCode::DeviceDeactivated
        // The devices page asks for the agreement before it lists anything.
        | ErrorCode::AgreementRequired
        // The report tokens' page shows the premium plan before it offers a token; only API
        // clients with a token meet the scope.
        | ErrorCode::PremiumRequired | ErrorCode::InsufficientScope => ts!(i18n, core.errors.unknown),
    };
    text.to_string()
}

/// "Try again in N minutes", with the language's plural form.
fn retry_after_message(i18n: I18n, seconds: u64) -> String {
    ts_plural!(i18n, seconds.div_ceil(60).max(1) as usize, core.sign_in.retry_after)
}

/// "N emails", with the language's plural form.
pub fn mailbox_count(i18n: I18n, n: usize) -> String {
    ts_plural!(i18n, n, personal.mailbox.count)
}

/// The longest value the server accepts for a field, in characters.
fn max_chars(field: &str) -> usize {
    match field {
        "password" | "new_password" | "current_password" => PASSWORD_MAX_CHARS,
        "first_name" | "last_name" => NAME_MAX_CHARS,
        "email" | "login" => EMAIL_MAX_CHARS,
        "subject" => seatwise_api::CASE_SUBJECT_MAX_CHARS,
        "description" | "body" => seatwise_api::CASE_BODY_MAX_CHARS,
        _ => TEXT_MAX_CHARS,
    }
}

/// The message for one refused field.
pub fn field_message(i18n: I18n, field: &str, code: FieldErrorCode) -> String {
    let is_password = matches!(field, "password" | "new_password");
    match code {
        FieldErrorCode::Required => ts!(i18n, core.field_errors.required).to_string(),
        FieldErrorCode::TooShort if is_password => {
            let min = number(i18n, PASSWORD_MIN_CHARS);
            ts!(i18n, core.field_errors.password_too_short, min = min.to_string())
            .to_string()
        }
        FieldErrorCode::TooShort => ts!(i18n, core.field_errors.too_short).to_string(),
        FieldErrorCode::TooLong => {
            let max = number(i18n, max_chars(field));
            ts!(i18n, core.field_errors.too_long, max = max.to_string())
            .to_string()
        }
        FieldErrorCode::InvalidEmail => ts!(i18n, core.field_errors.invalid_email).to_string(),
        FieldErrorCode::CommonPassword => ts!(i18n, core.field_errors.common_password).to_string(),
        FieldErrorCode::InvalidCountry => ts!(i18n, core.field_errors.invalid_country).to_string(),
        FieldErrorCode::InvalidLocale => ts!(i18n, core.field_errors.invalid_locale).to_string(),
        FieldErrorCode::ConsentRequired => {
            ts!(i18n, core.field_errors.consent_required).to_string()
        }
        FieldErrorCode::InvalidCharacters => {
            ts!(i18n, core.field_errors.invalid_characters).to_string()
        }
        FieldErrorCode::InvalidFormat => ts!(i18n, core.field_errors.invalid_format).to_string(),
        FieldErrorCode::OutOfRange => ts!(i18n, core.field_errors.out_of_range).to_string(),
        FieldErrorCode::Mismatch => ts!(i18n, core.field_errors.mismatch).to_string(),
        FieldErrorCode::Unknown => ts!(i18n, core.field_errors.unknown).to_string(),
    }
}

/// The translated name of an interface language, in that language itself.
pub fn language_name(i18n: I18n, locale: Locale) -> String {
    match locale {
        Locale::en => ts!(i18n, core.language.en).to_string(),
        Locale::zh_TW => ts!(i18n, core.language.zh_TW).to_string(),
        Locale::sl => ts!(i18n, core.language.sl).to_string(),
    }
}

/// Sets the document title to "<page> · Seatwise" in the current language.
pub fn use_page_title(title: impl Fn() -> String + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let app = ts!(i18n, core.app.name);
        document().set_title(&format!("{} · {app}", title()));
    });
}

/// The name of a member role (the primary admin is the contract manager).
pub fn role_name(i18n: I18n, role: seatwise_api::MemberRole) -> String {
    use seatwise_api::MemberRole::*;
    match role {
        PrimaryAdmin => ts!(i18n, core.roles.primary_admin),
        SecondaryAdmin => ts!(i18n, core.roles.secondary_admin),
        User => ts!(i18n, core.roles.user),
    }
    .to_string()
}

pub fn member_status_name(i18n: I18n, status: seatwise_api::MemberStatus) -> String {
    use seatwise_api::MemberStatus::*;
    match status {
        Active => ts!(i18n, core.member_status.active),
        Unconfirmed => ts!(i18n, core.member_status.unconfirmed),
        // Only the accounts area shows members.
        Suspended => ts!(i18n, accounts.users.suspended),
    }
    .to_string()
}

pub fn licence_name(i18n: I18n, licence: seatwise_api::LicenceType) -> String {
    use seatwise_api::LicenceType::*;
    match licence {
        NamedUser => ts!(i18n, core.licence.named_user),
        MultiUserNetwork => ts!(i18n, core.licence.multi_user_network),
        Standalone => ts!(i18n, core.licence.standalone),
    }
    .to_string()
}

pub fn term_name(i18n: I18n, term: seatwise_api::Term) -> String {
    use seatwise_api::Term::*;
    match term {
        Monthly => ts!(i18n, core.term.monthly),
        OneYear => ts!(i18n, core.term.one_year),
        ThreeYears => ts!(i18n, core.term.three_years),
    }
    .to_string()
}

pub fn subscription_status_name(i18n: I18n, status: seatwise_api::SubscriptionStatus) -> String {
    use seatwise_api::SubscriptionStatus::*;
    match status {
        Active => ts!(i18n, core.subscription_status.active),
        Expired => ts!(i18n, core.subscription_status.expired),
        Cancelled => ts!(i18n, core.subscription_status.cancelled),
    }
    .to_string()
}

pub fn invitation_status_name(i18n: I18n, status: seatwise_api::InvitationStatus) -> String {
    use seatwise_api::InvitationStatus::*;
    match status {
        Pending => ts!(i18n, core.invitation_status.pending),
        Accepted => ts!(i18n, core.invitation_status.accepted),
        Expired => ts!(i18n, core.invitation_status.expired),
        Revoked => ts!(i18n, core.invitation_status.revoked),
    }
    .to_string()
}

/// What an activity entry records, in words; an action this build does not know is shown as
/// its code.
pub fn activity_action_name(i18n: I18n, action: &str) -> String {
    let text = match action {
        "account.created" => ts!(i18n, accounts.activity_actions.account_created),
        "account.primary_transferred" => ts!(i18n, accounts.activity_actions.account_primary_transferred),
        "contract.created" => ts!(i18n, accounts.activity_actions.contract_created),
        "subscription.created" => ts!(i18n, accounts.activity_actions.subscription_created),
        "assignment.added" => ts!(i18n, accounts.activity_actions.assignment_added),
        "assignment.removed" => ts!(i18n, accounts.activity_actions.assignment_removed),
        "member.updated" => ts!(i18n, accounts.activity_actions.member_updated),
        "member.removed" => ts!(i18n, accounts.activity_actions.member_removed),
        "team.created" => ts!(i18n, accounts.activity_actions.team_created),
        "team.renamed" => ts!(i18n, accounts.activity_actions.team_renamed),
        "team.deleted" => ts!(i18n, accounts.activity_actions.team_deleted),
        "invitation.sent" => ts!(i18n, accounts.activity_actions.invitation_sent),
        "invitation.resent" => ts!(i18n, accounts.activity_actions.invitation_resent),
        "invitation.revoked" => ts!(i18n, accounts.activity_actions.invitation_revoked),
        "invitation.accepted" => ts!(i18n, accounts.activity_actions.invitation_accepted),
        "report_token.created" => ts!(i18n, accounts.activity_actions.report_token_created),
        "report_token.revoked" => ts!(i18n, accounts.activity_actions.report_token_revoked),
        "devices.agreement_accepted" => ts!(i18n, accounts.activity_actions.devices_agreement_accepted),
        "device.deactivated" => ts!(i18n, accounts.activity_actions.device_deactivated),
        "member.added" => ts!(i18n, accounts.activity_actions.member_added),
        "member.suspended" => ts!(i18n, accounts.activity_actions.member_suspended),
        "member.resumed" => ts!(i18n, accounts.activity_actions.member_resumed),
        "team.member_added" => ts!(i18n, accounts.activity_actions.team_member_added),
        "team.member_removed" => ts!(i18n, accounts.activity_actions.team_member_removed),
        "team.bound" => ts!(i18n, accounts.activity_actions.team_bound),
        "team.unbound" => ts!(i18n, accounts.activity_actions.team_unbound),
        "directory.settings_changed" => ts!(i18n, accounts.activity_actions.directory_settings_changed),
        "scim_token.created" => ts!(i18n, accounts.activity_actions.scim_token_created),
        "scim_token.revoked" => ts!(i18n, accounts.activity_actions.scim_token_revoked),
        other => return other.to_owned(),
    };
    text.to_string()
}

/// "used / total" seats, with the language's digits and grouping.
pub fn seats(i18n: I18n, used: u32, total: u32) -> String {
    ts!(i18n, software.products.seats_used, used = number(i18n, used as usize), total = number(i18n, total as usize))
}

/// Why an import file as a whole cannot be used.
pub fn import_file_problem(i18n: I18n, problem: seatwise_api::ImportFileProblem) -> String {
    use seatwise_api::ImportFileProblem::*;
    match problem {
        InvalidEncoding => ts!(i18n, accounts.import.file_problems.invalid_encoding).to_string(),
        MissingHeader => ts!(i18n, accounts.import.file_problems.missing_header, header = seatwise_api::IMPORT_COLUMNS.join(",")),
        NoRows => ts!(i18n, accounts.import.file_problems.no_rows).to_string(),
        TooManyRows => ts!(i18n, accounts.import.file_problems.too_many_rows, max = number(i18n, seatwise_api::IMPORT_MAX_ROWS)),
        TooLarge => ts!(i18n, accounts.import.file_problems.too_large, max = number(i18n, seatwise_api::IMPORT_MAX_BYTES / (1024 * 1024))),
        Malformed => ts!(i18n, accounts.import.file_problems.malformed).to_string(),
        Unknown => ts!(i18n, core.errors.unknown).to_string(),
    }
}

/// Why one row of an import file cannot be imported.
pub fn import_problem(i18n: I18n, problem: seatwise_api::ImportProblem) -> String {
    use seatwise_api::ImportProblem::*;
    match problem {
        InvalidEmail => ts!(i18n, accounts.import.problems.invalid_email),
        MissingFirstName => ts!(i18n, accounts.import.problems.missing_first_name),
        MissingLastName => ts!(i18n, accounts.import.problems.missing_last_name),
        InvalidText => ts!(i18n, accounts.import.problems.invalid_text),
        UnknownTeam => ts!(i18n, accounts.import.problems.unknown_team),
        UnknownProduct => ts!(i18n, accounts.import.problems.unknown_product),
        InvalidRole => ts!(i18n, accounts.import.problems.invalid_role),
        WrongColumnCount => ts!(i18n, accounts.import.problems.wrong_column_count),
        DuplicateInFile => ts!(i18n, accounts.import.problems.duplicate_in_file),
        AlreadyMember => ts!(i18n, accounts.import.problems.already_member),
        AlreadyInvited => ts!(i18n, accounts.import.problems.already_invited),
        NotEnoughSeats => ts!(i18n, accounts.import.problems.not_enough_seats),
        Unknown => ts!(i18n, core.errors.unknown),
    }
    .to_string()
}
