//! A thousand apprentices at once: each signs up and in, then, over and over, reads the feed,
//! fetches the first range of a lesson's video (as a phone's player does), answers its quick
//! check and reads their progress. Run by scripts/bench-load.sh against a release build.

use goose::prelude::*;
use serde_json::{json, Value};
use std::time::Duration;

/// What a simulated learner keeps between requests: the lessons of their feed.
#[derive(Clone)]
struct Feed {
    items: Vec<Value>,
    next: usize,
}

async fn sign_up(user: &mut GooseUser) -> TransactionResult {
    let email = format!("load-{}@example.com", uuid::Uuid::new_v4().simple());
    let password = "a long load-test password";
    let register = json!({"email": email, "password": password, "display_name": "Load Learner", "timezone": "Europe/London"});
    // A phone told "too many at this moment" (429) waits a few seconds and tries again, as the
    // app does; each refusal still counts in the report.
    for attempt in 0..6u64 {
        let goose = user.post_json("/api/v1/auth/register", &register).await?;
        let busy = matches!(&goose.response, Ok(r) if r.status().as_u16() == 429);
        if !busy {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2_000 + 1_000 * attempt)).await;
    }
    for attempt in 0..6u64 {
        let goose = user
            .post_json("/api/v1/auth/login", &json!({"email": email, "password": password}))
            .await?;
        let busy = matches!(&goose.response, Ok(r) if r.status().as_u16() == 429);
        if !busy {
            break;
        }
        tokio::time::sleep(Duration::from_millis(2_000 + 1_000 * attempt)).await;
    }
    read_feed(user).await
}

async fn read_feed(user: &mut GooseUser) -> TransactionResult {
    let mut goose = user.get("/api/v1/feed").await?;
    let Ok(response) = goose.response else {
        return Ok(());
    };
    let Ok(feed) = response.json::<Value>().await else {
        return user.set_failure("feed is not JSON", &mut goose.request, None, None);
    };
    let items: Vec<Value> = feed["items"].as_array().cloned().unwrap_or_default();
    if items.is_empty() {
        return user.set_failure("empty feed", &mut goose.request, None, None);
    }
    user.set_session_data(Feed { items, next: 0 });
    Ok(())
}

fn current(user: &mut GooseUser) -> Option<Value> {
    let feed = user.get_session_data_mut::<Feed>()?;
    let item = feed.items.get(feed.next % feed.items.len()).cloned();
    feed.next += 1;
    item
}

async fn watch_video(user: &mut GooseUser) -> TransactionResult {
    let Some(item) = user.get_session_data::<Feed>().and_then(|f| f.items.get(f.next % f.items.len()).cloned()) else {
        return Ok(());
    };
    let url = item["video_url"].as_str().unwrap_or_default().to_owned();
    let request = user
        .get_request_builder(&GooseMethod::Get, &url)?
        .header("Range", "bytes=0-262143");
    let goose_request = GooseRequest::builder()
        .method(GooseMethod::Get)
        .path(url.as_str())
        .name("GET /media/…/video.mp4 (first 256 KiB)")
        .set_request_builder(request)
        .expect_status_code(206)
        .build();
    let _ = user.request(goose_request).await?;
    Ok(())
}

async fn answer_check(user: &mut GooseUser) -> TransactionResult {
    let Some(item) = current(user) else {
        return Ok(());
    };
    let answers: Vec<Value> = item["questions"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|q| json!({"question_id": q["id"], "response": q["answer"]}))
        .collect();
    if answers.is_empty() {
        return Ok(());
    }
    let body = json!({"interactions": [{
        "id": uuid::Uuid::new_v4().to_string(),
        "content_id": item["content_id"],
        "kind": "answered",
        "occurred_at": chrono::Utc::now().to_rfc3339(),
        "time_spent_s": 20.0,
        "answers": answers,
    }]});
    let _ = user.post_json("/api/v1/interactions", &body).await?;
    Ok(())
}

async fn read_progress(user: &mut GooseUser) -> TransactionResult {
    let _ = user.get("/api/v1/progress").await?;
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), GooseError> {
    GooseAttack::initialize()?
        .register_scenario(
            scenario!("Apprentice")
                .set_wait_time(Duration::from_millis(500), Duration::from_millis(3000))?
                .register_transaction(transaction!(sign_up).set_on_start().set_name("sign up, sign in, feed"))
                .register_transaction(transaction!(read_feed).set_name("feed").set_weight(3)?)
                .register_transaction(transaction!(watch_video).set_name("video range").set_weight(3)?)
                .register_transaction(transaction!(answer_check).set_name("answer").set_weight(2)?)
                .register_transaction(transaction!(read_progress).set_name("progress")),
        )
        .execute()
        .await?;
    Ok(())
}
