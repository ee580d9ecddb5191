//! A learner's off-the-job hours, computed from what is stored: lesson watches and answers,
//! observed practice, approved logs. One set of rows feeds the summary the learner, mentor and
//! assessor see and the CSV export, so both always agree.

use crate::learning::Learner;
use crate::store::{content, observations, otj as store, standards};
use chrono::NaiveDate;
use flowline_core::domain::ilr;
use flowline_core::domain::interaction::InteractionKind;
use flowline_core::domain::otj::{self, Activity};
use flowline_core::domain::otj_credit as credit;
use flowline_core::domain::streak::local_day;
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use flowline_core::model::{LogStatus, OtjLog, OtjNotCounted, OtjSources, OtjSummary};
use sqlx::AnyConnection;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where a row of hours came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Lessons,
    Checks,
    Observed,
    Logged,
}

/// One line of the export: a day's lessons or checks, one sign-off, or one approved log.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportLine {
    pub date: NaiveDate,
    pub activity: String,
    pub seconds: f64,
    pub ksbs: Vec<String>,
    pub source: Source,
    /// The evidence behind it: "interactions", an observation id, a log id.
    pub reference: String,
}

/// Everything that counts, oldest first, and the logs as the learner sees them.
pub struct Hours {
    pub rows: Vec<ExportLine>,
    /// Recorded time that did not count, by reason.
    pub refused: BTreeMap<credit::NotCounted, credit::Refused>,
    pub logs: Vec<store::LogRow>,
    pub min_hours: Option<i64>,
    /// The standard's daily ceiling, in hours.
    pub daily_hours: f64,
    /// Breaks in learning, oldest first.
    pub breaks: Vec<crate::store::breaks::BreakRow>,
}

/// A stored break as the ILR rules read it (a malformed date holds no day).
pub fn as_break(b: &crate::store::breaks::BreakRow) -> Option<ilr::Break> {
    Some(ilr::Break {
        starts_on: NaiveDate::parse_from_str(&b.starts_on, "%Y-%m-%d").ok()?,
        ends_on: b
            .ends_on
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    })
}

pub async fn load(conn: &mut AnyConnection, learner: &Learner) -> Result<Hours, AppError> {
    let standard_id = &learner.enrolment.standard_id;
    let codes: HashMap<LessonId, Vec<String>> = {
        let mut m: HashMap<LessonId, Vec<String>> = HashMap::new();
        for k in content::lesson_ksbs(&mut *conn, standard_id).await? {
            m.entry(k.content_id).or_default().push(k.code);
        }
        m
    };
    let mut days: BTreeMap<(NaiveDate, Source), (f64, BTreeSet<String>)> = BTreeMap::new();
    // Only as much as the server can vouch for (otj_credit): once per lesson a day, one thing
    // at a time, up to a day's ceiling, and not what waited past the offline window.
    let times = store::lesson_time(&mut *conn, &learner.id).await?;
    let claims: Vec<credit::Claim> = times
        .iter()
        .map(|t| credit::Claim {
            lesson: t.content_id.as_str(),
            kind: match t.kind {
                InteractionKind::Watched => credit::Kind::Watch,
                _ => credit::Kind::Check,
            },
            occurred_at: t.occurred_at,
            received_at: t.received_at,
            spent_s: t.time_spent_s,
            video_s: t.duration_s,
        })
        .collect();
    let daily_hours = crate::store::standards::otj_daily_hours(&mut *conn, standard_id).await?;
    let (credits, refused) = credit::credit(&claims, learner.tz, daily_hours);
    for c in credits {
        let t = &times[c.index];
        let source = match t.kind {
            InteractionKind::Watched => Source::Lessons,
            _ => Source::Checks,
        };
        let day = days.entry((c.day, source)).or_default();
        day.0 += c.seconds;
        day.1
            .extend(codes.get(&t.content_id).into_iter().flatten().cloned());
    }
    let mut rows: Vec<ExportLine> = days
        .into_iter()
        .map(|((date, source), (seconds, ksbs))| ExportLine {
            date,
            activity: match source {
                Source::Lessons => "Flowline micro-lessons watched".into(),
                _ => "Flowline quick checks answered".into(),
            },
            seconds,
            ksbs: ksbs.into_iter().collect(),
            source,
            reference: "interactions".into(),
        })
        .collect();
    for o in observations::of_learner(&mut *conn, &learner.id).await? {
        if o.duration_min > 0 {
            rows.push(ExportLine {
                date: local_day(o.occurred_at, learner.tz),
                activity: format!("Observed practice, signed off by {}", o.mentor),
                seconds: o.duration_min as f64 * 60.0,
                ksbs: o.ksb_codes,
                source: Source::Observed,
                reference: o.id,
            });
        }
    }
    let logs = store::of_learner(&mut *conn, &learner.id).await?;
    for l in logs.iter().filter(|l| l.status == LogStatus::Approved) {
        let Ok(date) = NaiveDate::parse_from_str(&l.occurred_on, "%Y-%m-%d") else {
            continue;
        };
        rows.push(ExportLine {
            date,
            activity: format!(
                "{}: {}",
                Activity::parse(&l.activity).map_or("Training", Activity::label),
                l.description
            ),
            seconds: l.minutes as f64 * 60.0,
            ksbs: split_codes(&l.ksb_codes),
            source: Source::Logged,
            reference: l.id.clone(),
        });
    }
    // Days of a break in learning count for nothing (told on Progress).
    let breaks = crate::store::breaks::of_learner(&mut *conn, &learner.id).await?;
    let away: Vec<ilr::Break> = breaks.iter().filter_map(as_break).collect();
    let mut refused = refused;
    rows.retain(|r| {
        if away.iter().any(|b| b.holds(r.date)) {
            let entry = refused.entry(credit::NotCounted::InBreak).or_default();
            entry.seconds += r.seconds;
            entry.items += 1;
            false
        } else {
            true
        }
    });
    rows.sort_by_key(|r| (r.date, r.source));
    let min_hours = standards::otj_min(conn, standard_id).await?;
    Ok(Hours {
        rows,
        refused,
        logs,
        min_hours,
        daily_hours,
        breaks,
    })
}

