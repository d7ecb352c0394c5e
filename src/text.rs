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

/// Fills `{name}` placeholders of a translated template. (The locale files use `{name}` rather
/// than leptos_i18n's `{{ name }}`: its string output cannot interpolate without the
/// `interpolate_display` option, which `load_locales!` cannot turn on.)
pub fn fill(template: impl AsRef<str>, values: &[(&str, String)]) -> String {
    let mut text = template.as_ref().to_owned();
    for (name, value) in values {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
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
        ApiError::Network => return t_string!(i18n, errors.network).to_string(),
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
        ErrorCode::InvalidJson => t_string!(i18n, errors.invalid_json),
        ErrorCode::InvalidQuery => t_string!(i18n, errors.invalid_query),
        ErrorCode::UnsupportedMediaType => t_string!(i18n, errors.unsupported_media_type),
        ErrorCode::PayloadTooLarge => t_string!(i18n, errors.payload_too_large),
        ErrorCode::ValidationFailed => t_string!(i18n, errors.validation_failed),
        ErrorCode::Unauthenticated => t_string!(i18n, errors.unauthenticated),
        ErrorCode::Forbidden => t_string!(i18n, errors.forbidden),
        ErrorCode::CsrfRejected => t_string!(i18n, errors.csrf_rejected),
        ErrorCode::NotFound => t_string!(i18n, errors.not_found),
        ErrorCode::MethodNotAllowed => t_string!(i18n, errors.method_not_allowed),
        ErrorCode::InvalidCredentials => t_string!(i18n, errors.invalid_credentials),
        ErrorCode::TooManyAttempts => t_string!(i18n, errors.too_many_attempts),
        ErrorCode::RateLimited => t_string!(i18n, errors.rate_limited),
        ErrorCode::InvalidToken => t_string!(i18n, errors.invalid_token),
        ErrorCode::WrongPassword => t_string!(i18n, errors.wrong_password),
        ErrorCode::Conflict => t_string!(i18n, errors.conflict),
        ErrorCode::NoSeatLeft => t_string!(i18n, errors.no_seat_left),
        ErrorCode::SubscriptionInactive => t_string!(i18n, errors.subscription_inactive),
        ErrorCode::PrimaryAdminRequired => t_string!(i18n, errors.primary_admin_required),
        ErrorCode::AlreadyMember => t_string!(i18n, errors.already_member),
        ErrorCode::AlreadyInvited => t_string!(i18n, errors.already_invited),
        ErrorCode::InvitationUnavailable => t_string!(i18n, errors.invitation_unavailable),
        ErrorCode::Taken => t_string!(i18n, errors.taken),
        ErrorCode::NotEntitled => t_string!(i18n, errors.not_entitled),
        ErrorCode::LinkInvalid => t_string!(i18n, errors.link_invalid),
        ErrorCode::LinkExpired => t_string!(i18n, errors.link_expired),
        ErrorCode::RangeNotSatisfiable => t_string!(i18n, errors.range_not_satisfiable),
        ErrorCode::TrialUsed => t_string!(i18n, errors.trial_used),
        ErrorCode::AlreadyEntitled => t_string!(i18n, errors.already_entitled),
        ErrorCode::RequestNotApplicable => t_string!(i18n, errors.request_not_applicable),
        ErrorCode::RequestOpen => t_string!(i18n, errors.request_open),
        ErrorCode::InvalidTransition => t_string!(i18n, errors.invalid_transition),
        ErrorCode::UploadInterrupted => t_string!(i18n, errors.upload_interrupted),
        ErrorCode::ServerBusy => t_string!(i18n, errors.server_busy),
        ErrorCode::Internal => t_string!(i18n, errors.internal),
        ErrorCode::Unknown => t_string!(i18n, errors.unknown),
    };
    text.to_string()
}

/// "Try again in N minutes", with the language's plural form.
fn retry_after_message(i18n: I18n, seconds: u64) -> String {
    let minutes = seconds.div_ceil(60).max(1) as usize;
    let count = number(i18n, minutes);
    match intl::plural_category(tag(i18n), minutes as f64).as_str() {
        "one" => fill(
            t_string!(i18n, sign_in.retry_after.one),
            &[("count", count.to_string())],
        )
        .to_string(),
        "two" => fill(
            t_string!(i18n, sign_in.retry_after.two),
            &[("count", count.to_string())],
        )
        .to_string(),
        "few" => fill(
            t_string!(i18n, sign_in.retry_after.few),
            &[("count", count.to_string())],
        )
        .to_string(),
        _ => fill(
            t_string!(i18n, sign_in.retry_after.other),
            &[("count", count.to_string())],
        )
        .to_string(),
    }
}

