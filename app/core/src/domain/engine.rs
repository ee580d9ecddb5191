//! A learner's engine state, kept between batches: competency, the streak's fold, the few
//! recent days the charts need, and what the feed needs of the log. Applying a batch in log
//! order costs O(batch); reading it costs O(KSBs). Evidence older than what was applied (a
//! phone that synced late, a sign-off dated earlier) cannot be folded in: the caller replays
//! the whole log instead, through the very same [`EngineState::apply`], so the incremental
//! state and the replay are one computation (`flowline recompute --check` proves they agree).

use super::ids::LessonId;
use super::interaction::Rating;
use super::Zone;
use crate::domain::competency::replay::{apply_all, ordered};
use crate::domain::competency::{Competency, Event, KsbRef, Params};
use crate::domain::standard_doc::KsbKind;
use crate::domain::streak::{day_end_ms, local_day, Streak, StreakRun};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Bumped when the stored shape or its meaning changes: older states are replayed.
pub const ENGINE_STATE_FORMAT: u32 = 4;
/// Days of per-day values kept: the 35-day chart plus the week before its first day, with margin.
pub const WINDOW_DAYS: u64 = 45;
/// The learner's latest verdicts kept for the feed's difficulty fit.
pub const RATINGS_KEPT: usize = 5;

/// What an interaction tells the engine besides its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub occurred_ms: i64,
    pub received_ms: i64,
    pub content_id: LessonId,
    /// Watched or answered (a skip is not a learning day).
    pub counts_for_streak: bool,
    /// The learner's verdict, when the interaction was a rating.
    pub rating: Option<Rating>,
}

/// What the state was computed with: when any of it changes, the state is replayed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EngineKey {
    pub timezone: String,
    pub desired_retention: f64,
    /// The learner's live KSBs and their kinds, as "id:kind" joined (kinds decide mastery).
    pub ksbs: String,
    /// The FSRS weights, when not the defaults (a new fit replays every schedule).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub weights: String,
    /// BKT's guess, slip and learning rate, when not the defaults (a new fit replays too).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub knowledge: String,
}

impl EngineKey {
    pub fn new(tz: Zone, params: Params, ksbs: &[KsbRef]) -> Self {
        let mut list: Vec<String> = ksbs
            .iter()
            .map(|k| format!("{}:{:?}", k.id, k.kind))
            .collect();
        list.sort();
        EngineKey {
            timezone: tz.name().to_owned(),
            desired_retention: params.desired_retention,
            ksbs: list.join(","),
            weights: if params.weights == crate::domain::competency::fsrs6::Weights::default() {
                String::new()
            } else {
                params
                    .weights
                    .0
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            },
            knowledge: if params.knowledge == crate::domain::competency::knowledge::Bkt::default() {
                String::new()
            } else {
                let k = params.knowledge;
                format!("{},{},{}", k.guess, k.slip, k.learn)
            },
        }
    }
}

/// How to read the state: the learner's time zone, parameters and KSB kinds.
pub struct Context<'a> {
    pub tz: Zone,
    pub params: Params,
    pub ksbs: &'a [KsbRef],
}

impl Context<'_> {
    fn kind(&self, id: &str) -> KsbKind {
        self.ksbs
            .iter()
            .find(|k| k.id == id)
            .map_or(KsbKind::Knowledge, |k| k.kind)
    }

    fn masteries(&self, state: &Competency, at_ms: i64) -> BTreeMap<String, f64> {
        state
            .iter()
            .map(|(id, s)| (id.clone(), s.mastery(self.kind(id), at_ms, self.params)))
            .collect()
    }

    pub fn key(&self) -> EngineKey {
        EngineKey::new(self.tz, self.params, self.ksbs)
    }
}

/// The last event applied: later evidence folds in, earlier evidence needs a replay.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Cursor {
    pub at_ms: i64,
    pub tie: String,
}

/// Every day a replay closed (each KSB's mastery at its end) and every learning day.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct History {
    pub closed: BTreeMap<NaiveDate, BTreeMap<String, f64>>,
    pub active: BTreeSet<NaiveDate>,
}

