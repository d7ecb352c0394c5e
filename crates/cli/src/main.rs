//! `seatwise`: the Seatwise command-line client. It signs a computer in to a Seatwise server
//! the way the vendor's desktop products do (OAuth device grant), and plays such a product:
//! licence check-out with an offline-verifiable signed grant, heartbeats and cloud-credit
//! usage.
//!
//! This file only parses the command line and dispatches; each command lives in its own
//! module, and `client.rs` is the one module that talks HTTP. A new command (such as
//! `download`) is a module with an `Args` struct and a variant of [`Command`].

mod client;
mod config;
mod context;
mod download;
mod exit;
mod grant;
mod login;
mod run;
mod session;
mod time;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::context::Context;
use crate::exit::{Exit, Failure};

#[derive(Debug, Parser)]
#[command(
    name = "seatwise",
    version,
    about = "The Seatwise command-line client: sign this computer in, check products out, download them",
    long_about = "The Seatwise command-line client.\n\n\
        `seatwise login` signs this computer in to a Seatwise server: you approve it in the \
        portal in a browser. `seatwise run` then plays one of the vendor's desktop products: it \
        checks a licence out, verifies the signed grant, sends heartbeats while it runs and can \
        consume cloud credits. `seatwise download` fetches a release's files or a custom install \
        package, several at once, resuming interrupted downloads and checking each SHA-256.",
    after_help = exit::EXIT_CODES_HELP
)]
struct Cli {
    /// The Seatwise server [default: the one signed in to, else http://127.0.0.1:8080]
    #[arg(long, global = true, env = "SEATWISE_SERVER", value_name = "URL", value_parser = config::parse_server)]
    server: Option<String>,

    /// Where the sign-in is kept [default: $XDG_CONFIG_HOME/seatwise or ~/.config/seatwise]
    #[arg(long, global = true, env = "SEATWISE_CONFIG_DIR", value_name = "DIR")]
    config_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Sign this computer in: approve it in the portal with the code shown
    #[command(long_about = "Sign this computer in with the OAuth device grant.\n\n\
        Prints a link and a code; open the link in a browser, sign in to the portal and enter \
        the code (or open the second link, which has the code filled in), then approve. The \
        command waits for the approval and stores the device's token in \
        {config-dir}/credentials.json, readable only by you.")]
    Login(login::Args),
    /// Sign this computer out everywhere and forget its token
    #[command(
        long_about = "Sign this computer out: the server deactivates the device, so its \
        token stops working everywhere, and the stored credentials are deleted."
    )]
    Logout,
    /// Show the server and device this computer is signed in as (exit 3 when it is not)
    Status,
    /// Run a product: check out a licence, send heartbeats, consume cloud credits
    #[command(
        long_about = "Play the vendor's desktop product PRODUCT at VERSION.\n\n\
            Checks a licence out and verifies its signature, prints `Licensed: PRODUCT VERSION \
            until TIME`, sends a first heartbeat, consumes --credits cloud credits when asked, \
            then keeps running for --for seconds with a heartbeat every --heartbeat-secs \
            seconds. Ctrl-C stops it cleanly. It stops with exit code 4 when the seat is taken \
            away while it runs.",
        after_help = exit::EXIT_CODES_HELP
    )]
    Run(run::Args),
    /// Download a release's files or a custom install package, resuming and checking SHA-256
    #[command(
        long_about = "Download the files of PRODUCT at VERSION that your licence allows (narrowed by \
            --platform and --language), or with --package ID a custom install package of an account \
            you are an admin of.\n\n\
            Several files download at once (--jobs). Each is written to NAME.part and renamed to NAME \
            when its SHA-256 is the one the server listed; a wrong SHA-256 deletes the file and exits \
            with 8. Run the same command again after an interruption: a NAME.part is resumed where it \
            stopped (HTTP Range with If-Range), and a file already there with the right SHA-256 is \
            skipped. One line per file says how it ended.",
        after_help = exit::EXIT_CODES_HELP
    )]
    Download(download::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::new(Exit::Local, format!("cannot start: {e}")))
        .and_then(|runtime| runtime.block_on(dispatch(cli)));
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("seatwise: {}", failure.message());
            failure.exit.into()
        }
    }
}

