//! SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2): parsed into a tree, evaluated
//! against a resource's JSON. Attribute names are case-insensitive; string comparisons are
//! too, except for the case-exact attributes (`id`, `externalId`, `value` of members).

use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct AttrPath {
    /// Lower-cased attribute name, without a schema URN.
    pub attr: String,
    /// Lower-cased sub-attribute.
    pub sub: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Present,
    Cmp(Op, Value),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Attr(AttrPath, Cond),
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    /// `emails[type eq "work"]`, or with a sub-attribute condition: `emails[type eq "work"].value eq "x"`.
    Value { attr: String, inner: Box<Filter>, sub: Option<(String, Cond)> },
}

/// A PATCH operation's target.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchPath {
    pub attr: String,
    pub filter: Option<Filter>,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Open,
    Close,
    LBracket,
    RBracket,
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let cs: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => i += 1,
            '(' => {
                out.push(Tok::Open);
                i += 1
            }
            ')' => {
                out.push(Tok::Close);
                i += 1
            }
            '[' => {
                out.push(Tok::LBracket);
                i += 1
            }
            ']' => {
                out.push(Tok::RBracket);
                i += 1;
                // `].sub` continues as a word starting with '.'.
            }
            '"' => {
                // A JSON string, escapes and all.
                let start = i;
                i += 1;
                let mut escaped = false;
                while i < cs.len() {
                    if escaped {
                        escaped = false;
                    } else if cs[i] == '\\' {
                        escaped = true;
                    } else if cs[i] == '"' {
                        break;
                    }
                    i += 1;
                }
                if i >= cs.len() {
                    return Err("an unterminated string".into());
                }
                let raw: String = cs[start..=i].iter().collect();
                let v: String = serde_json::from_str(&raw).map_err(|_| "a malformed string".to_string())?;
                out.push(Tok::Str(v));
                i += 1;
            }
            _ => {
                let start = i;
                while i < cs.len() && !matches!(cs[i], ' ' | '\t' | '\n' | '\r' | '(' | ')' | '[' | ']' | '"') {
                    i += 1;
                }
                out.push(Tok::Word(cs[start..i].iter().collect()));
            }
        }
    }
    Ok(out)
}

/// `urn:…:User:name.givenName` → (name, Some(givenname)).
fn attr_path(word: &str) -> Result<AttrPath, String> {
    let bare = strip_urn(word);
    let mut parts = bare.splitn(2, '.');
    let attr = parts.next().unwrap_or_default().to_lowercase();
    let sub = parts.next().map(str::to_lowercase);
    let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '$');
    if !ok(&attr) || sub.as_deref().is_some_and(|s| !ok(s)) {
        return Err(format!("\"{word}\" is not an attribute path"));
    }
    Ok(AttrPath { attr, sub })
}

/// Drops a schema URN prefix (`urn:ietf:params:scim:schemas:core:2.0:User:`) from a path.
pub fn strip_urn(word: &str) -> &str {
    if word.to_ascii_lowercase().starts_with("urn:") {
        // The attribute follows the last ':' (sub-attributes use '.').
        word.rsplit(':').next().unwrap_or(word)
    } else {
        word
    }
}

