//! Signed download links: an HMAC-SHA256 over the file, account, person and expiry, with a key
//! every server of the deployment shares (kept in the database). A link works for that file
//! only, until it expires, and only while the person is still entitled.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct LinkKey([u8; 32]);

impl std::fmt::Debug for LinkKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkKey([redacted])")
    }
}

/// What a link grants.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkGrant<'a> {
    pub file_id: &'a str,
    pub account_id: &'a str,
    pub user_id: &'a str,
    /// Unix time.
    pub expires: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    Invalid,
    Expired,
}

impl LinkKey {
    pub fn from_hex(s: &str) -> anyhow::Result<LinkKey> {
        let bytes = hex::decode(s)?;
        let arr: [u8; 32] = bytes.try_into().map_err(|_| anyhow::anyhow!("the link key must be 32 bytes"))?;
        Ok(LinkKey(arr))
    }

    pub fn generate_hex() -> String {
        use rand::RngCore;
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        hex::encode(k)
    }

    fn mac(&self, g: &LinkGrant<'_>) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(format!("seatwise-download-v1\n{}\n{}\n{}\n{}", g.file_id, g.account_id, g.user_id, g.expires).as_bytes());
        mac
    }

    pub fn sign(&self, g: &LinkGrant<'_>) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(g).finalize().into_bytes())
    }

    /// Checks the signature (in constant time), then the expiry.
    pub fn verify(&self, g: &LinkGrant<'_>, sig: &str, now: i64) -> Result<(), LinkError> {
        let raw = URL_SAFE_NO_PAD.decode(sig).map_err(|_| LinkError::Invalid)?;
        self.mac(g).verify_slice(&raw).map_err(|_| LinkError::Invalid)?;
        if now >= g.expires {
            return Err(LinkError::Expired);
        }
        Ok(())
    }
}

/// Quotes a value for a POSIX shell.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_works_for_its_file_until_it_expires() {
        let key = LinkKey::from_hex(&LinkKey::generate_hex()).unwrap();
        let g = LinkGrant { file_id: "f1", account_id: "a1", user_id: "u1", expires: 1000 };
        let sig = key.sign(&g);
        assert_eq!(key.verify(&g, &sig, 999), Ok(()));
        assert_eq!(key.verify(&g, &sig, 1000), Err(LinkError::Expired));
        assert_eq!(key.verify(&LinkGrant { file_id: "f2", ..g.clone() }, &sig, 1), Err(LinkError::Invalid));
        assert_eq!(key.verify(&LinkGrant { expires: 5000, ..g.clone() }, &sig, 1), Err(LinkError::Invalid));
        assert_eq!(key.verify(&g, "AAAA", 1), Err(LinkError::Invalid));
        let other = LinkKey::from_hex(&LinkKey::generate_hex()).unwrap();
        assert_eq!(other.verify(&g, &sig, 1), Err(LinkError::Invalid));
    }

    #[test]
    fn shell_quoting_survives_quotes() {
        assert_eq!(shell_quote("a'b"), "'a'\\''b'");
    }
}
