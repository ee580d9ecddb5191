//! The cohort board and the learner drilldown: who needs the mentor today, and why.
//! Mentors see the cohorts they mentor (another cohort is "not found", so its existence does
//! not leak); admins see every cohort; nobody else sees any.

use crate::db::Db;
use crate::learning::progress::{view, LearnerView};
use crate::store::users::User;
use crate::store::{cohorts, content, interactions, observations, users};
use flowline_core::domain::cohort_status::{status, CohortPace, Pulse, Status};
use flowline_core::domain::CohortId;
use flowline_core::domain::LearnerId;
use flowline_core::domain::LessonId;
use flowline_core::domain::Role;
use flowline_core::error::AppError;
use flowline_core::model::{
    Alert, AlertKind, CohortBoard, CohortInfo, CohortSummary, LearnerDetail, LearnerRow,
    ObservationView, RecentInteraction,
};
use flowline_core::view::projection::{rfc3339, round1};
use std::collections::HashMap;

/// Lapsed reviews worth an alert.
pub const LAPSED_ALERT: u32 = 5;

/// How many interactions the drilldown lists.
pub const RECENT: usize = 30;

/// Mentors and admins only.
fn require_staff(viewer: &User) -> Result<(), AppError> {
    if matches!(viewer.role, Role::Mentor | Role::Admin) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// The cohorts a viewer may open: a mentor's own, every cohort for an admin.
#[tracing::instrument(skip_all, fields(caller = %viewer.id))]
pub async fn cohorts(db: &Db, viewer: &User) -> Result<Vec<CohortSummary>, AppError> {
    require_staff(viewer)?;
    let mut conn = db.pool.acquire().await?;
    if viewer.role == Role::Admin {
        return cohorts::all(&mut conn).await;
    }
    Ok(cohorts::for_user(&mut conn, &viewer.id)
        .await?
        .into_iter()
        .filter(|c| c.role == Role::Mentor)
        .collect())
}

/// The cohort, when the viewer may see it.
async fn open_cohort(db: &Db, viewer: &User, cohort_id: &CohortId) -> Result<CohortInfo, AppError> {
    require_staff(viewer)?;
    let mut conn = db.pool.acquire().await?;
    let info = cohorts::info(&mut conn, cohort_id)
        .await?
        .ok_or_else(|| AppError::not_found("cohort"))?;
    if viewer.role == Role::Mentor
        && !cohorts::has_member(&mut conn, cohort_id, &viewer.id, Role::Mentor).await?
    {
        return Err(AppError::not_found("cohort"));
    }
    Ok(info)
}

fn pulse(v: &LearnerView) -> Pulse {
    Pulse {
        overall: v.progress.overall,
        velocity: v.pace.velocity,
        velocity_3_days_ago: v.pace.velocity_3_days_ago,
        days_inactive: v.pace.days_inactive,
        started: v.last_active_ms.is_some(),
    }
}

fn row(user: &User, v: &LearnerView, light: (Status, String)) -> LearnerRow {
    let p = &v.progress;
    LearnerRow {
        id: user.learner_id(),
        name: user.display_name.clone(),
        status: light.0,
        reason: light.1,
        streak: p.streak.current,
        overall: p.overall,
        velocity: p.velocity,
        archetype: p.archetype,
        last_active: v.last_active_ms.and_then(rfc3339),
        days_since_active: v.last_active_ms.map(|_| v.pace.days_inactive),
        due_reviews: p.ksbs.iter().filter(|k| k.due).count() as u32,
        lapsed_reviews: v.lapsed_reviews,
        predicted_ready_date: p.predicted_ready_date.clone(),
        churn_risk: v.pace.churn_risk,
        churn_reason: v.pace.churn_reason(),
    }
}

/// What waits on the mentor for the learners of a cohort.
#[derive(Debug, Default)]
pub(crate) struct Waiting {
    /// Learners with a question for the mentor.
    asking: Vec<LearnerId>,
    /// Minutes of logged training to approve.
    to_approve: Vec<(LearnerId, i64)>,
    /// Progress reviews due, overdue or waiting for signatures.
    progress_reviews: Vec<(LearnerId, String)>,
    /// Pieces of evidence from the job to review.
    evidence: Vec<(LearnerId, i64)>,
    /// The assessor's standing "not yet" or "more evidence" at the Gateway.
    gateway: Vec<(LearnerId, String)>,
}

impl Waiting {
    async fn of(
        db: &Db,
        cohort_id: &CohortId,
        ids: &[LearnerId],
        now: i64,
    ) -> Result<Self, AppError> {
        let mut conn = db.pool.acquire().await?;
        let weeks = crate::store::cohorts::review_weeks(&mut conn, cohort_id).await?;
        let progress_reviews: Vec<(LearnerId, String)> =
            crate::store::reviews::cohort_states(&mut conn, cohort_id)
                .await?
                .into_iter()
                .filter_map(|(id, tz, joined, n, drafted, signed)| {
                    let tz = flowline_core::domain::Zone::parse_or_default(&tz);
                    review_alert(tz, (joined, n, drafted, signed), weeks, now).map(|m| (id, m))
                })
                .collect();
        let gateway = crate::store::gateway_decisions::latest_of(&mut conn, ids)
            .await?
            .into_iter()
            .filter_map(|d| {
                let codes: Vec<String> = serde_json::from_str::<Vec<(String, String)>>(&d.reasons)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(code, _)| code)
                    .collect();
                let what = match d.decision.as_str() {
                    "more_evidence" => "The assessor asks for more evidence",
                    "not_yet" => "Not yet at the Gateway",
                    _ => return None,
                };
                Some((d.learner_id, format!("{what}: {}", codes.join(", "))))
            })
            .collect();
        Ok(Self {
            gateway,
            asking: crate::store::coach::asking(&mut conn, ids).await?,
            to_approve: crate::store::otj::pending_minutes(&mut conn, ids).await?,
            progress_reviews,
            evidence: crate::store::job_evidence::waiting_counts(&mut conn, ids).await?,
        })
    }

    /// Everything waiting for one learner, in the board's order, as a mentor reads it.
    fn messages(&self, id: &LearnerId, lapsed_reviews: u32) -> Vec<(AlertKind, String)> {
        let mut out = Vec::new();
        if self.asking.contains(id) {
            out.push((
                AlertKind::AskedForHelp,
                "Asked for help: the question is in your inbox".to_owned(),
            ));
        }
        for (_, message) in self.gateway.iter().filter(|(l, _)| l == id) {
            out.push((AlertKind::Gateway, message.clone()));
        }
        for (_, minutes) in self.to_approve.iter().filter(|(l, _)| l == id) {
            out.push((
                AlertKind::TrainingToApprove,
                format!("{} of logged training to approve", duration(*minutes)),
            ));
        }
        for (_, n) in self.evidence.iter().filter(|(l, _)| l == id) {
            out.push((
                AlertKind::EvidenceToReview,
                match n {
                    1 => "1 piece of evidence from the job to review".to_owned(),
                    n => format!("{n} pieces of evidence from the job to review"),
                },
            ));
        }
        for (_, message) in self.progress_reviews.iter().filter(|(l, _)| l == id) {
            out.push((AlertKind::ProgressReview, message.clone()));
        }
        // A few lapsed reviews are normal.
        if lapsed_reviews >= LAPSED_ALERT {
            out.push((
                AlertKind::LapsedReviews,
                format!("{lapsed_reviews} reviews more than 2 days overdue"),
            ));
        }
        out
    }
}

