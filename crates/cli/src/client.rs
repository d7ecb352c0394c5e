//! The one module that talks HTTP to the Seatwise server (`{server}/api/v1`).
//!
//! Every call returns the wire type of `seatwise-api` or an [`ApiError`] that keeps what the
//! server said (its `ErrorBody` code and message, or the OAuth error of the device grant), so
//! the commands can decide by the code and [`Failure`] can pick the exit code.

use std::fmt;
use std::time::Duration;

use reqwest::{Method, RequestBuilder, StatusCode};
use seatwise_api::{
    CheckoutRequest, DeviceAuthorization, DeviceAuthorizeForm, DeviceToken, DeviceTokenForm,
    DownloadFileList, DownloadQuery, ErrorBody, ErrorCode, HeartbeatAnswer, HeartbeatRequest,
    LicenceGrant, LicenceKeys, OAuthError, PackageDownload, UsageRecorded, UsageRequest,
    API_PREFIX,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::exit::{Exit, Failure};

/// How often a usage event is sent before giving up (the same idempotency key each time).
pub const USAGE_TRIES: u32 = 3;
/// How long to wait for a connection, and for a whole answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// A client of one server, with or without a device token.
pub struct Client {
    http: reqwest::Client,
    server: String,
    token: Option<String>,
}

/// A call that did not give the expected answer.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// The server, as the user knows it (for messages).
    pub server: String,
    /// `METHOD /path` below `/api/v1`, e.g. `POST /licensing/checkout`.
    pub endpoint: String,
    pub kind: ApiErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ApiErrorKind {
    /// No answer: the name does not resolve, the connection was refused or broke, or the
    /// server took too long.
    Unreachable(String),
    /// An error answer in the API's `ErrorBody`. `code_text` is the code as sent, so that a
    /// code this build does not know still shows.
    Api {
        status: u16,
        code: ErrorCode,
        code_text: String,
        message: String,
    },
    /// An OAuth error answer of the device grant (RFC 6749 §5.2).
    OAuth { status: u16, error: OAuthError },
    /// An answer the client cannot use: an unexpected status without an error body, or a
    /// success whose body does not parse.
    Unexpected { status: u16, detail: String },
}

impl ApiError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match &self.kind {
            ApiErrorKind::Unreachable(_) => None,
            ApiErrorKind::Api { status, .. }
            | ApiErrorKind::OAuth { status, .. }
            | ApiErrorKind::Unexpected { status, .. } => Some(*status),
        }
    }

    /// True when trying the same request again may succeed: no answer, or a server error
    /// (5xx). A success with an unreadable body is not transient: it did happen.
    pub fn is_transient(&self) -> bool {
        self.status().is_none_or(|status| status >= 500)
    }

    /// The error code as the server sent it (`not_entitled`), when it sent an `ErrorBody`.
    pub fn code_text(&self) -> Option<&str> {
        match &self.kind {
            ApiErrorKind::Api { code_text, .. } => Some(code_text),
            _ => None,
        }
    }

    /// The API error code, when the server sent an `ErrorBody`.
    pub fn code(&self) -> Option<ErrorCode> {
        match &self.kind {
            ApiErrorKind::Api { code, .. } => Some(*code),
            _ => None,
        }
    }
}

/// What a licensing call was about, so that a refusal can name it.
#[derive(Debug, Clone, Copy)]
pub struct About<'a> {
    pub product: &'a str,
    pub version: Option<&'a str>,
}

impl ApiError {
    /// Our own sentence for the error codes a person can act on (the server's `message` is for
    /// logs: "refused: NotEntitled"), the server's message for the others; then the code.
    fn describe(&self, about: Option<About<'_>>) -> String {
        let ApiErrorKind::Api {
            status,
            code,
            code_text,
            message,
        } = &self.kind
        else {
            return self.to_string();
        };
        let product = about.map_or("this product", |a| a.product);
        let text = match code {
            ErrorCode::NotEntitled => {
                format!("no seat or trial of {product} for you on this server's accounts")
            }
            ErrorCode::VersionNotLicensed => match about.and_then(|a| a.version) {
                Some(version) => {
                    format!("your licence of {product} does not include version {version}")
                }
                None => format!("your licence of {product} does not include this version"),
            },
            ErrorCode::CreditsExhausted => {
                format!(
                    "not enough cloud credits left on the subscription for this use of {product}"
                )
            }
            ErrorCode::NotFound if about.is_some() => {
                format!("{} has no product {product}", self.server)
            }
            ErrorCode::Unauthenticated => {
                "this device's sign-in is not valid any more (expired or revoked)".to_owned()
            }
            ErrorCode::DeviceDeactivated => "this device was signed out".to_owned(),
            ErrorCode::RateLimited => "too many requests from here; try again later".to_owned(),
            _ => {
                let message = message.trim().trim_end_matches('.');
                if message.is_empty() {
                    format!("the server refused {} (HTTP {status})", self.endpoint)
                } else {
                    format!("the server refused {}: {message}", self.endpoint)
                }
            }
        };
        format!("{text} ({code_text})")
    }