fn op(word: &str) -> Option<Op> {
    Some(match word.to_ascii_lowercase().as_str() {
        "eq" => Op::Eq,
        "ne" => Op::Ne,
        "co" => Op::Co,
        "sw" => Op::Sw,
        "ew" => Op::Ew,
        "gt" => Op::Gt,
        "ge" => Op::Ge,
        "lt" => Op::Lt,
        "le" => Op::Le,
        _ => return None,
    })
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(k))
    }

    fn or(&mut self) -> Result<Filter, String> {
        let mut left = self.and()?;
        while self.keyword("or") {
            self.pos += 1;
            left = Filter::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, String> {
        let mut left = self.unary()?;
        while self.keyword("and") {
            self.pos += 1;
            left = Filter::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Filter, String> {
        if self.keyword("not") {
            self.pos += 1;
            if self.next() != Some(Tok::Open) {
                return Err("\"not\" must be followed by \"(\"".into());
            }
            let f = self.or()?;
            if self.next() != Some(Tok::Close) {
                return Err("a missing \")\"".into());
            }
            return Ok(Filter::Not(Box::new(f)));
        }
        match self.next() {
            Some(Tok::Open) => {
                let f = self.or()?;
                if self.next() != Some(Tok::Close) {
                    return Err("a missing \")\"".into());
                }
                Ok(f)
            }
            Some(Tok::Word(w)) => {
                if self.peek() == Some(&Tok::LBracket) {
                    self.pos += 1;
                    let attr = attr_path(&w)?;
                    if attr.sub.is_some() {
                        return Err(format!("\"{w}\" cannot have a value filter"));
                    }
                    let inner = self.or()?;
                    if self.next() != Some(Tok::RBracket) {
                        return Err("a missing \"]\"".into());
                    }
                    // `].value eq "x"`: a condition on a sub-attribute of the matching values.
                    let sub = match self.peek() {
                        Some(Tok::Word(s)) if s.starts_with('.') => {
                            let s = s[1..].to_lowercase();
                            self.pos += 1;
                            Some((s, self.condition()?))
                        }
                        _ => None,
                    };
                    return Ok(Filter::Value { attr: attr.attr, inner: Box::new(inner), sub });
                }
                let path = attr_path(&w)?;
                Ok(Filter::Attr(path, self.condition()?))
            }
            Some(t) => Err(format!("an unexpected {t:?}")),
            None => Err("an incomplete filter".into()),
        }
    }

    fn condition(&mut self) -> Result<Cond, String> {
        let Some(Tok::Word(o)) = self.next() else { return Err("a missing operator".into()) };
        if o.eq_ignore_ascii_case("pr") {
            return Ok(Cond::Present);
        }
        let op = op(&o).ok_or_else(|| format!("\"{o}\" is not an operator"))?;
        let value = match self.next() {
            Some(Tok::Str(s)) => Value::String(s),
            Some(Tok::Word(w)) => match w.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                "null" => Value::Null,
                n => serde_json::from_str::<serde_json::Number>(n)
                    .map(Value::Number)
                    .map_err(|_| format!("\"{n}\" is not a value (strings are quoted)"))?,
            },
            _ => return Err("a missing value".into()),
        };
        Ok(Cond::Cmp(op, value))
    }
}

pub fn parse(s: &str) -> Result<Filter, String> {
    let toks = tokenize(s)?;
    let mut p = Parser { toks, pos: 0 };
    let f = p.or()?;
    if p.pos != p.toks.len() {
        return Err("text after the end of the filter".into());
    }
    Ok(f)
}

/// A PATCH path: `members`, `name.givenName`, `emails[type eq "work"].value`, `members[value eq "x"]`.
pub fn parse_path(s: &str) -> Result<PatchPath, String> {
    let s = s.trim();
    if let Some(open) = s.find('[') {
        let close = s.rfind(']').ok_or("a missing \"]\"")?;
        if close < open {
            return Err("a malformed path".into());
        }
        let attr = attr_path(&s[..open])?;
        if attr.sub.is_some() {
            return Err("a malformed path".into());
        }
        let filter = parse(&s[open + 1..close])?;
        let rest = &s[close + 1..];
        let sub = if rest.is_empty() {
            None
        } else {
            let sub = rest.strip_prefix('.').ok_or("a malformed path")?;
            Some(attr_path(sub)?.attr)
        };
        return Ok(PatchPath { attr: attr.attr, filter: Some(filter), sub });
    }
    let p = attr_path(s)?;
    Ok(PatchPath { attr: p.attr, filter: None, sub: p.sub })
}

/// The member of an object whose name matches case-insensitively.
pub fn get_ci<'a>(obj: &'a Value, name: &str) -> Option<&'a Value> {
    obj.as_object()?.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
}

