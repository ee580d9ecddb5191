//! Writing the studio: new drafts, saving text + mapping + questions, publishing.

use super::view::{load, missing};
use super::{lesson_for_update, slugify, version_for_change};
use crate::admin::require_admin;
use crate::db::Db;
use crate::store::users::User;
use crate::store::{content, ksbs, standards, studio};
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::studio::LessonStatus;
use flowline_core::model::{LessonSave, NewLessonIn, StudioLesson};
use std::collections::HashMap;

pub const MAX_TITLE: usize = 120;
pub const MAX_KSBS: usize = 6;
pub const MAX_QUESTIONS: usize = 10;

fn check_title(title: &str) -> Result<String, AppError> {
    let t = title.trim();
    if t.chars().count() < 3 || t.chars().count() > MAX_TITLE {
        return Err(AppError::invalid(
            "title",
            format!("Give the lesson a title of 3 to {MAX_TITLE} characters."),
        ));
    }
    Ok(t.to_owned())
}

fn check_difficulty(d: i64) -> Result<i64, AppError> {
    if (1..=5).contains(&d) {
        Ok(d)
    } else {
        Err(AppError::invalid(
            "difficulty",
            "Difficulty runs from 1 (foundational) to 5 (challenge).",
        ))
    }
}

/// A new draft on a standard, with a slug made from its title.
#[tracing::instrument(skip_all, fields(caller = %admin.id))]
pub async fn create(
    db: &Db,
    admin: &User,
    input: NewLessonIn,
    now: i64,
) -> Result<StudioLesson, AppError> {
    require_admin(admin)?;
    let title = check_title(&input.title)?;
    let difficulty = check_difficulty(input.difficulty)?;
    let mut tx = db.begin_write().await?;
    let reference = input.standard.trim().to_ascii_uppercase();
    let standard_id = standards::id_by_reference(&mut tx, &reference)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "standard",
                format!("There is no standard {reference} in the library."),
            )
        })?;
    let base = slugify(&title);
    let mut slug = base.clone();
    let mut n = 2;
    let id = loop {
        if let Some(id) =
            studio::new_lesson(&mut tx, &standard_id, &slug, &title, difficulty, now).await?
        {
            break id;
        }
        slug = format!("{base}-{n}");
        n += 1;
    };
    let out = load(&mut tx, &id).await?;
    tx.commit().await?;
    tracing::info!(admin = %admin.id, lesson = %id, "lesson created");
    Ok(out)
}

/// (KSB id, weight) of the mapping.
type Weights = Vec<(String, f64)>;
/// (KSB id, prompt, options as JSON) of each question.
type CheckedQuestions = Vec<(String, String, String)>;

/// The KSB mapping and questions, checked against the standard; the first problem is named.
fn check_save(
    save: &LessonSave,
    ids: &HashMap<String, String>,
) -> Result<(Weights, CheckedQuestions), AppError> {
    if save.ksbs.len() > MAX_KSBS {
        return Err(AppError::invalid(
            "ksbs",
            format!("Map a lesson to at most {MAX_KSBS} KSBs; a short video teaches a few."),
        ));
    }
    let mut weights: Vec<(String, f64)> = Vec::new();
    let mut codes: Vec<String> = Vec::new();
    for (i, k) in save.ksbs.iter().enumerate() {
        let code = k.code.trim().to_ascii_uppercase();
        let id = ids.get(&code).ok_or_else(|| {
            AppError::invalid(
                &format!("ksbs[{i}].code"),
                format!("{code} is not a KSB of this standard."),
            )
        })?;
        if codes.contains(&code) {
            return Err(AppError::invalid(
                &format!("ksbs[{i}].code"),
                format!("{code} is mapped twice."),
            ));
        }
        if !(k.weight > 0.0 && k.weight <= 1.0) {
            return Err(AppError::invalid(
                &format!("ksbs[{i}].weight"),
                "A weight is more than 0 and at most 1 (1 = the lesson is all about it).",
            ));
        }
        codes.push(code);
        weights.push((id.clone(), (k.weight * 100.0).round() / 100.0));
    }
    if save.questions.len() > MAX_QUESTIONS {
        return Err(AppError::invalid(
            "questions",
            format!("Keep the quick check to at most {MAX_QUESTIONS} questions."),
        ));
    }
    let mut questions = Vec::new();
    for (i, q) in save.questions.iter().enumerate() {
        let field = |f: &str| format!("questions[{i}].{f}");
        let code = q.ksb.trim().to_ascii_uppercase();
        if !codes.contains(&code) {
            return Err(AppError::invalid(
                &field("ksb"),
                format!("Question {}: check one of the lesson's KSBs.", i + 1),
            ));
        }
        let prompt = q.prompt.trim();
        if prompt.is_empty() || prompt.chars().count() > 300 {
            return Err(AppError::invalid(
                &field("prompt"),
                format!(
                    "Question {}: write a prompt of up to 300 characters.",
                    i + 1
                ),
            ));
        }
        let options: Vec<String> = q.options.iter().map(|o| o.trim().to_owned()).collect();
        if options.len() < 2
            || options.len() > 6
            || options
                .iter()
                .any(|o| o.is_empty() || o.chars().count() > 200)
        {
            return Err(AppError::invalid(
                &field("options"),
                format!(
                    "Question {}: give 2 to 6 answers, none empty (up to 200 characters).",
                    i + 1
                ),
            ));
        }
        if q.correct >= options.len() {
            return Err(AppError::invalid(
                &field("correct"),
                format!("Question {}: mark which answer is right.", i + 1),
            ));
        }
        if q.explanation.chars().count() > 500 {
            return Err(AppError::invalid(
                &field("explanation"),
                format!(
                    "Question {}: keep the explanation under 500 characters.",
                    i + 1
                ),
            ));
        }
        let options = serde_json::to_string(&options).map_err(AppError::internal)?;
        questions.push((ids[&code].clone(), prompt.to_owned(), options));
    }
    Ok((weights, questions))
}

