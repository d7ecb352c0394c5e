//! Linked accounts against a real OpenID provider: `oidc-provider-mock` (PyPI), started per
//! test on a free port (scripts/install-tools.sh puts it in .tools/oidc). Its authorize step is
//! a form a test posts (`sub=…`), and `PUT /users/{sub}` sets the claims it vouches for.

use reqwest::{header, redirect::Policy, Client, StatusCode};
use seatwise_api::{ErrorCode, LinkedAccountList, PendingLink, SignInProviders};
use serde_json::json;

use crate::{helpers::*, on_both_databases};

on_both_databases!(
    an_account_at_a_provider_is_linked_then_signs_in,
    trips_that_do_not_come_back_right_sign_in_nobody,
    a_first_sign_in_links_to_an_account_signed_in_to_or_signs_up,
    people_of_a_directory_with_linked_sign_in_sign_in_at_their_provider
);

/// Where the way back sends an identity that is linked to no one yet.
const FIRST_TIME: &str = "/sign-in-passkey?step=1&linked=new&next=%2F";

/// A running oidc-provider-mock, stopped when dropped.
pub struct Provider {
    child: tokio::process::Child,
    pub issuer: String,
    http: Client,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}

impl Provider {
    pub async fn start() -> Provider {
        let bin = std::env::var("SEATWISE_TEST_OIDC_MOCK").unwrap_or_else(|_| {
            format!("{}/../../.tools/oidc/bin/oidc-provider-mock", env!("CARGO_MANIFEST_DIR"))
        });
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = tokio::process::Command::new(&bin)
            .args(["--port", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("{bin}: {e}; install it with scripts/install-tools.sh --browser"));
        let issuer = format!("http://localhost:{port}");
        let http = Client::builder().redirect(Policy::none()).build().unwrap();
        for _ in 0..200 {
            if let Ok(r) = http.get(format!("{issuer}/.well-known/openid-configuration")).send().await {
                if r.status() == 200 {
                    return Provider { child, issuer, http };
                }
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("oidc-provider-mock did not start on {port}");
    }

    /// The claims the provider vouches for `sub` from now on.
    pub async fn user(&self, sub: &str, email: &str, verified: bool) {
        let claims = json!({"email": email, "email_verified": verified, "given_name": "Ana", "family_name": "Novak"});
        let r = self.http.put(format!("{}/users/{sub}", self.issuer)).json(&claims).send().await.unwrap();
        assert_eq!(r.status(), 204);
    }

    /// The person `sub` signs in at the provider and agrees: where it sends the browser back.
    pub async fn authorize(&self, authorize_url: &str, sub: &str) -> String {
        let r = self.http.post(authorize_url).form(&[("sub", sub)]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FOUND);
        r.headers()[header::LOCATION].to_str().unwrap().to_string()
    }

    /// The person refuses at the provider.
    pub async fn deny(&self, authorize_url: &str) -> String {
        let r = self.http.post(authorize_url).form(&[("action", "deny")]).send().await.unwrap();
        assert_eq!(r.status(), StatusCode::FOUND);
        r.headers()[header::LOCATION].to_str().unwrap().to_string()
    }
}

/// A browser that does not follow redirects (each step is looked at).
fn stepping_browser(address: &str) -> Client {
    let mut headers = header::HeaderMap::new();
    headers.insert("x-requested-with", "seatwise".parse().unwrap());
    headers.insert(header::ORIGIN, address.parse().unwrap());
    Client::builder().cookie_store(true).redirect(Policy::none()).default_headers(headers).build().unwrap()
}

fn location(r: &reqwest::Response) -> String {
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{r:?}");
    r.headers()[header::LOCATION].to_str().unwrap().to_string()
}

async fn app_with(b: Backend, provider: &Provider) -> TestApp {
    let providers = json!([{"id": "mock", "name": "Mock ID", "issuer": provider.issuer, "client_id": "seatwise", "client_secret": "s3cret"}]);
    spawn_app_with(b, &[("SEATWISE_OIDC_PROVIDERS", &providers.to_string())]).await
}

impl TestApp {
    /// Starts a trip at `path` on `c`: the provider's authorize URL.
    async fn to_provider(&self, c: &Client, path: &str) -> String {
        let r = c.get(self.url(path)).send().await.unwrap();
        location(&r)
    }

    /// Follows the provider's way back on `c`: where the app sends the browser.
    async fn back(&self, c: &Client, callback: &str) -> String {
        let r = c.get(callback).send().await.unwrap();
        location(&r)
    }
}

async fn an_account_at_a_provider_is_linked_then_signs_in(b: Backend) {
    let provider = Provider::start().await;
    let app = app_with(b, &provider).await;
    let list: SignInProviders = app.get("/auth/providers").await.json().await.unwrap();
    assert_eq!(list.providers[0].name, "Mock ID");

    // Linking from the security page (a fresh sign-in).
    let email = "lin@example.com";
    app.sign_up(email).await;
    let token = app.token_from_mail(email, "/verify-email?token=").await;
    assert_eq!(app.post("/auth/verify-email", &json!({"token": token})).await.status(), 204);
    let c = stepping_browser(&app.address);
    assert_eq!(app.sign_in_as(&c, email, PASSWORD).await.status(), 200);
    let authorize = app.to_provider(&c, "/me/linked-accounts/mock/start").await;
    assert!(authorize.starts_with(&format!("{}/oauth2/authorize?", provider.issuer)), "{authorize}");
    assert!(authorize.contains("code_challenge=") && authorize.contains("code_challenge_method=S256"), "PKCE: {authorize}");
    assert!(authorize.contains("nonce=") && authorize.contains("state="), "{authorize}");
    provider.user("alice", "alice@idp.example", true).await;
    let callback = provider.authorize(&authorize, "alice").await;
    assert!(callback.starts_with(&format!("{}/api/v1/auth/oidc/callback?", app.address)), "{callback}");
    assert_eq!(app.back(&c, &callback).await, "/security?linked=mock");
    let linked: LinkedAccountList = app.get_as(&c, "/me/linked-accounts").await.json().await.unwrap();
    assert_eq!(linked.accounts.len(), 1);
    assert_eq!((linked.accounts[0].provider_name.as_str(), linked.accounts[0].email.as_str()), ("Mock ID", "alice@idp.example"));
    app.wait_for_mail(email, "Mock ID").await;
    // The way back works once.
    assert_eq!(app.back(&c, &callback).await, "/sign-in-passkey?step=1&linked=expired");

    // Signing in with it, on another browser: straight to where the person was going.
    let other = stepping_browser(&app.address);
    let authorize = app.to_provider(&other, "/auth/oidc/mock/start?next=/accounts").await;
    let callback = provider.authorize(&authorize, "alice").await;
    assert_eq!(app.back(&other, &callback).await, "/accounts");
    let me: serde_json::Value = app.get_as(&other, "/me").await.json().await.unwrap();
    assert_eq!(me["email"], email);
    let sessions: serde_json::Value = app.get_as(&other, "/me/sessions").await.json().await.unwrap();
    assert!(sessions["sessions"].as_array().unwrap().iter().any(|s| s["current"] == true && s["method"] == "linked_account"));

    // The same account cannot be linked to someone else.
    app.sign_up("second@example.com").await;
    let second = stepping_browser(&app.address);
    assert_eq!(app.sign_in_as(&second, "second@example.com", PASSWORD).await.status(), 200);
    let authorize = app.to_provider(&second, "/me/linked-accounts/mock/start").await;
    let callback = provider.authorize(&authorize, "alice").await;
    assert_eq!(app.back(&second, &callback).await, "/security?link_error=taken");

    // With 2-step verification, the provider stands in for the password: the second step follows.
    app.enable_totp(&c).await;
    let third = stepping_browser(&app.address);
    let authorize = app.to_provider(&third, "/auth/oidc/mock/start?next=/profile").await;
    let callback = provider.authorize(&authorize, "alice").await;
    assert_eq!(app.back(&third, &callback).await, "/two-step?next=%2Fprofile");
    assert_eq!(app.get_as(&third, "/me").await.status(), 401);
    let methods: serde_json::Value = app.get_as(&third, "/auth/second-factor").await.json().await.unwrap();
    assert!(methods["methods"].as_array().unwrap().contains(&json!("totp")));

    // Unlinked (fresh sign-in), it signs in nobody.
    let id = linked.accounts[0].id.clone();
    assert_eq!(app.delete_as(&c, &format!("/me/linked-accounts/{id}")).await.status(), 204);
    assert_error(app.delete_as(&c, &format!("/me/linked-accounts/{id}")).await, 404, ErrorCode::NotFound).await;
    let fourth = stepping_browser(&app.address);
    let authorize = app.to_provider(&fourth, "/auth/oidc/mock/start").await;
    let callback = provider.authorize(&authorize, "alice").await;
    assert_eq!(app.back(&fourth, &callback).await, FIRST_TIME);
    assert_eq!(app.get_as(&fourth, "/me").await.status(), 401);
}

async fn trips_that_do_not_come_back_right_sign_in_nobody(b: Backend) {
    let provider = Provider::start().await;
    let app = app_with(b, &provider).await;
    app.signed_in_user("bo@example.com").await;
    let c = stepping_browser(&app.address);
    assert_eq!(app.sign_in_as(&c, "bo@example.com", PASSWORD).await.status(), 200);
    provider.user("bo", "bo@idp.example", true).await;
    let authorize = app.to_provider(&c, "/me/linked-accounts/mock/start").await;
    let callback = provider.authorize(&authorize, "bo").await;
    assert_eq!(app.back(&c, &callback).await, "/security?linked=mock");

    // The way back in another browser (a link passed on) is not finished there.
    let (a, b2) = (stepping_browser(&app.address), stepping_browser(&app.address));
    let authorize = app.to_provider(&a, "/auth/oidc/mock/start").await;
    let callback = provider.authorize(&authorize, "bo").await;
    assert_eq!(app.back(&b2, &callback).await, "/sign-in-passkey?step=1&linked=expired");
    assert_eq!(app.get_as(&b2, "/me").await.status(), 401);

    // A wrong state.
    let authorize = app.to_provider(&a, "/auth/oidc/mock/start").await;
    let callback = provider.authorize(&authorize, "bo").await;
    let forged = callback.replace("state=", "state=x");
    assert_eq!(app.back(&a, &forged).await, "/sign-in-passkey?step=1&linked=expired");

    // A wrong nonce: the ID token was issued for another trip.
    let authorize = app.to_provider(&a, "/auth/oidc/mock/start").await;
    sqlx::query("UPDATE oidc_flows SET nonce = 'another-trip'").execute(app.db.pool()).await.unwrap();
    let callback = provider.authorize(&authorize, "bo").await;
    assert_eq!(app.back(&a, &callback).await, "/sign-in-passkey?step=1&linked=failed");
    assert_eq!(app.get_as(&a, "/me").await.status(), 401);

    // Refused at the provider.
    let authorize = app.to_provider(&a, "/auth/oidc/mock/start").await;
    let callback = provider.deny(&authorize).await;
    assert_eq!(app.back(&a, &callback).await, "/sign-in-passkey?step=1&linked=cancelled");

    // Too late: the trip's 10 minutes are up.
    let authorize = app.to_provider(&a, "/auth/oidc/mock/start").await;
    let callback = provider.authorize(&authorize, "bo").await;
    app.advance(time::Duration::minutes(11));
    assert_eq!(app.back(&a, &callback).await, "/sign-in-passkey?step=1&linked=expired");

    // An identity nobody linked.
    provider.user("stranger", "stranger@idp.example", true).await;
    let authorize = app.to_provider(&a, "/auth/oidc/mock/start").await;
    let callback = provider.authorize(&authorize, "stranger").await;
    assert_eq!(app.back(&a, &callback).await, FIRST_TIME);
    assert_eq!(app.get_as(&a, "/me").await.status(), 401);

    // An unknown provider.
    assert_error(a.get(app.url("/auth/oidc/nope/start")).send().await.unwrap(), 404, ErrorCode::NotFound).await;
}

async fn a_first_sign_in_links_to_an_account_signed_in_to_or_signs_up(b: Backend) {
    let provider = Provider::start().await;
    let app = app_with(b, &provider).await;
    let first_time = |c: Client, sub: &'static str| {
        let (app, provider) = (&app, &provider);
        async move {
            let authorize = app.to_provider(&c, "/auth/oidc/mock/start").await;
            let callback = provider.authorize(&authorize, sub).await;
            assert_eq!(app.back(&c, &callback).await, FIRST_TIME);
            c
        }
    };

    // The provider vouches for the address of an account: it links once that account's owner
    // signs in to it.
    app.signed_in_user("eva@example.com").await;
    provider.user("eva", "Eva@Example.com", true).await;
    let c = first_time(stepping_browser(&app.address), "eva").await;
    let pending: PendingLink = app.get_as(&c, "/auth/oidc/pending").await.json().await.unwrap();
    assert_eq!(
        (pending.provider_name.as_str(), pending.email.as_str(), pending.email_verified, pending.account_exists),
        ("Mock ID", "Eva@Example.com", true, true)
    );
    assert_eq!((pending.first_name.as_str(), pending.last_name.as_str()), ("Ana", "Novak"));
    // Not an account of its own, and nothing linked before the sign-in.
    assert_error(app.post_as(&c, "/auth/oidc/pending/sign-up", &signup_body(true)).await, 409, ErrorCode::Taken).await;
    assert_error(app.post_as(&c, "/auth/oidc/pending/link", &json!({})).await, 401, ErrorCode::Unauthenticated).await;
    // Another browser has no pending identity.
    let elsewhere = stepping_browser(&app.address);
    assert_error(app.get_as(&elsewhere, "/auth/oidc/pending").await, 400, ErrorCode::InvalidToken).await;
    assert_eq!(app.sign_in_as(&c, "eva@example.com", PASSWORD).await.status(), 200);
    assert_eq!(app.post_as(&c, "/auth/oidc/pending/link", &json!({})).await.status(), 204);
    app.wait_for_mail("eva@example.com", "Mock ID").await;
    // Once.
    assert_error(app.get_as(&c, "/auth/oidc/pending").await, 400, ErrorCode::InvalidToken).await;
    assert_error(app.post_as(&c, "/auth/oidc/pending/link", &json!({})).await, 400, ErrorCode::InvalidToken).await;
    let d = stepping_browser(&app.address);
    let authorize = app.to_provider(&d, "/auth/oidc/mock/start?next=/products").await;
    let callback = provider.authorize(&authorize, "eva").await;
    assert_eq!(app.back(&d, &callback).await, "/products");
    let me: serde_json::Value = app.get_as(&d, "/me").await.json().await.unwrap();
    assert_eq!(me["email"], "eva@example.com");

    // An address with no account: an account of its own, without a password, signed in at once.
    provider.user("neo", "neo@idp.example", true).await;
    let c = first_time(stepping_browser(&app.address), "neo").await;
    let pending: PendingLink = app.get_as(&c, "/auth/oidc/pending").await.json().await.unwrap();
    assert_eq!((pending.email_verified, pending.account_exists), (true, false));
    // A translated field error loses nothing: the identity waits for the next try.
    let r = assert_error(app.post_as(&c, "/auth/oidc/pending/sign-up", &signup_body(false)).await, 422, ErrorCode::ValidationFailed).await;
    assert!(r.fields.contains_key("privacy_consent"), "{r:?}");
    let r = app.post_as(&c, "/auth/oidc/pending/sign-up", &signup_body(true)).await;
    assert_eq!(r.status(), 200);
    let me: serde_json::Value = r.json().await.unwrap();
    assert_eq!((me["email"].as_str(), me["email_verified"].as_bool()), (Some("neo@idp.example"), Some(true)));
    assert_eq!(app.get_as(&c, "/me").await.status(), 200);
    let linked: LinkedAccountList = app.get_as(&c, "/me/linked-accounts").await.json().await.unwrap();
    assert_eq!(linked.accounts.len(), 1);
    // Its only way to sign in stays.
    let id = &linked.accounts[0].id;
    assert_error(app.delete_as(&c, &format!("/me/linked-accounts/{id}")).await, 409, ErrorCode::LastSignInMethod).await;
    // No password signs in to it.
    assert_eq!(app.sign_in_as(&elsewhere, "neo@idp.example", "").await.status(), 401);
    let authorize = app.to_provider(&elsewhere, "/auth/oidc/mock/start").await;
    let callback = provider.authorize(&authorize, "neo").await;
    assert_eq!(app.back(&elsewhere, &callback).await, "/");
    assert_eq!(app.get_as(&elsewhere, "/me").await.status(), 200);

    // An address the provider did not vouch for starts nothing, and tells nothing.
    provider.user("unv", "eva@example.com", false).await;
    let c = first_time(stepping_browser(&app.address), "unv").await;
    let pending: PendingLink = app.get_as(&c, "/auth/oidc/pending").await.json().await.unwrap();
    assert_eq!((pending.email_verified, pending.account_exists), (false, false));
    assert_error(app.post_as(&c, "/auth/oidc/pending/sign-up", &signup_body(true)).await, 409, ErrorCode::Taken).await;

    // Ten minutes, then it is gone.
    app.advance(time::Duration::minutes(11));
    assert_error(app.get_as(&c, "/auth/oidc/pending").await, 400, ErrorCode::InvalidToken).await;
}

fn signup_body(consent: bool) -> serde_json::Value {
    json!({"first_name": "Neo", "last_name": "Anderson", "country": "SI", "privacy_consent": consent, "locale": "sl"})
}

/// Directory sync with linked sign-in (issue 14): a person the directory adds gets no invitation
/// mail and, having no password, is linked by the provider's verified address at the first
/// sign-in. Not so for an unverified address, nor for someone who has a password.
async fn people_of_a_directory_with_linked_sign_in_sign_in_at_their_provider(b: Backend) {
    use crate::company::{post_ok, provision, vendor};
    let provider = Provider::start().await;
    let app = app_with(b, &provider).await;
    let v = vendor(&app, "staff@vendor.example").await;
    let co = provision(&app, &v, "Linked Co", 3).await;
    let a = co.account_id.clone();
    let r = v.put(app.url(&format!("/vendor/accounts/{a}/directory-sync"))).json(&json!({"allowed": true})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let r = co.manager.put(app.url(&format!("/accounts/{a}/directory"))).json(&json!({"on": true, "linked_sign_in": true})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let token: seatwise_api::CreatedScimToken =
        serde_json::from_value(post_ok(&app, &co.manager, &format!("/accounts/{a}/directory/tokens"), json!({"name": "IdP"})).await).unwrap();
    let scim = app.url(&format!("/scim/v2/{a}/Users")).replace("/api/v1", "");
    for email in ["dir@corp.example", "unverified@corp.example"] {
        let r = Client::new()
            .post(&scim)
            .bearer_auth(&token.secret)
            .header("content-type", "application/scim+json")
            .body(json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": email, "emails": [{"value": email}]}).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
    }
    // No invitation mail with linked sign-in.
    assert_eq!(app.mails_to("dir@corp.example").await, 0);

    provider.user("d1", "dir@corp.example", true).await;
    let c = stepping_browser(&app.address);
    let authorize = app.to_provider(&c, "/auth/oidc/mock/start?next=/accounts").await;
    let callback = provider.authorize(&authorize, "d1").await;
    assert_eq!(app.back(&c, &callback).await, "/accounts");
    let me: serde_json::Value = app.get_as(&c, "/me").await.json().await.unwrap();
    assert_eq!(me["email"], "dir@corp.example");

    // An address the provider does not vouch for links no one.
    provider.user("d2", "unverified@corp.example", false).await;
    let c = stepping_browser(&app.address);
    let authorize = app.to_provider(&c, "/auth/oidc/mock/start").await;
    let callback = provider.authorize(&authorize, "d2").await;
    assert_eq!(app.back(&c, &callback).await, FIRST_TIME);
    // Nor one of a person who has a password (the manager).
    provider.user("m1", "manager.linked-co@example.com", true).await;
    let c = stepping_browser(&app.address);
    let authorize = app.to_provider(&c, "/auth/oidc/mock/start").await;
    let callback = provider.authorize(&authorize, "m1").await;
    assert_eq!(app.back(&c, &callback).await, FIRST_TIME);
}
