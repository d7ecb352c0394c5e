//! SCIM 2.0 (RFC 7643/7644) for directory sync: the schemas we support (one table serves the
//! `/Schemas` document, request checking and responses), SCIM's error body, attribute
//! selection, and the discovery documents.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{json, Map, Value};

use super::scim_filter::{get_ci, strip_urn};

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
pub const SEARCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
pub const SPC_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
pub const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
pub const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// Largest page of a list.
pub const MAX_RESULTS: usize = 200;
/// Largest request body.
pub const MAX_BODY: usize = 1024 * 1024;
/// Most operations in one PATCH.
pub const MAX_OPERATIONS: usize = 1000;

/// An error in SCIM's format (RFC 7644 §3.12).
#[derive(Debug, Clone)]
pub struct ScimError {
    pub status: StatusCode,
    pub scim_type: Option<&'static str>,
    pub detail: String,
}

impl ScimError {
    pub fn new(status: StatusCode, scim_type: Option<&'static str>, detail: impl Into<String>) -> Self {
        ScimError { status, scim_type, detail: detail.into() }
    }
    pub fn invalid_value(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("invalidValue"), detail)
    }
    pub fn invalid_syntax(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("invalidSyntax"), detail)
    }
    pub fn invalid_filter(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("invalidFilter"), detail)
    }
    pub fn invalid_path(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("invalidPath"), detail)
    }
    pub fn no_target(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("noTarget"), detail)
    }
    pub fn mutability(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some("mutability"), detail)
    }
    pub fn uniqueness(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, Some("uniqueness"), detail)
    }
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, None, detail)
    }
    pub fn precondition() -> Self {
        Self::new(StatusCode::PRECONDITION_FAILED, None, "The resource changed since the version given in If-Match")
    }
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, None, "A valid bearer token of this account is required, and directory sync must be on")
    }
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, None, detail)
    }

    /// A short code for the settings page's request log (translated there).
    pub fn outcome(&self) -> &'static str {
        match (self.status.as_u16(), self.scim_type) {
            (_, Some(t)) => match t {
                "invalidValue" => "invalid_value",
                "invalidSyntax" => "invalid_syntax",
                "invalidFilter" => "invalid_filter",
                "invalidPath" | "noTarget" => "invalid_path",
                "mutability" => "mutability",
                "uniqueness" => "uniqueness",
                "tooMany" => "too_many",
                _ => "invalid_value",
            },
            (401, _) => "unauthorized",
            (404, _) => "not_found",
            (409, _) => "conflict",
            (412, _) => "precondition_failed",
            (413, _) => "too_large",
            (500.., _) => "server_error",
            _ => "invalid_value",
        }
    }
}

impl From<crate::error::AppError> for ScimError {
    fn from(e: crate::error::AppError) -> Self {
        tracing::error!(error = ?e, "SCIM request failed");
        ScimError::new(StatusCode::INTERNAL_SERVER_ERROR, None, "An internal error occurred")
    }
}

impl From<sqlx::Error> for ScimError {
    fn from(e: sqlx::Error) -> Self {
        crate::error::AppError::from(e).into()
    }
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        let mut body = json!({"schemas": [ERROR_SCHEMA], "status": self.status.as_u16().to_string(), "detail": self.detail});
        if let Some(t) = self.scim_type {
            body["scimType"] = json!(t);
        }
        let mut r = scim_json(self.status, &body);
        r.extensions_mut().insert(Outcome(self.outcome(), self.detail.clone()));
        r
    }
}

/// What a SCIM response did, for the request log: (code, detail).
#[derive(Clone, Debug)]
pub struct Outcome(pub &'static str, pub String);

/// A response with SCIM's media type.
pub fn scim_json(status: StatusCode, body: &Value) -> Response {
    let mut r = (status, body.to_string()).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/scim+json"));
    r
}

// ---- the schemas ------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Str,
    Bool,
    Complex,
    Reference,
    DateTime,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mutability {
    ReadWrite,
    ReadOnly,
    Immutable,
}

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: &'static str,
    pub kind: Kind,
    pub multi: bool,
    pub required: bool,
    pub case_exact: bool,
    pub mutability: Mutability,
    pub returned: &'static str,
    pub uniqueness: &'static str,
    pub subs: Vec<Attr>,
    pub reference_types: &'static [&'static str],
    pub canonical: &'static [&'static str],
}

