//! Seatwise server: the JSON API under `/api/v1` and the built web app, on SQLite or
//! PostgreSQL.

pub mod clock;
pub mod config;
pub mod domain;
pub mod error;
pub mod files;
pub mod fuzz;
pub mod http;
pub mod jobs;
pub mod mail;
pub mod seed;
pub mod startup;
pub mod state;
pub mod store;

pub use config::Settings;
pub use startup::Application;

/// Logs to stdout: text for people, JSON for machines. `RUST_LOG` filters.
pub fn init_tracing(json: bool) {
    use tracing_subscriber::{fmt, EnvFilter};
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    if json {
        let _ = fmt().json().with_env_filter(filter).with_current_span(true).try_init();
    } else {
        let _ = fmt().with_env_filter(filter).try_init();
    }
}
