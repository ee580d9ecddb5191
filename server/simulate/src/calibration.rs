//! Does "mastery %" mean something? The engine's predicted chance of a right answer, taken
//! before each simulated answer, against what the apprentice then answered: log loss next to a
//! constant-rate baseline (the population's own share of right answers, known in hindsight —
//! the best any constant can do), and a reliability curve in ten bins.

use serde::Serialize;

pub const BINS: usize = 10;
/// Predictions are kept inside this margin of 0 and 1 when scored.
const EPSILON: f64 = 1e-6;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calibration {
    pub answers: u64,
    pub right: u64,
    log_loss_sum: f64,
    /// Per bin of predicted chance: answers, predicted sum, right answers.
    bins: [(u64, f64, u64); BINS],
}

/// One point of the reliability curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bin {
    pub predicted: f64,
    pub observed: f64,
    pub answers: u64,
}

impl Calibration {
    pub fn add(&mut self, predicted: f64, correct: bool) {
        let p = predicted.clamp(EPSILON, 1.0 - EPSILON);
        self.answers += 1;
        self.right += u64::from(correct);
        self.log_loss_sum -= if correct { p.ln() } else { (1.0 - p).ln() };
        let b = ((p * BINS as f64) as usize).min(BINS - 1);
        self.bins[b].0 += 1;
        self.bins[b].1 += p;
        self.bins[b].2 += u64::from(correct);
    }

    pub fn merge(&mut self, other: &Calibration) {
        self.answers += other.answers;
        self.right += other.right;
        self.log_loss_sum += other.log_loss_sum;
        for (a, b) in self.bins.iter_mut().zip(&other.bins) {
            a.0 += b.0;
            a.1 += b.1;
            a.2 += b.2;
        }
    }

    /// The engine's mean log loss per answer.
    pub fn log_loss(&self) -> f64 {
        self.log_loss_sum / self.answers.max(1) as f64
    }

    /// The log loss of always predicting the overall share of right answers.
    pub fn constant_log_loss(&self) -> f64 {
        let n = self.answers.max(1) as f64;
        let p = (self.right as f64 / n).clamp(EPSILON, 1.0 - EPSILON);
        let right = self.right as f64;
        -(right * p.ln() + (n - right) * (1.0 - p).ln()) / n
    }

    pub fn curve(&self) -> Vec<Bin> {
        self.bins
            .iter()
            .filter(|b| b.0 > 0)
            .map(|&(n, predicted, right)| Bin {
                predicted: predicted / n as f64,
                observed: right as f64 / n as f64,
                answers: n,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calibrated_forecaster_beats_the_constant_and_a_confident_wrong_one_does_not() {
        let mut good = Calibration::default();
        let mut bad = Calibration::default();
        // Half the answers are at 90 % and right 9 times in 10, half at 30 % and right 3 in 10.
        for i in 0..1000 {
            let (p, right) = if i % 2 == 0 {
                (0.9, i % 20 != 0)
            } else {
                (0.3, i % 10 < 3)
            };
            good.add(p, right);
            bad.add(1.0 - p, right);
        }
        assert!(good.log_loss() < good.constant_log_loss());
        assert!(bad.log_loss() > bad.constant_log_loss());
        let curve = good.curve();
        assert_eq!(curve.len(), 2);
        assert!((curve[1].observed - 0.9).abs() < 0.02, "{curve:?}");
    }
}