/// Every learner of a cohort with their light (against their own plan, never the cohort's
/// average), the rows' views, the cohort's pace (the board's header) and what waits on the
/// mentor.
pub(crate) async fn rows(
    db: &Db,
    cohort_id: &CohortId,
    now: i64,
) -> Result<(Vec<(LearnerRow, LearnerView)>, CohortPace, Waiting), AppError> {
    let learners = {
        let mut conn = db.pool.acquire().await?;
        users::learners_of_cohort(&mut conn, cohort_id).await?
    };
    let mut views = Vec::with_capacity(learners.len());
    for user in learners {
        let v = view(db, &user, now).await?;
        let plan = {
            let mut conn = db.pool.acquire().await?;
            let today = flowline_core::domain::streak::local_day(now, v.learner.tz);
            crate::otj::programme(&mut conn, &v.learner, today)
                .await?
                .plan
        };
        views.push((user, v, plan));
    }
    let pulses: Vec<Pulse> = views.iter().map(|(_, v, _)| pulse(v)).collect();
    let pace = CohortPace::of(&pulses);
    let ids: Vec<LearnerId> = views.iter().map(|(u, _, _)| u.learner_id()).collect();
    let waiting = Waiting::of(db, cohort_id, &ids, now).await?;
    let mut out: Vec<(LearnerRow, LearnerView)> = views
        .into_iter()
        .map(|(user, v, plan)| {
            let waits = waiting.messages(&user.learner_id(), v.lapsed_reviews);
            let first = waits.first().map(|(_, m)| m.as_str());
            (row(&user, &v, status(&pulse(&v), &plan, first)), v)
        })
        .collect();
    out.sort_by(|a, b| a.0.status.cmp(&b.0.status).then(a.0.name.cmp(&b.0.name)));
    Ok((out, pace, waiting))
}

