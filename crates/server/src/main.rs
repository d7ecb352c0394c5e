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
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [cmd, email] = args.as_slice() {
        if cmd == "grant-vendor-staff" {
            return grant_vendor_staff(&settings, email).await;
        }
    }
    if !args.is_empty() {
        eprintln!("usage: seatwise-server [grant-vendor-staff EMAIL]");
        return std::process::ExitCode::from(2);
    }
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
        println!("Demo sign-ins (email or account ID; password {}):", seatwise_server::seed::DEMO_PASSWORD);
        for (email, role) in seatwise_server::seed::DEMO_ROLES {
            println!("  {email:<26} {role}");
        }
        if s.mailbox_enabled() {
            println!("Mail is not sent anywhere in demo mode: read it at {url}/mailbox");
        }
    }
    println!("Stop with Ctrl-C.\n");
}

/// `seatwise-server grant-vendor-staff EMAIL`: lets an existing account use the back office.
async fn grant_vendor_staff(settings: &Settings, email: &str) -> std::process::ExitCode {
    let Ok(email) = seatwise_server::domain::Email::parse(email) else {
        eprintln!("seatwise-server: '{email}' is not an email address");
        return std::process::ExitCode::from(2);
    };
    let db = match seatwise_server::store::Db::connect(&settings.database_url).await {
        Ok(db) => db,
        Err(e) => {
            eprintln!("seatwise-server: {e:#}");
            return std::process::ExitCode::from(1);
        }
    };
    match db.grant_vendor_staff(email.as_str()).await {
        Ok(true) => {
            println!("{} is now vendor staff", email.as_str());
            std::process::ExitCode::SUCCESS
        }
        Ok(false) => {
            eprintln!("seatwise-server: no account has the address {}; sign up first", email.as_str());
            std::process::ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("seatwise-server: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
