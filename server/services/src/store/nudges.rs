//! Nudges as stored: each learner's choices (`coach_prefs`), the nudges sent (`nudges`, one
//! per learner and local day), and whether a lesson followed one.

use flowline_core::domain::LearnerId;
use flowline_core::error::AppError;
use flowline_core::spelling::Flag;
use sqlx::AnyConnection;
use std::collections::BTreeSet;

flowline_core::text_enum! {
    /// A kind of nudge. Declared in the order they win when several apply on one day.
    pub enum NudgeKind {
        Lapse = "lapse",
        Struggle = "struggle",
        Milestone = "milestone",
        Review = "review",
        Streak = "streak",
        Focus = "focus",
    }
}

/// The kinds of nudge a learner wants; stored as a comma list (`lapse,review`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NudgeKinds(BTreeSet<NudgeKind>);

impl NudgeKinds {
    /// Every kind (a learner's choice until they make one).
    pub fn all() -> Self {
        Self(NudgeKind::ALL.into_iter().collect())
    }

    pub fn contains(&self, kind: NudgeKind) -> bool {
        self.0.contains(&kind)
    }

    /// In the order they win.
    pub fn iter(&self) -> impl Iterator<Item = NudgeKind> + '_ {
        self.0.iter().copied()
    }

    /// `lapse,review`; an unknown name is the error.
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(|k| NudgeKind::parse(k).ok_or_else(|| k.to_owned()))
            .collect::<Result<BTreeSet<_>, _>>()
            .map(Self)
    }

    /// As stored.
    pub fn list(&self) -> String {
        self.iter()
            .map(NudgeKind::as_str)
            .collect::<Vec<_>>()
            .join(",")
    }
}

impl FromIterator<NudgeKind> for NudgeKinds {
    fn from_iter<I: IntoIterator<Item = NudgeKind>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl sqlx::Type<sqlx::Any> for NudgeKinds {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<sqlx::Any>>::type_info()
    }
    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <String as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

/// A stored name this version does not know (a kind since retired) is skipped, as a choice
/// of nothing: one learner's old row never stops the scheduler for everyone.
impl<'r> sqlx::Decode<'r, sqlx::Any> for NudgeKinds {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let list = <&str as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
        Ok(list
            .split(',')
            .filter_map(|k| NudgeKind::parse(k.trim()))
            .collect())
    }
}

/// A learner's choices.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Prefs {
    pub kinds: NudgeKinds,
    pub in_app: Flag,
    pub whatsapp: Flag,
    /// Quiet hours, minutes after local midnight (from may be later than to: overnight).
    pub quiet_from: i64,
    pub quiet_to: i64,
}

/// The learner's stored choices, if they made any.
pub async fn prefs(conn: &mut AnyConnection, user_id: &str) -> Result<Option<Prefs>, AppError> {
    sqlx::query_as(
        "SELECT kinds, in_app, whatsapp, quiet_from, quiet_to FROM coach_prefs WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(conn)
    .await
    .map_err(AppError::from)
}

/// Saves the kinds a learner wants and their quiet hours (from, to).
pub async fn save_prefs(
    conn: &mut AnyConnection,
    user_id: &str,
    kinds: &NudgeKinds,
    (quiet_from, quiet_to): (i64, i64),
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO coach_prefs (user_id, kinds, quiet_from, quiet_to, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (user_id) DO UPDATE SET kinds = $2, \
         quiet_from = $3, quiet_to = $4, updated_at = $5",
    )
    .bind(user_id)
    .bind(kinds.list())
    .bind(quiet_from)
    .bind(quiet_to)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// (id, time zone) of every active learner in a cohort.
pub async fn learners(conn: &mut AnyConnection) -> Result<Vec<(LearnerId, String)>, AppError> {
    sqlx::query_as(
        "SELECT DISTINCT u.id, u.timezone FROM users u JOIN memberships m ON m.user_id = u.id \
         AND m.role = 'learner' WHERE u.role = 'learner' AND u.deleted_at IS NULL \
         AND u.deactivated_at IS NULL",
    )
    .fetch_all(conn)
    .await
    .map_err(AppError::from)
}

/// Whether the learner had a nudge on their local day `day`.
pub async fn sent_on(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    day: &str,
) -> Result<bool, AppError> {
    let sent: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM nudges WHERE learner_id = $1 AND local_day = $2")
            .bind(learner_id)
            .bind(day)
            .fetch_one(conn)
            .await?;
    Ok(sent > 0)
}

/// A nudge about to be sent.
pub struct NewNudge<'a> {
    pub id: &'a str,
    pub learner_id: &'a LearnerId,
    pub kind: NudgeKind,
    pub local_day: &'a str,
    pub why: &'a str,
    pub body: &'a str,
    pub content_id: Option<&'a str>,
    pub ksb_code: Option<&'a str>,
    pub channels: &'a str,
    pub now: i64,
}

/// Records a nudge; false when the learner already has one that day (the table allows one).
pub async fn insert(conn: &mut AnyConnection, n: &NewNudge<'_>) -> Result<bool, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO nudges (id, learner_id, kind, local_day, why, body, content_id, ksb_code, \
         channels, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
         ON CONFLICT (learner_id, local_day) DO NOTHING",
    )
    .bind(n.id)
    .bind(n.learner_id)
    .bind(n.kind)
    .bind(n.local_day)
    .bind(n.why)
    .bind(n.body)
    .bind(n.content_id)
    .bind(n.ksb_code)
    .bind(n.channels)
    .bind(n.now)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(inserted == 1)
}

/// A lesson done at `now` was led to by the learner's nudges sent since `since` (and not yet
/// followed).
pub async fn followed(
    conn: &mut AnyConnection,
    learner_id: &LearnerId,
    since: i64,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE nudges SET lesson_at = $1 WHERE learner_id = $2 AND lesson_at IS NULL \
         AND created_at <= $1 AND created_at > $3",
    )
    .bind(now)
    .bind(learner_id)
    .bind(since)
    .execute(conn)
    .await?;
    Ok(())
}
