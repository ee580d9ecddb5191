//! What is hashed: each kind of evidence as canonical JSON (RFC 8785, JCS), ids only, and
//! each link over its fields. Pure functions, so `verify` recomputes exactly what was written.

use crate::store::evidence::Record;
use crate::store::interactions::Interaction;
use crate::store::observations::Stored;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The `prev_hash` of a chain's first link.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// RFC 8785 canonical JSON of a value.
pub fn jcs(value: &Value) -> String {
    // A serde_json::Value always serialises (its numbers are finite by construction).
    serde_json_canonicalizer::to_string(value).unwrap_or_else(|_| value.to_string())
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// SHA-256 of a value's canonical JSON.
pub fn content_hash(value: &Value) -> String {
    sha256_hex(jcs(value).as_bytes())
}

/// An interaction as evidence: what, when, and the server's grading (no device, no names).
pub fn interaction(i: &Interaction) -> Value {
    let mut v = json!({
        "type": "interaction",
        "id": i.id,
        "learner": i.learner_id,
        "lesson": i.content_id,
        "lesson_version": i.content_version,
        "kind": i.kind.as_str(),
        "occurred_at": i.occurred_at,
        "received_at": i.received_at,
        "time_spent_s": i.time_spent_s,
        "answers": i.answers.iter().map(|a| json!({
            "question": a.question_id,
            "response": a.response,
            "correct": a.correct,
        })).collect::<Vec<_>>(),
    });
    // Only rated entries have a verdict: every other entry hashes as it always did.
    if let Some(r) = i.rating {
        v["rating"] = json!(r.as_str());
    }
    v
}

/// A sign-off as evidence: who observed (by id), when, which KSBs, the mentor's note, and
/// (when recorded) how many minutes the practice took. Sign-offs from before durations were
/// recorded hash as they always did.
pub fn observation(o: &Stored) -> Value {
    let mut v = json!({
        "type": "observation",
        "id": o.id,
        "learner": o.learner_id,
        "mentor": o.mentor_id,
        "notes": o.notes,
        "occurred_at": o.occurred_at,
        "created_at": o.created_at,
        "ksbs": o.ksb_ids,
    });
    if o.duration_min > 0 {
        v["minutes"] = json!(o.duration_min);
    }
    // Files by hash (a sign-off without files reads as it always did).
    if !o.files.is_empty() {
        v["files"] = json!(o
            .files
            .iter()
            .map(|f| json!({ "sha256": f.sha256, "type": f.content_type, "bytes": f.size }))
            .collect::<Vec<_>>());
    }
    v
}

/// Approved off-the-job training: ids, the activity, day, minutes and KSBs, and who approved
/// it when. Not its description: that is the learner's own text, which erasure removes.
pub fn training(t: &crate::store::otj::Approved) -> Value {
    json!({
        "type": "training",
        "id": t.id,
        "learner": t.learner_id,
        "activity": t.activity,
        "occurred_on": t.occurred_on,
        "minutes": t.minutes,
        "ksbs": t.ksb_codes,
        "approved_by": t.decided_by,
        "approved_at": t.decided_at,
        "created_at": t.created_at,
    })
}

/// A line manager's confirmation: ids, what was confirmed (a Behaviour's code or `gateway`),
/// the note and when.
pub fn confirmation(c: &crate::store::employers::Confirmed) -> Value {
    json!({
        "type": "confirmation",
        "id": c.id,
        "learner": c.learner_id,
        "employer": c.employer_id,
        "subject": c.subject,
        "note": c.note,
        "confirmed_at": c.confirmed_at,
    })
}

/// The assessor's Gateway decision: ids, the decision, the reasons KSB by KSB (as stored),
/// the note and when.
pub fn gateway_decision(d: &crate::store::gateway_decisions::DecisionRow) -> Value {
    json!({
        "type": "gateway_decision",
        "id": d.id,
        "learner": d.learner_id,
        "assessor": d.assessor_id,
        "decision": d.decision,
        "reasons": d.reasons,
        "note": d.note,
        "decided_at": d.decided_at,
    })
}

/// The hash of a link: every field but the hash itself.
pub fn link_hash(r: &Record) -> String {
    content_hash(&json!({
        "chain": r.chain_id,
        "seq": r.seq,
        "kind": r.kind,
        "ref": r.ref_id,
        "content": r.content_hash,
        "prev": r.prev_hash,
        "recorded_at": r.recorded_at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_and_drops_whitespace_whatever_the_input_order() {
        let a: Value = serde_json::from_str(r#"{ "b": 1, "a": [true, 2.5, "x"] }"#).expect("json");
        let b: Value = serde_json::from_str(r#"{"a":[true,2.5,"x"],"b":1}"#).expect("json");
        assert_eq!(jcs(&a), r#"{"a":[true,2.5,"x"],"b":1}"#);
        assert_eq!(content_hash(&a), content_hash(&b));
    }

    #[test]
    fn a_link_hash_changes_with_every_field() {
        let base = Record {
            chain_id: "L".into(),
            seq: 3,
            kind: "interaction".into(),
            ref_id: "i-1".into(),
            payload: None,
            content_hash: "c".into(),
            prev_hash: GENESIS.into(),
            hash: String::new(),
            recorded_at: 1_000,
        };
        let h = link_hash(&base);
        let variants = [
            Record {
                chain_id: "M".into(),
                ..base.clone()
            },
            Record {
                seq: 4,
                ..base.clone()
            },
            Record {
                kind: "observation".into(),
                ..base.clone()
            },
            Record {
                ref_id: "i-2".into(),
                ..base.clone()
            },
            Record {
                content_hash: "d".into(),
                ..base.clone()
            },
            Record {
                prev_hash: "1".repeat(64),
                ..base.clone()
            },
            Record {
                recorded_at: 1_001,
                ..base.clone()
            },
        ];
        for v in variants {
            assert_ne!(link_hash(&v), h, "{v:?}");
        }
        // The stored hash itself is not hashed.
        assert_eq!(
            link_hash(&Record {
                hash: "x".into(),
                ..base
            }),
            h
        );
    }
}
