//! The OAuth 2.0 Device Authorization Grant (RFC 8628) for the vendor's desktop products: the
//! rules that need no database. The user code a person types, and what a poll for the token
//! answers.

use rand::Rng;

/// The user code's alphabet: consonants only, no look-alikes (RFC 8628 §6.1 suggests base-20
/// letters: no vowels, so no words; no 0/O or 1/I confusion since there are no digits).
const ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";

/// Letters in a user code: 20^8 ≈ 2.6 × 10^10, shown as two groups of four.
pub const USER_CODE_LEN: usize = 8;

/// How long a device authorization may be approved, in seconds.
pub const EXPIRES_IN: i64 = 600;

/// The smallest time between two polls, in seconds, and what a poll too soon adds (§3.5).
pub const INTERVAL: i64 = 5;
pub const SLOW_DOWN_STEP: i64 = 5;

/// A fresh user code as people read it: `WDJB-MJHT`.
pub fn new_user_code() -> String {
    let mut rng = rand::thread_rng();
    let letters: String = (0..USER_CODE_LEN).map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char).collect();
    format!("{}-{}", &letters[..4], &letters[4..])
}

/// A typed user code in the stored form (`wdjb mjht` → `WDJB-MJHT`), or `None` when it cannot be
/// one: case, spaces and dashes do not matter.
pub fn normalize_user_code(typed: &str) -> Option<String> {
    let letters: String = typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    (letters.len() == USER_CODE_LEN && letters.bytes().all(|b| ALPHABET.contains(&b)))
        .then(|| format!("{}-{}", &letters[..4], &letters[4..]))
}

/// What a poll for the token answers (RFC 8628 §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Poll {
    /// `authorization_pending`: not approved yet; poll again after the interval.
    Pending,
    /// `slow_down`: polled sooner than the interval, which grows by `SLOW_DOWN_STEP`.
    SlowDown,
    /// `access_denied`: the person said no.
    Denied,
    /// `expired_token`: too late (or the token was issued already).
    Expired,
    /// Approved: the token is issued now, once.
    Approved,
}

/// The answer to a poll at `now` of an authorization in `status` that expires at `expires_at`,
/// last polled at `last_poll`, with `interval` seconds between polls.
pub fn poll(status: &str, expires_at: i64, last_poll: Option<i64>, interval: i64, now: i64) -> Poll {
    if now >= expires_at || status == "used" {
        Poll::Expired
    } else if status == "denied" {
        Poll::Denied
    } else if last_poll.is_some_and(|at| now - at < interval) {
        Poll::SlowDown
    } else if status == "approved" {
        Poll::Approved
    } else {
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_codes_are_readable_and_typed_loosely() {
        let code = new_user_code();
        assert_eq!(code.len(), 9);
        assert_eq!(normalize_user_code(&code), Some(code.clone()));
        assert_eq!(normalize_user_code(&code.to_lowercase().replace('-', " ")), Some(code));
        assert_eq!(normalize_user_code("wdjb-mjht"), Some("WDJB-MJHT".into()));
        assert_eq!(normalize_user_code("WDJB-MJH"), None, "too short");
        assert_eq!(normalize_user_code("WDJB-MJHA"), None, "a vowel is never in a code");
        assert_eq!(normalize_user_code("WDJB-MJH0"), None);
    }

    #[test]
    fn polls_answer_as_rfc_8628_says() {
        let (expires, interval) = (1_000, 5);
        assert_eq!(poll("pending", expires, None, interval, 100), Poll::Pending);
        assert_eq!(poll("pending", expires, Some(98), interval, 100), Poll::SlowDown);
        assert_eq!(poll("pending", expires, Some(95), interval, 100), Poll::Pending);
        assert_eq!(poll("approved", expires, Some(95), interval, 100), Poll::Approved);
        assert_eq!(poll("approved", expires, Some(99), interval, 100), Poll::SlowDown);
        assert_eq!(poll("denied", expires, Some(99), interval, 100), Poll::Denied);
        assert_eq!(poll("approved", expires, None, interval, 1_000), Poll::Expired);
        assert_eq!(poll("used", expires, None, interval, 100), Poll::Expired, "a token is issued once");
    }
}
