//! Inviting people to an account, and accepting an invitation.

use std::collections::BTreeMap;

use axum::{
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use seatwise_api::{
    AcceptInvitationRequest, ErrorBody, FieldErrorCode, Invitation, InvitationAccepted, InvitationInfo, InvitationList,
    InvitationToken, InviteRequest, MemberRole,
};
use serde_json::json;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::{
    auth::{request_locale, start_session},
    extract::{ApiJson, ApiPath, ClientInfo, CurrentUser, Empty},
};
use crate::{
    domain::{
        accounts::to_me,
        invitations::{self, to_invitation, NewInvitation, NewPerson},
        membership::Actor,
        secret::token_hash,
        Country, Email, Locale, Password, PersonName,
    },
    error::{AppError, AppResult},
    state::AppState,
};

/// Most people one request may invite.
pub const MAX_INVITES: usize = 500;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_invitations, create_invitations))
        .routes(routes!(resend_invitation))
        .routes(routes!(revoke_invitation))
        .routes(routes!(lookup_invitation))
        .routes(routes!(accept_invitation))
}

/// The account's invitations, newest first.
#[utoipa::path(get, path = "/accounts/{account}/invitations", tag = "accounts", params(("account" = String, Path)),
    responses((status = 200, body = InvitationList), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_invitations(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath(account): ApiPath<String>,
) -> AppResult<Json<InvitationList>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    let now = state.clock.unix();
    let rows = state.db.invitations(&account).await?;
    Ok(Json(InvitationList { invitations: rows.iter().map(|r| to_invitation(r, now)).collect() }))
}

/// Invite one or several people. Every row is checked first; one bad row invites nobody and
/// the answer names the row (`invitations.3.email`).
#[utoipa::path(post, path = "/accounts/{account}/invitations", tag = "accounts", params(("account" = String, Path)),
    request_body = InviteRequest,
    responses((status = 201, body = InvitationList), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_invitations(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    headers: HeaderMap,
    ApiPath(account): ApiPath<String>,
    ApiJson(req): ApiJson<InviteRequest>,
) -> AppResult<(StatusCode, Json<InvitationList>)> {
    let actor = Actor::load(&state, current.user, &account, client.ip.clone()).await?;
    actor.require_admin()?;
    if req.invitations.is_empty() {
        return Err(AppError::field("invitations", FieldErrorCode::Required));
    }
    if req.invitations.len() > MAX_INVITES {
        return Err(AppError::field("invitations", FieldErrorCode::TooLong));
    }
    let teams: Vec<String> = state.db.teams(&account).await?.into_iter().map(|t| t.id).collect();
    let locale = request_locale(&headers);
    let mut fields = BTreeMap::new();
    let mut valid = vec![];
    let mut seen = std::collections::HashSet::new();
    for (i, inv) in req.invitations.iter().enumerate() {
        let mut bad = |f: &str, e| {
            fields.insert(format!("invitations.{i}.{f}"), e);
        };
        let email = Email::parse(&inv.email).map_err(|e| bad("email", e)).ok();
        if let Some(e) = &email {
            if !seen.insert(e.as_str().to_string()) {
                bad("email", FieldErrorCode::Unknown);
            }
        }
        let first = PersonName::parse(&inv.first_name).map_err(|e| bad("first_name", e)).ok();
        let last = PersonName::parse(&inv.last_name).map_err(|e| bad("last_name", e)).ok();
        let role = inv.role.unwrap_or(MemberRole::User);
        if role == MemberRole::PrimaryAdmin {
            bad("role", FieldErrorCode::Unknown);
        }
        if let Some(t) = inv.team_id.as_ref().filter(|t| !teams.contains(t)) {
            let _ = t;
            bad("team_id", FieldErrorCode::Unknown);
        }
        let subs = state.db.subscriptions_in_account(&account, &inv.subscription_ids).await?;
        if subs.len() != inv.subscription_ids.len() {
            bad("subscription_ids", FieldErrorCode::Unknown);
        }
        if let (Some(email), Some(first_name), Some(last_name)) = (email, first, last) {
            valid.push(NewInvitation {
                email,
                first_name,
                last_name,
                role,
                team_id: inv.team_id.clone(),
                subscription_ids: subs,
                locale,
            });
        }
    }
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let now = state.clock.unix();
    invitations::take_mail_budget(&state, &account, valid.len()).await?;
    let sent = async {
        let mut tx = state.db.begin().await?;
        let mut out = vec![];
        for inv in &valid {
            let (row, _token) = invitations::invite(&state, &mut tx, &actor.account, Some(&actor.user), inv).await?;
            actor
                .record(&state, &mut tx, "invitation.sent", ("invitation", &row.id), None,
                    Some(json!({"email": row.email, "role": row.role, "team_id": row.team_id, "subscription_ids": row.products})))
                .await?;
            out.push(to_invitation(&row, now));
        }
        tx.commit().await?;
        Ok::<_, AppError>(out)
    }
    .await;
    if sent.is_err() {
        invitations::refund_mail_budget(&state, &account, valid.len()).await;
    }
    let out = sent?;
    state.mail_wake.notify_one();
    Ok((StatusCode::CREATED, Json(InvitationList { invitations: out })))
}

/// Send the invitation again with a new link and a new expiry.
#[utoipa::path(post, path = "/accounts/{account}/invitations/{invitation}/resend", tag = "accounts", request_body = Empty,
    params(("account" = String, Path), ("invitation" = String, Path)),
    responses((status = 200, body = Invitation), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn resend_invitation(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, invitation)): ApiPath<(String, String)>,
    _body: ApiJson<Empty>,
) -> AppResult<Json<Invitation>> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    // Only an invitation of this account spends anything.
    state.db.invitation(state.db.pool(), &account, &invitation).await?.ok_or(AppError::NotFound)?;
    invitations::take_resend_budget(&state, &account, &invitation).await?;
    let resent = async {
        let mut tx = state.db.begin().await?;
        let row = invitations::resend(&state, &mut tx, &actor.account, &actor.user, &invitation).await?;
        actor.record(&state, &mut tx, "invitation.resent", ("invitation", &invitation), None, Some(json!({"email": row.email}))).await?;
        tx.commit().await?;
        Ok::<_, AppError>(row)
    }
    .await;
    if resent.is_err() {
        invitations::refund_mail_budget(&state, &account, 1).await;
    }
    let row = resent?;
    state.mail_wake.notify_one();
    Ok(Json(to_invitation(&row, state.clock.unix())))
}

