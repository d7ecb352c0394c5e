//! SCIM PATCH (RFC 7644 §3.5.2) applied to a resource's attributes. The result is checked
//! against the schema again by the caller (`scim::clean`).

use serde_json::{json, Map, Value};

use super::{
    scim::{find, Attr, Mutability, ScimError, MAX_OPERATIONS, PATCH_SCHEMA},
    scim_filter::{get_ci, parse_path, Cond, Filter, Op, PatchPath},
};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PatchOp {
    Add,
    Replace,
    Remove,
}

/// One operation: its kind, its path and its value.
#[derive(Debug, Clone)]
pub struct Operation {
    pub op: PatchOp,
    pub path: Option<PatchPath>,
    pub value: Option<Value>,
}

/// The operations of a PATCH request body.
pub fn operations(body: &Value) -> Result<Vec<Operation>, ScimError> {
    let schemas_ok = get_ci(body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|s| s.iter().any(|x| x.as_str().is_some_and(|x| x.eq_ignore_ascii_case(PATCH_SCHEMA))));
    if !schemas_ok {
        return Err(ScimError::invalid_syntax(format!("A PATCH body names the schema {PATCH_SCHEMA}")));
    }
    let ops = get_ci(body, "Operations")
        .and_then(Value::as_array)
        .ok_or_else(|| ScimError::invalid_syntax("A PATCH body has a list of Operations"))?;
    if ops.len() > MAX_OPERATIONS {
        return Err(ScimError::new(axum::http::StatusCode::PAYLOAD_TOO_LARGE, Some("tooMany"), "Too many operations in one PATCH"));
    }
    ops.iter()
        .map(|o| {
            let op = match get_ci(o, "op").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
                Some("add") => PatchOp::Add,
                Some("replace") => PatchOp::Replace,
                Some("remove") => PatchOp::Remove,
                _ => return Err(ScimError::invalid_syntax("An operation's \"op\" is add, replace or remove")),
            };
            let path = match get_ci(o, "path") {
                Some(Value::String(p)) if !p.trim().is_empty() => Some(parse_path(p).map_err(ScimError::invalid_path)?),
                None | Some(Value::Null) | Some(Value::String(_)) => None,
                Some(_) => return Err(ScimError::invalid_path("A path is a string")),
            };
            let value = get_ci(o, "value").cloned();
            if op != PatchOp::Remove && value.is_none() {
                return Err(ScimError::invalid_value("add and replace need a value"));
            }
            if op == PatchOp::Remove && path.is_none() {
                return Err(ScimError::no_target("remove needs a path"));
            }
            Ok(Operation { op, path, value })
        })
        .collect()
}

/// The canonical name of an attribute of the schema (or `externalId`).
fn canonical(attrs: &[Attr], name: &str) -> Result<(String, Option<Attr>), ScimError> {
    if name.eq_ignore_ascii_case("externalId") {
        return Ok(("externalId".into(), None));
    }
    let attr = find(attrs, name).ok_or_else(|| ScimError::invalid_path(format!("\"{name}\" is not an attribute")))?;
    if attr.mutability == Mutability::ReadOnly {
        return Err(ScimError::mutability(format!("\"{}\" is read-only", attr.name)));
    }
    Ok((attr.name.to_string(), Some(attr.clone())))
}

fn sub_name(attr: &Option<Attr>, sub: &str) -> Result<String, ScimError> {
    attr.as_ref()
        .and_then(|a| a.sub(sub))
        .map(|s| s.name.to_string())
        .ok_or_else(|| ScimError::invalid_path(format!("\"{sub}\" is not a sub-attribute")))
}

/// Applies the operations in order.
pub fn apply(attrs: &[Attr], resource: &mut Map<String, Value>, ops: &[Operation]) -> Result<(), ScimError> {
    for op in ops {
        match &op.path {
            None => {
                let Some(Value::Object(values)) = &op.value else {
                    return Err(ScimError::invalid_value("Without a path, the value is an object of attributes"));
                };
                for (k, v) in values {
                    let key = super::scim_filter::strip_urn(k);
                    // Read-only and unknown attributes in a whole-resource value are ignored.
                    let Ok((name, attr)) = canonical(attrs, key) else { continue };
                    set_attr(resource, &name, attr.as_ref(), v.clone(), op.op)?;
                }
            }
            Some(path) => apply_path(attrs, resource, op.op, path, op.value.clone())?,
        }
    }
    Ok(())
}

