//! The demo's desktop usage: people of an account sign in from a computer through the device
//! grant, then run their products over the last 90 days (check-out, heartbeats, cloud credits)
//! through the licensing API's own code, each call at its past time. So the reports and the
//! device lists show real numbers that nothing hard-codes.

use seatwise_api::{CheckoutRequest, HeartbeatRequest, UsageRequest};

use crate::{
    domain::{
        device_grant,
        licensing,
        products::Catalogue,
        secret::{new_token, token_hash},
    },
    state::AppState,
    store::licensing::NewDeviceAuthorization,
};

/// Days of history.
const DAYS: i64 = 90;
/// People of the account who get a computer.
const PEOPLE: usize = 16;

/// A stable pseudo-random number for (text, n): FNV-1a, so the demo is the same on every run.
fn roll(text: &str, n: i64) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes().chain(n.to_le_bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

const HOSTS: [&str; 6] = ["WS", "LAPTOP", "DESK", "CAD", "BIM", "PC"];
const SYSTEMS: [&str; 3] = ["Windows 11", "Windows 10", "macOS 15"];

/// Signs a person's computer in through the device grant at `at`: the app asks, the person
/// approves, the app's poll gets the token. Returns the token's secret (what the app sends) and
/// the token as the API looks it up. The benchmarks sign their devices in with it too.
pub async fn sign_in(
    state: &AppState,
    user_id: &str,
    host: &str,
    os: &str,
    client: &str,
    at: i64,
) -> anyhow::Result<(String, crate::store::licensing::DeviceTokenRow)> {
    let db = &state.db;
    let device_code = new_token();
    let hash = token_hash(&device_code);
    let user_code = loop {
        let code = device_grant::new_user_code();
        let a = NewDeviceAuthorization {
            device_code_hash: &hash,
            user_code: &code,
            client_name: client,
            host_name: host,
            os,
            interval_s: device_grant::INTERVAL,
            expires_at: at + device_grant::EXPIRES_IN,
        };
        if db.insert_device_authorization(&a, at).await? {
            break code;
        }
    };
    let mut tx = db.begin().await?;
    anyhow::ensure!(db.answer_device_authorization(&mut tx, &user_code, user_id, "approved", at + 20).await?, "the approval");
    tx.commit().await?;
    let a = db.device_authorization_by_code(&hash).await?.ok_or_else(|| anyhow::anyhow!("the authorization"))?;
    let token = licensing::issue_device_token(state, &a, at + 25).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let token = token.ok_or_else(|| anyhow::anyhow!("the token"))?;
    let row = db.device_token(&token_hash(&token.access_token)).await?.ok_or_else(|| anyhow::anyhow!("the stored token"))?;
    Ok((token.access_token, row))
}

/// 90 days of desktop use by seat holders of `account_id`.
pub async fn seed_usage(state: &AppState, account_id: &str) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let db = &state.db;
    let now = state.clock.unix();
    let midnight = now - now.rem_euclid(86_400);
    let cat = Catalogue::load(state).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let subs = db.subscriptions(account_id).await?;
    let mut seats = db.account_assignments(account_id).await?;
    seats.sort();
    let mut people: Vec<String> = vec![];
    for (_, user, _) in &seats {
        if !people.contains(user) && people.len() < PEOPLE {
            people.push(user.clone());
        }
    }
    let today = crate::domain::money::iso(state.clock.now().date());
    for (i, user) in people.iter().enumerate() {
        // What the person may run: the products of their seats, the current version of each.
        let mut runs: Vec<(String, String)> = vec![];
        for (sub_id, _, _) in seats.iter().filter(|(_, u, _)| u == user) {
            let Some(sub) = subs.iter().find(|s| s.id == *sub_id) else { continue };
            for p in cat.products_of_subscription(&sub.product_code) {
                if let Some(r) = cat.released(&p.id, &today).first() {
                    if !runs.iter().any(|(c, _)| *c == p.code) {
                        runs.push((p.code.clone(), r.version.clone()));
                    }
                }
            }
        }
        if runs.is_empty() {
            continue;
        }
        let h = roll(user, 0);
        let host = format!("NW-{}-{:03}", HOSTS[(h % 6) as usize], 100 + i);
        let os = SYSTEMS[((h >> 8) % 3) as usize];
        // Some people stopped using their computer 40 to 60 days ago: it shows as inactive.
        let stopped = if i % 7 == 3 { 40 + (h % 20) as i64 } else { 0 };
        let first_day = DAYS - (h % 10) as i64;
        let start = |d: i64, hour: i64| (midnight - d * 86_400 + hour * 3_600).min(now - 60);
        let (_, token) = sign_in(state, user, &host, os, "Draftline Desktop 2027", start(first_day, 8)).await?;
        // A product checks out when it starts on a computer; later days only beat.
        let mut checked_out: Vec<String> = vec![];
        for d in (stopped..=first_day).rev() {
            let date = state.clock.now().date() - time::Duration::days(d);
            let weekday = date.weekday().number_days_from_monday() < 5;
            let r = roll(user, d);
            if !weekday || r % 10 >= 6 {
                continue;
            }
            let (product, version) = &runs[(r >> 4) as usize % runs.len()];
            let at = start(d, 8 + (r >> 8) as i64 % 3);
            if !checked_out.contains(product) {
                let checkout = CheckoutRequest { product: product.clone(), version: version.clone() };
                if licensing::checkout(state, &token, &checkout, at).await.is_err() {
                    continue;
                }
                checked_out.push(product.clone());
            }
            let beat = HeartbeatRequest { product: product.clone(), version: version.clone() };
            let hours = 1 + (r >> 12) as i64 % 7;
            for (n, t) in [at, at + hours * 3_600].into_iter().enumerate() {
                if t <= now && licensing::heartbeat(state, &token, &beat, t).await.is_err() {
                    break;
                }
                // Cloud services on some days: a rendering or an analysis.
                if n == 1 && (r >> 16) % 10 < 3 && t <= now {
                    let usage = UsageRequest { idempotency_key: format!("demo-{user}-{d}"), product: product.clone(), credits: 1 + ((r >> 20) % 15) as u32 };
                    let _ = licensing::record_usage(state, &token, &usage, t).await;
                }
            }
        }
        // One person signed a lost laptop out from the portal.
        if i == 5 {
            db.deactivate_device(&token.device_id, now - 3 * 86_400).await?;
        }
    }
    tracing::info!(people = people.len(), ms = started.elapsed().as_millis() as u64, "demo desktop usage created");
    Ok(())
}