fn case_exact(attr: &str, sub: Option<&str>) -> bool {
    matches!((attr, sub), ("id", None) | ("externalid", None) | ("members", Some("value")) | ("groups", Some("value")))
}

impl Filter {
    pub fn matches(&self, resource: &Value) -> bool {
        match self {
            Filter::And(a, b) => a.matches(resource) && b.matches(resource),
            Filter::Or(a, b) => a.matches(resource) || b.matches(resource),
            Filter::Not(f) => !f.matches(resource),
            Filter::Attr(path, cond) => {
                let v = get_ci(resource, &path.attr);
                match &path.sub {
                    None => values_match(v, cond, case_exact(&path.attr, None), true),
                    Some(sub) => {
                        let exact = case_exact(&path.attr, Some(sub));
                        match v {
                            Some(Value::Array(items)) => {
                                let any = items.iter().any(|i| values_match(get_ci(i, sub), cond, exact, false));
                                if matches!(cond, Cond::Cmp(Op::Ne, _)) {
                                    items.iter().all(|i| values_match(get_ci(i, sub), cond, exact, false))
                                } else {
                                    any
                                }
                            }
                            Some(obj @ Value::Object(_)) => values_match(get_ci(obj, sub), cond, exact, false),
                            _ => values_match(None, cond, exact, false),
                        }
                    }
                }
            }
            Filter::Value { attr, inner, sub } => {
                let items: Vec<&Value> = match get_ci(resource, attr) {
                    Some(Value::Array(items)) => items.iter().collect(),
                    Some(v @ Value::Object(_)) => vec![v],
                    _ => vec![],
                };
                items.into_iter().filter(|i| inner.matches(i)).any(|i| match sub {
                    None => true,
                    Some((s, cond)) => values_match(get_ci(i, s), cond, case_exact(attr, Some(s)), false),
                })
            }
        }
    }

    /// `attr eq "value"` at the top of the filter (or in an `and`), for an index look-up.
    pub fn equality(&self, attr: &str, sub: Option<&str>) -> Option<String> {
        match self {
            Filter::Attr(p, Cond::Cmp(Op::Eq, Value::String(v))) if p.attr == attr && p.sub.as_deref() == sub => Some(v.clone()),
            Filter::Value { attr: a, sub: Some((s, Cond::Cmp(Op::Eq, Value::String(v)))), .. }
                if a == attr && Some(s.as_str()) == sub =>
            {
                Some(v.clone())
            }
            Filter::And(a, b) => a.equality(attr, sub).or_else(|| b.equality(attr, sub)),
            _ => None,
        }
    }
}

/// Whether a value (possibly multi-valued) meets the condition. `whole`: a top-level
/// attribute, whose multi-valued complex items compare by their `value`.
fn values_match(v: Option<&Value>, cond: &Cond, exact: bool, whole: bool) -> bool {
    match cond {
        Cond::Present => match v {
            None | Some(Value::Null) => false,
            Some(Value::String(s)) => !s.is_empty(),
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Object(o)) => !o.is_empty(),
            Some(_) => true,
        },
        Cond::Cmp(op, target) => match v {
            Some(Value::Array(items)) => {
                let item = |i: &Value| {
                    let i = if whole && i.is_object() { get_ci(i, "value").unwrap_or(&Value::Null) } else { i };
                    compare(i, *op, target, exact)
                };
                if *op == Op::Ne {
                    items.iter().all(item)
                } else {
                    items.iter().any(item)
                }
            }
            Some(v) => compare(v, *op, target, exact),
            None => match (op, target) {
                (Op::Eq, Value::Null) => true,
                (Op::Ne, Value::Null) => false,
                (Op::Ne, _) => true,
                _ => false,
            },
        },
    }
}

