//! The learner model fitted from a standard's own log, server-side: FSRS-6 weights from its
//! reviews with the `fsrs` crate's optimiser (the same project's maintained implementation; it
//! never reaches the wasm), and BKT's guess, slip and learning rate from its answers
//! (`domain::competency::knowledge_fit`).
//!
//! Learners are split by a hash of their id: four in five train, one in five is held out. Each
//! fit is adopted only when its log loss on the held-out learners beats the shipped
//! parameters'. Until the standard has [`MIN_REVIEWS`] reviews nothing is fitted. The server
//! runs this daily ([`EVERY_MS`]); admins can run it now and see every fit.

use super::{engine_state, load};
use crate::db::Db;
use crate::store::knowledge_models;
use crate::store::memory_models::{self, Fit};
use crate::store::{cohorts, standards, users};
use flowline_core::domain::competency::fsrs6::Weights;
use flowline_core::domain::competency::knowledge::Bkt;
use flowline_core::domain::competency::knowledge_fit::{self, Log};
use flowline_core::domain::competency::memory::whole_days;
use flowline_core::domain::competency::reviews::{histories, log_loss, History};
use flowline_core::error::AppError;
use flowline_core::model::{FitOutcome, KnowledgeFit, KnowledgeModel, MemoryFit, MemoryModel};
use flowline_core::spelling::Flag;

/// Reviews a standard needs before a fit is tried (Anki's optimiser wants about as many).
pub const MIN_REVIEWS: usize = 1000;
/// How often the server fits every standard again.
pub const EVERY_MS: i64 = 24 * 3_600_000;
/// One learner in this many is held out to judge a fit.
const HELD_OUT_ONE_IN: usize = 5;

