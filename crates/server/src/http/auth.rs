//! Sign-up, email confirmation, sign-in and out, forgotten passwords.

use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use seatwise_api::{
    Accepted, ErrorBody, ErrorCode, ForgotPasswordRequest, Me, ResetPasswordRequest, SecondFactor,
    SecondFactorChallenge, SecondFactorRequest, SecurityEventKind, SignInMethod, SignInRequest, SignUpRequest,
    VerifyEmailRequest, LOCALE_COOKIE,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{cookie, ApiJson, ClientInfo, CurrentUser, Empty};
use crate::{
    domain::{
        accounts::{self, Profile, SignUp},
        accounts::recipient,
        security,
        secret::{new_token, token_hash},
        two_step::{self, CHALLENGE_MAX_FAILURES, CHALLENGE_SECONDS, REMEMBER_DAYS},
        AccountId, Country, Email, Locale, Password, PersonName, Username,
    },
    error::{AppError, AppResult},
    mail::{self, Mail},
    state::AppState,
    store::{throttle::Attempt, users::UserRow},
};

/// Failed sign-ins allowed in [`LOCK_WINDOW`] before the account is locked for [`LOCK_WINDOW`].
pub const MAX_FAILURES: i64 = 5;
pub const LOCK_WINDOW: i64 = 15 * 60;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_up))
        .routes(routes!(verify_email))
        .routes(routes!(resend_verification))
        .routes(routes!(sign_in))
        .routes(routes!(second_factor_methods, second_factor))
        .routes(routes!(send_sign_in_text))
        .routes(routes!(confirm_email_change))
        .routes(routes!(undo_email_change))
        .routes(routes!(sign_out))
        .routes(routes!(sign_out_everywhere))
        .routes(routes!(forgot_password))
        .routes(routes!(reset_password))
}

fn accepted() -> Response {
    (StatusCode::ACCEPTED, Json(Accepted { status: "accepted".into() })).into_response()
}

/// The interface language of a request without a signed-in user: the last choice (cookie),
/// then the browser's languages.
pub fn request_locale(headers: &HeaderMap) -> Locale {
    cookie(headers, LOCALE_COOKIE)
        .and_then(|v| Locale::parse(v).ok())
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or(Locale::DEFAULT)
}

/// Create an account. Answers 202 whether or not the address already has an account
/// (its owner gets a mail instead), so sign-up reveals nothing. It does not sign in.
#[utoipa::path(post, path = "/auth/sign-up", tag = "auth", request_body = SignUpRequest,
    responses((status = 202, body = Accepted), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn sign_up(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SignUpRequest>,
) -> AppResult<Response> {
    let mut fields = BTreeMap::new();
    let email = Email::parse(&req.email).map_err(|e| fields.insert("email".into(), e)).ok();
    let password =
        Password::parse(&req.password).map_err(|e| fields.insert("password".into(), e)).ok();
    let form = ProfileForm {
        first_name: &req.first_name,
        last_name: &req.last_name,
        country: &req.country,
        locale: req.locale.as_deref(),
        privacy_consent: req.privacy_consent,
    };
    let profile = form.parse(&headers, &mut fields);
    let (Some(email), Some(password), Some(profile), true) = (email, password, profile, fields.is_empty()) else {
        return Err(AppError::Validation(fields));
    };
    limit_sign_ups(&state, &client).await?;
    let Profile { first_name, last_name, country, locale } = profile;
    let input = SignUp { email, password, first_name, last_name, country, locale, password_hash: None };
    let outcome = accounts::sign_up(&state, input, false).await?;
    tracing::info!(created = matches!(outcome, accounts::SignUpOutcome::Created { .. }), "sign-up");
    Ok(accepted())
}

/// Who a person signing up says they are, as sent.
pub(super) struct ProfileForm<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub country: &'a str,
    /// Absent: the request's language.
    pub locale: Option<&'a str>,
    pub privacy_consent: bool,
}

impl ProfileForm<'_> {
    /// The profile, or `None` with each refusal in `fields` (the consent is required).
    pub fn parse(&self, headers: &HeaderMap, fields: &mut BTreeMap<String, seatwise_api::FieldErrorCode>) -> Option<Profile> {
        let first = PersonName::parse(self.first_name).map_err(|e| fields.insert("first_name".into(), e)).ok();
        let last = PersonName::parse(self.last_name).map_err(|e| fields.insert("last_name".into(), e)).ok();
        let country = Country::parse(self.country).map_err(|e| fields.insert("country".into(), e)).ok();
        let locale = match self.locale {
            Some(l) => Locale::parse(l).map_err(|e| fields.insert("locale".into(), e)).ok(),
            None => Some(request_locale(headers)),
        };
        if !self.privacy_consent {
            fields.insert("privacy_consent".into(), seatwise_api::FieldErrorCode::ConsentRequired);
        }
        Some(Profile { first_name: first?, last_name: last?, country: country?, locale: locale? }).filter(|_| self.privacy_consent)
    }
}

