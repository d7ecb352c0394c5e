//! Completes the OpenAPI document with the error answers every operation can give because of
//! the layers around it (CSRF, body and query parsing, sessions, the request timeout), and lists
//! the API's routes as the router registered them.

use utoipa::openapi::{
    path::{HttpMethod, Operation, ParameterIn},
    ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder,
};

/// Operations that answer without a session (every other one can answer 401).
const PUBLIC: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/config"),
    ("get", "/openapi.json"),
    ("get", "/dev/mailbox"),
    ("post", "/auth/sign-up"),
    ("post", "/auth/verify-email"),
    ("post", "/auth/sign-in"),
    ("post", "/auth/sign-out"),
    ("post", "/auth/forgot-password"),
    ("post", "/auth/reset-password"),
    ("post", "/invitations/lookup"),
    ("get", "/downloads/{file}"),
];

/// Every (method, path) of the document, as `("post", "/auth/sign-in")`.
pub fn operations(doc: &OpenApi) -> Vec<(String, String)> {
    let mut out = vec![];
    for (path, item) in &doc.paths.paths {
        for (method, op) in [
            ("get", &item.get),
            ("post", &item.post),
            ("put", &item.put),
            ("patch", &item.patch),
            ("delete", &item.delete),
            ("head", &item.head),
            ("options", &item.options),
            ("trace", &item.trace),
        ] {
            if op.is_some() {
                out.push((method.to_string(), path.clone()));
            }
        }
    }
    out
}

fn error(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content("application/json", ContentBuilder::new().schema(Some(Ref::from_schema_name("ErrorBody"))).build())
            .build(),
    )
}

fn add(op: &mut Operation, status: &str, description: &str) {
    op.responses.responses.entry(status.to_string()).or_insert_with(|| error(description));
}

/// Adds the answers the middleware and extractors give to every operation that can get them.
pub fn complete(doc: &mut OpenApi) {
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in [
            (HttpMethod::Get, &mut item.get),
            (HttpMethod::Post, &mut item.post),
            (HttpMethod::Put, &mut item.put),
            (HttpMethod::Patch, &mut item.patch),
            (HttpMethod::Delete, &mut item.delete),
        ] {
            let Some(op) = op.as_mut() else { continue };
            let name = match method {
                HttpMethod::Get => "get",
                HttpMethod::Post => "post",
                HttpMethod::Put => "put",
                HttpMethod::Patch => "patch",
                _ => "delete",
            };
            let changes_state = !matches!(method, HttpMethod::Get);
            let params = op.parameters.as_deref().unwrap_or_default();
            let has_query = params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Query));
            let has_path = params.iter().any(|p| matches!(p.parameter_in, ParameterIn::Path));
            let json_body = op
                .request_body
                .as_ref()
                .is_some_and(|b| b.content.contains_key("application/json"));
            let any_body = op.request_body.is_some();
            if json_body || has_query {
                add(op, "400", "The JSON body or the query string could not be read (`invalid_json`, `invalid_query`)");
            }
            if !PUBLIC.contains(&(name, path.as_str())) {
                add(op, "401", "No valid session (`unauthenticated`)");
            }
            if changes_state {
                add(op, "403", "Refused: the CSRF checks failed (`csrf_rejected`) or the caller may not do this");
            }
            if has_path {
                add(op, "404", "No such object, or one of another account (`not_found`)");
            }
            if any_body {
                add(op, "413", "The body is larger than the server accepts (`payload_too_large`)");
                add(op, "415", "The body is not of the documented content type (`unsupported_media_type`)");
            }
            if json_body {
                add(op, "422", "A field was refused; `fields` names each (`validation_failed`)");
            }
            add(op, "503", "The server is at capacity or the request took too long; see `Retry-After` (`server_busy`)");
        }
    }
}