    /// The failure to report, naming what the call was about when known.
    ///
    /// The exit code follows the status: 401 means the token is no good (3); 403, and 404
    /// `not_found` for a product, mean not licensed (4); 409 `credits_exhausted` means no
    /// credits left (5); anything else, and any OAuth error of the device grant, is the
    /// server's refusal or an unexpected answer (6). The sign-in's own refusals (7) are decided
    /// in `login.rs`.
    pub fn into_failure(self, about: Option<About<'_>>) -> Failure {
        let exit = match (self.status(), self.code()) {
            // The device grant's OAuth errors (even a 401 invalid_client) are not about a token.
            _ if matches!(self.kind, ApiErrorKind::OAuth { .. }) => Exit::Server,
            (Some(401), _) => Exit::NotSignedIn,
            (Some(403), _) => Exit::NotLicensed,
            (Some(404), Some(ErrorCode::NotFound)) if about.is_some() => Exit::NotLicensed,
            (Some(409), Some(ErrorCode::CreditsExhausted)) => Exit::CreditsExhausted,
            _ => Exit::Server,
        };
        let message = match (exit, &self.kind) {
            (Exit::NotSignedIn, ApiErrorKind::Api { .. }) => {
                format!(
                    "{}; run `seatwise login` to sign in again",
                    self.describe(about)
                )
            }
            (Exit::NotSignedIn, _) => format!(
                "{} rejected this device's sign-in; run `seatwise login` to sign in again",
                self.server
            ),
            _ => self.describe(about),
        };
        Failure::new(exit, message)
    }
}

/// One line for a person: the server's own words for an `ErrorBody` (see
/// [`ApiError::into_failure`] for the sentences a command shows).
impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ApiErrorKind::Unreachable(detail) => {
                write!(
                    f,
                    "could not reach {} ({}): {detail}",
                    self.server, self.endpoint
                )
            }
            ApiErrorKind::Api {
                status,
                code_text,
                message,
                ..
            } => {
                let message = message.trim().trim_end_matches('.');
                if message.is_empty() {
                    write!(
                        f,
                        "the server refused {} (HTTP {status}, {code_text})",
                        self.endpoint
                    )
                } else {
                    write!(
                        f,
                        "the server refused {}: {message} ({code_text})",
                        self.endpoint
                    )
                }
            }
            ApiErrorKind::OAuth { error, .. } => {
                let description = error.error_description.trim().trim_end_matches('.');
                if description.is_empty() {
                    write!(f, "the server refused {} ({})", self.endpoint, error.error)
                } else {
                    write!(
                        f,
                        "the server refused {}: {description} ({})",
                        self.endpoint, error.error
                    )
                }
            }
            ApiErrorKind::Unexpected { detail, .. } => {
                write!(
                    f,
                    "unexpected answer from {} to {}: {detail}",
                    self.server, self.endpoint
                )
            }
        }
    }
}

impl From<ApiError> for Failure {
    fn from(error: ApiError) -> Self {
        error.into_failure(None)
    }
}

impl Client {
    /// A client of `server` (normalised, see `config::parse_server`), sending `token` as
    /// `Authorization: Bearer` on the licensing calls.
    pub fn new(server: &str, token: Option<String>) -> Result<Self, Failure> {
        let http = reqwest::Client::builder()
            .user_agent(concat!("seatwise/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|e| {
                Failure::new(
                    Exit::Local,
                    format!("cannot set up HTTP: {}", error_chain(&e)),
                )
            })?;
        Ok(Client {
            http,
            server: server.to_owned(),
            token,
        })
    }

    /// `POST /device/authorize`: starts a device sign-in (RFC 8628 §3.1).
    pub async fn authorize_device(
        &self,
        form: &DeviceAuthorizeForm,
    ) -> Result<DeviceAuthorization, ApiError> {
        let path = "/device/authorize";
        self.send_json(
            Method::POST,
            path,
            self.request(Method::POST, path).form(form),
        )
        .await
    }

