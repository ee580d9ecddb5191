//! The job queue behind background renders, on both databases: each job runs once at a time,
//! failures retry and then stop, and a crashed worker's job is taken over after its lease.

use crate::both_backends;
use crate::helpers::{spawn_app, Backend};
use services::store::jobs::{self, JobKind};

async fn a_job_is_queued_once_and_claimed_by_one_worker(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let now = 1_000_000;
    assert!(
        jobs::enqueue(&mut conn, JobKind::Render, "render:a", "{}", now)
            .await
            .expect("enqueue")
    );
    assert!(
        !jobs::enqueue(&mut conn, JobKind::Render, "render:a", "{}", now)
            .await
            .expect("enqueue"),
        "same key while pending"
    );
    drop(conn);

    // Two workers race for it: exactly one wins.
    let (a, b) = tokio::join!(
        async {
            let mut c = app.db.pool.acquire().await.expect("conn");
            jobs::claim(&mut c, JobKind::Render, now)
                .await
                .expect("claim")
        },
        async {
            let mut c = app.db.pool.acquire().await.expect("conn");
            jobs::claim(&mut c, JobKind::Render, now)
                .await
                .expect("claim")
        },
    );
    assert_eq!(a.is_some() as u8 + b.is_some() as u8, 1);
    let job = a.or(b).expect("one claim");
    assert_eq!(job.attempts, 1);

    let mut conn = app.db.pool.acquire().await.expect("conn");
    jobs::complete(&mut conn, &job, now)
        .await
        .expect("complete");
    assert_eq!(
        jobs::counts(&mut conn, JobKind::Render)
            .await
            .expect("counts"),
        (0, 0)
    );
    assert!(
        jobs::enqueue(&mut conn, JobKind::Render, "render:a", "{}", now)
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
    jobs::enqueue(&mut conn, JobKind::Render, "render:b", "{}", now)
        .await
        .expect("enqueue");
    for attempt in 1..=jobs::MAX_ATTEMPTS {
        let job = jobs::claim(&mut conn, JobKind::Render, now)
            .await
            .expect("claim")
            .expect("ready");
        assert_eq!(job.attempts, attempt);
        jobs::fail(&mut conn, &job, "ffmpeg failed", Some(60_000), now)
            .await
            .expect("fail");
        assert!(
            jobs::claim(&mut conn, JobKind::Render, now)
                .await
                .expect("claim")
                .is_none(),
            "waits for its retry time"
        );
        now += 60_000;
    }
    assert!(jobs::claim(&mut conn, JobKind::Render, now)
        .await
        .expect("claim")
        .is_none());
    assert_eq!(
        jobs::counts(&mut conn, JobKind::Render)
            .await
            .expect("counts"),
        (0, 1)
    );

    // A worker that claims a job and dies: the job returns once the lease runs out.
    jobs::enqueue(&mut conn, JobKind::Render, "render:c", "{}", now)
        .await
        .expect("enqueue");
    let first = jobs::claim(&mut conn, JobKind::Render, now)
        .await
        .expect("claim")
        .expect("ready");
    assert!(jobs::claim(&mut conn, JobKind::Render, now + 1000)
        .await
        .expect("claim")
        .is_none());
    let taken = jobs::claim(&mut conn, JobKind::Render, now + jobs::LEASE_MS + 1)
        .await
        .expect("claim")
        .expect("taken over");
    assert_eq!((taken.id.clone(), taken.attempts), (first.id.clone(), 2));

    // The first worker comes back: its lease is gone, so it can neither record progress nor
    // complete or fail the job; the worker that took it over finishes it, once.
    let later = now + jobs::LEASE_MS + 2;
    for refused in [
        jobs::set_progress(&mut conn, &first, 0.5, later).await,
        jobs::complete(&mut conn, &first, later).await,
        jobs::fail(&mut conn, &first, "late", Some(1000), later).await,
    ] {
        assert_eq!(
            refused.expect_err("lost lease").code,
            flowline_core::error::ErrorCode::Conflict
        );
    }
    jobs::complete(&mut conn, &taken, later)
        .await
        .expect("the new holder completes");
    assert!(
        jobs::claim(&mut conn, JobKind::Render, later + jobs::LEASE_MS * 2)
            .await
            .expect("claim")
            .is_none()
    );
}
both_backends!(a_failing_job_retries_then_stops_and_a_lost_worker_s_job_is_taken_over);

async fn a_long_job_that_makes_progress_keeps_its_lease_and_finished_jobs_are_swept(
    backend: Backend,
) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let mut conn = app.db.pool.acquire().await.expect("conn");
    let mut now = 1_000_000;
    jobs::enqueue(&mut conn, JobKind::Render, "render:long", "{}", now)
        .await
        .expect("enqueue");
    let job = jobs::claim(&mut conn, JobKind::Render, now)
        .await
        .expect("claim")
        .expect("ready");
    // Three lease lengths of work, reporting progress along the way: nobody takes it over.
    for step in 1..=6 {
        now += jobs::LEASE_MS / 2;
        jobs::set_progress(&mut conn, &job, f64::from(step) / 6.0, now)
            .await
            .expect("progress while the lease holds");
        assert!(
            jobs::claim(&mut conn, JobKind::Render, now + 1)
                .await
                .expect("claim")
                .is_none(),
            "a job that makes progress is not taken over"
        );
    }
    jobs::complete(&mut conn, &job, now)
        .await
        .expect("complete");

    // Kept for 30 days (someone may look at it), then swept; a failed job is kept.
    jobs::enqueue(&mut conn, JobKind::Render, "render:bad", "{}", now)
        .await
        .expect("enqueue");
    let bad = jobs::claim(&mut conn, JobKind::Render, now)
        .await
        .expect("claim")
        .expect("ready");
    jobs::fail(&mut conn, &bad, "no voice", None, now)
        .await
        .expect("fail");
    assert_eq!(
        jobs::sweep(&mut conn, now - 1).await.expect("sweep"),
        0,
        "nothing finished before then"
    );
    assert_eq!(
        jobs::sweep(&mut conn, now + jobs::KEEP_DONE_MS)
            .await
            .expect("sweep"),
        1
    );
    assert_eq!(
        jobs::counts(&mut conn, JobKind::Render)
            .await
            .expect("counts"),
        (0, 1),
        "the failure is still there to read"
    );
}
both_backends!(a_long_job_that_makes_progress_keeps_its_lease_and_finished_jobs_are_swept);
