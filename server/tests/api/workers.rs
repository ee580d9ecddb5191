//! Background work on both databases, driven at fixed times the way the server's own workers
//! take turns: a periodic task runs on one instance at a time and once per period; an
//! instance that dies mid-run loses its lease and the task is taken over once.

use crate::both_backends;
use crate::helpers::{spawn_app, Backend};
use server::workers::periodic::{Periodic, Task};
use server::workers::{Turn, Work};
use services::background::{self, LEASE_MS};
use services::store::jobs::{self, JobKind};

async fn last_run(app: &crate::helpers::TestApp, task: Task) -> Option<i64> {
    background::last_runs(&app.db)
        .await
        .expect("last runs")
        .into_iter()
        .find(|(name, _)| name == task.as_str())
        .and_then(|(_, at)| at)
}

async fn a_periodic_task_runs_on_one_instance_once_per_period(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    // A job finished long ago, for the sweep to find.
    let mut conn = app.db.pool.acquire().await.expect("conn");
    jobs::enqueue(&mut conn, JobKind::Render, "render:old:1", "{}", 1_000)
        .await
        .expect("enqueue");
    let job = jobs::claim(&mut conn, JobKind::Render, 1_000)
        .await
        .expect("claim")
        .expect("ready");
    jobs::complete(&mut conn, &job, 1_000).await.expect("done");
    drop(conn);

    // Two instances of the server, each with its job sweeper, ask at the same moment.
    let now = 1_000 + jobs::KEEP_DONE_MS + 1;
    let first = Periodic::new(Task::JobSweep, &app.state, "instance-a");
    let second = Periodic::new(Task::JobSweep, &app.state, "instance-b");
    let (a, b) = tokio::join!(first.turn(now), second.turn(now));
    assert_eq!(a.expect("a"), Turn::Idle);
    assert_eq!(b.expect("b"), Turn::Idle);
    assert_eq!(
        last_run(&app, Task::JobSweep).await,
        Some(now),
        "one of them ran it"
    );
    let mut conn = app.db.pool.acquire().await.expect("conn");
    assert!(
        jobs::latest_for(&mut conn, "render:old:")
            .await
            .expect("latest")
            .is_none(),
        "the finished job was swept"
    );
    drop(conn);

    // Not due again until a period has passed, on either instance.
    let soon = now + Task::JobSweep.every_ms() - 1;
    first.turn(soon).await.expect("a");
    second.turn(soon).await.expect("b");
    assert_eq!(last_run(&app, Task::JobSweep).await, Some(now));
    let due = now + Task::JobSweep.every_ms();
    second.turn(due).await.expect("b");
    assert_eq!(last_run(&app, Task::JobSweep).await, Some(due));
}
both_backends!(a_periodic_task_runs_on_one_instance_once_per_period);

async fn an_instance_that_dies_mid_run_loses_the_task_to_another_once(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let now = 5_000_000;
    // An instance claims the session sweep and dies before it finishes.
    assert!(
        background::claim(&app.db, Task::SessionSweep.as_str(), "dead", now, now)
            .await
            .expect("claim")
    );
    let survivor = Periodic::new(Task::SessionSweep, &app.state, "alive");
    survivor.turn(now + 1_000).await.expect("turn");
    assert_eq!(
        last_run(&app, Task::SessionSweep).await,
        None,
        "held: not run while the lease lasts"
    );
    let after = now + LEASE_MS + 1;
    survivor.turn(after).await.expect("turn");
    assert_eq!(
        last_run(&app, Task::SessionSweep).await,
        Some(after),
        "taken over"
    );
    // The dead instance's late finish changes nothing; the task is not run twice.
    assert!(
        !background::finish(&app.db, Task::SessionSweep.as_str(), "dead", after, now)
            .await
            .expect("finish")
    );
    survivor.turn(after + 1).await.expect("turn");
    assert_eq!(last_run(&app, Task::SessionSweep).await, Some(after));
    assert!(
        !background::extend(&app.db, Task::SessionSweep.as_str(), "dead", after + 2)
            .await
            .expect("extend"),
        "a lost lease cannot be kept"
    );
}
both_backends!(an_instance_that_dies_mid_run_loses_the_task_to_another_once);

async fn a_model_fit_is_first_due_an_hour_after_it_is_first_seen(backend: Backend) {
    let Some(app) = spawn_app(backend).await else {
        return;
    };
    let now = 9_000_000;
    let fitter = Periodic::new(Task::ModelFit, &app.state, "instance-a");
    fitter.turn(now).await.expect("turn");
    assert_eq!(
        last_run(&app, Task::ModelFit).await,
        None,
        "a new deployment waits"
    );
    let hour = now + Task::ModelFit.first_after_ms();
    fitter.turn(hour).await.expect("turn");
    assert_eq!(last_run(&app, Task::ModelFit).await, Some(hour));
}
both_backends!(a_model_fit_is_first_due_an_hour_after_it_is_first_seen);
