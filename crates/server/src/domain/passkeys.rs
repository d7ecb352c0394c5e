//! Passkeys and security keys (WebAuthn, by webauthn-rs): registering one, signing in with one
//! alone (a discoverable credential: the authenticator says whose it is), and using one as the
//! second step after the password. Every ceremony's server half is kept in the database
//! (`webauthn_ceremonies`), so any app server can finish what another began, and each is used
//! once.
//!
//! WebAuthn binds a credential to a domain name (the relying party id): the portal's
//! `public_url` must have one. A portal reached by an IP address offers no passkeys.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::value::RawValue;
use seatwise_api::{PasskeyAnswer, PasskeyChallenge, PasskeyInfo};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential,
    RegisterPublicKeyCredential, Url, Uuid, Webauthn, WebauthnBuilder,
};

use super::secret::{new_token, token_hash};
use crate::{
    clock::rfc3339,
    error::{AppError, AppResult},
    state::AppState,
    store::{passkeys::PasskeyRow, users::UserRow},
};

/// How long the browser has to answer a challenge.
pub const CEREMONY_SECONDS: i64 = 5 * 60;
/// The longest name of a passkey, in characters.
pub const NAME_MAX_CHARS: usize = 60;

/// What a ceremony is for: the answer of one cannot finish another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Register,
    SignIn,
    SecondStep,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Register => "register",
            Purpose::SignIn => "sign_in",
            Purpose::SecondStep => "second_step",
        }
    }
}

/// The relying party of a portal at `public_url`; `None` when its host is an IP address.
pub fn relying_party(public_url: &Url) -> Option<Webauthn> {
    let domain = public_url.domain()?;
    let builder = WebauthnBuilder::new(domain, public_url).ok()?.rp_name("Seatwise");
    builder.build().ok()
}

fn webauthn(state: &AppState) -> AppResult<&Webauthn> {
    state.webauthn.as_deref().ok_or(AppError::NotFound)
}

pub fn to_info(row: &PasskeyRow) -> PasskeyInfo {
    PasskeyInfo {
        id: row.id.clone(),
        name: row.name.clone(),
        created_at: rfc3339(row.created_at),
        last_used_at: row.last_used_at.map(rfc3339),
    }
}

/// A passkey's name as typed: trimmed, 1 to [`NAME_MAX_CHARS`] characters, no control
/// characters.
pub fn parse_name(name: &str) -> AppResult<String> {
    use seatwise_api::FieldErrorCode;
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::field("name", FieldErrorCode::Required));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(AppError::field("name", FieldErrorCode::TooLong));
    }
    if name.chars().any(char::is_control) {
        return Err(AppError::field("name", FieldErrorCode::InvalidCharacters));
    }
    Ok(name.to_string())
}

fn stored(row: &PasskeyRow) -> AppResult<Passkey> {
    serde_json::from_str(&row.credential).map_err(|e| AppError::Internal(anyhow::anyhow!("stored passkey {}: {e}", row.id)))
}

/// Keeps the server's half of a ceremony; the token for the browser.
async fn begin<S: serde::Serialize>(state: &AppState, user_id: Option<&str>, purpose: Purpose, server_half: &S) -> AppResult<String> {
    let token = new_token();
    let json = serde_json::to_string(server_half).map_err(|e| AppError::Internal(e.into()))?;
    let expires_at = state.clock.unix() + CEREMONY_SECONDS;
    state.db.put_ceremony(&token_hash(&token), user_id, purpose.as_str(), &json, expires_at).await?;
    Ok(token)
}

/// Takes back the server's half of a ceremony of `purpose` (and of `user_id`, when it was one
/// person's). 400 `invalid_token` when it is unknown, used, expired or someone else's.
async fn finish<S: serde::de::DeserializeOwned>(state: &AppState, token: &str, user_id: Option<&str>, purpose: Purpose) -> AppResult<S> {
    let row = state
        .db
        .take_ceremony(&token_hash(token), purpose.as_str(), state.clock.unix())
        .await?
        .filter(|row| row.user_id.as_deref() == user_id)
        .ok_or(AppError::InvalidToken)?;
    serde_json::from_str(&row.state).map_err(|e| AppError::Internal(e.into()))
}

