//! Evidence accepted: what follows, inside the writer's transaction, once a learner's answers
//! or a mentor's sign-off have been stored. Every writer of evidence calls [`follow`], so this
//! is the one place that says what "accepted" sets off, in this order:
//!
//! 1. each piece is linked onto the learner's evidence chain (tamper-evident, anchored daily),
//!    and its xAPI statement is queued in the LRS outbox (sent later by the LRS worker);
//! 2. the learner's engine state advances: competency, memory and streak, their mirrors for
//!    reports, and any milestone now reached is awarded;
//! 3. the learner's own work (not a sign-off) marks the nudge that led to it as followed.
//!
//! A later kind of evidence adds a variant to [`Accepted`] and its arm here.

use super::engine_state::{advance, Batch};
use super::Learner;
use crate::store::interactions::Interaction;
use crate::store::observations::Stored;
use flowline_core::domain::competency::Event;
use flowline_core::domain::engine::EngineState;
use flowline_core::error::AppError;
use sqlx::AnyConnection;

/// Evidence just stored by its writer, in the same transaction.
#[derive(Debug, Clone, Copy)]
pub enum Accepted<'a> {
    /// Interactions the learner sent, just appended to their log.
    Interactions(&'a [Interaction]),
    /// A mentor's sign-off of observed practice, just stored.
    Observation(&'a Stored),
}

/// Sets off everything that follows accepted evidence (see the module's list). Returns the
/// learner's engine state after it, and the evidence events it was advanced by.
pub async fn follow(
    conn: &mut AnyConnection,
    learner: &Learner,
    accepted: Accepted<'_>,
    now: i64,
) -> Result<(EngineState, Vec<Event>), AppError> {
    match accepted {
        Accepted::Interactions(interactions) => {
            crate::evidence::chain_interactions(&mut *conn, interactions, now).await?;
            let batch = Batch {
                interactions,
                ..Batch::default()
            };
            let advanced = advance(&mut *conn, learner, batch, now).await?;
            if !interactions.is_empty() {
                crate::coach::nudges::followed(&mut *conn, &learner.id, now).await?;
            }
            Ok(advanced)
        }
        Accepted::Observation(stored) => {
            crate::evidence::chain_observation(&mut *conn, stored, now).await?;
            let batch = Batch {
                observations: stored
                    .ksb_ids
                    .iter()
                    .map(|k| (stored.occurred_at, stored.id.clone(), k.clone()))
                    .collect(),
                ..Batch::default()
            };
            advance(&mut *conn, learner, batch, now).await
        }
    }
}
