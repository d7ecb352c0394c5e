//! `seatwise login`: signs this computer in with the OAuth 2.0 Device Authorization Grant
//! (RFC 8628). The person opens the portal's device page in a browser, types the code (or
//! opens the link with the code filled in) and approves; meanwhile the client polls for the
//! device token and stores it.

use std::io::Write;
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use seatwise_api::{
    DeviceAuthorizeForm, DeviceToken, DeviceTokenForm, DEVICE_CODE_GRANT_TYPE,
    DEVICE_TEXT_MAX_CHARS,
};

use crate::client::{ApiError, ApiErrorKind, Client};
use crate::config::{self, Credentials};
use crate::context::Context;
use crate::exit::{Exit, Failure};

/// The `client_id` of this client.
pub const CLIENT_ID: &str = "seatwise";
/// Seconds added to the polling interval on each `slow_down` (RFC 8628 §3.5).
const SLOW_DOWN_SECS: u64 = 5;
/// Polls in a row that may get no answer before the sign-in gives up.
const UNANSWERED_POLLS: u32 = 3;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The application name the approval page shows (sent as the OAuth client_id)
    #[arg(long, value_name = "NAME", default_value = CLIENT_ID)]
    pub client_name: String,
}

/// What to do after the token endpoint answered with an OAuth error (RFC 8628 §3.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Poll {
    /// Not approved yet: poll again, now and from then on every this many seconds.
    Again { interval: u64 },
    /// The person refused the sign-in (`access_denied`).
    Denied,
    /// The code expired before it was approved (`expired_token`).
    Expired,
    /// Any other error: the grant cannot succeed.
    Failed,
}

/// The polling state machine: `authorization_pending` keeps the interval, `slow_down` adds
/// five seconds to it for good, anything else stops.
pub fn after_poll_error(error: &str, interval: u64) -> Poll {
    match error {
        "authorization_pending" => Poll::Again { interval },
        "slow_down" => Poll::Again {
            interval: interval.saturating_add(SLOW_DOWN_SECS),
        },
        "access_denied" => Poll::Denied,
        "expired_token" => Poll::Expired,
        _ => Poll::Failed,
    }
}

/// Runs the device grant, stores the token and says who is signed in.
pub async fn login(context: &Context, args: Args) -> Result<(), Failure> {
    let server = context.server_for_login()?;
    let client = Client::new(&server, None)?;
    let form = DeviceAuthorizeForm {
        client_id: args.client_name.clone(),
        device_name: host_name(),
        os: std::env::consts::OS.to_owned(),
        scope: None,
    };
    let authorization = client.authorize_device(&form).await?;

    println!(
        "To sign in, open {} and enter the code {}",
        authorization.verification_uri, authorization.user_code
    );
    println!("Or open {}", authorization.verification_uri_complete);
    // A script (or test) reads these lines while the command keeps polling.
    std::io::stdout()
        .flush()
        .map_err(|e| Failure::new(Exit::Local, format!("cannot write to stdout: {e}")))?;

    let token_form = DeviceTokenForm {
        grant_type: DEVICE_CODE_GRANT_TYPE.to_owned(),
        device_code: authorization.device_code.clone(),
        client_id: Some(args.client_name),
    };
    let expires = Instant::now() + Duration::from_secs(authorization.expires_in);
    let token = {
        let _spinner = Spinner::start("Waiting for the sign-in to be approved in the browser…");
        poll_for_token(&client, &token_form, authorization.interval, expires).await?
    };
    if !token.token_type.eq_ignore_ascii_case("bearer") {
        return Err(Failure::new(
            Exit::Server,
            format!(
                "unexpected answer from {server}: a token of type {:?}, not Bearer",
                token.token_type
            ),
        ));
    }

    let credentials = Credentials {
        server: server.clone(),
        access_token: token.access_token,
        device_id: token.device_id,
    };
    config::save(&context.config_dir, &credentials).map_err(Failure::local)?;
    println!("Signed in to {server} as device {}.", credentials.device_id);
    Ok(())
}

