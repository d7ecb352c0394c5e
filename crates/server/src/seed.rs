//! Demo data, created once on an empty database through the same code as real sign-ups.

use crate::{
    domain::{
        accounts::{self, SignUp},
        Country, Email, Locale, Password, PersonName,
    },
    state::AppState,
};

/// The demo sign-ins: (email, password, first name, last name, country, language).
pub const DEMO_USERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    ("alex.morgan@example.com", "Demo-Seatwise-2026", "Alex", "Morgan", "GB", "en"),
    ("mei.lin@example.com", "Demo-Seatwise-2026", "美玲", "林", "TW", "zh-TW"),
    ("ana.novak@example.com", "Demo-Seatwise-2026", "Ana", "Novak", "SI", "sl"),
];

pub async fn seed_demo(state: &AppState) -> anyhow::Result<()> {
    if state.db.count_users().await? > 0 {
        tracing::info!("demo data: the database already has accounts; nothing added");
        return Ok(());
    }
    for (email, password, first, last, country, locale) in DEMO_USERS {
        let input = SignUp {
            email: Email::parse(email).map_err(|e| anyhow::anyhow!("{email}: {e:?}"))?,
            password: Password::parse(password).map_err(|e| anyhow::anyhow!("{email}: {e:?}"))?,
            first_name: PersonName::parse(first).map_err(|e| anyhow::anyhow!("{e:?}"))?,
            last_name: PersonName::parse(last).map_err(|e| anyhow::anyhow!("{e:?}"))?,
            country: Country::parse(country).map_err(|e| anyhow::anyhow!("{e:?}"))?,
            locale: Locale::parse(locale).map_err(|e| anyhow::anyhow!("{e:?}"))?,
        };
        accounts::sign_up(state, input, true).await.map_err(|e| anyhow::anyhow!("{email}: {e}"))?;
    }
    tracing::info!(accounts = DEMO_USERS.len(), "demo data created");
    Ok(())
}
