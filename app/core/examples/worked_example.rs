//! The worked example of docs/competency.md, computed by the real engine:
//! `cargo run -p app --example worked_example`.

use flowline_core::domain::competency::{Band, Evidence, KsbState, Params};
use flowline_core::domain::standard_doc::KsbKind;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;
/// Monday 2 November 2026, 09:00 UTC.
const T0: i64 = 1_793_610_000_000;

fn show(label: &str, s: &KsbState, kind: KsbKind, at: i64, p: Params) {
    let m = s.mastery(kind, at, p);
    let mem = s.memory.as_ref();
    println!(
        "{label:<46} knowledge {:.3}  recall {:>5}  S {:>6}  D {:>5}  next review {:>6}  mastery {:>5.1} ({})",
        s.knowledge_at(at, p),
        s.recall(at, p).map_or("-".into(), |r| format!("{r:.3}")),
        mem.map_or("-".into(), |m| format!("{:.2}", m.stability)),
        mem.map_or("-".into(), |m| format!("{:.2}", m.difficulty)),
        mem.map_or("-".into(), |m| format!("+{:.1}d", (m.due_ms - T0) as f64 / DAY as f64)),
        m,
        Band::of(m, s.answers > 0).label(),
    );
}

fn main() {
    let p = Params::default();
    let right = |s: f64| Evidence::Answer {
        correct: true,
        seconds: s,
    };
    let wrong = Evidence::Answer {
        correct: false,
        seconds: 9.0,
    };
    println!(
        "K6 (Knowledge), desired retention {:.2}; times from Monday 09:00",
        p.desired_retention
    );
    let mut k = KsbState::default();
    show("start", &k, KsbKind::Knowledge, T0, p);
    k = k.apply(&right(12.0), T0, p);
    show(
        "Mon 09:00 right (12 s) -> Good",
        &k,
        KsbKind::Knowledge,
        T0,
        p,
    );
    k = k.apply(&right(14.0), T0 + 60_000, p);
    show(
        "Mon 09:01 right (14 s) -> Good",
        &k,
        KsbKind::Knowledge,
        T0 + 60_000,
        p,
    );
    let due = k.next_review_ms().unwrap_or(T0);
    show(
        "at the due date, no practice",
        &k,
        KsbKind::Knowledge,
        due,
        p,
    );
    show(
        "a week after the due date, no practice",
        &k,
        KsbKind::Knowledge,
        due + 7 * DAY,
        p,
    );
    let at = due + 7 * DAY;
    k = k.apply(&wrong, at, p);
    show(
        "then a wrong answer -> Again",
        &k,
        KsbKind::Knowledge,
        at,
        p,
    );
    k = k.apply(&right(8.0), at + 2 * HOUR, p);
    show(
        "2 h later right (8 s) -> Good",
        &k,
        KsbKind::Knowledge,
        at + 2 * HOUR,
        p,
    );

    println!("\nS3 (Skill): the same three right answers, then a mentor's sign-off");
    let mut s = KsbState::default();
    for i in 0..3 {
        s = s.apply(&right(10.0), T0 + i * 60_000, p);
    }
    show(
        "after 3 right answers (quiz only, capped)",
        &s,
        KsbKind::Skill,
        T0 + 3 * 60_000,
        p,
    );
    s = s.apply(&Evidence::Observed, T0 + DAY, p);
    show(
        "Tue: mentor observed the joint",
        &s,
        KsbKind::Skill,
        T0 + DAY,
        p,
    );
}
