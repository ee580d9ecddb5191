//! Gateway to Completion readiness: what stands between a learner and being ready, KSB by
//! KSB, from the same progress the learner and their mentor see. A KSB is ready when its
//! mastery is at least [`READY_MASTERY`], its review is not due, and — for Skills and
//! Behaviours — a mentor has signed off observed live work. The learner is ready when every
//! KSB of the standard is.

use crate::domain::standard_doc::KsbKind;

/// What readiness reads of one KSB's progress (the progress rows people see implement it).
pub trait Standing {
    fn code(&self) -> &str;
    fn kind(&self) -> KsbKind;
    /// Mastery, 0–100.
    fn mastery(&self) -> f64;
    /// Whether its review is due.
    fn due(&self) -> bool;
    /// Checks answered.
    fn answers(&self) -> u32;
    /// Mentor sign-offs of observed practice.
    fn observations(&self) -> u32;
}

/// Mastery a KSB needs (the engine's "mastered" band).
pub const READY_MASTERY: f64 = 80.0;

/// Why one KSB is not ready yet, worst first when a KSB has several.
#[derive(Debug, Clone, PartialEq)]
pub enum Gap {
    /// No answer yet.
    NotStarted,
    /// Skills and Behaviours: no mentor has signed off observed practice.
    NoObservedPractice,
    /// Mastery below [`READY_MASTERY`] (and whether its review is due too).
    Below { mastery: f64, due: bool },
    /// Mastered, but the review is due: recall has dropped below the cohort's retention.
    ReviewDue { mastery: f64 },
}

impl Gap {
    /// The gap as an assessor reads it, e.g. "K7: 62 %, review due".
    pub fn describe(&self, code: &str) -> String {
        match self {
            Gap::NotStarted => format!("{code}: not started"),
            Gap::NoObservedPractice => format!("{code}: no observed practice"),
            Gap::Below { mastery, due: true } => format!("{code}: {mastery:.0} %, review due"),
            Gap::Below {
                mastery,
                due: false,
            } => {
                format!("{code}: {mastery:.0} %, below {READY_MASTERY:.0} %")
            }
            Gap::ReviewDue { mastery } => format!("{code}: {mastery:.0} %, review due"),
        }
    }
}

/// Every gap of one KSB (none: it is ready).
pub fn gaps_of(k: &impl Standing) -> Vec<Gap> {
    let mut gaps = Vec::new();
    if k.answers() == 0 && k.observations() == 0 {
        gaps.push(Gap::NotStarted);
    } else if k.mastery() < READY_MASTERY {
        gaps.push(Gap::Below {
            mastery: k.mastery(),
            due: k.due(),
        });
    } else if k.due() {
        gaps.push(Gap::ReviewDue {
            mastery: k.mastery(),
        });
    }
    if k.kind() != KsbKind::Knowledge && k.observations() == 0 {
        gaps.push(Gap::NoObservedPractice);
    }
    gaps
}

/// What kind of evidence a KSB has: "quiz", "observed", "quiz + observed" or "none".
pub fn evidence_kind(k: &impl Standing) -> &'static str {
    match (k.answers() > 0, k.observations() > 0) {
        (true, true) => "quiz + observed",
        (true, false) => "quiz",
        (false, true) => "observed",
        (false, false) => "none",
    }
}

/// Every gap of the standard as sentences, in the standard's KSB order.
pub fn gaps<K: Standing>(ksbs: &[K]) -> Vec<String> {
    ksbs.iter()
        .flat_map(|k| gaps_of(k).into_iter().map(|g| g.describe(k.code())))
        .collect()
}

/// Ready for Gateway to Completion: a standard with KSBs, every one of them ready.
pub fn is_ready<K: Standing>(ksbs: &[K]) -> bool {
    !ksbs.is_empty() && ksbs.iter().all(|k| gaps_of(k).is_empty())
}

