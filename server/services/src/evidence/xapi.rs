//! Evidence as xAPI 1.0.3 statements. The actor is an account (the site's home page and the
//! learner's id: no e-mail); verbs come from the ADL registry and the xAPI video profile; every
//! object has a stable IRI under the site; `context.contextActivities` carries the lesson, the
//! standard and the KSB codes; `timestamp` is when it happened and `stored` when the server
//! received it; the id is a UUID derived from the evidence's own id, so sending it again is
//! the same statement. Pure functions over rows, so the API and the LRS forwarder agree.

use crate::store::interactions::Interaction;
use crate::store::observations::Stored;
use flowline_core::model::InteractionKind;
use flowline_core::view::projection::rfc3339;
use serde_json::{json, Value};

/// Namespace of statement ids (UUID v5 over "kind:id").
const STATEMENT_NS: uuid::Uuid = uuid::Uuid::from_u128(0x6f1d_27c4_9a0b_4c55_8e3a_1f6b_2d4c_9e71);

pub const VIDEO_PROFILE: &str = "https://w3id.org/xapi/video";
const VIDEO_EXT: &str = "https://w3id.org/xapi/video/extensions";

pub use crate::store::evidence::LessonFacts;

/// The statement id for a piece of evidence.
pub fn statement_id(kind: &str, id: &str) -> String {
    uuid::Uuid::new_v5(&STATEMENT_NS, format!("{kind}:{id}").as_bytes()).to_string()
}

/// A person by account only (no name or e-mail: erasing them later leaves the statement true).
fn actor(site: &str, user_id: &str) -> Value {
    json!({
        "objectType": "Agent",
        "account": { "homePage": site, "name": user_id },
    })
}

/// A verb with its registry display (the ADL registry and the video profile define them in
/// en-US; ralph's profile models insist on it).
fn verb(id: &str, display: &str) -> Value {
    json!({ "id": id, "display": { "en-US": display } })
}

fn activity(id: String, kind: &str, name: &str) -> Value {
    json!({
        "objectType": "Activity",
        "id": id,
        "definition": { "type": kind, "name": { "en-GB": name } },
    })
}

fn standard_activity(site: &str, reference: &str) -> Value {
    activity(
        format!("{site}/xapi/standards/{reference}"),
        "http://adlnet.gov/expapi/activities/course",
        reference,
    )
}

fn ksb_activities(site: &str, reference: &str, codes: &[String]) -> Vec<Value> {
    codes
        .iter()
        .map(|c| {
            activity(
                format!("{site}/xapi/standards/{reference}/ksbs/{c}"),
                "http://adlnet.gov/expapi/activities/objective",
                c,
            )
        })
        .collect()
}

fn lesson_iri(site: &str, lesson: &str) -> String {
    format!("{site}/xapi/lessons/{lesson}")
}

/// ISO 8601 duration in seconds, to the hundredth (xAPI's precision).
fn duration(seconds: f64) -> String {
    let s = (seconds.max(0.0) * 100.0).round() / 100.0;
    format!("PT{s}S")
}

