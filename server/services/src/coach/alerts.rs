//! Safety alerts. A question with safety words ("I think I'm injured") reaches the learner's
//! mentors at once by e-mail, with a link to the inbox; a mentor says "I'm on it"
//! (acknowledges) or answers; one nobody acknowledged within the set time goes to the
//! provider's admins, once. Who acknowledged it, and when, shows on the inbox.

use crate::db::Db;
use crate::mail::{self, compose};
use crate::push;
use crate::store::coach as store;
use crate::store::observations;
use crate::store::users::{self, User};
use flowline_core::domain::{LearnerId, Role};
use flowline_core::error::AppError;
use flowline_core::model::InboxItem;
use sqlx::AnyConnection;

/// Tells each of the learner's mentors about a safety question, in the caller's transaction.
pub async fn tell_mentors(
    conn: &mut AnyConnection,
    site: &str,
    learner: (&LearnerId, &str),
    escalation_id: &str,
    question: &str,
    now: i64,
) -> Result<usize, AppError> {
    let (learner_id, learner_name) = learner;
    let mentors = store::mentors_of(&mut *conn, learner_id).await?;
    let safety = Safety {
        site,
        escalation_id,
        learner_name,
        question,
        unacknowledged: false,
    };
    safety.tell(conn, &mentors, now).await?;
    if mentors.is_empty() {
        tracing::warn!(escalation = %escalation_id, "a safety question, and the learner has no mentor: the admins are told at once");
        tell_admins(conn, site, escalation_id, learner_name, question, now).await?;
    } else {
        tracing::info!(escalation = %escalation_id, mentors = mentors.len(), "safety question: mentors told");
    }
    Ok(mentors.len())
}

async fn tell_admins(
    conn: &mut AnyConnection,
    site: &str,
    escalation_id: &str,
    learner_name: &str,
    question: &str,
    now: i64,
) -> Result<usize, AppError> {
    if !store::mark_admins_alerted(&mut *conn, escalation_id, now).await? {
        return Ok(0);
    }
    let admins = users::active_with_role(&mut *conn, Role::Admin).await?;
    let safety = Safety {
        site,
        escalation_id,
        learner_name,
        question,
        unacknowledged: true,
    };
    safety.tell(conn, &admins, now).await?;
    Ok(admins.len())
}

/// One safety question, told to people.
struct Safety<'a> {
    site: &'a str,
    escalation_id: &'a str,
    learner_name: &'a str,
    question: &'a str,
    /// Nobody acknowledged it in time (this goes to the admins).
    unacknowledged: bool,
}

impl Safety<'_> {
    /// E-mails and pushes it to each (id, name, e-mail), in the caller's transaction.
    async fn tell(
        &self,
        conn: &mut AnyConnection,
        people: &[(String, String, String)],
        now: i64,
    ) -> Result<(), AppError> {
        let link = format!("{}/instructor/inbox", self.site);
        let key = if self.unacknowledged {
            "safety-admin"
        } else {
            "safety"
        };
        for (id, name, email) in people {
            let letter = compose::safety_alert(
                email,
                name,
                self.learner_name,
                self.question,
                &link,
                self.unacknowledged,
            );
            let dedupe = format!("{key}:{}:{email}", self.escalation_id);
            mail::queue(&mut *conn, &letter, &dedupe, now).await?;
            let message = alert(&letter.subject, self.question, self.escalation_id);
            push::queue(&mut *conn, id, &message, &dedupe, true, now).await?;
        }
        Ok(())
    }
}

/// The push that goes with a safety e-mail: the same headline, their words, the inbox.
fn alert(title: &str, question: &str, escalation_id: &str) -> push::Message {
    push::Message {
        title: title.to_owned(),
        body: format!("\u{201c}{question}\u{201d}"),
        url: "/instructor/inbox".to_owned(),
        tag: format!("safety-{escalation_id}"),
    }
}

/// A mentor (or admin) says they are dealing with it. Saying it twice keeps the first.
#[tracing::instrument(skip_all, fields(caller = %user.id))]
pub async fn acknowledge(
    db: &Db,
    user: &User,
    escalation_id: &str,
    now: i64,
) -> Result<InboxItem, AppError> {
    super::require_staff(user)?;
    let mut tx = db.begin_write().await?;
    let row = store::escalation(&mut tx, escalation_id)
        .await?
        .ok_or_else(|| AppError::not_found("question"))?;
    if user.role == Role::Mentor
        && !observations::mentors(&mut tx, &user.id, &row.learner_id).await?
    {
        return Err(AppError::not_found("question"));
    }
    if store::acknowledge(&mut tx, escalation_id, &user.id, now).await? {
        tracing::info!(escalation = %escalation_id, "acknowledged");
    }
    let row = store::escalation(&mut tx, escalation_id)
        .await?
        .ok_or_else(|| AppError::not_found("question"))?;
    tx.commit().await?;
    Ok(super::inbox_item(row, user))
}

/// Sends every safety question nobody acknowledged within `after_ms` to the admins (the
/// periodic task). Returns how many questions went up.
pub async fn follow_up(db: &Db, site: &str, after_ms: i64, now: i64) -> Result<usize, AppError> {
    let mut conn = db.pool.acquire().await?;
    let waiting = store::unacknowledged_safety(&mut conn, now - after_ms).await?;
    drop(conn);
    let mut sent = 0;
    for row in waiting {
        let mut tx = db.begin_write().await?;
        let told = tell_admins(
            &mut tx,
            site,
            &row.id,
            &row.learner_name,
            &row.question,
            now,
        )
        .await?;
        tx.commit().await?;
        if told > 0 {
            tracing::warn!(escalation = %row.id, admins = told, "a safety question nobody acknowledged went to the admins");
            sent += 1;
        }
    }
    Ok(sent)
}
