//! Fitted FSRS-6 weights per standard (`memory_models`): every fit is kept, adopted or not;
//! the latest adopted one schedules the standard's learners.

use flowline_core::domain::competency::fsrs6::Weights;
use flowline_core::error::AppError;
use flowline_core::spelling::Flag;
use sqlx::AnyConnection;

/// The memory model name of the shipped weights.
pub const DEFAULT_MODEL: &str = "default";

#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct Fit {
    pub id: String,
    pub standard_id: String,
    pub weights: String,
    pub reviews: i64,
    pub held_out_reviews: i64,
    pub log_loss_default: f64,
    pub log_loss_fitted: f64,
    pub adopted: Flag,
    pub fitted_at: i64,
}

pub async fn insert(conn: &mut AnyConnection, f: &Fit) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO memory_models (id, standard_id, weights, reviews, held_out_reviews, \
         log_loss_default, log_loss_fitted, adopted, fitted_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(&f.id)
    .bind(&f.standard_id)
    .bind(&f.weights)
    .bind(f.reviews)
    .bind(f.held_out_reviews)
    .bind(f.log_loss_default)
    .bind(f.log_loss_fitted)
    .bind(f.adopted)
    .bind(f.fitted_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The standard's fits, newest first.
pub async fn of_standard(
    conn: &mut AnyConnection,
    standard_id: &str,
    limit: i64,
) -> Result<Vec<Fit>, AppError> {
    Ok(sqlx::query_as(
        "SELECT id, standard_id, weights, reviews, held_out_reviews, log_loss_default, \
         log_loss_fitted, adopted, fitted_at FROM memory_models WHERE standard_id = $1 \
         ORDER BY fitted_at DESC, id DESC LIMIT $2",
    )
    .bind(standard_id)
    .bind(limit)
    .fetch_all(conn)
    .await?)
}

/// The latest adopted fit of the standard: its id and weights (None: the defaults).
pub async fn adopted(
    conn: &mut AnyConnection,
    standard_id: &str,
) -> Result<Option<(String, Weights)>, AppError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT id, weights FROM memory_models WHERE standard_id = $1 AND adopted = 1 \
         ORDER BY fitted_at DESC, id DESC LIMIT 1",
    )
    .bind(standard_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.and_then(|(id, w)| {
        let values: Vec<f64> = serde_json::from_str(&w).ok()?;
        Weights::new(&values).ok().map(|w| (id, w))
    }))
}