/// The gaps as an assessor reads them, grouped where many KSBs share one (a new apprentice
/// has dozens not started): "Not started (28): K1, K2, …", each other gap as it is.
pub fn grouped(gaps: &[String]) -> Vec<String> {
    const SHARED: [(&str, &str); 2] = [
        (": not started", "Not started"),
        (": no observed practice", "No observed practice"),
    ];
    let mut lines: Vec<String> = gaps
        .iter()
        .filter(|g| !SHARED.iter().any(|(s, _)| g.ends_with(s)))
        .cloned()
        .collect();
    for (suffix, title) in SHARED {
        let codes: Vec<&str> = gaps.iter().filter_map(|g| g.strip_suffix(suffix)).collect();
        match codes.as_slice() {
            [] => {}
            [one] => lines.push(format!("{one}: {}", title.to_lowercase())),
            many => lines.push(format!("{title} ({}): {}", many.len(), many.join(", "))),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone)]
    struct Ksb {
        code: String,
        kind: KsbKind,
        mastery: f64,
        due: bool,
        answers: u32,
        observations: u32,
    }

    impl Standing for Ksb {
        fn code(&self) -> &str {
            &self.code
        }
        fn kind(&self) -> KsbKind {
            self.kind
        }
        fn mastery(&self) -> f64 {
            self.mastery
        }
        fn due(&self) -> bool {
            self.due
        }
        fn answers(&self) -> u32 {
            self.answers
        }
        fn observations(&self) -> u32 {
            self.observations
        }
    }

    fn ksb(code: &str, kind: KsbKind, mastery: f64, answers: u32, observations: u32) -> Ksb {
        Ksb {
            code: code.into(),
            kind,
            mastery,
            due: false,
            answers,
            observations,
        }
    }

    #[test]
    fn knowledge_needs_mastery_and_no_review_due() {
        assert!(gaps_of(&ksb("K1", KsbKind::Knowledge, 85.0, 6, 0)).is_empty());
        assert_eq!(
            gaps(&[ksb("K7", KsbKind::Knowledge, 62.4, 4, 0)]),
            ["K7: 62 %, below 80 %"]
        );
        let mut due = ksb("K7", KsbKind::Knowledge, 62.0, 4, 0);
        due.due = true;
        assert_eq!(gaps(&[due]), ["K7: 62 %, review due"]);
        let mut lapsed = ksb("K2", KsbKind::Knowledge, 91.0, 9, 0);
        lapsed.due = true;
        assert_eq!(gaps(&[lapsed]), ["K2: 91 %, review due"]);
    }

    #[test]
    fn skills_and_behaviours_need_observed_practice() {
        assert_eq!(
            gaps(&[ksb("S4", KsbKind::Skill, 88.0, 5, 0)]),
            ["S4: no observed practice"]
        );
        assert!(gaps_of(&ksb("S4", KsbKind::Skill, 88.0, 5, 1)).is_empty());
        assert_eq!(
            gaps(&[ksb("B2", KsbKind::Behaviour, 0.0, 0, 0)]),
            ["B2: not started", "B2: no observed practice"]
        );
    }

    #[test]
    fn ready_means_every_ksb_ready_and_an_empty_standard_is_not() {
        let all = [
            ksb("K1", KsbKind::Knowledge, 81.0, 3, 0),
            ksb("S1", KsbKind::Skill, 80.0, 2, 1),
            ksb("B1", KsbKind::Behaviour, 95.0, 0, 2),
        ];
        assert!(is_ready(&all));
        assert!(!is_ready(&all[..0]));
        let mut one_short = all.to_vec();
        one_short[1].mastery = 79.9;
        assert!(!is_ready(&one_short));
        assert_eq!(evidence_kind(&all[0]), "quiz");
        assert_eq!(evidence_kind(&all[1]), "quiz + observed");
        assert_eq!(evidence_kind(&all[2]), "observed");
    }

    #[test]
    fn many_ksbs_sharing_a_gap_read_as_one_line() {
        let gaps: Vec<String> = [
            "K7: 62 %, review due",
            "K1: not started",
            "K2: not started",
            "S4: no observed practice",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            grouped(&gaps),
            vec![
                "K7: 62 %, review due".to_owned(),
                "Not started (2): K1, K2".to_owned(),
                "S4: no observed practice".to_owned(),
            ]
        );
        assert!(grouped(&[]).is_empty());
    }
}
