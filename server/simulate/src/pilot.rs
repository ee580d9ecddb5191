//! The pilot cohort: before the population learns, a smaller cohort of other apprentices learns
//! under the feed with the shipped BKT parameters, and the knowledge fit the server runs daily
//! (`domain::competency::knowledge_fit`, held-out learners, adopted only when better) is
//! taken from their answers. The population then learns with what the fit adopted, as a
//! cohort does once its standard has enough answers for a fit.

use super::course::Course;
use super::policy::Policy;
use super::population::Population;
use super::run;
use flowline_core::domain::competency::knowledge::Bkt;
use flowline_core::domain::competency::knowledge_fit::{self, Log};
use flowline_core::domain::competency::Params;
use serde::Serialize;

pub use super::population::PILOT_LEARNERS;
/// Pilot apprentices are numbered from here, so none is also one of the population.
const FIRST_NUMBER: u64 = 1 << 40;
/// One pilot learner in this many is held out to judge the fit (as the server does).
const HELD_OUT_ONE_IN: u64 = 5;

/// What the pilot's fit found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pilot {
    pub learners: u64,
    /// Answers the fit learned from, and those of the held-out learners it was judged on.
    pub answers: usize,
    pub held_out_answers: usize,
    pub fitted: Bkt,
    pub log_loss_default: f64,
    pub log_loss_fitted: f64,
    /// Whether the fit predicted the held-out answers better (then the population uses it).
    pub adopted: bool,
}

impl Pilot {
    /// The BKT parameters the population learns with.
    pub fn knowledge(&self) -> Bkt {
        if self.adopted {
            self.fitted
        } else {
            Bkt::default()
        }
    }
}

/// Runs the pilot cohort (on every core) and fits BKT's parameters to its answers.
pub fn pilot(course: &Course, population: &Population) -> Pilot {
    let params = Params {
        desired_retention: population.desired_retention,
        ..Params::default()
    };
    let numbers: Vec<u64> = (FIRST_NUMBER..FIRST_NUMBER + population.pilot_learners).collect();
    let logs = super::on_every_core(&numbers, |n| {
        let outcome = run::run(
            course,
            &population.apprentice(n),
            Policy::Feed,
            population,
            Bkt::default(),
            true,
        );
        (n, Log::new(params, outcome.log))
    });
    let (test, train): (Vec<_>, Vec<_>) = logs
        .into_iter()
        .partition(|(n, _)| n % HELD_OUT_ONE_IN == 0);
    let train: Vec<Log> = train.into_iter().map(|(_, l)| l).collect();
    let test: Vec<Log> = test.into_iter().map(|(_, l)| l).collect();
    let fitted = knowledge_fit::fit(&train);
    let (before, held) = knowledge_fit::log_loss(Bkt::default(), &test);
    let (after, _) = knowledge_fit::log_loss(fitted, &test);
    Pilot {
        learners: population.pilot_learners,
        answers: train.iter().map(Log::answers).sum(),
        held_out_answers: held,
        fitted,
        log_loss_default: before,
        log_loss_fitted: after,
        adopted: held > 0 && after < before,
    }
}
