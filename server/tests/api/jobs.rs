//! The job queue behind background renders, on both databases: each job runs once at a time,
//! failures retry and then stop, and a crashed worker's job is taken over after its lease.

use crate::both_backends;
use crate::helpers::{spawn_app, Backend};
use services::store::jobs;

async fn a_job_is_queued_once_and_claimed_by_one_worker(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let now = 1_000_000;
    assert!(
        jobs::enqueue(&mut conn, "render_lesson", "render:a", "{}", now)
            .await
            .expect("enqueue")
    );
    assert!(
        !jobs::enqueue(&mut conn, "render_lesson", "render:a", "{}", now)
            .await
            .expect("enqueue"),
        "same key while pending"
    );
    drop(conn);

    // Two workers race for it: exactly one wins.
    let (a, b) = tokio::join!(
        async {
            let mut c = app.db.pool.acquire().await.expect("conn");
            jobs::claim(&mut c, "render_lesson", now)
                .await
                .expect("claim")
        },
        async {
            let mut c = app.db.pool.acquire().await.expect("conn");
            jobs::claim(&mut c, "render_lesson", now)
                .await
                .expect("claim")
        },
    );
    assert_eq!(a.is_some() as u8 + b.is_some() as u8, 1);
    let job = a.or(b).expect("one claim");
    assert_eq!(job.attempts, 1);

    let mut conn = app.db.pool.acquire().await.expect("conn");
    jobs::complete(&mut conn, &job.id, now)
        .await
        .expect("complete");
    assert_eq!(
        jobs::counts(&mut conn, "render_lesson")
            .await
            .expect("counts"),
        (0, 0)
    );
    assert!(
        jobs::enqueue(&mut conn, "render_lesson", "render:a", "{}", now)
            .await
            .expect("enqueue"),
        "done jobs do not block a new one"
    );
}
both_backends!(a_job_is_queued_once_and_claimed_by_one_worker);

async fn a_failing_job_retries_then_stops_and_a_lost_worker_s_job_is_taken_over(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let mut now = 1_000_000;
    jobs::enqueue(&mut conn, "render_lesson", "render:b", "{}", now)
        .await
        .expect("enqueue");
    for attempt in 1..=jobs::MAX_ATTEMPTS {
        let job = jobs::claim(&mut conn, "render_lesson", now)
            .await
            .expect("claim")
            .expect("ready");
        assert_eq!(job.attempts, attempt);
        jobs::fail(&mut conn, &job, "ffmpeg failed", Some(60_000), now)
            .await
            .expect("fail");
        assert!(
            jobs::claim(&mut conn, "render_lesson", now)
                .await
                .expect("claim")
                .is_none(),
            "waits for its retry time"
        );
        now += 60_000;
    }
    assert!(jobs::claim(&mut conn, "render_lesson", now)
        .await
        .expect("claim")
        .is_none());
    assert_eq!(
        jobs::counts(&mut conn, "render_lesson")
            .await
            .expect("counts"),
        (0, 1)
    );

    // A worker that claims a job and dies: the job returns once the lease runs out.
    jobs::enqueue(&mut conn, "render_lesson", "render:c", "{}", now)
        .await
        .expect("enqueue");
    let first = jobs::claim(&mut conn, "render_lesson", now)
        .await
        .expect("claim")
        .expect("ready");
    assert!(jobs::claim(&mut conn, "render_lesson", now + 1000)
        .await
        .expect("claim")
        .is_none());
    let taken = jobs::claim(&mut conn, "render_lesson", now + jobs::LEASE_MS + 1)
        .await
        .expect("claim")
        .expect("taken over");
    assert_eq!((taken.id, taken.attempts), (first.id, 2));
}
both_backends!(a_failing_job_retries_then_stops_and_a_lost_worker_s_job_is_taken_over);
