//! The HTTP surface: `/api/v1` (JSON) and the web app, behind one stack of middleware that
//! gives every response a request id, security headers and compression.

pub mod accounts;
pub mod auth;
pub mod billing;
pub mod catalogue;
pub mod contracts;
pub mod devices;
pub mod directory;
pub mod extract;
pub mod home;
pub mod invitations;
pub mod licensing;
pub mod linked;
pub mod me;
pub mod members_io;
pub mod openapi;
pub mod packages;
pub mod passkeys;
pub mod personal_data;
pub mod prices;
pub mod reports;
pub mod products;
pub mod requests;
pub mod scim;
pub mod security;
pub mod serve;
pub mod support;
pub mod system;
pub mod vendor;
pub mod web;

use std::{sync::Arc, time::Duration};

use axum::{
    extract::{Request, State},
    http::{header, HeaderName, HeaderValue, Method},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::get,
    Json, Router,
};
use seatwise_api::{CSRF_HEADER, CSRF_HEADER_VALUE};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{
        predicate::{DefaultPredicate, NotForContentType, Predicate},
        CompressionLayer, CompressionLevel,
    },
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::{DefaultOnResponse, TraceLayer},
};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::{
    error::{AppError, InternalError},
    state::AppState,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "Seatwise API", description = "The JSON API of the Seatwise account portal. \
        State-changing calls need `Content-Type: application/json`, `X-Requested-With: seatwise` \
        and an `Origin` of the portal."),
    tags((name = "auth"), (name = "me"), (name = "security"), (name = "accounts"), (name = "products"), (name = "vendor"), (name = "licensing"), (name = "support"), (name = "system")),
    // Types that only query parameters refer to.
    components(schemas(
        seatwise_api::MemberSort, seatwise_api::MemberStatus, seatwise_api::MemberRole, seatwise_api::RequestKind,
        seatwise_api::RequestStatus, seatwise_api::Platform, seatwise_api::FileKind, seatwise_api::SecurityEventKind,
        seatwise_api::DeviceStatus, seatwise_api::CaseState, seatwise_api::CaseStatus, seatwise_api::CaseCategory,
        seatwise_api::CaseSeverity, seatwise_api::UpdateKind
    ))
)]
struct ApiDoc;

/// Largest JSON body the API reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The API routes and their OpenAPI document.
pub fn api(state: &AppState) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(system::router(state.settings.mailbox_enabled(), state.settings.texts_enabled()))
        .merge(auth::router())
        .merge(me::router())
        .merge(security::router())
        .merge(passkeys::router())
        .merge(linked::router())
        .merge(personal_data::router())
        .merge(accounts::router())
        .merge(invitations::router())
        .merge(members_io::router())
        .merge(vendor::router())
        .merge(products::router())
        .merge(requests::router())
        .merge(packages::router())
        .merge(catalogue::router())
        .merge(prices::router())
        .merge(billing::router())
        .merge(contracts::router())
        .merge(licensing::router())
        .merge(devices::router())
        .merge(reports::router())
        .merge(support::router())
        .merge(home::router())
        .merge(directory::router())
        .split_for_parts();
    // The licensing API's calls authenticate with a device token (RFC 6750), not a cookie.
    doc.components.get_or_insert_with(Default::default).add_security_scheme(
        "device_token",
        utoipa::openapi::security::SecurityScheme::Http(
            utoipa::openapi::security::HttpBuilder::new()
                .scheme(utoipa::openapi::security::HttpAuthScheme::Bearer)
                .description(Some("A device token from `POST /device/token`"))
                .build(),
        ),
    );
    // The reports (`GET /accounts/{account}/reports/…`) also answer a usage-report token, in
    // place of an admin's session.
    doc.components.get_or_insert_with(Default::default).add_security_scheme(
        "report_token",
        utoipa::openapi::security::SecurityScheme::Http(
            utoipa::openapi::security::HttpBuilder::new()
                .scheme(utoipa::openapi::security::HttpAuthScheme::Bearer)
                .description(Some(
                    "A usage-report token (`swr_…`) from `POST /accounts/{account}/report-tokens`: the account's reports its \
                     scopes open, in place of an admin's session",
                ))
                .build(),
        ),
    );
    doc.servers = Some(vec![utoipa::openapi::Server::new("/api/v1")]);
    // The document describes itself too, so that it lists every route the router has.
    doc.paths.add_path_operation(
        "/openapi.json",
        vec![utoipa::openapi::HttpMethod::Get],
        utoipa::openapi::path::OperationBuilder::new()
            .tag("system")
            .operation_id(Some("openapi"))
            .summary(Some("This OpenAPI 3.1 document"))
            .response(
                "200",
                utoipa::openapi::ResponseBuilder::new()
                    .description("The document")
                    .content("application/json", utoipa::openapi::ContentBuilder::new().schema(Some(utoipa::openapi::ObjectBuilder::new())).build()),
            )
            .build(),
    );
    openapi::complete(&mut doc);
    openapi::link(&mut doc);
    (router, doc)
}