/// "45 min", "3 h", "1.5 h".
fn duration(minutes: i64) -> String {
    match minutes {
        m if m < 60 => format!("{m} min"),
        m if m % 60 == 0 => format!("{} h", m / 60),
        m => format!("{:.1} h", m as f64 / 60.0),
    }
}

/// A learner's progress review that needs the mentor: drafted and waiting for signatures,
/// or due within a week (or overdue), by the learner's own days. `weeks` between reviews.
fn review_alert(
    tz: flowline_core::domain::Zone,
    (joined, number, drafted, signed): (i64, Option<i64>, Option<i64>, Option<i64>),
    weeks: i64,
    now: i64,
) -> Option<String> {
    match (number, drafted, signed) {
        (Some(n), Some(_), None) => Some(format!("Progress review {n} is waiting for signatures")),
        (n, last, _) => {
            let due = crate::reviews::due_day(last.unwrap_or(joined), weeks, tz);
            let today = flowline_core::domain::streak::local_day(now, tz);
            let next = n.unwrap_or(0) + 1;
            let day = due.format("%-d %b");
            if due < today {
                Some(format!("Progress review {next} was due on {day}: draft it"))
            } else if (due - today).num_days() <= 7 {
                Some(format!("Progress review {next} is due on {day}"))
            } else {
                None
            }
        }
    }
}

/// The board's alerts: what waits on the mentor, learner by learner (worst light first), and
/// who has stalled.
fn alerts(rows: &[LearnerRow], waiting: &Waiting) -> Vec<Alert> {
    let mut out = Vec::new();
    let alert = |r: &LearnerRow, kind: AlertKind, message: String| Alert {
        kind,
        learner_id: r.id.clone(),
        learner_name: r.name.clone(),
        message,
    };
    for r in rows {
        // Lapsed reviews of someone already stalled add nothing.
        out.extend(
            waiting
                .messages(&r.id, r.lapsed_reviews)
                .into_iter()
                .filter(|(kind, _)| !(r.status == Status::Red && *kind == AlertKind::LapsedReviews))
                .map(|(kind, message)| alert(r, kind, message)),
        );
    }
    for r in rows.iter().filter(|r| r.status == Status::Red) {
        out.push(alert(r, AlertKind::Stalled, r.reason.clone()));
    }
    // Kind by kind, the most urgent first (a question may be about safety).
    let rank = |k: &AlertKind| match k {
        AlertKind::AskedForHelp => 0,
        AlertKind::Gateway => 1,
        AlertKind::TrainingToApprove => 1,
        AlertKind::EvidenceToReview => 2,
        AlertKind::ProgressReview => 3,
        AlertKind::Stalled => 4,
        AlertKind::LapsedReviews => 5,
    };
    out.sort_by_key(|a| rank(&a.kind));
    out
}

/// The cohort board: each learner with status, streak, mastery, pace; worst first.
#[tracing::instrument(skip_all, fields(caller = %viewer.id))]
pub async fn board(
    db: &Db,
    viewer: &User,
    cohort_id: &CohortId,
    now: i64,
) -> Result<CohortBoard, AppError> {
    let cohort = open_cohort(db, viewer, cohort_id).await?;
    let (rows, pace, waiting) = rows(db, cohort_id, now).await?;
    let learners: Vec<LearnerRow> = rows.into_iter().map(|(r, _)| r).collect();
    Ok(CohortBoard {
        alerts: alerts(&learners, &waiting),
        cohort,
        learners,
        mean_overall: round1(pace.mean_overall),
        median_velocity: round1(pace.median_velocity),
    })
}

