//! Server fns of the coach page and the mentors' inbox (the same services as `/api/v1/coach…`
//! and `/api/v1/mentor/inbox…`).

use flowline_core::error::AppError;
use flowline_core::model::{AskIn, AskOut, CoachThread, InboxItem, MentorInbox};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The signed-in learner's thread.
#[server(prefix = "/rpc", endpoint = "coach/thread")]
pub async fn get_coach_thread() -> Result<CoachThread, AppError> {
    use crate::rpc::context;
    use services::coach;
    context::as_user(|state, user, now| async move { coach::thread(&state.db, &user, now).await })
        .await
}

/// The signed-in learner asks the coach.
#[server(prefix = "/rpc", endpoint = "coach/ask", input = Json)]
pub async fn ask_coach(input: AskIn) -> Result<AskOut, AppError> {
    use crate::rpc::context;
    use services::coach;
    context::as_user(|state, user, now| async move {
        coach::ask(
            &state.db,
            &state.coach,
            &state.public_url,
            &user,
            input,
            "app",
            now,
        )
        .await
    })
    .await
}

/// "Ask my mentor" on a question in the thread.
#[server(prefix = "/rpc", endpoint = "coach/escalate", input = Json)]
pub async fn escalate_question(message_id: String) -> Result<AskOut, AppError> {
    use crate::rpc::context;
    use services::coach;
    context::as_user(|state, user, now| async move {
        coach::escalate_question(&state.db, &state.coach, &user, &message_id, now).await
    })
    .await
}

/// The signed-in mentor's inbox.
#[server(prefix = "/rpc", endpoint = "mentor/inbox")]
pub async fn get_mentor_inbox() -> Result<MentorInbox, AppError> {
    use crate::rpc::context;
    use services::coach;
    context::as_user(|state, user, _| async move { coach::inbox(&state.db, &user).await }).await
}

/// A mentor answers a question from the inbox.
#[server(prefix = "/rpc", endpoint = "mentor/answer", input = Json)]
pub async fn answer_question(id: String, answer: String) -> Result<InboxItem, AppError> {
    use crate::rpc::context;
    use services::coach;
    context::as_user(|state, user, now| async move {
        coach::answer(&state.db, &user, &id, &answer, now).await
    })
    .await
}

/// A mentor says they are dealing with a question (see `POST /api/v1/mentor/inbox/{id}/acknowledge`).
#[server(prefix = "/rpc", endpoint = "mentor/acknowledge", input = Json)]
pub async fn acknowledge_question(id: String) -> Result<InboxItem, AppError> {
    use crate::rpc::context;
    use services::coach;
    context::as_user(|state, user, now| async move {
        coach::alerts::acknowledge(&state.db, &user, &id, now).await
    })
    .await
}

/// The signed-in learner's nudge choices.
#[server(prefix = "/rpc", endpoint = "coach/settings")]
pub async fn get_coach_settings() -> Result<flowline_core::model::CoachSettings, AppError> {
    use crate::rpc::context;
    use services::coach::nudges;
    context::as_user(|state, user, _| async move { nudges::settings(&state.db, &user).await }).await
}

/// Saves the signed-in learner's nudge choices.
#[server(prefix = "/rpc", endpoint = "coach/settings/save", input = Json)]
pub async fn save_coach_settings(
    settings: flowline_core::model::CoachSettings,
) -> Result<flowline_core::model::CoachSettings, AppError> {
    use crate::rpc::context;
    use services::coach::nudges;
    context::as_user(|state, user, now| async move {
        nudges::set_settings(&state.db, &user, settings, now).await
    })
    .await
}

/// The signed-in learner's WhatsApp status.
#[server(prefix = "/rpc", endpoint = "coach/whatsapp")]
pub async fn get_whatsapp() -> Result<flowline_core::model::WhatsAppStatus, AppError> {
    use crate::rpc::context;
    use services::coach::whatsapp;
    context::as_user(|state, user, _| async move {
        whatsapp::status(&state.db, state.whatsapp.as_deref(), &user).await
    })
    .await
}

/// The signed-in learner turns WhatsApp on (their number and consent).
#[server(prefix = "/rpc", endpoint = "coach/whatsapp/on", input = Json)]
pub async fn whatsapp_on(
    input: flowline_core::model::WhatsAppIn,
) -> Result<flowline_core::model::WhatsAppStatus, AppError> {
    use crate::rpc::context;
    use services::coach::whatsapp;
    context::as_user(|state, user, now| async move {
        whatsapp::opt_in(&state.db, state.whatsapp.as_deref(), &user, input, now).await
    })
    .await
}

/// The signed-in learner turns WhatsApp off.
#[server(prefix = "/rpc", endpoint = "coach/whatsapp/off", input = Json)]
pub async fn whatsapp_off() -> Result<flowline_core::model::WhatsAppStatus, AppError> {
    use crate::rpc::context;
    use services::coach::whatsapp;
    context::as_user(|state, user, now| async move {
        whatsapp::turn_off(&state.db, state.whatsapp.as_deref(), &user, now).await
    })
    .await
}

/// The server's Web Push public key (what this browser subscribes with).
#[server(prefix = "/rpc", endpoint = "push/key")]
pub async fn push_key() -> Result<String, AppError> {
    use crate::rpc::context;
    context::as_user(|state, _, _| async move { Ok(state.push.public_key.clone()) }).await
}

/// Saves this browser's push subscription for the signed-in person.
#[server(prefix = "/rpc", endpoint = "me/push/subscribe", input = Json)]
pub async fn push_subscribe(
    subscription: flowline_core::model::PushSubscriptionIn,
    device: String,
) -> Result<(), AppError> {
    use crate::rpc::context;
    use services::push;
    context::as_user(|state, user, now| async move {
        push::subscribe(&state.db, &user, &subscription, &device, now).await
    })
    .await
}

/// Forgets this browser's push subscription.
#[server(prefix = "/rpc", endpoint = "me/push/unsubscribe", input = Json)]
pub async fn push_unsubscribe(endpoint: String) -> Result<(), AppError> {
    use crate::rpc::context;
    use services::push;
    context::as_user(|state, user, _| async move {
        push::unsubscribe(&state.db, &user, &endpoint).await
    })
    .await
}

/// Mentors' answers and nudges the signed-in learner has not seen (the Coach tab's badge).
#[server(prefix = "/rpc", endpoint = "coach/unread")]
pub async fn coach_unread() -> Result<u32, AppError> {
    use crate::rpc::context;
    use services::coach;
    context::as_user(|state, user, _now| async move { coach::unread(&state.db, &user).await }).await
}
