//! The milestone moment: when an answer on this phone reaches a milestone, it is celebrated
//! there and then (offline too: the device's engine projects it), and says whether the server
//! has confirmed it yet. Shown over any page; "Keep going" closes it.

use crate::offline::Offline;
use flowline_core::model::EarnedBadge;
use leptos::prelude::*;

/// A medal drawn for the badge's kind: a ring for a group tier, a flame for a streak.
#[component]
pub fn Medal(key: String) -> impl IntoView {
    let kind = if key.starts_with("streak:") {
        "streak"
    } else if key == "first-mastered" {
        "first"
    } else if key.ends_with(":master") {
        "master"
    } else if key.ends_with(":adept") {
        "adept"
    } else {
        "novice"
    };
    let path = if kind == "streak" {
        "M12 3c1 3 4 5 4 9a4 4 0 0 1-8 0c0-2 1-3 2-4 0 2 1 3 2 3 0-3-1-5 0-8z"
    } else {
        "M12 3l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.4l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z"
    };
    view! {
        <span class=format!("medal medal-{kind}") aria-hidden="true">
            <svg viewBox="0 0 24 24" fill="currentColor"><path d=path /></svg>
        </span>
    }
}

#[component]
pub fn MilestoneMoment() -> impl IntoView {
    let offline = expect_context::<Offline>();
    let first = move || offline.landed.with(|l| l.first().cloned());
    move || {
        first().map(|b: EarnedBadge| {
            let more = offline.landed.with(Vec::len).saturating_sub(1);
            view! {
                <div class="moment-backdrop">
                    <section class="moment" role="dialog" aria-modal="true" aria-labelledby="moment-title">
                        <Medal key=b.key.clone() />
                        <p class="eyebrow">"Milestone reached"</p>
                        <h2 id="moment-title">{b.title.clone()}</h2>
                        <p class="moment-evidence">{b.evidence.join(" · ")}</p>
                        <p class="muted moment-sync">
                            {if b.awarded_at_ms.is_some() {
                                "Recorded in your evidence."
                            } else {
                                "Kept on this phone; confirmed when it syncs."
                            }}
                        </p>
                        {(more > 0).then(|| view! {
                            <p class="muted">{format!("and {more} more")}</p>
                        })}
                        <div class="row-buttons">
                            <a class="btn btn-quiet" href="/progress#badges"
                                on:click=move |_| offline.landed.set(Vec::new())>"See badges"</a>
                            <button class="btn btn-primary" autofocus
                                on:click=move |_| offline.landed.update(|l| { l.remove(0); })>"Keep going"</button>
                        </div>
                    </section>
                </div>
            }
        })
    }
}
