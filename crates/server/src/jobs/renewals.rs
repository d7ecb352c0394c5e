//! The renewal job: on a subscription's end date it starts the ordered next term, renews
//! automatically, or lets the subscription expire; before the end it sends the contract
//! manager's reminders. Each step claims its row with a conditional update in the step's own
//! transaction, so any number of servers can run the job at once and each thing happens once.

use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::{
    domain::billing::{self, Rolled},
    state::AppState,
};

/// Rows read per query.
const BATCH: i64 = 500;

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ran {
    pub renewed: u64,
    pub auto_renewed: u64,
    pub expired: u64,
    /// Due, but another runner had it, or an automatic renewal waits for a price.
    pub skipped: u64,
    pub reminders: u64,
}

use crate::domain::money::iso;

/// One pass over what is due today.
pub async fn run_once(state: &AppState) -> anyhow::Result<Ran> {
    let mut ran = Ran::default();
    let today = state.clock.now().date();
    let today_s = iso(today);
    let mut after = (String::new(), String::new());
    loop {
        let rows = state.db.due_subscriptions(&today_s, (&after.0, &after.1), BATCH).await?;
        for row in &rows {
            match billing::roll(state, row).await {
                Ok(Rolled::Renewed) => ran.renewed += 1,
                Ok(Rolled::AutoRenewed) => ran.auto_renewed += 1,
                Ok(Rolled::Expired) => ran.expired += 1,
                Ok(Rolled::Skipped) => ran.skipped += 1,
                Err(e) => {
                    ran.skipped += 1;
                    tracing::warn!(subscription = %row.id, error = ?e, "renewal: a subscription could not be rolled over");
                }
            }
        }
        match rows.last() {
            Some(last) if rows.len() as i64 == BATCH => after = (last.end_date.clone(), last.id.clone()),
            _ => break,
        }
    }
    let days = &state.settings.billing.reminder_days;
    if let (Some(&largest), Some(&smallest)) = (days.first(), days.last()) {
        let until = iso(today + time::Duration::days(largest));
        for row in state.db.reminder_candidates(&today_s, &until, smallest).await? {
            match billing::remind(state, &row, today).await {
                Ok(true) => ran.reminders += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(subscription = %row.id, error = ?e, "renewal: a reminder could not be queued"),
            }
        }
    }
    Ok(ran)
}

/// Runs every `renewal_interval` until `stop`.
pub async fn run(state: AppState, stop: CancellationToken) {
    loop {
        match run_once(&state).await {
            Ok(r) if r != Ran::default() => tracing::info!(?r, "renewal: done"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "renewal: run failed"),
        }
        let jitter = Duration::from_millis(rand::random::<u64>() % 1000);
        tokio::select! {
            _ = stop.cancelled() => break,
            _ = tokio::time::sleep(state.settings.billing.renewal_interval + jitter) => {}
        }
    }
}
