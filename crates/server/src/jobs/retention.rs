//! Deletes what has served its purpose: expired sessions, used or expired one-time tokens,
//! throttle and rate-limit rows whose windows are over, delivered mail after its retention
//! period, old security log entries, expired device sign-ins and raw licensing events, support attachments never sent. One server at a time runs it: it claims a lease row.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::state::AppState;

pub const JOB: &str = "retention";
/// How long a claim holds if the server dies while purging.
const LEASE_SECS: i64 = 300;
/// The longest window of any throttle or rate limit (an hour).
const LONGEST_WINDOW: i64 = 3600;
/// Security log entries are kept this long.
pub const SECURITY_LOG_DAYS: i64 = 90;

/// What one run deleted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub tokens: u64,
    pub throttles: u64,
    pub mails: u64,
    pub security_events: u64,
    /// Sign-in challenges and remembered browsers whose time is up.
    pub two_step: u64,
    /// Device authorizations (RFC 8628) expired a day ago or more.
    pub device_authorizations: u64,
    /// Raw heartbeats and usage events older than the retention setting (the daily rollups stay).
    pub licensing_events: u64,
    /// Support case attachments uploaded a day ago or more and never sent with a message.
    pub unused_attachments: u64,
}

/// Runs the purge if this server wins the claim; `None` when another server has it or it ran
/// less than `retention_interval` ago.
pub async fn run_once(state: &AppState) -> anyhow::Result<Option<Purged>> {
    let db = &state.db;
    let s = &state.settings;
    let now = state.clock.unix();
    let every = s.retention_interval.as_secs() as i64;
    if !db.claim_job(JOB, now, every, LEASE_SECS).await? {
        return Ok(None);
    }
    let result = purge(state, now).await;
    // Free the lease for whoever comes after the interval (a failed run is retried then too).
    if let Err(e) = db.release_job(JOB).await {
        tracing::warn!(error = %e, "retention: cannot release the lease");
    }
    result.map(Some)
}

async fn purge(state: &AppState, now: i64) -> anyhow::Result<Purged> {
    let db = &state.db;
    let s = &state.settings;
    let idle = s.session_idle.as_secs() as i64;
    let absolute = s.session_absolute.as_secs() as i64;
    Ok(Purged {
        sessions: db.purge_sessions(now - idle, now - absolute).await?,
        tokens: db.purge_tokens(now).await?,
        throttles: db.purge_throttles(now, now - LONGEST_WINDOW).await?,
        mails: db.purge_outbox(now - s.outbox_retention.as_secs() as i64).await?,
        security_events: db.purge_security_events(now - SECURITY_LOG_DAYS * 86_400).await?,
        two_step: db.purge_two_step(now).await?,
        device_authorizations: db.purge_device_authorizations(now - 86_400).await?,
        licensing_events: db.purge_licensing_events(now - s.licensing.retention_secs).await?,
        unused_attachments: {
            let keys = db.purge_unused_attachments(now - 86_400).await?;
            for k in &keys {
                state.files.remove(k).await;
            }
            keys.len() as u64
        },
    })
}

/// Tries every `retention_interval` until `stop`.
pub async fn run(state: AppState, stop: CancellationToken) {
    loop {
        match run_once(&state).await {
            Ok(Some(p)) => tracing::info!(?p, "retention: purged"),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "retention: purge failed"),
        }
        // A little jitter, so that servers started together do not always race for the lease.
        let jitter = Duration::from_millis(rand::random::<u64>() % 1000);
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = tokio::time::sleep(state.settings.retention_interval + jitter) => {}
        }
    }
}
