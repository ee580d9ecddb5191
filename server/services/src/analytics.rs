//! Content analytics for admins: per lesson, learners reached, completion, first-try right
//! rate, median time, skips and learners' ratings; per KSB, first-try right rate over its
//! questions. Lessons that most learners get wrong first time, skip, or call too hard or too
//! easy, are flagged for rework. Read from the interaction log, one pass in time order.

use crate::admin::require_admin;
use crate::db::Db;
use crate::store::analytics as store;
use crate::store::interactions::LoggedAnswer;
use crate::store::users::User;
use crate::store::{ksbs, standards};
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::studio::LessonStatus;
use flowline_core::model::{ContentAnalytics, KsbStats, LessonStats, Rating, RatingCounts};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Learners needed before a rate is trusted enough to flag a lesson.
pub const MIN_LEARNERS: u32 = 3;
/// First-try right below this flags a lesson (or KSB) for rework.
pub const HARD_BELOW: f64 = 0.5;
/// Skipped at least this often flags a lesson.
pub const SKIPPED_FROM: f64 = 0.4;
/// This share of ratings saying "too hard" (or "too easy") flags a lesson.
pub const RATED_OFF_FROM: f64 = 0.5;

/// One row of the log, as the analytics read it.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub learner: String,
    pub content: String,
    pub kind: String,
    pub seconds: f64,
    pub answers: Vec<LoggedAnswer>,
    pub rating: Option<Rating>,
}

#[derive(Default)]
struct Tally {
    reached: BTreeSet<String>,
    answered: BTreeSet<String>,
    first_right: u32,
    watched_seconds: Vec<f64>,
    watched: u32,
    skips: u32,
    /// Each learner's latest verdict.
    ratings: HashMap<String, Rating>,
}

impl Tally {
    fn ratings(&self) -> RatingCounts {
        let mut c = RatingCounts::default();
        for r in self.ratings.values() {
            match r {
                Rating::TooEasy => c.too_easy += 1,
                Rating::GoodPace => c.good_pace += 1,
                Rating::TooHard => c.too_hard += 1,
            }
        }
        c
    }
}

/// Why a lesson wants rework, if it does: the check, skips, then learners' verdicts.
fn flag_of(
    answered: u32,
    first_try_right: Option<f64>,
    t: &Tally,
    ratings: RatingCounts,
) -> Option<String> {
    let skip_rate = share(t.skips, t.skips + t.watched);
    let rated = ratings.total();
    if answered >= MIN_LEARNERS && first_try_right.is_some_and(|r| r < HARD_BELOW) {
        Some(
            "Most learners get the check wrong first time: look at the video and the questions."
                .to_owned(),
        )
    } else if t.skips + t.watched >= MIN_LEARNERS && skip_rate.is_some_and(|r| r >= SKIPPED_FROM) {
        Some(
            "Often skipped: the start may not hold attention, or the title may mislead.".to_owned(),
        )
    } else if rated >= MIN_LEARNERS
        && share(ratings.too_hard, rated).is_some_and(|r| r >= RATED_OFF_FROM)
    {
        Some(
            "Learners call it too hard: split it, slow it down, or teach what it needs first."
                .to_owned(),
        )
    } else if rated >= MIN_LEARNERS
        && share(ratings.too_easy, rated).is_some_and(|r| r >= RATED_OFF_FROM)
    {
        Some("Learners call it too easy: a harder check or a shorter video may suit it.".to_owned())
    } else {
        None
    }
}

fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        (v[mid - 1] + v[mid]) / 2.0
    } else {
        v[mid]
    })
}

