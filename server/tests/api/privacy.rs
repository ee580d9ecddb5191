//! Stories of a person's data rights: an apprentice downloads everything Flowline holds about
//! them, then erases their account; what the provider must keep stays, without their name,
//! and the evidence chain still verifies. An admin does the same for someone; nobody else can.

use crate::both_backends;
use crate::helpers::learning::earn_first_mastered;
use crate::helpers::learning::{answered, app_with_lessons_set};
use crate::helpers::mentor::{sign_off, user_id};
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::{error_of, new_client, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};
use services::db::Backend as DbBackend;
use services::demo::DEMO_PASSWORD;
use services::privacy::{run_next, Turn};
use services::state::Clock;
use std::io::Read;

const EMAIL: &str = "ria.jointer@example.com";
const PHONE: &str = "+447700900555";
const QUESTION: &str = "How long must a resin joint cure before backfilling?";
const TRAINING: &str = "Shadowed Priya on an 11 kV straight joint in Leeds";

async fn app(backend: Backend, clock: Clock) -> Option<TestApp> {
    // WhatsApp on, so the apprentice can give a phone number (nothing is sent: no sender runs).
    app_with_lessons_set(backend, clock, crate::helpers::whatsapp_on).await
}

async fn json_of(res: reqwest::Response) -> Value {
    let status = res.status();
    let body = res.text().await.expect("body");
    assert!(status.is_success(), "{status}: {body}");
    serde_json::from_str(&body).unwrap_or(Value::Null)
}

/// A new apprentice with a bit of everything: answers, a coach question, logged training, a
/// WhatsApp number, a mentor's sign-off and a badge issued as a credential.
async fn apprentice_with_history(app: &TestApp) -> (Client, String) {
    let me = signed_in_new(app).await;
    let id = user_id(app, EMAIL).await;
    let feed = json_of(me.get(app.url("/api/v1/feed")).send().await.expect("feed")).await;
    let items: Vec<Value> = feed["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| answered(i, true))
        .collect();
    json_of(
        me.post(app.url("/api/v1/interactions"))
            .json(&json!({ "interactions": items }))
            .send()
            .await
            .expect("post"),
    )
    .await;
    earn_first_mastered(app, &me).await;
    json_of(
        me.get(app.url("/api/v1/me/badges/first-mastered/credential"))
            .send()
            .await
            .expect("credential"),
    )
    .await;
    json_of(
        me.post(app.url("/api/v1/coach/questions"))
            .json(&json!({"text": QUESTION, "to_mentor": true}))
            .send()
            .await
            .expect("ask"),
    )
    .await;
    let today = chrono::Utc::now().date_naive().to_string();
    json_of(me.post(app.url(&format!("/api/v1/learners/{id}/otj/logs")))
        .json(&json!({"activity": "shadowing", "occurred_on": today, "minutes": 180, "description": TRAINING, "ksb_codes": ["K1"]}))
        .send().await.expect("log")).await;
    json_of(
        me.put(app.url("/api/v1/coach/whatsapp"))
            .json(&json!({"phone": PHONE, "consent": true}))
            .send()
            .await
            .expect("opt in"),
    )
    .await;
    let mentor = signed_in(app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let body = json!({"learner_id": id, "ksb_codes": ["S3"], "note": "Neat crutch, good bonding.",
        "occurred_at": chrono::Utc::now().to_rfc3339()});
    assert_eq!(
        sign_off(app, &mentor, &body).await.status(),
        StatusCode::CREATED
    );
    (me, id)
}

async fn signed_in_new(app: &TestApp) -> Client {
    let res = app
        .post_json(
            "/api/v1/auth/register",
            &json!({"email": EMAIL, "password": "a-long-password",
            "display_name": "Ria Okafor", "timezone": "Europe/London"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    signed_in(app, EMAIL, "a-long-password").await
}

/// Runs the export worker until it has nothing left to do.
async fn work(app: &TestApp) {
    for _ in 0..10 {
        if run_next(&app.db, app.now()).await.expect("worker") == Turn::Idle {
            return;
        }
    }
    panic!("the export worker did not settle");
}

fn unzip(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut text = String::new();
            f.read_to_string(&mut text).expect("text");
            (f.name().expect("a UTF-8 name").to_string(), text)
        })
        .collect()
}

/// Every text of every row of every table, searched for `needle`: the tables that hold it.
async fn tables_holding(app: &TestApp, needle: &str) -> Vec<String> {
    let pattern = format!("%{}%", needle.to_lowercase());
    let mut found = Vec::new();
    match app.db.backend {
        DbBackend::Sqlite => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(&app.db.pool)
            .await
            .expect("tables");
            for t in tables {
                let cols: Vec<String> =
                    sqlx::query_scalar(&format!("SELECT name FROM pragma_table_info('{t}')"))
                        .fetch_all(&app.db.pool)
                        .await
                        .expect("columns");
                let cond = cols
                    .iter()
                    .map(|c| format!("LOWER(CAST(\"{c}\" AS TEXT)) LIKE $1"))
                    .collect::<Vec<_>>()
                    .join(" OR ");
                let n: i64 =
                    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM \"{t}\" WHERE {cond}"))
                        .bind(&pattern)
                        .fetch_one(&app.db.pool)
                        .await
                        .expect("scan");
                if n > 0 {
                    found.push(t);
                }
            }
        }
        DbBackend::Postgres => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .fetch_all(&app.db.pool)
            .await
            .expect("tables");
            for t in tables {
                let n: i64 = sqlx::query_scalar(&format!(
                    "SELECT COUNT(*) FROM \"{t}\" r WHERE LOWER(r::text) LIKE $1"
                ))
                .bind(&pattern)
                .fetch_one(&app.db.pool)
                .await
                .expect("scan");
                if n > 0 {
                    found.push(t);
                }
            }
        }
    }
    found
}

