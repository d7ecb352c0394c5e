//! Passwords: 12 to 128 characters of anything, no composition rules, common ones refused.
//! Stored as Argon2id hashes with OWASP's parameters (19 MiB, 2 passes, 1 lane).

use std::{collections::HashSet, sync::OnceLock};

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use seatwise_api::{FieldErrorCode, PASSWORD_MAX_CHARS, PASSWORD_MIN_CHARS};

/// A password that passed the rules. Never printed.
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([redacted])")
    }
}

fn common_passwords() -> &'static HashSet<&'static str> {
    static LIST: OnceLock<HashSet<&'static str>> = OnceLock::new();
    LIST.get_or_init(|| {
        include_str!("../../data/common-passwords.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect()
    })
}

/// True for a listed password, a listed password followed by digits or symbols
/// (`dragon123456`), or one character repeated.
fn is_common(password: &str) -> bool {
    let lower = password.to_lowercase();
    let list = common_passwords();
    if list.contains(lower.as_str()) {
        return true;
    }
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_ascii_punctuation());
    if stem.chars().count() >= 4 && list.contains(stem) {
        return true;
    }
    let mut chars = lower.chars();
    let first = chars.next();
    first.is_some() && chars.all(|c| Some(c) == first)
}

impl Password {
    /// Checks a new password. Not trimmed: every character counts.
    pub fn parse(input: &str) -> Result<Password, FieldErrorCode> {
        let n = input.chars().count();
        if n == 0 {
            return Err(FieldErrorCode::Required);
        }
        if n < PASSWORD_MIN_CHARS {
            return Err(FieldErrorCode::TooShort);
        }
        if n > PASSWORD_MAX_CHARS {
            return Err(FieldErrorCode::TooLong);
        }
        if is_common(input) {
            return Err(FieldErrorCode::CommonPassword);
        }
        Ok(Password(input.to_string()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Hashes and verifies with Argon2id. Both are CPU-heavy: call them from `spawn_blocking`.
#[derive(Clone)]
pub struct PasswordHasher {
    argon: Argon2<'static>,
    /// Verified against when the account does not exist, so that the answer takes as long.
    dummy_hash: String,
}

impl Default for PasswordHasher {
    fn default() -> Self {
        Self::new()
    }
}

impl PasswordHasher {
    pub fn new() -> Self {
        // OWASP Password Storage Cheat Sheet: m = 19 MiB, t = 2, p = 1.
        let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let salt = SaltString::generate(&mut OsRng);
        let dummy_hash = argon
            .hash_password(b"no account has this password", &salt)
            .expect("hashing works")
            .to_string();
        Self { argon, dummy_hash }
    }

    pub fn hash(&self, password: &str) -> String {
        let salt = SaltString::generate(&mut OsRng);
        self.argon.hash_password(password.as_bytes(), &salt).expect("hashing works").to_string()
    }

    /// Verifies `password` against `hash`, or against a dummy hash when there is none.
    pub fn verify(&self, password: &str, hash: Option<&str>) -> bool {
        let stored = hash.unwrap_or(&self.dummy_hash);
        let ok = PasswordHash::new(stored)
            .map(|parsed| self.argon.verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        ok && hash.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_rules_count_characters() {
        assert_eq!(Password::parse("").unwrap_err(), FieldErrorCode::Required);
        assert_eq!(Password::parse("short pass").unwrap_err(), FieldErrorCode::TooShort);
        // 12 Chinese characters are 12 characters, though 36 bytes.
        assert!(Password::parse("我的密碼是很長的一句話啊").is_ok());
        assert!(Password::parse(&"ab cd ef gh ".repeat(10)[..120]).is_ok());
        assert_eq!(Password::parse(&"x1".repeat(65)).unwrap_err(), FieldErrorCode::TooLong);
    }

    #[test]
    fn common_passwords_are_refused() {
        for p in ["password1234", "Password1234", "qwertyuiop123", "dragon123456!", "aaaaaaaaaaaaaa", "Seatwise2026!"] {
            assert_eq!(Password::parse(p).unwrap_err(), FieldErrorCode::CommonPassword, "{p}");
        }
        assert!(Password::parse("correct horse battery staple").is_ok());
        assert!(Password::parse("Demo-Seatwise-2026").is_ok());
    }

    #[test]
    fn argon2id_hashes_verify() {
        let h = PasswordHasher::new();
        let hash = h.hash("correct horse battery staple");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(h.verify("correct horse battery staple", Some(&hash)));
        assert!(!h.verify("wrong horse battery staple", Some(&hash)));
        assert!(!h.verify("no account has this password", None));
    }

    #[test]
    fn debug_does_not_print_the_password() {
        let p = Password::parse("correct horse battery staple").unwrap();
        assert!(!format!("{p:?}").contains("horse"));
    }
}
