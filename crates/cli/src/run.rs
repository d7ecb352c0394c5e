//! `seatwise run PRODUCT VERSION`: plays the vendor's desktop product. It checks the product
//! out, verifies the signed grant as the product would offline, sends heartbeats while it
//! "runs", and can consume cloud credits once.

use std::time::Duration;

use seatwise_api::{CheckoutRequest, HeartbeatRequest, LicenceGrant, UsageRequest};
use tokio::time::Instant;

use crate::client::{About, ApiError, Client};
use crate::config::Credentials;
use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::grant;
use crate::time::{now_unix, rfc3339_utc};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The product's code, e.g. DRAFT
    pub product: String,
    /// The product version to run, e.g. 2026
    pub version: String,
    /// Cloud credits to consume once the product is licensed (one usage event; 0 for none)
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub credits: u32,
    /// How long to keep running after that, in seconds, sending heartbeats; Ctrl-C stops
    /// earlier
    #[arg(long = "for", value_name = "SECONDS", default_value_t = 0)]
    pub run_for: u64,
    /// Seconds between heartbeats, at least 1 [default: what the server asks for]
    #[arg(long, value_name = "S", value_parser = clap::value_parser!(u64).range(1..))]
    pub heartbeat_secs: Option<u64>,
}

/// Runs the product until `--for` is over or Ctrl-C (or SIGTERM) stops it, then prints
/// `Stopped.`.
pub async fn run(context: &Context, args: Args) -> Result<(), Failure> {
    let (credentials, client) = context.signed_in_client()?;
    tokio::select! {
        biased;
        () = stop_requested() => {}
        result = licensed_run(&client, &credentials, &args) => result?,
    }
    println!("Stopped.");
    Ok(())
}

/// Check-out, first heartbeat, usage, then heartbeats until `--for` is over.
async fn licensed_run(
    client: &Client,
    credentials: &Credentials,
    args: &Args,
) -> Result<(), Failure> {
    let grant = checkout(client, credentials, args).await?;
    let claims = &grant.claims;
    println!(
        "Licensed: {} {} until {}",
        claims.product,
        claims.version,
        rfc3339_utc(claims.valid_until)
    );

    let beat = HeartbeatRequest {
        product: claims.product.clone(),
        version: claims.version.clone(),
    };
    client
        .heartbeat(&beat)
        .await
        .map_err(|e| heartbeat_failure(e, &beat))?;

    if args.credits > 0 {
        consume_credits(client, &claims.product, args.credits).await?;
    }

    // The grant sets the pace unless --heartbeat-secs does (clap keeps that at 1 or more).
    let every = args.heartbeat_secs.unwrap_or(grant.heartbeat_secs).max(1);
    let started = Instant::now();
    let stop_at = started
        .checked_add(Duration::from_secs(args.run_for))
        .unwrap_or_else(|| after_secs(u64::MAX));
    keep_running(client, &beat, every, claims.valid_until, started, stop_at).await
}

/// Checks the product out and verifies the grant (exit 6 when it does not verify).
async fn checkout(
    client: &Client,
    credentials: &Credentials,
    args: &Args,
) -> Result<LicenceGrant, Failure> {
    let request = CheckoutRequest {
        product: args.product.clone(),
        version: args.version.clone(),
    };
    let about = About {
        product: &args.product,
        version: Some(&args.version),
    };
    let grant = client
        .checkout(&request)
        .await
        .map_err(|e| e.into_failure(Some(about)))?;
    let keys = client.licence_keys().await?;
    grant::verify(&grant, &keys, now_unix())
        .and_then(|()| {
            grant::check_request(
                &grant.claims,
                &args.product,
                &args.version,
                &credentials.device_id,
            )
        })
        .map_err(|e| {
            Failure::new(
                Exit::Server,
                format!(
                    "the licence grant from {} does not verify: {e}",
                    credentials.server
                ),
            )
        })?;
    Ok(grant)
}

/// Sends one usage event (retried with the same idempotency key, so it counts once).
async fn consume_credits(client: &Client, product: &str, credits: u32) -> Result<(), Failure> {
    let request = UsageRequest {
        idempotency_key: uuid::Uuid::new_v4().to_string(),
        product: product.to_owned(),
        credits,
    };
    let about = About {
        product,
        version: None,
    };
    let recorded = client
        .record_usage(&request)
        .await
        .map_err(|e| e.into_failure(Some(about)))?;
    if recorded.replayed {
        println!(
            "Consumed {} cloud credits (already recorded).",
            recorded.credits
        );
    } else {
        println!(
            "Consumed {} cloud credits ({} left).",
            recorded.credits, recorded.balance
        );
    }
    Ok(())
}

/// Sends a heartbeat every `every` seconds from `started` until `stop_at`. A heartbeat
/// that may be retried (see [`may_retry_heartbeat`]) is only a warning while the grant still
/// holds offline; a refusal stops the run (403: the seat was taken away, exit 4; 401: signed
/// out, exit 3).
async fn keep_running(
    client: &Client,
    beat: &HeartbeatRequest,
    every: u64,
    valid_until: i64,
    started: Instant,
    stop_at: Instant,
) -> Result<(), Failure> {
    let mut next = started;
    loop {
        // On a fixed schedule, so slow answers do not make the heartbeats drift; after a pause
        // longer than the interval, the schedule starts again from now.
        next = next
            .checked_add(Duration::from_secs(every))
            .unwrap_or_else(|| after_secs(u64::MAX));
        if next <= Instant::now() {
            next = after_secs(every);
        }
        if next > stop_at {
            tokio::time::sleep_until(stop_at).await;
            return Ok(());
        }
        tokio::time::sleep_until(next).await;
        match client.heartbeat(beat).await {
            Ok(_) => {}
            Err(error) if may_retry_heartbeat(&error) && now_unix() < valid_until => eprintln!(
                "seatwise: warning: heartbeat failed ({error}); the licence holds offline until {}; trying again in {} s",
                rfc3339_utc(valid_until),
                every
            ),
            Err(error) => return Err(heartbeat_failure(error, beat)),
        }
    }
}

/// A heartbeat that got no answer, a server error or "too many requests" is tried again at the
/// next beat; any other refusal stops the run.
fn may_retry_heartbeat(error: &ApiError) -> bool {
    error.is_transient() || error.status() == Some(429)
}

/// A refused heartbeat says what stopped: the seat (403, exit 4) or the sign-in (401, exit 3).
fn heartbeat_failure(error: ApiError, beat: &HeartbeatRequest) -> Failure {
    if error.status() == Some(403) {
        let code = error.code_text().unwrap_or("forbidden").to_owned();
        return Failure::new(
            Exit::NotLicensed,
            format!(
                "{} {} is no longer licensed to this device: the seat or trial was taken away; stopping ({code})",
                beat.product, beat.version
            ),
        );
    }
    let about = About {
        product: &beat.product,
        version: Some(&beat.version),
    };
    error.into_failure(Some(about))
}

/// The instant `secs` seconds from now (far in the future when that does not fit).
fn after_secs(secs: u64) -> Instant {
    let now = Instant::now();
    now.checked_add(Duration::from_secs(secs))
        .unwrap_or_else(|| now + Duration::from_secs(100 * 365 * 86_400))
}

/// Completes on Ctrl-C, or SIGTERM on unix. A signal that cannot be listened for never fires.
async fn stop_requested() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