/// A browser's push key (an uncompressed P-256 point).
const PUSH_P256DH: &str =
    "BJrvcjJujgDTQDDDDqvMjv0miSGVAyG76zZtKtWLMbgdLhVKW2p3wXdGeFbBf4xH8CGVLLotpkJUJTYOlmnZZAc";

async fn an_apprentice_takes_a_copy_of_their_data_then_erases_their_account(backend: Backend) {
    let Some(app) = app(backend, Clock::System).await else {
        return;
    };
    let (me, id) = apprentice_with_history(&app).await;
    let export_url = app.url(&format!("/api/v1/users/{id}/export"));

    // Nothing yet; asking twice while it is being made gives the same export.
    let none = json_of(me.get(&export_url).send().await.expect("status")).await;
    assert_eq!(none["latest"], Value::Null);
    let res = me.post(&export_url).send().await.expect("request");
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let asked: Value = res.json().await.expect("json");
    assert_eq!(asked["status"], "queued");
    let again = json_of(me.post(&export_url).send().await.expect("again")).await;
    assert_eq!(again["id"], asked["id"], "one export at a time");

    // Nobody else may see it: a mentor, another apprentice, a visitor.
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let other = signed_in(&app, "learner@demo.flowline.test", DEMO_PASSWORD).await;
    for who in [&mentor, &other] {
        let (status, _) = error_of(who.post(&export_url).send().await.expect("post")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = error_of(new_client().get(&export_url).send().await.expect("get")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The worker makes it; progress reaches 1 and a download link appears.
    work(&app).await;
    let ready = json_of(me.get(&export_url).send().await.expect("status")).await["latest"].clone();
    assert_eq!(ready["status"], "ready", "{ready}");
    assert_eq!(ready["progress"], 1.0);
    assert!(ready["bytes"].as_i64().expect("bytes") > 1_000);
    let link = app.url(ready["download_url"].as_str().expect("link"));
    let (status, _) = error_of(mentor.get(&link).send().await.expect("get")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the link is not the mentor's"
    );
    let res = me.get(&link).send().await.expect("download");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("cd")
        .contains(".zip"));
    let files = unzip(&res.bytes().await.expect("bytes"));

    // It holds every interaction the API lists, with the server's grading, as JSON and CSV.
    let listed = json_of(
        me.get(app.url("/api/v1/interactions"))
            .send()
            .await
            .expect("log"),
    )
    .await;
    let ids = |v: &Value| -> Vec<String> {
        v.as_array()
            .expect("array")
            .iter()
            .map(|i| i["id"].as_str().expect("id").to_owned())
            .collect()
    };
    let exported: Value = serde_json::from_str(&files["interactions.json"]).expect("json");
    assert_eq!(ids(&exported), ids(&listed));
    assert_eq!(exported, listed, "as the API lists them");
    assert_eq!(
        files["interactions.csv"].lines().count(),
        ids(&listed).len() + 1
    );
    // And the rest of what Flowline holds about them, each part as JSON and CSV.
    for part in [
        "account",
        "cohorts",
        "competency",
        "streak",
        "observations",
        "otj_training",
        "coach_messages",
        "coach_questions_to_mentors",
        "coach_settings",
        "milestones",
        "credentials",
    ] {
        let rows: Value = serde_json::from_str(&files[&format!("{part}.json")]).expect(part);
        assert!(!rows.as_array().expect(part).is_empty(), "{part} has rows");
        assert!(
            files[&format!("{part}.csv")].lines().count() >= 2,
            "{part}.csv has rows"
        );
    }
    assert!(files["account.json"].contains(EMAIL) && files["account.json"].contains("Ria Okafor"));
    assert!(files["coach_messages.json"].contains(QUESTION));
    assert!(files["otj_training.csv"].contains(TRAINING));
    assert!(files["coach_settings.json"].contains(PHONE));
    assert!(files["observations.json"].contains("Neat crutch"));
    let progress: Value = serde_json::from_str(&files["progress.json"]).expect("progress");
    assert_eq!(progress["standard"], "ST1332");
    assert!(files["README.txt"].contains("Ria Okafor"));
    for (name, text) in &files {
        assert!(
            !text.contains("password_hash") && !text.contains("$argon2"),
            "{name} holds no secret"
        );
        assert!(!text.contains("token_hash"), "{name} holds no session key");
    }

    // Ria's phone gets notifications: its push address is hers too.
    let res = me
        .post(app.url("/api/v1/me/push-subscriptions"))
        .json(
            &json!({"endpoint": "https://fcm.googleapis.com/fcm/send/ria-phone",
            "keys": {"p256dh": PUSH_P256DH, "auth": "8eDyX_uCN0XRhSbY5hs7Hg"}}),
        )
        .send()
        .await
        .expect("subscribe");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // A wrong confirmation erases nothing.
    let erase = |confirm: &str| {
        me.delete(app.url(&format!("/api/v1/users/{id}")))
            .json(&json!({ "confirm": confirm }))
    };
    let (status, err) = error_of(erase("ria@example.com").send().await.expect("erase")).await;
    assert_eq!(
        (status, err["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("confirm"))
    );
    json_of(me.get(app.url("/api/v1/me")).send().await.expect("me")).await;
    // A mentor cannot erase them.
    let (status, _) = error_of(
        mentor
            .delete(app.url(&format!("/api/v1/users/{id}")))
            .json(&json!({"confirm": EMAIL}))
            .send()
            .await
            .expect("erase"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let before = tables_holding(&app, EMAIL).await;
    assert!(before.contains(&"users".to_owned()), "{before:?}");
    let res = erase(" RIA.JOINTER@example.com ")
        .send()
        .await
        .expect("erase");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // Signed out everywhere, and the account cannot sign in again.
    let (status, _) = error_of(me.get(app.url("/api/v1/me")).send().await.expect("me")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        app.login(EMAIL, "a-long-password").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The e-mail, the name, the phone number and their own words are gone from every table.
    for gone in [EMAIL, "Ria Okafor", PHONE, QUESTION, TRAINING, "ria-phone"] {
        assert_eq!(
            tables_holding(&app, gone).await,
            Vec::<String>::new(),
            "{gone} is erased"
        );
    }
    // The evidence stays under the random id, and the chain still verifies.
    let report = services::evidence::trail::verify(&app.db, Some(&id))
        .await
        .expect("verify");
    assert!(report.ok && report.records > 0, "{report:?}");
    let answers: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM interactions WHERE learner_id = $1")
            .bind(&id)
            .fetch_one(&app.db.pool)
            .await
            .expect("count");
    assert_eq!(
        answers as usize,
        ids(&listed).len(),
        "the answers are kept for audit"
    );
    // The badge is revoked; the mentor's board and the admin's list no longer show them.
    let credential: String = sqlx::query_scalar("SELECT id FROM credentials WHERE learner_id = $1")
        .bind(&id)
        .fetch_one(&app.db.pool)
        .await
        .expect("credential");
    let check = json_of(
        new_client()
            .get(app.url(&format!("/api/v1/verify/credential/{credential}")))
            .send()
            .await
            .expect("verify"),
    )
    .await;
    assert_eq!(check["check"]["verdict"], "revoked", "{check}");
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let people = json_of(
        admin
            .get(app.url("/api/v1/admin/users"))
            .send()
            .await
            .expect("people"),
    )
    .await;
    assert!(
        !people.to_string().contains(&id),
        "an erased person is not listed"
    );
    let (status, _) = error_of(admin.get(&link).send().await.expect("download")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "their copy went with them");
}
both_backends!(an_apprentice_takes_a_copy_of_their_data_then_erases_their_account);

async fn an_admin_exports_and_erases_for_someone_and_links_expire(backend: Backend) {
    let clock = Clock::fixed(services::now_ms());
    let Some(app) = app(backend, clock.clone()).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let learner = user_id(&app, "learner@demo.flowline.test").await;
    let url = app.url(&format!("/api/v1/users/{learner}/export"));
    let res = admin.post(&url).send().await.expect("request");
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    work(&app).await;
    let ready = json_of(admin.get(&url).send().await.expect("status")).await["latest"].clone();
    let link = app.url(ready["download_url"].as_str().expect("link"));
    let files = unzip(
        &admin
            .get(&link)
            .send()
            .await
            .expect("download")
            .bytes()
            .await
            .expect("zip"),
    );
    assert!(files["account.json"].contains("learner@demo.flowline.test"));
    assert!(!files["interactions.json"].is_empty());

    // Seven days later the link has expired and the ZIP is gone.
    clock.advance(7 * 24 * 3600 * 1000 + 1);
    work(&app).await;
    let (status, err) = error_of(admin.get(&link).send().await.expect("download")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(err["message"]
        .as_str()
        .expect("message")
        .contains("expired"));
    let later = json_of(admin.get(&url).send().await.expect("status")).await;
    assert_eq!(later["latest"]["status"], "expired");
    assert_eq!(later["latest"]["download_url"], Value::Null);
    let kept: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT archive FROM data_exports WHERE id = $1")
            .bind(ready["id"].as_str().expect("id"))
            .fetch_one(&app.db.pool)
            .await
            .expect("row");
    assert_eq!(kept, None, "the expired ZIP is not kept");

    // The only admin cannot erase themselves (nobody would be left to run Flowline).
    let admin_id = user_id(&app, ADMIN).await;
    let (status, _) = error_of(
        admin
            .delete(app.url(&format!("/api/v1/users/{admin_id}")))
            .json(&json!({"confirm": ADMIN}))
            .send()
            .await
            .expect("erase"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);

    // The admin erases the learner; the learner's open session ends with it.
    let learner_client = signed_in(&app, "learner@demo.flowline.test", DEMO_PASSWORD).await;
    let res = admin
        .delete(app.url(&format!("/api/v1/users/{learner}")))
        .json(&json!({"confirm": "learner@demo.flowline.test"}))
        .send()
        .await
        .expect("erase");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (status, _) = error_of(
        learner_client
            .get(app.url("/api/v1/feed"))
            .send()
            .await
            .expect("feed"),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        tables_holding(&app, "learner@demo.flowline.test").await,
        Vec::<String>::new()
    );
    let (status, _) = error_of(admin.get(&url).send().await.expect("status")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an erased person has no data rights left to use"
    );
}
both_backends!(an_admin_exports_and_erases_for_someone_and_links_expire);

async fn years_of_history_still_export(backend: Backend) {
    let Some(app) = app(backend, Clock::System).await else {
        return;
    };
    let me = signed_in_new(&app).await;
    let id = user_id(&app, EMAIL).await;
    let feed = json_of(me.get(app.url("/api/v1/feed")).send().await.expect("feed")).await;
    let item = feed["items"][0].clone();
    // 2,500 answers: three pages of the log.
    for _ in 0..5 {
        let batch: Vec<Value> = (0..500).map(|_| answered(&item, true)).collect();
        json_of(
            me.post(app.url("/api/v1/interactions"))
                .json(&json!({ "interactions": batch }))
                .send()
                .await
                .expect("post"),
        )
        .await;
    }
    let url = app.url(&format!("/api/v1/users/{id}/export"));
    json_of(me.post(&url).send().await.expect("request")).await;
    work(&app).await;
    let ready = json_of(me.get(&url).send().await.expect("status")).await["latest"].clone();
    let files = unzip(
        &me.get(app.url(ready["download_url"].as_str().expect("link")))
            .send()
            .await
            .expect("get")
            .bytes()
            .await
            .expect("zip"),
    );
    let log: Value = serde_json::from_str(&files["interactions.json"]).expect("json");
    let ids: std::collections::BTreeSet<&str> = log
        .as_array()
        .expect("log")
        .iter()
        .map(|i| i["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), 2_500, "every answer once, across pages");
}
both_backends!(years_of_history_still_export);
