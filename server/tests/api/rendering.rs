//! Stories of the server under real use: every page is built once per request, renders
//! never hang however many run at once (or while another router is being built), and
//! concurrent writes never end in a 500.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons;
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::{new_client, Backend, TestApp};
use reqwest::{Client, StatusCode};
use serde_json::json;
use services::demo::DEMO_PASSWORD;
use std::time::Duration;

const LEARNER: &str = "learner@demo.flowline.test";
const MENTOR: &str = "mentor@demo.flowline.test";
const EMPLOYER: &str = "employer@demo.flowline.test";

/// GETs a page as a browser does and returns the status and the server fns it ran.
async fn page(app: &TestApp, who: &Client, path: &str) -> (StatusCode, Vec<(String, u64)>) {
    app.calls.reset();
    let res = who
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .expect("page");
    let status = res.status();
    let _ = res.text().await.expect("html");
    (status, app.calls.snapshot().into_iter().collect())
}

async fn each_page_fetches_its_data_once_per_visit(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let employer = signed_in(&app, EMPLOYER, DEMO_PASSWORD).await;
    let alex_id = crate::helpers::mentor::user_id(&app, LEARNER).await;
    let alex = format!("/employer/apprentices/{alex_id}");
    let drilldown = format!("/instructor/learners/{alex_id}");
    let review: serde_json::Value = mentor
        .post(app.url(&format!("/api/v1/learners/{alex_id}/reviews")))
        .send()
        .await
        .expect("draft")
        .json()
        .await
        .expect("json");
    let review = format!("/reviews/{}", review["id"].as_str().expect("review"));
    let visits: [(&Client, &str, &str); 12] = [
        (&mentor, &drilldown, "learner_detail"),
        (&mentor, &review, "get_review"),
        (&learner, &review, "get_review"),
        (&learner, "/", "get_feed"),
        (&employer, "/employer", "employer_home"),
        (&employer, &alex, "learner_readiness"),
        (&learner, "/progress", "get_progress"),
        (&mentor, "/instructor", "instructor_home"),
        (&admin, "/admin", "admin_overview"),
        (&admin, "/admin/people", "admin_users"),
        (&admin, "/admin/cohorts", "admin_cohorts_page"),
        (&admin, "/admin/lessons", "studio_lessons"),
    ];
    for (who, path, data) in visits {
        let (status, calls) = page(&app, who, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        let ran = |name: &str| {
            calls
                .iter()
                .filter(|(n, _)| n.ends_with(&format!("::{name}")))
                .map(|(_, c)| *c)
                .sum::<u64>()
        };
        assert_eq!(ran(data), 1, "{path} loads its data once: {calls:?}");
        assert_eq!(
            ran("get_me"),
            1,
            "{path} asks who is signed in once: {calls:?}"
        );
        assert!(
            calls.iter().all(|(_, c)| *c == 1),
            "{path}: every server fn ran once: {calls:?}"
        );
    }
}
both_backends!(each_page_fetches_its_data_once_per_visit);

/// 16 tasks interleave 200 page renders (visitor and signed-in, several routes) with 200
/// REST calls while another thread keeps building routers: nothing hangs, nothing fails.
async fn pages_and_api_calls_at_once_never_hang(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let app = std::sync::Arc::new(app);
    let learner = signed_in(&app, LEARNER, DEMO_PASSWORD).await;
    let mentor = signed_in(&app, MENTOR, DEMO_PASSWORD).await;
    let visitor = new_client();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let builder = {
        let (state, stop) = (app.state.clone(), stop.clone());
        std::thread::spawn(move || {
            let settings = server::config::Settings::default();
            let mut built = 0;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) || built == 0 {
                drop(server::router::router(state.clone(), &settings));
                built += 1;
            }
            built
        })
    };
    let mut tasks = Vec::new();
    for t in 0..16 {
        let (app, learner, mentor, visitor) = (
            app.clone(),
            learner.clone(),
            mentor.clone(),
            visitor.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut failures = Vec::new();
            for i in 0..25 {
                let n = t * 25 + i;
                let (who, path, html) = match n % 8 {
                    0 => (&visitor, "/login", true),
                    1 => (&visitor, "/progress", true),
                    2 => (&learner, "/", true),
                    3 => (&learner, "/progress", true),
                    4 => (&mentor, "/instructor", true),
                    5 => (&learner, "/api/v1/feed", false),
                    6 => (&learner, "/api/v1/progress", false),
                    _ => (&mentor, "/api/v1/mentor/cohorts", false),
                };
                let mut req = who.get(app.url(path));
                if html {
                    req = req.header("accept", "text/html");
                }
                match tokio::time::timeout(Duration::from_secs(30), req.send()).await {
                    Err(_) => failures.push(format!("{path}: no answer in 30 s")),
                    Ok(Err(e)) => failures.push(format!("{path}: {e}")),
                    Ok(Ok(res)) => {
                        let status = res.status();
                        let body = tokio::time::timeout(Duration::from_secs(30), res.text()).await;
                        match body {
                            Ok(Ok(body)) if status.is_success() || status == StatusCode::FOUND => {
                                if html && status.is_success() && body.contains("went wrong") {
                                    failures.push(format!("{path}: an error page"));
                                }
                            }
                            Ok(Ok(body)) => failures.push(format!("{path}: {status} {body}")),
                            Ok(Err(e)) => failures.push(format!("{path}: body {e}")),
                            Err(_) => failures.push(format!("{path}: body never finished")),
                        }
                    }
                }
            }
            failures
        }));
    }
    let mut failures = Vec::new();
    for t in tasks {
        failures.extend(t.await.expect("task"));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let built = builder.join().expect("router builder");
    assert!(built > 0);
    assert!(
        failures.is_empty(),
        "{} of 400 failed: {failures:#?}",
        failures.len()
    );
}
both_backends!(pages_and_api_calls_at_once_never_hang);