/// Polls the token endpoint every `interval` seconds until the person answers, the code
/// expires, or the server refuses.
async fn poll_for_token(
    client: &Client,
    form: &DeviceTokenForm,
    interval: u64,
    expires: Instant,
) -> Result<DeviceToken, Failure> {
    let mut interval = interval.max(1);
    let mut unanswered = 0;
    loop {
        tokio::time::sleep(Duration::from_secs(interval)).await;
        let error = match client.request_token(form).await {
            Ok(token) => return Ok(token),
            Err(error) => error,
        };
        match &error.kind {
            ApiErrorKind::OAuth { error: oauth, .. } => {
                unanswered = 0;
                match after_poll_error(&oauth.error, interval) {
                    Poll::Again { interval: next } => interval = next,
                    Poll::Denied => {
                        return Err(Failure::new(
                            Exit::SignInRefused,
                            "the sign-in was refused in the browser (access_denied)",
                        ))
                    }
                    Poll::Expired => return Err(expired()),
                    Poll::Failed => return Err(error.into()),
                }
            }
            // Too many requests without an OAuth body: treat it like slow_down.
            _ if error.status() == Some(429) => interval = interval.saturating_add(SLOW_DOWN_SECS),
            _ if error.is_transient() && unanswered + 1 < UNANSWERED_POLLS => unanswered += 1,
            _ => return Err(poll_failure(error)),
        }
        if Instant::now() >= expires {
            return Err(expired());
        }
    }
}

fn expired() -> Failure {
    Failure::new(
        Exit::SignInRefused,
        "the sign-in code expired before it was approved (expired_token); run `seatwise login` again",
    )
}

fn poll_failure(error: ApiError) -> Failure {
    Failure::from(error).context("the sign-in did not finish")
}

/// This computer's name as the portal's device list shows it: the kernel's host name on Linux,
/// else what the `hostname` command or the environment says; `unknown` if nothing does.
fn host_name() -> String {
    let from_file = || std::fs::read_to_string("/proc/sys/kernel/hostname").ok();
    let from_command = || {
        std::process::Command::new("hostname")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| String::from_utf8(o.stdout).ok())
    };
    let from_env = || {
        std::env::var("HOSTNAME")
            .or_else(|_| std::env::var("COMPUTERNAME"))
            .ok()
    };
    let name = from_file()
        .filter(|n| !n.trim().is_empty())
        .or_else(|| from_command().filter(|n| !n.trim().is_empty()))
        .or_else(from_env)
        .unwrap_or_default();
    let name: String = name
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(DEVICE_TEXT_MAX_CHARS)
        .collect();
    if name.is_empty() {
        "unknown".to_owned()
    } else {
        name
    }
}

/// A spinner on stderr while waiting (drawn only when stderr is a terminal), cleared when
/// dropped so that it never mixes with the lines on stdout.
struct Spinner(ProgressBar);

impl Spinner {
    fn start(message: &'static str) -> Self {
        let bar = ProgressBar::new_spinner().with_message(message);
        bar.enable_steady_tick(Duration::from_millis(120));
        Spinner(bar)
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_keeps_the_interval() {
        assert_eq!(
            after_poll_error("authorization_pending", 5),
            Poll::Again { interval: 5 }
        );
    }

    #[test]
    fn slow_down_adds_five_seconds_each_time() {
        let mut interval = 5;
        for expected in [10, 15, 20] {
            match after_poll_error("slow_down", interval) {
                Poll::Again { interval: next } => interval = next,
                other => panic!("{other:?}"),
            }
            assert_eq!(interval, expected);
        }
        // Later pending answers keep the slower pace.
        assert_eq!(
            after_poll_error("authorization_pending", interval),
            Poll::Again { interval: 20 }
        );
    }

    #[test]
    fn other_errors_stop() {
        assert_eq!(after_poll_error("access_denied", 5), Poll::Denied);
        assert_eq!(after_poll_error("expired_token", 5), Poll::Expired);
        assert_eq!(after_poll_error("invalid_grant", 5), Poll::Failed);
        assert_eq!(after_poll_error("invalid_client", 5), Poll::Failed);
    }

    #[test]
    fn the_host_name_fits_the_server() {
        let name = host_name();
        assert!(!name.is_empty() && name.chars().count() <= DEVICE_TEXT_MAX_CHARS);
        assert!(!name.contains('\n'));
    }
}
