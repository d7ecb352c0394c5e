//! The signed-in user's profile and preferences.

use std::collections::BTreeMap;

use axum::{extract::State, http::StatusCode, Json};
use seatwise_api::{
    ChangePasswordRequest, ErrorBody, FieldErrorCode, Me, SecurityEvent, SecurityEventKind, SecurityEventPage, SignInMethod,
    UpdateMeRequest,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::{ApiJson, ApiQuery, ClientInfo, CurrentUser};
use crate::{
    domain::{accounts, Country, Locale, Password, PersonName, ProfileText},
    error::{AppError, AppResult},
    state::AppState,
    clock::rfc3339,
    store::{
        security::{SecurityEventRow, SecurityFilter},
        users::ProfileChange,
    },
};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_me, update_me))
        .routes(routes!(change_password))
        .routes(routes!(list_my_security_events))
}

/// The signed-in user's profile and preferences.
#[utoipa::path(get, path = "/me", tag = "me",
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub async fn get_me(current: CurrentUser) -> Json<Me> {
    Json(Me { two_step_setup_required: current.two_step_setup_required, ..accounts::to_me(&current.user) })
}

/// Change profile fields and preferences; only the fields sent change.
#[utoipa::path(patch, path = "/me", tag = "me", request_body = UpdateMeRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_me(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiJson(req): ApiJson<UpdateMeRequest>,
) -> AppResult<Json<Me>> {
    let mut p = ProfileChange::default();
    let mut fields: BTreeMap<String, FieldErrorCode> = BTreeMap::new();
    let mut set = |name: &str, value: &Option<String>, required: bool| -> Option<String> {
        let v = value.as_ref()?;
        let parsed = if required {
            PersonName::parse(v).map(PersonName::into_inner)
        } else {
            ProfileText::parse(v).map(ProfileText::into_inner)
        };
        parsed.map_err(|e| fields.insert(name.to_string(), e)).ok()
    };
    p.first_name = set("first_name", &req.first_name, true);
    p.last_name = set("last_name", &req.last_name, true);
    p.street = set("street", &req.street, false);
    p.city = set("city", &req.city, false);
    p.postcode = set("postcode", &req.postcode, false);
    p.phone = set("phone", &req.phone, false);
    p.company = set("company", &req.company, false);
    p.job_title = set("job_title", &req.job_title, false);
    if let Some(c) = &req.country {
        p.country = Country::parse(c).map(|c| c.as_str().to_string()).map_err(|e| fields.insert("country".into(), e)).ok();
    }
    if let Some(l) = &req.locale {
        p.locale = Locale::parse(l).map(|l| l.as_str().to_string()).map_err(|e| fields.insert("locale".into(), e)).ok();
    }
    p.notifications = req.notifications.map(|n| (n.product_updates, n.renewal_reminders, n.news));
    if !fields.is_empty() {
        return Err(AppError::Validation(fields));
    }
    let now = state.clock.unix();
    state.db.update_profile(state.db.pool(), &current.user.id, &p, now).await?;
    let user = state.db.user_by_id(state.db.pool(), &current.user.id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(accounts::to_me(&user)))
}

/// Change the password; every other session of the account ends.
#[utoipa::path(post, path = "/me/password", tag = "me", request_body = ChangePasswordRequest,
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    current: CurrentUser,
    client: ClientInfo,
    ApiJson(req): ApiJson<ChangePasswordRequest>,
) -> AppResult<StatusCode> {
    let new = Password::parse(&req.new_password).map_err(|e| AppError::field("new_password", e))?;
    accounts::change_password(&state, &current.user, &current.session_hash, &req.current_password, new, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SecurityQuery {
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// Page size of the security log.
pub const SECURITY_PAGE: i64 = 50;

/// The signed-in person's security log (sign-ins, failures, lockouts, password changes),
/// newest first.
#[utoipa::path(get, path = "/me/security-events", tag = "me", params(SecurityQuery),
    responses((status = 200, body = SecurityEventPage), (status = 401, body = ErrorBody)))]
pub async fn list_my_security_events(
    State(state): State<AppState>,
    current: CurrentUser,
    ApiQuery(q): ApiQuery<SecurityQuery>,
) -> AppResult<Json<SecurityEventPage>> {
    let filter = SecurityFilter {
        user_id: Some(&current.user.id),
        before_id: q.cursor.as_deref(),
        limit: SECURITY_PAGE + 1,
        ..Default::default()
    };
    Ok(Json(security_page(state.db.security_events(&filter).await?, false)))
}

/// One page of the log; `staff` shows who and what was typed.
pub fn security_page(mut rows: Vec<SecurityEventRow>, staff: bool) -> SecurityEventPage {
    let more = rows.len() as i64 > SECURITY_PAGE;
    rows.truncate(SECURITY_PAGE as usize);
    let next_cursor = more.then(|| rows.last().map(|r| r.id.clone())).flatten();
    SecurityEventPage {
        events: rows
            .into_iter()
            .map(|r| security_event(r, staff))
            .collect(),
        next_cursor,
    }
}

/// One entry of the security log; `staff` shows who and what was typed.
pub fn security_event(r: SecurityEventRow, staff: bool) -> SecurityEvent {
    let (browser, os) = crate::domain::two_step::describe_user_agent(&r.user_agent);
    SecurityEvent {
        id: r.id,
        kind: SecurityEventKind::parse(&r.kind),
        method: SignInMethod::parse(&r.method),
        user_id: r.user_id,
        email: if staff { r.email.unwrap_or_default() } else { String::new() },
        login: if staff { r.login } else { String::new() },
        ip: r.ip,
        user_agent: r.user_agent,
        browser,
        os,
        created_at: rfc3339(r.created_at),
    }
}
