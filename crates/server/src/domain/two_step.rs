//! 2-step verification: authenticator-app codes (RFC 6238), recovery codes, and what a session
//! list says about a browser.

use qrcodegen::{QrCode, QrCodeEcc};
use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, Builder, Secret, Totp};

/// Seconds a code of the app stands for.
pub const STEP: u64 = 30;
/// How long the second step of a sign-in may wait after the password.
pub const CHALLENGE_SECONDS: i64 = 10 * 60;
/// Wrong codes one sign-in challenge takes before it ends (the password must be given again).
pub const CHALLENGE_MAX_FAILURES: i64 = 5;
/// How long a browser is remembered after "remember this browser".
pub const REMEMBER_DAYS: i64 = 30;
/// How long after a full sign-in (or a confirmation of the password) a session may change
/// sign-in factors.
pub const FRESH_SECONDS: i64 = 10 * 60;
/// Recovery codes made at a time.
pub const RECOVERY_CODES: usize = 10;

use super::identity::CROCKFORD;

/// A new random secret of 160 bits (RFC 4226's recommended length), in base 32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    Secret::from(bytes).to_base32()
}

fn totp(secret: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret).ok()?;
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP)
        .with_secret(secret)
        .build()
        .ok()
}

/// The time step a code belongs to when it is right for `secret` at `now`, give or take one
/// step (clocks of phones drift). The caller refuses steps at or before the last one used, so
/// that no code works twice.
pub fn check_code(secret: &str, code: &str, now: i64) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp(secret)?.check(&code, now.max(0) as u64).map(|step| step as i64)
}

/// The code of `secret` at `now` (for tests and the demo).
pub fn code_at(secret: &str, now: i64) -> String {
    totp(secret).map(|t| t.generate(now.max(0) as u64).to_string()).unwrap_or_default()
}

/// The `otpauth://` URI authenticator apps read from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &str) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>().replace('+', "%20");
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period={STEP}",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

/// The QR code of `text`: its side in modules, with a quiet zone of 4, and an SVG path of the
/// dark modules.
pub fn qr_path(text: &str) -> Option<(u32, String)> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = qr.size();
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{} {}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    Some(((size + 8) as u32, path))
}

