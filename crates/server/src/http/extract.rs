//! Extractors: JSON bodies with our error format, the signed-in user, the client's address.

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;

use axum::{
    extract::{rejection::JsonRejection, ConnectInfo, FromRequest, FromRequestParts, Request},
    http::{header, request::Parts, HeaderMap},
};
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

/// `axum::extract::Query` whose rejections use the API's error body (400 `invalid_query`).
pub struct ApiQuery<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Query::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Query(v)| ApiQuery(v))
            .map_err(|e| AppError::InvalidQuery(e.body_text()))
    }
}

/// `axum::extract::Path` whose rejections use the API's error body: a path segment that does
/// not decode (bad percent-encoding, not UTF-8) names nothing, so it is a 404.
pub struct ApiPath<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| ApiPath(v))
            .map_err(|_| AppError::NotFound)
    }
}

/// A JSON object with no fields, for calls that need no input (`{}`).
#[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
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
    /// The session's public id.
    pub session_id: String,
    /// When this session last proved the password (and second factor): its sign-in, or a
    /// confirmation since.
    pub authenticated_at: i64,
    /// An account of the person requires 2-step verification and they have none: only the
    /// calls of [`SETUP_ONLY`] are open.
    pub two_step_setup_required: bool,
}

/// What a person who must set up 2-step verification first may call (method, path under
/// `/api/v1`): who they are, the security page (its lists are read, nothing else changes),
/// setting it up, their accounts (to see which requires it), and signing out.
pub const SETUP_ONLY: &[(&str, &str)] = &[
    ("GET", "/me"),
    ("GET", "/me/security"),
    ("GET", "/me/sessions"),
    ("GET", "/me/security-events"),
    ("GET", "/me/passkeys"),
    ("POST", "/me/reauthenticate"),
    ("POST", "/me/totp/setup"),
    ("POST", "/me/totp/confirm"),
    ("GET", "/accounts"),
    ("POST", "/auth/sign-out-everywhere"),
];

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = cookie(&parts.headers, state.settings.session_cookie_name()).ok_or(AppError::Unauthenticated)?;
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
        if session.two_step_setup_required {
            let path = parts.uri.path();
            let path = path.strip_prefix(seatwise_api::API_PREFIX).unwrap_or(path);
            if !SETUP_ONLY.iter().any(|(m, p)| *m == parts.method.as_str() && *p == path) {
                return Err(AppError::Denied(seatwise_api::ErrorCode::TwoStepSetupRequired));
            }
        }
        Ok(CurrentUser {
            user: session.user,
            session_hash: hash,
            session_id: session.id,
            authenticated_at: session.authenticated_at,
            two_step_setup_required: session.two_step_setup_required,
        })
    }
}

/// Where a request came from, for session records, rate limits and logs.
pub use crate::domain::security::Client as ClientInfo;

impl FromRequestParts<AppState> for ClientInfo {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ci| client_ip(ci.0.ip(), &parts.headers, &state.settings.trusted_proxies).to_string())
            .unwrap_or_default();
        let user_agent = parts
            .headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().filter(|c| !c.is_control()).take(300).collect())
            .unwrap_or_default();
        Ok(ClientInfo { ip, user_agent })
    }
}

/// The client's address. The socket's peer, unless that peer is a trusted proxy: then the
/// nearest address its `Forwarded` (or else `X-Forwarded-For`) header names that is not itself
/// a trusted proxy. Headers from anyone else are ignored, so nobody can claim another address.
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<String> = if headers.contains_key(header::FORWARDED) {
        headers
            .get_all(header::FORWARDED)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
                    .map(|(_, v)| v.trim().to_string())
                    .unwrap_or_default()
            })
            .collect()
    } else {
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|s| s.trim().to_string())
            .collect()
    };
    // From the nearest hop outwards: the first one that is not ours is the client.
    let mut client = peer;
    for hop in hops.iter().rev() {
        match parse_hop(hop) {
            Some(ip) if is_trusted(&ip) => client = ip,
            Some(ip) => return ip,
            // "unknown", an obfuscated name or garbage: the hop we trust stands.
            None => return client,
        }
    }
    client
}

/// An address as `X-Forwarded-For` or `Forwarded` write it: `192.0.2.1`, `192.0.2.1:4711`,
/// `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn parse_hop(s: &str) -> Option<IpAddr> {
    let s = s.trim().trim_matches('"');
    if let Ok(ip) = s.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Some(rest) = s.strip_prefix('[') {
        return rest.split_once(']').and_then(|(ip, _)| ip.parse().ok());
    }
    s.parse::<SocketAddr>().ok().map(|a| a.ip())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_headers_count_only_from_trusted_proxies() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap(), "::1/128".parse().unwrap()];
        let xff = headers(&[("x-forwarded-for", "203.0.113.9")]);
        // A stranger cannot claim another address.
        assert_eq!(client_ip(ip("198.51.100.7"), &xff, &trusted), ip("198.51.100.7"));
        // Through our proxy: the address it saw.
        assert_eq!(client_ip(ip("10.1.2.3"), &xff, &trusted), ip("203.0.113.9"));
        // A spoofed entry on the left is the client's own claim: the nearest untrusted hop wins.
        let chain = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.9, 10.0.0.5")]);
        assert_eq!(client_ip(ip("10.1.2.3"), &chain, &trusted), ip("203.0.113.9"));
        // Several header lines are one list.
        let split = headers(&[("x-forwarded-for", "1.2.3.4"), ("x-forwarded-for", "203.0.113.9")]);
        assert_eq!(client_ip(ip("10.1.2.3"), &split, &trusted), ip("203.0.113.9"));
        // Garbage stops the walk at the last hop we trust.
        let junk = headers(&[("x-forwarded-for", "203.0.113.9, nonsense")]);
        assert_eq!(client_ip(ip("10.1.2.3"), &junk, &trusted), ip("10.1.2.3"));
        // No header: the proxy itself.
        assert_eq!(client_ip(ip("10.1.2.3"), &HeaderMap::new(), &trusted), ip("10.1.2.3"));
        // Nobody trusted: headers never count.
        assert_eq!(client_ip(ip("10.1.2.3"), &xff, &[]), ip("10.1.2.3"));
    }

    #[test]
    fn the_standard_forwarded_header_is_read_first() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let h = headers(&[
            ("forwarded", "for=192.0.2.60;proto=https;by=10.0.0.1, for=\"[2001:db8:cafe::17]:4711\""),
            ("x-forwarded-for", "1.1.1.1"),
        ]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &trusted), ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "For=\"192.0.2.43:47011\"")]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &trusted), ip("192.0.2.43"));
        let h = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(client_ip(ip("10.0.0.1"), &h, &trusted), ip("10.0.0.1"));
    }
}