fn a(name: &'static str, kind: Kind) -> Attr {
    Attr {
        name,
        kind,
        multi: false,
        required: false,
        case_exact: false,
        mutability: Mutability::ReadWrite,
        returned: "default",
        uniqueness: "none",
        subs: vec![],
        reference_types: &[],
        canonical: &[],
    }
}

impl Attr {
    fn multi(mut self) -> Self {
        self.multi = true;
        self
    }
    fn required(mut self) -> Self {
        self.required = true;
        self
    }
    fn exact(mut self) -> Self {
        self.case_exact = true;
        self
    }
    fn read_only(mut self) -> Self {
        self.mutability = Mutability::ReadOnly;
        self
    }
    fn immutable(mut self) -> Self {
        self.mutability = Mutability::Immutable;
        self
    }
    fn subs(mut self, subs: Vec<Attr>) -> Self {
        self.subs = subs;
        self
    }
    fn refs(mut self, r: &'static [&'static str]) -> Self {
        self.reference_types = r;
        self
    }
    fn unique(mut self) -> Self {
        self.uniqueness = "server";
        self
    }

    pub fn sub(&self, name: &str) -> Option<&Attr> {
        self.subs.iter().find(|s| s.name.eq_ignore_ascii_case(name))
    }

    fn to_json(&self) -> Value {
        let kind = match self.kind {
            Kind::Str => "string",
            Kind::Bool => "boolean",
            Kind::Complex => "complex",
            Kind::Reference => "reference",
            Kind::DateTime => "dateTime",
        };
        let mut v = json!({
            "name": self.name,
            "type": kind,
            "multiValued": self.multi,
            "description": self.name,
            "required": self.required,
            "caseExact": self.case_exact,
            "mutability": match self.mutability { Mutability::ReadWrite => "readWrite", Mutability::ReadOnly => "readOnly", Mutability::Immutable => "immutable" },
            "returned": self.returned,
            "uniqueness": self.uniqueness,
        });
        if !self.subs.is_empty() {
            v["subAttributes"] = Value::Array(self.subs.iter().map(Attr::to_json).collect());
        }
        if !self.reference_types.is_empty() {
            v["referenceTypes"] = json!(self.reference_types);
        }
        if !self.canonical.is_empty() {
            v["canonicalValues"] = json!(self.canonical);
        }
        v
    }
}

fn multi_valued(value_kind: Kind, extra: Vec<Attr>) -> Vec<Attr> {
    let mut subs = vec![a("value", value_kind), a("display", Kind::Str), a("type", Kind::Str), a("primary", Kind::Bool)];
    subs.extend(extra);
    subs
}

/// The attributes of a User we keep and return.
pub fn user_attrs() -> Vec<Attr> {
    vec![
        a("userName", Kind::Str).required().unique(),
        a("name", Kind::Complex).subs(vec![
            a("formatted", Kind::Str),
            a("familyName", Kind::Str),
            a("givenName", Kind::Str),
            a("middleName", Kind::Str),
            a("honorificPrefix", Kind::Str),
            a("honorificSuffix", Kind::Str),
        ]),
        a("displayName", Kind::Str),
        a("nickName", Kind::Str),
        a("title", Kind::Str),
        a("userType", Kind::Str),
        a("preferredLanguage", Kind::Str),
        a("locale", Kind::Str),
        a("timezone", Kind::Str),
        a("active", Kind::Bool),
        // Required here: a member is a person with an email address (the userName may be
        // anything the directory uses).
        a("emails", Kind::Complex).multi().required().subs(vec![
            a("value", Kind::Str).required(),
            a("display", Kind::Str),
            a("type", Kind::Str),
            a("primary", Kind::Bool),
        ]),
        a("phoneNumbers", Kind::Complex).multi().subs(multi_valued(Kind::Str, vec![])),
        a("addresses", Kind::Complex).multi().subs(vec![
            a("formatted", Kind::Str),
            a("streetAddress", Kind::Str),
            a("locality", Kind::Str),
            a("region", Kind::Str),
            a("postalCode", Kind::Str),
            a("country", Kind::Str),
            a("type", Kind::Str),
            a("primary", Kind::Bool),
        ]),
        a("groups", Kind::Complex).multi().read_only().subs(vec![
            a("value", Kind::Str).read_only().exact(),
            a("$ref", Kind::Reference).read_only().refs(&["Group"]),
            a("display", Kind::Str).read_only(),
            a("type", Kind::Str).read_only(),
        ]),
    ]
}