fn compare(v: &Value, op: Op, target: &Value, exact: bool) -> bool {
    use std::cmp::Ordering;
    let ord: Option<Ordering> = match (v, target) {
        (Value::String(a), Value::String(b)) => {
            let (a, b) = if exact { (a.clone(), b.clone()) } else { (a.to_lowercase(), b.to_lowercase()) };
            match op {
                Op::Co => return a.contains(&b),
                Op::Sw => return a.starts_with(&b),
                Op::Ew => return a.ends_with(&b),
                _ => Some(a.cmp(&b)),
            }
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64().zip(b.as_f64()).and_then(|(a, b)| a.partial_cmp(&b)),
        (Value::Bool(a), Value::Bool(b)) => match op {
            Op::Eq | Op::Ne => Some(a.cmp(b)),
            _ => None,
        },
        (Value::Null, Value::Null) => Some(Ordering::Equal),
        (_, Value::Null) => Some(Ordering::Greater),
        _ => None,
    };
    match (op, ord) {
        (Op::Eq, Some(o)) => o == Ordering::Equal,
        (Op::Ne, Some(o)) => o != Ordering::Equal,
        (Op::Ne, None) => true,
        (Op::Gt, Some(o)) => o == Ordering::Greater,
        (Op::Ge, Some(o)) => o != Ordering::Less,
        (Op::Lt, Some(o)) => o == Ordering::Less,
        (Op::Le, Some(o)) => o != Ordering::Greater,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filters_match_as_the_rfc_says() {
        let u = json!({"userName": "Ana.Novak@example.com", "externalId": "E1", "active": true,
            "name": {"givenName": "Ana"},
            "emails": [{"value": "ana@work.example", "type": "work"}, {"value": "ana@home.example", "type": "home"}]});
        for (f, want) in [
            (r#"userName eq "ana.novak@example.com""#, true),
            (r#"username EQ "ANA.NOVAK@EXAMPLE.COM""#, true),
            (r#"externalId eq "e1""#, false),
            (r#"emails[type eq "work"].value eq "ana@work.example""#, true),
            (r#"emails[type eq "home"].value eq "ana@work.example""#, false),
            (r#"emails[type eq "work" and value co "work"]"#, true),
            (r#"emails.value eq "ana@home.example""#, true),
            (r#"emails eq "ana@home.example""#, true),
            (r#"name.givenName sw "a" and not (active eq false)"#, true),
            (r#"title pr or userName ew "example.com""#, true),
            (r#"title pr"#, false),
            (r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ana.novak@example.com""#, true),
        ] {
            assert_eq!(parse(f).unwrap().matches(&u), want, "{f}");
        }
        for bad in [r#"userName eq"#, r#"userName xx "a""#, r#"(userName eq "a""#, r#"userName eq a"#, "", r#"emails[type eq "work""#] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let f = parse(r#"emails[type eq "work"].value eq "A@B.C""#).unwrap();
        assert_eq!(f.equality("emails", Some("value")).as_deref(), Some("A@B.C"));
        assert_eq!(parse(r#"userName eq "x" and active eq true"#).unwrap().equality("username", None).as_deref(), Some("x"));
    }

    #[test]
    fn patch_paths_parse() {
        let p = parse_path(r#"members[value eq "u1"]"#).unwrap();
        assert_eq!(p.attr, "members");
        assert!(p.filter.unwrap().matches(&json!({"value": "u1"})));
        let p = parse_path(r#"emails[type eq "work"].value"#).unwrap();
        assert_eq!((p.attr.as_str(), p.sub.as_deref()), ("emails", Some("value")));
        let p = parse_path("urn:ietf:params:scim:schemas:core:2.0:User:name.familyName").unwrap();
        assert_eq!((p.attr.as_str(), p.sub.as_deref()), ("name", Some("familyname")));
        assert!(parse_path("a b").is_err());
    }
}