fn options<T: serde::Serialize>(public_key: &T) -> AppResult<serde_json::Value> {
    serde_json::to_value(public_key).map_err(|e| AppError::Internal(e.into()))
}

/// The options as the browser gets them (WebAuthn's JSON text).
fn raw(options: &serde_json::Value) -> AppResult<Box<RawValue>> {
    RawValue::from_string(options.to_string()).map_err(|e| AppError::Internal(e.into()))
}

/// The browser's answer as WebAuthn's JSON; a malformed one is a field error.
fn answer<T: serde::de::DeserializeOwned>(credential: &RawValue) -> AppResult<T> {
    serde_json::from_str(credential.get())
        .map_err(|_| AppError::field("credential", seatwise_api::FieldErrorCode::InvalidFormat))
}

/// Starts registering a passkey for `user`. The ones they have are excluded (an authenticator
/// holding one says so instead of making a second), and a discoverable credential is asked
/// for where the authenticator can keep one, so it can also sign in without the password.
pub async fn start_registration(state: &AppState, user: &UserRow) -> AppResult<PasskeyChallenge> {
    let webauthn = webauthn(state)?;
    let handle = state.db.webauthn_handle(&user.id, &Uuid::new_v4().to_string()).await?;
    let handle = Uuid::parse_str(&handle).map_err(|e| AppError::Internal(e.into()))?;
    let mut exclude = Vec::new();
    for row in state.db.passkeys_of(state.db.pool(), &user.id).await? {
        exclude.push(stored(&row)?.cred_id().clone());
    }
    let full_name = format!("{} {}", user.first_name.trim(), user.last_name.trim());
    let display = match full_name.trim() {
        "" => user.email.clone(),
        name => name.to_string(),
    };
    let (challenge, server_half) = webauthn
        .start_passkey_registration(handle, &user.email, &display, Some(exclude))
        .map_err(|e| AppError::Internal(anyhow::anyhow!("webauthn registration: {e}")))?;
    let mut options = options(&challenge.public_key)?;
    if let Some(selection) = options.get_mut("authenticatorSelection").and_then(|s| s.as_object_mut()) {
        selection.insert("residentKey".into(), "preferred".into());
    }
    let ceremony = begin::<PasskeyRegistration>(state, Some(&user.id), Purpose::Register, &server_half).await?;
    Ok(PasskeyChallenge { ceremony, options: raw(&options)? })
}

/// Checks the browser's answer to a registration; the passkey to keep. The caller stores it
/// (with [`new_row`]) in its transaction.
pub async fn finish_registration(state: &AppState, user: &UserRow, ceremony: &str, credential: &RawValue) -> AppResult<Passkey> {
    let webauthn = webauthn(state)?;
    let credential: RegisterPublicKeyCredential = answer(credential)?;
    let server_half: PasskeyRegistration = finish(state, ceremony, Some(&user.id), Purpose::Register).await?;
    webauthn.finish_passkey_registration(&credential, &server_half).map_err(|e| {
        tracing::info!(user = %user.id, error = %e, "passkey registration refused");
        AppError::PasskeyRejected
    })
}

pub fn new_row(user_id: &str, name: &str, passkey: &Passkey, now: i64) -> AppResult<PasskeyRow> {
    Ok(PasskeyRow {
        id: Uuid::now_v7().to_string(),
        user_id: user_id.to_string(),
        credential_id: URL_SAFE_NO_PAD.encode::<&[u8]>(passkey.cred_id().as_ref()),
        name: name.to_string(),
        credential: serde_json::to_string(passkey).map_err(|e| AppError::Internal(e.into()))?,
        created_at: now,
        last_used_at: None,
    })
}

/// A passkey sign-in without the password: the authenticator picks the credential and says
/// whose it is.
pub async fn start_sign_in(state: &AppState) -> AppResult<PasskeyChallenge> {
    let webauthn = webauthn(state)?;
    let (challenge, server_half) = webauthn
        .start_discoverable_authentication()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("webauthn sign-in: {e}")))?;
    // The options are for a modal prompt (a button), not for conditional mediation.
    let ceremony = begin::<DiscoverableAuthentication>(state, None, Purpose::SignIn, &server_half).await?;
    Ok(PasskeyChallenge { ceremony, options: raw(&options(&challenge.public_key)?)? })
}

