//! The deployment's signing keys: one set per purpose (download links, licence files, the
//! licensing API's check-out answers), each
//! key with an id. The newest key of a purpose signs; every stored key verifies, so a rotation
//! (`seatwise-server rotate-signing-key`) does not break what is in flight. Keys live in the
//! database, so every server shares them; a server picks up a rotation within a minute, or at
//! once when it meets an id it does not know.

use std::{collections::HashMap, sync::RwLock};

use anyhow::Context;

use super::links::LinkKey;
use crate::store::Db;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyPurpose {
    DownloadLinks,
    LicenceFiles,
    /// Ed25519 (the stored 32 bytes are the seed): desktop products verify check-out answers
    /// offline with the public key, so it is not a shared secret.
    LicenceGrants,
}

impl KeyPurpose {
    pub const ALL: [KeyPurpose; 3] = [KeyPurpose::DownloadLinks, KeyPurpose::LicenceFiles, KeyPurpose::LicenceGrants];

    pub fn as_str(self) -> &'static str {
        match self {
            KeyPurpose::DownloadLinks => "download_links",
            KeyPurpose::LicenceFiles => "licence_files",
            KeyPurpose::LicenceGrants => "licence_grants",
        }
    }

    pub fn parse(s: &str) -> Option<KeyPurpose> {
        KeyPurpose::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// How long (seconds) a server signs with the keys it loaded before looking for a newer one.
const REFRESH_SECS: i64 = 60;

struct Loaded {
    /// Unix time of the load.
    at: i64,
    /// (purpose, kid) → key.
    keys: HashMap<(KeyPurpose, String), LinkKey>,
    /// The signing key id of each purpose.
    current: HashMap<KeyPurpose, String>,
}

pub struct Keyring {
    db: Db,
    loaded: RwLock<Loaded>,
}

impl Keyring {
    /// Loads the keys, creating the first key of each purpose if there is none.
    pub async fn open(db: &Db, now: i64) -> anyhow::Result<Keyring> {
        for p in KeyPurpose::ALL {
            db.create_first_key(p.as_str(), &LinkKey::generate_hex(), now).await?;
        }
        let loaded = load(db, now).await?;
        Ok(Keyring { db: db.clone(), loaded: RwLock::new(loaded) })
    }

    async fn refresh(&self, now: i64) -> anyhow::Result<()> {
        let fresh = load(&self.db, now).await?;
        *self.loaded.write().expect("keyring lock") = fresh;
        Ok(())
    }

    /// Signs `message` with the purpose's current key: (key id, signature). `now` is the
    /// server's Unix time (keys are looked up again once a minute).
    pub async fn sign(&self, purpose: KeyPurpose, message: &[u8], now: i64) -> anyhow::Result<(String, String)> {
        let loaded_at = self.loaded.read().expect("keyring lock").at;
        if now - loaded_at >= REFRESH_SECS || now < loaded_at {
            self.refresh(now).await?;
        }
        let loaded = self.loaded.read().expect("keyring lock");
        let kid = loaded.current.get(&purpose).context("no signing key")?.clone();
        let key = loaded.keys.get(&(purpose, kid.clone())).context("no signing key")?;
        Ok((kid, key.sign(message)))
    }

    /// Signs `message` with Ed25519 and the purpose's current key: (key id, base64url
    /// signature).
    pub async fn sign_ed25519(&self, purpose: KeyPurpose, message: &[u8], now: i64) -> anyhow::Result<(String, String)> {
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
        use ed25519_dalek::Signer;
        self.refresh_if_stale(now).await?;
        let loaded = self.loaded.read().expect("keyring lock");
        let kid = loaded.current.get(&purpose).context("no signing key")?.clone();
        let key = loaded.keys.get(&(purpose, kid.clone())).context("no signing key")?;
        let signing = ed25519_dalek::SigningKey::from_bytes(key.bytes());
        Ok((kid, URL_SAFE_NO_PAD.encode(signing.sign(message).to_bytes())))
    }

    /// The Ed25519 public keys of a purpose, oldest first: (key id, base64url key).
    pub async fn public_keys(&self, purpose: KeyPurpose, now: i64) -> anyhow::Result<Vec<(String, String)>> {
        use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
        self.refresh_if_stale(now).await?;
        let loaded = self.loaded.read().expect("keyring lock");
        let mut keys: Vec<(String, String)> = loaded
            .keys
            .iter()
            .filter(|((p, _), _)| *p == purpose)
            .map(|((_, kid), key)| {
                let public = ed25519_dalek::SigningKey::from_bytes(key.bytes()).verifying_key();
                (kid.clone(), URL_SAFE_NO_PAD.encode(public.to_bytes()))
            })
            .collect();
        keys.sort();
        Ok(keys)
    }

    async fn refresh_if_stale(&self, now: i64) -> anyhow::Result<()> {
        let loaded_at = self.loaded.read().expect("keyring lock").at;
        if now - loaded_at >= REFRESH_SECS || now < loaded_at {
            self.refresh(now).await?;
        }
        Ok(())
    }

    /// Checks a signature made with key `kid` of the purpose (in constant time). An unknown
    /// id is looked up in the database at once (another server may have rotated).
    pub async fn verify(&self, purpose: KeyPurpose, kid: &str, message: &[u8], sig: &str, now: i64) -> anyhow::Result<bool> {
        let (known, loaded_at) = {
            let l = self.loaded.read().expect("keyring lock");
            (l.keys.contains_key(&(purpose, kid.to_string())), l.at)
        };
        // A revoked key stops verifying within a minute too.
        if !known || now - loaded_at >= REFRESH_SECS || now < loaded_at {
            self.refresh(now).await?;
        }
        let loaded = self.loaded.read().expect("keyring lock");
        Ok(loaded.keys.get(&(purpose, kid.to_string())).is_some_and(|k| k.verify(message, sig)))
    }
}

async fn load(db: &Db, now: i64) -> anyhow::Result<Loaded> {
    let mut keys = HashMap::new();
    let mut current = HashMap::new();
    // Oldest first: the last key of a purpose is its newest.
    for row in db.signing_keys().await? {
        let Some(p) = KeyPurpose::parse(&row.purpose) else { continue };
        let key = LinkKey::from_hex(&row.secret).with_context(|| format!("the stored key {} {} is damaged", row.purpose, row.kid))?;
        keys.insert((p, row.kid.clone()), key);
        current.insert(p, row.kid);
    }
    Ok(Loaded { at: now, keys, current })
}