/// Learners in a fixed pseudo-random order (a hash of their id), so the held-out share is
/// always one in [`HELD_OUT_ONE_IN`] and the same learners stay held out between fits.
fn shuffled(mut ids: Vec<String>) -> Vec<String> {
    let hash = |id: &str| {
        id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    ids.sort_by_key(|id| (hash(id), id.clone()));
    ids
}

/// The crate's training items: every prefix of every history that ends in a review a day or
/// more after the one before (what FSRS learns long-term memory from), days between reviews.
fn items(histories: &[History]) -> Vec<fsrs::FSRSItem> {
    let mut out = Vec::new();
    for h in histories {
        let reviews: Vec<fsrs::FSRSReview> = h
            .iter()
            .enumerate()
            .map(|(i, &(at, rating))| fsrs::FSRSReview {
                rating: u32::from(rating),
                delta_t: if i == 0 {
                    0
                } else {
                    whole_days(h[i - 1].0, at)
                },
            })
            .collect();
        for k in 2..=reviews.len() {
            if reviews[k - 1].delta_t > 0 {
                out.push(fsrs::FSRSItem {
                    reviews: reviews[..k].to_vec(),
                });
            }
        }
    }
    out
}

/// Fits weights to `train` (CPU-heavy: run it off the async threads).
pub fn fit_weights(train: &[History]) -> Result<Weights, String> {
    let fitted = fsrs::compute_parameters(fsrs::ComputeParametersInput {
        train_set: items(train),
        ..Default::default()
    })
    .map_err(|e| format!("the optimiser failed: {e}"))?;
    let values: Vec<f64> = fitted.iter().map(|&w| f64::from(w)).collect();
    Weights::new(&values).map_err(|e| format!("fitted weights out of range: {}", e.0.join("; ")))
}

/// Fits the standard's weights from its reviews now, stores the fit and adopts it when it
/// predicts held-out reviews better.
pub async fn fit(db: &Db, reference: &str, now: i64) -> Result<FitOutcome, AppError> {
    let mut conn = db.pool.acquire().await?;
    let standard_id = standards::id_by_reference(&mut conn, &reference.to_uppercase())
        .await?
        .ok_or_else(|| AppError::not_found("standard"))?;
    let (mut train, mut test) = (Vec::new(), Vec::new());
    let (mut train_logs, mut test_logs) = (Vec::new(), Vec::new());
    let learners = shuffled(cohorts::learners_of_standard(&mut conn, &standard_id).await?);
    for (i, id) in learners.iter().enumerate() {
        let Some(user) = users::find_by_id(&mut conn, id).await? else {
            continue;
        };
        let Some(learner) = load(&mut conn, &user).await? else {
            continue;
        };
        let events = engine_state::events_of(&mut conn, &learner).await?;
        let log = Log::new(learner.params(), events.clone());
        let h = histories(events);
        if i % HELD_OUT_ONE_IN == 0 {
            test.extend(h);
            test_logs.push(log);
        } else {
            train.extend(h);
            train_logs.push(log);
        }
    }
    drop(conn);
    let reviews = train.iter().chain(&test).map(Vec::len).sum();
    let mut outcome = FitOutcome {
        standard: reference.to_uppercase(),
        reviews,
        skipped: None,
        model: None,
        log_loss_default: None,
        log_loss_fitted: None,
        adopted: false,
        knowledge: None,
    };
    if reviews < MIN_REVIEWS {
        outcome.skipped = Some(format!(
            "{reviews} reviews so far; a fit needs {MIN_REVIEWS}"
        ));
        return Ok(outcome);
    }
    outcome.knowledge =
        fit_knowledge(db, &standard_id, reference, train_logs, test_logs, now).await?;
    let (before, held) = log_loss(&Weights::default(), &test);
    if held == 0 {
        outcome.skipped =
            Some("no held-out learner has a review a day or more after another yet".into());
        return Ok(outcome);
    }
    let fitted = tokio::task::spawn_blocking(move || fit_weights(&train))
        .await
        .map_err(AppError::internal)?;
    let weights = match fitted {
        Ok(w) => w,
        Err(why) => {
            tracing::warn!(standard = %reference, %why, "memory fit failed");
            outcome.skipped = Some(why);
            return Ok(outcome);
        }
    };
    let (after, _) = log_loss(&weights, &test);
    let adopted = after < before;
    let id = crate::new_id();
    let mut conn = db.pool.acquire().await?;
    memory_models::insert(
        &mut conn,
        &Fit {
            id: id.clone(),
            standard_id,
            weights: serde_json::to_string(&weights.0.to_vec()).map_err(AppError::internal)?,
            reviews: i64::try_from(reviews).unwrap_or(i64::MAX),
            held_out_reviews: i64::try_from(held).unwrap_or(i64::MAX),
            log_loss_default: before,
            log_loss_fitted: after,
            adopted: Flag(adopted),
            fitted_at: now,
        },
    )
    .await?;
    tracing::info!(standard = %reference, reviews, before, after, adopted, "memory model fitted");
    outcome.model = Some(id);
    outcome.log_loss_default = Some(before);
    outcome.log_loss_fitted = Some(after);
    outcome.adopted = adopted;
    Ok(outcome)
}

/// Fits BKT's parameters to the training learners' answers, stores the fit and adopts it when
/// it predicts the held-out learners' answers better (None: no held-out answer yet).
async fn fit_knowledge(
    db: &Db,
    standard_id: &str,
    reference: &str,
    train: Vec<Log>,
    test: Vec<Log>,
    now: i64,
) -> Result<Option<KnowledgeFit>, AppError> {
    let answers: usize = train.iter().chain(&test).map(Log::answers).sum();
    let scored = tokio::task::spawn_blocking(move || {
        let (before, held) = knowledge_fit::log_loss(Bkt::default(), &test);
        (held > 0).then(|| {
            let fitted = knowledge_fit::fit(&train);
            let (after, _) = knowledge_fit::log_loss(fitted, &test);
            (fitted, held, before, after)
        })
    })
    .await
    .map_err(AppError::internal)?;
    let Some((fitted, held, before, after)) = scored else {
        return Ok(None);
    };
    let fit = knowledge_models::Fit {
        id: crate::new_id(),
        standard_id: standard_id.to_owned(),
        guess: fitted.guess,
        slip: fitted.slip,
        learn: fitted.learn,
        answers: i64::try_from(answers).unwrap_or(i64::MAX),
        held_out_answers: i64::try_from(held).unwrap_or(i64::MAX),
        log_loss_default: before,
        log_loss_fitted: after,
        adopted: Flag(after < before),
        fitted_at: now,
    };
    let mut conn = db.pool.acquire().await?;
    knowledge_models::insert(&mut conn, &fit).await?;
    tracing::info!(standard = %reference, answers, before, after, "knowledge model fitted");
    Ok(Some(knowledge_fit_out(fit)))
}

fn knowledge_fit_out(f: knowledge_models::Fit) -> KnowledgeFit {
    KnowledgeFit {
        fitted_at: flowline_core::view::projection::rfc3339(f.fitted_at).unwrap_or_default(),
        fitted: Bkt {
            guess: f.guess,
            slip: f.slip,
            learn: f.learn,
        },
        id: f.id,
        answers: f.answers,
        held_out_answers: f.held_out_answers,
        log_loss_default: f.log_loss_default,
        log_loss_fitted: f.log_loss_fitted,
        adopted: f.adopted.is_set(),
    }
}

/// The standard's knowledge model now and its last fit, for admins.
pub async fn knowledge_status(
    conn: &mut sqlx::AnyConnection,
    standard_id: &str,
) -> Result<KnowledgeModel, AppError> {
    let adopted = knowledge_models::adopted(&mut *conn, standard_id).await?;
    let last_fit = knowledge_models::latest(conn, standard_id).await?;
    Ok(KnowledgeModel {
        current: adopted
            .as_ref()
            .map_or_else(|| memory_models::DEFAULT_MODEL.to_owned(), |a| a.0.clone()),
        parameters: adopted.map_or_else(Bkt::default, |a| a.1),
        last_fit: last_fit.map(knowledge_fit_out),
    })
}

/// Fits every standard that has learners (the daily job).
pub async fn fit_all(db: &Db, now: i64) -> Result<Vec<FitOutcome>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let list = standards::list(&mut conn).await?;
    drop(conn);
    let mut out = Vec::new();
    for s in list {
        out.push(fit(db, &s.reference, now).await?);
    }
    Ok(out)
}

/// The standard's memory model now and its last fit, for admins.
pub async fn status(
    conn: &mut sqlx::AnyConnection,
    standard_id: &str,
) -> Result<MemoryModel, AppError> {
    let current = memory_models::adopted(&mut *conn, standard_id)
        .await?
        .map_or_else(|| memory_models::DEFAULT_MODEL.to_owned(), |m| m.0);
    let last_fit = memory_models::of_standard(conn, standard_id, 1)
        .await?
        .into_iter()
        .next()
        .map(|f| MemoryFit {
            fitted_at: flowline_core::view::projection::rfc3339(f.fitted_at).unwrap_or_default(),
            id: f.id,
            reviews: f.reviews,
            held_out_reviews: f.held_out_reviews,
            log_loss_default: f.log_loss_default,
            log_loss_fitted: f.log_loss_fitted,
            adopted: f.adopted.is_set(),
        });
    Ok(MemoryModel {
        current,
        min_reviews: u32::try_from(MIN_REVIEWS).unwrap_or(u32::MAX),
        last_fit,
    })
}
