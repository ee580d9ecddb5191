//! Fitted BKT parameters per standard (`knowledge_models`): every fit is kept, adopted or not;
//! the latest adopted one traces the standard's learners' knowledge.

use flowline_core::domain::competency::knowledge::Bkt;
use flowline_core::error::AppError;
use flowline_core::spelling::Flag;
use sqlx::AnyConnection;

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Fit {
    pub id: String,
    pub standard_id: String,
    pub guess: f64,
    pub slip: f64,
    pub learn: f64,
    pub answers: i64,
    pub held_out_answers: i64,
    pub log_loss_default: f64,
    pub log_loss_fitted: f64,
    pub adopted: Flag,
    pub fitted_at: i64,
}

const COLUMNS: &str = "id, standard_id, guess, slip, learn, answers, held_out_answers, \
                       log_loss_default, log_loss_fitted, adopted, fitted_at";

pub async fn insert(conn: &mut AnyConnection, f: &Fit) -> Result<(), AppError> {
    sqlx::query(&format!(
        "INSERT INTO knowledge_models ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ))
    .bind(&f.id)
    .bind(&f.standard_id)
    .bind(f.guess)
    .bind(f.slip)
    .bind(f.learn)
    .bind(f.answers)
    .bind(f.held_out_answers)
    .bind(f.log_loss_default)
    .bind(f.log_loss_fitted)
    .bind(f.adopted)
    .bind(f.fitted_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The standard's latest fit, adopted or not.
pub async fn latest(conn: &mut AnyConnection, standard_id: &str) -> Result<Option<Fit>, AppError> {
    Ok(sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM knowledge_models WHERE standard_id = $1 \
         ORDER BY fitted_at DESC, id DESC LIMIT 1"
    ))
    .bind(standard_id)
    .fetch_optional(conn)
    .await?)
}

/// The latest adopted fit of the standard: its id and parameters (None: the shipped ones).
pub async fn adopted(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Option<(String, Bkt)>, AppError> {
    let row: Option<Fit> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM knowledge_models WHERE standard_id = $1 AND adopted = 1 \
         ORDER BY fitted_at DESC, id DESC LIMIT 1"
    ))
    .bind(standard_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|f| Bkt::new(f.guess, f.slip, f.learn).ok().map(|k| (f.id, k))))
}
