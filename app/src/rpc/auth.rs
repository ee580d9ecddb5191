use flowline_core::error::AppError;
use flowline_core::model::Me;
use leptos::prelude::*;

/// Signs in and goes to the feed. Works as a plain form post before hydration.
#[server(prefix = "/rpc", endpoint = "auth/login")]
pub async fn login(email: String, password: String) -> Result<(), AppError> {
    use crate::rpc::context;
    context::with_call(|call| async move {
        let home = call.sign_in(email, password).await?;
        leptos_axum::redirect(home);
        Ok(())
    })
    .await
}

/// Creates a learner account, signs it in and goes to the feed.
#[server(prefix = "/rpc", endpoint = "auth/register")]
pub async fn register(
    email: String,
    password: String,
    display_name: String,
    #[server(default)] timezone: Option<String>,
) -> Result<(), AppError> {
    use crate::rpc::context;
    use flowline_core::model::RegisterRequest;
    use services::registration;
    context::with_call(|call| async move {
        let req = RegisterRequest {
            email: email.clone(),
            password: password.clone(),
            display_name,
            timezone,
        };
        let state = &call.state;
        match registration::register(&state.db, &state.auth, &state.public_url, &req, call.now())
            .await?
        {
            registration::Registered::Now(_) => {
                call.sign_in(email, password).await?;
                leptos_axum::redirect("/");
            }
            // The same page says "check your e-mail", whatever the address.
            registration::Registered::Mailed => leptos_axum::redirect("/register?sent=1"),
        }
        Ok(())
    })
    .await
}

/// Ends the session and goes to the sign-in page.
#[server(prefix = "/rpc", endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    use crate::rpc::context;
    use services::accounts;
    context::with_call(|call| async move {
        if let Some(token) = call.session_cookie() {
            accounts::logout(&call.state.db, &token).await?;
        }
        call.set_session_cookie("", 0)?;
        leptos_axum::redirect("/login");
        Ok(())
    })
    .await
}

/// Who is signed in; `None` for a visitor.
#[server(prefix = "/rpc", endpoint = "me")]
pub async fn get_me() -> Result<Option<Me>, AppError> {
    use crate::rpc::context;
    use services::accounts;
    context::with_call(|call| async move {
        match call.current_user().await? {
            Some(user) => accounts::me(&call.state.db, &user).await.map(Some),
            None => Ok(None),
        }
    })
    .await
}

/// Changes the signed-in person's time zone (see `PATCH /api/v1/me`).
#[server(prefix = "/rpc", endpoint = "me/timezone", input = leptos::server_fn::codec::Json)]
pub async fn set_timezone(timezone: String) -> Result<Me, AppError> {
    use crate::rpc::context;
    use services::accounts;
    context::as_user(|state, user, now| async move {
        accounts::set_timezone(&state.db, &user, &timezone, now).await
    })
    .await
}

/// Whom a one-time sign-in link is for (not found once used or expired).
#[server(prefix = "/rpc", endpoint = "auth/invitation")]
pub async fn invitation(token: String) -> Result<flowline_core::model::InvitationView, AppError> {
    use crate::rpc::context;
    use services::people::invitations;
    context::with_call(
        |call| async move { invitations::view(&call.state.db, &token, call.now()).await },
    )
    .await
}

/// Uses a one-time sign-in link: sets the chosen password, signs in, and says where the
/// person's work starts.
#[server(prefix = "/rpc", endpoint = "auth/accept-invitation")]
pub async fn accept_invitation(token: String, password: String) -> Result<String, AppError> {
    use crate::rpc::context;
    use services::people::invitations;
    context::with_call(|call| async move {
        let session = invitations::accept(
            &call.state.db,
            &token,
            &password,
            &call.state.auth,
            call.now(),
        )
        .await?;
        call.set_session_cookie(&session.token, session.max_age_s)?;
        Ok(session.user.role.home().to_owned())
    })
    .await
}

/// "Forgot your password?": e-mails a link if the address has an account; the answer is the
/// same either way.
#[server(prefix = "/rpc", endpoint = "auth/forgot")]
pub async fn forgot_password(email: String) -> Result<String, AppError> {
    use crate::rpc::context;
    use services::recovery;
    context::with_call(|call| async move {
        recovery::forgot(&call.state.db, &call.state.public_url, &email, call.now()).await?;
        Ok(recovery::SENT.to_owned())
    })
    .await
}

/// Whose password a reset link sets (not found once used or expired).
#[server(prefix = "/rpc", endpoint = "auth/reset-link")]
pub async fn reset_link(token: String) -> Result<flowline_core::model::ResetView, AppError> {
    use crate::rpc::context;
    use services::recovery;
    context::with_call(
        |call| async move { recovery::view(&call.state.db, &token, call.now()).await },
    )
    .await
}

