//! Completes the OpenAPI document with the error answers every operation can give because of
//! the layers around it (CSRF, body and query parsing, sessions, the request timeout), and lists
//! the API's routes as the router registered them.

use std::collections::BTreeMap;

use utoipa::openapi::{
    link::LinkBuilder,
    path::{HttpMethod, Operation, ParameterIn},
    ContentBuilder, OpenApi, Ref, RefOr, ResponseBuilder,
};

/// Operations that answer without a session (every other one can answer 401).
const PUBLIC: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/config"),
    ("get", "/openapi.json"),
    ("get", "/dev/mailbox"),
    ("get", "/dev/texts"),
    ("post", "/auth/sign-up"),
    ("post", "/auth/verify-email"),
    ("post", "/auth/sign-in"),
    ("post", "/auth/sign-out"),
    ("post", "/auth/forgot-password"),
    ("post", "/auth/reset-password"),
    ("post", "/invitations/lookup"),
    ("get", "/downloads/{file}"),
    ("post", "/device/authorize"),
    ("post", "/device/token"),
    ("get", "/licensing/keys"),
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
            if json_body || has_query {
                add(op, "422", "A field was refused; `fields` names each (`validation_failed`)");
            }
            add(op, "503", "The server is at capacity or the request took too long; see `Retry-After` (`server_busy`)");
        }
    }
}

/// Where a path parameter's values come from: (parameter, the list operation (GET) that shows
/// them, JSON pointer into its answer). Links from these lists to the operations that take the
/// parameter let a client (and Schemathesis's stateful phase) walk from a list to its objects.
const SOURCES: &[(&str, &str, &str)] = &[
    ("account", "/accounts", "/accounts/0/id"),
    ("user", "/accounts/{account}/members", "/members/0/user_id"),
    ("subscription", "/accounts/{account}/subscriptions", "/subscriptions/0/id"),
    ("team", "/accounts/{account}/teams", "/teams/0/id"),
    ("invitation", "/accounts/{account}/invitations", "/invitations/0/id"),
    ("code", "/accounts/{account}/products", "/products/0/code"),
    ("request", "/accounts/{account}/requests", "/requests/0/id"),
    ("package", "/accounts/{account}/packages", "/packages/0/id"),
    ("account", "/vendor/accounts", "/accounts/0/id"),
    ("contract", "/vendor/accounts/{account}", "/contracts/0/id"),
    ("product", "/vendor/catalogue", "/products/0/id"),
    ("release", "/vendor/catalogue", "/products/0/releases/0/id"),
    ("file", "/vendor/catalogue", "/products/0/releases/0/files/0/id"),
    ("request", "/vendor/requests", "/requests/0/id"),
];

fn path_params(path: &str) -> Vec<&str> {
    path.split('/').filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}')).collect()
}

fn area(path: &str) -> &str {
    if path.starts_with("/vendor/") { "vendor" } else { "customer" }
}

/// Adds OpenAPI links from the list operations of [`SOURCES`] to every operation whose last
/// path parameter they provide (the others are passed on from the list's own request).
pub fn link(doc: &mut OpenApi) {
    let mut links: BTreeMap<&str, Vec<(String, utoipa::openapi::link::Link)>> = BTreeMap::new();
    for (path, item) in &doc.paths.paths {
        for op in [&item.get, &item.post, &item.put, &item.patch, &item.delete].into_iter().flatten() {
            let params = path_params(path);
            let Some(last) = params.last() else { continue };
            let Some(op_id) = op.operation_id.as_deref() else { continue };
            let Some((_, source, pointer)) = SOURCES
                .iter()
                .find(|(p, src, _)| p == last && area(src) == area(path) && path_params(src).iter().all(|q| params.contains(q)))
            else {
                continue;
            };
            if params.len() != path_params(source).len() + 1 {
                continue;
            }
            let mut b = LinkBuilder::new().operation_id(op_id).parameter(*last, format!("$response.body#{pointer}"));
            for q in path_params(source) {
                b = b.parameter(q, format!("$request.path.{q}"));
            }
            links.entry(source).or_default().push((op_id.to_string(), b.build()));
        }
    }
    for (source, list) in links {
        let Some(get) = doc.paths.paths.get_mut(source).and_then(|i| i.get.as_mut()) else { continue };
        if let Some(RefOr::T(ok)) = get.responses.responses.get_mut("200") {
            for (name, l) in list {
                ok.links.insert(name, RefOr::T(l));
            }
        }
    }
}

/// The document as served. utoipa 5.5 writes a link's fields in snake case
/// (`operation_id`), which OpenAPI spells `operationId`: this fixes the spelling.
pub fn to_json(doc: &OpenApi) -> serde_json::Value {
    let mut v = serde_json::to_value(doc).expect("the OpenAPI document serialises");
    if let Some(paths) = v.get_mut("paths").and_then(|p| p.as_object_mut()) {
        for item in paths.values_mut().filter_map(|i| i.as_object_mut()) {
            for op in item.values_mut().filter_map(|o| o.as_object_mut()) {
                let Some(responses) = op.get_mut("responses").and_then(|r| r.as_object_mut()) else { continue };
                for links in responses.values_mut().filter_map(|r| r.get_mut("links")).filter_map(|l| l.as_object_mut()) {
                    for link in links.values_mut().filter_map(|l| l.as_object_mut()) {
                        for (snake, camel) in [("operation_id", "operationId"), ("operation_ref", "operationRef"), ("request_body", "requestBody")] {
                            if let Some(x) = link.remove(snake) {
                                link.insert(camel.to_string(), x);
                            }
                        }
                    }
                }
            }
        }
    }
    v
}
