//! Everything stored about one person, table by table, as a copy of their data reads it
//! (docs/retention.md): the queries, and their rows as JSON with secrets left out.

use flowline_core::error::AppError;
use flowline_core::view::projection::rfc3339;
use serde_json::{Map, Value};
use sqlx::{AnyConnection, Column, Row};

/// Columns that are never exported: they are secrets, not information about the person.
pub const SECRET: [&str; 4] = ["password_hash", "token_hash", "secret_seed", "archive"];

/// (file name, what it holds, SQL with the person's id as `$1`).
pub const TABLES: &[(&str, &str, &str)] = &[
    ("account", "Your account (name, e-mail, role, time zone, phone).", "SELECT * FROM users WHERE id = $1"),
    ("cohorts", "The cohorts you are in.", "SELECT m.*, c.name AS cohort_name FROM memberships m JOIN cohorts c ON c.id = m.cohort_id WHERE m.user_id = $1"),
    ("sessions", "Where you are signed in (no keys).", "SELECT * FROM sessions WHERE user_id = $1"),
    ("invitations", "Sign-in links made for you (no keys).", "SELECT created_by, created_at, expires_at, used_at FROM invitations WHERE user_id = $1"),
    ("competency", "Your mastery of each KSB as the engine keeps it.", "SELECT c.*, k.code AS ksb_code FROM competency c JOIN ksbs k ON k.id = c.ksb_id WHERE c.learner_id = $1 ORDER BY k.sort"),
    ("streak", "Your streak and freezes.", "SELECT * FROM streaks WHERE learner_id = $1"),
    ("observations", "Observed work signed off by a mentor (yours, or signed off by you).", "SELECT * FROM observations WHERE learner_id = $1 OR mentor_id = $1 ORDER BY occurred_at"),
    ("observation_ksbs", "The KSBs each observation covers.", "SELECT ok.* FROM observation_ksbs ok JOIN observations o ON o.id = ok.observation_id WHERE o.learner_id = $1 OR o.mentor_id = $1"),
    ("job_evidence", "Evidence from the job you sent, and your mentor's answers (or that you answered).", "SELECT * FROM job_evidence WHERE learner_id = $1 OR reviewer_id = $1 ORDER BY captured_at"),
    ("job_evidence_files", "The files of each piece of evidence from the job.", "SELECT f.* FROM job_evidence_files f JOIN job_evidence e ON e.id = f.evidence_id WHERE e.learner_id = $1 OR e.reviewer_id = $1"),
    ("uploads", "Files you sent (photos, videos, voice notes): type, size and SHA-256; the files themselves are at /api/v1/files/{id}.", "SELECT * FROM uploads WHERE owner_id = $1 ORDER BY created_at"),
    ("observation_files", "The files each observation carries.", "SELECT f.* FROM observation_files f JOIN observations o ON o.id = f.observation_id WHERE o.learner_id = $1 OR o.mentor_id = $1"),
    ("learning_breaks", "Breaks in learning recorded for you (or that you recorded).", "SELECT * FROM learning_breaks WHERE learner_id = $1 OR recorded_by = $1 ORDER BY starts_on"),
    ("otj_training", "Off-the-job training you logged, and its decisions.", "SELECT * FROM otj_logs WHERE learner_id = $1 OR decided_by = $1 ORDER BY occurred_on"),
    ("coach_messages", "Your conversation with the coach.", "SELECT * FROM coach_messages WHERE learner_id = $1 ORDER BY created_at"),
    ("coach_questions_to_mentors", "Questions passed to a mentor, and their answers.", "SELECT * FROM coach_escalations WHERE learner_id = $1 OR answered_by = $1 ORDER BY created_at"),
    ("nudges", "Nudges sent to you, why, and whether you opened them.", "SELECT * FROM nudges WHERE learner_id = $1 ORDER BY created_at"),
    ("coach_settings", "Your nudge and WhatsApp settings.", "SELECT * FROM coach_prefs WHERE user_id = $1"),
    ("whatsapp_messages", "WhatsApp messages to and from you.", "SELECT * FROM whatsapp_messages WHERE user_id = $1 ORDER BY created_at"),
    ("evidence_shares", "Who you shared your evidence with, and until when.", "SELECT * FROM evidence_shares WHERE learner_id = $1 OR assessor_id = $1 ORDER BY created_at"),
    ("evidence_views", "Who looked at your evidence (or whose you looked at).", "SELECT * FROM evidence_views WHERE learner_id = $1 OR viewer_id = $1 ORDER BY viewed_at"),
    ("milestones", "Milestones you earned and their evidence.", "SELECT * FROM milestone_awards WHERE learner_id = $1"),
    ("credentials", "Badges issued to you as signed credentials.", "SELECT * FROM credentials WHERE learner_id = $1"),
    ("gateway_decisions", "Gateway decisions assessors recorded on your evidence, or that you recorded as an assessor.", "SELECT * FROM gateway_decisions WHERE learner_id = $1 OR assessor_id = $1 ORDER BY decided_at"),
    ("portfolios", "Portfolio PDFs issued of your evidence.", "SELECT * FROM portfolio_issues WHERE learner_id = $1 ORDER BY issued_at"),
    ("line_managers", "Who is your line manager, or whose you are.", "SELECT * FROM employer_links WHERE learner_id = $1 OR employer_id = $1"),
    ("employer_confirmations", "Behaviours and Gateway readiness your line manager confirmed (or you confirmed).", "SELECT * FROM employer_confirmations WHERE learner_id = $1 OR employer_id = $1 ORDER BY confirmed_at"),
    ("progress_reviews", "Your progress reviews (or those you drafted).", "SELECT * FROM reviews WHERE learner_id = $1 OR drafted_by = $1 ORDER BY drafted_at"),
    ("progress_review_signatures", "Comments and signatures on your progress reviews, and yours on others'.", "SELECT s.* FROM review_signatures s JOIN reviews r ON r.id = s.review_id WHERE r.learner_id = $1 OR s.user_id = $1"),
    ("mastery_history", "Your mastery at the end of each day, per KSB.", "SELECT * FROM mastery_days WHERE learner_id = $1 ORDER BY day"),
];

/// The rows of a query as JSON objects, secrets left out and times made readable.
pub async fn dump(conn: &mut AnyConnection, sql: &str, id: &str) -> Result<Vec<Value>, AppError> {
    let rows = sqlx::query(sql).bind(id).fetch_all(conn).await?;
    Ok(rows
        .iter()
        .map(|row| {
            let mut obj = Map::new();
            for (i, col) in row.columns().iter().enumerate() {
                let name = col.name();
                if SECRET.contains(&name) {
                    continue;
                }
                obj.insert(name.to_owned(), value_at(row, i, name));
            }
            Value::Object(obj)
        })
        .collect())
}

/// A column's value whatever its type on either backend.
fn value_at(row: &sqlx::any::AnyRow, i: usize, name: &str) -> Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return match v {
            Some(ms) if name.ends_with("_at") => rfc3339(ms).map_or(Value::from(ms), Value::from),
            Some(n) => Value::from(n),
            None => Value::Null,
        };
    }
    if let Ok(v) = row.try_get::<Option<f64>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    if let Ok(v) = row.try_get::<Option<String>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    Value::Null
}
