use crate::error::AppError;
use crate::model::Me;
use leptos::prelude::*;

/// Signs in and goes to the feed. Works as a plain form post before hydration.
#[server(prefix = "/rpc", endpoint = "auth/login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::ssr::context;
    async move {
        let home = context::sign_in(email, password).await?;
        leptos_axum::redirect(home);
        Ok(())
    }
    .await
    .map_err(context::fail)
}

/// Creates a learner account, signs it in and goes to the feed.
#[server(prefix = "/rpc", endpoint = "auth/register")]
pub async fn register(
    email: String,
    password: String,
    display_name: String,
    #[server(default)] timezone: Option<String>,
) -> Result<(), AppError> {
    use crate::model::RegisterRequest;
    use crate::ssr::{context, now_ms, services::accounts};
    async move {
        let state = context::app_state()?;
        let req = RegisterRequest {
            email: email.clone(),
            password: password.clone(),
            display_name,
            timezone,
        };
        accounts::register(&state.db, &state.auth, &req, now_ms()).await?;
        context::sign_in(email, password).await?;
        leptos_axum::redirect("/");
        Ok(())
    }
    .await
    .map_err(context::fail)
}

/// Ends the session and goes to the sign-in page.
#[server(prefix = "/rpc", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::ssr::{context, services::accounts};
    async move {
        let state = context::app_state()?;
        if let Some(token) = context::session_cookie()? {
            accounts::logout(&state.db, &token).await?;
        }
        context::set_session_cookie("", 0)?;
        leptos_axum::redirect("/login");
        Ok(())
    }
    .await
    .map_err(context::fail)
}

/// Who is signed in; `None` for a visitor.
#[server(prefix = "/rpc", endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    use crate::ssr::{context, services::accounts};
    async move {
        let state = context::app_state()?;
        match context::current_user().await? {
            Some(user) => accounts::me(&state.db, &user).await.map(Some),
            None => Ok(None),
        }
    }
    .await
    .map_err(context::fail)
}
