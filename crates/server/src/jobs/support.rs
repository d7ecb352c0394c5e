//! Closes solved support cases whose waiting time is over (`SEATWISE_SUPPORT_AUTOCLOSE_DAYS`).
//! Each case is claimed by a conditional status update, so any number of servers can run it.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::{domain::support, state::AppState};

/// How often the job looks for cases to close.
const EVERY: Duration = Duration::from_secs(600);

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
        let jitter = Duration::from_millis(rand::random::<u64>() % 1000);
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = tokio::time::sleep(EVERY + jitter) => {}
        }
    }
}
