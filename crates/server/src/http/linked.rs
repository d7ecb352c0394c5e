//! Linked accounts (OpenID Connect): signing in with an account at a provider, linking and
//! unlinking one on the security page. The trips to the provider are browser navigations:
//! these endpoints answer with redirects, to the provider and back into the app.

use axum::{
    extract::State,
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use std::collections::BTreeMap;

use seatwise_api::{
    ErrorBody, ErrorCode, LinkedAccount, LinkedAccountList, LinkedSignUpRequest, Me, PendingLink, SecurityEventKind,
    SignInMethod, SignInProvider, SignInProviders,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    auth::{limit_sign_ups, start_session, strict_cookie, ProfileForm},
    extract::{cookie, ApiJson, ApiPath, ApiQuery, ClientInfo, CurrentUser, Empty},
    security::require_fresh,
};
use crate::{
    clock::rfc3339,
    domain::{
        accounts::{self, recipient},
        factors::SECURITY_PAGE,
        linked::FLOW_MINUTES,
        secret::{new_token, token_hash},
        security,
        two_step::CHALLENGE_SECONDS,
        Email,
    },
    error::{AppError, AppResult},
    mail::{self, Mail},
    state::AppState,
    store::{
        linked::{LinkedRow, PendingRow},
        users::UserRow,
        Tx,
    },
};

/// The cookie that ties a trip to the provider to the browser that started it (Lax: the way
/// back from the provider is a cross-site navigation).
const FLOW_COOKIE: &str = "seatwise_oidc";

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sign_in_providers))
        .routes(routes!(start_sign_in))
        .routes(routes!(start_link))
        .routes(routes!(callback))
        .routes(routes!(pending))
        .routes(routes!(link_pending))
        .routes(routes!(sign_up_pending))
        .routes(routes!(linked_accounts))
        .routes(routes!(unlink))
}

