//! Extractors: JSON bodies with our error format, the signed-in user, the client's address.

use std::net::SocketAddr;

use axum::{
    extract::{rejection::JsonRejection, ConnectInfo, FromRequest, FromRequestParts, Request},
    http::{header, request::Parts, HeaderMap},
};
use seatwise_api::SESSION_COOKIE;
use serde::de::DeserializeOwned;

use crate::{
    domain::secret::token_hash,
    error::AppError,
    state::AppState,
    store::users::UserRow,
};

/// `axum::Json` whose rejections use the API's error body.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(match rejection {
                JsonRejection::MissingJsonContentType(_) => AppError::UnsupportedMediaType,
                JsonRejection::JsonSyntaxError(e) => AppError::InvalidJson(e.body_text()),
                JsonRejection::JsonDataError(e) => AppError::InvalidJson(e.body_text()),
                JsonRejection::BytesRejection(e) => {
                    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                        AppError::PayloadTooLarge
                    } else {
                        AppError::InvalidJson(e.body_text())
                    }
                }
                other => AppError::InvalidJson(other.body_text()),
            }),
        }
    }
}

/// A JSON object with no fields, for calls that need no input (`{}`).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

/// The value of one cookie of the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim_matches('"'))
}

/// The signed-in user of a live session. Rejects with 401 otherwise.
pub struct CurrentUser {
    pub user: UserRow,
    pub session_hash: String,
}

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
        let hash = token_hash(token);
        let now = state.clock.unix();
        let idle = state.settings.session_idle.as_secs() as i64;
        let absolute = state.settings.session_absolute.as_secs() as i64;
        let session = state
            .db
            .live_session(&hash, now - idle, now - absolute)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        // Sliding idle timeout; written at most once a minute per session.
        if now - session.last_seen_at >= 60 {
            state.db.touch_session(&hash, now).await?;
        }
        Ok(CurrentUser { user: session.user, session_hash: hash })
    }
}

/// Where a request came from, for session records and rate limits.
pub struct ClientInfo {
    pub ip: String,
    pub user_agent: String,
}

impl<S: Send + Sync> FromRequestParts<S> for ClientInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ci| ci.0.ip().to_string())
            .unwrap_or_default();
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(300).collect())
            .unwrap_or_default();
        Ok(ClientInfo { ip, user_agent })
    }
}

impl axum::extract::OptionalFromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, AppError> {
        match <CurrentUser as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(u) => Ok(Some(u)),
            Err(AppError::Unauthenticated) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