/// Sign-ups from one address: 30 an hour.
pub(super) async fn limit_sign_ups(state: &AppState, client: &ClientInfo) -> AppResult<()> {
    if !state.db.rate_hit(&format!("sign-up-ip:{}", client.ip), state.clock.unix(), 3600, 30).await? {
        return Err(AppError::RateLimited { retry_after: 3600 });
    }
    Ok(())
}

/// Confirm the email address with the token from the confirmation mail.
#[utoipa::path(post, path = "/auth/verify-email", tag = "auth", request_body = VerifyEmailRequest,
    responses((status = 204), (status = 400, body = ErrorBody)))]
pub async fn verify_email(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<VerifyEmailRequest>,
) -> AppResult<StatusCode> {
    accounts::verify_email(&state, req.token.trim()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send a new confirmation mail to the signed-in user.
#[utoipa::path(post, path = "/auth/resend-verification", tag = "auth", request_body = Empty,
    responses((status = 202, body = Accepted), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn resend_verification(
    State(state): State<AppState>,
    current: CurrentUser,
    _body: ApiJson<Empty>,
) -> AppResult<Response> {
    let user = current.user;
    if user.email_verified_at.is_some() {
        return Ok(accepted());
    }
    let now = state.clock.unix();
    if !state.db.rate_hit(&format!("verify-mail:{}", user.id), now, 3600, 3).await? {
        return Err(AppError::RateLimited { retry_after: 3600 });
    }
    let mut tx = state.db.begin().await?;
    accounts::queue_verification(&state, &mut tx, &user, now).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(accepted())
}

/// The name failed sign-ins of a login that matches no account are counted under: the login
/// as the account would be found by (an address in lower case, an account ID in its canonical
/// form), so that `SW12345678` and `sw-1234-5678` count together as they would for a real
/// account, and a lockout reveals nothing about which IDs exist.
pub fn unknown_login_key(login: &str) -> String {
    let canonical = if login.contains('@') {
        Email::parse(login).map(|e| e.as_str().to_string()).ok()
    } else {
        AccountId::parse(login).map(|id| id.as_str().to_string())
    };
    format!("login:{}", canonical.unwrap_or_else(|| login.trim().to_lowercase()))
}

/// Sign in with email, account ID or username. Unknown accounts and wrong passwords get the same
/// answer. A person with 2-step verification gets 401 `second_factor_required` and a cookie of
/// the first step (10 minutes), unless this browser was remembered: the sign-in finishes with
/// `POST /auth/second-factor`. After 5 failures in 15 minutes an account is locked for 15 minutes; failures are
/// limited per client address (`sign_in_failures_per_ip` in 15 minutes) and overall
/// (`sign_in_failures_per_minute`) too.
#[utoipa::path(post, path = "/auth/sign-in", tag = "auth", request_body = SignInRequest,
    responses((status = 200, body = Me, description = "Signed in; the session cookie is set"),
        (status = 401, body = ErrorBody, description = "Wrong credentials, or (`second_factor_required`) the second step is next"),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn sign_in(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SignInRequest>,
) -> AppResult<Response> {
    let login = req.login.trim();
    let user = if login.contains('@') {
        match Email::parse(login) {
            Ok(email) => state.db.user_by_email(email.as_str()).await?,
            Err(_) => None,
        }
    } else {
        match AccountId::parse(login) {
            Some(id) => state.db.user_by_account_id(id.as_str()).await?,
            None => match Username::parse(login) {
                Ok(name) => state.db.user_by_username(name.as_str()).await?,
                Err(_) => None,
            },
        }
    };
    let logged_login: String = unknown_login_key(login).trim_start_matches("login:").chars().take(254).collect();
    let user_id: Option<String> = user.as_ref().map(|u| u.id.clone());
    let event = |kind| security::record(&state, state.db.pool(), user_id.as_deref(), &logged_login, kind, &client);

    // Failure budgets of the address and of everyone, taken before any password is checked
    // (so parallel attempts cannot overrun them) and given back when the sign-in succeeds.
    let now = state.clock.unix();
    let s = &state.settings;
    let ip_key = format!("sign-in-ip:{}", client.ip);
    if !state.db.rate_take(&ip_key, now, LOCK_WINDOW, s.sign_in_failures_per_ip, 1).await? {
        event(SecurityEventKind::SignInThrottled).await?;
        return Err(AppError::TooManyAttempts { retry_after: LOCK_WINDOW as u64 });
    }
    if !state.db.rate_take(GLOBAL_KEY, now, 60, s.sign_in_failures_per_minute, 1).await? {
        state.db.rate_refund(&ip_key, 1).await?;
        event(SecurityEventKind::SignInThrottled).await?;
        return Err(AppError::TooManyAttempts { retry_after: 60 });
    }
    let refund = || async {
        state.db.rate_refund(&ip_key, 1).await?;
        state.db.rate_refund(GLOBAL_KEY, 1).await
    };

    // Failures are counted per account, whichever name it was reached by; unknown logins are
    // counted per canonical name, so they answer exactly like real accounts.
    let key = match &user {
        Some(u) => format!("user:{}", u.id),
        None => unknown_login_key(login),
    };
    let failures = match state.db.begin_attempt(&key, now, LOCK_WINDOW, MAX_FAILURES, LOCK_WINDOW).await? {
        Attempt::Locked { until } => {
            event(SecurityEventKind::SignInThrottled).await?;
            return Err(AppError::TooManyAttempts { retry_after: (until - now).max(1) as u64 });
        }
        Attempt::Allowed { failures } => failures,
    };
    let ok = match state.verify_password(req.password.clone(), user.as_ref().map(|u| u.password_hash.clone())).await {
        Ok(ok) => ok,
        Err(e) => {
            // Not checked (the server is at capacity): it was no failure.
            refund().await?;
            state.db.undo_attempt(&key).await?;
            return Err(e);
        }
    };
    let Some(user) = user.filter(|_| ok) else {
        event(SecurityEventKind::SignInFailed).await?;
        if failures >= MAX_FAILURES {
            state.db.lock_key(&key, state.clock.unix() + LOCK_WINDOW).await?;
            if user_id.is_some() {
                event(SecurityEventKind::Locked).await?;
            }
        }
        return Err(AppError::InvalidCredentials);
    };
    state.db.clear_attempts(&key).await?;
    refund().await?;
    let mut method = SignInMethod::Password;
    if state.db.two_step_enabled(state.db.pool(), &user.id).await? {
        let remembered = match cookie(&headers, state.settings.browser_cookie_name()) {
            Some(token) => state.db.is_trusted_browser(&token_hash(token), &user.id, now).await?,
            None => false,
        };
        if !remembered {
            let token = new_token();
            state.db.insert_challenge(&token_hash(&token), &user.id, now, now + CHALLENGE_SECONDS).await?;
            let mut res = AppError::SecondFactorRequired.into_response();
            let name = state.settings.challenge_cookie_name();
            res.headers_mut().append(header::SET_COOKIE, strict_cookie(&state, name, &token, CHALLENGE_SECONDS as u64));
            return Ok(res);
        }
        method = SignInMethod::RememberedBrowser;
    }
    let cookie = start_session(&state, &user, method, &client).await?;
    let mut res = Json(accounts::to_me(&user)).into_response();
    res.headers_mut().append(header::SET_COOKIE, cookie);
    Ok(res)
}

/// The person waiting at the second step of a sign-in (from the first step's cookie).
pub(super) async fn challenge_user(state: &AppState, headers: &HeaderMap) -> AppResult<(String, String, i64)> {
    let token = cookie(headers, state.settings.challenge_cookie_name()).ok_or(AppError::InvalidToken)?;
    let hash = token_hash(token);
    let (user_id, expires_at) =
        state.db.live_challenge(&hash, state.clock.unix()).await?.ok_or(AppError::InvalidToken)?;
    Ok((hash, user_id, expires_at))
}

/// What the person at the second step of a sign-in can give. 400 `invalid_token` when there is
/// no first step (or its 10 minutes are up).
#[utoipa::path(get, path = "/auth/second-factor", tag = "auth",
    responses((status = 200, body = SecondFactorChallenge), (status = 400, body = ErrorBody)))]
pub async fn second_factor_methods(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> AppResult<Json<SecondFactorChallenge>> {
    let (_, user_id, expires_at) = challenge_user(&state, &headers).await?;
    let phone = match state.settings.text_messages_available() {
        true => state.db.confirmed_phone(state.db.pool(), &user_id).await?,
        false => None,
    };
    let mut methods = vec![SecondFactor::Totp];
    if state.webauthn.is_some() && state.db.passkey_count(state.db.pool(), &user_id).await? > 0 {
        methods.push(SecondFactor::Passkey);
    }
    if phone.is_some() {
        methods.push(SecondFactor::TextMessage);
    }
    methods.push(SecondFactor::RecoveryCode);
    Ok(Json(SecondFactorChallenge {
        methods,
        phone_hint: phone.as_deref().map(crate::domain::text_codes::mask),
        expires_at: crate::clock::rfc3339(expires_at),
    }))
}

/// At the second step of a sign-in: send a code by text message to the person's confirmed
/// phone (10 minutes; a new one replaces the last). 409 `two_step_state` without a confirmed
/// phone; at most 5 texts an hour (429).
#[utoipa::path(post, path = "/auth/second-factor/text", tag = "auth", request_body = Empty,
    responses((status = 202, body = seatwise_api::TextSent), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn send_sign_in_text(
    State(state): State<AppState>,
    headers: HeaderMap,
    _body: ApiJson<Empty>,
) -> AppResult<(StatusCode, Json<seatwise_api::TextSent>)> {
    let (_, user_id, _) = challenge_user(&state, &headers).await?;
    let db = &state.db;
    let phone = db.confirmed_phone(db.pool(), &user_id).await?.ok_or(AppError::Conflict(ErrorCode::TwoStepState))?;
    let user = db.user_by_id(db.pool(), &user_id).await?.ok_or(AppError::InvalidToken)?;
    let sent = crate::domain::factors::send_code_by_text(&state, &user, crate::domain::text_codes::Purpose::SignIn, &phone).await?;
    Ok((StatusCode::ACCEPTED, Json(sent)))
}

/// The second step of a sign-in: a code of the authenticator app, a code by text message, a
/// recovery code, or the answer to a passkey challenge (`passkey`). Wrong codes are throttled
/// like passwords, and five end the first step too. With
/// `remember_browser`, this browser skips the second step for 30 days (until the password or
/// the factors change).
#[utoipa::path(post, path = "/auth/second-factor", tag = "auth", request_body = SecondFactorRequest,
    responses((status = 200, body = Me, description = "Signed in; the session cookie is set"),
        (status = 400, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn second_factor(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiJson(req): ApiJson<SecondFactorRequest>,
) -> AppResult<Response> {
    let (hash, user_id, _) = challenge_user(&state, &headers).await?;
    let checked = match (&req.method, &req.passkey) {
        (SecondFactor::Passkey, Some(answer)) => {
            crate::domain::passkeys::finish_second_step(&state, &user_id, answer).await.map(|()| SignInMethod::Passkey)
        }
        (SecondFactor::Passkey, None) => Err(AppError::field("passkey", seatwise_api::FieldErrorCode::Required)),
        (method, _) => crate::domain::factors::verify_second_factor(&state, &user_id, *method, &req.code, &client).await,
    };
    let method = match checked {
        Ok(method) => method,
        Err(e) => {
            if matches!(e, AppError::PasskeyRejected) {
                security::record(&state, state.db.pool(), Some(&user_id), "", SecurityEventKind::SecondFactorFailed, &client).await?;
            }
            if matches!(e, AppError::WrongCode | AppError::PasskeyRejected)
                && !state.db.fail_challenge(&hash, CHALLENGE_MAX_FAILURES).await?
            {
                return Err(AppError::InvalidToken);
            }
            return Err(e);
        }
    };
    // A parallel request with the same first step may have won.
    if !state.db.take_challenge(state.db.pool(), &hash).await? {
        return Err(AppError::InvalidToken);
    }
    let user = state.db.user_by_id(state.db.pool(), &user_id).await?.ok_or(AppError::InvalidToken)?;
    let session = start_session(&state, &user, method, &client).await?;
    let mut res = Json(accounts::to_me(&user)).into_response();
    res.headers_mut().append(header::SET_COOKIE, session);
    res.headers_mut().append(header::SET_COOKIE, strict_cookie(&state, state.settings.challenge_cookie_name(), "", 0));
    if req.remember_browser {
        let token = new_token();
        let now = state.clock.unix();
        let days = REMEMBER_DAYS * 86_400;
        state.db.remember_browser(state.db.pool(), &token_hash(&token), &user.id, now, now + days).await?;
        res.headers_mut().append(header::SET_COOKIE, strict_cookie(&state, state.settings.browser_cookie_name(), &token, days as u64));
    }
    Ok(res)
}

/// The key of the failure budget every sign-in shares.
const GLOBAL_KEY: &str = "sign-in-all";

/// Creates a session for the user; returns its `Set-Cookie` header. A browser the person has
/// not signed in from before (after a first one) gets them a mail.
pub async fn start_session(state: &AppState, user: &UserRow, method: SignInMethod, client: &ClientInfo) -> AppResult<HeaderValue> {
    let now = state.clock.unix();
    let token = new_token();
    let user_id = user.id.as_str();
    let mut tx = state.db.begin().await?;
    state
        .db
        .insert_session(&mut *tx, &token_hash(&token), user_id, now, &client.ip, &client.user_agent, method.as_str())
        .await?;
    state.db.record_sign_in(&mut *tx, user_id, now).await?;
    security::record_sign_in(state, &mut *tx, user_id, method, client).await?;
    let fingerprint = two_step::browser_fingerprint(&client.user_agent);
    let (new, seen_others) = state.db.note_browser(&mut tx, user_id, &fingerprint, now).await?;
    if new && seen_others {
        let (browser, os) = two_step::describe_user_agent(&client.user_agent);
        let browser = match (browser.is_empty(), os.is_empty()) {
            (false, false) => format!("{browser}, {os}"),
            (true, true) => client.user_agent.chars().take(120).collect(),
            _ => format!("{browser}{os}"),
        };
        let m = Mail::NewBrowser { browser, ip: client.ip.clone(), link: state.settings.link(crate::domain::factors::SECURITY_PAGE) };
        mail::queue(&state.db, &mut tx, &m, &recipient(user), now).await?;
    }
    tx.commit().await?;
    if new && seen_others {
        state.mail_wake.notify_one();
    }
    Ok(session_cookie(state, &token, state.settings.session_absolute.as_secs()))
}

/// End the current session.
#[utoipa::path(post, path = "/auth/sign-out", tag = "auth", request_body = Empty,
    responses((status = 204, description = "Signed out; the session cookie is cleared")))]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    _body: ApiJson<Empty>,
) -> AppResult<Response> {
    if let Some(token) = cookie(&headers, state.settings.session_cookie_name()) {
        state.db.delete_session(&token_hash(token)).await?;
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().append(header::SET_COOKIE, session_cookie(&state, "", 0));
    Ok(res)
}

/// End every session of the signed-in person, this one included (after a lost laptop, say).
#[utoipa::path(post, path = "/auth/sign-out-everywhere", tag = "auth", request_body = Empty,
    responses((status = 204, description = "Every session ended; the session cookie is cleared"), (status = 401, body = ErrorBody)))]
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    _body: ApiJson<Empty>,
) -> AppResult<Response> {
    let mut tx = state.db.begin().await?;
    state.db.delete_user_sessions(&mut *tx, &current.user.id, None).await?;
    security::record(&state, &mut *tx, Some(&current.user.id), "", SecurityEventKind::SignedOutEverywhere, &client).await?;
    tx.commit().await?;
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().append(header::SET_COOKIE, session_cookie(&state, "", 0));
    Ok(res)
}

/// Ask for a password reset link. Always answers 202.
#[utoipa::path(post, path = "/auth/forgot-password", tag = "auth", request_body = ForgotPasswordRequest,
    responses((status = 202, body = Accepted), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn forgot_password(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(req): ApiJson<ForgotPasswordRequest>,
) -> AppResult<Response> {
    let email = Email::parse(&req.email).map_err(|e| AppError::field("email", e))?;
    let now = state.clock.unix();
    if !state.db.rate_hit(&format!("forgot-ip:{}", client.ip), now, 3600, 30).await? {
        return Err(AppError::RateLimited { retry_after: 3600 });
    }
    accounts::forgot_password(&state, &email).await?;
    Ok(accepted())
}

/// Set a new password with the token from the reset mail. Does not sign in; ends every
/// session of the account.
#[utoipa::path(post, path = "/auth/reset-password", tag = "auth", request_body = ResetPasswordRequest,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(req): ApiJson<ResetPasswordRequest>,
) -> AppResult<StatusCode> {
    let password = Password::parse(&req.password).map_err(|e| AppError::field("password", e))?;
    accounts::reset_password(&state, req.token.trim(), password, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `Set-Cookie` for the cookies of the second step (the first step's, a remembered
/// browser's): HttpOnly, SameSite=Strict (only our own pages send them), Path=/.
pub(super) fn strict_cookie(state: &AppState, name: &str, token: &str, max_age: u64) -> HeaderValue {
    let secure = if state.settings.cookie_secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={token}; HttpOnly; SameSite=Strict; Path=/; Max-Age={max_age}{secure}"))
        .expect("cookie is ASCII")
}

/// `Set-Cookie` that ends the session cookie.
pub fn clear_session_cookie(state: &AppState) -> HeaderValue {
    session_cookie(state, "", 0)
}

/// `Set-Cookie` for the session: HttpOnly, SameSite=Lax, Path=/; with `Secure`, also the
/// `__Host-` name.
fn session_cookie(state: &AppState, token: &str, max_age: u64) -> HeaderValue {
    let secure = if state.settings.cookie_secure { "; Secure" } else { "" };
    let name = state.settings.session_cookie_name();
    HeaderValue::from_str(&format!("{name}={token}; HttpOnly; SameSite=Lax; Path=/; Max-Age={max_age}{secure}"))
        .expect("cookie is ASCII")
}

/// Confirm a new email address with the link mailed to it: from now on it is the address to
/// sign in with, and the old address gets a link that undoes the change for 7 days. 409
/// `taken` when the address belongs to someone else by now.
#[utoipa::path(post, path = "/auth/confirm-email-change", tag = "auth", request_body = seatwise_api::EmailChangeLink,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn confirm_email_change(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(req): ApiJson<seatwise_api::EmailChangeLink>,
) -> AppResult<StatusCode> {
    use crate::domain::factors::EMAIL_UNDO_DAYS;
    let db = &state.db;
    let now = state.clock.unix();
    let hash = token_hash(req.token.trim());
    let mut tx = db.begin().await?;
    let change = db.email_change_to_confirm(&mut *tx, &hash, now).await?.ok_or(AppError::InvalidToken)?;
    let user = db.user_by_id(&mut *tx, &change.user_id).await?.ok_or(AppError::InvalidToken)?;
    if user.email != change.old_email {
        // The address changed another way meanwhile: this link is stale.
        return Err(AppError::InvalidToken);
    }
    if !db.set_email(&mut *tx, &user.id, &change.new_email, now).await? {
        return Err(AppError::Conflict(ErrorCode::Taken));
    }
    let undo = new_token();
    if !db.confirm_email_change(&mut *tx, &hash, &token_hash(&undo), now, now + EMAIL_UNDO_DAYS * 86_400).await? {
        return Err(AppError::InvalidToken);
    }
    let m = Mail::EmailChanged {
        new_email: change.new_email.clone(),
        link: state.settings.link(&format!("/undo-email-change?token={undo}")),
        days: EMAIL_UNDO_DAYS as u64,
    };
    mail::queue(db, &mut tx, &m, &recipient(&user), now).await?;
    security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::EmailChanged, &client).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

/// Undo a change of email address with the link mailed to the old address (7 days): the old
/// address is back, every session ends, remembered browsers are forgotten, and a link to set a
/// new password goes to the old address.
#[utoipa::path(post, path = "/auth/undo-email-change", tag = "auth", request_body = seatwise_api::EmailChangeLink,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn undo_email_change(
    State(state): State<AppState>,
    client: ClientInfo,
    ApiJson(req): ApiJson<seatwise_api::EmailChangeLink>,
) -> AppResult<StatusCode> {
    let db = &state.db;
    let now = state.clock.unix();
    let mut tx = db.begin().await?;
    let change = db.email_change_to_undo(&mut *tx, &token_hash(req.token.trim()), now).await?.ok_or(AppError::InvalidToken)?;
    if !db.mark_email_change_undone(&mut *tx, &change.token_hash, now).await? {
        return Err(AppError::InvalidToken);
    }
    if !db.set_email(&mut *tx, &change.user_id, &change.old_email, now).await? {
        return Err(AppError::Conflict(ErrorCode::Taken));
    }
    db.delete_user_sessions(&mut *tx, &change.user_id, None).await?;
    db.forget_browsers(&mut *tx, &change.user_id).await?;
    security::record(&state, &mut *tx, Some(&change.user_id), "", SecurityEventKind::EmailChangeUndone, &client).await?;
    tx.commit().await?;
    let email = Email::parse(&change.old_email).map_err(|_| AppError::InvalidToken)?;
    accounts::forgot_password(&state, &email).await?;
    Ok(StatusCode::NO_CONTENT)
}
