//! `flowline simulate`: simulated apprentices, whose memory we know, learn ST1332 through the
//! real engine under three policies — Flowline's feed, the course in order, and random — on
//! the same population and the same days, and the report says which gets them ready sooner
//! and whether that readiness holds up. See docs/simulation.md.

pub mod calibration;
pub mod chart;
pub mod course;
pub mod pilot;
pub mod policy;
pub mod population;
pub mod report;
pub mod rng;
pub mod run;
pub mod truth;

pub use course::Course;
pub use pilot::{pilot, Pilot};
pub use policy::Policy;
pub use population::{Pace, Population};
pub use report::Report;

use flowline_core::domain::competency::knowledge::Bkt;
use population::Apprentice;
use run::Outcome;

/// One apprentice and what became of them under each policy (in [`Policy::ALL`] order).
pub struct Result {
    pub pace: Pace,
    pub missed_week: bool,
    pub outcomes: Vec<(Policy, Outcome)>,
}

fn simulate_one(
    course: &Course,
    population: &Population,
    knowledge: Bkt,
    a: &Apprentice,
) -> Result {
    Result {
        pace: a.pace,
        missed_week: a.missed_week.is_some(),
        outcomes: Policy::ALL
            .iter()
            .map(|&p| (p, run::run(course, a, p, population, knowledge, false)))
            .collect(),
    }
}

/// `f` over `numbers` on every core, in `numbers`' order whatever the core count.
pub(crate) fn on_every_core<T: Send>(numbers: &[u64], f: impl Fn(u64) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(numbers.len().max(1));
    let chunk = numbers.len().div_ceil(threads).max(1);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = numbers
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(|&n| f(n)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// Simulates the whole population, the engine tracing knowledge with `knowledge` (the
/// pilot's, see [`pilot`]).
pub fn simulate(course: &Course, population: &Population, knowledge: Bkt) -> Vec<Result> {
    let numbers: Vec<u64> = (0..population.learners as u64).collect();
    on_every_core(&numbers, |n| {
        simulate_one(course, population, knowledge, &population.apprentice(n))
    })
}
