//! Linked accounts: OpenID Connect (the authorization code flow with PKCE, state and nonce, by
//! the `openidconnect` crate). Providers are discovered when first used and again after an
//! hour (their signing keys rotate); back-channel calls follow no redirects.

use std::{collections::HashMap, sync::Arc, time::Duration};

use openidconnect::{
    core::{CoreAuthenticationFlow, CoreClient, CoreIdTokenClaims, CoreProviderMetadata},
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl,
    Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use secrecy::ExposeSecret;
use tokio::sync::Mutex;

use crate::{
    config::{OidcProvider, Settings},
    error::{AppError, AppResult},
};

/// Minutes a trip to a provider may take.
pub const FLOW_MINUTES: i64 = 10;
/// A discovery (and its signing keys) is used this long before it is fetched again.
const DISCOVERY_SECONDS: i64 = 3600;
/// The callback's path under the API (registered with every provider).
pub const CALLBACK_PATH: &str = "/api/v1/auth/oidc/callback";

type DiscoveredClient =
    CoreClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointMaybeSet, EndpointMaybeSet>;

/// The identity a provider vouched for.
#[derive(Debug, Clone)]
pub struct Identity {
    pub issuer: String,
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub given_name: Option<String>,
    pub family_name: Option<String>,
}

/// What the callback needs to finish a trip (kept in `oidc_flows`).
pub struct Pending {
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// The configured providers, and their discovered clients.
pub struct Oidc {
    http: reqwest::Client,
    providers: Vec<OidcProvider>,
    redirect: String,
    clients: Mutex<HashMap<String, (Arc<DiscoveredClient>, i64)>>,
}

impl Oidc {
    pub fn new(settings: &Settings) -> anyhow::Result<Oidc> {
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(10))
            .build()?;
        Ok(Oidc {
            http,
            providers: settings.oidc_providers.clone(),
            redirect: settings.link(CALLBACK_PATH),
            clients: Mutex::new(HashMap::new()),
        })
    }

    pub fn providers(&self) -> &[OidcProvider] {
        &self.providers
    }

    pub fn provider(&self, id: &str) -> Option<&OidcProvider> {
        self.providers.iter().find(|p| p.id == id)
    }

    async fn client(&self, id: &str, now: i64) -> AppResult<Arc<DiscoveredClient>> {
        let provider = self.provider(id).ok_or(AppError::NotFound)?;
        if let Some((client, at)) = self.clients.lock().await.get(id) {
            if now - at < DISCOVERY_SECONDS {
                return Ok(client.clone());
            }
        }
        let issuer = IssuerUrl::new(provider.issuer.as_str().trim_end_matches('/').to_string())
            .map_err(|e| AppError::Internal(anyhow::anyhow!("{id}: issuer: {e}")))?;
        let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
            .await
            .map_err(|e| AppError::Internal(anyhow::anyhow!("{id}: discovery: {e}")))?;
        let redirect = RedirectUrl::new(self.redirect.clone()).map_err(|e| AppError::Internal(e.into()))?;
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(provider.client_id.clone()),
            Some(ClientSecret::new(provider.client_secret.expose_secret().to_string())),
        )
        .set_redirect_uri(redirect);
        let client = Arc::new(client);
        self.clients.lock().await.insert(id.to_string(), (client.clone(), now));
        Ok(client)
    }

    /// Where to send the browser, and what the callback needs.
    pub async fn start(&self, id: &str, now: i64) -> AppResult<(url::Url, Pending)> {
        let client = self.client(id, now).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .add_scope(Scope::new("email".into()))
            .add_scope(Scope::new("profile".into()))
            .set_pkce_challenge(challenge)
            .url();
        Ok((url, Pending { state: state.secret().clone(), nonce: nonce.secret().clone(), pkce_verifier: verifier.secret().clone() }))
    }

    /// Exchanges the code (with the PKCE verifier) and checks the ID token (signature,
    /// issuer, audience, expiry, nonce).
    pub async fn finish(&self, id: &str, now: i64, nonce: String, pkce_verifier: String, code: String) -> AppResult<Identity> {
        let client = self.client(id, now).await?;
        let failed = |what: &str, e: &dyn std::fmt::Display| {
            tracing::info!(provider = id, error = %e, "linked account: {what} failed");
            AppError::Denied(seatwise_api::ErrorCode::Forbidden)
        };
        let token = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| failed("the token endpoint", &e))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier))
            .request_async(&self.http)
            .await
            .map_err(|e| failed("the code exchange", &e))?;
        let id_token = token.id_token().ok_or_else(|| failed("the ID token", &"none was given"))?;
        let verifier = client.id_token_verifier();
        let claims: &CoreIdTokenClaims = id_token.claims(&verifier, &Nonce::new(nonce)).map_err(|e| failed("the ID token", &e))?;
        Ok(Identity {
            issuer: claims.issuer().to_string(),
            subject: claims.subject().to_string(),
            email: claims.email().map(|e| e.to_string()),
            email_verified: claims.email_verified().unwrap_or(false),
            given_name: claims.given_name().and_then(|n| n.get(None)).map(|n| n.to_string()),
            family_name: claims.family_name().and_then(|n| n.get(None)).map(|n| n.to_string()),
        })
    }
}
