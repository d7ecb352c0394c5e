//! The SCIM 2.0 endpoint of each account, `/scim/v2/{account}/…` (directory sync). It answers
//! a bearer token of that account only (while sync is on), speaks `application/scim+json`,
//! and logs each request for the account's settings page. Not part of the OpenAPI document:
//! SCIM describes itself (`ServiceProviderConfig`, `ResourceTypes`, `Schemas`).

use axum::{
    body::Bytes,
    extract::{Path, Query, Request, State},
    http::{header, HeaderMap, Method, StatusCode},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
    Router,
};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::{
    domain::{
        directory::{Endpoint, ListQuery},
        scim::{self, etag, scim_json, Outcome, ScimError, Selection, SEARCH_SCHEMA},
        scim_filter::get_ci,
        secret::token_hash,
    },
    state::AppState,
};

pub fn router(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/{account}/ServiceProviderConfig", get(service_provider_config))
        .route("/{account}/ResourceTypes", get(resource_types))
        .route("/{account}/ResourceTypes/{id}", get(resource_type))
        .route("/{account}/Schemas", get(schemas))
        .route("/{account}/Schemas/{id}", get(schema))
        .route("/{account}/Users", get(list_users).post(create_user))
        .route("/{account}/Users/.search", post(search_users))
        .route("/{account}/Users/{id}", get(get_user).put(replace_user).patch(patch_user).delete(delete_user))
        .route("/{account}/Groups", get(list_groups).post(create_group))
        .route("/{account}/Groups/.search", post(search_groups))
        .route("/{account}/Groups/{id}", get(get_group).put(replace_group).patch(patch_group).delete(delete_group))
        .route("/{account}/.search", post(search_all))
        .fallback(|| async { ScimError::not_found("No such SCIM endpoint") })
        .method_not_allowed_fallback(|| async { ScimError::new(StatusCode::METHOD_NOT_ALLOWED, None, "Method not allowed") })
        .layer(axum::extract::DefaultBodyLimit::max(scim::MAX_BODY))
        .layer(middleware::from_fn_with_state(state, authenticate))
}

/// The account named in the path, when the bearer token is one of its live tokens.
async fn authenticate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    let account = path.trim_start_matches('/').split('/').next().unwrap_or_default().to_string();
    let bearer = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.get(..7).filter(|p| p.eq_ignore_ascii_case("bearer ")).map(|_| v[7..].trim().to_string()));
    let now = state.clock.unix();
    let authorized = match &bearer {
        Some(secret) if !account.is_empty() => state.db.use_scim_token(&account, &token_hash(secret), now).await.ok().flatten().is_some(),
        _ => false,
    };
    let known_account = state.db.account(&account).await.ok().flatten().is_some();
    let response = if authorized {
        next.run(req).await
    } else {
        ScimError::unauthorized().into_response()
    };
    // The request log of the account (only of an account that exists).
    if known_account {
        let status = response.status().as_u16();
        let (outcome, detail) = match response.extensions().get::<Outcome>() {
            Some(Outcome(o, d)) => (*o, d.clone()),
            None => (
                match (method.clone(), status) {
                    (Method::POST, 201) => "created",
                    (Method::DELETE, 204) => "deleted",
                    _ => "ok",
                },
                String::new(),
            ),
        };
        // The path below the account's base URL (`/Users/…`).
        let shown = path.trim_start_matches('/').split_once('/').map(|(_, rest)| format!("/{rest}")).unwrap_or_else(|| "/".into());
        if let Err(e) = state.db.log_scim_request(&account, now, method.as_str(), &shown, status, outcome, &detail).await {
            tracing::warn!(error = %e, "could not log a SCIM request");
        }
    }
    let mut response = response;
    if response.status() == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer realm=\"scim\""));
    }
    response
}

fn endpoint<'a>(state: &'a AppState, account: &'a str) -> Endpoint<'a> {
    Endpoint { state, account_id: account, base: state.settings.link(&format!("/scim/v2/{account}")) }
}

