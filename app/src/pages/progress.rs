use crate::components::otj::{OtjCard, Viewer};
use crate::components::progress::{
    BadgesCard, KsbGroups, MasteryChart, StreakCalendar, UpcomingReviews,
};
use crate::components::ring::Ring;
use crate::components::{ErrorPanel, Loading, SyncStatus};
use crate::offline::Offline;
use crate::rpc::learning::get_progress;
use flowline_core::domain::competency::{Band, Confidence};
use flowline_core::error::AppError;
use flowline_core::model::Progress;
use leptos::prelude::*;
use leptos_meta::Title;

fn pace_line(p: &Progress) -> String {
    match &p.predicted_ready_date {
        Some(d) if p.overall >= 80.0 => format!("Ready: 80 % reached ({d})."),
        Some(d) => {
            let when = chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map(|d| d.format("%-d %B %Y").to_string())
                .unwrap_or_else(|_| d.clone());
            let sure = match p.confidence {
                Confidence::High => "",
                Confidence::Medium => " (rough estimate)",
                Confidence::Low => " (early estimate)",
            };
            format!("At this pace you reach 80 % by {when}{sure}.")
        }
        None if p.history.iter().any(|h| h.active) => {
            "Answer a few quick checks this week to see when you'll reach 80 %.".into()
        }
        None => "Your pace shows here after your first quick checks.".into(),
    }
}

/// The part of the history worth charting: from the day before the first activity, but at
/// least the last two weeks.
pub(crate) fn recent(
    history: &[flowline_core::model::HistoryPoint],
) -> Vec<flowline_core::model::HistoryPoint> {
    let first = history.iter().position(|h| h.active || h.mastery > 0.0);
    let start = first
        .map_or(history.len(), |i| i.saturating_sub(1))
        .min(history.len().saturating_sub(14));
    history[start..].to_vec()
}

/// Mastery per KSB, pace, reviews and streak.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let progress = Resource::new(|| (), |_| get_progress());
    view! {
        <Title text="Progress" />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match progress.await {
                    Ok(p) => view! { <DeviceProgress server=Some(p) error=None /> }.into_any(),
                    Err(e) => view! { <DeviceProgress server=None error=Some(e) /> }.into_any(),
                }
            })}
        </Suspense>
        // Outside the device's view, which is replaced whenever the phone's state moves: the
        // learner's half-typed training log must not be.
        <section class="card from-the-job" aria-labelledby="from-job-title">
            <h2 class="card-title" id="from-job-title">"From the job"</h2>
            <p class="muted">"A photo of a joint you made, a short video or a voice note: your mentor signs it off, and it counts as evidence."</p>
            <leptos_router::components::A href="/evidence" attr:class="btn btn-primary">"Add evidence from the job"</leptos_router::components::A>
        </section>
        <OtjCard viewer=Viewer::Learner />
        <crate::components::reviews::ReviewsCard learner=None />
    }
}

/// The server's progress, replaced by the device's view when that is newer or something waits
/// to sync; without a connection, the device's view alone (or the error when it has none).
#[component]
fn DeviceProgress(server: Option<Progress>, error: Option<AppError>) -> impl IntoView {
    let offline = expect_context::<Offline>();
    let as_of = server.as_ref().map_or(0, |p| p.engine.as_of_ms);
    #[cfg(feature = "hydrate")]
    {
        let kept = server.clone();
        Effect::new(move |_| {
            let kept = kept.clone();
            leptos::task::spawn_local(async move {
                match kept {
                    Some(p) => crate::offline::keep_progress(offline, &p).await,
                    None => {
                        let _ = crate::offline::local_view(offline).await;
                    }
                }
            });
        });
    }
    let shown = move || offline.view_since(as_of).or_else(|| server.clone());
    let error = StoredValue::new(error);
    move || match shown() {
        Some(p) => view! { <ProgressView p=p /> }.into_any(),
        None => match error.get_value() {
            Some(e) => view! {
                <header class="page-header"><h1>"Progress"</h1></header>
                <ErrorPanel error=e />
            }
            .into_any(),
            None => view! { <Loading /> }.into_any(),
        },
    }
}

#[component]
fn ProgressView(p: Progress) -> impl IntoView {
    let band = Band::of(p.overall, p.ksbs.iter().any(|k| k.answers > 0));
    let velocity = if p.velocity > 0.0 {
        format!("+{:.1}", p.velocity)
    } else {
        format!("{:.1}", p.velocity)
    };
    let streak = p.streak.clone();
    view! {
        <header class="page-header">
            <p class="eyebrow">{format!("{} · {}", p.standard, p.standard_title)}</p>
            <h1>"Progress"</h1>
            {p.illustrative.then(|| view! {
                <p class="notice" role="note">"Illustrative KSBs: your provider has not imported the official standard text yet."</p>
            })}
        </header>
        <SyncStatus />
        <section class="card summary">
            <div class="summary-ring" aria-label=format!("Overall mastery {} %", p.overall.round())>
                <Ring value=p.overall band=band size=96 />
            </div>
            <div class="summary-facts">
                <p class="summary-title">"Overall mastery"</p>
                <p class="pace">{pace_line(&p)}</p>
                <div class="summary-chips">
                    <span class="chip">{format!("{velocity} pts/day")}</span>
                    <span class="chip">{format!("{}-day streak{}", streak.current, if streak.freezes > 0 { " · freeze held" } else { "" })}</span>
                    {p.archetype.map(|a| view! { <span class="chip chip-quiet">{a.label()}</span> })}
                </div>
            </div>
        </section>
        <section class="card">
            <h2 class="card-title">"Mastery over time"</h2>
            <MasteryChart history=recent(&p.history) />
        </section>
        <BadgesCard badges=p.badges.clone() own=true empty="Your first badge comes with your first KSB at 80 %." />
        <UpcomingReviews ksbs=p.ksbs.clone() />
        <section class="card">
            <h2 class="card-title">
                "Streak"
                <span class="muted">{format!(" · longest {} · {} freeze{} held", streak.longest, streak.freezes, if streak.freezes == 1 { "" } else { "s" })}</span>
            </h2>
            <StreakCalendar history=p.history.clone() />
        </section>
        <KsbGroups ksbs=p.ksbs />
    }
    .into_any()
}
