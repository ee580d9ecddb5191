//! One simulated apprentice under one policy, day by day, through the real engine: every
//! watched lesson and answer goes into `EngineState::apply` exactly as the server folds a
//! phone's sync, the feed ranks from the state the server would hold, and readiness is the
//! Gateway check (`domain::readiness::is_ready`) on the rows the progress page shows.

use super::calibration::Calibration;
use super::course::Course;
use super::policy::{Chooser, Policy};
use super::population::{Apprentice, ANSWERS, CHOICES};
use super::rng::Rng;
use super::truth::Truth;
use chrono::{Days, NaiveDate};
use flowline_core::domain::competency::knowledge::Bkt;
use flowline_core::domain::competency::{Event, Evidence, KsbRef, KsbState, Params};
use flowline_core::domain::engine::{Activity, Context, EngineState};
use flowline_core::domain::next::learner_now;
use flowline_core::domain::readiness::is_ready;
use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::domain::Zone;
use flowline_core::view::projection::ksb_progress;

pub const DAY_MS: i64 = 86_400_000;
/// Monday 4 January 2027, 00:00 UTC: the first day of every simulated apprenticeship.
pub const START_MS: i64 = 1_799_020_800_000;
/// Days from readiness to the simulated end-point assessment.
pub const ASSESSMENT_AFTER_DAYS: u32 = 30;
/// A mentor signs off a Skill or Behaviour when the apprentice really knows it this well.
pub const SIGN_OFF_KNOW: f64 = 0.8;
/// A mentor signs off the same KSB again at most this often (days).
const SIGN_OFF_EVERY_DAYS: u32 = 30;
const LESSON_MS: i64 = 150_000;
const QUESTION_MS: i64 = 15_000;

/// What became of one apprentice under one policy.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Day (0-based) and sessions so far when the engine first called them ready.
    pub ready: Option<(u32, u32)>,
    /// Mean true chance of knowing each KSB on assessment day, having kept learning.
    pub recall_at_assessment: Option<f64>,
    /// The same had they stopped using Flowline the day they were ready.
    pub recall_if_stopped: Option<f64>,
    /// The engine's predicted chance of a right answer before each answer, and the answer.
    pub calibration: Calibration,
    /// Every piece of evidence the engine was given, when the run was asked to keep it.
    pub log: Vec<Event>,
}

fn date(day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 4)
        .and_then(|d| d.checked_add_days(Days::new(u64::from(day))))
        .unwrap_or_default()
}

fn days_since_start(at_ms: i64) -> f64 {
    (at_ms - START_MS) as f64 / DAY_MS as f64
}

struct Sim<'a> {
    course: &'a Course,
    refs: Vec<KsbRef>,
    params: Params,
    state: EngineState,
    truth: Truth,
    answers: Rng,
    calibration: Calibration,
    counter: u64,
    log: Option<Vec<Event>>,
}

impl Sim<'_> {
    fn apply(&mut self, events: Vec<Event>, activities: Vec<Activity>) {
        let refs = std::mem::take(&mut self.refs);
        let ctx = Context {
            tz: Zone::default(),
            params: self.params,
            ksbs: &refs,
        };
        if let Some(log) = &mut self.log {
            log.extend(events.iter().cloned());
        }
        // Every event is later than the last: a fold never needs a replay here.
        let _ = self.state.apply(events, activities, &ctx);
        self.refs = refs;
    }

    fn ksb_state(&self, k: usize) -> KsbState {
        self.state
            .competency
            .get(&self.course.ksbs[k].id)
            .cloned()
            .unwrap_or_default()
    }

    /// One lesson at `at`: watched, then its check answered question by question.
    fn lesson(&mut self, l: usize, at: i64) {
        let id = self.course.lessons[l].id.clone();
        for &(k, w) in &self.course.teaches[l] {
            self.truth.practise(k, days_since_start(at), w);
        }
        let watched = Activity {
            occurred_ms: at,
            received_ms: at,
            content_id: id.clone(),
            counts_for_streak: true,
            rating: None,
        };
        self.apply(Vec::new(), vec![watched]);
        let mut t = at + LESSON_MS;
        for q in self.course.checks[l].clone() {
            let day = days_since_start(t);
            let predicted = self.ksb_state(q.ksb).chance_right(t, self.params);
            let p = self.truth.p_correct(q.ksb, day, q.options);
            let correct = self.answers.chance(p);
            self.calibration.add(predicted, correct);
            let fluent = self.truth.know(q.ksb, day) > 0.7;
            let seconds = if correct && fluent {
                self.answers.range(5.0, 12.0)
            } else {
                self.answers.range(10.0, 30.0)
            };
            self.counter += 1;
            let event = Event {
                at_ms: t,
                tie: format!("{:08}", self.counter),
                ksb: self.course.ksbs[q.ksb].id.clone(),
                evidence: Evidence::Answer { correct, seconds },
            };
            self.apply(vec![event], Vec::new());
            // The explanation after each answer is practice too (more so after a wrong one).
            self.truth
                .practise(q.ksb, day, if correct { 0.15 } else { 0.3 });
            t += QUESTION_MS;
        }
        let answered = Activity {
            occurred_ms: t,
            received_ms: t,
            content_id: id,
            counts_for_streak: true,
            rating: None,
        };
        self.apply(Vec::new(), vec![answered]);
    }

    /// Mentors sign off, at the end of a learning day, the Skills and Behaviours the apprentice
    /// really has (and the work itself is practice).
    fn sign_offs(&mut self, day: u32, last: &mut [Option<u32>]) {
        let at = START_MS + i64::from(day) * DAY_MS + 22 * 3_600_000;
        let mut events = Vec::new();
        for (k, signed) in last.iter_mut().enumerate() {
            let kind = self.course.kind(k);
            let recent = signed.is_some_and(|d| day < d + SIGN_OFF_EVERY_DAYS);
            if kind == KsbKind::Knowledge
                || recent
                || self.truth.know(k, days_since_start(at)) < SIGN_OFF_KNOW
            {
                continue;
            }
            *signed = Some(day);
            self.truth.practise(k, days_since_start(at), 0.5);
            self.counter += 1;
            events.push(Event {
                at_ms: at + k as i64,
                tie: format!("{:08}", self.counter),
                ksb: self.course.ksbs[k].id.clone(),
                evidence: Evidence::Observed,
            });
        }
        if !events.is_empty() {
            self.apply(events, Vec::new());
        }
    }

    fn ready(&self, now: i64) -> bool {
        let rows: Vec<_> = (0..self.course.ksbs.len())
            .map(|k| {
                let s = self.ksb_state(k);
                let kind = self.course.kind(k);
                let mastery = s.mastery(kind, now, self.params);
                ksb_progress(
                    &self.course.ksbs[k].code,
                    kind,
                    "",
                    &s,
                    mastery,
                    0.0,
                    now,
                    self.params,
                )
            })
            .collect();
        is_ready(&rows)
    }

    fn mean_know(truth: &Truth, ksbs: usize, day: f64) -> f64 {
        (0..ksbs).map(|k| truth.know(k, day)).sum::<f64>() / ksbs.max(1) as f64
    }
}

