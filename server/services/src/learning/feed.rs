//! The learner's feed: what's next, the day's focus, the streak and a nudge.

use super::engine_state::{current, kind_of};
use super::{load, round1, Learner};
use crate::catalogue::media_url;
use crate::db::Db;
use crate::store::users::User;
use crate::store::{content, questions};
use flowline_core::domain::competency::{Band, Competency};
use flowline_core::domain::engine::EngineState;
use flowline_core::domain::next::{self, LearnerNow, Lesson};
use flowline_core::domain::streak::day_start_ms;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::{Feed, FeedItem, FocusDto, QuestionDto, Streak};
use std::collections::HashMap;

/// Lessons in one feed.
pub const FEED_SIZE: usize = 5;

/// The learner's KSB map at `now` from a competency state (and what they saw, from `state`).
pub fn learner_now(
    learner: &Learner,
    competency: &Competency,
    state: &EngineState,
    now: i64,
) -> LearnerNow {
    next::learner_now(
        competency,
        state,
        |id| kind_of(learner, id),
        learner.params(),
        now,
    )
}

fn nudge(streak: &Streak, due: usize, first_time: bool) -> String {
    match (first_time, streak.today_done, streak.current) {
        (true, _, _) => "Welcome! A minute a lesson, then a quick check.".into(),
        (false, true, _) if due > 0 => format!(
            "Today counts. {due} review{} still due: a quick one keeps them fresh.",
            if due == 1 { " is" } else { "s are" }
        ),
        (false, true, n) => format!("Today counts — {n}-day streak. Another lesson?"),
        (false, false, 0) => "One lesson today starts a new streak.".into(),
        (false, false, n) if streak.freezes > 0 => format!(
            "Keep your {n}-day streak going: one lesson does it ({} freeze{} in hand).",
            streak.freezes,
            if streak.freezes == 1 { "" } else { "s" }
        ),
        (false, false, n) => format!("Keep your {n}-day streak going: one lesson does it."),
    }
}

/// The signed-in learner's feed.
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn feed(db: &Db, user: &User, now: i64) -> Result<Feed, AppError> {
    let mut conn = db.pool.acquire().await?;
    let Some(learner) = load(&mut conn, user).await? else {
        return Ok(Feed {
            streak: Streak::default(),
            focus: None,
            nudge: "You are not in a cohort yet. Once your training provider adds you to one, \
                    your lessons appear here."
                .into(),
            items: Vec::new(),
            illustrative: false,
            rendering: 0,
            as_of_ms: now,
        });
    };
    let standard_id = learner.enrolment.standard_id.clone();
    let state = current(&mut conn, &learner).await?;
    let published = content::published(&mut conn, &standard_id).await?;
    let mut lesson_ksbs: HashMap<LessonId, Vec<content::LessonKsb>> = HashMap::new();
    for k in content::lesson_ksbs(&mut conn, &standard_id).await? {
        lesson_ksbs.entry(k.content_id.clone()).or_default().push(k);
    }
    let mut by_lesson: HashMap<LessonId, Vec<questions::Question>> = HashMap::new();
    for q in questions::current_of_standard(&mut conn, &standard_id).await? {
        by_lesson.entry(q.content_id.clone()).or_default().push(q);
    }
    let rendering = content::awaiting_render(&mut conn, &standard_id).await?;
    drop(conn);

    let lessons: Vec<Lesson> = published
        .iter()
        .map(|p| Lesson {
            id: p.id.clone(),
            difficulty: u8::try_from(p.difficulty).unwrap_or(3),
            ksbs: lesson_ksbs
                .get(&p.id)
                .map(|ks| ks.iter().map(|k| (k.ksb_id.clone(), k.weight)).collect())
                .unwrap_or_default(),
        })
        .collect();
    let infos: Vec<next::KsbInfo> = learner.ksbs.iter().map(|k| k.info.clone()).collect();
    let view = learner_now(&learner, &state.competency, &state, now);
    let today = state.today(now, learner.tz);
    let picks = next::whats_next(
        &infos,
        &lessons,
        &view,
        next::seed(&learner.id, today),
        FEED_SIZE,
    );

    // The focus is the day's: chosen from the map as it stood when the day began.
    let day_start = day_start_ms(today, learner.tz);
    let morning = state.morning_of(today, learner.tz);
    let morning_view = learner_now(&learner, morning, &state, day_start);
    let focus = next::focus(&infos, &morning_view).and_then(|(id, _, reason)| {
        let k = learner.ksb(&id)?;
        let m = view.mastery.get(&id).copied().unwrap_or(0.0);
        Some(FocusDto {
            code: k.info.code.clone(),
            kind: k.info.kind,
            text: k.text.clone(),
            mastery: round1(m),
            band: Band::of(m, view.touched.contains(&id)),
            reason,
        })
    });

    let items = picks
        .into_iter()
        .filter_map(|pick| {
            let p = published.iter().find(|p| p.id == pick.lesson_id)?;
            let questions = by_lesson
                .get(&p.id)
                .map(|qs| {
                    qs.iter()
                        .map(|q| QuestionDto {
                            id: q.id.clone(),
                            ksb: q.ksb_code.clone(),
                            prompt: q.prompt.clone(),
                            options: q.options.clone(),
                            answer: q.answer,
                            explanation: q.explanation.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default();
            Some(FeedItem {
                content_id: p.id.clone(),
                title: p.title.clone(),
                video_url: media_url(&p.media_key),
                captions_url: p.captions_key.as_deref().map(media_url),
                poster_url: p.poster_key.as_deref().map(media_url),
                duration_s: p.duration_s,
                difficulty: p.difficulty,
                ksbs: lesson_ksbs
                    .get(&p.id)
                    .map(|ks| ks.iter().map(|k| k.code.clone()).collect())
                    .unwrap_or_default(),
                ksb_titles: lesson_ksbs
                    .get(&p.id)
                    .map(|ks| {
                        ks.iter()
                            .map(|k| {
                                learner
                                    .ksb(&k.ksb_id)
                                    .map_or_else(String::new, |e| e.info.title.clone())
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                reason: pick.reason,
                questions,
            })
        })
        .collect();
    let streak = state.streak(today);
    Ok(Feed {
        nudge: nudge(&streak, view.due.len(), state.interactions == 0),
        streak,
        focus,
        items,
        illustrative: learner.illustrative(),
        rendering,
        as_of_ms: now,
    })
}
