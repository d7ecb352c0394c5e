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
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [] => {}
        ["grant-vendor-staff", email] => return grant_vendor_staff(&settings, email).await,
        ["disable-demo-accounts"] => return disable_demo_accounts(&settings).await,
        ["rotate-signing-key", purpose] => return rotate_signing_key(&settings, purpose, false).await,
        ["rotate-signing-key", purpose, "--revoke-old"] => return rotate_signing_key(&settings, purpose, true).await,
        _ => {
            eprintln!(
                "usage: seatwise-server [grant-vendor-staff EMAIL | disable-demo-accounts | \
                 rotate-signing-key download_links|licence_files|licence_grants [--revoke-old]]"
            );
            return std::process::ExitCode::from(2);
        }
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
        println!(
            "Vendor staff always use 2-step verification: add the key {} to an authenticator app for vendor.admin's codes",
            seatwise_server::seed::DEMO_VENDOR_TOTP_KEY
        );
        if s.mailbox_enabled() {
            println!("Mail is not sent anywhere in demo mode: read it at {url}/mailbox");
        }
        if s.texts_enabled() {
            println!("Text messages are not sent either: read them at {url}/texts");
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

async fn connect(settings: &Settings) -> Result<seatwise_server::store::Db, std::process::ExitCode> {
    seatwise_server::store::Db::connect(&settings.database_url).await.map_err(|e| {
        eprintln!("seatwise-server: {e:#}");
        std::process::ExitCode::from(1)
    })
}

/// `seatwise-server disable-demo-accounts`: locks every account that has the published demo
/// password, so that a database that began as a demo can go into production.
async fn disable_demo_accounts(settings: &Settings) -> std::process::ExitCode {
    let db = match connect(settings).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let hasher = seatwise_server::domain::PasswordHasher::new();
    match seatwise_server::seed::disable_demo_accounts(&db, &hasher).await {
        Ok(n) => {
            println!("{n} accounts with the demo password can no longer sign in with it (a password reset by mail still works)");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("seatwise-server: {e:#}");
            std::process::ExitCode::from(1)
        }
    }
}

/// `seatwise-server rotate-signing-key PURPOSE [--revoke-old]`: a new key signs from now on;
/// links and licence files signed with the older keys keep working unless `--revoke-old`.
async fn rotate_signing_key(settings: &Settings, purpose: &str, revoke_old: bool) -> std::process::ExitCode {
    use seatwise_server::domain::{keys::KeyPurpose, links::LinkKey};
    let Some(purpose) = KeyPurpose::parse(purpose) else {
        eprintln!("seatwise-server: the purpose is download_links, licence_files or licence_grants, not '{purpose}'");
        return std::process::ExitCode::from(2);
    };
    let db = match connect(settings).await {
        Ok(db) => db,
        Err(code) => return code,
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    match db.rotate_key(purpose.as_str(), &LinkKey::generate_hex(), now, revoke_old).await {
        Ok(kid) => {
            let old = if revoke_old { "; the older keys were deleted" } else { "; the older keys still verify" };
            println!("{} are now signed with key {kid} (every server picks it up within a minute){old}", purpose.as_str());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("seatwise-server: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
