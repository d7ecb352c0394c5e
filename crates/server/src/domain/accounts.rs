//! Identity use cases: sign-up, email confirmation, password reset and change. Each runs in
//! one transaction together with the mail it causes. Used by the HTTP handlers and by the demo
//! seeding alike.

use seatwise_api::{Me, NotificationSettings, SecurityEventKind};

use crate::{
    clock::rfc3339,
    domain::{
        secret::{new_token, token_hash},
        security::{self, Client},
        AccountId, Country, Email, Locale, Password, PersonName,
    },
    error::{AppError, AppResult},
    mail::{self, Mail, Recipient},
    state::AppState,
    store::{throttle::Attempt, tokens::TokenPurpose, users::NewUser, users::UserRow, Tx},
};

/// A validated sign-up.
#[derive(Debug)]
pub struct SignUp {
    pub email: Email,
    pub password: Password,
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub country: Country,
    pub locale: Locale,
    /// The Argon2id hash of `password` when already computed (demo data: many people, one
    /// password); hashed here otherwise.
    pub password_hash: Option<String>,
}

pub fn recipient(u: &UserRow) -> Recipient {
    Recipient {
        email: u.email.clone(),
        name: u.first_name.clone(),
        locale: Locale::parse(&u.locale).unwrap_or(Locale::DEFAULT),
        prefs: notification_settings(u),
    }
}

pub fn notification_settings(u: &UserRow) -> NotificationSettings {
    NotificationSettings {
        product_updates: u.notify_product_updates != 0,
        renewal_reminders: u.notify_renewal_reminders != 0,
        news: u.notify_news != 0,
    }
}

pub fn to_me(u: &UserRow) -> Me {
    Me {
        account_id: u.account_id.clone(),
        username: u.username.clone(),
        email: u.email.clone(),
        email_verified: u.email_verified_at.is_some(),
        two_step_setup_required: false,
        first_name: u.first_name.clone(),
        last_name: u.last_name.clone(),
        country: u.country.clone(),
        street: u.street.clone(),
        city: u.city.clone(),
        postcode: u.postcode.clone(),
        phone: u.phone.clone(),
        company: u.company.clone(),
        job_title: u.job_title.clone(),
        locale: u.locale.clone(),
        notifications: notification_settings(u),
        created_at: rfc3339(u.created_at),
    }
}

/// What happened to a sign-up. The HTTP answer is the same for both, so nobody learns
/// whether an address has an account.
#[derive(Debug, PartialEq, Eq)]
pub enum SignUpOutcome {
    Created { user_id: String },
    /// The address already had an account; its owner was told by mail.
    AlreadyRegistered,
}

/// Who a new person is, as they gave it.
pub struct Profile {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub country: Country,
    pub locale: Locale,
}

/// A new person's row: a fresh id and account ID, the privacy statement accepted now. An empty
/// `password_hash` is an account without a password (it signs in through a linked account).
pub fn new_user(state: &AppState, email: &Email, password_hash: String, p: Profile, verified: bool, now: i64) -> NewUser {
    NewUser {
        id: uuid::Uuid::new_v4().to_string(),
        account_id: AccountId::generate().as_str().to_string(),
        email: email.as_str().to_string(),
        email_verified_at: verified.then_some(now),
        password_hash,
        first_name: p.first_name.into_inner(),
        last_name: p.last_name.into_inner(),
        country: p.country.as_str().to_string(),
        locale: p.locale.as_str().to_string(),
        privacy_consent_at: now,
        privacy_statement_version: state.settings.privacy_statement_version.clone(),
        created_at: now,
    }
}