/// Checks a passkey sign-in; whose it was. The passkey's counter and last use are updated.
pub async fn finish_sign_in(state: &AppState, answer_: &PasskeyAnswer) -> AppResult<String> {
    let webauthn = webauthn(state)?;
    let credential: PublicKeyCredential = answer(&answer_.credential)?;
    let server_half: DiscoverableAuthentication = finish(state, &answer_.ceremony, None, Purpose::SignIn).await?;
    let (handle, credential_id) = webauthn.identify_discoverable_authentication(&credential).map_err(|_| AppError::PasskeyRejected)?;
    let user_id = state.db.user_of_webauthn_handle(&handle.to_string()).await?.ok_or(AppError::PasskeyRejected)?;
    let row = state
        .db
        .passkey_by_credential(&URL_SAFE_NO_PAD.encode(credential_id))
        .await?
        .filter(|row| row.user_id == user_id)
        .ok_or(AppError::PasskeyRejected)?;
    let mut passkey = stored(&row)?;
    let result = webauthn.finish_discoverable_authentication_v2(&credential, server_half, &passkey).map_err(|e| {
        tracing::info!(user = %user_id, error = %e, "passkey sign-in refused");
        AppError::PasskeyRejected
    })?;
    passkey.update_credential(&result);
    used(state, &row, &passkey).await?;
    Ok(user_id)
}

/// The second step of a sign-in with one of the person's passkeys. 409 `two_step_state` when
/// they have none.
pub async fn start_second_step(state: &AppState, user_id: &str) -> AppResult<PasskeyChallenge> {
    let webauthn = webauthn(state)?;
    let mut passkeys = Vec::new();
    for row in state.db.passkeys_of(state.db.pool(), user_id).await? {
        passkeys.push(stored(&row)?);
    }
    if passkeys.is_empty() {
        return Err(AppError::Conflict(seatwise_api::ErrorCode::TwoStepState));
    }
    let (challenge, server_half) = webauthn
        .start_passkey_authentication(&passkeys)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("webauthn second step: {e}")))?;
    let ceremony = begin::<PasskeyAuthentication>(state, Some(user_id), Purpose::SecondStep, &server_half).await?;
    Ok(PasskeyChallenge { ceremony, options: raw(&options(&challenge.public_key)?)? })
}

/// Checks the second step's passkey answer of `user_id`.
pub async fn finish_second_step(state: &AppState, user_id: &str, answer_: &PasskeyAnswer) -> AppResult<()> {
    let webauthn = webauthn(state)?;
    let credential: PublicKeyCredential = answer(&answer_.credential)?;
    let server_half: PasskeyAuthentication = finish(state, &answer_.ceremony, Some(user_id), Purpose::SecondStep).await?;
    let row = state
        .db
        .passkey_by_credential(&URL_SAFE_NO_PAD.encode(credential.get_credential_id()))
        .await?
        .filter(|row| row.user_id == user_id)
        .ok_or(AppError::PasskeyRejected)?;
    let mut passkey = stored(&row)?;
    let result = webauthn.finish_passkey_authentication(&credential, &server_half).map_err(|e| {
        tracing::info!(user = %user_id, error = %e, "passkey second step refused");
        AppError::PasskeyRejected
    })?;
    passkey.update_credential(&result);
    used(state, &row, &passkey).await
}

async fn used(state: &AppState, row: &PasskeyRow, passkey: &Passkey) -> AppResult<()> {
    let json = serde_json::to_string(passkey).map_err(|e| AppError::Internal(e.into()))?;
    state.db.passkey_used(&row.id, &json, state.clock.unix()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relying_party_needs_a_domain_name() {
        assert!(relying_party(&Url::parse("http://127.0.0.1:8080").unwrap()).is_none());
        assert!(relying_party(&Url::parse("http://[::1]:8080").unwrap()).is_none());
        assert!(relying_party(&Url::parse("http://localhost:8080").unwrap()).is_some());
        assert!(relying_party(&Url::parse("https://portal.example.com").unwrap()).is_some());
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(parse_name("  Work laptop ").unwrap(), "Work laptop");
        assert!(parse_name("   ").is_err());
        assert!(parse_name(&"x".repeat(61)).is_err());
        assert!(parse_name("a\u{7}b").is_err());
    }
}