/// Eight identical creates at once: one cohort, seven clear conflicts, no 500; eight drafts
/// with one title get eight slugs; saves and publishes of one lesson at once all succeed.
async fn identical_writes_at_once_never_fail_on_our_side(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let at_once = |path: String, body: serde_json::Value, method: reqwest::Method| {
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (c, url, body, method) =
                    (admin.clone(), app.url(&path), body.clone(), method.clone());
                tokio::spawn(async move {
                    let res = c
                        .request(method, url)
                        .json(&body)
                        .send()
                        .await
                        .expect("send");
                    (res.status(), res.text().await.unwrap_or_default())
                })
            })
            .collect();
        async move {
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.expect("task"));
            }
            out
        }
    };
    let cohorts = at_once(
        "/api/v1/admin/cohorts".into(),
        json!({"name": "Night shift", "standard": "ST1332"}),
        reqwest::Method::POST,
    )
    .await;
    let created = cohorts
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    let conflicts = cohorts
        .iter()
        .filter(|(s, _)| *s == StatusCode::CONFLICT)
        .count();
    assert_eq!((created, conflicts), (1, 7), "{cohorts:#?}");
    assert!(cohorts
        .iter()
        .filter(|(s, _)| *s == StatusCode::CONFLICT)
        .all(|(_, b)| b.contains("\"field\":\"name\"")));

    let drafts = at_once(
        "/api/v1/admin/lessons".into(),
        json!({"title": "Heat-shrink a trifurcation", "standard": "ST1332", "difficulty": 2}),
        reqwest::Method::POST,
    )
    .await;
    assert!(
        drafts.iter().all(|(s, _)| *s == StatusCode::CREATED),
        "{drafts:#?}"
    );
    let mut slugs: Vec<String> = drafts
        .iter()
        .map(|(_, b)| {
            let v: serde_json::Value = serde_json::from_str(b).expect("json");
            v["slug"].as_str().expect("slug").to_owned()
        })
        .collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 8, "one slug each: {slugs:?}");

    let lessons: serde_json::Value = admin
        .get(app.url("/api/v1/admin/lessons?status=published"))
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let id = lessons[0]["id"]
        .as_str()
        .expect("a published lesson")
        .to_owned();
    let detail: serde_json::Value = admin
        .get(app.url(&format!("/api/v1/admin/lessons/{id}")))
        .send()
        .await
        .expect("detail")
        .json()
        .await
        .expect("json");
    let publish_path = format!("/api/v1/admin/lessons/{id}/publish");
    let publishes = at_once(publish_path, json!({}), reqwest::Method::POST).await;
    assert!(
        publishes.iter().all(|(s, _)| s.is_success()),
        "{publishes:#?}"
    );
    let save = json!({
        "title": detail["title"], "difficulty": detail["difficulty"],
        "transcript": detail["transcript"], "ksbs": detail["ksbs"],
        "questions": detail["questions"],
    });
    let save_path = format!("/api/v1/admin/lessons/{id}");
    let saves = at_once(save_path, save, reqwest::Method::PUT).await;
    assert!(
        saves.iter().all(|(s, _)| s.as_u16() < 500),
        "no save fails on our side: {saves:#?}"
    );
}
both_backends!(identical_writes_at_once_never_fail_on_our_side);

/// Each role's tab bar holds the places that person works in, and no dead ends.
async fn each_role_sees_its_own_tabs(backend: Backend) {
    let Some(app) = app_with_lessons(backend).await else {
        return;
    };
    // The links of the tab bar, in order, from the server-rendered page.
    let tabs = |html: &str| -> Vec<String> {
        let nav = html
            .split("class=\"bottom-nav\">")
            .nth(1)
            .and_then(|rest| rest.split("</nav>").next())
            .unwrap_or("");
        nav.split("<a ")
            .skip(1)
            .filter_map(|a| {
                let tag = a.split('>').next()?;
                let href = tag.split("href=\"").nth(1)?.split('"').next()?;
                Some(href.to_owned())
            })
            .collect()
    };
    for (email, start, expected) in [
        (LEARNER, "/", vec!["/", "/progress", "/coach", "/me"]),
        (MENTOR, "/instructor", vec!["/instructor", "/me"]),
        (ADMIN, "/admin", vec!["/instructor", "/admin", "/me"]),
        (
            "assessor@demo.flowline.test",
            "/assessor",
            vec!["/assessor", "/me"],
        ),
        (EMPLOYER, "/employer", vec!["/employer", "/me"]),
    ] {
        let who = signed_in(&app, email, DEMO_PASSWORD).await;
        let html = who
            .get(app.url(start))
            .header("accept", "text/html")
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert_eq!(tabs(&html), expected, "{email} on {start}");
    }
}
both_backends!(each_role_sees_its_own_tabs);