/// A recovery code as shown: 12 characters of Crockford's base 32 (60 bits) in groups of 4.
pub fn new_recovery_code() -> String {
    let mut rng = rand::rngs::OsRng;
    let raw: Vec<char> = (0..12).map(|_| CROCKFORD[rng.gen_range(0..CROCKFORD.len())] as char).collect();
    raw.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// A recovery code as typed, in its canonical form: case, spaces and dashes do not matter,
/// and O, I and L read as 0, 1 and 1. `None` when it cannot be one.
pub fn normalise_recovery_code(input: &str) -> Option<String> {
    let s = super::identity::crockford_typed(input);
    (s.len() == 12 && s.bytes().all(|b| CROCKFORD.contains(&b))).then_some(s)
}

/// What is stored for a recovery code of `user_id`: SHA-256 over the person and the code, so
/// equal codes of two people differ.
pub fn recovery_code_hash(user_id: &str, canonical: &str) -> String {
    hex::encode(Sha256::digest(format!("{user_id}:{canonical}").as_bytes()))
}

/// The browser and operating system a user agent names, e.g. `("Firefox 133", "Windows")`;
/// empty strings for what it does not say.
pub fn describe_user_agent(ua: &str) -> (String, String) {
    let version = |name: &str| -> Option<String> {
        let at = ua.find(name)? + name.len();
        let v: String = ua[at..].chars().take_while(|c| c.is_ascii_digit()).collect();
        Some(v)
    };
    let named = |label: &str, v: Option<String>| match v {
        Some(v) if !v.is_empty() => format!("{label} {v}"),
        _ => label.to_string(),
    };
    let browser = if ua.contains("Edg/") {
        named("Edge", version("Edg/"))
    } else if ua.contains("OPR/") {
        named("Opera", version("OPR/"))
    } else if ua.contains("Firefox/") {
        named("Firefox", version("Firefox/"))
    } else if ua.contains("Chrome/") {
        named("Chrome", version("Chrome/"))
    } else if ua.contains("Safari/") && ua.contains("Version/") {
        named("Safari", version("Version/"))
    } else if ua.starts_with("seatwise/") {
        named("Seatwise CLI", version("seatwise/"))
    } else {
        String::new()
    };
    let os = if ua.contains("Windows") {
        "Windows"
    } else if ua.contains("iPhone") || ua.contains("iPad") {
        "iOS"
    } else if ua.contains("Mac OS X") || ua.contains("Macintosh") {
        "macOS"
    } else if ua.contains("Android") {
        "Android"
    } else if ua.contains("CrOS") {
        "ChromeOS"
    } else if ua.contains("Linux") {
        "Linux"
    } else {
        ""
    };
    (browser, os.to_string())
}

/// Which browser a user agent is, for "a browser not seen before": the browser's family and
/// the operating system, without versions (an update is not a new browser).
pub fn browser_fingerprint(ua: &str) -> String {
    let (browser, os) = describe_user_agent(ua);
    let family = browser.rsplit_once(' ').filter(|(_, v)| v.bytes().all(|b| b.is_ascii_digit())).map_or(browser.as_str(), |(f, _)| f);
    hex::encode(Sha256::digest(format!("{family}|{os}").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 secret "12345678901234567890" gives 94287082 at 59 s
    /// (8 digits); its last 6 digits are the 6-digit code.
    #[test]
    fn codes_follow_rfc_6238() {
        let secret = Secret::from(*b"12345678901234567890").to_base32();
        assert_eq!(code_at(&secret, 59), "287082");
        assert_eq!(code_at(&secret, 1111111109), "081804");
        assert_eq!(check_code(&secret, "287 082", 59), Some(1));
        // One step either side is accepted; two are not.
        assert_eq!(check_code(&secret, &code_at(&secret, 1000), 1000 + 30), Some(1000 / 30));
        assert_eq!(check_code(&secret, &code_at(&secret, 1000), 1000 - 30), Some(1000 / 30));
        assert_eq!(check_code(&secret, &code_at(&secret, 1000), 1000 + 90), None);
        assert_eq!(check_code(&secret, "12345", 59), None);
        assert_eq!(check_code(&secret, "abcdef", 59), None);
        assert_eq!(new_secret().len(), 32);
    }

    #[test]
    fn uri_and_qr() {
        let uri = otpauth_uri("Seatwise", "mei@example.com", "JBSWY3DPEHPK3PXP");
        assert_eq!(
            uri,
            "otpauth://totp/Seatwise:mei%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Seatwise&algorithm=SHA1&digits=6&period=30"
        );
        let (size, path) = qr_path(&uri).unwrap();
        assert!(size > 25 && path.starts_with("M4 4h1v1h-1z"));
    }

    #[test]
    fn recovery_codes() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 14);
        let canonical = normalise_recovery_code(&code.to_lowercase()).unwrap();
        assert_eq!(canonical, code.replace('-', ""));
        assert_eq!(normalise_recovery_code("abcd efgh ijkl").as_deref(), Some("ABCDEFGH1JK1"));
        assert_eq!(normalise_recovery_code("abcd"), None);
        assert_ne!(recovery_code_hash("a", &canonical), recovery_code_hash("b", &canonical));
    }

    #[test]
    fn user_agents() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
        assert_eq!(describe_user_agent(chrome), ("Chrome 131".into(), "Linux".into()));
        let firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(describe_user_agent(firefox), ("Firefox 133".into(), "Windows".into()));
        let safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
        assert_eq!(describe_user_agent(safari), ("Safari 17".into(), "iOS".into()));
        let edge = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";
        assert_eq!(describe_user_agent(edge), ("Edge 131".into(), "macOS".into()));
        assert_eq!(describe_user_agent("curl/8"), (String::new(), String::new()));
        let newer = chrome.replace("131", "132");
        assert_eq!(browser_fingerprint(chrome), browser_fingerprint(&newer));
        assert_ne!(browser_fingerprint(chrome), browser_fingerprint(firefox));
    }
}