/// One statement for an accepted interaction: watched (video profile `completed`), answered
/// (ADL `answered` with success and score), skipped (`skipped`) or rated (`rated`, the
/// verdict as the response).
pub fn interaction(site: &str, i: &Interaction, lesson: &LessonFacts) -> Value {
    let lesson_iri = lesson_iri(site, &lesson.id);
    let video = activity(
        lesson_iri.clone(),
        "https://w3id.org/xapi/video/activity-type/video",
        &lesson.title,
    );
    let length = lesson.duration_s.max(1) as f64;
    let mut context = json!({
        "registration": statement_id("learner", &i.learner_id),
        "platform": "Flowline",
        "language": "en-GB",
        "contextActivities": {
            "grouping": std::iter::once(standard_activity(site, &lesson.standard))
                .chain(ksb_activities(site, &lesson.standard, &lesson.ksb_codes))
                .collect::<Vec<_>>(),
        },
    });
    let (verb, object, result) = match i.kind {
        InteractionKind::Watched => {
            let watched = i.time_spent_s.clamp(0.0, length);
            context["contextActivities"]["category"] = json!([{
                "objectType": "Activity",
                "id": VIDEO_PROFILE,
                "definition": { "type": "http://adlnet.gov/expapi/activities/profile" },
            }]);
            context["extensions"] = json!({
                format!("{VIDEO_EXT}/session-id"): statement_id("session", &i.id),
                format!("{VIDEO_EXT}/length"): length,
            });
            (
                verb("http://adlnet.gov/expapi/verbs/completed", "completed"),
                video,
                json!({
                    "completion": true,
                    "duration": duration(watched),
                    "extensions": {
                        format!("{VIDEO_EXT}/time"): length,
                        format!("{VIDEO_EXT}/progress"): 1,
                        format!("{VIDEO_EXT}/played-segments"): format!("0[.]{length}"),
                    },
                }),
            )
        }
        InteractionKind::Answered => {
            let right = i.answers.iter().filter(|a| a.correct).count();
            let total = i.answers.len().max(1);
            context["contextActivities"]["parent"] = json!([video]);
            (
                verb("http://adlnet.gov/expapi/verbs/answered", "answered"),
                activity(
                    format!("{lesson_iri}/check"),
                    "http://adlnet.gov/expapi/activities/assessment",
                    &format!("Quick check: {}", lesson.title),
                ),
                json!({
                    "success": right == total,
                    "completion": true,
                    "score": {
                        "raw": right,
                        "min": 0,
                        "max": total,
                        "scaled": (right as f64 / total as f64 * 100.0).round() / 100.0,
                    },
                    "duration": duration(i.time_spent_s),
                }),
            )
        }
        InteractionKind::Skipped => (
            verb("http://id.tincanapi.com/verb/skipped", "skipped"),
            video,
            json!({ "completion": false, "duration": duration(i.time_spent_s) }),
        ),
        // The learner's verdict on the lesson's pace, as the response.
        InteractionKind::Rated => (
            verb("http://id.tincanapi.com/verb/rated", "rated"),
            video,
            json!({ "response": i.rating.map_or("", |r| r.as_str()) }),
        ),
    };
    json!({
        "id": statement_id("interaction", &i.id),
        "version": "1.0.3",
        "actor": actor(site, &i.learner_id),
        "verb": verb,
        "object": object,
        "result": result,
        "context": context,
        "timestamp": rfc3339(i.occurred_at),
        "stored": rfc3339(i.received_at),
    })
}

/// One statement for a mentor's sign-off: the learner `completed` observed practice of the
/// KSBs, with the mentor as the context's instructor.
pub fn observation(site: &str, o: &Stored, standard: &str, codes: &[String]) -> Value {
    let mut result = json!({ "success": true, "completion": true });
    if !o.notes.is_empty() {
        result["response"] = json!(o.notes);
    }
    if o.duration_min > 0 {
        // ISO 8601, as xAPI's result.duration is.
        result["duration"] = json!(format!("PT{}M", o.duration_min));
    }
    let mut statement = json!({
        "id": statement_id("observation", &o.id),
        "version": "1.0.3",
        "actor": actor(site, &o.learner_id),
        "verb": verb("http://adlnet.gov/expapi/verbs/completed", "completed"),
        "object": activity(
            format!("{site}/xapi/observations/{}", o.id),
            "http://adlnet.gov/expapi/activities/performance",
            &format!("Observed practice: {}", codes.join(", ")),
        ),
        "result": result,
        "context": {
            "registration": statement_id("learner", &o.learner_id),
            "instructor": actor(site, &o.mentor_id),
            "platform": "Flowline",
            "language": "en-GB",
            "contextActivities": {
                "grouping": std::iter::once(standard_activity(site, standard))
                    .chain(ksb_activities(site, standard, codes))
                    .collect::<Vec<_>>(),
            },
        },
        "timestamp": rfc3339(o.occurred_at),
        "stored": rfc3339(o.created_at),
    });
    if !o.files.is_empty() {
        statement["attachments"] = json!(o
            .files
            .iter()
            .map(|f| attachment(site, f))
            .collect::<Vec<_>>());
    }
    statement
}