/// Runs `apprentice` through the course under `policy`, the engine tracing knowledge with
/// `knowledge`; `keep_log` keeps every piece of evidence in the outcome (for a fit).
pub fn run(
    course: &Course,
    apprentice: &Apprentice,
    policy: Policy,
    population: &super::Population,
    knowledge: Bkt,
    keep_log: bool,
) -> Outcome {
    let seed = population.seed;
    let refs: Vec<KsbRef> = course
        .ksbs
        .iter()
        .map(|k| KsbRef {
            id: k.id.clone(),
            kind: k.kind,
        })
        .collect();
    let params = Params {
        desired_retention: population.desired_retention,
        knowledge,
        ..Params::default()
    };
    let key = Context {
        tz: Zone::default(),
        params,
        ksbs: &refs,
    }
    .key();
    let mut sim = Sim {
        course,
        state: EngineState::new(key),
        refs,
        params,
        truth: Truth::new(
            apprentice.traits,
            course.prerequisites.clone(),
            course.ease.clone(),
        ),
        answers: Rng::stream(seed, apprentice.number, ANSWERS),
        calibration: Calibration::default(),
        counter: 0,
        log: keep_log.then(Vec::new),
    };
    let learner = format!("sim-{}", apprentice.number);
    let mut chooser = Chooser::new(
        policy,
        course,
        Rng::stream(seed, apprentice.number, CHOICES),
    );
    let mut signed_off = vec![None; course.ksbs.len()];
    let mut sessions = 0u32;
    let mut outcome = Outcome::default();
    let mut stopped: Option<Truth> = None;
    for (day, session) in (0u32..).zip(&apprentice.days) {
        if let Some((ready_day, _)) = outcome.ready {
            if day >= ready_day + ASSESSMENT_AFTER_DAYS {
                break;
            }
        }
        let Some(session) = session else { continue };
        sessions += 1;
        chooser.open();
        let mut at = START_MS + i64::from(day) * DAY_MS + session.start_ms;
        for _ in 0..session.lessons {
            let l = chooser.next(&learner, date(day), || {
                learner_now(
                    &sim.state.competency,
                    &sim.state,
                    |id| {
                        course
                            .index_of(id)
                            .map_or(KsbKind::Knowledge, |k| course.kind(k))
                    },
                    params,
                    at,
                )
            });
            sim.lesson(l, at);
            at += LESSON_MS + QUESTION_MS * 4;
        }
        sim.sign_offs(day, &mut signed_off);
        let end_of_day = START_MS + i64::from(day) * DAY_MS + 23 * 3_600_000;
        if outcome.ready.is_none() && sim.ready(end_of_day) {
            outcome.ready = Some((day, sessions));
            stopped = Some(sim.truth.clone());
        }
    }
    if let (Some((ready_day, _)), Some(stopped)) = (outcome.ready, stopped) {
        // Assessment morning, 09:00.
        let assessment = f64::from(ready_day + ASSESSMENT_AFTER_DAYS) + 0.375;
        let n = course.ksbs.len();
        outcome.recall_if_stopped = Some(Sim::mean_know(&stopped, n, assessment));
        // A learner who quit before the assessment kept no practice up either.
        outcome.recall_at_assessment = Some(Sim::mean_know(&sim.truth, n, assessment));
    }
    outcome.calibration = sim.calibration;
    outcome.log = sim.log.unwrap_or_default();
    outcome
}
