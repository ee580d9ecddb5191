//! Single sign-on with the provider's identity provider (Microsoft Entra ID, Google Workspace,
//! any OpenID Connect provider): the authorization code flow with PKCE. Flowline starts a
//! sign-in (a random `state` in a cookie of this browser, the PKCE verifier and a nonce kept
//! by the state's hash for ten minutes), the identity provider sends the browser back with a
//! code, and Flowline exchanges it for an ID token whose issuer, audience, signature, expiry
//! and nonce are checked. People are matched to existing accounts by their verified e-mail
//! address: single sign-on never creates an account (the provider invites people).

pub mod domains;

use crate::accounts::{self, NewSession};
use crate::db::Db;
use crate::session_token;
use crate::state::AuthConfig;
use crate::store::{sso as store, users};
use flowline_core::domain::Email;
use flowline_core::error::{AppError, ErrorCode};
pub use flowline_core::model::SsoRefusal;
use openidconnect::core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};

/// How long a sign-in may take at the identity provider.
pub const ATTEMPT_MINUTES: i64 = 10;
/// The cookie that ties the identity provider's answer to the browser that asked.
pub const COOKIE: &str = "flowline_sso";

/// The identity provider, as the provider's settings name it.
#[derive(Debug, Clone)]
pub struct SsoSettings {
    /// The issuer URL (`/.well-known/openid-configuration` is found under it).
    pub issuer: String,
    pub client_id: String,
    /// Absent for a public client (PKCE alone).
    pub client_secret: Option<String>,
    /// On the button: "Sign in with Microsoft".
    pub name: String,
    /// Where the identity provider sends people back (`<public URL>/sso/callback`).
    pub redirect_url: String,
}

/// The identity provider, its published metadata found once (and looked for again after a
/// failure).
#[derive(Debug)]
pub struct Sso {
    settings: SsoSettings,
    issuer: IssuerUrl,
    redirect: RedirectUrl,
    http: openidconnect::reqwest::Client,
    metadata: tokio::sync::OnceCell<CoreProviderMetadata>,
}

impl Sso {
    pub fn new(settings: SsoSettings) -> Result<Self, AppError> {
        let issuer = IssuerUrl::new(settings.issuer.clone())
            .map_err(|e| AppError::internal(format!("FLOWLINE_OIDC_ISSUER is not a URL: {e}")))?;
        let redirect = RedirectUrl::new(settings.redirect_url.clone())
            .map_err(|e| AppError::internal(format!("the SSO redirect URL: {e}")))?;
        // Following redirects would let a provider's answer send Flowline anywhere (SSRF).
        let http = openidconnect::reqwest::ClientBuilder::new()
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| AppError::internal(format!("SSO HTTP client: {e}")))?;
        Ok(Self {
            settings,
            issuer,
            redirect,
            http,
            metadata: tokio::sync::OnceCell::new(),
        })
    }

    /// "Microsoft", for "Sign in with Microsoft".
    pub fn name(&self) -> &str {
        &self.settings.name
    }

    async fn metadata(&self) -> Result<&CoreProviderMetadata, SsoRefusal> {
        self.metadata
            .get_or_try_init(|| async {
                CoreProviderMetadata::discover_async(self.issuer.clone(), &self.http)
                    .await
                    .map_err(|e| {
                        tracing::warn!(issuer = %self.settings.issuer, error = %e, "OpenID provider discovery failed");
                        match e {
                            // It answered, as another issuer than the one configured (a
                            // mix-up): never trusted, whatever it signs.
                            openidconnect::DiscoveryError::Validation(_) => SsoRefusal::Invalid,
                            _ => SsoRefusal::Unavailable,
                        }
                    })
            })
            .await
    }

    fn client(
        &self,
        metadata: &CoreProviderMetadata,
    ) -> CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    > {
        CoreClient::from_provider_metadata(
            metadata.clone(),
            ClientId::new(self.settings.client_id.clone()),
            self.settings.client_secret.clone().map(ClientSecret::new),
        )
        .set_redirect_uri(self.redirect.clone())
    }
}

/// A sign-in on its way to the identity provider.
#[derive(Debug)]
pub struct Started {
    /// Where the browser goes now.
    pub url: String,
    /// The cookie's value ([`COOKIE`]): only this browser can finish the sign-in.
    pub state: String,
}

/// Starts a sign-in: where to send the browser, and the state it must bring back.
pub async fn start(db: &Db, sso: &Sso, now: i64) -> Result<Started, SsoRefusal> {
    let metadata = sso.metadata().await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = sso
        .client(metadata)
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".to_owned()))
        .add_scope(Scope::new("profile".to_owned()))
        .set_pkce_challenge(challenge)
        .url();
    let attempt = store::Attempt {
        verifier: verifier.secret().clone(),
        nonce: nonce.secret().clone(),
    };
    let stored = async {
        let mut tx = db.begin_write().await?;
        store::insert_attempt(
            &mut tx,
            &session_token::hash(state.secret()),
            &attempt,
            now,
            now + ATTEMPT_MINUTES * 60_000,
        )
        .await?;
        tx.commit().await?;
        Ok::<_, AppError>(())
    };
    stored.await.map_err(|e| {
        tracing::error!(error = %e, "SSO sign-in not stored");
        SsoRefusal::Unavailable
    })?;
    Ok(Started {
        url: url.to_string(),
        state: state.secret().clone(),
    })
}

