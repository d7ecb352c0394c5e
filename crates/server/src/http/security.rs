//! The security centre of the signed-in person: 2-step verification (authenticator app and
//! recovery codes), confirming the password again, and the list of sessions.

use axum::{extract::State, http::StatusCode, Json};
use seatwise_api::{
    ChangeEmailRequest, ConfirmPhoneRequest, ConfirmTotpRequest, PhoneState, SetPhoneRequest, TextSent, DeleteAccountRequest, FieldErrorCode, Me, SetUsernameRequest, ErrorBody, ErrorCode, ReauthenticateRequest, RecoveryCodes, SecondFactor,
    SecurityEventKind, SecurityOverview, SessionInfo, SessionList, SignInMethod, TotpSetup,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{ApiJson, ApiPath, ClientInfo, CurrentUser, Empty};
use crate::{
    clock::rfc3339,
    domain::{
        accounts::recipient,
        security,
        factors::{send_code_by_text, verify_second_factor, CodeAttempt, EMAIL_CHANGE_HOURS, SECURITY_PAGE},
        text_codes::{self, Phone, Purpose},
        two_step::{self, FRESH_SECONDS, RECOVERY_CODES},
    },
    error::{AppError, AppResult},
    mail::{self, Mail},
    state::AppState,
    store::users::UserRow,
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(overview))
        .routes(routes!(reauthenticate))
        .routes(routes!(start_totp))
        .routes(routes!(confirm_totp))
        .routes(routes!(disable_two_step))
        .routes(routes!(new_recovery_codes))
        .routes(routes!(list_sessions))
        .routes(routes!(end_session))
        .routes(routes!(end_other_sessions))
        .routes(routes!(delete_account))
        .routes(routes!(change_email))
        .routes(routes!(set_username))
        .routes(routes!(add_phone, remove_phone))
        .routes(routes!(confirm_phone))
}



/// Refuses a change of sign-in factors unless this session proved the password (and second
/// factor) in the last [`FRESH_SECONDS`].
pub(super) fn require_fresh(state: &AppState, current: &CurrentUser) -> AppResult<()> {
    if state.clock.unix() - current.authenticated_at > FRESH_SECONDS {
        return Err(AppError::Denied(ErrorCode::ReauthenticationRequired));
    }
    Ok(())
}

/// The state of the person's 2-step verification, and whether this session may change it now.
#[utoipa::path(get, path = "/me/security", tag = "security",
    responses((status = 200, body = SecurityOverview), (status = 401, body = ErrorBody)))]
