//! Passkey ceremonies in the browser: ask the server for a challenge, hand it to
//! `navigator.credentials` (through WebAuthn's JSON helpers,
//! `PublicKeyCredential.parseCreationOptionsFromJSON` / `parseRequestOptionsFromJSON` and the
//! credential's `toJSON()`), and send the answer back. The options and the answer stay
//! WebAuthn's own JSON text (`RawValue`): nothing here builds a JSON tree.

use js_sys::{Function, Object, Reflect, JSON};
use seatwise_api::{AddPasskeyRequest, PasskeyAnswer, PasskeyChallenge, PasskeyInfo, SecondFactor, SecondFactorRequest};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use serde_json::value::RawValue;

use crate::api::{self, ApiError};

/// What a passkey is asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Ceremony {
    /// Make one for the signed-in person, under this name.
    Register { name: String },
    /// Sign in with one alone (the authenticator says whose it is).
    SignIn,
    /// The second step of a sign-in, after the password.
    SecondStep { remember_browser: bool },
}

/// How it ended, when not well.
#[derive(Debug, Clone, PartialEq)]
pub enum PasskeyError {
    /// The browser offers no passkeys, or not their JSON helpers (an old browser).
    Unsupported,
    /// The person closed the browser's prompt, or it timed out.
    Cancelled,
    /// The authenticator holds a passkey of this person already.
    Duplicate,
    /// The browser failed otherwise.
    Failed,
    /// The server refused (the answer did not verify, a fresh sign-in is needed, …).
    Api(ApiError),
}

/// Done: the new passkey (a registration), or nothing (signed in).
pub type Outcome = Result<Option<PasskeyInfo>, PasskeyError>;

/// Runs a ceremony from start to end.
pub async fn run(ceremony: Ceremony) -> Outcome {
    let challenge: PasskeyChallenge = match &ceremony {
        Ceremony::Register { .. } => api::passkey_registration_challenge().await,
        Ceremony::SignIn => api::passkey_sign_in_challenge().await,
        Ceremony::SecondStep { .. } => api::passkey_second_step_challenge().await,
    }
    .map_err(PasskeyError::Api)?;
    let create = matches!(ceremony, Ceremony::Register { .. });
    let credential = in_browser(create, &challenge.options).await?;
    let ceremony_token = challenge.ceremony;
    match ceremony {
        Ceremony::Register { name } => {
            let body = AddPasskeyRequest { name, ceremony: ceremony_token, credential };
            api::add_passkey(&body).await.map(Some).map_err(PasskeyError::Api)
        }
        Ceremony::SignIn => {
            let body = PasskeyAnswer { ceremony: ceremony_token, credential };
            api::passkey_sign_in(&body).await.map(|_| None).map_err(PasskeyError::Api)
        }
        Ceremony::SecondStep { remember_browser } => {
            let body = SecondFactorRequest {
                method: SecondFactor::Passkey,
                code: String::new(),
                passkey: Some(PasskeyAnswer { ceremony: ceremony_token, credential }),
                remember_browser,
            };
            api::second_factor(&body).await.map(|_| None).map_err(PasskeyError::Api)
        }
    }
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn function(target: &JsValue, name: &str) -> Result<Function, PasskeyError> {
    get(target, name).and_then(|f| f.dyn_into::<Function>().ok()).ok_or(PasskeyError::Unsupported)
}

/// The browser's half: `navigator.credentials.create` or `.get` with the server's options; the
/// credential as WebAuthn's JSON.
async fn in_browser(create: bool, options: &RawValue) -> Result<Box<RawValue>, PasskeyError> {
    let window: JsValue = web_sys::window().ok_or(PasskeyError::Unsupported)?.into();
    let class = get(&window, "PublicKeyCredential").ok_or(PasskeyError::Unsupported)?;
    let parse = function(&class, if create { "parseCreationOptionsFromJSON" } else { "parseRequestOptionsFromJSON" })?;
    let json = JSON::parse(options.get()).map_err(|_| PasskeyError::Failed)?;
    let public_key = parse.call1(&class, &json).map_err(|_| PasskeyError::Failed)?;
    let request = Object::new();
    Reflect::set(&request, &JsValue::from_str("publicKey"), &public_key).map_err(|_| PasskeyError::Failed)?;
    let navigator = get(&window, "navigator").ok_or(PasskeyError::Unsupported)?;
    let credentials = get(&navigator, "credentials").ok_or(PasskeyError::Unsupported)?;
    let call = function(&credentials, if create { "create" } else { "get" })?;
    let promise = call.call1(&credentials, &request).map_err(browser_error)?;
    let promise: js_sys::Promise = promise.dyn_into().map_err(|_| PasskeyError::Failed)?;
    let credential = JsFuture::from(promise).await.map_err(browser_error)?;
    if credential.is_null() || credential.is_undefined() {
        return Err(PasskeyError::Cancelled);
    }
    let as_json = function(&credential, "toJSON")?.call0(&credential).map_err(|_| PasskeyError::Failed)?;
    let text = JSON::stringify(&as_json).ok().and_then(|s| s.as_string()).ok_or(PasskeyError::Failed)?;
    RawValue::from_string(text).map_err(|_| PasskeyError::Failed)
}

/// What a rejected WebAuthn call means (its `DOMException` name).
fn browser_error(error: JsValue) -> PasskeyError {
    match get(&error, "name").and_then(|n| n.as_string()).as_deref() {
        Some("NotAllowedError" | "AbortError") => PasskeyError::Cancelled,
        Some("InvalidStateError") => PasskeyError::Duplicate,
        Some("NotSupportedError" | "SecurityError") => PasskeyError::Unsupported,
        _ => PasskeyError::Failed,
    }
}
