//! How `seatwise` ends: its exit codes, and the one error type every command returns.
//!
//! Scripts and the vendor's tests decide by the exit code, so each failure the user can act on
//! has its own:
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | a local problem: the configuration directory, the credentials file or a downloaded file cannot be read or written |
//! | 2 | usage error (wrong arguments; clap's own code) |
//! | 3 | not signed in, or the server rejected the device token: run `seatwise login` |
//! | 4 | not licensed: no seat or trial, version not licensed, the seat was removed while running, or nothing to download (no such install package for you, no matching files, a download link refused) |
//! | 5 | the subscription's cloud credits are exhausted |
//! | 6 | the server could not be reached or answered something unexpected (including a licence grant whose signature does not verify) |
//! | 7 | the sign-in was refused or its code expired (`access_denied`, `expired_token`) |
//! | 8 | a downloaded file's SHA-256 is not the one the server listed (the file was deleted) |
//!
//! The message goes to stderr as one line starting with `seatwise: ` (see `main.rs`).

use std::fmt;
use std::process::ExitCode;

/// The exit codes as `--help` lists them (kept next to the enum so the two agree).
pub const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  success
  1  local problem (the configuration directory, the credentials file or a downloaded file
     cannot be read or written)
  2  usage error (wrong arguments)
  3  not signed in, or the server rejected this device's token: run `seatwise login`
  4  not licensed: no seat or trial, version not licensed, or the seat was removed while running;
     for downloads also: no such install package for you, no matching files, a link refused
  5  the subscription's cloud credits are exhausted
  6  the server could not be reached or answered something unexpected
     (including a licence grant whose signature does not verify)
  7  sign-in refused or its code expired
  8  a downloaded file's SHA-256 is wrong (the file was deleted; run the command again)";

/// Why `seatwise` stopped without success. (0 and clap's 2 never travel as a [`Failure`].)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 1: the configuration directory, the credentials file or a downloaded file cannot be read
    /// or written.
    Local,
    /// 3: no credentials, or the server rejected the token (revoked, expired, deactivated).
    NotSignedIn,
    /// 4: no seat or trial, version not licensed, seat removed while running.
    NotLicensed,
    /// 5: the subscription has no cloud credits left for the event.
    CreditsExhausted,
    /// 6: unreachable server, unexpected answer, or a grant that does not verify.
    Server,
    /// 7: the person refused the sign-in, or its code expired.
    SignInRefused,
    /// 8: a downloaded file's SHA-256 differs from the one the server listed.
    Checksum,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Local => 1,
            Exit::NotSignedIn => 3,
            Exit::NotLicensed => 4,
            Exit::CreditsExhausted => 5,
            Exit::Server => 6,
            Exit::SignInRefused => 7,
            Exit::Checksum => 8,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

/// A command's failure: the exit code and the one-line message for stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub exit: Exit,
    message: String,
}

impl Failure {
    /// A failure with its message made safe for one terminal line: control characters (line
    /// breaks, escape sequences a server might send) become spaces.
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        let message = message
            .into()
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect::<String>()
            .trim()
            .to_owned();
        Failure { exit, message }
    }

    /// The usual "no credentials" failure.
    pub fn not_signed_in() -> Self {
        Failure::new(
            Exit::NotSignedIn,
            "not signed in; run `seatwise login` first",
        )
    }

    /// A local file-system problem, with anyhow's chain of causes on the same line.
    pub fn local(error: anyhow::Error) -> Self {
        Failure::new(Exit::Local, format!("{error:#}"))
    }

    /// The same failure with `context: ` put before its message.
    pub fn context(self, context: impl fmt::Display) -> Self {
        Failure::new(self.exit, format!("{context}: {}", self.message))
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_stay_on_one_line() {
        let failure = Failure::new(Exit::Server, "first\nsecond\u{1b}[31m ");
        assert_eq!(failure.message(), "first second [31m");
    }

    #[test]
    fn codes_match_the_help_text() {
        for exit in [
            Exit::Local,
            Exit::NotSignedIn,
            Exit::NotLicensed,
            Exit::CreditsExhausted,
            Exit::Server,
            Exit::SignInRefused,
            Exit::Checksum,
        ] {
            let line = format!("\n  {}  ", exit.code());
            assert!(
                EXIT_CODES_HELP.contains(&line),
                "{exit:?} is not in the help text"
            );
        }
    }
}