pub async fn overview(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<SecurityOverview>> {
    overview_of(&state, &current).await.map(Json)
}

async fn overview_of(state: &AppState, current: &CurrentUser) -> AppResult<SecurityOverview> {
    let db = &state.db;
    let now = state.clock.unix();
    let user = &current.user.id;
    let fresh_until = current.authenticated_at + FRESH_SECONDS;
    Ok(SecurityOverview {
        totp_enabled: db.two_step_enabled(db.pool(), user).await?,
        recovery_codes_left: db.recovery_codes_left(user).await?.max(0) as u32,
        remembered_browsers: db.trusted_browser_count(user, now).await?.max(0) as u32,
        fresh_until: (fresh_until > now).then(|| rfc3339(fresh_until)),
        pending_email: db.pending_email_change(user, now).await?.map(|c| c.new_email),
        phone: db
            .phone_of(db.pool(), user)
            .await?
            .map(|p| PhoneState { number: p.phone, confirmed: p.verified_at.is_some() }),
        text_messages_available: state.settings.text_messages_available(),
        passkeys_available: state.webauthn.is_some(),
        two_step_required: db.two_step_required(db.pool(), user).await?,
    })
}

/// Confirm the password (and, with 2-step verification on, a code of the app or a recovery
/// code): for the next 10 minutes this session may change sign-in factors.
#[utoipa::path(post, path = "/me/reauthenticate", tag = "security", request_body = ReauthenticateRequest,
    responses((status = 200, body = SecurityOverview), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn reauthenticate(
    State(state): State<AppState>,
    mut current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<ReauthenticateRequest>,
) -> AppResult<Json<SecurityOverview>> {
    let db = &state.db;
    let user = &current.user;
    crate::domain::accounts::check_current_password(&state, user, &req.password, &client).await?;
    if db.two_step_enabled(db.pool(), &user.id).await? {
        let code = req.code.as_deref().unwrap_or("").trim();
        if code.is_empty() {
            return Err(AppError::WrongCode);
        }
        // Six digits are a code of the app; anything else is tried as a recovery code.
        let method = if code.chars().filter(|c| !c.is_whitespace()).count() == 6 {
            SecondFactor::Totp
        } else {
            SecondFactor::RecoveryCode
        };
        verify_second_factor(&state, &user.id, method, code, &client).await?;
    }
    let now = state.clock.unix();
    db.reauthenticated(&current.session_hash, now).await?;
    current.authenticated_at = now;
    overview_of(&state, &current).await.map(Json)
}

/// Start setting up an authenticator app: a new secret and its QR code. Nothing changes until
/// a code of the app confirms it (`POST /me/totp/confirm`). Needs a fresh sign-in.
#[utoipa::path(post, path = "/me/totp/setup", tag = "security", request_body = Empty,
    responses((status = 200, body = TotpSetup), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn start_totp(
    State(state): State<AppState>,
    current: CurrentUser,
    _body: ApiJson<Empty>,
) -> AppResult<Json<TotpSetup>> {
    require_fresh(&state, &current)?;
    let secret = two_step::new_secret();
    if !state.db.start_totp_setup(&current.user.id, &secret, state.clock.unix()).await? {
        return Err(AppError::Conflict(ErrorCode::TwoStepState));
    }
    let uri = two_step::otpauth_uri("Seatwise", &current.user.email, &secret);
    let (qr_size, qr_path) = two_step::qr_path(&uri).ok_or_else(|| anyhow::anyhow!("the otpauth URI does not fit a QR code"))?;
    Ok(Json(TotpSetup { secret, uri, qr_size, qr_path }))
}

/// Finish the setup with a code of the app: 2-step verification is on, and the answer holds
/// ten recovery codes, shown only now. Needs a fresh sign-in.
#[utoipa::path(post, path = "/me/totp/confirm", tag = "security", request_body = ConfirmTotpRequest,
    responses((status = 200, body = RecoveryCodes), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn confirm_totp(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<ConfirmTotpRequest>,
) -> AppResult<Json<RecoveryCodes>> {
    require_fresh(&state, &current)?;
    let db = &state.db;
    let user = &current.user;
    let Some(pending) = db.totp_of(db.pool(), &user.id).await?.filter(|t| t.enabled_at.is_none()) else {
        return Err(AppError::Conflict(ErrorCode::TwoStepState));
    };
    let now = state.clock.unix();
    let attempt = CodeAttempt::begin(&state, &user.id).await?;
    let Some(step) = two_step::check_code(&pending.secret, &req.code, now) else {
        return Err(attempt.failed(&state).await?);
    };
    attempt.succeeded(&state).await?;
    let mut tx = db.begin().await?;
    if !db.enable_totp(&mut *tx, &user.id, now).await? || !db.use_totp_step(&mut *tx, &user.id, step).await? {
        return Err(AppError::Conflict(ErrorCode::TwoStepState));
    }
    let codes = replace_recovery_codes(&state, &mut tx, user, now).await?;
    // Browsers remembered before had no second step to remember.
    db.forget_browsers(&mut *tx, &user.id).await?;
    let m = Mail::TwoStepEnabled { link: state.settings.link(SECURITY_PAGE) };
    mail::queue(db, &mut tx, &m, &recipient(user), now).await?;
    security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::TwoStepEnabled, &client).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(Json(RecoveryCodes { codes }))
}

async fn replace_recovery_codes(
    state: &AppState,
    tx: &mut crate::store::Tx,
    user: &UserRow,
    now: i64,
) -> AppResult<Vec<String>> {
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| two_step::new_recovery_code()).collect();
    let hashes: Vec<String> = codes
        .iter()
        .filter_map(|c| two_step::normalise_recovery_code(c))
        .map(|c| two_step::recovery_code_hash(&user.id, &c))
        .collect();
    state.db.replace_recovery_codes(tx, &user.id, &hashes, now).await?;
    Ok(codes)
}

/// Turn 2-step verification off: the app's secret, the recovery codes and the remembered
/// browsers are removed. Needs a fresh sign-in. 403 for vendor staff and for members of an
/// account that requires it.
#[utoipa::path(delete, path = "/me/totp", tag = "security",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn disable_two_step(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
) -> AppResult<StatusCode> {
    require_fresh(&state, &current)?;
    let db = &state.db;
    let user = &current.user;
    // Read, then written: on SQLite the write lock is taken first.
    let mut tx = db.begin().await?;
    if !db.two_step_enabled(&mut *tx, &user.id).await? {
        return Err(AppError::Conflict(ErrorCode::TwoStepState));
    }
    // Vendor staff, and members of an account that requires it, keep it on.
    if db.two_step_required(&mut *tx, &user.id).await? {
        return Err(AppError::Forbidden);
    }
    db.remove_two_step(&mut tx, &user.id).await?;
    let now = state.clock.unix();
    let m = Mail::TwoStepDisabled { link: state.settings.link(SECURITY_PAGE) };
    mail::queue(db, &mut tx, &m, &recipient(user), now).await?;
    security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::TwoStepDisabled, &client).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(StatusCode::NO_CONTENT)
}

