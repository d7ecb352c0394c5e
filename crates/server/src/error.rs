//! The one error type of the API. Every error becomes `{"code", "message", "fields"}`;
//! internal errors are logged (with the request id, by `http::log_internal_errors`) and
//! returned without their details.

use std::{collections::BTreeMap, sync::Arc};

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use seatwise_api::{ErrorBody, ErrorCode, FieldErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid JSON: {0}")]
    InvalidJson(String),
    #[error("invalid query string: {0}")]
    InvalidQuery(String),
    #[error("expected a JSON body (Content-Type: application/json)")]
    UnsupportedMediaType,
    #[error("the request body is too large")]
    PayloadTooLarge,
    #[error("some fields are invalid")]
    Validation(BTreeMap<String, FieldErrorCode>),
    #[error("sign in first")]
    Unauthenticated,
    /// A device token (licensing API) that is unknown, expired or revoked; `deactivated` when
    /// its device was deactivated.
    #[error("the device token is not valid: sign in again")]
    BadDeviceToken { deactivated: bool },
    #[error("not allowed")]
    Forbidden,
    #[error("cross-site request refused")]
    Csrf,
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("the account or password is wrong")]
    InvalidCredentials,
    #[error("too many failed sign-ins; try again later")]
    TooManyAttempts { retry_after: u64 },
    #[error("too many requests; try again later")]
    RateLimited { retry_after: u64 },
    /// Capacity for this work (password hashing) is used up; try again shortly.
    #[error("the server is busy; try again shortly")]
    Busy { retry_after: u64 },
    #[error("the link is invalid, used or expired")]
    InvalidToken,
    #[error("the current password is wrong")]
    WrongPassword,
    #[error("the code is wrong, used or too old")]
    WrongCode,
    /// A passkey's answer that does not verify (see `ErrorCode::PasskeyRejected`).
    #[error("the passkey was not accepted")]
    PasskeyRejected,
    /// The password was right; a second factor must follow (like GitHub's OTP answer, a 401:
    /// the person is not signed in yet).
    #[error("the password is right; a second factor is needed")]
    SecondFactorRequired,
    /// The change conflicts with the current state; the code says how.
    #[error("conflict: {0:?}")]
    Conflict(ErrorCode),
    /// Signed in (or holding a link), but refused for the reason the code gives.
    #[error("refused: {0:?}")]
    Denied(ErrorCode),
    /// A byte range outside a file of this size.
    #[error("the requested range is outside the file")]
    RangeNotSatisfiable { size: u64 },
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(e.into())
    }
}

impl AppError {
    /// One invalid field.
    pub fn field(name: &str, code: FieldErrorCode) -> AppError {
        AppError::Validation(BTreeMap::from([(name.to_string(), code)]))
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::InvalidJson(_) => ErrorCode::InvalidJson,
            AppError::InvalidQuery(_) => ErrorCode::InvalidQuery,
            AppError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            AppError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            AppError::Validation(_) => ErrorCode::ValidationFailed,
            AppError::Unauthenticated => ErrorCode::Unauthenticated,
            AppError::BadDeviceToken { deactivated: false } => ErrorCode::Unauthenticated,
            AppError::BadDeviceToken { deactivated: true } => ErrorCode::DeviceDeactivated,
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::Csrf => ErrorCode::CsrfRejected,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            AppError::InvalidCredentials => ErrorCode::InvalidCredentials,
            AppError::TooManyAttempts { .. } => ErrorCode::TooManyAttempts,
            AppError::RateLimited { .. } => ErrorCode::RateLimited,
            AppError::Busy { .. } => ErrorCode::ServerBusy,
            AppError::InvalidToken => ErrorCode::InvalidToken,
            AppError::WrongPassword => ErrorCode::WrongPassword,
            AppError::WrongCode => ErrorCode::InvalidCode,
            AppError::PasskeyRejected => ErrorCode::PasskeyRejected,
            AppError::SecondFactorRequired => ErrorCode::SecondFactorRequired,
            AppError::Conflict(code) | AppError::Denied(code) => *code,
            AppError::RangeNotSatisfiable { .. } => ErrorCode::RangeNotSatisfiable,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::InvalidJson(_)
            | AppError::InvalidQuery(_)
            | AppError::InvalidToken
            | AppError::WrongPassword
            | AppError::WrongCode
            | AppError::PasskeyRejected => {
                StatusCode::BAD_REQUEST
            }
            AppError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthenticated
            | AppError::BadDeviceToken { .. }
            | AppError::InvalidCredentials
            | AppError::SecondFactorRequired => {
                StatusCode::UNAUTHORIZED
            }
            AppError::Forbidden | AppError::Csrf | AppError::Denied(_) => StatusCode::FORBIDDEN,
            AppError::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::TooManyAttempts { .. } | AppError::RateLimited { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Carried in the response's extensions so that the logging middleware can report it.
#[derive(Clone)]
pub struct InternalError(pub Arc<anyhow::Error>);

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let fields = match &self {
            AppError::Validation(f) => f.clone(),
            _ => BTreeMap::new(),
        };
        let body = ErrorBody { code: self.code(), message: self.to_string(), fields };
        let mut res = (status, Json(body)).into_response();
        match self {
            AppError::TooManyAttempts { retry_after }
            | AppError::RateLimited { retry_after }
            | AppError::Busy { retry_after } => {
                res.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(retry_after.max(1)));
            }
            AppError::RangeNotSatisfiable { size } => {
                if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                    res.headers_mut().insert(header::CONTENT_RANGE, v);
                }
            }
            AppError::BadDeviceToken { .. } => {
                // RFC 6750 §3.1.
                res.headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer error=\"invalid_token\""));
            }
            AppError::Internal(e) => {
                res.extensions_mut().insert(InternalError(Arc::new(e)));
            }
            _ => {}
        }
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;
