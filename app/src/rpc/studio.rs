//! Server fns of the content studio (the same services as `/api/v1/admin/lessons…`). The video
//! and captions files go to the REST endpoints directly, so the browser can show progress.

use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::{LessonSave, NewLessonIn, StudioLesson, StudioLessonRow};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(prefix = "/rpc", endpoint = "studio/lessons", input = Json)]
pub async fn studio_lessons(
    standard: Option<String>,
    status: Option<String>,
    q: Option<String>,
) -> Result<Vec<StudioLessonRow>, AppError> {
    use crate::rpc::context;
    use services::studio::view;
    context::as_user(|state, user, _now| async move {
        let filter = view::LessonFilter {
            standard,
            status,
            q,
        };
        view::list(&state.db, &user, &filter).await
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "studio/create", input = Json)]
pub async fn create_lesson(input: NewLessonIn) -> Result<StudioLesson, AppError> {
    use crate::rpc::context;
    use services::studio::edit;
    context::as_user(
        |state, user, now| async move { edit::create(&state.db, &user, input, now).await },
    )
    .await
}

#[server(prefix = "/rpc", endpoint = "studio/lesson", input = Json)]
pub async fn get_studio_lesson(lesson_id: LessonId) -> Result<StudioLesson, AppError> {
    use crate::rpc::context;
    use services::studio::view;
    context::as_user(
        |state, user, _now| async move { view::detail(&state.db, &user, &lesson_id).await },
    )
    .await
}

#[server(prefix = "/rpc", endpoint = "studio/save", input = Json)]
pub async fn save_lesson(
    lesson_id: LessonId,
    lesson: LessonSave,
) -> Result<StudioLesson, AppError> {
    use crate::rpc::context;
    use services::studio::edit;
    context::as_user(|state, user, now| async move {
        edit::save(&state.db, &user, &lesson_id, lesson, now).await
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "studio/publish", input = Json)]
pub async fn publish_lesson(lesson_id: LessonId, publish: bool) -> Result<StudioLesson, AppError> {
    use crate::rpc::context;
    use services::studio::edit;
    context::as_user(|state, user, now| async move {
        edit::set_published(&state.db, &user, &lesson_id, publish, now).await
    })
    .await
}

#[server(prefix = "/rpc", endpoint = "studio/captions", input = Json)]
pub async fn generate_captions(lesson_id: LessonId) -> Result<StudioLesson, AppError> {
    use crate::rpc::context;
    use services::studio::media;
    context::as_user(|state, user, now| async move {
        media::generate_captions(&state.db, &state.media, &user, &lesson_id, now).await
    })
    .await
}

/// What a lesson script will make (nothing written).
#[server(prefix = "/rpc", endpoint = "studio/script-preview", input = Json)]
pub async fn preview_script(
    script: String,
) -> Result<flowline_core::model::ScriptPreview, AppError> {
    use crate::rpc::context;
    use services::studio::script;
    context::as_user(|_state, user, _now| async move { script::preview(&user, &script) }).await
}

/// Brings a script in as a draft (or the next version of `lesson_id`) and queues its render;
/// returns the lesson's id.
#[server(prefix = "/rpc", endpoint = "studio/from-script", input = Json)]
pub async fn lesson_from_script(
    input: flowline_core::model::ScriptIn,
) -> Result<LessonId, AppError> {
    use crate::rpc::context;
    use services::studio::script;
    context::as_user(|state, user, now| async move {
        script::bring_in(
            &state.db,
            &state.media,
            state.renderer.id(),
            &user,
            &input,
            now,
        )
        .await
    })
    .await
}

/// Renders the lesson's script again.
#[server(prefix = "/rpc", endpoint = "studio/render", input = Json)]
pub async fn render_lesson(lesson_id: LessonId) -> Result<LessonId, AppError> {
    use crate::rpc::context;
    use services::studio::script;
    context::as_user(|state, user, now| async move {
        script::render_again(
            &state.db,
            &state.media,
            state.renderer.id(),
            &user,
            &lesson_id,
            now,
        )
        .await
    })
    .await
}
