//! The two migration dialects describe one schema: after migrating, SQLite and PostgreSQL
//! have the same tables, columns (name, kind, nullability) and named indexes.

use crate::helpers::{fresh_database, Backend};
use sqlx::Row;
use std::collections::BTreeSet;

/// (table, column, kind, nullable) for every column, and every named index.
type Shape = (
    BTreeSet<(String, String, &'static str, bool)>,
    BTreeSet<String>,
);

/// Types that mean the same thing on both backends (ids TEXT, times and flags BIGINT,
/// reals DOUBLE), normalised.
fn kind(raw: &str) -> &'static str {
    match raw.to_ascii_lowercase().as_str() {
        "integer" | "bigint" | "int8" | "int" => "int",
        "real" | "double precision" | "float8" | "double" => "real",
        "text" => "text",
        "blob" | "bytea" => "bytes",
        _ => "other",
    }
}

async fn sqlite_shape(url: &str) -> Shape {
    let db = services::db::connect(url, 1).await.expect("migrate");
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("tables");
    let mut columns = BTreeSet::new();
    for t in &tables {
        let rows = sqlx::query(&format!(
            "SELECT name, type, \"notnull\", pk FROM pragma_table_info('{t}')"
        ))
        .fetch_all(&db.pool)
        .await
        .expect("columns");
        for r in rows {
            let name: String = r.get(0);
            let ty: String = r.get(1);
            let not_null: i64 = r.get(2);
            let pk: i64 = r.get(3);
            columns.insert((t.clone(), name, kind(&ty), not_null == 0 && pk == 0));
        }
    }
    let indexes = sqlx::query_scalar::<_, String>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("indexes")
    .into_iter()
    .collect();
    (columns, indexes)
}

async fn postgres_shape(url: &str) -> Shape {
    let db = services::db::connect(url, 1).await.expect("migrate");
    let rows = sqlx::query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text \
         FROM information_schema.columns WHERE table_schema = 'public' \
         AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("columns");
    let mut columns = BTreeSet::new();
    for r in rows {
        let (t, c, ty, nullable): (String, String, String, String) =
            (r.get(0), r.get(1), r.get(2), r.get(3));
        columns.insert((t, c, kind(&ty), nullable == "YES"));
    }
    // Primary keys and inline UNIQUE constraints get generated names on both sides.
    let indexes = sqlx::query_scalar::<_, String>(
        "SELECT indexname::text FROM pg_indexes WHERE schemaname = 'public' \
         AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key' \
         AND tablename <> '_sqlx_migrations'",
    )
    .fetch_all(&db.pool)
    .await
    .expect("indexes")
    .into_iter()
    .collect();
    (columns, indexes)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sqlite_and_postgres_migrations_describe_one_schema() {
    let dir = tempfile::tempdir().expect("dir");
    let sqlite = fresh_database(Backend::Sqlite, dir.path())
        .await
        .expect("sqlite");
    let Some(postgres) = fresh_database(Backend::Postgres, dir.path()).await else {
        return;
    };
    let _database = crate::helpers::DatabaseGuard(postgres.clone());
    let (lite_cols, lite_idx) = sqlite_shape(&sqlite).await;
    let (pg_cols, pg_idx) = postgres_shape(&postgres).await;
    assert!(
        lite_cols.len() > 50,
        "the schema was read: {}",
        lite_cols.len()
    );
    assert!(
        lite_cols.iter().all(|c| c.2 != "other"),
        "only portable types: {:?}",
        lite_cols
            .iter()
            .filter(|c| c.2 == "other")
            .collect::<Vec<_>>()
    );
    let only_lite: Vec<_> = lite_cols.difference(&pg_cols).collect();
    let only_pg: Vec<_> = pg_cols.difference(&lite_cols).collect();
    assert!(
        only_lite.is_empty() && only_pg.is_empty(),
        "columns differ:\n  only in SQLite: {only_lite:?}\n  only in PostgreSQL: {only_pg:?}"
    );
    assert_eq!(lite_idx, pg_idx, "named indexes differ");
}