/// "N emails", with the language's plural form.
pub fn mailbox_count(i18n: I18n, n: usize) -> String {
    let count = number(i18n, n);
    match intl::plural_category(tag(i18n), n as f64).as_str() {
        "one" => fill(
            t_string!(i18n, mailbox.count.one),
            &[("count", count.to_string())],
        )
        .to_string(),
        "two" => fill(
            t_string!(i18n, mailbox.count.two),
            &[("count", count.to_string())],
        )
        .to_string(),
        "few" => fill(
            t_string!(i18n, mailbox.count.few),
            &[("count", count.to_string())],
        )
        .to_string(),
        _ => fill(
            t_string!(i18n, mailbox.count.other),
            &[("count", count.to_string())],
        )
        .to_string(),
    }
}

/// The longest value the server accepts for a field, in characters.
fn max_chars(field: &str) -> usize {
    match field {
        "password" | "new_password" | "current_password" => PASSWORD_MAX_CHARS,
        "first_name" | "last_name" => NAME_MAX_CHARS,
        "email" | "login" => EMAIL_MAX_CHARS,
        _ => TEXT_MAX_CHARS,
    }
}

/// The message for one refused field.
pub fn field_message(i18n: I18n, field: &str, code: FieldErrorCode) -> String {
    let is_password = matches!(field, "password" | "new_password");
    match code {
        FieldErrorCode::Required => t_string!(i18n, field_errors.required).to_string(),
        FieldErrorCode::TooShort if is_password => {
            let min = number(i18n, PASSWORD_MIN_CHARS);
            fill(
                t_string!(i18n, field_errors.password_too_short),
                &[("min", min.to_string())],
            )
            .to_string()
        }
        FieldErrorCode::TooShort => t_string!(i18n, field_errors.too_short).to_string(),
        FieldErrorCode::TooLong => {
            let max = number(i18n, max_chars(field));
            fill(
                t_string!(i18n, field_errors.too_long),
                &[("max", max.to_string())],
            )
            .to_string()
        }
        FieldErrorCode::InvalidEmail => t_string!(i18n, field_errors.invalid_email).to_string(),
        FieldErrorCode::CommonPassword => t_string!(i18n, field_errors.common_password).to_string(),
        FieldErrorCode::InvalidCountry => t_string!(i18n, field_errors.invalid_country).to_string(),
        FieldErrorCode::InvalidLocale => t_string!(i18n, field_errors.invalid_locale).to_string(),
        FieldErrorCode::ConsentRequired => {
            t_string!(i18n, field_errors.consent_required).to_string()
        }
        FieldErrorCode::InvalidCharacters => {
            t_string!(i18n, field_errors.invalid_characters).to_string()
        }
        FieldErrorCode::InvalidFormat => t_string!(i18n, field_errors.invalid_format).to_string(),
        FieldErrorCode::OutOfRange => t_string!(i18n, field_errors.out_of_range).to_string(),
        FieldErrorCode::Unknown => t_string!(i18n, field_errors.unknown).to_string(),
    }
}

/// The translated name of an interface language, in that language itself.
pub fn language_name(i18n: I18n, locale: Locale) -> String {
    match locale {
        Locale::en => t_string!(i18n, language.en).to_string(),
        Locale::zh_TW => t_string!(i18n, language.zh_TW).to_string(),
        Locale::sl => t_string!(i18n, language.sl).to_string(),
    }
}

/// Sets the document title to "<page> · Seatwise" in the current language.
pub fn use_page_title(title: impl Fn() -> String + 'static) {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let app = t_string!(i18n, app.name);
        document().set_title(&format!("{} · {app}", title()));
    });
}

/// The name of a member role (the primary admin is the contract manager).
pub fn role_name(i18n: I18n, role: seatwise_api::MemberRole) -> String {
    use seatwise_api::MemberRole::*;
    match role {
        PrimaryAdmin => t_string!(i18n, roles.primary_admin),
        SecondaryAdmin => t_string!(i18n, roles.secondary_admin),
        User => t_string!(i18n, roles.user),
    }
    .to_string()
}

pub fn member_status_name(i18n: I18n, status: seatwise_api::MemberStatus) -> String {
    use seatwise_api::MemberStatus::*;
    match status {
        Active => t_string!(i18n, member_status.active),
        Unconfirmed => t_string!(i18n, member_status.unconfirmed),
    }
    .to_string()
}

pub fn licence_name(i18n: I18n, licence: seatwise_api::LicenceType) -> String {
    use seatwise_api::LicenceType::*;
    match licence {
        NamedUser => t_string!(i18n, licence.named_user),
        MultiUserNetwork => t_string!(i18n, licence.multi_user_network),
        Standalone => t_string!(i18n, licence.standalone),
    }
    .to_string()
}

pub fn term_name(i18n: I18n, term: seatwise_api::Term) -> String {
    use seatwise_api::Term::*;
    match term {
        Monthly => t_string!(i18n, term.monthly),
        OneYear => t_string!(i18n, term.one_year),
        ThreeYears => t_string!(i18n, term.three_years),
    }
    .to_string()
}