fn see_other(location: &str, cookies: Vec<HeaderValue>) -> Response {
    let mut res = (StatusCode::SEE_OTHER, [(header::LOCATION, location.to_string())]).into_response();
    for c in cookies {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

fn flow_cookie(state: &AppState, token: &str, max_age: i64) -> HeaderValue {
    let secure = if state.settings.cookie_secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{FLOW_COOKIE}={token}; HttpOnly; SameSite=Lax; Path=/api/v1/auth/oidc; Max-Age={max_age}{secure}"))
        .expect("cookie is ASCII")
}

/// A return address inside the app (as the web app accepts them), else the start page.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

/// Sends the browser to the provider, keeping what the way back needs.
async fn go_to_provider(state: &AppState, provider: &str, purpose: &str, user_id: Option<&str>, next: &str) -> AppResult<Response> {
    let now = state.clock.unix();
    let (url, pending) = state.oidc.start(provider, now).await?;
    let browser = new_token();
    state
        .db
        .insert_oidc_flow(
            &token_hash(&pending.state),
            &token_hash(&browser),
            provider,
            purpose,
            user_id,
            &pending.nonce,
            &pending.pkce_verifier,
            next,
            now + FLOW_MINUTES * 60,
        )
        .await?;
    Ok(see_other(url.as_str(), vec![flow_cookie(state, &browser, FLOW_MINUTES * 60)]))
}

/// The providers people can sign in with.
#[utoipa::path(get, path = "/auth/providers", tag = "auth", responses((status = 200, body = SignInProviders)))]
pub async fn sign_in_providers(State(state): State<AppState>) -> Json<SignInProviders> {
    Json(SignInProviders { providers: providers(&state) })
}

fn providers(state: &AppState) -> Vec<SignInProvider> {
    state.oidc.providers().iter().map(|p| SignInProvider { id: p.id.clone(), name: p.name.clone() }).collect()
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct StartQuery {
    /// Where the app goes once signed in (an app path).
    pub next: Option<String>,
}

/// Sign in with an account at a provider (a browser navigation): 303 to the provider. The way
/// back (`/auth/oidc/callback`) signs in the person whose linked account it is.
#[utoipa::path(get, path = "/auth/oidc/{provider}/start", tag = "auth", params(("provider" = String, Path), StartQuery),
    responses((status = 303, description = "To the provider"), (status = 404, body = ErrorBody)))]
pub async fn start_sign_in(
    State(state): State<AppState>,
    ApiPath(provider): ApiPath<String>,
    ApiQuery(q): ApiQuery<StartQuery>,
) -> AppResult<Response> {
    go_to_provider(&state, &provider, "sign_in", None, &safe_next(q.next.as_deref())).await
}

/// Link an account at a provider to the signed-in person (a browser navigation from the
/// security page): 303 to the provider, or back to `/security?link_error=reauthenticate` when
/// the sign-in is not fresh.
#[utoipa::path(get, path = "/me/linked-accounts/{provider}/start", tag = "security", params(("provider" = String, Path)),
    responses((status = 303, description = "To the provider, or back to the security page"), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn start_link(State(state): State<AppState>, current: CurrentUser, ApiPath(provider): ApiPath<String>) -> AppResult<Response> {
    if require_fresh(&state, &current).is_err() {
        return Ok(see_other(&format!("{SECURITY_PAGE}?link_error=reauthenticate"), vec![]));
    }
    go_to_provider(&state, &provider, "link", Some(&current.user.id), SECURITY_PAGE).await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

/// The way back from a provider (its redirect URI, registered as
/// `{public_url}/api/v1/auth/oidc/callback`). Always a 303 into the app: signed in (or on to
/// the second step), linked, or the page of the trip with why it failed (`cancelled`,
/// `expired`, `failed`, `not_linked`, `taken`).
#[utoipa::path(get, path = "/auth/oidc/callback", tag = "auth", params(CallbackQuery),
    responses((status = 303, description = "Into the app")))]
pub async fn callback(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiQuery(q): ApiQuery<CallbackQuery>,
) -> AppResult<Response> {
    let clear = flow_cookie(&state, "", 0);
    let sign_in_failed = |why: &str| see_other(&format!("/sign-in-passkey?step=1&linked={why}"), vec![flow_cookie(&state, "", 0)]);
    let flow = match &q.state {
        Some(s) => state.db.take_oidc_flow(&token_hash(s)).await?,
        None => None,
    };
    // Another browser's trip (a link sent to someone) is not finished here.
    let flow = flow.filter(|f| cookie(&headers, FLOW_COOKIE).is_some_and(|c| token_hash(c) == f.browser_hash));
    let Some(flow) = flow else {
        return Ok(sign_in_failed(if q.error.is_some() { "cancelled" } else { "expired" }));
    };
    let failed = |why: &str| match flow.purpose.as_str() {
        "link" => see_other(&format!("{SECURITY_PAGE}?link_error={why}"), vec![flow_cookie(&state, "", 0)]),
        _ => sign_in_failed(why),
    };
    let now = state.clock.unix();
    if q.error.is_some() {
        return Ok(failed("cancelled"));
    }
    let (Some(code), true) = (q.code.clone(), flow.expires_at > now) else {
        return Ok(failed("expired"));
    };
    let identity = match state.oidc.finish(&flow.provider, now, flow.nonce.clone(), flow.pkce_verifier.clone(), code).await {
        Ok(identity) => identity,
        Err(AppError::Internal(e)) => {
            tracing::warn!(provider = %flow.provider, error = %e, "linked account: the provider could not be reached");
            return Ok(failed("failed"));
        }
        Err(_) => return Ok(failed("failed")),
    };
    let email = identity.email.clone().unwrap_or_default();
    match (flow.purpose.as_str(), flow.user_id.as_deref()) {
        ("link", Some(user_id)) => {
            let Some(user) = state.db.user_by_id(state.db.pool(), user_id).await? else {
                return Ok(failed("expired"));
            };
            let mut tx = state.db.begin().await?;
            if !link_identity(&state, &mut tx, &user, &flow.provider, &identity.issuer, &identity.subject, &email, &client).await? {
                return Ok(failed("taken"));
            }
            tx.commit().await?;
            state.mail_wake.notify_one();
            Ok(see_other(&format!("{SECURITY_PAGE}?linked={}", flow.provider), vec![clear]))
        }
        ("sign_in", None) => {
            let mut linked = state.db.linked_identity(&identity.issuer, &identity.subject).await?;
            // A person the company's directory added, in an account that signs its people in
            // with linked accounts, has no password yet: the provider's verified address
            // links them at their first sign-in.
            if linked.is_none() && identity.email_verified {
                if let Ok(address) = Email::parse(&email) {
                    if let Some(user) = state.db.user_by_email(address.as_str()).await? {
                        if user.password_hash.is_empty() && state.db.directory_linked_member(&user.id).await? {
                            let mut tx = state.db.begin().await?;
                            if link_identity(&state, &mut tx, &user, &flow.provider, &identity.issuer, &identity.subject, &email, &client).await? {
                                tx.commit().await?;
                                state.mail_wake.notify_one();
                                linked = state.db.linked_identity(&identity.issuer, &identity.subject).await?;
                            }
                        }
                    }
                }
            }
            let Some(linked) = linked else {
                // The first time: the person links it to their account or signs up with it.
                let token = new_token();
                let pending = PendingRow {
                    provider: flow.provider.clone(),
                    issuer: identity.issuer,
                    subject: identity.subject,
                    email,
                    email_verified: i64::from(identity.email_verified),
                    first_name: identity.given_name.unwrap_or_default(),
                    last_name: identity.family_name.unwrap_or_default(),
                    expires_at: now + FLOW_MINUTES * 60,
                };
                state.db.insert_oidc_pending(&token_hash(&token), &pending).await?;
                let cookie = pending_cookie(&state, &token, FLOW_MINUTES * 60);
                let next = urlencode(&flow.next);
                return Ok(see_other(&format!("/sign-in-passkey?step=1&linked=new&next={next}"), vec![cookie, clear]));
            };
            let user = state
                .db
                .user_by_id(state.db.pool(), &linked.user_id)
                .await?
                .filter(|u| u.password_hash != crate::store::users::LOCKED_PASSWORD);
            let Some(user) = user else {
                return Ok(failed("not_linked"));
            };
            state.db.linked_identity_used(&linked.id, &email, now).await?;
            // With 2-step verification, the provider stands in for the password: the second
            // step follows (a remembered browser's cookie is Strict, so it does not come along
            // on the way back from the provider).
            if state.db.two_step_enabled(state.db.pool(), &user.id).await? {
                let token = new_token();
                state.db.insert_challenge(&token_hash(&token), &user.id, now, now + CHALLENGE_SECONDS).await?;
                let challenge = strict_cookie(&state, state.settings.challenge_cookie_name(), &token, CHALLENGE_SECONDS as u64);
                let next = urlencode(&flow.next);
                return Ok(see_other(&format!("/two-step?next={next}"), vec![challenge, clear]));
            }
            let session = start_session(&state, &user, SignInMethod::LinkedAccount, &client).await?;
            Ok(see_other(&flow.next, vec![session, clear]))
        }
        _ => Ok(failed("failed")),
    }
}

/// Links an identity to the person (in `tx`, with the mail and the log entry); false when it is
/// linked already (to anyone).
#[allow(clippy::too_many_arguments)]
async fn link_identity(
    state: &AppState,
    tx: &mut Tx,
    user: &UserRow,
    provider: &str,
    issuer: &str,
    subject: &str,
    email: &str,
    client: &ClientInfo,
) -> AppResult<bool> {
    let now = state.clock.unix();
    let row = LinkedRow {
        id: uuid::Uuid::now_v7().to_string(),
        user_id: user.id.clone(),
        provider: provider.to_string(),
        issuer: issuer.to_string(),
        subject: subject.to_string(),
        email: email.to_string(),
        created_at: now,
        last_used_at: None,
    };
    if !state.db.insert_linked_identity(tx, &row).await? {
        return Ok(false);
    }
    let m = Mail::AccountLinked { provider: provider_name(state, provider), link: state.settings.link(SECURITY_PAGE) };
    mail::queue(&state.db, tx, &m, &recipient(user), now).await?;
    security::record(state, &mut **tx, Some(&user.id), "", SecurityEventKind::AccountLinked, client).await?;
    Ok(true)
}

fn provider_name(state: &AppState, id: &str) -> String {
    state.oidc.provider(id).map(|p| p.name.clone()).unwrap_or_else(|| id.to_string())
}

/// The cookie that holds a first sign-in's identity until it is linked or signed up with.
const PENDING_COOKIE: &str = "seatwise_oidc_pending";

fn pending_cookie(state: &AppState, token: &str, max_age: i64) -> HeaderValue {
    let secure = if state.settings.cookie_secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{PENDING_COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/api/v1/auth/oidc; Max-Age={max_age}{secure}"))
        .expect("cookie is ASCII")
}

fn pending_hash(headers: &HeaderMap) -> AppResult<String> {
    cookie(headers, PENDING_COOKIE).map(token_hash).ok_or(AppError::InvalidToken)
}

/// The first sign-in with an account at a provider that is linked to no one yet (this
/// browser's, for 10 minutes). 400 `invalid_token` when there is none.
#[utoipa::path(get, path = "/auth/oidc/pending", tag = "auth",
    responses((status = 200, body = PendingLink), (status = 400, body = ErrorBody)))]
