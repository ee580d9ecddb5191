//! Connecting to the database (embedded SQLite or PostgreSQL) and migrating it.
//!
//! One `AnyPool` serves both backends: queries use `$1` placeholders and portable types
//! (TEXT ids, BIGINT times and flags, DOUBLE reals). See docs/decisions.md.

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Connection, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// The connection pool and which backend is behind it.
#[derive(Debug, Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("unsupported database URL (use sqlite:… or postgres://…)")]
    UnsupportedUrl,
    #[error("could not connect to the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("could not migrate the database: {0}")]
    Migrate(#[source] sqlx::migrate::MigrateError),
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations/postgres");

/// The URL of the embedded database file under `data_dir`.
pub fn sqlite_url(data_dir: &std::path::Path) -> String {
    format!(
        "sqlite://{}?mode=rwc",
        data_dir.join("flowline.db").display()
    )
}

/// Opens the pool and brings the schema up to date. Safe to call on every start.
pub async fn connect(url: &str, max_connections: u32) -> Result<Db, DbError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::from_url(url).ok_or(DbError::UnsupportedUrl)?;
    let options = AnyConnectOptions::from_str(url).map_err(DbError::Connect)?;
    let pool = AnyPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // WAL lets readers and the writer work at once; the busy timeout makes
                    // concurrent writers wait instead of failing; foreign keys are off by
                    // default in SQLite.
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000; \
                         PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        // A connection handed back inside a transaction (its request was cancelled between
        // the database starting one and the code holding it) is closed, never lent again: on
        // SQLite it would keep the write lock for good, on PostgreSQL the next request's
        // writes would go into a transaction nobody commits. Closing it rolls it back.
        .after_release(|conn, _meta| {
            Box::pin(async move {
                if conn.is_in_transaction() {
                    tracing::warn!("a connection came back inside a transaction; closing it");
                    return Ok(false);
                }
                Ok(true)
            })
        })
        .connect_with(options)
        .await
        .map_err(DbError::Connect)?;
    match backend {
        Backend::Sqlite => migrate_sqlite(&pool).await?,
        Backend::Postgres => POSTGRES_MIGRATIONS
            .run(&pool)
            .await
            .map_err(DbError::Migrate)?,
    }
    Ok(Db { pool, backend })
}

/// SQLite's migrations run on one connection with foreign keys off (the switch is ignored
/// inside a transaction, and sqlx runs each migration in one): a table rebuilt to change a
/// constraint (`CREATE` copy, `DROP`, `RENAME`, as SQLite's manual describes) would otherwise
/// cascade its drop into every table that refers to it. Every foreign key is checked after a
/// start that migrated, and a violation stops the start.
async fn migrate_sqlite(pool: &sqlx::AnyPool) -> Result<(), DbError> {
    let mut conn = pool.acquire().await.map_err(DbError::Connect)?;
    conn.execute("PRAGMA foreign_keys = OFF")
        .await
        .map_err(DbError::Connect)?;
    // How many migrations are applied (None before the first one made the table).
    const APPLIED: &str = "SELECT COUNT(*) FROM _sqlx_migrations";
    let before: Option<i64> = sqlx::query_scalar(APPLIED).fetch_one(&mut *conn).await.ok();
    let migrated = SQLITE_MIGRATIONS.run(&mut *conn).await;
    let after: Option<i64> = sqlx::query_scalar(APPLIED).fetch_one(&mut *conn).await.ok();
    // Checked only when this start migrated: a start with nothing to do stays quick.
    let violations = if before == after {
        0
    } else {
        sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut *conn)
            .await
            .map_err(DbError::Connect)?
            .len()
    };
    conn.execute("PRAGMA foreign_keys = ON")
        .await
        .map_err(DbError::Connect)?;
    migrated.map_err(DbError::Migrate)?;
    if violations > 0 {
        return Err(DbError::Migrate(sqlx::migrate::MigrateError::Execute(
            sqlx::Error::Protocol(format!(
                "after migrating, {violations} rows refer to rows that do not exist \
                 (PRAGMA foreign_key_check)"
            )),
        )));
    }
    Ok(())
}

impl Db {
    /// Begins a transaction that will write. On SQLite it takes the write lock up front
    /// (`BEGIN IMMEDIATE`): a read transaction that later writes fails at once with
    /// `SQLITE_BUSY_SNAPSHOT` in WAL mode when another writer got in first, and the busy
    /// timeout cannot help it; waiting for the lock at `BEGIN` can.
    ///
    /// The start runs to its end even when the caller is cancelled (a phone hanging up): a
    /// custom `BEGIN` cancelled after the database ran it, but before sqlx made its
    /// `Transaction`, would leave nobody to roll it back. Finished on its own task, an
    /// unwanted transaction is dropped, which rolls it back.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        let (pool, backend) = (self.pool.clone(), self.backend);
        tokio::spawn(async move {
            match backend {
                Backend::Sqlite => pool.begin_with("BEGIN IMMEDIATE").await,
                Backend::Postgres => pool.begin().await,
            }
        })
        .await
        .map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))?
    }
}

/// Answers when the database does: the health check.
pub async fn ping(db: &Db) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT 1").execute(&db.pool).await.map(|_| ())
}