pub fn subscription_status_name(i18n: I18n, status: seatwise_api::SubscriptionStatus) -> String {
    use seatwise_api::SubscriptionStatus::*;
    match status {
        Active => t_string!(i18n, subscription_status.active),
        Expired => t_string!(i18n, subscription_status.expired),
        Cancelled => t_string!(i18n, subscription_status.cancelled),
    }
    .to_string()
}

pub fn invitation_status_name(i18n: I18n, status: seatwise_api::InvitationStatus) -> String {
    use seatwise_api::InvitationStatus::*;
    match status {
        Pending => t_string!(i18n, invitation_status.pending),
        Accepted => t_string!(i18n, invitation_status.accepted),
        Expired => t_string!(i18n, invitation_status.expired),
        Revoked => t_string!(i18n, invitation_status.revoked),
    }
    .to_string()
}

/// What an activity entry records, in words; an action this build does not know is shown as
/// its code.
pub fn activity_action_name(i18n: I18n, action: &str) -> String {
    let text = match action {
        "account.created" => t_string!(i18n, activity_actions.account_created),
        "account.primary_transferred" => t_string!(i18n, activity_actions.account_primary_transferred),
        "contract.created" => t_string!(i18n, activity_actions.contract_created),
        "subscription.created" => t_string!(i18n, activity_actions.subscription_created),
        "assignment.added" => t_string!(i18n, activity_actions.assignment_added),
        "assignment.removed" => t_string!(i18n, activity_actions.assignment_removed),
        "member.updated" => t_string!(i18n, activity_actions.member_updated),
        "member.removed" => t_string!(i18n, activity_actions.member_removed),
        "team.created" => t_string!(i18n, activity_actions.team_created),
        "team.renamed" => t_string!(i18n, activity_actions.team_renamed),
        "team.deleted" => t_string!(i18n, activity_actions.team_deleted),
        "invitation.sent" => t_string!(i18n, activity_actions.invitation_sent),
        "invitation.resent" => t_string!(i18n, activity_actions.invitation_resent),
        "invitation.revoked" => t_string!(i18n, activity_actions.invitation_revoked),
        "invitation.accepted" => t_string!(i18n, activity_actions.invitation_accepted),
        other => return other.to_owned(),
    };
    text.to_string()
}

/// "used / total" seats, with the language's digits and grouping.
pub fn seats(i18n: I18n, used: u32, total: u32) -> String {
    fill(
        t_string!(i18n, products.seats_used),
        &[
            ("used", number(i18n, used as usize)),
            ("total", number(i18n, total as usize)),
        ],
    )
}

/// Why an import file as a whole cannot be used.
pub fn import_file_problem(i18n: I18n, problem: seatwise_api::ImportFileProblem) -> String {
    use seatwise_api::ImportFileProblem::*;
    match problem {
        InvalidEncoding => t_string!(i18n, import.file_problems.invalid_encoding).to_string(),
        MissingHeader => fill(
            t_string!(i18n, import.file_problems.missing_header),
            &[("header", seatwise_api::IMPORT_COLUMNS.join(","))],
        ),
        NoRows => t_string!(i18n, import.file_problems.no_rows).to_string(),
        TooManyRows => fill(
            t_string!(i18n, import.file_problems.too_many_rows),
            &[("max", number(i18n, seatwise_api::IMPORT_MAX_ROWS))],
        ),
        TooLarge => fill(
            t_string!(i18n, import.file_problems.too_large),
            &[("max", number(i18n, seatwise_api::IMPORT_MAX_BYTES / (1024 * 1024)))],
        ),
        Malformed => t_string!(i18n, import.file_problems.malformed).to_string(),
        Unknown => t_string!(i18n, errors.unknown).to_string(),
    }
}

/// Why one row of an import file cannot be imported.
pub fn import_problem(i18n: I18n, problem: seatwise_api::ImportProblem) -> String {
    use seatwise_api::ImportProblem::*;
    match problem {
        InvalidEmail => t_string!(i18n, import.problems.invalid_email),
        MissingFirstName => t_string!(i18n, import.problems.missing_first_name),
        MissingLastName => t_string!(i18n, import.problems.missing_last_name),
        InvalidText => t_string!(i18n, import.problems.invalid_text),
        UnknownTeam => t_string!(i18n, import.problems.unknown_team),
        UnknownProduct => t_string!(i18n, import.problems.unknown_product),
        InvalidRole => t_string!(i18n, import.problems.invalid_role),
        WrongColumnCount => t_string!(i18n, import.problems.wrong_column_count),
        DuplicateInFile => t_string!(i18n, import.problems.duplicate_in_file),
        AlreadyMember => t_string!(i18n, import.problems.already_member),
        AlreadyInvited => t_string!(i18n, import.problems.already_invited),
        NotEnoughSeats => t_string!(i18n, import.problems.not_enough_seats),
        Unknown => t_string!(i18n, errors.unknown),
    }
    .to_string()
}