fn set_attr(resource: &mut Map<String, Value>, name: &str, attr: Option<&Attr>, value: Value, op: PatchOp) -> Result<(), ScimError> {
    let multi = attr.is_some_and(|a| a.multi);
    let complex = attr.is_some_and(|a| !a.subs.is_empty());
    if value.is_null() {
        resource.remove(name);
        return Ok(());
    }
    match (op, multi, complex) {
        (PatchOp::Add, true, _) => {
            let new: Vec<Value> = match value {
                Value::Array(v) => v,
                v => vec![v],
            };
            let list = resource.entry(name.to_string()).or_insert_with(|| json!([]));
            if !list.is_array() {
                *list = json!([]);
            }
            let items = list.as_array_mut().expect("array");
            // A new primary value takes primary from the others.
            if new.iter().any(|i| get_ci(i, "primary") == Some(&json!(true))) {
                for i in items.iter_mut() {
                    if let Some(o) = i.as_object_mut() {
                        o.remove("primary");
                    }
                }
            }
            for n in new {
                if !items.contains(&n) {
                    items.push(n);
                }
            }
        }
        (PatchOp::Add, false, true) => {
            let cur = resource.entry(name.to_string()).or_insert_with(|| json!({}));
            match (cur.as_object_mut(), value) {
                (Some(c), Value::Object(v)) => {
                    for (k, x) in v {
                        c.insert(k, x);
                    }
                }
                (_, v) => *cur = v,
            }
        }
        _ => {
            resource.insert(name.to_string(), value);
        }
    }
    Ok(())
}

/// The attributes and values of an `a eq "x" and b eq "y"` filter (to create a missing value).
fn equalities(f: &Filter, out: &mut Map<String, Value>) -> bool {
    match f {
        Filter::Attr(p, Cond::Cmp(Op::Eq, v)) if p.sub.is_none() => {
            out.insert(p.attr.clone(), v.clone());
            true
        }
        Filter::And(a, b) => equalities(a, out) && equalities(b, out),
        _ => false,
    }
}

