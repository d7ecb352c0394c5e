//! Values that identify and describe a person, each parsed once at the edge.

use seatwise_api::{FieldErrorCode, EMAIL_MAX_CHARS, LOCALES, NAME_MAX_CHARS, TEXT_MAX_CHARS};

/// A normalised (trimmed, lower-case) email address of a plausible shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, FieldErrorCode> {
        let s = input.trim();
        if s.is_empty() {
            return Err(FieldErrorCode::Required);
        }
        if s.chars().count() > EMAIL_MAX_CHARS {
            return Err(FieldErrorCode::TooLong);
        }
        let (local, domain) = s.rsplit_once('@').ok_or(FieldErrorCode::InvalidEmail)?;
        let ok_local = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let ok_domain = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if !(ok_local && ok_domain) {
            return Err(FieldErrorCode::InvalidEmail);
        }
        Ok(Email(s.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A first or last name: trimmed, 1 to 100 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(input: &str) -> Result<PersonName, FieldErrorCode> {
        let s = clean_text(input, NAME_MAX_CHARS)?;
        if s.is_empty() {
            return Err(FieldErrorCode::Required);
        }
        Ok(PersonName(s))
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// An optional free-text profile field (street, city, phone …): may be empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileText(String);

impl ProfileText {
    pub fn parse(input: &str) -> Result<ProfileText, FieldErrorCode> {
        clean_text(input, TEXT_MAX_CHARS).map(ProfileText)
    }
    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A form field's text, cleaned; a problem (including a missing required value) is noted in
/// `fields` under `name`, so that one answer can name every bad field.
pub fn text_field(
    fields: &mut std::collections::BTreeMap<String, FieldErrorCode>,
    name: &str,
    input: &str,
    max: usize,
    required: bool,
) -> String {
    match clean_text(input, max) {
        Ok(s) if s.is_empty() && required => {
            fields.insert(name.into(), FieldErrorCode::Required);
            s
        }
        Ok(s) => s,
        Err(e) => {
            fields.insert(name.into(), e);
            String::new()
        }
    }
}

pub fn clean_text(input: &str, max: usize) -> Result<String, FieldErrorCode> {
    let s = input.trim();
    if s.chars().count() > max {
        return Err(FieldErrorCode::TooLong);
    }
    if s.chars().any(char::is_control) {
        return Err(FieldErrorCode::InvalidCharacters);
    }
    Ok(s.to_string())
}

/// ISO 3166-1 alpha-2 country or region code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Country(&'static str);

impl Country {
    pub fn parse(input: &str) -> Result<Country, FieldErrorCode> {
        let s = input.trim().to_ascii_uppercase();
        if s.is_empty() {
            return Err(FieldErrorCode::Required);
        }
        seatwise_api::country(&s).map(Country).ok_or(FieldErrorCode::InvalidCountry)
    }
    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// One of the interface languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Locale(&'static str);

impl Locale {
    pub const DEFAULT: Locale = Locale("en");

    /// Exactly one of [`LOCALES`].
    pub fn parse(input: &str) -> Result<Locale, FieldErrorCode> {
        LOCALES
            .iter()
            .find(|l| **l == input.trim())
            .map(|l| Locale(l))
            .ok_or(FieldErrorCode::InvalidLocale)
    }

    /// The best interface language for an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut tags: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut it = part.split(';');
                let tag = it.next()?.trim();
                let q = it
                    .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                    .unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        tags.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(std::cmp::Ordering::Equal));
        tags.into_iter()
            .filter(|(q, _)| *q > 0.0)
            .find_map(|(_, tag)| seatwise_api::match_locale(tag))
            .map(Locale)
    }

    pub fn as_str(&self) -> &'static str {
        self.0
    }
}

/// A username: 3 to 32 of `a-z`, `0-9`, `.`, `_` and `-`, starting with a letter, in lower
/// case (people may type it in any case). It never has the shape of an account ID or an
/// address, so a login is always one of the three.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub const MIN: usize = 3;
    pub const MAX: usize = 32;

    pub fn parse(input: &str) -> Result<Username, FieldErrorCode> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err(FieldErrorCode::Required);
        }
        if !s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c)) {
            return Err(FieldErrorCode::InvalidCharacters);
        }
        if s.len() < Self::MIN {
            return Err(FieldErrorCode::TooShort);
        }
        if s.len() > Self::MAX {
            return Err(FieldErrorCode::TooLong);
        }
        if !s.starts_with(|c: char| c.is_ascii_lowercase()) || AccountId::parse(&s).is_some() {
            return Err(FieldErrorCode::InvalidFormat);
        }
        Ok(Username(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The short, stable account ID people can sign in with: `SW` and 8 characters of Crockford's
/// base 32 (no I, L, O, U), e.g. `SW7K3M9Q2P`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountId(String);

/// Crockford's base 32 alphabet (no I, L, O, U).
pub const CROCKFORD: &[u8] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// What a person typed of a Crockford base-32 code, as the code would be written: upper case,
/// spaces and dashes dropped, O read as 0 and I and L as 1.
pub fn crockford_typed(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        })
        .collect()
}

