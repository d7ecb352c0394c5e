//! What every handler can reach.

use std::sync::Arc;

use tokio::sync::Notify;

use crate::{clock::SharedClock, config::Settings, domain::{links::LinkKey, PasswordHasher}, files::FileStore, store::Db};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub clock: SharedClock,
    pub hasher: Arc<PasswordHasher>,
    /// Wakes this server's outbox worker when mail was queued.
    pub mail_wake: Arc<Notify>,
    /// Release files on disk.
    pub files: Arc<FileStore>,
    /// Signs download links; the same key on every server (kept in the database).
    pub link_key: Arc<LinkKey>,
}

impl AppState {
    /// Hashes a password off the async runtime.
    pub async fn hash_password(&self, password: String) -> anyhow::Result<String> {
        let hasher = self.hasher.clone();
        Ok(tokio::task::spawn_blocking(move || hasher.hash(&password)).await?)
    }

    /// Verifies a password off the async runtime (against a dummy hash when `hash` is None).
    pub async fn verify_password(&self, password: String, hash: Option<String>) -> anyhow::Result<bool> {
        let hasher = self.hasher.clone();
        Ok(tokio::task::spawn_blocking(move || hasher.verify(&password, hash.as_deref())).await?)
    }
}
