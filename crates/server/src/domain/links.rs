//! Signed download links: an HMAC-SHA256 over the file, account, person and expiry, with a key
//! every server of the deployment shares (see [`super::keys`]). A link works for that file
//! only, until it expires, and only while the person is still entitled.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::keys::KeyPurpose;
use crate::{error::AppResult, state::AppState};

type HmacSha256 = Hmac<Sha256>;

/// A 256-bit HMAC key.
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

impl LinkGrant<'_> {
    /// The signed message.
    pub fn message(&self) -> Vec<u8> {
        format!("seatwise-download-v1\n{}\n{}\n{}\n{}", self.file_id, self.account_id, self.user_id, self.expires).into_bytes()
    }
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

    /// The key's 32 bytes (an Ed25519 seed for the licence grants' purpose).
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn mac(&self, message: &[u8]) -> HmacSha256 {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes any key length");
        mac.update(message);
        mac
    }

    /// URL-safe base64 of the HMAC of `message`.
    pub fn sign(&self, message: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(self.mac(message).finalize().into_bytes())
    }

    /// Checks the signature in constant time.
    pub fn verify(&self, message: &[u8], sig: &str) -> bool {
        URL_SAFE_NO_PAD.decode(sig).is_ok_and(|raw| self.mac(message).verify_slice(&raw).is_ok())
    }
}

/// A signed link to a file for `user_id` of `account_id`, valid `download_link_ttl` from now:
/// `(absolute url, expiry in Unix seconds)`. The one place links are signed: the browser's
/// "curl" links and the download manager's (`/licensing/files`, `/licensing/packages/{id}`)
/// both come from here, and `GET /downloads/{file}` checks them.
pub async fn signed_download_url(state: &AppState, file_id: &str, account_id: &str, user_id: &str) -> AppResult<(String, i64)> {
    let now = state.clock.unix();
    let expires = now + state.settings.download_link_ttl.as_secs() as i64;
    let grant = LinkGrant { file_id, account_id, user_id, expires };
    let (kid, sig) = state.keys.sign(KeyPurpose::DownloadLinks, &grant.message(), now).await?;
    let url = state.settings.link(&format!("/api/v1/downloads/{file_id}?a={account_id}&u={user_id}&exp={expires}&k={kid}&sig={sig}"));
    Ok((url, expires))
}

/// Quotes a value for a POSIX shell.
pub fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_covers_every_part_of_the_grant() {
        let key = LinkKey::from_hex(&LinkKey::generate_hex()).unwrap();
        let g = LinkGrant { file_id: "f1", account_id: "a1", user_id: "u1", expires: 1000 };
        let sig = key.sign(&g.message());
        assert!(key.verify(&g.message(), &sig));
        assert!(!key.verify(&LinkGrant { file_id: "f2", ..g.clone() }.message(), &sig));
        assert!(!key.verify(&LinkGrant { expires: 5000, ..g.clone() }.message(), &sig));
        assert!(!key.verify(&g.message(), "AAAA"));
        assert!(!key.verify(&g.message(), "not base64!"));
        let other = LinkKey::from_hex(&LinkKey::generate_hex()).unwrap();
        assert!(!other.verify(&g.message(), &sig));
    }

    #[test]
    fn shell_quoting_survives_quotes() {
        assert_eq!(shell_quote("a'b"), "'a'\\''b'");
    }
}