impl AccountId {
    pub fn generate() -> AccountId {
        use rand::Rng;
        let mut rng = rand::thread_rng();
        let tail: String =
            (0..8).map(|_| CROCKFORD[rng.gen_range(0..CROCKFORD.len())] as char).collect();
        AccountId(format!("SW{tail}"))
    }

    /// Accepts what a person types: any case, spaces and dashes ignored, O/I/L read as 0/1/1.
    pub fn parse(input: &str) -> Option<AccountId> {
        let s = crockford_typed(input);
        let tail = s.strip_prefix("SW")?;
        (tail.len() == 8 && tail.bytes().all(|b| CROCKFORD.contains(&b)))
            .then(|| AccountId(format!("SW{tail}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(Email::parse("  Ana.Novak@Example.COM ").unwrap().as_str(), "ana.novak@example.com");
        assert_eq!(Email::parse(""), Err(FieldErrorCode::Required));
        for bad in ["ana", "ana@", "@example.com", "ana@example", "a..b@example.com", "ana@-x.com", "a b@example.com"] {
            assert_eq!(Email::parse(bad), Err(FieldErrorCode::InvalidEmail), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(FieldErrorCode::TooLong));
        assert!(Email::parse("林美@例子.台灣").is_ok());
    }

    #[test]
    fn names_and_text() {
        assert_eq!(PersonName::parse("  Mei  ").unwrap().into_inner(), "Mei");
        assert_eq!(PersonName::parse("   "), Err(FieldErrorCode::Required));
        assert_eq!(PersonName::parse("a\u{0}b"), Err(FieldErrorCode::InvalidCharacters));
        assert_eq!(PersonName::parse(&"x".repeat(101)), Err(FieldErrorCode::TooLong));
        assert_eq!(ProfileText::parse("").unwrap().into_inner(), "");
    }

    #[test]
    fn countries_and_locales() {
        assert_eq!(Country::parse("si").unwrap().as_str(), "SI");
        assert_eq!(Country::parse("XX"), Err(FieldErrorCode::InvalidCountry));
        assert_eq!(Locale::parse("zh-TW").unwrap().as_str(), "zh-TW");
        assert_eq!(Locale::parse("fr"), Err(FieldErrorCode::InvalidLocale));
        assert_eq!(Locale::from_accept_language("de-DE,de;q=0.9,sl;q=0.8,en;q=0.7").unwrap().as_str(), "sl");
        assert_eq!(Locale::from_accept_language("zh-Hant-TW,zh;q=0.9").unwrap().as_str(), "zh-TW");
        assert_eq!(Locale::from_accept_language("fr"), None);
    }

    #[test]
    fn usernames() {
        assert_eq!(Username::parse(" Mei.Lin ").unwrap().as_str(), "mei.lin");
        assert_eq!(Username::parse("ab"), Err(FieldErrorCode::TooShort));
        assert_eq!(Username::parse(&"a".repeat(33)), Err(FieldErrorCode::TooLong));
        assert_eq!(Username::parse("mei lin"), Err(FieldErrorCode::InvalidCharacters));
        assert_eq!(Username::parse("mei@x"), Err(FieldErrorCode::InvalidCharacters));
        assert_eq!(Username::parse("美玲"), Err(FieldErrorCode::InvalidCharacters));
        assert_eq!(Username::parse("1mei"), Err(FieldErrorCode::InvalidFormat));
        assert_eq!(Username::parse("sw7k3m9q2p"), Err(FieldErrorCode::InvalidFormat));
        assert_eq!(Username::parse("sw-7k3m-9q2p"), Err(FieldErrorCode::InvalidFormat));
    }

    #[test]
    fn account_ids() {
        let id = AccountId::generate();
        assert_eq!(id.as_str().len(), 10);
        assert_eq!(AccountId::parse(&id.as_str().to_lowercase()), Some(id.clone()));
        assert_eq!(AccountId::parse("sw-7k3m-9q2p").unwrap().as_str(), "SW7K3M9Q2P");
        assert_eq!(AccountId::parse("SWO0000000").unwrap().as_str(), "SW00000000");
        assert_eq!(AccountId::parse("ana@example.com"), None);
        assert_eq!(AccountId::parse("SW123"), None);
    }
}