fn apply_path(attrs: &[Attr], resource: &mut Map<String, Value>, op: PatchOp, path: &PatchPath, value: Option<Value>) -> Result<(), ScimError> {
    let (name, attr) = canonical(attrs, &path.attr)?;
    match (&path.filter, &path.sub) {
        (None, None) => match op {
            PatchOp::Remove => {
                let multi = attr.as_ref().is_some_and(|a| a.multi);
                match (multi, value) {
                    // Remove listed values (as some identity providers send for members).
                    (true, Some(Value::Array(gone))) if !gone.is_empty() => {
                        if let Some(Value::Array(items)) = resource.get_mut(&name) {
                            let key = |v: &Value| get_ci(v, "value").cloned().unwrap_or_else(|| v.clone());
                            let gone: Vec<Value> = gone.iter().map(key).collect();
                            items.retain(|i| !gone.contains(&key(i)));
                        }
                    }
                    _ => {
                        if attr.as_ref().is_some_and(|a| a.required) {
                            return Err(ScimError::mutability(format!("\"{name}\" is required")));
                        }
                        resource.remove(&name);
                    }
                }
                Ok(())
            }
            _ => set_attr(resource, &name, attr.as_ref(), value.unwrap_or(Value::Null), op),
        },
        (None, Some(sub)) => {
            let sub = sub_name(&attr, sub)?;
            if attr.as_ref().is_some_and(|a| a.multi) {
                return Err(ScimError::invalid_path(format!("\"{name}.{sub}\" needs a value filter: {name}[…].{sub}")));
            }
            let cur = resource.entry(name.clone()).or_insert_with(|| json!({}));
            let obj = cur.as_object_mut().ok_or_else(|| ScimError::invalid_path(format!("\"{name}\" is not complex")))?;
            match op {
                PatchOp::Remove => {
                    obj.remove(&sub);
                }
                _ => {
                    obj.insert(sub, value.unwrap_or(Value::Null));
                }
            }
            if obj.is_empty() {
                resource.remove(&name);
            }
            Ok(())
        }
        (Some(filter), sub) => {
            if !attr.as_ref().is_some_and(|a| a.multi) {
                return Err(ScimError::invalid_path(format!("\"{name}\" is not multi-valued")));
            }
            let sub = sub.as_ref().map(|s| sub_name(&attr, s)).transpose()?;
            let list = resource.entry(name.clone()).or_insert_with(|| json!([]));
            if !list.is_array() {
                *list = json!([]);
            }
            let items = list.as_array_mut().expect("array");
            let matching: Vec<usize> = (0..items.len()).filter(|i| filter.matches(&items[*i])).collect();
            match op {
                PatchOp::Remove => {
                    match &sub {
                        None => {
                            let mut i = 0;
                            items.retain(|_| {
                                i += 1;
                                !matching.contains(&(i - 1))
                            });
                        }
                        Some(s) => {
                            for i in &matching {
                                if let Some(o) = items[*i].as_object_mut() {
                                    o.retain(|k, _| !k.eq_ignore_ascii_case(s));
                                }
                            }
                        }
                    }
                    if items.is_empty() {
                        resource.remove(&name);
                    }
                    Ok(())
                }
                PatchOp::Add | PatchOp::Replace => {
                    let value = value.unwrap_or(Value::Null);
                    if matching.is_empty() {
                        // `emails[type eq "work"].value`: make the value the filter describes.
                        let mut made = Map::new();
                        if !equalities(filter, &mut made) {
                            return Err(ScimError::no_target(format!("No value of \"{name}\" matches the filter")));
                        }
                        let mut made: Map<String, Value> = made
                            .into_iter()
                            .filter_map(|(k, v)| attr.as_ref().and_then(|a| a.sub(&k)).map(|s| (s.name.to_string(), v)))
                            .collect();
                        match (&sub, value) {
                            (Some(s), v) => {
                                made.insert(s.clone(), v);
                            }
                            (None, Value::Object(o)) => made.extend(o),
                            (None, _) => return Err(ScimError::invalid_value("The value of a filtered path is an object")),
                        }
                        items.push(Value::Object(made));
                        return Ok(());
                    }
                    for i in matching {
                        match (&sub, &value) {
                            (Some(s), v) => {
                                if let Some(o) = items[i].as_object_mut() {
                                    o.insert(s.clone(), v.clone());
                                }
                            }
                            (None, Value::Object(v)) => {
                                if let Some(o) = items[i].as_object_mut() {
                                    if op == PatchOp::Replace {
                                        o.clear();
                                    }
                                    for (k, x) in v {
                                        o.insert(k.clone(), x.clone());
                                    }
                                }
                            }
                            (None, _) => return Err(ScimError::invalid_value("The value of a filtered path is an object")),
                        }
                    }
                    Ok(())
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::scim::{clean, user_attrs};

    fn patch(resource: Value, ops: Value) -> Result<Value, ScimError> {
        let mut r = resource.as_object().unwrap().clone();
        let ops = operations(&json!({"schemas": [PATCH_SCHEMA], "Operations": ops}))?;
        apply(&user_attrs(), &mut r, &ops)?;
        Ok(Value::Object(clean(&user_attrs(), &Value::Object(r))?))
    }

    #[test]
    fn patch_operations() {
        let u = json!({"userName": "a", "active": true, "emails": [{"value": "a@w", "type": "work"}, {"value": "a@h", "type": "home"}]});
        let r = patch(u.clone(), json!([{"op": "Replace", "path": "active", "value": "False"}])).unwrap();
        assert_eq!(r["active"], json!(false));
        let r = patch(u.clone(), json!([{"op": "replace", "value": {"active": false, "title": "T"}}])).unwrap();
        assert_eq!((r["active"].clone(), r["title"].clone()), (json!(false), json!("T")));
        let r = patch(u.clone(), json!([{"op": "remove", "path": "emails[type eq \"home\"]"}])).unwrap();
        assert_eq!(r["emails"], json!([{"value": "a@w", "type": "work"}]));
        let r = patch(u.clone(), json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "b@w"}])).unwrap();
        assert_eq!(r["emails"][0]["value"], json!("b@w"));
        let r = patch(json!({"userName": "a"}), json!([{"op": "add", "path": "emails[type eq \"work\"].value", "value": "c@w"}])).unwrap();
        assert_eq!(r["emails"], json!([{"type": "work", "value": "c@w"}]));
        let r = patch(u.clone(), json!([{"op": "add", "path": "name.givenName", "value": "Ana"}])).unwrap();
        assert_eq!(r["name"]["givenName"], json!("Ana"));
        assert!(patch(u.clone(), json!([{"op": "remove", "path": "userName"}])).is_err());
        assert!(patch(u.clone(), json!([{"op": "add", "path": "groups", "value": [{"value": "g"}]}])).is_err());
        assert!(patch(u.clone(), json!([{"op": "remove"}])).is_err());
        assert!(patch(u, json!([{"op": "move", "path": "title", "value": "x"}])).is_err());
    }
}