/// An xAPI attachment for a file a sign-off carries, by hash: the LRS is told where those who
/// may read it fetch it (`fileUrl`), not sent the bytes.
fn attachment(site: &str, f: &crate::store::observations::StoredFile) -> Value {
    let kind = flowline_core::domain::upload::FileKind::of(&f.content_type)
        .map_or("file", flowline_core::domain::upload::FileKind::as_str);
    json!({
        "usageType": "http://id.tincanapi.com/attachment/supporting_media",
        "display": { "en-GB": format!("A {kind} of the work") },
        "contentType": f.content_type,
        "length": f.size,
        "sha2": f.sha256,
        "fileUrl": format!("{site}/api/v1/files/{}", f.upload_id),
    })
}

/// One statement for approved off-the-job training: the learner `completed` it (the activity,
/// its minutes as the duration, their description as the response), with the approving mentor
/// as the context's instructor.
pub fn training(site: &str, t: &crate::store::otj::Approved, standard: &str) -> Value {
    let label = flowline_core::domain::otj::Activity::parse(&t.activity)
        .map_or("Training", flowline_core::domain::otj::Activity::label);
    let codes = crate::otj::hours::split_codes(&t.ksb_codes);
    json!({
        "id": statement_id("training", &t.id),
        "version": "1.0.3",
        "actor": actor(site, &t.learner_id),
        "verb": verb("http://adlnet.gov/expapi/verbs/completed", "completed"),
        "object": activity(
            format!("{site}/xapi/training/{}", t.id),
            "http://adlnet.gov/expapi/activities/course",
            &format!("Off-the-job training: {label}"),
        ),
        "result": {
            "success": true,
            "completion": true,
            "duration": format!("PT{}M", t.minutes),
            "response": t.description,
        },
        "context": {
            "registration": statement_id("learner", &t.learner_id),
            "instructor": actor(site, &t.decided_by),
            "platform": "Flowline",
            "language": "en-GB",
            "contextActivities": {
                "grouping": std::iter::once(standard_activity(site, standard))
                    .chain(ksb_activities(site, standard, &codes))
                    .collect::<Vec<_>>(),
            },
            "extensions": {
                format!("{site}/xapi/extensions/occurred-on"): t.occurred_on,
            },
        },
        "timestamp": rfc3339(t.decided_at),
        "stored": rfc3339(t.decided_at),
    })
}

/// One statement for a line manager's confirmation: the line manager `confirmed` a Behaviour
/// of the apprentice's (or their readiness for the Gateway), the note as the response, in the
/// apprentice's registration.
pub fn confirmation(site: &str, c: &crate::store::employers::Confirmed, standard: &str) -> Value {
    let object = if c.subject == crate::store::employers::GATEWAY {
        activity(
            format!("{site}/xapi/standards/{standard}/gateway"),
            "http://adlnet.gov/expapi/activities/assessment",
            "Ready for Gateway to Completion",
        )
    } else {
        ksb_activities(site, standard, std::slice::from_ref(&c.subject))
            .pop()
            .unwrap_or_default()
    };
    json!({
        "id": statement_id("confirmation", &c.id),
        "version": "1.0.3",
        "actor": actor(site, &c.employer_id),
        "verb": verb("http://activitystrea.ms/schema/1.0/confirm", "confirmed"),
        "object": object,
        "result": { "success": true, "response": c.note },
        "context": {
            "registration": statement_id("learner", &c.learner_id),
            "platform": "Flowline",
            "language": "en-GB",
            "contextActivities": { "grouping": [standard_activity(site, standard)] },
            "extensions": {
                format!("{site}/xapi/extensions/apprentice"): actor(site, &c.learner_id),
            },
        },
        "timestamp": rfc3339(c.confirmed_at),
        "stored": rfc3339(c.confirmed_at),
    })
}