/// The batch holds evidence or a learning day from before what was already applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfOrder;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EngineState {
    pub format: u32,
    pub key: EngineKey,
    pub cursor: Option<Cursor>,
    pub competency: Competency,
    /// The competency when the local day of the last evidence began (the day's focus).
    pub morning: Competency,
    /// Per closed day (a day before the last evidence's), each KSB's mastery at its end.
    pub closed: BTreeMap<NaiveDate, BTreeMap<String, f64>>,
    pub run: StreakRun,
    /// Learning days within the window (the chart marks them).
    pub active_recent: BTreeSet<NaiveDate>,
    /// When each lesson was last seen.
    pub last_seen: BTreeMap<LessonId, i64>,
    /// The lesson of the latest interaction: (occurred, received, content id).
    pub last_lesson: Option<(i64, i64, LessonId)>,
    pub interactions: u64,
    /// The learner's latest verdicts on lessons (occurred, verdict), oldest first, at most
    /// [`RATINGS_KEPT`].
    #[serde(default)]
    pub ratings: Vec<(i64, Rating)>,
}

impl EngineState {
    pub fn new(key: EngineKey) -> Self {
        EngineState {
            format: ENGINE_STATE_FORMAT,
            key,
            ..EngineState::default()
        }
    }

    /// The whole log folded from nothing (any order in, log order applied).
    pub fn replay(events: Vec<Event>, activities: Vec<Activity>, ctx: &Context) -> Self {
        let mut state = EngineState::new(ctx.key());
        state
            .apply(events, activities, ctx)
            .unwrap_or_else(|_| unreachable!("a fresh state takes any log"));
        state
    }

    /// Whether this state was made for `ctx` and this format.
    pub fn fits(&self, ctx: &Context) -> bool {
        self.format == ENGINE_STATE_FORMAT && self.key == ctx.key()
    }

    fn evidence_day(&self, tz: Zone) -> Option<NaiveDate> {
        self.cursor.as_ref().map(|c| local_day(c.at_ms, tz))
    }

    /// The whole log folded from nothing, and every day it closed on the way (each KSB's
    /// mastery at the day's end), from the first evidence on: the kept state holds only the
    /// last [`WINDOW_DAYS`] of them. Days in a gap longer than the window before the next
    /// evidence are not closed (nothing happened on them).
    pub fn replay_with_history(
        events: Vec<Event>,
        activities: Vec<Activity>,
        ctx: &Context,
    ) -> (Self, History) {
        let mut state = EngineState::new(ctx.key());
        state
            .fold_all(events, activities, ctx)
            .unwrap_or_else(|_| unreachable!("a fresh state takes any log"));
        let history = History {
            closed: state.closed.clone(),
            active: state.active_recent.clone(),
        };
        state.prune(ctx.tz);
        (state, history)
    }

    /// Folds a batch in. Refuses, changing nothing, when any of it comes before what was
    /// already applied (then replay the log).
    pub fn apply(
        &mut self,
        events: Vec<Event>,
        activities: Vec<Activity>,
        ctx: &Context,
    ) -> Result<(), OutOfOrder> {
        self.fold_all(events, activities, ctx)?;
        self.prune(ctx.tz);
        Ok(())
    }

    /// [`EngineState::apply`] without dropping what fell out of the window.
    fn fold_all(
        &mut self,
        events: Vec<Event>,
        mut activities: Vec<Activity>,
        ctx: &Context,
    ) -> Result<(), OutOfOrder> {
        let events = ordered(events);
        activities.sort_by_key(|a| a.occurred_ms);
        let first_event = events.first().map(|e| Cursor {
            at_ms: e.at_ms,
            tie: e.tie.clone(),
        });
        if first_event.is_some() && first_event <= self.cursor {
            return Err(OutOfOrder);
        }
        let first_day = activities
            .iter()
            .filter(|a| a.counts_for_streak)
            .map(|a| local_day(a.occurred_ms, ctx.tz))
            .next();
        if let (Some(first), Some(last)) = (first_day, self.run.last_day) {
            if first < last {
                return Err(OutOfOrder);
            }
        }
        for e in &events {
            self.fold(e, ctx);
        }
        for a in activities {
            self.interactions += 1;
            let seen = self
                .last_seen
                .entry(a.content_id.clone())
                .or_insert(a.occurred_ms);
            *seen = (*seen).max(a.occurred_ms);
            let latest = (a.occurred_ms, a.received_ms, a.content_id);
            if self
                .last_lesson
                .as_ref()
                .is_none_or(|l| (l.0, l.1) <= (latest.0, latest.1))
            {
                self.last_lesson = Some(latest);
            }
            if a.counts_for_streak {
                let day = local_day(a.occurred_ms, ctx.tz);
                self.run.push(day);
                self.active_recent.insert(day);
            }
            if let Some(r) = a.rating {
                self.ratings.push((a.occurred_ms, r));
                if self.ratings.len() > RATINGS_KEPT {
                    self.ratings.remove(0);
                }
            }
        }
        Ok(())
    }

