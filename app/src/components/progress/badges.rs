//! Badges on Progress (and in the mentor's drilldown): what was earned, with the evidence and
//! any review now due, and the next milestone of each kind with what is missing.

use crate::components::milestone::Medal;
use flowline_core::model::{Badges, EarnedBadge, NextBadge};
use leptos::prelude::*;

fn date(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.format("%-d %b %Y").to_string())
        .unwrap_or_default()
}

/// Take it out of Flowline: the signed credential, or LinkedIn's certification form. Only
/// for the learner's own badges the server has confirmed (it signs them).
fn carry_out(key: &str) -> impl IntoView {
    let base = format!("/api/v1/me/badges/{key}");
    view! {
        <p class="badge-carry">
            <a class="btn btn-small btn-outline" href=format!("{base}/credential") download="">
                "Download credential"
            </a>
            <a class="btn btn-small btn-outline" href=format!("{base}/linkedin") target="_blank" rel="noopener">
                "Add to LinkedIn"
            </a>
        </p>
    }
}

#[component]
fn Earned(b: EarnedBadge, own: bool) -> impl IntoView {
    let carry =
        (own && b.awarded_at_ms.is_some() && b.revoked.is_none()).then(|| carry_out(&b.key));
    let revoked = b.revoked.clone().map(|why| {
        view! { <p class="badge-revoked">{format!("Revoked by your training provider: {why}")}</p> }
    });
    let when = match b.awarded_at_ms {
        Some(ms) => date(ms),
        None => "on this phone · confirmed when it syncs".into(),
    };
    let due = (!b.review_due.is_empty()).then(|| {
        let codes = b.review_due.join(", ");
        view! { <p class="badge-due">{format!("Kept. Review due: {codes}")}</p> }
    });
    view! {
        <li class="badge-earned" class:revoked=b.revoked.is_some() data-key=b.key.clone()>
            <Medal key=b.key.clone() />
            <div>
                <p class="list-title">{b.title.clone()}</p>
                <p class="muted">{format!("{when} · {}", b.evidence.join(", "))}</p>
                {revoked}
                {due}
                {carry}
            </div>
        </li>
    }
}

#[component]
fn Next(n: NextBadge) -> impl IntoView {
    view! {
        <li class="badge-next" data-key=n.key.clone()>
            <span class="medal medal-next" aria-hidden="true"></span>
            <div>
                <p class="list-title">{n.title.clone()}</p>
                <p class="muted">{format!("Missing: {}", n.missing.join(" · "))}</p>
            </div>
        </li>
    }
}

/// `empty` is what to say when nothing is earned yet; `own` when the learner looks at their
/// own (they can download and share them).
#[component]
pub fn BadgesCard(
    badges: Badges,
    empty: &'static str,
    #[prop(optional)] own: bool,
) -> impl IntoView {
    let earned = badges.earned.iter().filter(|b| b.revoked.is_none()).count();
    view! {
        <section class="card badges" id="badges">
            <h2 class="card-title">
                "Badges"
                <span class="muted">{format!(" · {earned} earned")}</span>
            </h2>
            {if badges.earned.is_empty() {
                view! { <p class="muted">{empty}</p> }.into_any()
            } else {
                view! {
                    <ul class="badge-list" aria-label="Earned">
                        {badges.earned.into_iter().map(|b| view! { <Earned b=b own=own /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(!badges.next.is_empty()).then(|| view! {
                <h3 class="badges-next-title">"Next"</h3>
                <ul class="badge-list" aria-label="Next">
                    {badges.next.into_iter().map(|n| view! { <Next n=n /> }).collect_view()}
                </ul>
            })}
        </section>
    }
}
