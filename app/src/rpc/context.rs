//! What a server fn needs from its context, read once before its first `.await`.
//!
//! During a server-side render a server fn runs inside a page's resource; Leptos may drop
//! that resource's owner while the future still runs, and a `use_context` after an `.await`
//! then finds nothing. So [`Call::new`] takes the state, the request and the response
//! options synchronously, and everything after works from them.

use flowline_core::error::AppError;
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;
use services::accounts::User;
use services::session_token;
use services::state::AppState;
use std::future::Future;
use std::net::IpAddr;

/// One server fn call: its state, request and response, taken from the context up front.
pub struct Call {
    pub state: AppState,
    parts: http::request::Parts,
    response: Option<ResponseOptions>,
}

impl Call {
    /// Reads the context; must run before the server fn's first `.await`.
    pub fn new() -> Result<Self, AppError> {
        let state = use_context::<AppState>()
            .ok_or_else(|| AppError::internal("AppState missing from server fn context"))?;
        let parts = use_context::<http::request::Parts>()
            .ok_or_else(|| AppError::internal("request parts missing from server fn context"))?;
        Ok(Self {
            state,
            parts,
            response: use_context::<ResponseOptions>(),
        })
    }

    pub fn now(&self) -> i64 {
        self.state.now_ms()
    }

    /// The session token the caller sent, if any.
    pub fn session_cookie(&self) -> Option<String> {
        session_token::from_cookie_header(&self.parts.headers)
    }

    /// The caller's address, for sign-in throttling.
    pub fn client_ip(&self) -> Option<IpAddr> {
        services::client_ip(&self.parts, self.state.auth.trust_forwarded_for)
    }

    /// The signed-in caller, if any.
    pub async fn current_user(&self) -> Result<Option<User>, AppError> {
        match self.session_cookie() {
            Some(token) => {
                let device = self
                    .parts
                    .headers
                    .get(http::header::USER_AGENT)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                services::accounts::authenticate(
                    &self.state.db,
                    &self.state.auth,
                    &token,
                    device,
                    self.now(),
                )
                .await
            }
            None => Ok(None),
        }
    }

    /// The signed-in caller, or `unauthenticated`.
    pub async fn require_user(&self) -> Result<User, AppError> {
        self.current_user()
            .await?
            .ok_or_else(AppError::unauthenticated)
    }

    /// Signs the caller in (ending any session their browser already had) and sets the
    /// cookie; returns where their work starts.
    pub async fn sign_in(&self, email: String, password: String) -> Result<&'static str, AppError> {
        let previous = self.session_cookie();
        let session = services::accounts::login(
            &self.state.db,
            &self.state.auth,
            &flowline_core::model::LoginRequest { email, password },
            self.client_ip(),
            previous.as_deref(),
            self.now(),
        )
        .await?;
        self.set_session_cookie(&session.token, session.max_age_s)?;
        Ok(session.user.role.home())
    }

    /// Adds a `Set-Cookie` for the session (or its removal with `max_age_s = 0`).
    pub fn set_session_cookie(&self, token: &str, max_age_s: i64) -> Result<(), AppError> {
        let value =
            session_token::set_cookie_value(token, max_age_s, self.state.auth.cookie_secure);
        let header = http::HeaderValue::from_str(&value).map_err(AppError::internal)?;
        let response = self
            .response
            .as_ref()
            .ok_or_else(|| AppError::internal("response options missing from server fn context"))?;
        response.append_header(http::header::SET_COOKIE, header);
        Ok(())
    }

    /// Gives a failed server fn the HTTP status of its error, except for plain form posts
    /// (no JS), which must stay redirects back to the form with the error in the URL.
    pub fn fail(&self, e: AppError) -> AppError {
        services::log_internal(&e);
        let wants_html = self
            .parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
        if !wants_html {
            if let Some(resp) = &self.response {
                resp.set_status(services::status_of(e.code));
            }
        }
        e
    }
}

/// The body of almost every server fn: the signed-in caller (401 otherwise) and the clock
/// go to a service, whose role check decides the rest; a failure gets its HTTP status.
pub async fn as_user<T, F, Fut>(service: F) -> Result<T, AppError>
where
    F: FnOnce(AppState, User, i64) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let call = Call::new()?;
    call.state.calls.record(&call_name::<F>());
    let result = async {
        let user = call.require_user().await?;
        service(call.state.clone(), user, call.now()).await
    }
    .await;
    result.map_err(|e| call.fail(e))
}

/// Like [`as_user`] for server fns that take their own [`Call`] (sign-in, visitors).
pub async fn with_call<T, F, Fut>(body: F) -> Result<T, AppError>
where
    F: FnOnce(std::sync::Arc<Call>) -> Fut,
    Fut: Future<Output = Result<T, AppError>>,
{
    let call = std::sync::Arc::new(Call::new()?);
    call.state.calls.record(&call_name::<F>());
    let result = body(call.clone()).await;
    result.map_err(|e| call.fail(e))
}

/// `app::api::mentor::instructor_home` from the closure type the server fn passes (whose
/// body the `#[server]` macro puts in `__server_instructor_home`).
fn call_name<F>() -> String {
    let full = std::any::type_name::<F>();
    let path = full.split("::{{closure}}").next().unwrap_or(full);
    path.replacen("::__server_", "::", 1)
}