/// The attributes of a Group.
pub fn group_attrs() -> Vec<Attr> {
    vec![
        a("displayName", Kind::Str).required().unique(),
        // Members are users of this directory (by id); a display name or type sent with one is
        // not kept.
        a("members", Kind::Complex).multi().subs(vec![
            a("value", Kind::Str).immutable().exact(),
            a("$ref", Kind::Reference).immutable().refs(&["User"]),
        ]),
    ]
}

/// `externalId`, common to both (RFC 7643 §3.1).
fn external_id() -> Attr {
    a("externalId", Kind::Str).exact()
}

pub fn find<'a>(attrs: &'a [Attr], name: &str) -> Option<&'a Attr> {
    attrs.iter().find(|x| x.name.eq_ignore_ascii_case(name))
}

/// Checks a value's type against its attribute (one value of a multi-valued one when `item`).
fn check_value(attr: &Attr, v: &Value, item: bool) -> Result<Value, ScimError> {
    if attr.multi && !item {
        return match v {
            Value::Array(items) => Ok(Value::Array(items.iter().map(|i| check_value(attr, i, true)).collect::<Result<_, _>>()?)),
            Value::Null => Ok(Value::Array(vec![])),
            // A single value where a list belongs is taken as a list of one.
            other => Ok(Value::Array(vec![check_value(attr, other, true)?])),
        };
    }
    let bad = || ScimError::invalid_value(format!("\"{}\" has a value of the wrong type", attr.name));
    match attr.kind {
        Kind::Str | Kind::Reference | Kind::DateTime => v.as_str().map(|s| json!(s)).ok_or_else(bad),
        Kind::Bool => match v {
            Value::Bool(b) => Ok(json!(b)),
            // Some identity providers send "True"/"False".
            Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(json!(true)),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(json!(false)),
            _ => Err(bad()),
        },
        Kind::Complex => {
            let obj = v.as_object().ok_or_else(bad)?;
            let mut out = Map::new();
            for (k, val) in obj {
                let Some(sub) = attr.sub(k) else { continue };
                if val.is_null() {
                    continue;
                }
                out.insert(sub.name.to_string(), check_value(sub, val, false)?);
            }
            Ok(Value::Object(out))
        }
    }
}

/// The writable attributes of a resource sent by the client, checked and with their canonical
/// names; read-only and unknown attributes are dropped (RFC 7644 §3.3: ignored).
pub fn clean(attrs: &[Attr], body: &Value) -> Result<Map<String, Value>, ScimError> {
    let obj = body.as_object().ok_or_else(|| ScimError::invalid_syntax("The body must be a JSON object"))?;
    let mut out = Map::new();
    for (k, v) in obj {
        let key = strip_urn(k);
        if key.eq_ignore_ascii_case("externalId") {
            if !v.is_null() {
                out.insert("externalId".into(), check_value(&external_id(), v, false)?);
            }
            continue;
        }
        let Some(attr) = find(attrs, key) else { continue };
        if attr.mutability == Mutability::ReadOnly || v.is_null() {
            continue;
        }
        out.insert(attr.name.to_string(), check_value(attr, v, false)?);
    }
    for attr in attrs.iter().filter(|x| x.required) {
        match out.get(attr.name) {
            Some(Value::String(s)) if !s.trim().is_empty() => {}
            Some(Value::Array(items)) if !items.is_empty() => {}
            _ => return Err(ScimError::invalid_value(format!("\"{}\" is required", attr.name))),
        }
    }
    // At most one primary value per multi-valued attribute.
    for attr in attrs.iter().filter(|x| x.multi) {
        if let Some(Value::Array(items)) = out.get(attr.name) {
            if items.iter().filter(|i| get_ci(i, "primary") == Some(&json!(true))).count() > 1 {
                return Err(ScimError::invalid_value(format!("\"{}\" has more than one primary value", attr.name)));
            }
        }
    }
    Ok(out)
}