/// What the identity provider sent the browser back with (the callback's query).
#[derive(Debug, Default, serde::Deserialize)]
pub struct Answer {
    pub state: Option<String>,
    pub code: Option<String>,
    /// `access_denied` and friends (RFC 6749 §4.1.2.1).
    pub error: Option<String>,
}

/// Finishes a sign-in: checks that the answer belongs to this browser's attempt (`cookie`),
/// exchanges the code, checks the ID token, and starts a session for the account with its
/// verified e-mail address.
pub async fn finish(
    db: &Db,
    cfg: &AuthConfig,
    sso: &Sso,
    cookie: Option<&str>,
    answer: &Answer,
    now: i64,
) -> Result<NewSession, SsoRefusal> {
    let refuse = |why: SsoRefusal, detail: &str| {
        tracing::warn!(reason = why.code(), detail, "single sign-on refused");
        why
    };
    let Some(state) = answer.state.as_deref() else {
        return Err(refuse(SsoRefusal::Invalid, "no state"));
    };
    if cookie != Some(state) {
        return Err(refuse(
            SsoRefusal::Invalid,
            "state is not this browser's sign-in",
        ));
    }
    let attempt = take_attempt(db, state, now)
        .await
        .map_err(|_| SsoRefusal::Unavailable)?
        .ok_or_else(|| refuse(SsoRefusal::Expired, "no live sign-in with this state"))?;
    if let Some(error) = &answer.error {
        return Err(refuse(SsoRefusal::Declined, error));
    }
    let Some(code) = answer.code.as_deref() else {
        return Err(refuse(SsoRefusal::Invalid, "no code"));
    };

    let metadata = sso.metadata().await?;
    let client = sso.client(metadata);
    let exchange = client
        .exchange_code(AuthorizationCode::new(code.to_owned()))
        .map_err(|e| refuse(SsoRefusal::Unavailable, &e.to_string()))?
        .set_pkce_verifier(PkceCodeVerifier::new(attempt.verifier))
        .request_async(&sso.http)
        .await
        .map_err(|e| refuse(SsoRefusal::Invalid, &format!("code exchange: {e}")))?;
    let id_token = exchange
        .id_token()
        .ok_or_else(|| refuse(SsoRefusal::Invalid, "no ID token"))?;
    let claims = id_token
        .claims(&client.id_token_verifier(), &Nonce::new(attempt.nonce))
        .map_err(|e| refuse(SsoRefusal::Invalid, &format!("ID token: {e}")))?;
    let email = match (claims.email(), claims.email_verified()) {
        (Some(email), Some(true)) => Email::parse(email.as_str())
            .map_err(|_| refuse(SsoRefusal::Unverified, "e-mail claim unreadable"))?,
        _ => return Err(refuse(SsoRefusal::Unverified, "no verified e-mail claim")),
    };

    let user = account_for(db, &email)
        .await
        .map_err(|_| SsoRefusal::Unavailable)?
        .ok_or_else(|| refuse(SsoRefusal::NoAccount, "no active account"))?;
    tracing::info!(user = %user.id, "signed in with single sign-on");
    accounts::start_session(db, cfg, user, None, now)
        .await
        .map_err(|_| SsoRefusal::Unavailable)
}

async fn take_attempt(db: &Db, state: &str, now: i64) -> Result<Option<store::Attempt>, AppError> {
    let mut tx = db.begin_write().await?;
    let attempt = store::take_attempt(&mut tx, &session_token::hash(state), now).await?;
    tx.commit().await?;
    Ok(attempt)
}

/// The active account with `email` that can sign in (not erased, not a retired demo one).
async fn account_for(db: &Db, email: &Email) -> Result<Option<users::User>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let found = users::find_credentials(&mut conn, email.as_str()).await?;
    Ok(found
        .filter(|(_, hash)| !["!erased", "!demo-off"].contains(&hash.as_str()))
        .map(|(user, _)| user))
}

/// Refuses a password sign-in for an address whose domain signs in only with single sign-on
/// (before any password is checked).
pub async fn refuse_password(db: &Db, cfg: &AuthConfig, email: &Email) -> Result<(), AppError> {
    if !domains::is_sso_only(db, email.domain()).await? {
        return Ok(());
    }
    let name = cfg
        .sso_name
        .as_deref()
        .unwrap_or("your organisation's account");
    Err(AppError::new(
        ErrorCode::Forbidden,
        format!(
            "People at {} sign in with {name}: use \u{201c}Sign in with {name}\u{201d} instead \
             of a password.",
            email.domain()
        ),
    ))
}

/// The `Set-Cookie` value that ties a sign-in to this browser (or, with `None`, forgets it).
/// `SameSite=Lax`: the identity provider's redirect back is a top-level navigation, so the
/// browser sends it; only `/sso/` sees it.
pub fn cookie_value(state: Option<&str>, secure: bool) -> String {
    let mut c = cookie::Cookie::build((COOKIE, state.unwrap_or_default().to_owned()))
        .path("/sso/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(if state.is_some() {
            ATTEMPT_MINUTES * 60
        } else {
            0
        }))
        .secure(secure)
        .build();
    if state.is_none() {
        c.set_value("");
    }
    c.to_string()
}

/// This browser's sign-in state, from a `Cookie` header.
pub fn from_cookie_header(headers: &http::HeaderMap) -> Option<String> {
    session_token::cookie(headers, COOKIE).filter(|v| !v.is_empty() && v.len() <= 128)
}