/// Revoke a pending invitation: its link stops working.
#[utoipa::path(post, path = "/accounts/{account}/invitations/{invitation}/revoke", tag = "accounts", request_body = Empty,
    params(("account" = String, Path), ("invitation" = String, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn revoke_invitation(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiPath((account, invitation)): ApiPath<(String, String)>,
    _body: ApiJson<Empty>,
) -> AppResult<StatusCode> {
    let actor = Actor::load(&state, current.user, &account, client.ip).await?;
    actor.require_admin()?;
    let row = state.db.invitation(state.db.pool(), &account, &invitation).await?.ok_or(AppError::NotFound)?;
    let mut tx = state.db.begin().await?;
    if !state.db.revoke_invitation(&mut *tx, &account, &invitation).await? {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::InvitationUnavailable));
    }
    actor.record(&state, &mut tx, "invitation.revoked", ("invitation", &invitation), Some(json!({"email": row.email, "status": row.status})), None).await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

/// What an invitation link is for (the holder of the link only).
#[utoipa::path(post, path = "/invitations/lookup", tag = "accounts", request_body = InvitationToken,
    responses((status = 200, body = InvitationInfo), (status = 400, body = ErrorBody)))]
pub async fn lookup_invitation(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<InvitationToken>,
) -> AppResult<Json<InvitationInfo>> {
    let now = state.clock.unix();
    let inv = state.db.open_invitation(&token_hash(req.token.trim()), now).await?.ok_or(AppError::InvalidToken)?;
    let account = state.db.account(&inv.account_id).await?.ok_or(AppError::InvalidToken)?;
    let existing = state.db.user_by_email(&inv.email).await?.is_some();
    Ok(Json(InvitationInfo {
        account_name: account.name,
        email: inv.email,
        first_name: inv.first_name,
        last_name: inv.last_name,
        existing_account: existing,
    }))
}

/// Accept an invitation: a new person gets an account (confirmed, signed in); an existing
/// account joins while signed in as the invited address.
#[utoipa::path(post, path = "/invitations/accept", tag = "accounts", request_body = AcceptInvitationRequest,
    responses((status = 200, body = InvitationAccepted), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn accept_invitation(
    State(state): State<AppState>,
    current: Option<CurrentUser>,
    client: ClientInfo,
    headers: HeaderMap,
    ApiJson(req): ApiJson<AcceptInvitationRequest>,
) -> AppResult<Response> {
    let new_person = match (&current, &req.password) {
        (None, Some(password)) => {
            let mut fields = BTreeMap::new();
            let first = PersonName::parse(req.first_name.as_deref().unwrap_or(""))
                .map_err(|e| fields.insert("first_name".to_string(), e)).ok();
            let last = PersonName::parse(req.last_name.as_deref().unwrap_or(""))
                .map_err(|e| fields.insert("last_name".to_string(), e)).ok();
            let country = Country::parse(req.country.as_deref().unwrap_or(""))
                .map_err(|e| fields.insert("country".to_string(), e)).ok();
            let password = Password::parse(password).map_err(|e| fields.insert("password".to_string(), e)).ok();
            let locale = match req.locale.as_deref() {
                Some(l) => Locale::parse(l).map_err(|e| fields.insert("locale".to_string(), e)).ok(),
                None => Some(request_locale(&headers)),
            };
            if !req.privacy_consent {
                fields.insert("privacy_consent".into(), FieldErrorCode::ConsentRequired);
            }
            match (first, last, country, password, locale) {
                (Some(first_name), Some(last_name), Some(country), Some(password), Some(locale)) if fields.is_empty() => {
                    Some(NewPerson { first_name, last_name, country, password, locale, password_hash: None })
                }
                _ => return Err(AppError::Validation(fields)),
            }
        }
        _ => None,
    };
    let signed_in = current.map(|c| c.user);
    let (user, created, inv) = invitations::accept(&state, req.token.trim(), signed_in, new_person).await?;
    let role = MemberRole::parse(&inv.role).unwrap_or(MemberRole::User);
    let mut res = Json(InvitationAccepted { account_id: inv.account_id, role, me: to_me(&user) }).into_response();
    if created {
        let cookie = start_session(&state, &user, seatwise_api::SignInMethod::Password, &client).await?;
        res.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(res)
}
