//! A phone that hangs up mid-request cancels the server's work for it. Whatever point that
//! cancellation reaches, no connection may go back to the pool still inside a transaction:
//! on SQLite it would hold the write lock for good, and every sign-in, registration and sync
//! after it would fail with "database is locked".

use crate::both_backends;
use crate::helpers::{fresh_database, Backend};
use sqlx::Connection;
use std::time::Duration;

/// A write that gets through and is committed: another connection sees it.
async fn write_goes_through(db: &services::db::Db, url: &str, what: &str) {
    let key = services::new_id();
    for _ in 0..3 {
        let mut tx = tokio::time::timeout(Duration::from_secs(3), db.begin_write())
            .await
            .unwrap_or_else(|_| panic!("{what}: the write lock is still held"))
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        sqlx::query("INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, 0)")
            .bind(format!("{key}-{}", services::new_id()))
            .execute(&mut *tx)
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        tx.commit().await.expect("commit");
    }
    let mut other = sqlx::AnyConnection::connect(url).await.expect("other");
    let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM login_throttle WHERE key LIKE $1")
        .bind(format!("{key}-%"))
        .fetch_one(&mut other)
        .await
        .expect("count");
    assert_eq!(seen, 3, "{what}: committed writes are seen by everyone");
}

async fn a_hung_up_request_never_leaves_the_database_locked(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let Some(url) = fresh_database(backend, dir.path()).await else {
        return;
    };
    let _database = crate::helpers::DatabaseGuard(url.clone());
    let db = services::db::connect(&url, 3).await.expect("connect");

    // Writes cancelled at every point of their start, while another write holds the lock
    // and when none does.
    for round in 0..60u64 {
        let holder = if round % 2 == 0 {
            Some(db.begin_write().await.expect("holder"))
        } else {
            None
        };
        let wait = Duration::from_micros(round * 37 % 900);
        let _ = tokio::time::timeout(wait, db.begin_write()).await;
        drop(holder);
        tokio::task::yield_now().await;
    }
    write_goes_through(&db, &url, "after cancelled starts").await;

    // A connection handed back with its transaction still open (a Transaction that was never
    // finished nor dropped) is closed, not lent to the next request.
    for _ in 0..3 {
        let mut conn = db.pool.acquire().await.expect("conn");
        let mut tx = conn.begin().await.expect("begin");
        sqlx::query("INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, 0)")
            .bind(services::new_id())
            .execute(&mut *tx)
            .await
            .expect("write");
        std::mem::forget(tx);
        drop(conn);
    }
    write_goes_through(&db, &url, "after leaked transactions").await;
}
both_backends!(a_hung_up_request_never_leaves_the_database_locked);