/// Creates the account (and queues its confirmation mail), or tells the existing owner.
/// `verified` is for accounts whose address is known to be right (demo data).
pub async fn sign_up(state: &AppState, input: SignUp, verified: bool) -> AppResult<SignUpOutcome> {
    // Hash first, whichever way it goes, so both paths take as long.
    let hash = match input.password_hash.clone() {
        Some(h) => h,
        None => state.hash_password(input.password.expose().to_string()).await?,
    };
    let now = state.clock.unix();
    let db = &state.db;

    if let Some(existing) = db.user_by_email(input.email.as_str()).await? {
        // At most a few such mails an hour per account: no mail-bombing through sign-up.
        if db.rate_hit(&format!("exists-mail:{}", existing.id), now, 3600, 3).await? {
            let mut tx = db.begin().await?;
            let m = Mail::AccountExists {
                sign_in_link: state.settings.link("/sign-in"),
                reset_link: state.settings.link("/forgot-password"),
            };
            mail::queue(db, &mut tx, &m, &recipient(&existing), now).await?;
            tx.commit().await?;
            state.mail_wake.notify_one();
        }
        return Ok(SignUpOutcome::AlreadyRegistered);
    }

    let profile = Profile { first_name: input.first_name, last_name: input.last_name, country: input.country, locale: input.locale };
    let user = new_user(state, &input.email, hash, profile, verified, now);
    let mut tx = db.begin().await?;
    if let Err(e) = db.insert_user(&mut *tx, &user).await {
        // A concurrent sign-up with the same address won the race.
        if crate::store::is_unique_violation(&e) {
            return Ok(SignUpOutcome::AlreadyRegistered);
        }
        return Err(e.into());
    }
    if !verified {
        let row = db.user_by_id(&mut *tx, &user.id).await?.ok_or(AppError::NotFound)?;
        queue_verification(state, &mut tx, &row, now).await?;
    }
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(SignUpOutcome::Created { user_id: user.id })
}

/// A fresh confirmation link replaces any earlier one.
pub async fn queue_verification(
    state: &AppState,
    tx: &mut Tx,
    user: &UserRow,
    now: i64,
) -> AppResult<()> {
    let db = &state.db;
    let ttl = state.settings.verify_token_ttl.as_secs() as i64;
    let token = new_token();
    db.retire_tokens(&mut **tx, &user.id, TokenPurpose::VerifyEmail, now).await?;
    db.insert_token(&mut **tx, &token_hash(&token), &user.id, TokenPurpose::VerifyEmail, now, now + ttl)
        .await?;
    let m = Mail::VerifyEmail {
        link: state.settings.link(&format!("/verify-email?token={token}")),
        hours: (ttl / 3600) as u64,
    };
    mail::queue(db, tx, &m, &recipient(user), now).await?;
    Ok(())
}