/// Lessons' and KSBs' numbers from rows in time order; `question_ksb` maps question ids to
/// KSB codes.
pub fn tally(
    rows: &[LogEntry],
    lessons: &[(LessonId, String, LessonStatus)],
    ksb_list: &[(String, String)],
    question_ksb: &HashMap<String, String>,
) -> (Vec<LessonStats>, Vec<KsbStats>) {
    let mut per_lesson: HashMap<&str, Tally> = HashMap::new();
    // (learner, question) seen: only the first attempt counts.
    let mut tried: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut per_ksb: BTreeMap<&str, (BTreeSet<&str>, u32, u32)> = BTreeMap::new();
    for r in rows {
        let t = per_lesson.entry(r.content.as_str()).or_default();
        t.reached.insert(r.learner.clone());
        match r.kind.as_str() {
            "watched" => {
                t.watched += 1;
                t.watched_seconds.push(r.seconds);
            }
            "skipped" => t.skips += 1,
            "rated" => {
                if let Some(rating) = r.rating {
                    t.ratings.insert(r.learner.clone(), rating);
                }
            }
            "answered" => {
                if t.answered.insert(r.learner.clone()) && r.answers.iter().all(|a| a.correct) {
                    t.first_right += 1;
                }
                for a in &r.answers {
                    if !tried.insert((r.learner.as_str(), a.question_id.as_str())) {
                        continue;
                    }
                    if let Some(code) = question_ksb.get(&a.question_id) {
                        let k = per_ksb.entry(code.as_str()).or_default();
                        k.0.insert(r.learner.as_str());
                        k.1 += 1;
                        k.2 += u32::from(a.correct);
                    }
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<LessonStats> = lessons
        .iter()
        .map(|(id, title, status)| {
            let t = per_lesson.remove(id.as_str()).unwrap_or_default();
            let reached = t.reached.len() as u32;
            let answered = t.answered.len() as u32;
            let first_try_right = share(t.first_right, answered);
            let skip_rate = share(t.skips, t.skips + t.watched);
            let ratings = t.ratings();
            let flag = flag_of(answered, first_try_right, &t, ratings);
            LessonStats {
                content_id: id.clone(),
                title: title.clone(),
                status: *status,
                reached,
                completion: share(answered, reached),
                first_try_right,
                median_seconds: median(t.watched_seconds),
                skips: t.skips,
                skip_rate,
                ratings,
                flag,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.flag.is_none(), std::cmp::Reverse(a.reached), &a.title).cmp(&(
            b.flag.is_none(),
            std::cmp::Reverse(b.reached),
            &b.title,
        ))
    });
    let ksbs = ksb_list
        .iter()
        .map(|(code, text)| {
            let (learners, attempts, right) = per_ksb
                .get(code.as_str())
                .map(|(l, a, r)| (l.len() as u32, *a, *r))
                .unwrap_or_default();
            let first_try_right = share(right, attempts);
            KsbStats {
                code: code.clone(),
                text: text.clone(),
                learners,
                first_try_right,
                flag: (learners >= MIN_LEARNERS && first_try_right.is_some_and(|r| r < HARD_BELOW))
                    .then(|| {
                        "Learners find its questions hard: more or clearer lessons may help."
                            .to_owned()
                    }),
            }
        })
        .collect();
    (out, ksbs)
}

/// The analytics of a standard's lessons (admins).
pub async fn of_standard(
    db: &Db,
    caller: &User,
    reference: &str,
) -> Result<ContentAnalytics, AppError> {
    require_admin(caller)?;
    let reference = reference.trim().to_uppercase();
    let mut conn = db.pool.acquire().await?;
    let standard_id = standards::id_by_reference(&mut conn, &reference)
        .await?
        .ok_or_else(|| AppError::not_found("Standard"))?;
    let lessons = store::lessons(&mut conn, &standard_id).await?;
    let ksb_list: Vec<(String, String)> = ksbs::live_with_prerequisites(&mut conn, &standard_id)
        .await?
        .into_iter()
        .map(|k| (k.code, k.text))
        .collect();
    let question_ksb: HashMap<String, String> = store::question_ksbs(&mut conn, &standard_id)
        .await?
        .into_iter()
        .collect();
    let raw = store::interactions(&mut conn, &standard_id).await?;
    let rows: Vec<LogEntry> = raw
        .into_iter()
        .map(
            |(learner, content, kind, seconds, answers, rating)| LogEntry {
                answers: serde_json::from_str(&answers).unwrap_or_default(),
                rating: rating.as_deref().and_then(Rating::parse),
                learner,
                content,
                kind,
                seconds,
            },
        )
        .collect();
    let (lessons, ksbs) = tally(&rows, &lessons, &ksb_list, &question_ksb);
    let memory = super::learning::memory_fit::status(&mut conn, &standard_id).await?;
    let knowledge = super::learning::memory_fit::knowledge_status(&mut conn, &standard_id).await?;
    Ok(ContentAnalytics {
        standard: reference,
        lessons,
        ksbs,
        memory,
        knowledge,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        learner: &str,
        content: &str,
        kind: &str,
        seconds: f64,
        right: &[(&str, bool)],
    ) -> LogEntry {
        LogEntry {
            learner: learner.into(),
            content: content.into(),
            kind: kind.into(),
            seconds,
            answers: right
                .iter()
                .map(|(q, c)| LoggedAnswer {
                    question_id: (*q).into(),
                    response: 0,
                    correct: *c,
                })
                .collect(),
            rating: None,
        }
    }

    fn rated(learner: &str, content: &str, rating: Rating) -> LogEntry {
        LogEntry {
            rating: Some(rating),
            ..row(learner, content, "rated", 0.0, &[])
        }
    }

    #[test]
    fn a_lesson_most_call_too_hard_is_flagged_and_each_learner_counts_once() {
        let lessons = vec![(
            LessonId::from("a"),
            "Cable anatomy".to_owned(),
            LessonStatus::Published,
        )];
        let rows = vec![
            rated("l1", "a", Rating::TooEasy),
            rated("l1", "a", Rating::TooHard), // changed their mind: the latest counts
            rated("l2", "a", Rating::TooHard),
            rated("l3", "a", Rating::GoodPace),
        ];
        let (lessons, _) = tally(&rows, &lessons, &[], &HashMap::new());
        let a = &lessons[0];
        assert_eq!(
            a.ratings,
            RatingCounts {
                too_easy: 0,
                good_pace: 1,
                too_hard: 2
            }
        );
        assert!(a
            .flag
            .as_deref()
            .is_some_and(|f| f.starts_with("Learners call it too hard")));
        // One learner's verdict is not enough to flag a lesson.
        let few = vec![rated("l1", "a", Rating::TooEasy)];
        let (lessons2, _) = tally(
            &few,
            &[(
                LessonId::from("a"),
                "Cable anatomy".to_owned(),
                LessonStatus::Published,
            )],
            &[],
            &HashMap::new(),
        );
        assert_eq!(lessons2[0].flag, None);
    }

    #[test]
    fn a_lesson_most_get_wrong_first_time_is_flagged_and_only_first_attempts_count() {
        let lessons = vec![
            (
                LessonId::from("a"),
                "Proving dead".to_owned(),
                LessonStatus::Published,
            ),
            (
                LessonId::from("b"),
                "Link boxes".to_owned(),
                LessonStatus::Published,
            ),
        ];
        let ksb_list = vec![("K1".to_owned(), "Law".to_owned())];
        let qk: HashMap<String, String> = [("q1".to_owned(), "K1".to_owned())].into();
        let rows = vec![
            row("l1", "a", "watched", 60.0, &[]),
            row("l1", "a", "answered", 10.0, &[("q1", false)]),
            row("l1", "a", "answered", 10.0, &[("q1", true)]), // a second try does not count
            row("l2", "a", "watched", 70.0, &[]),
            row("l2", "a", "answered", 10.0, &[("q1", false)]),
            row("l3", "a", "skipped", 4.0, &[]),
            row("l3", "a", "answered", 10.0, &[("q1", true)]),
            row("l1", "b", "watched", 80.0, &[]),
        ];
        let (lessons, ksbs) = tally(&rows, &lessons, &ksb_list, &qk);
        let a = &lessons[0];
        assert_eq!((a.content_id.as_str(), a.reached, a.skips), ("a", 3, 1));
        assert_eq!(a.completion, Some(1.0));
        assert_eq!(a.first_try_right, Some(1.0 / 3.0));
        assert_eq!(a.median_seconds, Some(65.0));
        assert!(a
            .flag
            .as_deref()
            .is_some_and(|f| f.starts_with("Most learners")));
        let b = &lessons[1];
        assert_eq!(
            (
                b.reached,
                b.completion,
                b.first_try_right,
                b.flag.as_deref()
            ),
            (1, Some(0.0), None, None)
        );
        assert_eq!(
            (ksbs[0].learners, ksbs[0].first_try_right),
            (3, Some(1.0 / 3.0))
        );
        assert!(ksbs[0].flag.is_some());
    }
}
