//! The device store's formats are pinned: what a phone kept under schema 1 / engine format 1
//! still reads, and what this build writes is that same JSON. A change to a field fails here
//! first, and must come with a schema bump and a migration step.

use super::*;
use crate::model::InteractionKind;
use crate::model::OutboxEntry;
use serde_json::Value;

const FIXTURE: &str = include_str!("../../../../end2end/fixtures/device-store-v1.json");

fn fixture(part: &str) -> Value {
    let filled = FIXTURE
        .replace("{{id}}", "0192f1a0-0000-7000-8000-000000000001")
        .replace("{{content_id}}", "lesson-1")
        .replace("{{occurred_at}}", "2026-12-02T08:00:00Z")
        .replace("{{question_id}}", "question-1")
        .replace("{{title}}", "Cable preparation");
    let doc: Value = serde_json::from_str(&filled).expect("fixture is JSON");
    doc[part].clone()
}

#[test]
fn an_outbox_entry_kept_by_schema_1_still_reads_and_is_written_the_same() {
    let stored = fixture("outbox_entry");
    let entry: OutboxEntry = serde_json::from_value(stored.clone()).expect("schema 1 reads");
    assert_eq!(entry.item.kind, InteractionKind::Answered);
    assert_eq!(entry.item.answers[0].question_id, "question-1");
    assert_eq!(entry.graded[0].ksb, "K1");
    assert!(entry.waiting());
    assert_eq!(serde_json::to_value(&entry).expect("writes"), stored);
}

#[test]
fn an_engine_state_kept_by_format_1_still_reads_and_is_written_the_same() {
    let stored = fixture("engine_ksb");
    let ksb: KsbEngineState = serde_json::from_value(stored.clone()).expect("format 1 reads");
    let domain = KsbState::from(&ksb.state);
    assert_eq!(domain.answers, 3);
    assert_eq!(domain.memory.as_ref().map(|m| m.reps), Some(2));
    assert_eq!(
        KsbStateWire::from(&domain),
        ksb.state,
        "round trip through the domain"
    );
    assert_eq!(serde_json::to_value(&ksb).expect("writes"), stored);
}

#[test]
fn a_snapshot_without_a_format_is_format_1() {
    let snapshot: EngineSnapshot = serde_json::from_value(serde_json::json!({
        "as_of_ms": 1, "timezone": "Europe/London", "desired_retention": 0.9,
        "ksbs": [], "active_days": []
    }))
    .expect("reads");
    assert_eq!(snapshot.format, 1);
    assert_eq!(
        ENGINE_FORMAT, 1,
        "a new format needs a migration step in offline/store.rs"
    );
}

#[test]
fn a_snapshot_carries_the_cohorts_fitted_weights_and_older_ones_schedule_with_the_defaults() {
    use crate::domain::competency::fsrs6::{Weights, DEFAULT_WEIGHTS};
    let old: EngineSnapshot = serde_json::from_value(serde_json::json!({
        "as_of_ms": 1, "timezone": "Europe/London", "desired_retention": 0.9,
        "ksbs": [], "active_days": []
    }))
    .expect("a snapshot kept before weights were sent reads");
    assert!(old.weights.is_empty());
    assert_eq!(old.params().weights, Weights::default());

    let mut fitted = DEFAULT_WEIGHTS;
    fitted[20] = 0.3;
    let sent = EngineSnapshot {
        weights: fitted.to_vec(),
        ..old.clone()
    };
    let read: EngineSnapshot =
        serde_json::from_value(serde_json::to_value(&sent).expect("writes")).expect("reads");
    assert_eq!(read.params().weights, Weights(fitted));
    // Weights out of their range are never used: the device keeps to the defaults.
    let broken = EngineSnapshot {
        weights: vec![9.0; 21],
        ..old
    };
    assert_eq!(broken.params().weights, Weights::default());
}

#[test]
fn a_snapshot_carries_the_cohorts_fitted_knowledge_parameters_and_refuses_broken_ones() {
    use crate::domain::competency::knowledge::Bkt;
    let old: EngineSnapshot = serde_json::from_value(serde_json::json!({
        "as_of_ms": 1, "timezone": "Europe/London", "desired_retention": 0.95,
        "ksbs": [], "active_days": []
    }))
    .expect("a snapshot kept before knowledge parameters were sent reads");
    assert_eq!(old.params().knowledge, Bkt::default());
    let fitted = Bkt::new(0.35, 0.04, 0.3).expect("in range");
    let sent = EngineSnapshot {
        knowledge: Some(fitted),
        ..old.clone()
    };
    let json = serde_json::to_value(&sent).expect("writes");
    assert_eq!(json["knowledge"]["slip"], 0.04);
    let read: EngineSnapshot = serde_json::from_value(json).expect("reads");
    assert_eq!(read.params().knowledge, fitted);
    let broken = EngineSnapshot {
        knowledge: Some(Bkt {
            guess: 0.9,
            ..fitted
        }),
        ..old
    };
    assert_eq!(broken.params().knowledge, Bkt::default());
}