/// Which attributes to return (RFC 7644 §3.9).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub attributes: Vec<(String, Option<String>)>,
    pub excluded: Vec<(String, Option<String>)>,
}

fn paths(list: Option<&str>) -> Vec<(String, Option<String>)> {
    list.unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            let s = strip_urn(s);
            let mut p = s.splitn(2, '.');
            (p.next().unwrap_or_default().to_lowercase(), p.next().map(str::to_lowercase))
        })
        .collect()
}

impl Selection {
    pub fn new(attributes: Option<&str>, excluded: Option<&str>) -> Self {
        Selection { attributes: paths(attributes), excluded: paths(excluded) }
    }

    pub fn excludes(&self, attr: &str) -> bool {
        self.excluded.iter().any(|(a, s)| a == attr && s.is_none())
            || (!self.attributes.is_empty() && !self.attributes.iter().any(|(a, _)| a == attr))
    }

    /// Applies the selection to a full resource. `id`, `schemas` and `meta` stay (returned
    /// always, by our reading of §3.9 for `meta`'s sake of clients keeping versions).
    pub fn apply(&self, mut resource: Value) -> Value {
        let Some(obj) = resource.as_object_mut() else { return resource };
        let always = |k: &str| ["id", "schemas", "meta"].iter().any(|x| x.eq_ignore_ascii_case(k));
        if !self.attributes.is_empty() {
            let keys: Vec<String> = obj.keys().cloned().collect();
            for k in keys {
                if always(&k) {
                    continue;
                }
                let lk = k.to_lowercase();
                let wanted: Vec<&Option<String>> = self.attributes.iter().filter(|(a, _)| *a == lk).map(|(_, s)| s).collect();
                if wanted.is_empty() {
                    obj.remove(&k);
                } else if !wanted.iter().any(|s| s.is_none()) {
                    let subs: Vec<&String> = wanted.iter().filter_map(|s| s.as_ref()).collect();
                    keep_subs(obj.get_mut(&k).expect("key"), &subs);
                }
            }
        }
        for (a, s) in &self.excluded {
            let keys: Vec<String> = obj.keys().filter(|k| k.eq_ignore_ascii_case(a) && !always(k)).cloned().collect();
            for k in keys {
                match s {
                    None => {
                        obj.remove(&k);
                    }
                    Some(sub) => drop_sub(obj.get_mut(&k).expect("key"), sub),
                }
            }
        }
        resource
    }
}

fn keep_subs(v: &mut Value, subs: &[&String]) {
    match v {
        Value::Object(o) => o.retain(|k, _| subs.iter().any(|s| k.eq_ignore_ascii_case(s))),
        Value::Array(items) => items.iter_mut().for_each(|i| keep_subs(i, subs)),
        _ => {}
    }
}

fn drop_sub(v: &mut Value, sub: &str) {
    match v {
        Value::Object(o) => o.retain(|k, _| !k.eq_ignore_ascii_case(sub)),
        Value::Array(items) => items.iter_mut().for_each(|i| drop_sub(i, sub)),
        _ => {}
    }
}

// ---- discovery --------------------------------------------------------------------------

fn meta(resource_type: &str, location: String) -> Value {
    json!({"resourceType": resource_type, "location": location})
}