pub fn router(state: AppState) -> Router {
    let (api, doc) = api(&state);
    let doc = Arc::new(openapi::to_json(&doc));
    let api = api
        .route("/openapi.json", get(move || async move { Json(doc.as_ref().clone()) }))
        // Marked, so that a test can tell "no such route" from a handler's "no such object".
        .fallback(|| async { ([(HeaderName::from_static("x-seatwise-unrouted"), "1")], AppError::NotFound) })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), csrf))
        .layer(middleware::from_fn_with_state(state.clone(), request_timeout));

    let headers = Arc::new(SecurityHeaders {
        csp: content_security_policy(&state),
        hsts: (state.settings.public_url.scheme() == "https")
            .then(|| HeaderValue::from_static("max-age=31536000; includeSubDomains")),
    });
    let request_id = HeaderName::from_static("x-request-id");

    Router::new()
        .nest("/api/v1", api)
        // SCIM 2.0 for each account's identity provider (directory sync): bearer tokens, no cookies.
        .nest("/scim/v2", scim::router(state.clone()))
        .route("/api", get(|| async { AppError::NotFound }))
        .route("/api/{*rest}", axum::routing::any(|| async { AppError::NotFound }))
        .merge(web::router(state.settings.web_dir.clone()))
        .layer(middleware::from_fn(log_internal_errors))
        .layer(CatchPanicLayer::custom(|_| {
            AppError::Internal(anyhow::anyhow!("a request handler panicked")).into_response()
        }))
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Precise(5))
                // Release files go out as they are stored: byte ranges and Content-Length
                // refer to them, and installers do not compress anyway.
                .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/octet-stream"))),
        )
        .layer(middleware::from_fn_with_state(headers, security_headers))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &Request| {
                    let id = req
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
                .on_request(()),
        )
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// CSRF defence for state-changing calls: the app's custom header and an `Origin` equal to
/// the configured public URL's (and, through `ApiJson`, a JSON body). Cross-site pages can send
/// none of these without CORS, which this server never grants. The `Host` header is never
/// trusted for this: behind a proxy it can say anything.
async fn csrf(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // Calls that never read a cookie cannot be forged by another site's page.
    let path = req.uri().path();
    if licensing::is_cookieless(path.strip_prefix(seatwise_api::API_PREFIX).unwrap_or(path)) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let header_ok = headers.get(CSRF_HEADER).is_some_and(|v| v.as_bytes() == CSRF_HEADER_VALUE.as_bytes());
    let origin_ok = headers
        .get(header::ORIGIN)
        .is_some_and(|origin| origin.as_bytes() == state.settings.public_origin().as_bytes());
    if !(header_ok && origin_ok) {
        return AppError::Csrf.into_response();
    }
    // The JSON body itself is enforced by `ApiJson`, which every state-changing handler takes.
    next.run(req).await
}

/// Gives every API request at most `request_timeout` to produce its answer (the answer's body
/// may stream for longer: downloads). File uploads stream their body inside the handler, so
/// they are not timed.
async fn request_timeout(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let upload = req.method() == Method::POST && (path.ends_with("/files") || path.ends_with("/support/attachments"));
    if upload {
        return next.run(req).await;
    }
    match tokio::time::timeout(state.settings.request_timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::warn!("request timed out");
            AppError::Busy { retry_after: 5 }.into_response()
        }
    }
}

fn content_security_policy(state: &AppState) -> HeaderValue {
    let hashes: String =
        web::inline_script_hashes(&state.settings.web_dir).iter().map(|h| format!(" {h}")).collect();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    );
    HeaderValue::from_str(&csp).expect("CSP is ASCII")
}

struct SecurityHeaders {
    csp: HeaderValue,
    /// `Strict-Transport-Security`, when the portal is reached over https.
    hsts: Option<HeaderValue>,
}

/// Security headers on every response, errors and static files included.
async fn security_headers(State(sh): State<Arc<SecurityHeaders>>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, sh.csp.clone());
    if let Some(hsts) = &sh.hsts {
        h.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("cross-origin-resource-policy", HeaderValue::from_static("same-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Logs the details of internal errors inside the request's span (so with its id); the
/// client saw only `internal`.
async fn log_internal_errors(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if let Some(InternalError(e)) = res.extensions().get::<InternalError>() {
        tracing::error!(error = ?e, "internal error");
    }
    res
}

/// How long in-flight requests may take to finish at shutdown.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);
