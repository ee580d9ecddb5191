//! The storage contract, told as one story and run against SQLite and PostgreSQL alike.

use crate::both_backends;
use crate::helpers::{fresh_database, Backend};
use flowline_core::domain::Role;
use flowline_core::error::ErrorCode;
use services::demo;
use services::password;
use services::store::{cohorts, sessions, standards, throttle, users};

async fn the_storage_story(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let Some(url) = fresh_database(backend, dir.path()).await else {
        return;
    };
    let _database = crate::helpers::DatabaseGuard(url.clone());
    let db = services::db::connect(&url, 3)
        .await
        .expect("connect and migrate");
    // Migrating an up-to-date database again is harmless.
    let db2 = services::db::connect(&url, 1).await.expect("second start");
    drop(db2);
    let mut conn = db.pool.acquire().await.expect("conn");
    let now = 1_780_000_000_000_i64;

    // An account is stored with its hash and found again by e-mail.
    let hash = password::hash("a-long-password".into())
        .await
        .expect("hash");
    let id = services::new_id();
    let new = users::NewUser {
        id: &id,
        email: "sam@example.com",
        display_name: "Sam",
        password_hash: &hash,
        role: Role::Learner,
        timezone: "Europe/London",
        now,
    };
    users::insert(&mut conn, &new).await.expect("insert");
    let (found, stored) = users::find_credentials(&mut conn, "sam@example.com")
        .await
        .expect("q")
        .expect("found");
    assert_eq!(found.id, id);
    assert_eq!(found.role, Role::Learner);
    assert!(password::verify("a-long-password".into(), Some(stored))
        .await
        .expect("verify"));

    // The same e-mail twice is a conflict on the e-mail field, not a crash.
    let other_id = services::new_id();
    let dup = users::NewUser {
        id: &other_id,
        ..new
    };
    let err = users::insert(&mut conn, &dup).await.expect_err("duplicate");
    assert_eq!(err.code, ErrorCode::Conflict);
    assert_eq!(err.field.as_deref(), Some("email"));

    // A session opens the account until it expires.
    sessions::insert(&mut conn, "hash-1", &id, now, now + 1000)
        .await
        .expect("session");
    assert!(sessions::find_user(&mut conn, "hash-1", now + 999)
        .await
        .expect("q")
        .is_some());
    assert!(sessions::find_user(&mut conn, "hash-1", now + 1000)
        .await
        .expect("q")
        .is_none());
    assert_eq!(
        sessions::delete_expired(&mut conn, now + 1000)
            .await
            .expect("sweep"),
        1
    );

    // A session cannot point at an account that does not exist (foreign keys are on).
    assert!(
        sessions::insert(&mut conn, "hash-2", "no-such-user", now, now + 1)
            .await
            .is_err()
    );

    // Failed sign-ins count, are forgiven one at a time, and are forgotten after a quiet
    // window (measured from the last failure, not the first).
    let key = "account:sam";
    assert_eq!(
        throttle::hold(&mut conn, key, now, 60_000)
            .await
            .expect("hold"),
        throttle::Counter::default()
    );
    for t in [now, now + 30_000, now + 50_000] {
        throttle::hold(&mut conn, key, t, 60_000)
            .await
            .expect("hold");
        throttle::count(&mut conn, key, t).await.expect("count");
    }
    let held = throttle::hold(&mut conn, key, now + 100_000, 60_000)
        .await
        .expect("hold");
    assert_eq!(
        held,
        throttle::Counter {
            failures: 3,
            last_failure_at: now + 50_000
        }
    );
    throttle::forgive(&mut conn, key).await.expect("forgive");
    let held = throttle::hold(&mut conn, key, now + 100_000, 60_000)
        .await
        .expect("hold");
    assert_eq!(held.failures, 2);
    let quiet = throttle::hold(&mut conn, key, now + 110_000, 60_000)
        .await
        .expect("hold");
    assert_eq!(quiet.failures, 0, "a minute without failures");
    throttle::count(&mut conn, key, now + 110_000)
        .await
        .expect("count");
    throttle::clear(&mut conn, key).await.expect("clear");
    assert_eq!(
        throttle::hold(&mut conn, key, now + 110_001, 60_000)
            .await
            .expect("hold")
            .failures,
        0
    );

    // Standards and cohorts are created once; membership is idempotent.
    let s = standards::NewStandard {
        reference: "ST0000",
        title: "Test standard",
        level: 3,
        version: "1.0",
        source: standards::StandardSource::Official,
    };
    let sid = standards::ensure(&mut conn, &s, now)
        .await
        .expect("standard");
    assert_eq!(
        standards::ensure(&mut conn, &s, now).await.expect("again"),
        sid
    );
    let cid = cohorts::ensure(&mut conn, "Spring intake", &sid, now)
        .await
        .expect("cohort");
    assert_eq!(
        cohorts::ensure(&mut conn, "Spring intake", &sid, now)
            .await
            .expect("again"),
        cid
    );
    cohorts::add_member(&mut conn, &cid, &id, Role::Learner, now)
        .await
        .expect("member");
    cohorts::add_member(&mut conn, &cid, &id, Role::Learner, now)
        .await
        .expect("member again");
    let mine = cohorts::for_user(&mut conn, &id).await.expect("cohorts");
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].standard, "ST0000");
    assert_eq!(mine[0].learners, 1);
    drop(conn);

    // Demo mode can run on every start without creating anything twice: one account per
    // role (the line manager linked to the demo apprentice once).
    let first = demo::ensure_demo(&db, now).await.expect("demo");
    let again = demo::ensure_demo(&db, now).await.expect("demo again");
    assert_eq!(first.len(), 5);
    assert_eq!(again.len(), 5);
    let links: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM employer_links")
        .fetch_one(&db.pool)
        .await
        .expect("links");
    assert_eq!(links, 1);
    let accounts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email LIKE '%@demo.flowline.test'")
            .fetch_one(&db.pool)
            .await
            .expect("count");
    assert_eq!(accounts, 5);
    let members: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN cohorts c ON c.id = m.cohort_id WHERE c.name = $1",
    )
    .bind(demo::DEMO_COHORT)
    .fetch_one(&db.pool)
    .await
    .expect("count");
    assert_eq!(
        members, 2,
        "the demo learner and mentor are in the demo cohort"
    );
}
both_backends!(the_storage_story);
