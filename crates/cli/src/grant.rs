//! Verifying a licence grant the way a product does offline: the Ed25519 signature over the
//! exact payload text, by one of the server's published keys; the claims next to it must be
//! the payload's; and the grant must still be valid.

use std::fmt;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine};
use ed25519_dalek::{Signature, VerifyingKey};
use seatwise_api::{LicenceClaims, LicenceGrant, LicenceKeys};

/// base64url as the server writes it (without padding), also accepting padding.
const BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Why a grant is not to be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GrantError {
    /// No published key has the grant's `key_id`.
    UnknownKey(String),
    /// The key is published for another algorithm than Ed25519.
    UnsupportedAlgorithm(String),
    /// The published key is not 32 bytes of base64url, or not a valid Ed25519 point.
    BadPublicKey,
    /// The signature is not 64 bytes of base64url.
    BadSignatureEncoding,
    /// The signature does not match the payload and key.
    SignatureMismatch,
    /// The claims sent beside the payload are not what the payload says.
    ClaimsMismatch,
    /// The grant ended at `valid_until` (Unix seconds).
    Expired { valid_until: i64 },
    /// A valid grant, but not for what was asked (another product, version or device).
    NotRequested(String),
}

impl fmt::Display for GrantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GrantError::UnknownKey(id) => write!(
                f,
                "it is signed by key {id}, which the server does not publish"
            ),
            GrantError::UnsupportedAlgorithm(algorithm) => {
                write!(f, "its key is for {algorithm}, not Ed25519")
            }
            GrantError::BadPublicKey => {
                f.write_str("the server's public key is not a valid Ed25519 key")
            }
            GrantError::BadSignatureEncoding => {
                f.write_str("its signature is not 64 bytes of base64url")
            }
            GrantError::SignatureMismatch => f.write_str("its signature does not match"),
            GrantError::ClaimsMismatch => f.write_str("its claims differ from the signed payload"),
            GrantError::Expired { valid_until } => {
                write!(
                    f,
                    "it expired at {}",
                    crate::time::rfc3339_utc(*valid_until)
                )
            }
            GrantError::NotRequested(what) => write!(f, "it is for {what}"),
        }
    }
}

/// Checks `grant` against the published `keys` at Unix time `now`.
pub fn verify(grant: &LicenceGrant, keys: &LicenceKeys, now: i64) -> Result<(), GrantError> {
    let key = keys
        .keys
        .iter()
        .find(|k| k.key_id == grant.key_id)
        .ok_or_else(|| GrantError::UnknownKey(grant.key_id.clone()))?;
    if !key.algorithm.eq_ignore_ascii_case("ed25519") {
        return Err(GrantError::UnsupportedAlgorithm(key.algorithm.clone()));
    }
    let public: [u8; 32] = decode_exact(&key.public_key).ok_or(GrantError::BadPublicKey)?;
    let public = VerifyingKey::from_bytes(&public).map_err(|_| GrantError::BadPublicKey)?;
    let signature: [u8; 64] =
        decode_exact(&grant.signature).ok_or(GrantError::BadSignatureEncoding)?;
    let signature = Signature::from_bytes(&signature);
    // Strict: also refuses weak keys and non-canonical signatures.
    public
        .verify_strict(grant.payload.as_bytes(), &signature)
        .map_err(|_| GrantError::SignatureMismatch)?;

    let signed: LicenceClaims =
        serde_json::from_str(&grant.payload).map_err(|_| GrantError::ClaimsMismatch)?;
    if signed != grant.claims {
        return Err(GrantError::ClaimsMismatch);
    }
    if signed.valid_until <= now {
        return Err(GrantError::Expired {
            valid_until: signed.valid_until,
        });
    }
    Ok(())
}

/// Checks that verified claims are for the product and version asked for (the product code
/// in any case), on this device.
pub fn check_request(
    claims: &LicenceClaims,
    product: &str,
    version: &str,
    device_id: &str,
) -> Result<(), GrantError> {
    if !claims.product.eq_ignore_ascii_case(product) || claims.version != version {
        return Err(GrantError::NotRequested(format!(
            "{} {}",
            claims.product, claims.version
        )));
    }
    if claims.device_id != device_id {
        return Err(GrantError::NotRequested(format!(
            "device {}",
            claims.device_id
        )));
    }
    Ok(())
}

