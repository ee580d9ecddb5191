//! Content analytics: how each lesson and KSB of a standard does with learners, the lessons
//! to rework first.

use super::AdminTabs;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::admin::content_analytics;
use flowline_core::model::studio::LessonStatus;
use flowline_core::model::{KnowledgeModel, KsbStats, LessonStats, MemoryModel};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn pct(v: Option<f64>) -> String {
    // A no-break space: "100 %" never breaks between the number and its sign.
    v.map_or_else(|| "–".to_owned(), |v| format!("{:.0}\u{a0}%", v * 100.0))
}

/// A count with thousands separated, as people write it: 1,680.
fn count(n: impl Into<i64>) -> String {
    let digits = n.into().unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query
                .with(|q| q.get("standard"))
                .unwrap_or_else(|| "ST1332".into())
        },
        content_analytics,
    );
    view! {
        <Title text="Content analytics" />
        <header class="page-header"><h1>"Content analytics"</h1></header>
        <AdminTabs />
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(a) => {
                        let flagged = a.lessons.iter().filter(|l| l.flag.is_some()).count();
                        view! {
                            <section class="card" id="lesson-analytics">
                                <h2 class="card-title">{format!("Lessons of {}", a.standard)}</h2>
                                <p class="muted">{if flagged == 0 { "No lesson stands out as needing rework yet.".to_owned() } else { format!("{flagged} flagged for rework, shown first.") }}</p>
                                <ul class="list">{a.lessons.into_iter().map(lesson_row).collect_view()}</ul>
                            </section>
                            {memory_card(a.memory)}
                            {knowledge_card(a.knowledge)}
                            <section class="card" id="ksb-analytics">
                                <h2 class="card-title">"KSBs"</h2>
                                <p class="muted">"First-try right rate over every question on the KSB."</p>
                                <ul class="list">{a.ksbs.into_iter().map(ksb_row).collect_view()}</ul>
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn lesson_row(l: LessonStats) -> impl IntoView {
    let facts = format!(
        "{} learner{} · completed {} · right first time {} · median {} · {} skip{} ({})",
        l.reached,
        if l.reached == 1 { "" } else { "s" },
        pct(l.completion),
        pct(l.first_try_right),
        l.median_seconds
            .map_or_else(|| "–".to_owned(), |s| format!("{s:.0} s")),
        l.skips,
        if l.skips == 1 { "" } else { "s" },
        pct(l.skip_rate),
    );
    let r = l.ratings;
    let verdicts = (r.total() > 0).then(|| {
        format!(
            "Rated by {}: {} too easy · {} good pace · {} too hard",
            r.total(),
            r.too_easy,
            r.good_pace,
            r.too_hard
        )
    });
    let flagged = l.flag.is_some();
    view! {
        <li class="list-row analytics-row" class:flagged=flagged>
            <div class="ksb-main">
                <a class="list-title" href=format!("/admin/lessons/{}", l.content_id)>{l.title}</a>
                <p class="muted">{facts}</p>
                {verdicts.map(|v| view! { <p class="muted ratings">{v}</p> })}
                {l.flag.map(|f| view! { <p class="flag" role="note">{f}</p> })}
            </div>
            <span class=format!("chip status-chip-{}", l.status)>{if l.status == LessonStatus::Published { "Published" } else { "Draft" }}</span>
        </li>
    }
}

fn ksb_row(k: KsbStats) -> impl IntoView {
    let width = k.first_try_right.map_or(0.0, |r| r * 100.0);
    let flagged = k.flag.is_some();
    view! {
        <li class="list-row analytics-row" class:flagged=flagged>
            <div class="ksb-main">
                <p class="list-title"><span class="chip">{k.code}</span>" "{k.text}</p>
                <div class="bar" aria-hidden="true"><span style=format!("width: {width:.0}%")></span></div>
                <p class="muted">{format!("{} learner{} · right first time {}", k.learners, if k.learners == 1 { "" } else { "s" }, pct(k.first_try_right))}</p>
                {k.flag.map(|f| view! { <p class="flag" role="note">{f}</p> })}
            </div>
        </li>
    }
}

/// Which FSRS-6 weights schedule the standard's reviews, and how the last fit did.
fn memory_card(m: MemoryModel) -> impl IntoView {
    let current = if m.current == "default" {
        "Reviews are scheduled with FSRS-6's default weights.".to_owned()
    } else {
        "Reviews are scheduled with weights fitted to this standard's own reviews.".to_owned()
    };
    let last = match m.last_fit {
        None => format!(
            "Not fitted yet: the server fits daily once learners have given {} reviews.",
            count(m.min_reviews)
        ),
        Some(f) => format!(
            "Last fitted {} on {} reviews: log loss on held-out learners {:.3} with the defaults, {:.3} fitted — {}.",
            f.fitted_at.get(..10).unwrap_or(&f.fitted_at),
            count(f.reviews),
            f.log_loss_default,
            f.log_loss_fitted,
            if f.adopted { "adopted" } else { "not better, defaults kept" }
        ),
    };
    view! {
        <section class="card" id="memory-model">
            <h2 class="card-title">"Memory model"</h2>
            <p>{current}</p>
            <p class="muted">{last}</p>
        </section>
    }
}

/// Which BKT parameters trace the standard's learners' knowledge, and how the last fit did.
fn knowledge_card(k: KnowledgeModel) -> impl IntoView {
    let p = k.parameters;
    let current = format!(
        "Mastery is traced with {} parameters: without knowing a KSB, {} guess right; knowing it, {} slip; each answer and its explanation teaches {}.",
        if k.current == "default" { "the shipped" } else { "this standard's fitted" },
        pct(Some(p.guess)),
        pct(Some(p.slip)),
        pct(Some(p.learn)),
    );
    let last = match k.last_fit {
        None => "Not fitted yet: the server fits with the memory model, from learners' answers.".to_owned(),
        Some(f) => format!(
            "Last fitted {} on {} answers: log loss on held-out learners {:.3} with the shipped parameters, {:.3} fitted — {}.",
            f.fitted_at.get(..10).unwrap_or(&f.fitted_at),
            count(f.answers),
            f.log_loss_default,
            f.log_loss_fitted,
            if f.adopted { "adopted" } else { "not better, shipped parameters kept" }
        ),
    };
    view! {
        <section class="card" id="knowledge-model">
            <h2 class="card-title">"Knowledge model"</h2>
            <p>{current}</p>
            <p class="muted">{last}</p>
        </section>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(super::count(7u32), "7");
        assert_eq!(super::count(1000u32), "1,000");
        assert_eq!(super::count(1_234_567i64), "1,234,567");
    }
}
