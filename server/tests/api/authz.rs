//! The authorisation matrix: one table of operations, each with its doors (a REST endpoint, a
//! server fn, or both) and one rule for them. Every door is called by each kind of caller — a
//! visitor, a learner, the learner's own mentor, another cohort's mentor, an admin, an
//! assessor and the learner's line manager — against one cohort's data. A new endpoint or server fn without a row here fails
//! this test, and so does a route missing from the OpenAPI document.

use crate::both_backends;
use crate::helpers::job_evidence::{sha256, submit, upload, JOINT_JPEG};
use crate::helpers::learning::app_with_lessons_set;
use crate::helpers::learning::earn_first_mastered;
use crate::helpers::mentor::user_id;
use crate::helpers::people::{add_member, create_account, create_cohort, signed_in, ADMIN};
use crate::helpers::{new_client, Backend, TestApp};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use services::demo::DEMO_PASSWORD;
use services::state::Clock;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Who calls, in the order of each rule's letters.
const CALLERS: [&str; 7] = [
    "visitor",
    "learner",
    "mentor",
    "other mentor",
    "admin",
    "assessor",
    "employer",
];

/// What a caller gets: `A` allowed (past the checks: any status but 401, 403 and 404),
/// `U` 401, `F` 403, `N` 404 (another cohort's data does not exist for them), `-` not called
/// (sign-in and registration replace the caller's own session; `accounts` covers them).
type Rule = &'static str;

/// The ids the calls are about: cohort A (the demo cohort), its learner, a draft lesson.
struct Ids {
    cohort: String,
    learner: String,
    lesson: String,
    /// The learner's share with a second assessor (the matrix's assessor has none).
    share: String,
    /// Training the learner logged, for their mentor to approve.
    log: String,
    /// A portfolio the learner issued (to revoke), and another's live verify token.
    issue: String,
    token: String,
    /// Questions the learner asked the coach (to pass to the mentor over REST and RPC), and
    /// questions with the mentor (to answer over REST and RPC).
    questions: [String; 2],
    escalations: [String; 2],
    /// The learner's "First KSB mastered" badge, issued as a credential, and its award.
    credential: String,
    award: String,
    /// A ready copy of the learner's data.
    export: String,
    /// The learner's line manager, and two apprentices of the matrix's own for the admin to
    /// link to them and unlink (the first over REST, the second, linked already, over RPC).
    employer: String,
    spares: [String; 2],
    /// The learner's first progress review, drafted by their mentor.
    review: String,
    /// A photo the learner uploaded, and evidence from the job that carries it.
    upload: String,
    job_evidence: String,
}

/// An assessor the demo learner's evidence is shared with (not the matrix's assessor).
const SECOND_ASSESSOR: &str = "second.assessor@example.com";

static SEQ: AtomicUsize = AtomicUsize::new(0);

/// A number no other call in this run has (for new e-mail addresses and names).
fn unique() -> usize {
    SEQ.fetch_add(1, Ordering::Relaxed)
}

/// One operation: (rule, REST door, server fn). The REST door is "METHOD /path" with the path as
/// the OpenAPI document writes it, the server fn is its path under /rpc, and "" is no such door.
/// Two doors share a row, and so the rule, only when they are the same operation: the same
/// service call.
type Op = (Rule, &'static str, &'static str);

/// A REST door's method and path; `None` for "".
fn rest_door(door: &'static str) -> Option<(&'static str, &'static str)> {
    (!door.is_empty()).then(|| door.split_once(' ').expect("a REST door is METHOD /path"))
}