async fn dispatch(cli: Cli) -> Result<(), Failure> {
    let config_dir = match cli.config_dir {
        Some(dir) => dir,
        None => config::default_config_dir()?,
    };
    let context = Context {
        config_dir,
        server_flag: cli.server,
    };
    match cli.command {
        Command::Login(args) => login::login(&context, args).await,
        Command::Logout => session::logout(&context).await,
        Command::Status => session::status(&context),
        Command::Run(args) => run::run(&context, args).await,
        Command::Download(args) => download::download(&context, args).await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn run_takes_its_flags() {
        let cli = Cli::try_parse_from([
            "seatwise",
            "--server",
            "http://localhost:9000/",
            "run",
            "DRAFT",
            "2026",
            "--credits",
            "5",
            "--for",
            "3",
            "--heartbeat-secs",
            "1",
        ])
        .unwrap();
        assert_eq!(cli.server.as_deref(), Some("http://localhost:9000"));
        match cli.command {
            Command::Run(args) => {
                assert_eq!(
                    (args.product.as_str(), args.version.as_str()),
                    ("DRAFT", "2026")
                );
                assert_eq!(
                    (args.credits, args.run_for, args.heartbeat_secs),
                    (5, 3, Some(1))
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_heartbeat_below_one_second_is_a_usage_error() {
        let error =
            Cli::try_parse_from(["seatwise", "run", "DRAFT", "2026", "--heartbeat-secs", "0"])
                .unwrap_err();
        assert_eq!(error.exit_code(), 2);
    }

    #[test]
    fn download_takes_a_release_or_a_package() {
        let cli = Cli::try_parse_from([
            "seatwise",
            "download",
            "DRAFT",
            "2026",
            "--platform",
            "windows",
            "--language",
            "sl",
            "--dir",
            "/tmp/x",
            "--jobs",
            "2",
            "--rate-limit",
            "500K",
        ])
        .unwrap();
        match cli.command {
            Command::Download(args) => {
                assert_eq!(
                    (args.product.as_deref(), args.version.as_deref()),
                    (Some("DRAFT"), Some("2026"))
                );
                assert_eq!(args.platform, Some(seatwise_api::Platform::Windows));
                assert_eq!(args.language.as_deref(), Some("sl"));
                assert_eq!((args.jobs, args.rate_limit), (2, Some(500 * 1024)));
            }
            other => panic!("{other:?}"),
        }
        let cli = Cli::try_parse_from(["seatwise", "download", "--package", "p1"]).unwrap();
        match cli.command {
            Command::Download(args) => {
                assert_eq!(args.package.as_deref(), Some("p1"));
                assert_eq!(
                    (args.jobs, args.dir.as_path()),
                    (4, std::path::Path::new("."))
                );
            }
            other => panic!("{other:?}"),
        }
        for wrong in [
            vec!["seatwise", "download"],
            vec!["seatwise", "download", "DRAFT"],
            vec!["seatwise", "download", "DRAFT", "2026", "--package", "p1"],
            vec![
                "seatwise",
                "download",
                "--package",
                "p1",
                "--platform",
                "linux",
            ],
            vec!["seatwise", "download", "DRAFT", "2026", "--jobs", "0"],
            vec![
                "seatwise",
                "download",
                "DRAFT",
                "2026",
                "--rate-limit",
                "fast",
            ],
            vec![
                "seatwise",
                "download",
                "DRAFT",
                "2026",
                "--platform",
                "amiga",
            ],
        ] {
            assert_eq!(
                Cli::try_parse_from(&wrong).unwrap_err().exit_code(),
                2,
                "{wrong:?}"
            );
        }
    }

    #[test]
    fn the_help_lists_the_exit_codes() {
        let help = Cli::command().render_long_help().to_string();
        assert!(
            help.contains("Exit codes:")
                && help.contains("7  sign-in refused")
                && help.contains("8  a downloaded file"),
            "{help}"
        );
    }
}
