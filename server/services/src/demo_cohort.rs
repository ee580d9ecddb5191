//! Demo mode's classmates: four apprentices with a few weeks of history in the demo cohort, so
//! the mentor's board shows what it is for (someone stalled, someone behind, people on track)
//! and the assessor has evidence to look at. Their answers go through the same recording
//! service as anyone's; running it again changes nothing.

use super::demo::{DEMO_COHORT, DEMO_PASSWORD};
use crate::accounts::{create_account, AccountInput};
use crate::db::Db;
use crate::learning::interactions::{record, Incoming};
use crate::store::{cohorts, questions, standards, users};
use flowline_core::domain::streak::{day_start_ms, local_day};
use flowline_core::domain::LessonId;
use flowline_core::domain::{DisplayName, Email, Password, Role, Timezone};
use flowline_core::error::AppError;
use flowline_core::model::{AnswerIn, InteractionIn, InteractionKind};
use flowline_core::view::projection::rfc3339;

const DAY: i64 = 86_400_000;

/// A study session: (days ago, lessons answered).
type Session = (i64, usize);

/// (e-mail, name, days on the programme, sessions, share of answers right). Priya started
/// half a year ago and came to Flowline late: behind her own plan.
#[rustfmt::skip]
const CLASSMATES: [(&str, &str, i64, &[Session], f64); 4] = [
    ("bea@demo.flowline.test", "Bea Okafor", 21,
        &[(13, 1), (12, 1), (11, 1), (10, 1), (9, 2), (8, 2), (7, 2), (6, 2), (5, 2), (4, 2), (3, 2), (2, 2), (1, 2), (0, 2)], 0.9),
    ("sam@demo.flowline.test", "Sam Reid", 21,
        &[(16, 2), (15, 2), (14, 2), (13, 2), (12, 2), (11, 2), (10, 2), (9, 2), (8, 2), (7, 2), (6, 2), (5, 2)], 0.8),
    ("priya@demo.flowline.test", "Priya Shah", 180, &[(9, 1), (6, 1), (3, 1), (1, 1)], 0.5),
    ("tom@demo.flowline.test", "Tom Hughes", 21,
        &[(10, 1), (8, 2), (7, 2), (5, 2), (4, 3), (2, 3), (1, 3), (0, 3)], 0.85),
];

/// When the `k`-th of `count` lessons of a session `back` local days ago took place: in the
/// evening (18:00 on) of that day in the learner's zone, or spread over today up to `now`.
/// Placed by local day, so "5 days ago" is five days ago on the board whatever the hour.
fn session_at(now: i64, back: i64, k: usize, count: usize, tz: flowline_core::domain::Zone) -> i64 {
    let today = local_day(now, tz);
    if back == 0 {
        let start = day_start_ms(today, tz);
        return start + (now - start) * (k as i64 + 1) / (count as i64 + 1);
    }
    let day = today - chrono::Days::new(back.unsigned_abs());
    day_start_ms(day, tz) + 18 * 3_600_000 + k as i64 * 600_000
}

/// Adds the classmates that are missing, with their history (needs the demo lessons).
pub async fn ensure_classmates(db: &Db, now: i64) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    let Some(standard_id) = standards::id_by_reference(&mut conn, "ST1332").await? else {
        return Ok(());
    };
    let Some(cohort_id) = cohorts::find(&mut conn, DEMO_COHORT, &standard_id).await? else {
        return Ok(());
    };
    let qs = questions::current_of_standard(&mut conn, &standard_id).await?;
    let mut lessons: Vec<LessonId> = qs.iter().map(|q| q.content_id.clone()).collect();
    lessons.dedup();
    if lessons.is_empty() {
        return Ok(());
    }
    drop(conn);
    for (n, (email, name, on_programme, days, right)) in CLASSMATES.into_iter().enumerate() {
        let mut conn = db.pool.acquire().await?;
        if users::find_by_email(&mut conn, email).await?.is_some() {
            continue;
        }
        drop(conn);
        let joined = now - on_programme * DAY;
        let input = AccountInput {
            email: Email::parse(email)?,
            display_name: DisplayName::parse(name)?,
            password: Password::parse(DEMO_PASSWORD)?,
            timezone: Timezone::default(),
        };
        let user = create_account(db, input, Role::Learner, joined).await?;
        let mut conn = db.pool.acquire().await?;
        cohorts::add_member(&mut conn, &cohort_id, &user.id, Role::Learner, joined).await?;
        drop(conn);
        let mut items = Vec::new();
        let mut answered = 0usize;
        let mut next = n;
        for (back, count) in days.iter().rev() {
            for k in 0..*count {
                let lesson = &lessons[next % lessons.len()];
                next += 1;
                let at = session_at(now, *back, k, *count, Timezone::default().tz());
                let answers = qs
                    .iter()
                    .filter(|q| &q.content_id == lesson)
                    .map(|q| {
                        answered += 1;
                        // Deterministic: right for the first `right` share of every ten.
                        let ok = ((answered * 7) % 10) as f64 / 10.0 < right;
                        let response = if ok {
                            q.answer
                        } else {
                            (q.answer + 1) % q.options.len()
                        };
                        AnswerIn {
                            question_id: q.id.clone(),
                            response: response as i64,
                        }
                    })
                    .collect();
                items.push(Incoming::Item(InteractionIn {
                    id: uuid::Uuid::now_v7().to_string(),
                    content_id: lesson.clone(),
                    kind: InteractionKind::Answered,
                    occurred_at: rfc3339(at).unwrap_or_default(),
                    time_spent_s: 75.0,
                    answers,
                    rating: None,
                    device: Some("demo".into()),
                }));
            }
        }
        record(db, &user, items, now).await?;
    }
    Ok(())
}