/// A server fn's path; `None` for "".
fn rpc_door(door: &'static str) -> Option<&'static str> {
    (!door.is_empty()).then_some(door)
}

/// Every operation, once, with its doors and its rule.
#[rustfmt::skip]
const OPS: &[Op] = &[
    // rule    REST door                                              server fn
    ("AAAAAAA", "GET /healthz",                                        ""),
    ("AAAAAAA", "GET /api/v1/openapi.json",                            ""),
    // The server fn also signs the new account in; REST answers 201 and leaves that to login.
    ("A------", "POST /api/v1/auth/register",                          "auth/register"),
    ("A------", "POST /api/v1/auth/login",                             "auth/login"),
    ("A------", "POST /api/v1/auth/logout",                            "auth/logout"),
    ("UAAAAAA", "GET /api/v1/me",                                      ""),
    // Who is signed in: a visitor is told nobody (`None`), where REST answers 401.
    ("AAAAAAA", "",                                                    "me"),
    ("UAAAAAA", "PATCH /api/v1/me",                                    "me/timezone"),
    ("UAAAAAA", "GET /api/v1/standards",                               ""),
    ("UAAAAAA", "GET /api/v1/standards/{reference}",                   ""),
    // The server fn takes the document as text and reads it first.
    ("UFFFAFF", "POST /api/v1/admin/standards/import",                 "library/import"),
    ("UFFFAFF", "",                                                    "library/page"),
    ("UFFFAFF", "PATCH /api/v1/admin/standards/{reference}",           "library/settings"),
    ("UFFFAFF", "PUT /api/v1/admin/standards/{reference}/ksbs/{code}", "library/ksb"),
    ("UAAAAAA", "GET /api/v1/content",                                 ""),
    ("UAFFFFF", "GET /api/v1/feed",                                    "learning/feed"),
    ("UAFFFFF", "GET /api/v1/interactions",                            ""),
    ("UAFFFFF", "POST /api/v1/interactions",                           ""),
    ("UAFFFFF", "GET /api/v1/progress",                                "learning/progress"),
    ("UFANFFF", "POST /api/v1/mentor/observations",                    "mentor/observations"),
    ("UFAAAFF", "GET /api/v1/mentor/cohorts",                          ""),
    ("UFAAAFF", "",                                                    "mentor/home"),
    ("UFANAFF", "GET /api/v1/mentor/cohorts/{id}/learners",            "mentor/board"),
    ("UFANAFF", "GET /api/v1/mentor/learners/{id}",                    "mentor/learner"),
    ("UFFFAFF", "",                                                    "admin/overview"),
    ("UFFFAFF", "GET /api/v1/admin/users",                             "admin/users"),
    ("UFFFAFF", "POST /api/v1/admin/users",                            "admin/users/create"),
    ("UFFFAFF", "PATCH /api/v1/admin/users/{id}",                      "admin/users/update"),
    ("UFFFAFF", "",                                                    "admin/cohorts/all"),
    ("UFFFAFF", "POST /api/v1/admin/cohorts",                          "admin/cohorts/create"),
    ("UFFFAFF", "GET /api/v1/admin/cohorts/{id}",                      ""),
    ("UFFFAFF", "PATCH /api/v1/admin/cohorts/{id}",                    "admin/cohorts/update"),
    ("UFFFAFF", "POST /api/v1/admin/cohorts/{id}/members",             "admin/cohorts/member"),
    ("UFFFAFF", "GET /api/v1/admin/lessons",                           "studio/lessons"),
    ("UFFFAFF", "POST /api/v1/admin/lessons",                          "studio/create"),
    ("UFFFAFF", "GET /api/v1/admin/lessons/{id}",                      "studio/lesson"),
    ("UFFFAFF", "PUT /api/v1/admin/lessons/{id}",                      "studio/save"),
    ("UFFFAFF", "PUT /api/v1/admin/lessons/{id}/video",                ""),
    ("UFFFAFF", "PUT /api/v1/admin/lessons/{id}/captions",             ""),
    ("UFFFAFF", "POST /api/v1/admin/lessons/{id}/captions/generate",   "studio/captions"),
    // One server fn publishes and unpublishes (`publish: bool`); REST has a door for each.
    ("UFFFAFF", "POST /api/v1/admin/lessons/{id}/publish",             "studio/publish"),
    ("UFFFAFF", "POST /api/v1/admin/lessons/{id}/unpublish",           ""),
    // The matrix's draft has no script: 409 for an admin, past the checks.
    ("UFFFAFF", "POST /api/v1/admin/lessons/{id}/render",              "studio/render"),
    ("UFFFAFF", "POST /api/v1/admin/lessons/from-script",              "studio/from-script"),
    ("UFFFAFF", "POST /api/v1/admin/lessons/from-script/preview",      "studio/script-preview"),
    ("UFFFAFF", "GET /api/v1/admin/analytics",                         "admin/analytics"),
    ("UFFFAFF", "POST /api/v1/admin/memory/fit",                       ""),
    ("UFFFAFF", "POST /api/v1/admin/people/import",                    ""),
    ("UFFFAFF", "POST /api/v1/admin/people/import/talentlms",          ""),
    // The link is the key: anyone holding a live one may use it; any other token is 404 to all.
    // Getting back in: anyone may ask (the answer never says whether the address exists);
    // a link that is no live reset link is not found; changing needs the current password.
    ("AAAAAAA", "POST /api/v1/auth/password/forgot",                   "auth/forgot"),
    ("NNNNNNN", "GET /api/v1/auth/password/reset/{token}",             "auth/reset-link"),
    ("NNNNNNN", "POST /api/v1/auth/password/reset/{token}",            "auth/reset"),
    // The e-mailed link that finishes a registration: like a reset link.
    ("NNNNNNN", "GET /api/v1/auth/register/{token}",                   "auth/welcome-link"),
    ("NNNNNNN", "POST /api/v1/auth/register/{token}",                  "auth/welcome"),
    ("UAAAAAA", "POST /api/v1/me/password",                            "me/password"),
    ("UAAAAAA", "GET /api/v1/me/sessions",                             "me/sessions"),
    ("UAAAAAA", "DELETE /api/v1/me/sessions",                          "me/sessions/end-others"),
    ("UFFFAFF", "POST /api/v1/admin/users/{id}/sign-in-link",          "admin/users/sign-in-link"),
    // Single sign-on: whether it is set up is public (the sign-in page's button); which
    // domains may not use passwords is the admins' setting.
    ("AAAAAAA", "",                                                    "auth/sso"),
    // The Coach tab's badge: a learner's own count (0 for anyone else).
    ("UAAAAAA", "",                                                    "coach/unread"),
    ("UFFFAFF", "GET /api/v1/admin/sso-domains",                       "admin/sso-domains"),
    ("UFFFAFF", "PUT /api/v1/admin/sso-domains/{domain}",              "admin/sso-domains/add"),
    ("UFFFAFF", "DELETE /api/v1/admin/sso-domains/{domain}",           "admin/sso-domains/remove"),
    // Web Push: this browser's subscription, for whoever is signed in.
    ("UAAAAAA", "GET /api/v1/push/key",                                "push/key"),
    ("UAAAAAA", "POST /api/v1/me/push-subscriptions",                  "me/push/subscribe"),
    ("UAAAAAA", "DELETE /api/v1/me/push-subscriptions",                "me/push/unsubscribe"),
    ("NNNNNNN", "GET /api/v1/invitations/{token}",                     "auth/invitation"),
    ("NNNNNNN", "POST /api/v1/invitations/{token}",                    "auth/accept-invitation"),
    ("UFFFAFF", "GET /api/v1/admin/evidence/verify",                   ""),
    ("UFFFAFF", "GET /api/v1/admin/evidence/lrs",                      ""),
    ("UAANANA", "GET /api/v1/learners/{id}/statements",                ""),
    ("UAANANA", "GET /api/v1/learners/{id}/readiness",                 "assessor/readiness"),
    ("UAANANA", "GET /api/v1/learners/{id}/ksbs/{code}/evidence",      "evidence/ksb"),
    ("UAANANA", "GET /api/v1/learners/{id}/gateway-decisions",         ""),
    ("UFFNFNF", "POST /api/v1/learners/{id}/gateway-decisions",        "evidence/gateway-decision"),
    // REST names the learner, and the learner or an admin may act. The server fns of the Me
    // page act on the signed-in learner's own, so every other role is refused (403).
    ("UANNANN", "GET /api/v1/learners/{id}/shares",                    ""),
    ("UANNANN", "POST /api/v1/learners/{id}/shares",                   ""),
    ("UANNANN", "DELETE /api/v1/learners/{id}/shares/{share_id}",      ""),
    ("UANNANN", "GET /api/v1/learners/{id}/evidence-views",            ""),
    ("UAFFFFF", "",                                                    "evidence/sharing"),
    ("UAFFFFF", "",                                                    "evidence/share"),
    ("UAFFFFF", "",                                                    "evidence/revoke"),
    ("UFFFFAF", "GET /api/v1/assessor/learners",                       "assessor/home"),
    ("UAANANA", "GET /api/v1/learners/{id}/otj",                       "otj/hours"),
    ("UAANANA", "GET /api/v1/learners/{id}/otj/hours.csv",             ""),
    ("UAANANA", "GET /api/v1/learners/{id}/otj/ilr.csv",               ""),
    // Breaks in learning: the apprentice's mentor or an admin records them.
    ("UFANAFF", "POST /api/v1/learners/{id}/breaks",                   "otj/break-start"),
    ("UFANAFF", "POST /api/v1/learners/{id}/breaks/return",            "otj/break-end"),
    // REST names the learner; the server fn logs the signed-in learner's own training.
    ("UAFNFNF", "POST /api/v1/learners/{id}/otj/logs",                 ""),
    ("UAFFFFF", "",                                                    "otj/log"),
    ("UFANANN", "POST /api/v1/otj/logs/{id}/decision",                 "otj/decide"),
    ("UAANANA", "GET /api/v1/learners/{id}/portfolio",                 ""),
    ("UAANANA", "GET /api/v1/learners/{id}/portfolio.pdf",             ""),
    ("UANNANN", "GET /api/v1/learners/{id}/portfolios",                ""),
    // As the shares: REST names the learner, the server fn is the signed-in learner's own.
    ("UANNANN", "DELETE /api/v1/learners/{id}/portfolios/{issue_id}",  ""),
    ("UAFFFFF", "",                                                    "evidence/portfolio-revoke"),
    ("AAAAAAA", "GET /api/v1/verify/{token}",                          "verify/portfolio"),
    ("UAFFFFF", "GET /api/v1/coach",                                   "coach/thread"),
    ("UAFFFFF", "POST /api/v1/coach/questions",                        "coach/ask"),
    ("UAFFFFF", "POST /api/v1/coach/questions/{id}/escalate",          "coach/escalate"),
    ("UFAAAFF", "GET /api/v1/mentor/inbox",                            "mentor/inbox"),
    ("UFANAFF", "POST /api/v1/mentor/inbox/{id}/answer",               "mentor/answer"),
    ("UFANAFF", "POST /api/v1/mentor/inbox/{id}/acknowledge",          "mentor/acknowledge"),
    ("UAFFFFF", "GET /api/v1/coach/settings",                          "coach/settings"),
    ("UAFFFFF", "PUT /api/v1/coach/settings",                          "coach/settings/save"),
    ("UAFFFFF", "GET /api/v1/coach/whatsapp",                          "coach/whatsapp"),
    ("UAFFFFF", "PUT /api/v1/coach/whatsapp",                          "coach/whatsapp/on"),
    ("UAFFFFF", "DELETE /api/v1/coach/whatsapp",                       "coach/whatsapp/off"),
    // Meta's webhook: no session opens it, only the verify token and the body's signature.
    ("FFFFFFF", "GET /api/v1/whatsapp/webhook",                        ""),
    ("UUUUUUU", "POST /api/v1/whatsapp/webhook",                       ""),
    // Only the learner holds the badge; nobody else has one to download.
    ("UANNNNN", "GET /api/v1/me/badges/{key}/credential",              ""),
    ("UANNNNN", "GET /api/v1/me/badges/{key}/linkedin",                ""),
    ("AAAAAAA", "POST /api/v1/verify/credential",                      "verify/credential"),
    ("AAAAAAA", "GET /api/v1/verify/credential/{id}",                  "verify/credential-id"),
    ("UFFFAFF", "POST /api/v1/admin/credentials/{id}/revoke",          ""),
    ("UFFFAFF", "GET /api/v1/admin/badges",                            "admin/badges"),
    ("UFFFAFF", "GET /api/v1/admin/programme",                         "admin/programme"),
    ("UFFFAFF", "GET /api/v1/admin/programme.csv",                     ""),
    ("UFFFAFF", "POST /api/v1/admin/badges/{id}/revoke",               "admin/badge-revoke"),
    ("UFFFAFF", "POST /api/v1/admin/badges/{id}/reinstate",            "admin/badge-reinstate"),
    ("UFFFAFF", "POST /api/v1/admin/issuer/keys",                      ""),
    // A person's data rights: themself or an admin; to anyone else they do not exist.
    // The line manager's own: their apprentices, and what they confirm about them.
    ("UFFFFFA", "GET /api/v1/employer/apprentices",                   "employer/home"),
    ("UFFFFFA", "POST /api/v1/learners/{id}/behaviours/{code}/confirmation", "employer/confirm-behaviour"),
    ("UFFFFFA", "POST /api/v1/learners/{id}/gateway-confirmation",    "employer/confirm-gateway"),
    ("UFFFAFF", "GET /api/v1/admin/employer-links",                   "admin/employer-links"),
    ("UFFFAFF", "PUT /api/v1/admin/employers/{id}/apprentices/{learner_id}", "admin/employer-links/link"),
    ("UFFFAFF", "DELETE /api/v1/admin/employers/{id}/apprentices/{learner_id}", "admin/employer-links/unlink"),
    // Progress reviews: read like the learner's evidence; the mentor (or an admin) drafts;
    // the apprentice, the line manager and the mentor comment and sign; the plan is the mentor's.
    ("UAANANA", "GET /api/v1/learners/{id}/reviews",                  "reviews/list"),
    ("UFANAFF", "POST /api/v1/learners/{id}/reviews",                 "reviews/start"),
    ("UAANANA", "GET /api/v1/reviews/{id}",                           "reviews/get"),
    ("UFANFNF", "PUT /api/v1/reviews/{id}/plan",                      "reviews/plan"),
    ("UAANFNA", "PUT /api/v1/reviews/{id}/comment",                   "reviews/comment"),
    ("UAANFNA", "POST /api/v1/reviews/{id}/signature",                "reviews/sign"),
    // The number an apprentice gives their mentor: theirs alone to give or take back.
    ("UAFFFFF", "GET /api/v1/me/phone",                               "me/phone"),
    ("UAFFFFF", "PUT /api/v1/me/phone",                               "me/phone/set"),
    // Evidence from the job: uploads are their sender's own; the evidence and its files read
    // like the learner's evidence; the apprentice sends it, their mentor answers it.
    ("UAAAFFF", "POST /api/v1/uploads",                               ""),
    ("UANNNNN", "GET /api/v1/uploads/{id}",                           ""),
    ("UANNNNN", "PATCH /api/v1/uploads/{id}",                         ""),
    ("UAANANA", "GET /api/v1/files/{id}",                             ""),
    ("UAFFFFF", "POST /api/v1/me/job-evidence",                       ""),
    ("UAFFFFF", "PUT /api/v1/me/job-evidence/{id}",                   "evidence/job-change"),
    ("UAANANA", "GET /api/v1/learners/{id}/job-evidence",             "evidence/job"),
    ("UFAAFFF", "GET /api/v1/mentor/job-evidence",                    ""),
    ("UFANFFF", "POST /api/v1/job-evidence/{id}/review",              "evidence/job-review"),
    ("UANNANN", "GET /api/v1/users/{id}/export",                       "privacy/export-status"),
    ("UANNANN", "POST /api/v1/users/{id}/export",                      "privacy/export"),
    ("UANNANN", "GET /api/v1/users/{id}/exports/{export_id}/download", ""),
    ("UANNANN", "DELETE /api/v1/users/{id}",                           "privacy/erase"),
];

/// A non-JSON body: (content type, bytes).
type RawBody = Option<(&'static str, Vec<u8>)>;

/// Today, as a date (UTC; the demo learner's day is London's).
fn today() -> String {
    chrono::Utc::now().date_naive().to_string()
}

/// Training a learner logs (today, so never before they joined).
fn training() -> Value {
    json!({"activity": "classroom", "occurred_on": chrono::Utc::now().date_naive().to_string(),
        "minutes": 60, "description": "Matrix training", "ksb_codes": []})
}

/// A request that reads well for an allowed caller (so a refusal can only be the rule's).
fn rest_request(method: &str, path: &str, ids: &Ids) -> (String, Option<Value>, RawBody) {
    let n = unique();
    let url = path
        .replace("{key}", "first-mastered")
        .replace(
            "/credential/{id}",
            &format!("/credential/{}", ids.credential),
        )
        .replace(
            "/credentials/{id}",
            &format!("/credentials/{}", ids.credential),
        )
        .replace("/badges/{id}/", &format!("/badges/{}/", ids.award))
        .replace("/standards/{reference}", "/standards/ST1332")
        .replace("/ksbs/{code}", "/ksbs/K1")
        .replace("/cohorts/{id}", &format!("/cohorts/{}", ids.cohort))
        .replace(
            "/mentor/learners/{id}",
            &format!("/mentor/learners/{}", ids.learner),
        )
        .replace(
            "/employers/{id}/apprentices/{learner_id}",
            &format!("/employers/{}/apprentices/{}", ids.employer, ids.spares[0]),
        )
        .replace("/behaviours/{code}/", "/behaviours/B1/")
        .replace("/reviews/{id}", &format!("/reviews/{}", ids.review))
        .replace("/uploads/{id}", &format!("/uploads/{}", ids.upload))
        .replace("/files/{id}", &format!("/files/{}", ids.upload))
        .replace(
            "/job-evidence/{id}",
            &format!("/job-evidence/{}", ids.job_evidence),
        )
        .replace("/learners/{id}/", &format!("/learners/{}/", ids.learner))
        .replace("{share_id}", &ids.share)
        .replace("/otj/logs/{id}", &format!("/otj/logs/{}", ids.log))
        .replace("{issue_id}", &ids.issue)
        .replace("{export_id}", &ids.export)
        .replace("{token}", &ids.token)
        .replace("{domain}", "matrix.example.com")
        .replace(
            "/questions/{id}",
            &format!("/questions/{}", ids.questions[0]),
        )
        .replace("/inbox/{id}", &format!("/inbox/{}", ids.escalations[0]))
        .replace("/users/{id}", &format!("/users/{}", ids.learner))
        .replace("/lessons/{id}", &format!("/lessons/{}", ids.lesson));
    let now = chrono::Utc::now().to_rfc3339();
    let body = match (method, path) {
        ("POST", "/api/v1/admin/standards/import") => Some(
            serde_json::from_str(include_str!("../../../content/standards/ST1332.demo.json"))
                .expect("demo standard"),
        ),
        ("POST", "/api/v1/interactions") => Some(json!({"interactions": []})),
        ("POST", "/api/v1/verify/credential") => Some(json!({"type": ["VerifiableCredential"]})),
        ("POST", "/api/v1/learners/{id}/gateway-decisions") => Some(
            json!({"decision": "not_yet", "reasons": [{"code": "S1", "reason": "No observed joint yet"}]}),
        ),
        ("POST", "/api/v1/admin/credentials/{id}/revoke" | "/api/v1/admin/badges/{id}/revoke") => {
            Some(json!({"reason": "Issued in error"}))
        }
        ("POST", "/api/v1/mentor/observations") => Some(
            json!({"learner_id": ids.learner, "ksb_codes": ["S1"], "note": "", "occurred_at": now}),
        ),
        ("POST", "/api/v1/admin/users") => Some(
            json!({"email": format!("matrix{n}@example.com"), "display_name": "Matrix Person", "role": "learner", "password": "a-long-password"}),
        ),
        ("PATCH", "/api/v1/admin/users/{id}") => Some(json!({})),
        ("POST", "/api/v1/admin/people/import/talentlms") => Some(json!({"mode": "preview"})),
        ("POST", "/api/v1/invitations/{token}") => Some(json!({"password": "a-long-password"})),
        ("POST", "/api/v1/auth/password/forgot") => Some(json!({"email": "nobody@example.com"})),
        // Not a browser's keys: past every check, and nothing is saved.
        ("POST", "/api/v1/me/push-subscriptions") => Some(
            json!({"endpoint": "https://push.example/abc", "keys": {"p256dh": "x", "auth": "y"}}),
        ),
        ("POST", "/api/v1/auth/password/reset/{token}") => {
            Some(json!({"password": "a-long-password"}))
        }
        // A wrong current password: past every check, and nothing changes.
        ("POST", "/api/v1/me/password") => Some(
            json!({"current_password": "not-the-password", "new_password": "another-long-sentence"}),
        ),
        ("PATCH", "/api/v1/me") => Some(json!({"timezone": "Europe/London"})),
        // A wrong confirmation: past every check, and nobody is erased.
        ("DELETE", "/api/v1/users/{id}") => Some(json!({"confirm": "not-the-address@example.com"})),
        ("PUT", "/api/v1/coach/settings") => {
            Some(json!({"kinds": ["focus"], "quiet_from": "21:00", "quiet_to": "07:00"}))
        }
        ("POST", "/api/v1/coach/questions") => {
            Some(json!({"text": "How do I prove a cable is dead?"}))
        }
        ("PUT", "/api/v1/coach/whatsapp") => {
            Some(json!({"phone": "+447700900123", "consent": true}))
        }
        ("POST", "/api/v1/whatsapp/webhook") => {
            Some(json!({"object": "whatsapp_business_account", "entry": []}))
        }
        ("POST", "/api/v1/mentor/inbox/{id}/answer") => {
            Some(json!({"answer": "Prove, test, prove again."}))
        }
        ("POST", "/api/v1/learners/{id}/otj/logs") => Some(training()),
        // Today: past every check (201 the first time, 409 once a break is open).
        ("POST", "/api/v1/learners/{id}/breaks") => {
            Some(json!({"starts_on": today(), "reason": "Matrix break"}))
        }
        // Not after the break's start: past every check (422 or 409), and nothing changes.
        ("POST", "/api/v1/learners/{id}/breaks/return") => Some(json!({"returned_on": today()})),
        // What no signer read: past every check (409), and nothing is signed.
        ("POST", "/api/v1/reviews/{id}/signature") => {
            Some(json!({"content_hash": "0".repeat(64), "comment": ""}))
        }
        ("PUT", "/api/v1/me/phone") => Some(json!({"phone": "+44 7700 900125"})),
        ("POST", "/api/v1/uploads") => Some(json!({"content_type": "image/jpeg",
            "size": JOINT_JPEG.len(), "sha256": sha256(JOINT_JPEG)})),
        // Evidence naming the learner's photo (each call a new one; 409 once answered).
        ("POST" | "PUT", "/api/v1/me/job-evidence" | "/api/v1/me/job-evidence/{id}") => Some(
            json!({"client_id": format!("matrix-{n}"), "caption": "Matrix joint",
                "ksb_codes": ["S3"], "captured_at": now, "uploads": [ids.upload]}),
        ),
        ("POST", "/api/v1/job-evidence/{id}/review") => {
            Some(json!({"decision": "ask_for_more", "note": "Matrix: more, please"}))
        }
        ("PUT", "/api/v1/reviews/{id}/plan") => Some(json!({"plan": "Matrix plan"})),
        ("PUT", "/api/v1/reviews/{id}/comment") => Some(json!({"comment": "Matrix comment"})),
        (
            "POST",
            "/api/v1/learners/{id}/behaviours/{code}/confirmation"
            | "/api/v1/learners/{id}/gateway-confirmation",
        ) => Some(json!({"note": "Seen at work"})),
        ("POST", "/api/v1/otj/logs/{id}/decision") => Some(json!({"approve": true})),
        ("PATCH", "/api/v1/admin/standards/{reference}") => Some(json!({"otj_min_hours": 696})),
        // An empty text: past every check, and the KSB stays as it is.
        ("PUT", "/api/v1/admin/standards/{reference}/ksbs/{code}") => {
            Some(json!({"text": "", "prerequisites": []}))
        }
        ("POST", "/api/v1/learners/{id}/shares") => {
            Some(json!({"assessor_email": SECOND_ASSESSOR, "days": 30}))
        }
        ("POST", "/api/v1/admin/cohorts") => {
            Some(json!({"name": format!("Matrix {n}"), "standard": "ST1332"}))
        }
        ("PATCH", "/api/v1/admin/cohorts/{id}") => Some(json!({"desired_retention": 0.9})),
        ("POST", "/api/v1/admin/cohorts/{id}/members") => {
            Some(json!({"user_id": ids.learner, "role": "learner"}))
        }
        ("POST", "/api/v1/admin/lessons") => Some(
            json!({"standard": "ST1332", "title": format!("Matrix lesson {n}"), "difficulty": 2}),
        ),
        // A script with a mistake: past every check, and nothing is written.
        (
            "POST",
            "/api/v1/admin/lessons/from-script" | "/api/v1/admin/lessons/from-script/preview",
        ) => Some(json!({"script": "not a lesson"})),
        ("PUT", "/api/v1/admin/lessons/{id}") => {
            Some(json!({"title": "Matrix lesson", "difficulty": 2, "ksbs": [], "questions": []}))
        }
        _ => None,
    };
    let raw = match path {
        // The photo's first bytes again: the upload is complete, so nothing changes. (Small:
        // a refusal before the body is read closes the connection under a large one.)
        "/api/v1/uploads/{id}" if method == "PATCH" => {
            Some(("application/offset+octet-stream", JOINT_JPEG[..16].to_vec()))
        }
        "/api/v1/admin/lessons/{id}/video" => Some(("video/mp4", b"not a video".to_vec())),
        "/api/v1/admin/people/import" => Some((
            "text/csv",
            b"Email,Name\nmatrix-person@example.com,Matrix Person\n".to_vec(),
        )),
        "/api/v1/admin/lessons/{id}/captions" => Some((
            "text/vtt",
            b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n".to_vec(),
        )),
        _ => None,
    };
    let url = if path == "/api/v1/content"
        || path == "/api/v1/admin/analytics"
        || path == "/api/v1/admin/memory/fit"
    {
        format!("{url}?standard=ST1332")
    } else if path == "/api/v1/me/push-subscriptions" && method == "DELETE" {
        format!("{url}?endpoint=https%3A%2F%2Fpush.example%2Fnone")
    } else if path == "/api/v1/admin/people/import" {
        format!("{url}?mode=preview")
    } else if path.ends_with("/import") {
        format!("{url}?dry_run=true")
    } else {
        url
    };
    (url, body, raw)
}

/// A server fn's arguments that read well for an allowed caller (as [`rest_request`]).
fn rpc_body(path: &str, ids: &Ids) -> Value {
    let n = unique();
    let now = chrono::Utc::now().to_rfc3339();
    match path {
        "mentor/observations" => {
            json!({"observation": {"learner_id": ids.learner, "ksb_codes": ["B1"], "note": "", "occurred_at": now}})
        }
        "mentor/board" => json!({"cohort_id": ids.cohort}),
        "mentor/learner" | "assessor/readiness" => json!({"learner_id": ids.learner}),
        "evidence/ksb" => json!({"learner_id": ids.learner, "code": "K1"}),
        "evidence/gateway-decision" => json!({"learner_id": ids.learner,
            "input": {"decision": "not_yet", "reasons": [{"code": "S1", "reason": "No observed joint yet"}]}}),
        "evidence/share" => json!({"assessor_email": SECOND_ASSESSOR, "days": 30}),
        "evidence/revoke" => json!({"share_id": ids.share}),
        "otj/hours" | "evidence/job" => json!({"learner_id": ids.learner}),
        "otj/break-start" => json!({"learner_id": ids.learner,
            "input": {"starts_on": today(), "reason": "Matrix break"}}),
        "otj/break-end" => json!({"learner_id": ids.learner, "input": {"returned_on": today()}}),
        "evidence/job-review" => json!({"id": ids.job_evidence,
            "input": {"decision": "ask_for_more", "note": "Matrix: more, please"}}),
        "evidence/job-change" => json!({"id": ids.job_evidence, "input": {
            "client_id": format!("matrix-rpc-{n}"), "caption": "Matrix joint", "ksb_codes": ["S3"],
            "captured_at": now, "uploads": [ids.upload]}}),
        "coach/settings/save" => {
            json!({"settings": {"kinds": ["focus"], "quiet_from": "21:00", "quiet_to": "07:00"}})
        }
        "coach/ask" => json!({"input": {"text": "What is a joint?"}}),
        "coach/whatsapp/on" => json!({"input": {"phone": "+447700900124", "consent": true}}),
        "coach/escalate" => json!({"message_id": ids.questions[1]}),
        "mentor/answer" => json!({"id": ids.escalations[1], "answer": "See the jointing lesson."}),
        "mentor/acknowledge" => json!({"id": ids.escalations[1]}),
        "me/push/subscribe" => json!({"subscription": {"endpoint": "https://push.example/abc",
            "keys": {"p256dh": "x", "auth": "y"}}, "device": "matrix"}),
        "me/push/unsubscribe" => json!({"endpoint": "https://push.example/none"}),
        "otj/log" => json!({"input": training()}),
        "otj/decide" => json!({"log_id": ids.log, "approve": false}),
        "evidence/portfolio-revoke" => json!({"issue_id": ids.issue}),
        "verify/portfolio" => json!({"token": ids.token}),
        "verify/credential" => json!({"text": "{\"type\": \"VerifiableCredential\"}"}),
        "verify/credential-id" => json!({"id": ids.credential}),
        "admin/badge-revoke" => json!({"id": ids.award, "reason": "Issued in error"}),
        "admin/badge-reinstate" => json!({"id": ids.award}),
        "admin/programme" => json!({"cohort": ids.cohort}),
        "privacy/export-status" | "privacy/export" => json!({"user_id": ids.learner}),
        "library/page" => json!({"reference": "ST1332"}),
        "admin/analytics" => json!({"standard": "ST1332"}),
        "me/timezone" => json!({"timezone": "Europe/London"}),
        "studio/script-preview" => json!({"script": "not a lesson"}),
        "studio/from-script" => json!({"input": {"script": "not a lesson"}}),
        "studio/render" => json!({"lesson_id": ids.lesson}),
        "library/import" => json!({"text": "not json", "dry_run": true}),
        "library/ksb" => json!({"reference": "ST1332", "code": "K1", "edit": {"text": ""}}),
        "library/settings" => {
            json!({"reference": "ST1332", "input": {"otj_min_hours": 696}})
        }
        "privacy/erase" => {
            json!({"user_id": ids.learner, "confirm": "not-the-address@example.com"})
        }
        "admin/users/create" => {
            json!({"input": {"email": format!("rpc{n}@example.com"), "display_name": "Rpc Person", "role": "mentor", "password": "a-long-password"}})
        }
        "admin/users/update" => json!({"user_id": ids.learner, "change": {}}),
        "admin/users/sign-in-link" => json!({"user_id": ids.learner}),
        "admin/sso-domains/add" | "admin/sso-domains/remove" => {
            json!({"domain": "matrix.example.com"})
        }
        "admin/cohorts/create" => {
            json!({"input": {"name": format!("Rpc {n}"), "standard": "ST1332"}})
        }
        "admin/cohorts/member" => {
            json!({"cohort_id": ids.cohort, "member": {"user_id": ids.learner, "role": "learner"}})
        }
        "admin/cohorts/update" => {
            json!({"cohort_id": ids.cohort, "change": {"desired_retention": 0.9}})
        }
        "studio/lessons" => json!({"standard": null, "status": null, "q": null}),
        "studio/create" => {
            json!({"input": {"standard": "ST1332", "title": format!("Rpc lesson {n}"), "difficulty": 1}})
        }
        "studio/lesson" | "studio/captions" => json!({"lesson_id": ids.lesson}),
        "studio/save" => {
            json!({"lesson_id": ids.lesson, "lesson": {"title": "Matrix lesson", "difficulty": 2, "ksbs": [], "questions": []}})
        }
        "studio/publish" => json!({"lesson_id": ids.lesson, "publish": false}),
        "employer/confirm-behaviour" => {
            json!({"learner_id": ids.learner, "code": "B2", "note": "Seen at work"})
        }
        "employer/confirm-gateway" => json!({"learner_id": ids.learner, "note": ""}),
        "me/phone/set" => json!({"phone": "+44 7700 900125"}),
        "reviews/list" | "reviews/start" => json!({"learner_id": ids.learner}),
        "reviews/get" => json!({"review_id": ids.review}),
        "reviews/sign" => {
            json!({"review_id": ids.review, "content_hash": "0".repeat(64), "comment": ""})
        }
        "reviews/plan" => json!({"review_id": ids.review, "plan": "Matrix plan"}),
        "reviews/comment" => json!({"review_id": ids.review, "comment": "Matrix comment"}),
        "admin/employer-links/link" => {
            json!({"employer_id": ids.employer, "learner_id": ids.spares[0]})
        }
        "admin/employer-links/unlink" => {
            json!({"employer_id": ids.employer, "learner_id": ids.spares[1]})
        }
        _ => json!({}),
    }
}

/// What is wrong with `status` for caller `who` under `rule`, if anything.
fn check(rule: Rule, who: usize, status: StatusCode, what: &str) -> Option<String> {
    let expected = rule.as_bytes()[who];
    let ok = match expected {
        b'-' => return None,
        b'A' => !matches!(status.as_u16(), 401 | 403 | 404) && status.as_u16() < 500,
        b'U' => status == StatusCode::UNAUTHORIZED,
        b'F' => status == StatusCode::FORBIDDEN,
        b'N' => status == StatusCode::NOT_FOUND,
        _ => false,
    };
    (!ok).then(|| {
        format!(
            "{what} as {}: expected {}, got {status}",
            CALLERS[who], expected as char
        )
    })
}

/// The demo cohort (A) with its mentor and learner; cohort B with its own mentor.
async fn callers(app: &TestApp) -> (Vec<Client>, Ids) {
    let admin = signed_in(app, ADMIN, DEMO_PASSWORD).await;
    let other = create_cohort(app, &admin, "Cohort B").await;
    let other_mentor =
        create_account(app, &admin, "b.mentor@example.com", "B Mentor", "mentor").await;
    assert_eq!(
        add_member(app, &admin, &other, &other_mentor, "mentor")
            .await
            .status(),
        StatusCode::CREATED
    );
    let learner = signed_in(app, "learner@demo.flowline.test", DEMO_PASSWORD).await;
    let me: Value = learner
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .expect("me")
        .json()
        .await
        .expect("json");
    let lesson: Value = admin
        .post(app.url("/api/v1/admin/lessons"))
        .json(&json!({"standard": "ST1332", "title": "Matrix target", "difficulty": 1}))
        .send()
        .await
        .expect("lesson")
        .json()
        .await
        .expect("json");
    create_account(app, &admin, SECOND_ASSESSOR, "Second Assessor", "assessor").await;
    let learner_id = me["id"].as_str().expect("learner").to_owned();
    let share: Value = admin
        .post(app.url(&format!("/api/v1/learners/{learner_id}/shares")))
        .json(&json!({"assessor_email": SECOND_ASSESSOR, "days": 30}))
        .send()
        .await
        .expect("share")
        .json()
        .await
        .expect("json");
    let log: Value = learner
        .post(app.url(&format!("/api/v1/learners/{learner_id}/otj/logs")))
        .json(&training())
        .send()
        .await
        .expect("log")
        .json()
        .await
        .expect("json");
    let pdf = |learner: &Client| {
        learner
            .get(app.url(&format!("/api/v1/learners/{learner_id}/portfolio.pdf")))
            .send()
    };
    let revoked = pdf(&learner).await.expect("pdf");
    assert_eq!(revoked.status(), StatusCode::OK);
    let live = pdf(&learner).await.expect("pdf");
    let token = live.headers()["x-verify-url"]
        .to_str()
        .expect("url")
        .rsplit('/')
        .next()
        .expect("token")
        .to_owned();
    let issues: Value = learner
        .get(app.url(&format!("/api/v1/learners/{learner_id}/portfolios")))
        .send()
        .await
        .expect("issues")
        .json()
        .await
        .expect("json");
    let mut questions = Vec::new();
    for text in ["Matrix question one", "Matrix question two"] {
        let out: Value = learner
            .post(app.url("/api/v1/coach/questions"))
            .json(&json!({ "text": text }))
            .send()
            .await
            .expect("ask")
            .json()
            .await
            .expect("json");
        questions.push(
            out["messages"][0]["id"]
                .as_str()
                .expect("question")
                .to_owned(),
        );
        learner
            .post(app.url("/api/v1/coach/questions"))
            .json(&json!({ "text": format!("{text} for my mentor"), "to_mentor": true }))
            .send()
            .await
            .expect("ask");
    }
    let inbox: Value = signed_in(app, "mentor@demo.flowline.test", DEMO_PASSWORD)
        .await
        .get(app.url("/api/v1/mentor/inbox"))
        .send()
        .await
        .expect("inbox")
        .json()
        .await
        .expect("json");
    let escalation = |i: usize| {
        inbox["items"][i]["id"]
            .as_str()
            .expect("escalation")
            .to_owned()
    };
    earn_first_mastered(app, &learner).await;
    let credential: Value = learner
        .get(app.url("/api/v1/me/badges/first-mastered/credential"))
        .send()
        .await
        .expect("credential")
        .json()
        .await
        .expect("json");
    let awards: Value = admin
        .get(app.url("/api/v1/admin/badges"))
        .send()
        .await
        .expect("badges")
        .json()
        .await
        .expect("json");
    let award = awards
        .as_array()
        .expect("awards")
        .iter()
        .find(|a| a["learner_id"] == learner_id.as_str() && a["key"] == "first-mastered")
        .and_then(|a| a["id"].as_str())
        .expect("the learner's award")
        .to_owned();
    let export: Value = learner
        .post(app.url(&format!("/api/v1/users/{learner_id}/export")))
        .send()
        .await
        .expect("export")
        .json()
        .await
        .expect("json");
    while services::privacy::run_next(&app.db, app.now())
        .await
        .expect("export worker")
        != services::privacy::Turn::Idle
    {}
    let employer = user_id(app, "employer@demo.flowline.test").await;
    let mut spares = Vec::new();
    for n in 0..2 {
        let email = format!("matrix.spare{n}@example.com");
        spares.push(create_account(app, &admin, &email, "Matrix Spare", "learner").await);
    }
    let linked = admin
        .put(app.url(&format!(
            "/api/v1/admin/employers/{employer}/apprentices/{}",
            spares[1]
        )))
        .send()
        .await
        .expect("link");
    assert_eq!(linked.status(), StatusCode::CREATED);
    let review: Value = signed_in(app, "mentor@demo.flowline.test", DEMO_PASSWORD)
        .await
        .post(app.url(&format!("/api/v1/learners/{learner_id}/reviews")))
        .send()
        .await
        .expect("review")
        .json()
        .await
        .expect("json");
    let upload = upload(app, &learner, "image/jpeg", JOINT_JPEG).await;
    let job_evidence: Value = submit(app, &learner, "matrix", "Matrix joint", &["S3"], &[&upload])
        .await
        .json()
        .await
        .expect("json");
    let ids = Ids {
        upload,
        job_evidence: job_evidence["id"].as_str().expect("evidence id").to_owned(),
        review: review["id"].as_str().expect("review id").to_owned(),
        employer,
        spares: [spares[0].clone(), spares[1].clone()],
        export: export["id"].as_str().expect("export id").to_owned(),
        credential: credential["id"].as_str().expect("credential id").to_owned(),
        award,
        questions: [questions[0].clone(), questions[1].clone()],
        escalations: [escalation(0), escalation(1)],
        issue: issues[1]["id"].as_str().expect("issue").to_owned(),
        token,
        log: log["id"].as_str().expect("log id").to_owned(),
        cohort: me["cohorts"][0]["id"].as_str().expect("cohort").to_owned(),
        learner: learner_id,
        lesson: lesson["id"].as_str().expect("lesson").to_owned(),
        share: share["id"].as_str().expect("share id").to_owned(),
    };
    let clients = vec![
        new_client(),
        learner,
        signed_in(app, "mentor@demo.flowline.test", DEMO_PASSWORD).await,
        signed_in(app, "b.mentor@example.com", "a-long-password").await,
        admin,
        signed_in(app, "assessor@demo.flowline.test", DEMO_PASSWORD).await,
        signed_in(app, "employer@demo.flowline.test", DEMO_PASSWORD).await,
    ];
    (clients, ids)
}

/// The endpoints the OpenAPI document names, and the document's own.
async fn documented(app: &TestApp) -> BTreeSet<(String, String)> {
    let doc: Value = app.get_json("/api/v1/openapi.json").await;
    let mut documented = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("item").keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    documented.insert(("GET".into(), "/api/v1/openapi.json".into()));
    documented
}

/// The registered server fns, by their path under /rpc.
fn registered() -> BTreeSet<String> {
    leptos::server_fn::axum::server_fn_paths()
        .map(|(p, _)| p.trim_start_matches("/rpc/").to_owned())
        .collect()
}

/// The doors of a kind, failing on one that is in two rows.
fn each_once<T: Ord + Debug>(doors: impl Iterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for door in doors {
        let shown = format!("{door:?}");
        assert!(set.insert(door), "{shown} is in two rows");
    }
    set
}

/// Fails, naming the doors that differ, unless the rows have exactly the doors there are.
fn same_doors<T: Ord + Debug>(there: &BTreeSet<T>, rows: &BTreeSet<T>, what: &str) {
    let no_row: Vec<_> = there.difference(rows).collect();
    let no_door: Vec<_> = rows.difference(there).collect();
    assert!(
        no_row.is_empty() && no_door.is_empty(),
        "every {what} has exactly one rule here: without a row {no_row:?}; in a row, but no \
         {what} {no_door:?}"
    );
}

/// Every `.route(` in `routes/mod.rs` but stored media is a REST door of some row.
fn routes_are_documented(ruled: &BTreeSet<(String, String)>) {
    let routes = include_str!("../../src/routes/mod.rs");
    for route in routes.split(".route(").skip(1) {
        let path = route.split('"').nth(1).expect("a route path");
        let full = if path.starts_with("/healthz") || path.starts_with("/media") {
            path.to_owned()
        } else {
            format!("/api/v1{path}")
        };
        if full.starts_with("/media") {
            continue; // stored media, public by URL (documented in docs/decisions.md)
        }
        assert!(
            ruled.iter().any(|(_, p)| *p == full),
            "route {full} has a rule and is documented"
        );
    }
}

/// Every row has a door and a letter per caller; every documented endpoint and every server
/// fn is in exactly one row; every route is documented.
async fn every_door_has_one_row(app: &TestApp) {
    for &(rule, rest, rpc) in OPS {
        assert!(!(rest.is_empty() && rpc.is_empty()), "a row has no door");
        assert_eq!(
            rule.len(),
            CALLERS.len(),
            "{rest} {rpc}: a letter per caller"
        );
    }
    let ruled = each_once(
        OPS.iter()
            .filter_map(|&(_, rest, _)| rest_door(rest))
            .map(|(m, p)| (m.to_owned(), p.to_owned())),
    );
    same_doors(&documented(app).await, &ruled, "documented endpoint");
    routes_are_documented(&ruled);
    let rpc_ruled = each_once(
        OPS.iter()
            .filter_map(|&(_, _, rpc)| rpc_door(rpc))
            .map(str::to_owned),
    );
    same_doors(&registered(), &rpc_ruled, "server fn");
}

/// Calls a REST door as `client`; the status it answers.
async fn call_rest(
    app: &TestApp,
    client: &Client,
    method: &str,
    path: &str,
    ids: &Ids,
) -> StatusCode {
    let (url, body, raw) = rest_request(method, path, ids);
    let mut req = client.request(
        Method::from_bytes(method.as_bytes()).expect("method"),
        app.url(&url),
    );
    if let Some(b) = &body {
        req = req.json(b);
    }
    if let Some((ct, bytes)) = raw {
        req = req.header("content-type", ct).body(bytes);
    }
    if method == "PATCH" && path == "/api/v1/uploads/{id}" {
        req = req.header("upload-offset", "0");
    }
    req.send().await.expect("request").status()
}

/// Calls a server fn as `client`; the status it answers.
async fn call_rpc(app: &TestApp, client: &Client, path: &str, ids: &Ids) -> StatusCode {
    let req = if path.starts_with("auth/") {
        // Public forms, on a browser of their own (they replace its session).
        let n = unique();
        let (email, password) = if path == "auth/login" {
            (
                "learner@demo.flowline.test".to_owned(),
                DEMO_PASSWORD.to_owned(),
            )
        } else {
            (format!("form{n}@example.com"), "a-long-password".to_owned())
        };
        new_client().post(app.url(&format!("/rpc/{path}"))).form(&[
            ("email", email),
            ("password", password),
            ("display_name", "Form Person".to_owned()),
            // For the invitation forms: a token that is no live link.
            ("token", "0".repeat(64)),
        ])
    } else if path == "me/password" {
        // A form on Me; a wrong current password changes nothing.
        client.post(app.url(&format!("/rpc/{path}"))).form(&[
            ("current_password", "not-the-password"),
            ("new_password", "another-long-sentence"),
        ])
    } else {
        client
            .post(app.url(&format!("/rpc/{path}")))
            .json(&rpc_body(path, ids))
    };
    req.header("accept", "application/json")
        .send()
        .await
        .expect("rpc")
        .status()
}

/// Every door of every operation, as each caller, answers as its rule says.
async fn every_endpoint_and_server_fn_checks_who_is_calling(backend: Backend) {
    // With the WhatsApp channel on, so its routes answer as they do in production (nothing
    // is sent: no sender runs here).
    let Some(app) = app_with_lessons_set(backend, Clock::System, crate::helpers::whatsapp_on).await
    else {
        return;
    };
    every_door_has_one_row(&app).await;

    let (clients, ids) = callers(&app).await;
    let mut wrong = Vec::new();
    for (who, client) in clients.iter().enumerate() {
        for &(rule, rest, rpc) in OPS {
            if rule.as_bytes()[who] == b'-' {
                continue;
            }
            if let Some((method, path)) = rest_door(rest) {
                let status = call_rest(&app, client, method, path, &ids).await;
                wrong.extend(check(rule, who, status, &format!("{method} {path}")));
            }
            if let Some(path) = rpc_door(rpc) {
                let status = call_rpc(&app, client, path, &ids).await;
                wrong.extend(check(rule, who, status, &format!("/rpc/{path}")));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} wrong:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The admin can do the most; a page elsewhere can make their browser do none of it.
    no_door_acts_for_another_site(&app, &clients[4]).await;
}
both_backends!(every_endpoint_and_server_fn_checks_who_is_calling);

/// What a browser adds to a form another page submits: from another site, from a sibling
/// origin of this site, and from an older browser that sends only `Origin`.
const ELSEWHERE: [&[(&str, &str)]; 3] = [
    &[
        ("origin", "https://evil.example"),
        ("sec-fetch-site", "cross-site"),
    ],
    &[
        ("origin", "https://blog.flowline.test"),
        ("sec-fetch-site", "same-site"),
    ],
    &[("origin", "https://evil.example")],
];

/// Every door that changes something, submitted as a form from elsewhere by a signed-in
/// browser, is refused with a 403 that says why, before it acts.
async fn no_door_acts_for_another_site(app: &TestApp, signed_in: &Client) {
    let mut doors: Vec<(String, String)> = OPS
        .iter()
        .filter_map(|&(_, rest, _)| rest_door(rest))
        .filter(|(m, _)| *m != "GET")
        .map(|(m, p)| (m.to_owned(), p.replace('{', "x").replace('}', "")))
        .collect();
    doors.extend(
        OPS.iter()
            .filter_map(|&(_, _, rpc)| rpc_door(rpc))
            .map(|p| ("POST".to_owned(), format!("/rpc/{p}"))),
    );
    let mut acted = Vec::new();
    for (method, path) in &doors {
        for headers in ELSEWHERE {
            let mut req = signed_in
                .request(
                    Method::from_bytes(method.as_bytes()).expect("method"),
                    app.url(path),
                )
                .header("content-type", "application/x-www-form-urlencoded")
                .body("email=attacker%40evil.example&password=attackers-own-pass");
            for (k, v) in headers {
                req = req.header(*k, *v);
            }
            let res = req.send().await.expect("request");
            let status = res.status();
            let body: Value = res.json().await.unwrap_or_default();
            let said = body["error"]["message"].as_str().unwrap_or_default();
            if status != StatusCode::FORBIDDEN || !said.contains("another website") {
                acted.push(format!("{method} {path} {headers:?}: {status} {body}"));
            }
        }
    }
    assert!(acted.is_empty(), "not refused:\n{}", acted.join("\n"));
    // The same forms from Flowline's own pages still work.
    let res = signed_in
        .patch(app.url("/api/v1/me"))
        .header("origin", app.url(""))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({"timezone": "Europe/London"}))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), StatusCode::OK);
}