    /// `POST /device/token`: one poll for the device token (RFC 8628 §3.4).
    pub async fn request_token(&self, form: &DeviceTokenForm) -> Result<DeviceToken, ApiError> {
        let path = "/device/token";
        self.send_json(
            Method::POST,
            path,
            self.request(Method::POST, path).form(form),
        )
        .await
    }

    /// `POST /licensing/checkout`: the signed grant to run a product version on this device.
    pub async fn checkout(&self, request: &CheckoutRequest) -> Result<LicenceGrant, ApiError> {
        self.post_json("/licensing/checkout", request).await
    }

    /// `GET /licensing/keys`: the public keys that sign grants (no token needed).
    pub async fn licence_keys(&self) -> Result<LicenceKeys, ApiError> {
        let path = "/licensing/keys";
        self.send_json(Method::GET, path, self.request(Method::GET, path))
            .await
    }

    /// `POST /licensing/heartbeat`: the product is still running.
    pub async fn heartbeat(&self, request: &HeartbeatRequest) -> Result<HeartbeatAnswer, ApiError> {
        self.post_json("/licensing/heartbeat", request).await
    }

    /// `POST /licensing/usage`: records cloud credits consumed. A network error or a 5xx is
    /// retried with the same idempotency key (up to [`USAGE_TRIES`] sends, waiting longer each
    /// time), so the server counts the event once however often it arrives.
    pub async fn record_usage(&self, request: &UsageRequest) -> Result<UsageRecorded, ApiError> {
        let mut attempt = 1;
        loop {
            match self.post_json("/licensing/usage", request).await {
                Err(error) if error.is_transient() && attempt < USAGE_TRIES => {
                    tokio::time::sleep(retry_delay(attempt)).await;
                    attempt += 1;
                }
                answer => return answer,
            }
        }
    }

    /// `GET /licensing/files`: the files of a release this person may download, with signed
    /// links.
    pub async fn download_files(
        &self,
        query: &DownloadQuery,
    ) -> Result<DownloadFileList, ApiError> {
        let path = "/licensing/files";
        let request = self
            .authorized(self.request(Method::GET, path))
            .query(query);
        self.send_json(Method::GET, path, request).await
    }

    /// `GET /licensing/packages/{id}`: a custom install package's files, with signed links.
    pub async fn package_download(&self, id: &str) -> Result<PackageDownload, ApiError> {
        let path = format!("/licensing/packages/{}", encode_path_segment(id));
        let request = self.authorized(self.request(Method::GET, &path));
        self.send_json(Method::GET, &path, request).await
    }

    /// `POST /licensing/deactivate`: signs this device out everywhere; its token stops working.
    pub async fn deactivate(&self) -> Result<(), ApiError> {
        let path = "/licensing/deactivate";
        let request = self
            .authorized(self.request(Method::POST, path))
            .json(&serde_json::json!({}));
        self.send(Method::POST, path, request).await.map(|_| ())
    }

    fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(method, format!("{}{API_PREFIX}{path}", self.server))
    }

    fn authorized(&self, request: RequestBuilder) -> RequestBuilder {
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    async fn post_json<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        let request = self.authorized(self.request(Method::POST, path)).json(body);
        self.send_json(Method::POST, path, request).await
    }

    async fn send_json<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        request: RequestBuilder,
    ) -> Result<T, ApiError> {
        let (status, body) = self.send(method.clone(), path, request).await?;
        serde_json::from_slice(&body).map_err(|e| ApiError {
            server: self.server.clone(),
            endpoint: format!("{method} {path}"),
            kind: ApiErrorKind::Unexpected {
                status: status.as_u16(),
                detail: format!("cannot read the answer ({e})"),
            },
        })
    }

    /// Sends the request; a success status gives its body, anything else an [`ApiError`].
    async fn send(
        &self,
        method: Method,
        path: &str,
        request: RequestBuilder,
    ) -> Result<(StatusCode, Vec<u8>), ApiError> {
        let error = |kind| ApiError {
            server: self.server.clone(),
            endpoint: format!("{method} {path}"),
            kind,
        };
        let response = request
            .send()
            .await
            .map_err(|e| error(ApiErrorKind::Unreachable(error_chain(&e))))?;
        let status = response.status();
        let body = response
            .bytes()
            .await
            .map_err(|e| error(ApiErrorKind::Unreachable(error_chain(&e))))?;
        if status.is_success() {
            Ok((status, body.to_vec()))
        } else {
            Err(error(decode_error(status, &body)))
        }
    }
}