pub async fn pending(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Json<PendingLink>> {
    let row = state.db.oidc_pending(&pending_hash(&headers)?, state.clock.unix()).await?.ok_or(AppError::InvalidToken)?;
    let verified = row.email_verified == 1 && !row.email.is_empty();
    // Only the owner of the address learns whether it has an account: the provider vouched.
    let account_exists = match Email::parse(&row.email) {
        Ok(email) if verified => state.db.user_by_email(email.as_str()).await?.is_some(),
        _ => false,
    };
    Ok(Json(PendingLink {
        provider_name: provider_name(&state, &row.provider),
        provider: row.provider,
        email: row.email,
        email_verified: verified,
        account_exists,
        first_name: row.first_name,
        last_name: row.last_name,
    }))
}

/// Link the pending account at a provider to the signed-in person (who just signed in to
/// confirm it is theirs: a fresh sign-in is needed). 409 `taken` when someone linked it since.
#[utoipa::path(post, path = "/auth/oidc/pending/link", tag = "security", request_body = Empty,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn link_pending(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    headers: HeaderMap,
    _body: ApiJson<Empty>,
) -> AppResult<Response> {
    require_fresh(&state, &current)?;
    let hash = pending_hash(&headers)?;
    let mut tx = state.db.begin().await?;
    let row = state.db.take_oidc_pending(&mut tx, &hash, state.clock.unix()).await?.ok_or(AppError::InvalidToken)?;
    if !link_identity(&state, &mut tx, &current.user, &row.provider, &row.issuer, &row.subject, &row.email, &client).await? {
        return Err(AppError::Conflict(ErrorCode::Taken));
    }
    tx.commit().await?;
    state.mail_wake.notify_one();
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut().append(header::SET_COOKIE, pending_cookie(&state, "", 0));
    Ok(res)
}

