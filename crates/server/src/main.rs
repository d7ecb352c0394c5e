use seatwise_server::{init_tracing, Application, Settings};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("seatwise-server: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    init_tracing(settings.log_json);
    let app = match Application::build(settings).await {
        Ok(app) => app,
        Err(e) => {
            tracing::error!("start-up failed: {e:#}");
            eprintln!("seatwise-server: start-up failed: {e:#}");
            return std::process::ExitCode::from(1);
        }
    };
    match app.run_until_stopped().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            std::process::ExitCode::from(1)
        }
    }
}
