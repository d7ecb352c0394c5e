//! Passkeys: registered with a fresh sign-in, used alone to sign in and as the second step
//! after the password, renamed and removed. The authenticator is a software one written
//! here from the WebAuthn spec (P-256 with `p256`, attestation "none"), so every answer the
//! server checks is a real signature over real client data.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use p256::ecdsa::{signature::Signer, Signature, SigningKey};
use reqwest::Client;
use seatwise_api::{ErrorCode, FieldErrorCode, PasskeyChallenge, PasskeyInfo, PasskeyList, SecurityOverview};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::{helpers::*, on_both_databases};

on_both_databases!(
    a_passkey_signs_in_without_the_password,
    a_passkey_is_a_second_step_after_the_password,
    answers_that_do_not_verify_are_refused,
    passkeys_are_the_persons_own,
);

/// A minimal CBOR writer: unsigned and negative integers, byte and text strings, maps.
enum Cbor<'a> {
    Int(i64),
    Bytes(&'a [u8]),
    Text(&'a str),
    Map(Vec<(Cbor<'a>, Cbor<'a>)>),
}

impl Cbor<'_> {
    fn write(&self, out: &mut Vec<u8>) {
        fn head(out: &mut Vec<u8>, major: u8, n: u64) {
            match n {
                0..=23 => out.push(major << 5 | n as u8),
                24..=0xff => out.extend([major << 5 | 24, n as u8]),
                _ => {
                    out.push(major << 5 | 25);
                    out.extend((n as u16).to_be_bytes());
                }
            }
        }
        match self {
            Cbor::Int(i) if *i >= 0 => head(out, 0, *i as u64),
            Cbor::Int(i) => head(out, 1, (-1 - *i) as u64),
            Cbor::Bytes(b) => {
                head(out, 2, b.len() as u64);
                out.extend_from_slice(b);
            }
            Cbor::Text(t) => {
                head(out, 3, t.len() as u64);
                out.extend_from_slice(t.as_bytes());
            }
            Cbor::Map(entries) => {
                head(out, 5, entries.len() as u64);
                for (k, v) in entries {
                    k.write(out);
                    v.write(out);
                }
            }
        }
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A platform authenticator with one resident credential: it verifies its user (flag UV) and
/// counts its signatures.
pub struct SoftAuthenticator {
    key: SigningKey,
    credential_id: Vec<u8>,
    user_handle: Vec<u8>,
    counter: u32,
    /// The origin the "browser" reports in its client data.
    pub origin: String,
}

const UP: u8 = 0x01;
const UV: u8 = 0x04;
const AT: u8 = 0x40;

impl SoftAuthenticator {
    pub fn new(origin: &str, seed: u8) -> SoftAuthenticator {
        let key = SigningKey::from_slice(&[seed.max(1); 32]).unwrap();
        SoftAuthenticator { key, credential_id: vec![seed; 16], user_handle: vec![], counter: 0, origin: origin.to_string() }
    }

    fn client_data(&self, kind: &str, challenge: &str) -> Vec<u8> {
        json!({"type": kind, "challenge": challenge, "origin": self.origin, "crossOrigin": false}).to_string().into_bytes()
    }

    fn auth_data(rp_id: &str, flags: u8, counter: u32, attested: Option<&[u8]>) -> Vec<u8> {
        let mut data = Sha256::digest(rp_id.as_bytes()).to_vec();
        data.push(flags);
        data.extend(counter.to_be_bytes());
        if let Some(rest) = attested {
            data.extend(rest);
        }
        data
    }

    /// `navigator.credentials.create` with the server's options; the credential's `toJSON()`.
    pub fn create(&mut self, options: &Value) -> Value {
        let challenge = options["challenge"].as_str().unwrap();
        let rp_id = options["rp"]["id"].as_str().unwrap();
        self.user_handle = URL_SAFE_NO_PAD.decode(options["user"]["id"].as_str().unwrap()).unwrap();
        let point = self.key.verifying_key().to_sec1_point(false);
        let cose = Cbor::Map(vec![
            (Cbor::Int(1), Cbor::Int(2)),
            (Cbor::Int(3), Cbor::Int(-7)),
            (Cbor::Int(-1), Cbor::Int(1)),
            (Cbor::Int(-2), Cbor::Bytes(point.x().unwrap())),
            (Cbor::Int(-3), Cbor::Bytes(point.y().unwrap())),
        ]);
        let mut attested = vec![0u8; 16]; // AAGUID
        attested.extend((self.credential_id.len() as u16).to_be_bytes());
        attested.extend(&self.credential_id);
        cose.write(&mut attested);
        let auth_data = Self::auth_data(rp_id, UP | UV | AT, self.counter, Some(&attested));
        let mut attestation = Vec::new();
        Cbor::Map(vec![
            (Cbor::Text("fmt"), Cbor::Text("none")),
            (Cbor::Text("attStmt"), Cbor::Map(vec![])),
            (Cbor::Text("authData"), Cbor::Bytes(&auth_data)),
        ])
        .write(&mut attestation);
        json!({
            "id": b64(&self.credential_id), "rawId": b64(&self.credential_id), "type": "public-key",
            "response": {"clientDataJSON": b64(&self.client_data("webauthn.create", challenge)),
                "attestationObject": b64(&attestation), "transports": ["internal"]},
            "authenticatorAttachment": "platform", "clientExtensionResults": {}
        })
    }

    /// `navigator.credentials.get`: a signed assertion (the counter goes up by one).
    pub fn get(&mut self, options: &Value) -> Value {
        self.counter += 1;
        self.assertion(options, self.counter)
    }

    /// An assertion with a counter of our choosing (a cloned authenticator's).
    pub fn assertion(&self, options: &Value, counter: u32) -> Value {
        let challenge = options["challenge"].as_str().unwrap();
        let rp_id = options["rpId"].as_str().unwrap();
        let auth_data = Self::auth_data(rp_id, UP | UV, counter, None);
        let client_data = self.client_data("webauthn.get", challenge);
        let mut signed = auth_data.clone();
        signed.extend(Sha256::digest(&client_data));
        let signature: Signature = self.key.sign(&signed);
        json!({
            "id": b64(&self.credential_id), "rawId": b64(&self.credential_id), "type": "public-key",
            "response": {"clientDataJSON": b64(&client_data), "authenticatorData": b64(&auth_data),
                "signature": b64(signature.to_der().as_bytes()), "userHandle": b64(&self.user_handle)},
            "authenticatorAttachment": "platform", "clientExtensionResults": {}
        })
    }
}

/// A challenge with its options read as JSON.
struct Challenge {
    ceremony: String,
    options: Value,
}

impl TestApp {
    async fn challenge(&self, c: &Client, path: &str) -> Challenge {
        let r = self.post_as(c, path, &json!({})).await;
        assert_eq!(r.status(), 200, "{path}");
        let challenge: PasskeyChallenge = r.json().await.unwrap();
        Challenge { ceremony: challenge.ceremony, options: serde_json::from_str(challenge.options.get()).unwrap() }
    }

    /// Registers `key` for the person signed in on `c` under `name`.
    pub(crate) async fn add_passkey(&self, c: &Client, key: &mut SoftAuthenticator, name: &str) -> PasskeyInfo {
        let challenge = self.challenge(c, "/me/passkeys/challenge").await;
        let credential = key.create(&challenge.options);
        let r = self.post_as(c, "/me/passkeys", &json!({"name": name, "ceremony": challenge.ceremony, "credential": credential})).await;
        assert_eq!(r.status(), 201);
        r.json().await.unwrap()
    }

    /// A passwordless sign-in on `c` with `key`.
    async fn passkey_sign_in(&self, c: &Client, key: &mut SoftAuthenticator) -> reqwest::Response {
        let challenge = self.challenge(c, "/auth/passkey/challenge").await;
        let credential = key.get(&challenge.options);
        self.post_as(c, "/auth/passkey", &json!({"ceremony": challenge.ceremony, "credential": credential})).await
    }
}

async fn a_passkey_signs_in_without_the_password(b: Backend) {
    let app = spawn_app(b).await;
    let email = "pia@example.com";
    app.signed_in_user(email).await;
    let overview: SecurityOverview = app.get("/me/security").await.json().await.unwrap();
    assert!(overview.passkeys_available);
    let list: PasskeyList = app.get("/me/passkeys").await.json().await.unwrap();
    assert!(list.passkeys.is_empty());

    // The options ask for a verified user and a discoverable credential, for this portal.
    let challenge = app.challenge(&app.client, "/me/passkeys/challenge").await;
    let o = &challenge.options;
    assert_eq!(o["rp"]["id"], "localhost");
    assert_eq!(o["authenticatorSelection"]["userVerification"], "required");
    assert_eq!(o["authenticatorSelection"]["residentKey"], "preferred");
    assert_eq!(o["user"]["name"], email);

    let mut key = SoftAuthenticator::new(&app.address, 7);
    let credential = key.create(&challenge.options);
    let body = json!({"name": "  Work laptop ", "ceremony": challenge.ceremony, "credential": credential});
    let r = app.post("/me/passkeys", &body).await;
    assert_eq!(r.status(), 201);
    let added: PasskeyInfo = r.json().await.unwrap();
    assert_eq!(added.name, "Work laptop");
    assert!(added.last_used_at.is_none());
    // The ceremony is used up: the same answer again is refused.
    assert_error(app.post("/me/passkeys", &body).await, 400, ErrorCode::InvalidToken).await;
    app.wait_for_mail(email, "Work laptop").await;

    // Signing in: no password, no second step.
    let c = app.new_browser();
    let r = app.passkey_sign_in(&c, &mut key).await;
    assert_eq!(r.status(), 200);
    let me: Value = r.json().await.unwrap();
    assert_eq!(me["email"], email);
    let sessions: Value = app.get_as(&c, "/me/sessions").await.json().await.unwrap();
    let current = sessions["sessions"].as_array().unwrap().iter().find(|s| s["current"] == true).unwrap();
    assert_eq!(current["method"], "passkey");
    // A passkey sign-in is fresh: factors can be changed at once.
    let overview: SecurityOverview = app.get_as(&c, "/me/security").await.json().await.unwrap();
    assert!(overview.fresh_until.is_some());
    let list: PasskeyList = app.get_as(&c, "/me/passkeys").await.json().await.unwrap();
    assert_eq!(list.passkeys.len(), 1);
    assert!(list.passkeys[0].last_used_at.is_some());

    let log: Value = app.get_as(&c, "/me/security-events").await.json().await.unwrap();
    let events = log["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["kind"] == "passkey_added"));
    assert!(events.iter().any(|e| e["kind"] == "sign_in" && e["method"] == "passkey"));

    // Renamed, then removed: it no longer signs in.
    let r = app.patch_as(&c, &format!("/me/passkeys/{}", added.id), &json!({"name": "Laptop"})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<PasskeyInfo>().await.unwrap().name, "Laptop");
    assert_eq!(app.delete_as(&c, &format!("/me/passkeys/{}", added.id)).await.status(), 204);
    app.wait_for_mail(email, "ne more več prijaviti").await;
    assert_error(app.passkey_sign_in(&app.new_browser(), &mut key).await, 400, ErrorCode::PasskeyRejected).await;
    assert_error(app.delete_as(&c, &format!("/me/passkeys/{}", added.id)).await, 404, ErrorCode::NotFound).await;
}

async fn a_passkey_is_a_second_step_after_the_password(b: Backend) {
    let app = spawn_app(b).await;
    let email = "sara@example.com";
    app.signed_in_user(email).await;
    app.enable_totp(&app.client).await;
    let mut key = SoftAuthenticator::new(&app.address, 9);
    app.add_passkey(&app.client, &mut key, "YubiKey").await;

    let c = app.first_step(email).await;
    let methods: Value = app.get_as(&c, "/auth/second-factor").await.json().await.unwrap();
    assert_eq!(methods["methods"], json!(["totp", "passkey", "recovery_code"]));
    // Without an answer the passkey method is a field error; the first step stays.
    let r = app.post_as(&c, "/auth/second-factor", &json!({"method": "passkey"})).await;
    assert_eq!(assert_error(r, 422, ErrorCode::ValidationFailed).await.fields["passkey"], FieldErrorCode::Required);

    let challenge = app.challenge(&c, "/auth/second-factor/passkey").await;
    // The challenge names the person's passkeys (a second step, not a discovery).
    assert_eq!(challenge.options["allowCredentials"].as_array().unwrap().len(), 1);
    let answer = json!({"ceremony": challenge.ceremony, "credential": key.get(&challenge.options)});
    let r = app.post_as(&c, "/auth/second-factor", &json!({"method": "passkey", "passkey": answer, "remember_browser": false})).await;
    assert_eq!(r.status(), 200);
    assert_eq!(app.get_as(&c, "/me").await.status(), 200);

    // Without the first step there is no challenge.
    assert_error(app.post_as(&app.new_browser(), "/auth/second-factor/passkey", &json!({})).await, 400, ErrorCode::InvalidToken).await;
}

async fn answers_that_do_not_verify_are_refused(b: Backend) {
    let app = spawn_app(b).await;
    let email = "ivo@example.com";
    app.signed_in_user(email).await;
    let mut key = SoftAuthenticator::new(&app.address, 11);
    app.add_passkey(&app.client, &mut key, "Phone").await;

    // Another site's answer (a phishing page relaying the challenge).
    let c = app.new_browser();
    let challenge = app.challenge(&c, "/auth/passkey/challenge").await;
    let mut phished = SoftAuthenticator::new("https://seatwise.example.net", 11);
    phished.user_handle = key.user_handle.clone();
    let r = app.post_as(&c, "/auth/passkey", &json!({"ceremony": challenge.ceremony, "credential": phished.get(&challenge.options)})).await;
    assert_error(r, 400, ErrorCode::PasskeyRejected).await;

    // A cloned authenticator: a counter that does not go up.
    assert_eq!(app.passkey_sign_in(&app.new_browser(), &mut key).await.status(), 200);
    assert_eq!(app.passkey_sign_in(&app.new_browser(), &mut key).await.status(), 200);
    let challenge = app.challenge(&c, "/auth/passkey/challenge").await;
    let clone = key.assertion(&challenge.options, 1);
    let r = app.post_as(&c, "/auth/passkey", &json!({"ceremony": challenge.ceremony, "credential": clone})).await;
    assert_error(r, 400, ErrorCode::PasskeyRejected).await;

    // An answer to an old challenge: the ceremony is gone.
    let challenge = app.challenge(&c, "/auth/passkey/challenge").await;
    let credential = key.get(&challenge.options);
    let body = json!({"ceremony": challenge.ceremony, "credential": credential});
    assert_eq!(app.post_as(&c, "/auth/passkey", &body).await.status(), 200);
    assert_error(app.post_as(&app.new_browser(), "/auth/passkey", &body).await, 400, ErrorCode::InvalidToken).await;

    // An expired challenge.
    let challenge = app.challenge(&c, "/auth/passkey/challenge").await;
    app.advance(time::Duration::minutes(6));
    let r = app.post_as(&c, "/auth/passkey", &json!({"ceremony": challenge.ceremony, "credential": key.get(&challenge.options)})).await;
    assert_error(r, 400, ErrorCode::InvalidToken).await;

    // Not WebAuthn at all.
    let challenge = app.challenge(&c, "/auth/passkey/challenge").await;
    let r = app.post_as(&c, "/auth/passkey", &json!({"ceremony": challenge.ceremony, "credential": {"id": 5}})).await;
    assert_eq!(assert_error(r, 422, ErrorCode::ValidationFailed).await.fields["credential"], FieldErrorCode::InvalidFormat);

    // A registration needs a fresh sign-in and a name.
    app.advance(time::Duration::minutes(11));
    assert_error(app.post("/me/passkeys/challenge", &json!({})).await, 403, ErrorCode::ReauthenticationRequired).await;
    let r = app.post("/me/passkeys", &json!({"name": " ", "ceremony": "x", "credential": {}})).await;
    assert_error(r, 403, ErrorCode::ReauthenticationRequired).await;

    // An account the operator locked signs in no way at all.
    let hash = app.db.user_by_email(email).await.unwrap().unwrap().password_hash;
    assert_eq!(app.db.lock_out_password_hash(&hash).await.unwrap(), 1);
    assert_error(app.passkey_sign_in(&app.new_browser(), &mut key).await, 400, ErrorCode::PasskeyRejected).await;
}

async fn passkeys_are_the_persons_own(b: Backend) {
    let app = spawn_app(b).await;
    app.signed_in_user("one@example.com").await;
    let mut key = SoftAuthenticator::new(&app.address, 21);
    let mine = app.add_passkey(&app.client, &mut key, "Mine").await;

    let other = app.new_browser();
    app.sign_up("two@example.com").await;
    let token = app.token_from_mail("two@example.com", "/verify-email?token=").await;
    assert_eq!(app.post("/auth/verify-email", &json!({"token": token})).await.status(), 204);
    assert_eq!(app.sign_in_as(&other, "two@example.com", PASSWORD).await.status(), 200);
    // Another person's passkey cannot be renamed or removed, nor its ceremony finished.
    assert_error(app.patch_as(&other, &format!("/me/passkeys/{}", mine.id), &json!({"name": "x"})).await, 404, ErrorCode::NotFound).await;
    assert_error(app.delete_as(&other, &format!("/me/passkeys/{}", mine.id)).await, 404, ErrorCode::NotFound).await;
    let challenge = app.challenge(&app.client, "/me/passkeys/challenge").await;
    let mut second = SoftAuthenticator::new(&app.address, 22);
    let credential = second.create(&challenge.options);
    let r = app.post_as(&other, "/me/passkeys", &json!({"name": "Stolen", "ceremony": challenge.ceremony, "credential": credential})).await;
    assert_error(r, 400, ErrorCode::InvalidToken).await;

    // The same credential cannot be registered twice: the person's own ones are excluded,
    // and a credential id is unique across everyone.
    let challenge = app.challenge(&app.client, "/me/passkeys/challenge").await;
    assert_eq!(challenge.options["excludeCredentials"].as_array().unwrap().len(), 1);
    let mut again = SoftAuthenticator::new(&app.address, 21);
    let credential = again.create(&challenge.options);
    let r = app.post("/me/passkeys", &json!({"name": "Again", "ceremony": challenge.ceremony, "credential": credential})).await;
    assert_error(r, 400, ErrorCode::PasskeyRejected).await;
    let challenge = app.challenge(&other, "/me/passkeys/challenge").await;
    let credential = again.create(&challenge.options);
    let r = app.post_as(&other, "/me/passkeys", &json!({"name": "Again", "ceremony": challenge.ceremony, "credential": credential})).await;
    assert_error(r, 409, ErrorCode::Taken).await;

    // A portal reached by an IP address offers none.
    let by_ip = spawn_app_with(b, &[("SEATWISE_PUBLIC_URL", "http://127.0.0.1:0")]).await;
    assert_error(by_ip.post("/auth/passkey/challenge", &json!({})).await, 404, ErrorCode::NotFound).await;
}