/// One learner in depth: heat map, history, pace, recent interactions, sign-offs.
#[tracing::instrument(skip_all, fields(caller = %viewer.id))]
pub async fn learner(
    db: &Db,
    viewer: &User,
    learner_id: &LearnerId,
    now: i64,
) -> Result<LearnerDetail, AppError> {
    require_staff(viewer)?;
    let mut conn = db.pool.acquire().await?;
    let user = users::find_by_id(&mut conn, learner_id)
        .await?
        .filter(|u| u.role == Role::Learner)
        .ok_or_else(|| AppError::not_found("learner"))?;
    if viewer.role == Role::Mentor
        && !observations::mentors(&mut conn, &viewer.id, &user.learner_id()).await?
    {
        return Err(AppError::not_found("learner"));
    }
    let enrolment = cohorts::enrolment(&mut conn, &user.learner_id())
        .await?
        .ok_or_else(|| AppError::not_found("learner"))?;
    let titles: HashMap<LessonId, String> =
        content::titles_for_learner(&mut conn, &user.learner_id())
            .await?
            .into_iter()
            .collect();
    let signed = observations::of_learner(&mut conn, &user.learner_id()).await?;
    let latest = interactions::recent(&mut conn, &user.learner_id(), RECENT).await?;
    drop(conn);
    // The learner's (first) cohort heads the page, even when the mentor mentors them through
    // another: the check above proved the relationship.
    let cohort = {
        let mut conn = db.pool.acquire().await?;
        cohorts::info(&mut conn, &enrolment.cohort_id)
            .await?
            .ok_or_else(|| AppError::not_found("cohort"))?
    };
    let (rows, _, _) = rows(db, &enrolment.cohort_id, now).await?;
    let (row, v) = rows
        .into_iter()
        .find(|(r, _)| r.id == user.id.as_str())
        .ok_or_else(|| AppError::not_found("learner"))?;
    let recent = latest
        .iter()
        .filter_map(|i| {
            Some(RecentInteraction {
                id: i.id.clone(),
                lesson: titles.get(&i.content_id).cloned().unwrap_or_default(),
                content_version: i.content_version,
                kind: i.kind,
                occurred_at: rfc3339(i.occurred_at)?,
                answers: i.answers.len() as u32,
                right: i.answers.iter().filter(|a| a.correct).count() as u32,
            })
        })
        .collect();
    let observations = signed
        .into_iter()
        .filter_map(|o| {
            Some(ObservationView {
                occurred_at: rfc3339(o.occurred_at)?,
                id: o.id,
                mentor: o.mentor,
                ksb_codes: o.ksb_codes,
                note: o.notes,
                files: o
                    .files
                    .iter()
                    .map(crate::job_evidence::files::view_stored)
                    .collect(),
            })
        })
        .collect();
    let phone = {
        let mut conn = db.pool.acquire().await?;
        users::phone_for_mentor(&mut conn, &user.id).await?
    };
    Ok(LearnerDetail {
        email: user.email.clone(),
        phone,
        row,
        cohort,
        progress: v.progress,
        recent,
        observations,
    })
}

/// Everything the Instructor page opens with: the cohorts, the first one's board and, for
/// mentors, the sign-off form.
#[tracing::instrument(skip_all, fields(caller = %viewer.id))]
pub async fn instructor_start(
    db: &Db,
    viewer: &User,
    now: i64,
) -> Result<flowline_core::model::InstructorStart, AppError> {
    let cohorts = cohorts(db, viewer).await?;
    let first = match cohorts.first() {
        Some(c) => Some(board(db, viewer, &c.id, now).await?),
        None => None,
    };
    let sign_off = if viewer.role == Role::Mentor {
        Some(super::observations::form(db, viewer).await?)
    } else {
        None
    };
    Ok(flowline_core::model::InstructorStart {
        cohorts,
        board: first,
        sign_off,
    })
}