/// Saves the text, mapping and questions whole. On a lesson learners may have seen, this
/// starts a new version; otherwise the current version is rewritten.
#[tracing::instrument(skip_all, fields(caller = %admin.id))]
pub async fn save(
    db: &Db,
    admin: &User,
    id: &LessonId,
    input: LessonSave,
    now: i64,
) -> Result<StudioLesson, AppError> {
    require_admin(admin)?;
    let title = check_title(&input.title)?;
    let difficulty = check_difficulty(input.difficulty)?;
    let transcript = input.transcript.trim();
    if transcript.chars().count() > 5000 {
        return Err(AppError::invalid(
            "transcript",
            "Keep the transcript under 5000 characters.",
        ));
    }
    let mut tx = db.begin_write().await?;
    let l = lesson_for_update(&mut tx, id).await?;
    let ids = ksbs::live_ids_by_code(&mut tx, &l.standard_id).await?;
    let (weights, questions) = check_save(&input, &ids)?;
    if l.status == LessonStatus::Published && (weights.is_empty() || questions.is_empty()) {
        return Err(AppError::invalid(
            "questions",
            "A published lesson keeps at least one KSB and one question; unpublish it first.",
        ));
    }
    let version = version_for_change(&mut tx, &l, &admin.id, false, now).await?;
    if version == l.version {
        studio::drop_questions(&mut tx, id, version).await?;
    }
    studio::set_text(&mut tx, id, &title, difficulty, transcript, now).await?;
    content::replace_ksbs(&mut tx, id, &weights).await?;
    for (i, ((ksb_id, prompt, options), q)) in questions.iter().zip(&input.questions).enumerate() {
        content::insert_question(
            &mut tx,
            id,
            version,
            &content::NewQuestion {
                ksb_id,
                prompt,
                options: options.clone(),
                answer_key: q.correct.to_string(),
                explanation: q.explanation.trim(),
                sort: i as i64,
            },
            now,
        )
        .await?;
    }
    let out = load(&mut tx, id).await?;
    tx.commit().await?;
    tracing::info!(admin = %admin.id, lesson = %id, version, "lesson saved");
    Ok(out)
}

/// Publishes (learners of the standard get it in their feed) or takes it back to draft.
#[tracing::instrument(skip_all, fields(caller = %admin.id))]
pub async fn set_published(
    db: &Db,
    admin: &User,
    id: &LessonId,
    publish: bool,
    now: i64,
) -> Result<StudioLesson, AppError> {
    require_admin(admin)?;
    let mut tx = db.begin_write().await?;
    let l = lesson_for_update(&mut tx, id).await?;
    if publish {
        let view = load(&mut tx, id).await?;
        let gaps = missing(&l, view.ksbs.len(), view.questions.len());
        if !gaps.is_empty() {
            return Err(AppError::invalid(
                "status",
                format!("Before publishing, add {}.", gaps.join(", ")),
            ));
        }
    }
    studio::set_status(
        &mut tx,
        id,
        if publish { "published" } else { "draft" },
        now,
    )
    .await?;
    let out = load(&mut tx, id).await?;
    if publish && l.status != LessonStatus::Published {
        // What learners will see from now on, fixed in the trail: the lesson's whole text,
        // questions and answer keys as the editor holds them.
        let lesson = serde_json::to_value(&out).map_err(AppError::internal)?;
        let event = serde_json::json!({
            "type": "lesson_published",
            "lesson": out.id,
            "standard": out.standard,
            "version": out.version,
            "lesson_sha256": crate::evidence::canonical::content_hash(&lesson),
            "by": admin.id,
        });
        let kind = crate::evidence::Kind::LessonPublished;
        crate::evidence::chain_act(&mut tx, kind, id, &event, now).await?;
    }
    tx.commit().await?;
    tracing::info!(admin = %admin.id, lesson = %id, publish, "lesson status changed");
    Ok(out)
}
