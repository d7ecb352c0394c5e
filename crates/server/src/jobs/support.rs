//! Closes solved support cases whose waiting time is over (`SEATWISE_SUPPORT_AUTOCLOSE_DAYS`),
//! and mails the notices of published product updates. Each case and each notice is claimed in
//! the database, so any number of servers can run it.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::{
    domain::{home, support},
    state::AppState,
};

/// How often the job looks for cases to close and notices to mail (publishing an update also
/// mails at once).
const EVERY: Duration = Duration::from_secs(120);

pub async fn run_once(state: &AppState) -> anyhow::Result<u64> {
    support::close_solved(state).await
}

/// Runs every ten minutes until `stop`.
pub async fn run(state: AppState, stop: CancellationToken) {
    loop {
        match run_once(&state).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(closed = n, "support: solved cases closed"),
            Err(e) => tracing::warn!(error = %e, "support: closing solved cases failed"),
        }
        match home::run_notices(&state).await {
            Ok(n) if n != home::Notified::default() => tracing::info!(?n, "product updates: notices mailed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "product updates: mailing notices failed"),
        }
        let jitter = Duration::from_millis(rand::random::<u64>() % 1000);
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = tokio::time::sleep(EVERY + jitter) => {}
        }
    }
}