/// Confirms the address the token was sent to.
pub async fn verify_email(state: &AppState, token: &str) -> AppResult<()> {
    let now = state.clock.unix();
    let db = &state.db;
    let mut tx = db.begin().await?;
    let user_id = db
        .consume_token(&mut *tx, &token_hash(token), TokenPurpose::VerifyEmail, now)
        .await?
        .ok_or(AppError::InvalidToken)?;
    db.mark_email_verified(&mut *tx, &user_id, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Sends a reset link if the address has an account. Says nothing either way.
pub async fn forgot_password(state: &AppState, email: &Email) -> AppResult<()> {
    let now = state.clock.unix();
    let db = &state.db;
    let Some(user) = db.user_by_email(email.as_str()).await? else { return Ok(()) };
    // Three reset mails an hour per account at most; beyond that, silently none.
    if !db.rate_hit(&format!("reset-mail:{}", user.id), now, 3600, 3).await? {
        tracing::info!(user = %user.id, "password reset mail suppressed by the rate limit");
        return Ok(());
    }
    let ttl = state.settings.reset_token_ttl.as_secs() as i64;
    let token = new_token();
    let mut tx = db.begin().await?;
    db.retire_tokens(&mut *tx, &user.id, TokenPurpose::ResetPassword, now).await?;
    db.insert_token(&mut *tx, &token_hash(&token), &user.id, TokenPurpose::ResetPassword, now, now + ttl)
        .await?;
    let m = Mail::ResetPassword {
        link: state.settings.link(&format!("/reset-password?token={token}")),
        minutes: (ttl / 60) as u64,
    };
    mail::queue(db, &mut tx, &m, &recipient(&user), now).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Sets a new password with a reset token. Ends every session of the user; the address is
/// confirmed too, since the mail reached its owner.
pub async fn reset_password(state: &AppState, token: &str, password: Password, client: &Client) -> AppResult<()> {
    let hash = state.hash_password(password.expose().to_string()).await?;
    let now = state.clock.unix();
    let db = &state.db;
    let mut tx = db.begin().await?;
    let user_id = db
        .consume_token(&mut *tx, &token_hash(token), TokenPurpose::ResetPassword, now)
        .await?
        .ok_or(AppError::InvalidToken)?;
    db.set_password_hash(&mut *tx, &user_id, &hash, now).await?;
    db.mark_email_verified(&mut *tx, &user_id, now).await?;
    db.delete_user_sessions(&mut *tx, &user_id, None).await?;
    db.forget_browsers(&mut *tx, &user_id).await?;
    let user = db.user_by_id(&mut *tx, &user_id).await?.ok_or(AppError::InvalidToken)?;
    let m = Mail::PasswordChanged { reset_link: state.settings.link("/forgot-password") };
    mail::queue(db, &mut tx, &m, &recipient(&user), now).await?;
    security::record(state, &mut *tx, Some(&user_id), "", SecurityEventKind::PasswordReset, client).await?;
    tx.commit().await?;
    db.clear_attempts(&format!("user:{user_id}")).await?;
    state.mail_wake.notify_one();
    Ok(())
}

/// Wrong current passwords allowed in a window before password changes are refused for a
/// while: the same rule as sign-in, so a stolen session cannot be used to guess the password.
const REAUTH_MAX_FAILURES: i64 = 5;
const REAUTH_WINDOW: i64 = 15 * 60;

/// Checks the current password of a signed-in user (a password change, a confirmation before
/// changing sign-in factors). Wrong ones are throttled like sign-ins.
pub async fn check_current_password(state: &AppState, user: &UserRow, current: &str, client: &Client) -> AppResult<()> {
    let db = &state.db;
    let key = format!("reauth:{}", user.id);
    let now = state.clock.unix();
    let failures = match db.begin_attempt(&key, now, REAUTH_WINDOW, REAUTH_MAX_FAILURES, REAUTH_WINDOW).await? {
        Attempt::Locked { until } => return Err(AppError::TooManyAttempts { retry_after: (until - now).max(1) as u64 }),
        Attempt::Allowed { failures } => failures,
    };
    if !state.verify_password(current.to_string(), Some(user.password_hash.clone())).await? {
        security::record(state, db.pool(), Some(&user.id), "", SecurityEventKind::PasswordChangeFailed, client).await?;
        if failures >= REAUTH_MAX_FAILURES {
            db.lock_key(&key, state.clock.unix() + REAUTH_WINDOW).await?;
        }
        return Err(AppError::WrongPassword);
    }
    db.clear_attempts(&key).await?;
    Ok(())
}

/// Changes the password of a signed-in user and ends their other sessions; remembered
/// browsers are forgotten, so the second step is asked again everywhere.
pub async fn change_password(
    state: &AppState,
    user: &UserRow,
    keep_session: &str,
    current: &str,
    new: Password,
    client: &Client,
) -> AppResult<()> {
    let db = &state.db;
    check_current_password(state, user, current, client).await?;
    let hash = state.hash_password(new.expose().to_string()).await?;
    let now = state.clock.unix();
    let mut tx = db.begin().await?;
    db.set_password_hash(&mut *tx, &user.id, &hash, now).await?;
    db.delete_user_sessions(&mut *tx, &user.id, Some(keep_session)).await?;
    db.forget_browsers(&mut *tx, &user.id).await?;
    let m = Mail::PasswordChanged { reset_link: state.settings.link("/forgot-password") };
    mail::queue(db, &mut tx, &m, &recipient(user), now).await?;
    security::record(state, &mut *tx, Some(&user.id), "", SecurityEventKind::PasswordChanged, client).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(())
}
