//! Codes by text message: the phone they go to, the codes, and the rules that make them the
//! weaker factor they are (never the only one, short-lived, used once).

use rand::Rng;
use seatwise_api::FieldErrorCode;
use sha2::{Digest, Sha256};

/// Minutes a code sent by text message works.
pub const CODE_MINUTES: i64 = 10;
/// Text messages a person may be sent per hour (each costs the operator money, and a flood of
/// them is a nuisance to whoever holds the phone).
pub const TEXTS_PER_HOUR: i64 = 5;

/// What a code is for; one live code per person and purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Proves a new phone is the person's.
    Confirm,
    /// The second step of a sign-in.
    SignIn,
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Confirm => "confirm",
            Purpose::SignIn => "sign-in",
        }
    }
}

/// A phone number in E.164: `+`, then 8 to 15 digits, the first not 0.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Reads a number as people write it: spaces, dashes, dots and brackets are ignored, and a
    /// leading `00` is the international prefix. A number without its country code is refused
    /// (`invalid_format`): the portal cannot guess the country.
    pub fn parse(input: &str) -> Result<Phone, FieldErrorCode> {
        let compact: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}')).collect();
        if compact.is_empty() {
            return Err(FieldErrorCode::Required);
        }
        let digits = match (compact.strip_prefix('+'), compact.strip_prefix("00")) {
            (Some(d), _) | (None, Some(d)) => d,
            (None, None) => return Err(FieldErrorCode::InvalidFormat),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldErrorCode::InvalidCharacters);
        }
        if digits.len() < 8 {
            return Err(FieldErrorCode::TooShort);
        }
        // Longer than E.164 allows: not a phone number (rather than "too long", which the app
        // words as a count of characters).
        if digits.len() > 15 || digits.starts_with('0') {
            return Err(FieldErrorCode::InvalidFormat);
        }
        Ok(Phone(format!("+{digits}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A phone as shown to someone who is not yet signed in: the country code's first digits and
/// the last two, e.g. `+386•••••••56`.
pub fn mask(phone: &str) -> String {
    let n = phone.chars().count();
    if n <= 6 {
        return "•".repeat(n);
    }
    let head: String = phone.chars().take(4).collect();
    let tail: String = phone.chars().skip(n - 2).collect();
    format!("{head}{}{tail}", "•".repeat(n - 6))
}

/// A new 6-digit code.
pub fn new_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

/// What is stored for a code: SHA-256 over the person, the purpose and the code, so that a
/// code for one purpose does nothing for another.
pub fn code_hash(user_id: &str, purpose: Purpose, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{user_id}:{}:{code}", purpose.as_str()).as_bytes()))
}

/// A code as typed: its six digits, spaces ignored. `None` when it cannot be one.
pub fn normalise_code(input: &str) -> Option<String> {
    let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    (code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_read_as_written() {
        assert_eq!(Phone::parse("+386 40 123 456").unwrap().as_str(), "+38640123456");
        assert_eq!(Phone::parse("00886-912-345-678").unwrap().as_str(), "+886912345678");
        assert_eq!(Phone::parse("+1 (415) 555.0100").unwrap().as_str(), "+14155550100");
        assert_eq!(Phone::parse("040 123 456"), Err(FieldErrorCode::InvalidFormat));
        assert_eq!(Phone::parse("+386 40 12x 456"), Err(FieldErrorCode::InvalidCharacters));
        assert_eq!(Phone::parse("+3861"), Err(FieldErrorCode::TooShort));
        assert_eq!(Phone::parse("+1234567890123456"), Err(FieldErrorCode::InvalidFormat));
        assert_eq!(Phone::parse("+0386401234"), Err(FieldErrorCode::InvalidFormat));
        assert_eq!(Phone::parse("  "), Err(FieldErrorCode::Required));
    }

    #[test]
    fn masks_and_codes() {
        assert_eq!(mask("+38640123456"), "+386••••••56");
        assert_eq!(mask("+1234"), "•••••");
        let code = new_code();
        assert_eq!(normalise_code(&format!(" {} {} ", &code[..3], &code[3..])), Some(code.clone()));
        assert_eq!(normalise_code("12345"), None);
        assert_ne!(code_hash("u", Purpose::Confirm, &code), code_hash("u", Purpose::SignIn, &code));
        assert_ne!(code_hash("u", Purpose::SignIn, &code), code_hash("v", Purpose::SignIn, &code));
    }
}
