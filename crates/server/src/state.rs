//! What every handler can reach.

use std::{
    sync::{
        atomic::{AtomicUsize, Ordering},
        Arc,
    },
    time::Duration,
};

use tokio::sync::{Notify, Semaphore};

use crate::{
    clock::SharedClock,
    config::Settings,
    domain::{keys::Keyring, PasswordHasher},
    error::{AppError, AppResult},
    files::FileStore,
    store::Db,
};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub clock: SharedClock,
    pub hasher: Arc<PasswordHasher>,
    /// Bounds the Argon2 work in flight (each hash takes 19 MiB and a core).
    pub hash_gate: Arc<HashGate>,
    /// Wakes this server's outbox worker when mail was queued.
    pub mail_wake: Arc<Notify>,
    /// Wakes this server's text message worker when a text was queued.
    pub text_wake: Arc<Notify>,
    /// Release files on disk.
    pub files: Arc<FileStore>,
    /// Signing keys for download links and licence files; shared by every server (kept in
    /// the database), each key with an id so that keys can be rotated.
    pub keys: Arc<Keyring>,
    /// The WebAuthn relying party (passkeys); `None` when the public URL has no domain name.
    pub webauthn: Option<Arc<webauthn_rs::Webauthn>>,
    /// The OpenID Connect providers of linked accounts.
    pub oidc: Arc<crate::domain::linked::Oidc>,
}

/// At most `workers` password hashes run at once and at most `queue` wait for one; a request
/// beyond that is answered 503 with `Retry-After` instead of joining an unbounded queue of
/// 19 MiB computations.
pub struct HashGate {
    workers: Arc<Semaphore>,
    waiting: AtomicUsize,
    queue: usize,
}

/// How long a hash may wait for a worker before the request is refused.
const HASH_WAIT: Duration = Duration::from_secs(10);

impl HashGate {
    pub fn new(workers: usize, queue: usize) -> HashGate {
        HashGate { workers: Arc::new(Semaphore::new(workers.max(1))), waiting: AtomicUsize::new(0), queue }
    }

    /// Runs `work` on a blocking thread once a worker is free.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let permit = match self.workers.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.queue {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    return Err(AppError::Busy { retry_after: 1 });
                }
                let acquired = tokio::time::timeout(HASH_WAIT, self.workers.clone().acquire_owned()).await;
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                match acquired {
                    Ok(Ok(p)) => p,
                    _ => return Err(AppError::Busy { retry_after: 2 }),
                }
            }
        };
        let out = tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await
        .map_err(|e| AppError::Internal(e.into()))?;
        Ok(out)
    }
}

impl AppState {
    /// Hashes a password off the async runtime, within the hashing capacity.
    pub async fn hash_password(&self, password: String) -> AppResult<String> {
        let hasher = self.hasher.clone();
        self.hash_gate.run(move || hasher.hash(&password)).await
    }

    /// Verifies a password off the async runtime (against a dummy hash when `hash` is None),
    /// within the hashing capacity.
    pub async fn verify_password(&self, password: String, hash: Option<String>) -> AppResult<bool> {
        let hasher = self.hasher.clone();
        self.hash_gate.run(move || hasher.verify(&password, hash.as_deref())).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_gate_refuses_beyond_workers_and_queue() {
        let gate = Arc::new(HashGate::new(1, 1));
        let (release, hold) = std::sync::mpsc::channel::<()>();
        let hold = Arc::new(std::sync::Mutex::new(hold));
        // One runs (blocked), one waits, the third is refused at once.
        let h = hold.clone();
        let g = gate.clone();
        let running = tokio::spawn(async move { g.run(move || h.lock().unwrap().recv().ok()).await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        let g = gate.clone();
        let waiting = tokio::spawn(async move { g.run(|| 7).await });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(matches!(gate.run(|| 1).await, Err(AppError::Busy { .. })));
        release.send(()).unwrap();
        assert!(running.await.unwrap().is_ok());
        assert_eq!(waiting.await.unwrap().unwrap(), 7);
        assert_eq!(gate.run(|| 3).await.unwrap(), 3);
    }
}
