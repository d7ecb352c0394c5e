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
    print_banner(&app);
    match app.run_until_stopped().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            std::process::ExitCode::from(1)
        }
    }
}

/// Tells a person where the portal is and, in demo mode, how to sign in.
fn print_banner(app: &Application) {
    let s = &app.state().settings;
    let url = s.public_url.as_str().trim_end_matches('/');
    println!("\nSeatwise is running at {url}");
    if s.mode == seatwise_api::Mode::Demo {
        println!("Demo sign-ins (email or account ID, then the password):");
        for (email, password, first, last, _, locale) in seatwise_server::seed::DEMO_USERS {
            println!("  {email:<26} {password}   ({first} {last}, {locale})");
        }
        if s.mailbox_enabled() {
            println!("Mail is not sent anywhere in demo mode: read it at {url}/mailbox");
        }
    }
    println!("Stop with Ctrl-C.\n");
}