/// The body as JSON (SCIM's or plain JSON media type).
fn body_json(headers: &HeaderMap, body: &Bytes) -> Result<Value, ScimError> {
    if let Some(ct) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) {
        let ct = ct.to_ascii_lowercase();
        if !ct.starts_with("application/scim+json") && !ct.starts_with("application/json") {
            return Err(ScimError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, None, "Send application/scim+json"));
        }
    }
    serde_json::from_slice(body).map_err(|e| ScimError::invalid_syntax(format!("The body is not valid JSON: {e}")))
}

fn if_match(headers: &HeaderMap) -> Option<String> {
    headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// A resource with its ETag; 304 when If-None-Match names its version.
fn resource(status: StatusCode, headers: &HeaderMap, body: Value, version: i64) -> Response {
    if status == StatusCode::OK {
        if let Some(h) = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) {
            if scim::etag_matches(h, version) {
                let mut r = StatusCode::NOT_MODIFIED.into_response();
                r.headers_mut().insert(header::ETAG, etag(version).parse().expect("etag"));
                return r;
            }
        }
    }
    let location = get_ci(&body, "meta").and_then(|m| get_ci(m, "location")).and_then(Value::as_str).map(str::to_string);
    let mut r = scim_json(status, &body);
    r.headers_mut().insert(header::ETAG, etag(version).parse().expect("etag"));
    if status == StatusCode::CREATED {
        if let Some(l) = location.and_then(|l| l.parse().ok()) {
            r.headers_mut().insert(header::LOCATION, l);
        }
    }
    r
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListParams {
    filter: Option<String>,
    start_index: Option<String>,
    count: Option<String>,
    attributes: Option<String>,
    excluded_attributes: Option<String>,
    sort_by: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    attributes: Option<String>,
    excluded_attributes: Option<String>,
}

fn number(v: Option<&str>, name: &str) -> Result<Option<i64>, ScimError> {
    v.map(|s| s.trim().parse::<i64>().map_err(|_| ScimError::invalid_value(format!("{name} is a number"))))
        .transpose()
}

impl ListParams {
    fn query(self) -> Result<ListQuery, ScimError> {
        let _ = self.sort_by;
        Ok(ListQuery {
            start_index: number(self.start_index.as_deref(), "startIndex")?,
            count: number(self.count.as_deref(), "count")?,
            selection: Selection::new(self.attributes.as_deref(), self.excluded_attributes.as_deref()),
            filter: self.filter,
        })
    }
}

/// A SearchRequest body (POST …/.search) as list parameters.
fn search_params(headers: &HeaderMap, body: &Bytes) -> Result<ListQuery, ScimError> {
    let v = body_json(headers, body)?;
    let named = get_ci(&v, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|x| x.as_str().is_some_and(|x| x.eq_ignore_ascii_case(SEARCH_SCHEMA))));
    if !named {
        return Err(ScimError::invalid_syntax(format!("A search names the schema {SEARCH_SCHEMA}")));
    }
    let list = |k: &str| match get_ci(&v, k) {
        Some(Value::Array(a)) => Some(a.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(",")),
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let int = |k: &str| get_ci(&v, k).and_then(Value::as_i64);
    Ok(ListQuery {
        filter: get_ci(&v, "filter").and_then(Value::as_str).map(str::to_string),
        start_index: int("startIndex"),
        count: int("count"),
        selection: Selection::new(list("attributes").as_deref(), list("excludedAttributes").as_deref()),
    })
}

type ScimResponse = Result<Response, ScimError>;

async fn service_provider_config(State(state): State<AppState>, Path(account): Path<String>) -> ScimResponse {
    Ok(scim_json(StatusCode::OK, &scim::service_provider_config(&endpoint(&state, &account).base)))
}

async fn resource_types(State(state): State<AppState>, Path(account): Path<String>) -> ScimResponse {
    let all = scim::resource_types(&endpoint(&state, &account).base);
    let n = all.len();
    Ok(scim_json(StatusCode::OK, &scim::list_response(all, n, 1)))
}

async fn resource_type(State(state): State<AppState>, Path((account, id)): Path<(String, String)>) -> ScimResponse {
    scim::resource_types(&endpoint(&state, &account).base)
        .into_iter()
        .find(|r| r["id"] == json!(id))
        .map(|r| scim_json(StatusCode::OK, &r))
        .ok_or_else(|| ScimError::not_found(format!("No resource type {id}")))
}

async fn schemas(State(state): State<AppState>, Path(account): Path<String>) -> ScimResponse {
    let all = scim::schemas(&endpoint(&state, &account).base);
    let n = all.len();
    Ok(scim_json(StatusCode::OK, &scim::list_response(all, n, 1)))
}

async fn schema(State(state): State<AppState>, Path((account, id)): Path<(String, String)>) -> ScimResponse {
    scim::schemas(&endpoint(&state, &account).base)
        .into_iter()
        .find(|r| r["id"].as_str().is_some_and(|x| x.eq_ignore_ascii_case(&id)))
        .map(|r| scim_json(StatusCode::OK, &r))
        .ok_or_else(|| ScimError::not_found(format!("No schema {id}")))
}

// ---- users ----------------------------------------------------------------------------------

async fn list_users(State(state): State<AppState>, Path(account): Path<String>, Query(p): Query<ListParams>) -> ScimResponse {
    let list = endpoint(&state, &account).list_users(&p.query()?).await?;
    Ok(scim_json(StatusCode::OK, &list))
}

async fn search_users(State(state): State<AppState>, Path(account): Path<String>, headers: HeaderMap, body: Bytes) -> ScimResponse {
    let list = endpoint(&state, &account).list_users(&search_params(&headers, &body)?).await?;
    Ok(scim_json(StatusCode::OK, &list))
}

async fn create_user(State(state): State<AppState>, Path(account): Path<String>, Query(p): Query<GetParams>, headers: HeaderMap, body: Bytes) -> ScimResponse {
    let (v, version) = endpoint(&state, &account).create_user(&body_json(&headers, &body)?).await?;
    let v = Selection::new(p.attributes.as_deref(), p.excluded_attributes.as_deref()).apply(v);
    Ok(resource(StatusCode::CREATED, &headers, v, version))
}

async fn get_user(State(state): State<AppState>, Path((account, id)): Path<(String, String)>, Query(p): Query<GetParams>, headers: HeaderMap) -> ScimResponse {
    let (v, version) = endpoint(&state, &account).get_user(&id).await?;
    let v = Selection::new(p.attributes.as_deref(), p.excluded_attributes.as_deref()).apply(v);
    Ok(resource(StatusCode::OK, &headers, v, version))
}

async fn replace_user(
    State(state): State<AppState>,
    Path((account, id)): Path<(String, String)>,
    Query(p): Query<GetParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ScimResponse {
    let (v, version) = endpoint(&state, &account).replace_user(&id, &body_json(&headers, &body)?, if_match(&headers).as_deref()).await?;
    let v = Selection::new(p.attributes.as_deref(), p.excluded_attributes.as_deref()).apply(v);
    Ok(resource(StatusCode::OK, &HeaderMap::new(), v, version))
}

async fn patch_user(
    State(state): State<AppState>,
    Path((account, id)): Path<(String, String)>,
    Query(p): Query<GetParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ScimResponse {
    let (v, version) = endpoint(&state, &account).patch_user(&id, &body_json(&headers, &body)?, if_match(&headers).as_deref()).await?;
    let v = Selection::new(p.attributes.as_deref(), p.excluded_attributes.as_deref()).apply(v);
    Ok(resource(StatusCode::OK, &HeaderMap::new(), v, version))
}

async fn delete_user(State(state): State<AppState>, Path((account, id)): Path<(String, String)>, headers: HeaderMap) -> ScimResponse {
    endpoint(&state, &account).delete_user(&id, if_match(&headers).as_deref()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

// ---- groups ---------------------------------------------------------------------------------

async fn list_groups(State(state): State<AppState>, Path(account): Path<String>, Query(p): Query<ListParams>) -> ScimResponse {
    let list = endpoint(&state, &account).list_groups(&p.query()?).await?;
    Ok(scim_json(StatusCode::OK, &list))
}

async fn search_groups(State(state): State<AppState>, Path(account): Path<String>, headers: HeaderMap, body: Bytes) -> ScimResponse {
    let list = endpoint(&state, &account).list_groups(&search_params(&headers, &body)?).await?;
    Ok(scim_json(StatusCode::OK, &list))
}

/// `POST /.search` at the root: users and groups together (users first).
async fn search_all(State(state): State<AppState>, Path(account): Path<String>, headers: HeaderMap, body: Bytes) -> ScimResponse {
    let q = search_params(&headers, &body)?;
    let e = endpoint(&state, &account);
    let first = |q: &ListQuery| ListQuery {
        filter: q.filter.clone(),
        start_index: Some(1),
        count: Some(scim::MAX_RESULTS as i64),
        selection: q.selection.clone(),
    };
    let users = e.list_users(&first(&q)).await?;
    let groups = e.list_groups(&first(&q)).await?;
    let mut resources: Vec<Value> = Vec::new();
    for l in [&users, &groups] {
        resources.extend(l["Resources"].as_array().cloned().unwrap_or_default());
    }
    let total = resources.len();
    let start = q.start_index.unwrap_or(1).max(1) as usize;
    let count = q.count.unwrap_or(scim::MAX_RESULTS as i64).clamp(0, scim::MAX_RESULTS as i64) as usize;
    let page: Vec<Value> = resources.into_iter().skip(start - 1).take(count).collect();
    Ok(scim_json(StatusCode::OK, &scim::list_response(page, total, start)))
}

async fn create_group(State(state): State<AppState>, Path(account): Path<String>, Query(p): Query<GetParams>, headers: HeaderMap, body: Bytes) -> ScimResponse {
    let (v, version) = endpoint(&state, &account).create_group(&body_json(&headers, &body)?).await?;
    let v = Selection::new(p.attributes.as_deref(), p.excluded_attributes.as_deref()).apply(v);
    Ok(resource(StatusCode::CREATED, &headers, v, version))
}

async fn get_group(State(state): State<AppState>, Path((account, id)): Path<(String, String)>, Query(p): Query<GetParams>, headers: HeaderMap) -> ScimResponse {
    let selection = Selection::new(p.attributes.as_deref(), p.excluded_attributes.as_deref());
    let (v, version) = endpoint(&state, &account).get_group(&id, &selection).await?;
    Ok(resource(StatusCode::OK, &headers, selection.apply(v), version))
}

async fn replace_group(
    State(state): State<AppState>,
    Path((account, id)): Path<(String, String)>,
    Query(p): Query<GetParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ScimResponse {
    let (v, version) = endpoint(&state, &account).replace_group(&id, &body_json(&headers, &body)?, if_match(&headers).as_deref()).await?;
    let v = Selection::new(p.attributes.as_deref(), p.excluded_attributes.as_deref()).apply(v);
    Ok(resource(StatusCode::OK, &HeaderMap::new(), v, version))
}

/// A group PATCH answers the group when `attributes` asks for it, else 204 (RFC 7644
/// §3.5.2: either is allowed), so that a change to a large group does not send it back whole.
async fn patch_group(
    State(state): State<AppState>,
    Path((account, id)): Path<(String, String)>,
    Query(p): Query<GetParams>,
    headers: HeaderMap,
    body: Bytes,
) -> ScimResponse {
    let e = endpoint(&state, &account);
    let version = e.patch_group(&id, &body_json(&headers, &body)?, if_match(&headers).as_deref()).await?;
    if p.attributes.is_some() || p.excluded_attributes.is_some() {
        let selection = Selection::new(p.attributes.as_deref(), p.excluded_attributes.as_deref());
        let (v, version) = e.get_group(&id, &selection).await?;
        return Ok(resource(StatusCode::OK, &HeaderMap::new(), selection.apply(v), version));
    }
    let mut r = StatusCode::NO_CONTENT.into_response();
    r.headers_mut().insert(header::ETAG, etag(version).parse().expect("etag"));
    Ok(r)
}

async fn delete_group(State(state): State<AppState>, Path((account, id)): Path<(String, String)>, headers: HeaderMap) -> ScimResponse {
    endpoint(&state, &account).delete_group(&id, if_match(&headers).as_deref()).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
