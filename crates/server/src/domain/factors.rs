//! Second factors as the sign-in and the security page check them, and the rules of identity
//! changes they share.

use seatwise_api::{SecondFactor, SecurityEventKind, SignInMethod, TextSent};

use super::{
    security::{self, Client},
    text_codes::{self, Purpose, CODE_MINUTES, TEXTS_PER_HOUR},
    two_step,
};
use crate::{
    error::{AppError, AppResult},
    mail::{self, Text},
    state::AppState,
    store::{throttle::Attempt, users::UserRow},
};

/// The path of the security page (the mails link to it).
pub const SECURITY_PAGE: &str = "/security";

/// Hours a link to confirm a new email address lives.
pub const EMAIL_CHANGE_HOURS: i64 = 24;
/// Days the old address may undo a change.
pub const EMAIL_UNDO_DAYS: i64 = 7;

/// Wrong codes (or passwords, when confirming) allowed in [`FACTOR_WINDOW`] before the person's
/// codes are refused for [`FACTOR_WINDOW`]: the rule of passwords.
pub const FACTOR_MAX_FAILURES: i64 = 5;
pub const FACTOR_WINDOW: i64 = 15 * 60;

/// One attempt from a person's budget of codes (app, recovery, text message, and passwords
/// when confirming): after [`FACTOR_MAX_FAILURES`] wrong ones in [`FACTOR_WINDOW`], every code
/// is refused for a while, right or wrong.
pub struct CodeAttempt {
    key: String,
    failures: i64,
}

impl CodeAttempt {
    /// Takes the attempt; 429 while the person's codes are refused.
    pub async fn begin(state: &AppState, user_id: &str) -> AppResult<CodeAttempt> {
        let now = state.clock.unix();
        let key = format!("second-factor:{user_id}");
        match state.db.begin_attempt(&key, now, FACTOR_WINDOW, FACTOR_MAX_FAILURES, FACTOR_WINDOW).await? {
            Attempt::Locked { until } => Err(AppError::TooManyAttempts { retry_after: (until - now).max(1) as u64 }),
            Attempt::Allowed { failures } => Ok(CodeAttempt { key, failures }),
        }
    }

    /// The code was wrong: counted, and the last one allowed locks the budget. Returns the
    /// error to answer.
    pub async fn failed(self, state: &AppState) -> AppResult<AppError> {
        if self.failures >= FACTOR_MAX_FAILURES {
            state.db.lock_key(&self.key, state.clock.unix() + FACTOR_WINDOW).await?;
        }
        Ok(AppError::WrongCode)
    }

    /// The code was right: the count starts again.
    pub async fn succeeded(self, state: &AppState) -> AppResult<()> {
        state.db.clear_attempts(&self.key).await?;
        Ok(())
    }
}

/// Checks a second factor of `user` and uses it up (a code of the app counts once, a recovery
/// code or a code by text message is spent). Wrong codes are counted per person (see
/// [`CodeAttempt`]).
pub async fn verify_second_factor(
    state: &AppState,
    user_id: &str,
    method: SecondFactor,
    code: &str,
    client: &Client,
) -> AppResult<SignInMethod> {
    let db = &state.db;
    let now = state.clock.unix();
    let attempt = CodeAttempt::begin(state, user_id).await?;
    let ok = match method {
        SecondFactor::Totp => match db.totp_of(db.pool(), user_id).await?.filter(|t| t.enabled_at.is_some()) {
            Some(t) => match two_step::check_code(&t.secret, code, now) {
                Some(step) => db.use_totp_step(db.pool(), user_id, step).await?,
                None => false,
            },
            None => false,
        },
        SecondFactor::RecoveryCode => match two_step::normalise_recovery_code(code) {
            Some(c) => db.use_recovery_code(db.pool(), user_id, &two_step::recovery_code_hash(user_id, &c), now).await?,
            None => false,
        },
        SecondFactor::TextMessage => match text_codes::normalise_code(code) {
            Some(c) => {
                let hash = text_codes::code_hash(user_id, Purpose::SignIn, &c);
                db.take_text_code(db.pool(), user_id, Purpose::SignIn, &hash, now).await?
            }
            None => false,
        },
        // A passkey has no code: its answer is checked by `passkeys::finish_second_step`.
        SecondFactor::Passkey => false,
    };
    if !ok {
        security::record(state, db.pool(), Some(user_id), "", SecurityEventKind::SecondFactorFailed, client).await?;
        return Err(attempt.failed(state).await?);
    }
    attempt.succeeded(state).await?;
    Ok(match method {
        SecondFactor::Totp => SignInMethod::Totp,
        SecondFactor::RecoveryCode => SignInMethod::RecoveryCode,
        SecondFactor::TextMessage => SignInMethod::TextMessage,
        SecondFactor::Passkey => SignInMethod::Passkey,
    })
}

/// Sends `user` a new code for `purpose` by text message to `phone` (the one sent before for
/// that purpose stops working). At most [`TEXTS_PER_HOUR`] texts a person an hour (429).
pub async fn send_code_by_text(state: &AppState, user: &UserRow, purpose: Purpose, phone: &str) -> AppResult<TextSent> {
    let db = &state.db;
    let now = state.clock.unix();
    // Production without a gateway offers no codes by text message (the app shows none).
    if !state.settings.text_messages_available() {
        return Err(AppError::NotFound);
    }
    if !db.rate_hit(&format!("texts:{}", user.id), now, 3600, TEXTS_PER_HOUR).await? {
        return Err(AppError::RateLimited { retry_after: 3600 });
    }
    let code = text_codes::new_code();
    let expires_at = now + CODE_MINUTES * 60;
    let kind = match purpose {
        Purpose::Confirm => Text::ConfirmPhone,
        Purpose::SignIn => Text::SignIn,
    };
    let locale = crate::domain::accounts::recipient(user).locale;
    let mut tx = db.begin().await?;
    db.put_text_code(&mut tx, &user.id, purpose, &text_codes::code_hash(&user.id, purpose, &code), now, expires_at).await?;
    mail::queue_text(db, &mut tx, kind, &code, CODE_MINUTES, phone, locale, now).await?;
    tx.commit().await?;
    state.text_wake.notify_one();
    Ok(TextSent { phone_hint: text_codes::mask(phone), expires_at: crate::clock::rfc3339(expires_at) })
}
