//! The simulated apprentice's real memory: the ground truth answers come from. Deliberately
//! not Flowline's model (no FSRS, no BKT), so the simulation cannot confirm the engine by
//! construction. Two parts per KSB:
//!
//! - **Understanding** (0–1) grows with each lesson and each check's feedback at the learner's
//!   own rate, and far more slowly while a prerequisite is not yet known ("learning S2 before
//!   K3 is slower").
//! - **Memory** is ACT-R's declarative memory with Pavlik & Anderson's (2005) spacing effect:
//!   each practice leaves a trace that decays as a power of time, `t^-d`; a trace laid down
//!   while memory is already strong decays faster (`d = c·e^m + α`), so massed practice fades
//!   and spaced practice lasts. Activation `m = ln Σ t_j^-d_j`; recall is logistic in `m`.
//!
//! The chance of a right answer is `know·(1 − slip) + (1 − know)·guess`, with
//! `know = understanding × recall`.

/// Spacing-effect scale `c` (Pavlik & Anderson's 0.217, in days here).
const SPACING: f64 = 0.217;
/// Retrieval threshold `τ` and noise `s` of the recall logistic.
const THRESHOLD: f64 = -0.45;
const NOISE: f64 = 0.3;
/// Practice within this many days of another counts as this far apart (one sitting).
const MIN_GAP_DAYS: f64 = 0.02;
/// How much slower a KSB is understood while a prerequisite is not known.
pub const PREREQUISITE_DRAG: f64 = 0.35;
/// A prerequisite counts as known from this chance of knowing it.
pub const KNOWN: f64 = 0.5;

/// What one simulated apprentice is like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Traits {
    /// Share of the remaining understanding one full-weight lesson brings (0–1).
    pub learn_rate: f64,
    /// ACT-R's base decay `α`: higher forgets faster.
    pub decay: f64,
    /// Chance of a wrong answer while knowing.
    pub slip: f64,
}

#[derive(Debug, Clone, Default)]
struct Ksb {
    understanding: f64,
    /// (day, decay) of every practice.
    traces: Vec<(f64, f64)>,
}

/// One apprentice's memory of every KSB of the course (by index).
#[derive(Debug, Clone)]
pub struct Truth {
    pub traits: Traits,
    ksbs: Vec<Ksb>,
    /// Each KSB's prerequisites (indices).
    prerequisites: Vec<Vec<usize>>,
    /// Each KSB's ease (0.5–1.2): harder KSBs are understood more slowly.
    ease: Vec<f64>,
}

impl Truth {
    pub fn new(traits: Traits, prerequisites: Vec<Vec<usize>>, ease: Vec<f64>) -> Truth {
        Truth {
            traits,
            ksbs: vec![Ksb::default(); prerequisites.len()],
            prerequisites,
            ease,
        }
    }

    fn activation(&self, k: usize, day: f64) -> Option<f64> {
        let sum: f64 = self.ksbs[k]
            .traces
            .iter()
            .filter(|(t, _)| *t < day)
            .map(|(t, d)| (day - t).max(MIN_GAP_DAYS).powf(-d))
            .sum();
        (sum > 0.0).then(|| sum.ln())
    }

    /// Chance of retrieving the KSB on `day` (0 before any practice).
    pub fn recall(&self, k: usize, day: f64) -> f64 {
        self.activation(k, day)
            .map_or(0.0, |m| 1.0 / (1.0 + ((THRESHOLD - m) / NOISE).exp()))
    }

    /// Chance the apprentice really knows the KSB on `day`.
    pub fn know(&self, k: usize, day: f64) -> f64 {
        self.ksbs[k].understanding * self.recall(k, day)
    }

    /// Chance of a right answer to a question with `options` options.
    pub fn p_correct(&self, k: usize, day: f64, options: usize) -> f64 {
        let know = self.know(k, day);
        let guess = 1.0 / options.max(2) as f64;
        know * (1.0 - self.traits.slip) + (1.0 - know) * guess
    }

    fn prerequisites_known(&self, k: usize, day: f64) -> bool {
        self.prerequisites[k]
            .iter()
            .all(|&p| self.know(p, day) >= KNOWN)
    }

    /// A practice of the KSB on `day`: a trace, and understanding by `weight` (0–1) of a lesson.
    pub fn practise(&mut self, k: usize, day: f64, weight: f64) {
        let m = self.activation(k, day);
        let d = m.map_or(self.traits.decay, |m| SPACING * m.exp() + self.traits.decay);
        let drag = if self.prerequisites_known(k, day) {
            1.0
        } else {
            PREREQUISITE_DRAG
        };
        let gain = (self.traits.learn_rate * self.ease[k] * weight * drag).clamp(0.0, 1.0);
        let ksb = &mut self.ksbs[k];
        ksb.understanding += gain * (1.0 - ksb.understanding);
        ksb.traces.push((day, d));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AVERAGE: Traits = Traits {
        learn_rate: 0.45,
        decay: 0.25,
        slip: 0.05,
    };

    fn one() -> Truth {
        Truth::new(AVERAGE, vec![vec![]], vec![1.0])
    }

    #[test]
    fn memory_fades_as_a_power_of_time() {
        let mut t = one();
        t.practise(0, 0.0, 1.0);
        let r: Vec<f64> = [1.0, 7.0, 30.0, 90.0]
            .iter()
            .map(|&d| t.recall(0, d))
            .collect();
        assert!(r.windows(2).all(|w| w[0] > w[1]), "{r:?}");
        // Power law, not exponential: the loss from day 30 to 90 is small next to 1 to 7.
        assert!(r[2] - r[3] < r[0] - r[1], "{r:?}");
    }

    #[test]
    fn spaced_practice_lasts_longer_than_the_same_practice_massed() {
        let mut spaced = one();
        let mut massed = one();
        for (i, day) in [0.0, 2.0, 6.0, 14.0].iter().enumerate() {
            spaced.practise(0, *day, 1.0);
            massed.practise(0, 14.0 + 0.001 * i as f64, 1.0);
        }
        let (s, m) = (spaced.recall(0, 44.0), massed.recall(0, 44.0));
        assert!(s > m + 0.1, "spaced {s} vs massed {m}");
    }

    #[test]
    fn a_missing_prerequisite_slows_understanding() {
        let mut t = Truth::new(AVERAGE, vec![vec![], vec![0]], vec![1.0, 1.0]);
        t.practise(1, 0.0, 1.0);
        let without = t.ksbs[1].understanding;
        let mut u = Truth::new(AVERAGE, vec![vec![], vec![0]], vec![1.0, 1.0]);
        for day in [0.0, 1.0, 3.0] {
            u.practise(0, day, 1.0);
        }
        u.practise(1, 3.5, 1.0);
        assert!(u.ksbs[1].understanding > 2.0 * without);
    }

    #[test]
    fn knowing_nothing_answers_at_chance_and_knowing_well_answers_well() {
        let mut t = one();
        assert!((t.p_correct(0, 1.0, 4) - 0.25).abs() < 1e-12);
        for day in [0.0, 1.0, 3.0, 7.0, 15.0] {
            t.practise(0, day, 1.0);
        }
        assert!(
            t.p_correct(0, 16.0, 4) > 0.85,
            "{}",
            t.p_correct(0, 16.0, 4)
        );
    }
}