    fn fold(&mut self, e: &Event, ctx: &Context) {
        let day = local_day(e.at_ms, ctx.tz);
        match self.evidence_day(ctx.tz) {
            None => self.morning = Competency::new(),
            Some(previous) if day > previous => {
                // The days from the previous evidence to this one are over: keep their values.
                let from = day
                    .checked_sub_days(Days::new(WINDOW_DAYS))
                    .map_or(previous, |w| w.max(previous));
                let mut d = from;
                while d < day {
                    let values = ctx.masteries(&self.competency, day_end_ms(d, ctx.tz));
                    self.closed.insert(d, values);
                    d = d.succ_opt().unwrap_or(day);
                }
                self.morning = self.competency.clone();
            }
            Some(_) => {}
        }
        self.competency = apply_all(
            std::mem::take(&mut self.competency),
            std::iter::once(e),
            ctx.params,
        );
        self.cursor = Some(Cursor {
            at_ms: e.at_ms,
            tie: e.tie.clone(),
        });
    }

    fn prune(&mut self, tz: Zone) {
        let latest = [self.evidence_day(tz), self.run.last_day]
            .into_iter()
            .flatten()
            .max();
        if let Some(oldest) = latest.and_then(|d| d.checked_sub_days(Days::new(WINDOW_DAYS))) {
            self.closed = self.closed.split_off(&oldest);
            self.active_recent = self.active_recent.split_off(&oldest);
        }
    }

    /// The learner's day at `now`: their local date, or the day of their latest evidence or
    /// learning when a device clock ahead (within the accepted skew) put it later.
    pub fn today(&self, now_ms: i64, tz: Zone) -> NaiveDate {
        [
            Some(local_day(now_ms, tz)),
            self.evidence_day(tz),
            self.run.last_day,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or_else(|| local_day(now_ms, tz))
    }

    /// The competency as the local day `today` (from [`EngineState::today`]) began.
    pub fn morning_of(&self, today: NaiveDate, tz: Zone) -> &Competency {
        match self.evidence_day(tz) {
            Some(d) if d == today => &self.morning,
            _ => &self.competency,
        }
    }

    /// Each KSB's mastery (in `ctx.ksbs` order) at the end of each of `days` (ascending, none
    /// after `today`, from [`EngineState::today`]); `today`'s is at `latest` (now, or the
    /// latest evidence when later).
    pub fn series(
        &self,
        days: &[NaiveDate],
        today: NaiveDate,
        latest: i64,
        ctx: &Context,
    ) -> Vec<Vec<f64>> {
        let cursor_day = self.evidence_day(ctx.tz);
        let pick = |values: &BTreeMap<String, f64>| -> Vec<f64> {
            ctx.ksbs
                .iter()
                .map(|k| values.get(&k.id).copied().unwrap_or(0.0))
                .collect()
        };
        let zeros = || vec![0.0; ctx.ksbs.len()];
        days.iter()
            .map(|&d| match cursor_day {
                None => zeros(),
                Some(c) if d < c => self.closed.get(&d).map_or_else(zeros, &pick),
                Some(_) => {
                    let at = if d >= today {
                        latest
                    } else {
                        day_end_ms(d, ctx.tz)
                    };
                    pick(&ctx.masteries(&self.competency, at))
                }
            })
            .collect()
    }

    /// The streak on `today` (from [`EngineState::today`]).
    pub fn streak(&self, today: NaiveDate) -> Streak {
        self.run.at(today)
    }

    /// Where the learner's latest verdicts lean: -1 (every one "too hard") to +1 (every one
    /// "too easy"); 0 with none.
    pub fn pace(&self) -> f64 {
        if self.ratings.is_empty() {
            return 0.0;
        }
        let sum: f64 = self
            .ratings
            .iter()
            .map(|(_, r)| match r {
                Rating::TooEasy => 1.0,
                Rating::GoodPace => 0.0,
                Rating::TooHard => -1.0,
            })
            .sum();
        sum / self.ratings.len() as f64
    }

    /// When the learner last did anything (the device's clock).
    pub fn last_active_ms(&self) -> Option<i64> {
        self.last_seen.values().copied().max()
    }
}

#[cfg(test)]
#[path = "engine_tests.rs"]
mod tests;