/// What an error answer says: an `ErrorBody`, an OAuth error, or only its status.
pub fn decode_error(status: StatusCode, body: &[u8]) -> ApiErrorKind {
    let code = status.as_u16();
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        if let Ok(error) = serde_json::from_value::<ErrorBody>(value.clone()) {
            let code_text = value["code"].as_str().unwrap_or_default().to_owned();
            return ApiErrorKind::Api {
                status: code,
                code: error.code,
                code_text,
                message: error.message,
            };
        }
        if let Some(error) = value.get("error").and_then(|e| e.as_str()) {
            let error_description = value
                .get("error_description")
                .and_then(|d| d.as_str())
                .unwrap_or_default();
            let error = OAuthError {
                error: error.to_owned(),
                error_description: error_description.to_owned(),
            };
            return ApiErrorKind::OAuth {
                status: code,
                error,
            };
        }
    }
    let reason = status
        .canonical_reason()
        .map(|r| format!(" {r}"))
        .unwrap_or_default();
    ApiErrorKind::Unexpected {
        status: code,
        detail: format!("HTTP {code}{reason}"),
    }
}

/// A value as one path segment: unreserved characters stay, every other byte is %-encoded.
pub fn encode_path_segment(value: &str) -> String {
    value
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The wait before send `attempt + 1` of a retried call: 0.5 s, 1 s, 2 s, ...
fn retry_delay(attempt: u32) -> Duration {
    Duration::from_millis(500u64.saturating_mul(1 << attempt.saturating_sub(1).min(6)))
}

/// An error and its causes on one line, without reqwest's "error sending request for url"
/// (the message already names the server): e.g. `tcp connect error: Connection refused`.
fn error_chain(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "no answer in time".to_owned();
    }
    let mut causes: Vec<String> = Vec::new();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        let text = cause.to_string();
        if !causes.iter().any(|c| c.contains(&text)) {
            causes.push(text);
        }
        source = cause.source();
    }
    // hyper's "client error (Connect)" only says which step failed; its cause says how.
    if causes.len() > 1 && causes[0].starts_with("client error (") {
        causes.remove(0);
    }
    if causes.is_empty() {
        error.to_string()
    } else {
        causes.join(": ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;

    fn api_error(status: u16, body: &str) -> ApiError {
        let status = StatusCode::from_u16(status).unwrap();
        ApiError {
            server: "http://127.0.0.1:1".to_owned(),
            endpoint: "POST /licensing/checkout".to_owned(),
            kind: decode_error(status, body.as_bytes()),
        }
    }

    const DRAFT: About<'static> = About {
        product: "DRAFT",
        version: Some("2026"),
    };

    #[test]
    fn error_bodies_pick_the_exit_code_and_our_words() {
        // The server's messages are for logs ("refused: NotEntitled"); the code decides.
        let not_entitled = api_error(
            403,
            r#"{"code":"not_entitled","message":"refused: NotEntitled"}"#,
        )
        .into_failure(Some(DRAFT));
        assert_eq!(not_entitled.exit, Exit::NotLicensed);
        assert_eq!(
            not_entitled.message(),
            "no seat or trial of DRAFT for you on this server's accounts (not_entitled)"
        );

        let version = api_error(
            403,
            r#"{"code":"version_not_licensed","message":"refused"}"#,
        )
        .into_failure(Some(DRAFT));
        assert_eq!(version.exit, Exit::NotLicensed);
        assert_eq!(
            version.message(),
            "your licence of DRAFT does not include version 2026 (version_not_licensed)"
        );

        let unknown_product = api_error(404, r#"{"code":"not_found","message":"not found"}"#)
            .into_failure(Some(DRAFT));
        assert_eq!(unknown_product.exit, Exit::NotLicensed);

        let revoked = Failure::from(api_error(
            401,
            r#"{"code":"device_deactivated","message":"the device token is not valid: sign in again"}"#,
        ));
        assert_eq!(revoked.exit, Exit::NotSignedIn);
        assert_eq!(
            revoked.message(),
            "this device was signed out (device_deactivated); run `seatwise login` to sign in again"
        );

        let exhausted = api_error(409, r#"{"code":"credits_exhausted","message":"conflict"}"#)
            .into_failure(Some(DRAFT));
        assert_eq!(exhausted.exit, Exit::CreditsExhausted);
        assert!(exhausted.message().ends_with("(credits_exhausted)"));

        let newer = Failure::from(api_error(
            409,
            r#"{"code":"brand_new","message":"Something new."}"#,
        ));
        assert_eq!(newer.exit, Exit::Server);
        assert_eq!(
            newer.message(),
            "the server refused POST /licensing/checkout: Something new (brand_new)"
        );

        let gateway = Failure::from(api_error(502, "<html>bad gateway</html>"));
        assert_eq!(gateway.exit, Exit::Server);
        assert!(
            gateway.message().ends_with("HTTP 502 Bad Gateway"),
            "{}",
            gateway.message()
        );

        let no_body = Failure::from(api_error(401, ""));
        assert_eq!(no_body.exit, Exit::NotSignedIn);
    }

    #[test]
    fn oauth_errors_keep_their_error() {
        let error = api_error(
            400,
            r#"{"error":"slow_down","error_description":"Poll less often."}"#,
        );
        match error.kind {
            ApiErrorKind::OAuth { status: 400, error } => assert_eq!(error.error, "slow_down"),
            other => panic!("{other:?}"),
        }
        // error_description is optional in practice.
        assert!(matches!(
            api_error(400, r#"{"error":"access_denied"}"#).kind,
            ApiErrorKind::OAuth { .. }
        ));
    }

    #[test]
    fn only_unanswered_calls_and_server_errors_are_retried() {
        let unreachable = ApiError {
            kind: ApiErrorKind::Unreachable("refused".into()),
            ..api_error(500, "")
        };
        assert!(unreachable.is_transient());
        assert!(api_error(503, "").is_transient());
        assert!(!api_error(409, r#"{"code":"credits_exhausted","message":"x"}"#).is_transient());
        assert!(!api_error(401, "").is_transient());
        assert_eq!(retry_delay(1), Duration::from_millis(500));
        assert_eq!(retry_delay(2), Duration::from_millis(1000));
    }

    /// A one-thread HTTP server that answers each request with the next of `answers` (status,
    /// body) and gives back the request bodies it got.
    fn fake_server(
        answers: Vec<(u16, &'static str)>,
    ) -> (String, std::thread::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            let mut bodies = Vec::new();
            for (status, body) in answers {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream);
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if line == "\r\n" || line.is_empty() {
                        break;
                    }
                    if let Some((name, value)) = line.split_once(':') {
                        if name.eq_ignore_ascii_case("content-length") {
                            length = value.trim().parse().unwrap();
                        }
                    }
                }
                let mut request_body = vec![0; length];
                reader.read_exact(&mut request_body).unwrap();
                bodies.push(String::from_utf8(request_body).unwrap());
                let answer = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                reader.into_inner().write_all(answer.as_bytes()).unwrap();
            }
            bodies
        });
        (address, handle)
    }

    #[tokio::test]
    async fn usage_is_retried_with_the_same_key() {
        let recorded = r#"{"subscription_id":"sub_1","credits":5,"balance":95,"replayed":true}"#;
        let (server, handle) = fake_server(vec![(503, ""), (502, ""), (200, recorded)]);
        let client = Client::new(&server, Some("token".to_owned())).unwrap();
        let request = UsageRequest {
            idempotency_key: "key-1".to_owned(),
            product: "DRAFT".to_owned(),
            credits: 5,
        };

        let answer = client.record_usage(&request).await.unwrap();

        assert_eq!((answer.balance, answer.replayed), (95, true));
        let bodies = handle.join().unwrap();
        assert_eq!(bodies.len(), 3);
        for body in bodies {
            let sent: UsageRequest = serde_json::from_str(&body).unwrap();
            assert_eq!(sent, request);
        }
    }

    #[tokio::test]
    async fn usage_gives_up_after_three_tries() {
        let (server, handle) = fake_server(vec![(500, ""), (500, ""), (500, "")]);
        let client = Client::new(&server, Some("token".to_owned())).unwrap();
        let request = UsageRequest {
            idempotency_key: "key-2".to_owned(),
            product: "DRAFT".to_owned(),
            credits: 1,
        };

        let error = client.record_usage(&request).await.unwrap_err();

        assert_eq!(error.status(), Some(500));
        assert_eq!(handle.join().unwrap().len(), 3);
    }

    #[tokio::test]
    async fn a_refused_usage_is_not_retried() {
        let (server, handle) = fake_server(vec![(
            409,
            r#"{"code":"credits_exhausted","message":"No cloud credits left"}"#,
        )]);
        let client = Client::new(&server, Some("token".to_owned())).unwrap();
        let request = UsageRequest {
            idempotency_key: "key-3".to_owned(),
            product: "DRAFT".to_owned(),
            credits: 1,
        };

        let error = client.record_usage(&request).await.unwrap_err();

        assert_eq!(Failure::from(error).exit, Exit::CreditsExhausted);
        assert_eq!(handle.join().unwrap().len(), 1);
    }
}
