//! Writes authentication events to the security log.

use seatwise_api::{SecurityEventKind, SignInMethod};
use sqlx::{Any, Executor};

use crate::{
    state::AppState,
    store::security::NewSecurityEvent,
};

/// Who asked: the client's address (the real one behind a trusted proxy) and browser.
#[derive(Debug, Clone, Default)]
pub struct Client {
    pub ip: String,
    pub user_agent: String,
}

/// Records `kind` for `user` (or for a login that matched no account) through `ex`, e.g.
/// inside the transaction of the change it reports.
pub async fn record<'e, E>(
    state: &AppState,
    ex: E,
    user_id: Option<&str>,
    login: &str,
    kind: SecurityEventKind,
    client: &Client,
) -> sqlx::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    record_with(state, ex, user_id, login, kind, "", client).await
}

/// Records a sign-in made by `method`.
pub async fn record_sign_in<'e, E>(
    state: &AppState,
    ex: E,
    user_id: &str,
    method: SignInMethod,
    client: &Client,
) -> sqlx::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    record_with(state, ex, Some(user_id), "", SecurityEventKind::SignIn, method.as_str(), client).await
}

async fn record_with<'e, E>(
    state: &AppState,
    ex: E,
    user_id: Option<&str>,
    login: &str,
    kind: SecurityEventKind,
    method: &str,
    client: &Client,
) -> sqlx::Result<()>
where
    E: Executor<'e, Database = Any>,
{
    state
        .db
        .record_security_event(
            ex,
            &NewSecurityEvent {
                user_id,
                login,
                kind: kind.as_str(),
                method,
                ip: &client.ip,
                user_agent: &client.user_agent,
                at: state.clock.unix(),
            },
        )
        .await
}