/// Make ten new recovery codes; the old ones stop working. Needs a fresh sign-in.
#[utoipa::path(post, path = "/me/recovery-codes", tag = "security", request_body = Empty,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn new_recovery_codes(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    _body: ApiJson<Empty>,
) -> AppResult<Json<RecoveryCodes>> {
    require_fresh(&state, &current)?;
    let db = &state.db;
    let user = &current.user;
    let now = state.clock.unix();
    // Read, then written: on SQLite the write lock is taken first.
    let mut tx = db.begin().await?;
    if !db.two_step_enabled(&mut *tx, &user.id).await? {
        return Err(AppError::Conflict(ErrorCode::TwoStepState));
    }
    let codes = replace_recovery_codes(&state, &mut tx, user, now).await?;
    let m = Mail::RecoveryCodesGenerated { link: state.settings.link(SECURITY_PAGE) };
    mail::queue(db, &mut tx, &m, &recipient(user), now).await?;
    security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::RecoveryCodesGenerated, &client).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(Json(RecoveryCodes { codes }))
}

/// The person's live sessions, newest first, with the browser and system their user agent
/// names.
#[utoipa::path(get, path = "/me/sessions", tag = "security",
    responses((status = 200, body = SessionList), (status = 401, body = ErrorBody)))]
pub async fn list_sessions(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<SessionList>> {
    Ok(Json(SessionList { sessions: sessions_of(&state, &current).await? }))
}

/// The person's live sessions, newest first.
pub async fn sessions_of(state: &AppState, current: &CurrentUser) -> AppResult<Vec<SessionInfo>> {
    let now = state.clock.unix();
    let s = &state.settings;
    let rows = state
        .db
        .user_sessions(&current.user.id, now - s.session_idle.as_secs() as i64, now - s.session_absolute.as_secs() as i64)
        .await?;
    let sessions = rows
        .into_iter()
        .map(|r| {
            let (browser, os) = two_step::describe_user_agent(&r.user_agent);
            SessionInfo {
                current: r.token_hash == current.session_hash,
                id: r.id,
                browser,
                os,
                ip: r.ip,
                method: SignInMethod::parse(&r.method).unwrap_or(SignInMethod::Unknown),
                created_at: rfc3339(r.created_at),
                last_seen_at: rfc3339(r.last_seen_at),
            }
        })
        .collect();
    Ok(sessions)
}

/// End one of the person's sessions (this one too: that is signing out).
#[utoipa::path(delete, path = "/me/sessions/{id}", tag = "security", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn end_session(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(id): ApiPath<String>,
) -> AppResult<StatusCode> {
    let mut tx = state.db.begin().await?;
    if !state.db.delete_session_by_id(&mut *tx, &current.user.id, &id).await? {
        return Err(AppError::NotFound);
    }
    security::record(&state, &mut *tx, Some(&current.user.id), "", SecurityEventKind::SessionEnded, &client).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End every session of the person but this one.
#[utoipa::path(post, path = "/me/sessions/sign-out-others", tag = "security", request_body = Empty,
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn end_other_sessions(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    _body: ApiJson<Empty>,
) -> AppResult<StatusCode> {
    let mut tx = state.db.begin().await?;
    state.db.delete_user_sessions(&mut *tx, &current.user.id, Some(&current.session_hash)).await?;
    security::record(&state, &mut *tx, Some(&current.user.id), "", SecurityEventKind::SignedOutOthers, &client).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete the signed-in person's account for good, with the email address typed again and a
/// fresh sign-in. A contract manager must hand the role over first (409
/// `primary_admin_required`); vendor staff accounts are the operator's to remove (403). In one
/// transaction: memberships end (their seats are freed), sessions, factors and personal data go,
/// the activity log and licence requests keep their entries under a pseudonym; a last mail
/// confirms it to the old address.
#[utoipa::path(post, path = "/me/delete", tag = "security", request_body = DeleteAccountRequest,
    responses((status = 204, description = "Deleted; the session cookie is cleared"), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn delete_account(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(req): ApiJson<DeleteAccountRequest>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let user = &current.user;
    if !req.email.trim().eq_ignore_ascii_case(&user.email) {
        return Err(AppError::field("email", FieldErrorCode::Mismatch));
    }
    let db = &state.db;
    let now = state.clock.unix();
    let mut tx = db.begin().await?;
    // Said before the password is asked for again: it cannot be done yet anyway.
    if !db.primary_admin_accounts(&mut tx, &user.id).await?.is_empty() {
        return Err(AppError::Conflict(ErrorCode::PrimaryAdminRequired));
    }
    // Vendor staff accounts belong to the operator, who grants (and takes back) the back
    // office: a staff member deleting the account could leave the vendor without one.
    if user.is_vendor_staff != 0 {
        return Err(AppError::Forbidden);
    }
    require_fresh(&state, &current)?;
    let pseudonym = format!("deleted-person-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let full_name = format!("{} {}", user.first_name, user.last_name);
    db.erase_user(&mut tx, &user.id, &user.email, &full_name, &pseudonym, now).await?;
    mail::queue(db, &mut tx, &Mail::AccountDeleted, &recipient(user), now).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    tracing::info!(pseudonym, "account deleted");
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().append(axum::http::header::SET_COOKIE, super::auth::clear_session_cookie(&state));
    Ok(res)
}

/// Change the email address: the password, then a link to the new address confirms it (24
/// hours). Until then sign-in stays with the old address. The answer is 202 whether or not the
/// new address belongs to someone else: that shows only when the link is used.
#[utoipa::path(post, path = "/me/email", tag = "security", request_body = ChangeEmailRequest,
    responses((status = 202, body = seatwise_api::Accepted), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn change_email(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<ChangeEmailRequest>,
) -> AppResult<(StatusCode, Json<seatwise_api::Accepted>)> {
    let accepted = || (StatusCode::ACCEPTED, Json(seatwise_api::Accepted { status: "accepted".into() }));
    let new = crate::domain::Email::parse(&req.new_email).map_err(|e| AppError::field("new_email", e))?;
    let user = &current.user;
    crate::domain::accounts::check_current_password(&state, user, &req.password, &client).await?;
    if new.as_str() == user.email {
        return Ok(accepted());
    }
    let db = &state.db;
    let now = state.clock.unix();
    if !db.rate_hit(&format!("email-change:{}", user.id), now, 3600, 3).await? {
        return Err(AppError::RateLimited { retry_after: 3600 });
    }
    let token = crate::domain::secret::new_token();
    let mut tx = db.begin().await?;
    db.insert_email_change(&mut tx, &crate::domain::secret::token_hash(&token), &user.id, &user.email, new.as_str(), now,
        now + EMAIL_CHANGE_HOURS * 3600).await?;
    let m = Mail::ConfirmEmailChange {
        link: state.settings.link(&format!("/confirm-email-change?token={token}")),
        hours: EMAIL_CHANGE_HOURS as u64,
    };
    let mut to = recipient(user);
    to.email = new.as_str().to_string();
    mail::queue(db, &mut tx, &m, &to, now).await?;
    security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::EmailChangeRequested, &client).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(accepted())
}

/// Set the username people may sign in with (3 to 32 of `a-z 0-9 . _ -`, starting with a
/// letter, any case), or clear it with `null` or "". 409 `taken` when someone has it.
#[utoipa::path(put, path = "/me/username", tag = "security", request_body = SetUsernameRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn set_username(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<SetUsernameRequest>,
) -> AppResult<Json<Me>> {
    let wanted = match req.username.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
        Some(u) => Some(crate::domain::Username::parse(u).map_err(|e| AppError::field("username", e))?),
        None => None,
    };
    let db = &state.db;
    let user = &current.user;
    let now = state.clock.unix();
    if user.username.as_deref() != wanted.as_ref().map(|u| u.as_str()) {
        if !db.set_username(&user.id, wanted.as_ref().map(|u| u.as_str()), now).await? {
            return Err(AppError::Conflict(ErrorCode::Taken));
        }
        security::record(&state, db.pool(), Some(&user.id), "", SecurityEventKind::UsernameChanged, &client).await?;
    }
    let user = db.user_by_id(db.pool(), &user.id).await?.ok_or(AppError::Unauthenticated)?;
    Ok(Json(crate::domain::accounts::to_me(&user)))
}

/// Add a phone for codes by text message, a further second factor beside the authenticator
/// app (never the only one: 2-step verification must be on, 409 `two_step_state` otherwise, as
/// while a confirmed phone is there). A code goes to the phone; `POST /me/phone/confirm` with
/// it finishes. Needs a fresh sign-in; at most 5 texts an hour (429). 404 when this portal
/// sends no text messages.
#[utoipa::path(post, path = "/me/phone", tag = "security", request_body = SetPhoneRequest,
    responses((status = 202, body = TextSent), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn add_phone(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(req): ApiJson<SetPhoneRequest>,
) -> AppResult<(StatusCode, Json<TextSent>)> {
    let phone = Phone::parse(&req.phone).map_err(|e| AppError::field("phone", e))?;
    require_fresh(&state, &current)?;
    let db = &state.db;
    let user = &current.user;
    if !state.settings.text_messages_available() {
        return Err(AppError::NotFound);
    }
    // Read, then written: on SQLite the write lock is taken first.
    let mut tx = db.begin().await?;
    if !db.two_step_enabled(&mut *tx, &user.id).await?
        || !db.set_unconfirmed_phone(&mut tx, &user.id, phone.as_str(), state.clock.unix()).await?
    {
        return Err(AppError::Conflict(ErrorCode::TwoStepState));
    }
    tx.commit().await?;
    let sent = send_code_by_text(&state, user, Purpose::Confirm, phone.as_str()).await?;
    Ok((StatusCode::ACCEPTED, Json(sent)))
}

/// Confirm the phone with the code the text message brought: sign-in may now use codes by
/// text message. Wrong codes are throttled like the app's.
#[utoipa::path(post, path = "/me/phone/confirm", tag = "security", request_body = ConfirmPhoneRequest,
    responses((status = 200, body = SecurityOverview), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn confirm_phone(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<ConfirmPhoneRequest>,
) -> AppResult<Json<SecurityOverview>> {
    require_fresh(&state, &current)?;
    let db = &state.db;
    let user = &current.user;
    let Some(pending) = db.phone_of(db.pool(), &user.id).await?.filter(|p| p.verified_at.is_none()) else {
        return Err(AppError::Conflict(ErrorCode::TwoStepState));
    };
    let now = state.clock.unix();
    let attempt = CodeAttempt::begin(&state, &user.id).await?;
    let mut tx = db.begin().await?;
    let hash = text_codes::normalise_code(&req.code).map(|c| text_codes::code_hash(&user.id, Purpose::Confirm, &c));
    let taken = match &hash {
        Some(h) => db.take_text_code(&mut *tx, &user.id, Purpose::Confirm, h, now).await?,
        None => false,
    };
    if !taken {
        drop(tx);
        return Err(attempt.failed(&state).await?);
    }
    if !db.confirm_phone(&mut tx, &user.id, now).await? {
        return Err(AppError::Conflict(ErrorCode::TwoStepState));
    }
    let m = Mail::PhoneAdded { phone: text_codes::mask(&pending.phone), link: state.settings.link(SECURITY_PAGE) };
    mail::queue(db, &mut tx, &m, &recipient(user), now).await?;
    security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::PhoneAdded, &client).await?;
    tx.commit().await?;
    attempt.succeeded(&state).await?;
    state.mail_wake.notify_one();
    overview_of(&state, &current).await.map(Json)
}

/// Remove the phone for codes by text message (or give up one not yet confirmed). Needs a
/// fresh sign-in; 409 `two_step_state` when there is none.
#[utoipa::path(delete, path = "/me/phone", tag = "security",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn remove_phone(State(state): State<AppState>, current: CurrentUser, client: ClientInfo) -> AppResult<StatusCode> {
    require_fresh(&state, &current)?;
    let db = &state.db;
    let user = &current.user;
    // Read, then written: on SQLite the write lock is taken first.
    let mut tx = db.begin().await?;
    let Some(phone) = db.phone_of(&mut *tx, &user.id).await? else {
        return Err(AppError::Conflict(ErrorCode::TwoStepState));
    };
    db.remove_phone(&mut tx, &user.id).await?;
    if phone.verified_at.is_some() {
        let now = state.clock.unix();
        let m = Mail::PhoneRemoved { phone: text_codes::mask(&phone.phone), link: state.settings.link(SECURITY_PAGE) };
        mail::queue(db, &mut tx, &m, &recipient(user), now).await?;
        security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::PhoneRemoved, &client).await?;
    }
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(StatusCode::NO_CONTENT)
}