/// Decodes base64url into exactly `N` bytes.
fn decode_exact<const N: usize>(text: &str) -> Option<[u8; N]> {
    BASE64URL.decode(text.trim()).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use ed25519_dalek::{Signer, SigningKey};
    use seatwise_api::LicenceKey;

    const NOW: i64 = 1_800_000_000;

    fn signing_key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    fn keys(key: &SigningKey) -> LicenceKeys {
        LicenceKeys {
            keys: vec![
                LicenceKey {
                    key_id: "old".to_owned(),
                    algorithm: "Ed25519".to_owned(),
                    public_key: URL_SAFE_NO_PAD.encode(signing_key(99).verifying_key().to_bytes()),
                },
                LicenceKey {
                    key_id: "k1".to_owned(),
                    algorithm: "Ed25519".to_owned(),
                    public_key: URL_SAFE_NO_PAD.encode(key.verifying_key().to_bytes()),
                },
            ],
        }
    }

    fn claims(valid_until: i64) -> LicenceClaims {
        LicenceClaims {
            product: "DRAFT".to_owned(),
            version: "2026".to_owned(),
            device_id: "dev_1".to_owned(),
            user_id: "usr_1".to_owned(),
            account_id: "acc_1".to_owned(),
            subscription_id: Some("sub_1".to_owned()),
            trial: false,
            issued_at: NOW - 10,
            valid_until,
        }
    }

    /// A grant as the server makes it: the claims' JSON, signed.
    fn grant(key: &SigningKey, claims: LicenceClaims) -> LicenceGrant {
        let payload = serde_json::to_string(&claims).unwrap();
        let signature = URL_SAFE_NO_PAD.encode(key.sign(payload.as_bytes()).to_bytes());
        LicenceGrant {
            claims,
            payload,
            key_id: "k1".to_owned(),
            signature,
            heartbeat_secs: 300,
        }
    }

    #[test]
    fn a_signed_grant_verifies() {
        let key = signing_key(7);
        let grant = grant(&key, claims(NOW + 3600));
        assert_eq!(verify(&grant, &keys(&key), NOW), Ok(()));
        assert_eq!(
            check_request(&grant.claims, "draft", "2026", "dev_1"),
            Ok(())
        );
    }

    #[test]
    fn a_changed_payload_fails() {
        let key = signing_key(7);
        let mut grant = grant(&key, claims(NOW + 3600));
        grant.payload = grant.payload.replace("2026", "2027");
        grant.claims.version = "2027".to_owned();
        assert_eq!(
            verify(&grant, &keys(&key), NOW),
            Err(GrantError::SignatureMismatch)
        );
    }

    #[test]
    fn claims_that_differ_from_the_payload_fail() {
        let key = signing_key(7);
        let mut grant = grant(&key, claims(NOW + 3600));
        grant.claims.valid_until += 86_400;
        assert_eq!(
            verify(&grant, &keys(&key), NOW),
            Err(GrantError::ClaimsMismatch)
        );
    }

    #[test]
    fn another_key_fails() {
        let key = signing_key(7);
        let grant = grant(&key, claims(NOW + 3600));
        // The server publishes a different key under the grant's key id.
        assert_eq!(
            verify(&grant, &keys(&signing_key(8)), NOW),
            Err(GrantError::SignatureMismatch)
        );
        // Or the grant names a key the server does not publish.
        let unknown = LicenceGrant {
            key_id: "k9".to_owned(),
            ..grant
        };
        assert_eq!(
            verify(&unknown, &keys(&key), NOW),
            Err(GrantError::UnknownKey("k9".to_owned()))
        );
    }

    #[test]
    fn an_expired_grant_fails() {
        let key = signing_key(7);
        let grant = grant(&key, claims(NOW));
        assert_eq!(
            verify(&grant, &keys(&key), NOW),
            Err(GrantError::Expired { valid_until: NOW })
        );
        assert_eq!(verify(&grant, &keys(&key), NOW - 1), Ok(()));
    }

    #[test]
    fn malformed_signatures_and_keys_fail() {
        let key = signing_key(7);
        let good = grant(&key, claims(NOW + 3600));
        let short = LicenceGrant {
            signature: good.signature[..40].to_owned(),
            ..good.clone()
        };
        assert_eq!(
            verify(&short, &keys(&key), NOW),
            Err(GrantError::BadSignatureEncoding)
        );
        let not_base64 = LicenceGrant {
            signature: "!".repeat(86),
            ..good.clone()
        };
        assert_eq!(
            verify(&not_base64, &keys(&key), NOW),
            Err(GrantError::BadSignatureEncoding)
        );

        let mut bad_keys = keys(&key);
        bad_keys.keys[1].public_key = "AAAA".to_owned();
        assert_eq!(verify(&good, &bad_keys, NOW), Err(GrantError::BadPublicKey));
        bad_keys.keys[1].algorithm = "RS256".to_owned();
        assert_eq!(
            verify(&good, &bad_keys, NOW),
            Err(GrantError::UnsupportedAlgorithm("RS256".to_owned()))
        );
    }

    #[test]
    fn a_grant_for_something_else_is_refused() {
        let claims = claims(NOW + 3600);
        assert!(check_request(&claims, "DRAFT", "2025", "dev_1").is_err());
        assert!(check_request(&claims, "PLOT", "2026", "dev_1").is_err());
        assert!(check_request(&claims, "DRAFT", "2026", "dev_2").is_err());
    }
}
