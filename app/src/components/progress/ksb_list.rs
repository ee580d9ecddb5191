//! Mastery per KSB grouped Knowledge / Skills / Behaviours, and the reviews coming up.

use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::model::KsbProgress;
use leptos::prelude::*;

fn review_label(k: &KsbProgress) -> String {
    if k.due {
        return "Due now".into();
    }
    k.next_review
        .as_deref()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.format("%a %e %b").to_string())
        .unwrap_or_default()
}

#[component]
fn KsbRow(k: KsbProgress) -> impl IntoView {
    let width = format!("{:.1}%", k.mastery.clamp(0.0, 100.0));
    let label = format!(
        "{}: {}% mastery, {}",
        k.code,
        k.mastery.round(),
        k.band.label()
    );
    view! {
        <li class=format!("ksb band-{}", k.band.as_str()) data-code=k.code.clone()>
            <div class="ksb-top">
                <span class="tag">{k.code.clone()}</span>
                <span class="ksb-text">{k.text.clone()}</span>
                <span class="ksb-pct">{format!("{}%", k.mastery.round())}</span>
            </div>
            <div class="bar" role="meter" aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=format!("{}", k.mastery.round()) aria-label=label>
                <span style:width=width></span>
                {(k.kind != KsbKind::Knowledge).then(|| view! { <i class="cap" title="Quiz answers alone stop at 60 %"></i> })}
            </div>
            <p class="ksb-foot">
                <span class="band-label">{k.band.label()}</span>
                {(k.answers > 0).then(|| view! { <span>{format!(" · {} of {} right", k.right, k.answers)}</span> })}
                {k.capped.then(|| view! { <span class="cap-note">" · a mentor's sign-off takes it past 60 %"</span> })}
                {(k.observations > 0).then(|| view! { <span>{format!(" · observed ×{}", k.observations)}</span> })}
            </p>
        </li>
    }
    .into_any()
}

#[component]
pub fn KsbGroups(ksbs: Vec<KsbProgress>) -> impl IntoView {
    [
        (KsbKind::Knowledge, "Knowledge"),
        (KsbKind::Skill, "Skills"),
        (KsbKind::Behaviour, "Behaviours"),
    ]
    .into_iter()
    .map(|(kind, title)| {
        let group: Vec<KsbProgress> = ksbs.iter().filter(|k| k.kind == kind).cloned().collect();
        let mastered = group.iter().filter(|k| k.mastery >= 80.0).count();
        view! {
            <section class="card ksb-group">
                <h2 class="card-title">{title}<span class="muted">{format!(" · {mastered} of {} mastered", group.len())}</span></h2>
                <ul class="ksbs">{group.into_iter().map(|k| view! { <KsbRow k=k /> }).collect_view()}</ul>
            </section>
        }
    })
    .collect_view()
}

#[component]
pub fn UpcomingReviews(ksbs: Vec<KsbProgress>) -> impl IntoView {
    let mut upcoming: Vec<KsbProgress> = ksbs
        .into_iter()
        .filter(|k| k.next_review.is_some())
        .collect();
    upcoming.sort_by(|a, b| {
        b.due
            .cmp(&a.due)
            .then_with(|| a.next_review.cmp(&b.next_review))
    });
    upcoming.truncate(5);
    view! {
        <section class="card">
            <h2 class="card-title">"Coming up for review"</h2>
            {if upcoming.is_empty() {
                view! { <p class="muted">"Reviews are scheduled after your first quick check."</p> }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {upcoming.into_iter().map(|k| view! {
                            <li class="list-row">
                                <span><span class="tag">{k.code.clone()}</span>" "<span class="review-text">{k.text.clone()}</span></span>
                                <span class=if k.due { "chip chip-due" } else { "chip" }>{review_label(&k)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}