/// Uses a reset link: sets the new password, ends every other session, signs this browser
/// in, and says where the person's work starts.
#[server(prefix = "/rpc", endpoint = "auth/reset")]
pub async fn reset_password(token: String, password: String) -> Result<String, AppError> {
    use crate::rpc::context;
    use services::recovery;
    context::with_call(|call| async move {
        let session = recovery::reset(
            &call.state.db,
            &call.state.auth,
            &call.state.public_url,
            &token,
            &password,
            call.now(),
        )
        .await?;
        call.set_session_cookie(&session.token, session.max_age_s)?;
        Ok(session.user.role.home().to_owned())
    })
    .await
}

/// Changes the signed-in person's password (the current one first); other devices are
/// signed out, this one stays.
#[server(prefix = "/rpc", endpoint = "me/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::rpc::context;
    use flowline_core::model::PasswordChange;
    use services::recovery;
    context::with_call(|call| async move {
        let user = call
            .current_user()
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let token = call
            .session_cookie()
            .ok_or_else(AppError::unauthenticated)?;
        let change = PasswordChange {
            current_password,
            new_password,
        };
        recovery::change(&call.state, &user, &change, &token, call.now()).await
    })
    .await
}

/// Where the signed-in person is signed in (this browser first).
#[server(prefix = "/rpc", endpoint = "me/sessions")]
pub async fn my_sessions() -> Result<Vec<flowline_core::model::Device>, AppError> {
    use crate::rpc::context;
    use services::accounts;
    context::with_call(|call| async move {
        let user = call.require_user().await?;
        let token = call
            .session_cookie()
            .ok_or_else(AppError::unauthenticated)?;
        accounts::devices(&call.state.db, &user, &token, call.now()).await
    })
    .await
}

/// Signs out everywhere else (this browser stays signed in).
#[server(prefix = "/rpc", endpoint = "me/sessions/end-others")]
pub async fn sign_out_others() -> Result<(), AppError> {
    use crate::rpc::context;
    use services::accounts;
    context::with_call(|call| async move {
        let user = call.require_user().await?;
        let token = call
            .session_cookie()
            .ok_or_else(AppError::unauthenticated)?;
        accounts::sign_out_others(&call.state.db, &user, &token).await
    })
    .await
}

/// The identity provider's name when single sign-on is set up ("Sign in with …").
#[server(prefix = "/rpc", endpoint = "auth/sso")]
pub async fn sso_name() -> Result<Option<String>, AppError> {
    use crate::rpc::context;
    context::with_call(
        |call| async move { Ok(call.state.sso.as_ref().map(|s| s.name().to_owned())) },
    )
    .await
}

/// Whose account an e-mailed registration link makes (its page).
#[server(prefix = "/rpc", endpoint = "auth/welcome-link")]
pub async fn welcome_link(token: String) -> Result<flowline_core::model::ResetView, AppError> {
    use crate::rpc::context;
    use services::registration;
    context::with_call(|call| async move {
        registration::view(&call.state.db, &token, call.now()).await
    })
    .await
}

/// Follows the e-mailed registration link: the account is made and signed in; where its work
/// starts.
#[server(prefix = "/rpc", endpoint = "auth/welcome")]
pub async fn welcome(token: String) -> Result<String, AppError> {
    use crate::rpc::context;
    use services::registration;
    context::with_call(|call| async move {
        let session =
            registration::confirm(&call.state.db, &call.state.auth, &token, call.now()).await?;
        call.set_session_cookie(&session.token, session.max_age_s)?;
        Ok(session.user.role.home().to_owned())
    })
    .await
}

/// The number the signed-in apprentice gave their mentor (see `GET /api/v1/me/phone`).
#[server(prefix = "/rpc", endpoint = "me/phone")]
pub async fn mentor_phone() -> Result<flowline_core::model::MentorPhone, AppError> {
    use crate::rpc::context;
    context::as_user(|state, user, _now| async move {
        services::mentor::phone::get(&state.db, &user).await
    })
    .await
}

/// The apprentice gives (or, blank, takes back) the number (see `PUT /api/v1/me/phone`).
#[server(prefix = "/rpc", endpoint = "me/phone/set", input = leptos::server_fn::codec::Json)]
pub async fn set_mentor_phone(
    phone: Option<String>,
) -> Result<flowline_core::model::MentorPhone, AppError> {
    use crate::rpc::context;
    context::as_user(|state, user, _now| async move {
        let input = flowline_core::model::MentorPhone { phone };
        services::mentor::phone::set(&state.db, &user, &input).await
    })
    .await
}
