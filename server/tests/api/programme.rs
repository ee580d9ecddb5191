//! The provider's programme view: the demo cohort with its four classmates, every apprentice
//! against their own plan — who is behind and why, the Gateway forecast against the planned
//! end, off-the-job hours against plan, evidence coverage, withdrawal risk — filtered by
//! cohort and downloaded as CSV with the ILR's off-the-job fields. Admins only.

use crate::both_backends;
use crate::helpers::learning::app_with_lessons_at;
use crate::helpers::people::{signed_in, ADMIN};
use crate::helpers::Backend;
use reqwest::StatusCode;
use serde_json::Value;
use services::demo::DEMO_PASSWORD;
use services::state::Clock;

async fn a_provider_sees_the_whole_programme_against_each_plan(backend: Backend) {
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-02T12:00:00Z")
        .expect("time")
        .timestamp_millis();
    let Some(app) = app_with_lessons_at(backend, Clock::fixed(now)).await else {
        return;
    };
    services::demo_cohort::ensure_classmates(&app.db, now)
        .await
        .expect("seed");
    let admin = signed_in(&app, ADMIN, DEMO_PASSWORD).await;
    let res = admin
        .get(app.url("/api/v1/admin/programme"))
        .send()
        .await
        .expect("programme");
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.expect("json");
    let rows = v["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 5, "{v}");
    let row = |name: &str| {
        rows.iter()
            .find(|r| r["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} in {v}"))
    };
    // Priya started half a year ago: a fifth of her 30-month plan gone, her mastery far below
    // where it should be, and her hours too.
    let priya = row("Priya Shah");
    assert_eq!(priya["status"], "amber");
    assert_eq!(priya["started_on"], "2026-06-05");
    assert_eq!(priya["planned_end_on"], "2028-12-05");
    assert!(
        priya["plan_elapsed"]
            .as_f64()
            .is_some_and(|p| (19.0..21.0).contains(&p)),
        "{priya}"
    );
    let risks: Vec<&str> = priya["risks"]
        .as_array()
        .expect("risks")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        risks.iter().any(|r| r.starts_with("Behind their plan")),
        "{risks:?}"
    );
    assert!(
        risks
            .iter()
            .any(|r| r.starts_with("Off-the-job hours behind plan")),
        "{risks:?}"
    );
    assert_ne!(priya["withdrawal_risk"], "low");
    // Sam has not learned for five days: the mentor's red, and a withdrawal risk.
    let sam = row("Sam Reid");
    assert_eq!(sam["status"], "red");
    assert_eq!(sam["withdrawal_risk"], "high", "{sam}");
    // Every row carries its Gateway forecast and evidence coverage.
    for r in rows {
        assert_eq!(r["ksbs_total"], 30, "{r}");
        assert!(r["gateway_summary"].as_str().is_some_and(|s| !s.is_empty()));
        assert_eq!(r["otj_min"], 696);
        assert_eq!(r["learn_ref"].as_str().map(str::len), Some(12));
    }

    // One cohort; an unknown cohort is named.
    let cohort = v["cohorts"][0]["id"].as_str().expect("cohort");
    let one: Value = admin
        .get(app.url(&format!("/api/v1/admin/programme?cohort={cohort}")))
        .send()
        .await
        .expect("programme")
        .json()
        .await
        .expect("json");
    assert_eq!(one["rows"].as_array().map(Vec::len), Some(5));
    let none = admin
        .get(app.url("/api/v1/admin/programme?cohort=nope"))
        .send()
        .await
        .expect("programme");
    assert_eq!(none.status(), StatusCode::NOT_FOUND);

    // The CSV: a header with the ILR's fields and a row per apprentice.
    let res = admin
        .get(app.url("/api/v1/admin/programme.csv"))
        .send()
        .await
        .expect("csv");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"]
        .to_str()
        .expect("header")
        .contains("programme-2026-12-02.csv"));
    let text = res.text().await.expect("csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    for field in [
        "Apprentice",
        "Planned end",
        "Gateway forecast",
        "LearnRefNumber",
        "PHours",
        "OTJActHours",
    ] {
        assert!(header.iter().any(|h| h == field), "{field} in {header:?}");
    }
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 5);
    let priya_line = records
        .iter()
        .find(|r| &r[0] == "Priya Shah")
        .expect("Priya's row");
    assert_eq!(&priya_line[3], "amber");
    assert_eq!(&priya_line[23], "696");

    // Not for mentors.
    let mentor = signed_in(&app, "mentor@demo.flowline.test", DEMO_PASSWORD).await;
    let res = mentor
        .get(app.url("/api/v1/admin/programme"))
        .send()
        .await
        .expect("programme");
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
both_backends!(a_provider_sees_the_whole_programme_against_each_plan);