/// Start a Seatwise account with the pending account at a provider, which vouched for its
/// address (no password: it signs in through the provider). Signs in. 409 `taken` when the
/// address has an account (sign in to it and link instead) or the provider did not vouch for
/// it.
#[utoipa::path(post, path = "/auth/oidc/pending/sign-up", tag = "auth", request_body = LinkedSignUpRequest,
    responses((status = 200, body = Me, description = "Signed in; the session cookie is set"), (status = 400, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn sign_up_pending(
    State(state): State<AppState>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LinkedSignUpRequest>,
) -> AppResult<Response> {
    let mut fields = BTreeMap::new();
    let form = ProfileForm {
        first_name: &req.first_name,
        last_name: &req.last_name,
        country: &req.country,
        locale: req.locale.as_deref(),
        privacy_consent: req.privacy_consent,
    };
    let Some(profile) = form.parse(&headers, &mut fields) else {
        return Err(AppError::Validation(fields));
    };
    let hash = pending_hash(&headers)?;
    limit_sign_ups(&state, &client).await?;
    let now = state.clock.unix();
    // All or nothing: a failure leaves the pending identity for another try.
    let mut tx = state.db.begin().await?;
    let row = state.db.take_oidc_pending(&mut tx, &hash, now).await?.ok_or(AppError::InvalidToken)?;
    let email = Email::parse(&row.email).ok().filter(|_| row.email_verified == 1).ok_or(AppError::Conflict(ErrorCode::Taken))?;
    if state.db.user_by_email(email.as_str()).await?.is_some() {
        return Err(AppError::Conflict(ErrorCode::Taken));
    }
    let new = accounts::new_user(&state, &email, String::new(), profile, true, now);
    if let Err(e) = state.db.insert_user(&mut *tx, &new).await {
        return Err(match crate::store::is_unique_violation(&e) {
            true => AppError::Conflict(ErrorCode::Taken),
            false => e.into(),
        });
    }
    let user = state.db.user_by_id(&mut *tx, &new.id).await?.ok_or(AppError::NotFound)?;
    if !link_identity(&state, &mut tx, &user, &row.provider, &row.issuer, &row.subject, &row.email, &client).await? {
        return Err(AppError::Conflict(ErrorCode::Taken));
    }
    tx.commit().await?;
    state.mail_wake.notify_one();
    tracing::info!(provider = %row.provider, "sign-up through a linked account");
    let session = start_session(&state, &user, SignInMethod::LinkedAccount, &client).await?;
    let mut res = Json::<Me>(accounts::to_me(&user)).into_response();
    res.headers_mut().append(header::SET_COOKIE, session);
    res.headers_mut().append(header::SET_COOKIE, pending_cookie(&state, "", 0));
    Ok(res)
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn to_api(state: &AppState, row: &LinkedRow) -> LinkedAccount {
    LinkedAccount {
        id: row.id.clone(),
        provider: row.provider.clone(),
        provider_name: state.oidc.provider(&row.provider).map(|p| p.name.clone()).unwrap_or_else(|| row.provider.clone()),
        email: row.email.clone(),
        created_at: rfc3339(row.created_at),
        last_used_at: row.last_used_at.map(rfc3339),
    }
}

/// The person's linked accounts, and the providers they can link.
#[utoipa::path(get, path = "/me/linked-accounts", tag = "security",
    responses((status = 200, body = LinkedAccountList), (status = 401, body = ErrorBody)))]
pub async fn linked_accounts(State(state): State<AppState>, current: CurrentUser) -> AppResult<Json<LinkedAccountList>> {
    let rows = state.db.linked_identities_of(state.db.pool(), &current.user.id).await?;
    Ok(Json(LinkedAccountList { accounts: rows.iter().map(|r| to_api(&state, r)).collect(), providers: providers(&state) }))
}

/// Unlink an account: it no longer signs in. Needs a fresh sign-in; 409 `last_sign_in_method`
/// when nothing else would be left to sign in with (no password, passkey or other link).
#[utoipa::path(delete, path = "/me/linked-accounts/{id}", tag = "security", params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
pub async fn unlink(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(id): ApiPath<String>,
) -> AppResult<StatusCode> {
    require_fresh(&state, &current)?;
    let db = &state.db;
    let user = &current.user;
    let mut tx = db.begin().await?;
    let provider = db.delete_linked_identity(&mut tx, &user.id, &id).await?.ok_or(AppError::NotFound)?;
    let has_password = !user.password_hash.is_empty() && user.password_hash != crate::store::users::LOCKED_PASSWORD;
    let others = db.linked_identities_of(&mut *tx, &user.id).await?.len();
    let passkeys = db.passkey_count(&mut *tx, &user.id).await?;
    if !has_password && others == 0 && passkeys == 0 {
        return Err(AppError::Conflict(ErrorCode::LastSignInMethod));
    }
    let name = state.oidc.provider(&provider).map(|p| p.name.clone()).unwrap_or(provider);
    let m = Mail::AccountUnlinked { provider: name, link: state.settings.link(SECURITY_PAGE) };
    mail::queue(db, &mut tx, &m, &recipient(user), state.clock.unix()).await?;
    security::record(&state, &mut *tx, Some(&user.id), "", SecurityEventKind::AccountUnlinked, &client).await?;
    tx.commit().await?;
    state.mail_wake.notify_one();
    Ok(StatusCode::NO_CONTENT)
}
