//! Flowline's FSRS-6 against the reference implementation: generated review histories (new
//! items, same-day repeats, lapses, long gaps; default and random in-range weights; several
//! retention targets) are scored by the `fsrs` package from PyPI and by the engine's own
//! `Memory`, and every stability, difficulty, retrievability and interval must agree within
//! 1e-3. The reference runs in the venv `scripts/fsrs-venv.sh` makes (the test command does);
//! without it this test fails and says how to get it.

use flowline_core::domain::competency::fsrs6::{
    Weights, DEFAULT_WEIGHTS, LOWER_BOUNDS, UPPER_BOUNDS,
};
use flowline_core::domain::competency::{Grade, Memory};
use serde_json::{json, Value};
use simulate::rng::Rng;
use std::io::Write;
use std::process::{Command, Stdio};

const DAY: i64 = 86_400_000;
const T0: i64 = 1_790_000_000_000;
const TOLERANCE: f64 = 1e-3;

struct History {
    weights: Weights,
    retention: f64,
    reviews: Vec<(i64, Grade)>,
}

fn grade(rating: usize) -> Grade {
    match rating {
        1 => Grade::Again,
        2 => Grade::Hard,
        3 => Grade::Good,
        _ => Grade::Easy,
    }
}

fn histories(n: usize, rng: &mut Rng) -> Vec<History> {
    (0..n)
        .map(|i| {
            // A third with the defaults, the rest with weights anywhere in their ranges (what a
            // fit can produce).
            let weights = if i % 3 == 0 {
                Weights(DEFAULT_WEIGHTS)
            } else {
                let mut w = DEFAULT_WEIGHTS;
                for (k, v) in w.iter_mut().enumerate() {
                    let (lo, hi) = (LOWER_BOUNDS[k], UPPER_BOUNDS[k].min(LOWER_BOUNDS[k] + 20.0));
                    *v = lo + (hi - lo) * rng.unit();
                }
                Weights(w)
            };
            let retention = [0.8, 0.85, 0.9, 0.95][i % 4];
            let mut at = T0 + rng.below(DAY as usize) as i64;
            let reviews = (0..1 + rng.below(14))
                .map(|_| {
                    let r = (at, grade(1 + rng.below(4)));
                    // Same hour, same day, a few days, or months later.
                    at += match rng.below(4) {
                        0 => rng.below(3_600_000) as i64,
                        1 => rng.below(DAY as usize) as i64,
                        2 => rng.below(9 * DAY as usize) as i64,
                        _ => rng.below(200 * DAY as usize) as i64,
                    };
                    r
                })
                .collect();
            History {
                weights,
                retention,
                reviews,
            }
        })
        .collect()
}

fn reference_python() -> String {
    std::env::var("FLOWLINE_FSRS_PYTHON").unwrap_or_else(|_| {
        format!(
            "{}/../../target/py-fsrs/bin/python",
            env!("CARGO_MANIFEST_DIR")
        )
    })
}

fn score_with_reference(histories: &[History]) -> Vec<Vec<Value>> {
    let input: Vec<Value> = histories
        .iter()
        .map(|h| {
            json!({
                "weights": h.weights.0.to_vec(),
                "desired_retention": h.retention,
                "reviews": h.reviews.iter().map(|(t, g)| json!([t, g.rating()])).collect::<Vec<_>>(),
            })
        })
        .collect();
    let python = reference_python();
    let script = format!(
        "{}/../../scripts/fsrs_reference.py",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut child = Command::new(&python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "the reference FSRS ({python}) is missing: {e}. Run `source scripts/fsrs-venv.sh` \
                 from the repository root (scripts/test.sh does)"
            )
        });
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(Value::Array(input).to_string().as_bytes())
        .expect("write histories");
    let out = child.wait_with_output().expect("reference ran");
    assert!(out.status.success(), "the reference failed");
    serde_json::from_slice(&out.stdout).expect("reference output is JSON")
}

fn close(what: &str, ours: f64, theirs: f64, at: (usize, usize)) {
    assert!(
        (ours - theirs).abs() <= TOLERANCE,
        "history {} review {}: {what} is {ours}, the reference says {theirs}",
        at.0,
        at.1
    );
}

#[test]
fn generated_histories_score_the_same_as_the_reference_fsrs_package() {
    let mut rng = Rng::stream(19, 0, 0);
    let histories = histories(600, &mut rng);
    let reference = score_with_reference(&histories);
    assert_eq!(reference.len(), histories.len());
    let mut reviews = 0;
    for (i, (h, theirs)) in histories.iter().zip(&reference).enumerate() {
        let mut memory: Option<Memory> = None;
        for (j, ((at, g), want)) in h.reviews.iter().zip(theirs).enumerate() {
            let before = memory.as_ref().map(|m| m.recall(*at, &h.weights));
            let next = match &memory {
                None => Memory::first(*g, *at, &h.weights, h.retention),
                Some(m) => m.review(*g, *at, &h.weights, h.retention),
            };
            match (before, want["retrievability"].as_f64()) {
                (Some(ours), Some(theirs)) => close("retrievability", ours, theirs, (i, j)),
                (None, None) => {}
                other => panic!("history {i} review {j}: retrievability {other:?}"),
            }
            close(
                "stability",
                next.stability,
                want["stability"].as_f64().expect("S"),
                (i, j),
            );
            close(
                "difficulty",
                next.difficulty,
                want["difficulty"].as_f64().expect("D"),
                (i, j),
            );
            let interval = (next.due_ms - at) / DAY;
            assert_eq!(
                interval,
                want["interval_days"].as_i64().expect("interval"),
                "history {i} review {j}: interval"
            );
            memory = Some(next);
            reviews += 1;
        }
    }
    assert!(reviews > 3_000, "only {reviews} reviews compared");
}