pub fn service_provider_config(base: &str) -> Value {
    json!({
        "schemas": [SPC_SCHEMA],
        "documentationUri": "https://datatracker.ietf.org/doc/html/rfc7644",
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": true},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A token an admin of the account creates on its directory sync page",
            "primary": true
        }],
        "meta": meta("ServiceProviderConfig", format!("{base}/ServiceProviderConfig")),
    })
}

pub fn resource_types(base: &str) -> Vec<Value> {
    vec![
        json!({
            "schemas": [RESOURCE_TYPE_SCHEMA], "id": "User", "name": "User", "endpoint": "/Users",
            "description": "A member of the account", "schema": USER_SCHEMA, "schemaExtensions": [],
            "meta": meta("ResourceType", format!("{base}/ResourceTypes/User")),
        }),
        json!({
            "schemas": [RESOURCE_TYPE_SCHEMA], "id": "Group", "name": "Group", "endpoint": "/Groups",
            "description": "A team of the account", "schema": GROUP_SCHEMA, "schemaExtensions": [],
            "meta": meta("ResourceType", format!("{base}/ResourceTypes/Group")),
        }),
    ]
}

pub fn schemas(base: &str) -> Vec<Value> {
    let doc = |id: &str, name: &str, attrs: Vec<Attr>| {
        let mut list: Vec<Value> = attrs.iter().map(Attr::to_json).collect();
        list.push(external_id().to_json());
        json!({
            "schemas": [SCHEMA_SCHEMA], "id": id, "name": name, "description": name,
            "attributes": list,
            "meta": meta("Schema", format!("{base}/Schemas/{id}")),
        })
    };
    vec![doc(USER_SCHEMA, "User", user_attrs()), doc(GROUP_SCHEMA, "Group", group_attrs())]
}

pub fn list_response(resources: Vec<Value>, total: usize, start: usize) -> Value {
    json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}

/// The ETag of a version.
pub fn etag(version: i64) -> String {
    format!("W/\"{version}\"")
}

/// Whether an If-Match / If-None-Match header names this version (or is `*`).
pub fn etag_matches(header: &str, version: i64) -> bool {
    let tag = etag(version);
    header.split(',').map(str::trim).any(|t| t == "*" || t == tag || t.trim_start_matches("W/") == tag.trim_start_matches("W/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_keeps_known_writable_attributes_and_checks_types() {
        let body = json!({"schemas": [USER_SCHEMA], "id": "x", "userName": "a@b.c", "unknown": 1,
            "urn:ietf:params:scim:schemas:core:2.0:User:title": "Boss", "active": "False",
            "emails": {"value": "a@b.c"}, "groups": [{"value": "g"}]});
        let c = clean(&user_attrs(), &body).unwrap();
        assert_eq!(c.get("title"), Some(&json!("Boss")));
        assert_eq!(c.get("active"), Some(&json!(false)));
        assert_eq!(c.get("emails"), Some(&json!([{"value": "a@b.c"}])));
        assert!(c.get("groups").is_none() && c.get("id").is_none() && c.get("unknown").is_none());
        assert!(clean(&user_attrs(), &json!({"userName": 5, "emails": [{"value": "a@b.c"}]})).is_err());
        assert!(clean(&user_attrs(), &json!({"userName": "a"})).is_err());
        assert!(clean(&user_attrs(), &json!({"title": "x"})).is_err());
    }

    #[test]
    fn selection_filters_attributes() {
        let r = json!({"id": "1", "schemas": [], "userName": "u", "name": {"givenName": "A", "familyName": "B"}, "title": "t"});
        let s = Selection::new(Some("name.givenName"), None).apply(r.clone());
        assert_eq!(s, json!({"id": "1", "schemas": [], "name": {"givenName": "A"}}));
        let s = Selection::new(None, Some("title,name")).apply(r);
        assert_eq!(s, json!({"id": "1", "schemas": [], "userName": "u"}));
        assert!(etag_matches("W/\"3\"", 3) && !etag_matches("W/\"2\"", 3) && etag_matches("*", 1));
    }
}
