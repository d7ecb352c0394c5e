//! "Download my data": everything Seatwise keeps about the signed-in person, in one JSON file
//! (GDPR Articles 15 and 20). The file's types live here: the web app only saves the file.

use axum::{
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    Json,
};
use seatwise_api::{ErrorBody, SecurityEvent, SessionInfo};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use super::extract::CurrentUser;
use crate::{clock::rfc3339, domain::accounts::to_me, error::AppResult, state::AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(download_my_data))
}

/// `GET /me/data`: everything Seatwise keeps about the signed-in person, as one JSON file
/// (GDPR Articles 15 and 20). Times are RFC 3339, UTC.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonalData {
    pub exported_at: String,
    pub profile: seatwise_api::Me,
    /// The phone for codes by text message (E.164), when one was given.
    pub phone: Option<String>,
    pub memberships: Vec<DataMembership>,
    pub assignments: Vec<DataAssignment>,
    pub requests: Vec<DataRequest>,
    pub sessions: Vec<SessionInfo>,
    pub sign_in_history: Vec<SecurityEvent>,
    /// Entries of the activity log made by the person or about them.
    pub activity: Vec<DataActivity>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DataMembership {
    pub account_id: String,
    pub account_number: String,
    pub account_name: String,
    pub role: String,
    pub team: Option<String>,
    pub since: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DataAssignment {
    pub account_number: String,
    pub product_code: String,
    pub product_name: String,
    pub contract_number: String,
    pub since: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DataRequest {
    pub number: String,
    pub account_number: String,
    pub product_code: String,
    pub kind: String,
    pub status: String,
    pub version: Option<String>,
    pub language: Option<String>,
    /// The shipping address given for physical media, as it was sent.
    pub shipping: Option<serde_json::Value>,
    pub host_name: Option<String>,
    pub host_id: Option<String>,
    pub note: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DataActivity {
    pub id: String,
    pub actor_email: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub ip: String,
    pub created_at: String,
}


fn json_of(text: Option<String>) -> Option<serde_json::Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

/// Everything Seatwise keeps about the signed-in person, as a JSON file to save: profile,
/// memberships, assigned products, licence requests, sessions, the sign-in history and the
/// activity entries by or about them.
#[utoipa::path(get, path = "/me/data", tag = "me",
    responses((status = 200, body = PersonalData, description = "The file (`Content-Disposition: attachment`)"),
        (status = 401, body = ErrorBody)))]
pub async fn download_my_data(State(state): State<AppState>, current: CurrentUser) -> AppResult<Response> {
    let db = &state.db;
    let user = &current.user;
    let data = PersonalData {
        exported_at: rfc3339(state.clock.unix()),
        profile: to_me(user),
        phone: db.phone_of(db.pool(), &user.id).await?.map(|p| p.phone),
        memberships: db
            .export_memberships(&user.id)
            .await?
            .into_iter()
            .map(|m| DataMembership {
                account_id: m.account_id,
                account_number: m.account_number,
                account_name: m.account_name,
                role: m.role,
                team: m.team,
                since: rfc3339(m.created_at),
            })
            .collect(),
        assignments: db
            .export_assignments(&user.id)
            .await?
            .into_iter()
            .map(|a| DataAssignment {
                account_number: a.account_number,
                product_code: a.product_code,
                product_name: a.product_name,
                contract_number: a.contract_number,
                since: rfc3339(a.created_at),
            })
            .collect(),
        requests: db
            .export_requests(&user.id)
            .await?
            .into_iter()
            .map(|r| DataRequest {
                number: r.number,
                account_number: r.account_number,
                product_code: r.product_code,
                kind: r.kind,
                status: r.status,
                version: r.version,
                language: r.language,
                shipping: json_of(r.shipping_json),
                host_name: r.host_name,
                host_id: r.host_id,
                note: r.note,
                created_at: rfc3339(r.created_at),
                updated_at: rfc3339(r.updated_at),
            })
            .collect(),
        sessions: super::security::sessions_of(&state, &current).await?,
        sign_in_history: db
            .export_security_events(&user.id)
            .await?
            .into_iter()
            .map(|e| super::me::security_event(e, false))
            .collect(),
        activity: db
            .export_activity(&user.id)
            .await?
            .into_iter()
            .map(|a| DataActivity {
                id: a.id,
                actor_email: a.actor_email,
                action: a.action,
                object_type: a.object_type,
                object_id: a.object_id,
                before: json_of(a.before_json),
                after: json_of(a.after_json),
                ip: a.ip,
                created_at: rfc3339(a.created_at),
            })
            .collect(),
    };
    let name = format!("attachment; filename=\"seatwise-data-{}.json\"", user.account_id);
    let mut res = Json(data).into_response();
    res.headers_mut().insert(header::CONTENT_DISPOSITION, name.parse().map_err(|e| anyhow::anyhow!("{e}"))?);
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(res)
}
