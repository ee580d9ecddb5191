//! Stories of the `flowline` command line, working on the same database as the server.

use crate::both_backends;
use crate::helpers::{fresh_database, Backend};
use server::cli::{self, CliError};
use server::config::Settings;
use std::io::Cursor;

async fn the_first_admin_is_created_from_the_command_line(backend: Backend) {
    let dir = tempfile::tempdir().expect("dir");
    let Some(url) = fresh_database(backend, dir.path()).await else {
        return;
    };
    let _database = crate::helpers::DatabaseGuard(url.clone());
    let settings = Settings {
        data_dir: dir.path().to_path_buf(),
        database_url: Some(url.clone()),
        ..Settings::default()
    };

    // The password never goes on the command line.
    let refused = cli::admin_create(
        &settings,
        "boss@provider.org",
        "Pat",
        false,
        Cursor::new(""),
    )
    .await;
    assert!(matches!(refused, Err(CliError::Usage(_))));
    // A weak password is refused with the reason.
    let weak = cli::admin_create(
        &settings,
        "boss@provider.org",
        "Pat",
        true,
        Cursor::new("short\n"),
    )
    .await;
    assert!(weak.is_err_and(|e| e.to_string().contains("at least 10 characters")));

    cli::admin_create(
        &settings,
        "Boss@Provider.org",
        "Pat",
        true,
        Cursor::new("a-long-admin-passphrase\n"),
    )
    .await
    .expect("admin created");
    let again = cli::admin_create(
        &settings,
        "boss@provider.org",
        "Pat",
        true,
        Cursor::new("another-passphrase\n"),
    )
    .await;
    assert!(again.is_err_and(|e| e.to_string().contains("already exists")));

    let db = services::db::connect(&url, 1).await.expect("db");
    let role: String =
        sqlx::query_scalar("SELECT role FROM users WHERE email = 'boss@provider.org'")
            .fetch_one(&db.pool)
            .await
            .expect("admin row");
    assert_eq!(role, "admin");

    // The same command line imports a standard file; a broken file changes nothing.
    let file = dir.path().join("standard.json");
    std::fs::write(&file, r#"{"referenceNumber":"ST0998","title":"Test","level":3,"knowledges":[{"knowledgeId":"k1","detail":"Ohm's law"}]}"#)
        .expect("write");
    cli::import_standard(&settings, &file, false)
        .await
        .expect("imported");
    std::fs::write(&file, r#"{"referenceNumber":"ST0997","title":"Broken","level":3,"knowledges":[{"knowledgeId":"k1"}]}"#)
        .expect("write");
    let broken = cli::import_standard(&settings, &file, false).await;
    assert!(broken.is_err_and(|e| e.to_string().contains("knowledges[0].detail")));
    let refs: Vec<String> =
        sqlx::query_scalar("SELECT reference FROM standards ORDER BY reference")
            .fetch_all(&db.pool)
            .await
            .expect("standards");
    assert_eq!(refs, ["ST0998"]);
}
both_backends!(the_first_admin_is_created_from_the_command_line);