pub fn split_codes(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn log_dto(l: store::LogRow) -> OtjLog {
    let activity = Activity::parse(&l.activity).unwrap_or(Activity::Classroom);
    OtjLog {
        id: l.id,
        activity,
        activity_label: activity.label().to_owned(),
        occurred_on: l.occurred_on,
        minutes: l.minutes,
        description: l.description,
        ksb_codes: split_codes(&l.ksb_codes),
        status: l.status,
        decided_by: l.decided_by,
        decline_reason: l.decline_reason,
    }
}

impl Hours {
    pub fn summary(self, learner: &Learner) -> OtjSummary {
        let mut by = [0.0f64; 4];
        for r in &self.rows {
            by[r.source as usize] += r.seconds;
        }
        let total: f64 = by.iter().sum();
        let hours = otj::hours(total);
        let pending: i64 = self
            .logs
            .iter()
            .filter(|l| l.status == LogStatus::Pending)
            .map(|l| l.minutes)
            .sum();
        OtjSummary {
            learner_id: learner.id.clone(),
            standard: learner.enrolment.reference.clone(),
            min_hours: self.min_hours,
            hours,
            met: otj::met(hours, self.min_hours),
            summary: otj::describe(hours, self.min_hours),
            sources: OtjSources {
                lessons: otj::hours(by[Source::Lessons as usize]),
                checks: otj::hours(by[Source::Checks as usize]),
                observed: otj::hours(by[Source::Observed as usize]),
                logged: otj::hours(by[Source::Logged as usize]),
            },
            pending_hours: otj::hours(pending as f64 * 60.0),
            not_counted: self
                .refused
                .iter()
                .map(|(why, r)| OtjNotCounted {
                    reason: why.explain(self.daily_hours),
                    items: r.items,
                    hours: otj::hours(r.seconds),
                })
                .collect(),
            logs: self.logs.into_iter().map(log_dto).collect(),
            breaks: self
                .breaks
                .into_iter()
                .map(|b| flowline_core::model::LearningBreak {
                    id: b.id,
                    starts_on: b.starts_on,
                    ends_on: b.ends_on,
                    reason: b.reason,
                })
                .collect(),
        }
    }

    /// The ILR's view (2025 to 2026): a learning delivery per period between breaks, with
    /// `PHours` and `OTJActHours`, for a programme that started on `start` and is planned
    /// for `months` (RFC 4180 CSV).
    pub fn ilr_csv(
        &self,
        learn_ref: &str,
        standard: &str,
        start: NaiveDate,
        months: u32,
    ) -> Result<String, AppError> {
        let mut by_day: BTreeMap<NaiveDate, f64> = BTreeMap::new();
        for r in &self.rows {
            *by_day.entry(r.date).or_default() += r.seconds;
        }
        let by_day: Vec<(NaiveDate, f64)> = by_day.into_iter().collect();
        let away: Vec<ilr::Break> = self.breaks.iter().filter_map(as_break).collect();
        let periods = ilr::periods(start, months, &away, self.min_hours, &by_day);
        let mut w = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| AppError::internal(format!("ILR CSV: {e}"));
        w.write_record([
            "LearnRefNumber",
            "Standard",
            "AimSeqNumber",
            "LearnStartDate",
            "LearnPlanEndDate",
            "LearnActEndDate",
            "CompStatus",
            "RestartInd",
            "PHours",
            "OTJActHours",
        ])
        .map_err(fail)?;
        let date = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
        for p in periods {
            w.write_record([
                learn_ref.to_owned(),
                standard.to_owned(),
                p.aim_seq.to_string(),
                date(p.start),
                date(p.plan_end),
                p.actual_end.map(date).unwrap_or_default(),
                p.status.code().to_string(),
                if p.restart { "1" } else { "" }.to_owned(),
                p.planned_hours.map(|h| h.to_string()).unwrap_or_default(),
                p.actual_hours.to_string(),
            ])
            .map_err(fail)?;
        }
        let bytes = w.into_inner().map_err(AppError::internal)?;
        String::from_utf8(bytes).map_err(AppError::internal)
    }

    /// The export: date, activity, hours, KSBs, source, evidence (RFC 4180 CSV).
    pub fn csv(&self) -> Result<String, AppError> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| AppError::internal(format!("OTJ hours CSV: {e}"));
        w.write_record(["date", "activity", "hours", "ksbs", "source", "evidence"])
            .map_err(fail)?;
        for r in &self.rows {
            w.write_record([
                r.date.to_string(),
                r.activity.clone(),
                format!("{:.2}", r.seconds / 3600.0),
                r.ksbs.join(" "),
                match r.source {
                    Source::Lessons => "flowline lessons",
                    Source::Checks => "flowline checks",
                    Source::Observed => "mentor observation",
                    Source::Logged => "logged, mentor approved",
                }
                .to_owned(),
                r.reference.clone(),
            ])
            .map_err(fail)?;
        }
        let bytes = w.into_inner().map_err(AppError::internal)?;
        String::from_utf8(bytes).map_err(AppError::internal)
    }
}
