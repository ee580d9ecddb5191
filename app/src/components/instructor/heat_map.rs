//! Every KSB of the standard as a tile, coloured by mastery: a mentor sees at a glance what is
//! mastered, what is building, what was never touched, and what they have observed.

use flowline_core::domain::competency::Band;
use flowline_core::model::KsbProgress;
use leptos::prelude::*;

fn tile_class(k: &KsbProgress) -> &'static str {
    match k.band {
        _ if k.answers == 0 && k.observations == 0 => "tile tile-none",
        Band::Mastered => "tile tile-mastered",
        Band::InProgress => "tile tile-building",
        _ => "tile tile-weak",
    }
}

#[component]
pub fn HeatMap(ksbs: Vec<KsbProgress>) -> impl IntoView {
    view! {
        <div class="heat-map" role="list">
            {ksbs.into_iter().map(|k| {
                let label = format!(
                    "{}: {:.0} %{}{} — {}",
                    k.code,
                    k.mastery,
                    if k.due { ", review due" } else { "" },
                    if k.observations > 0 { ", observed" } else { "" },
                    k.text
                );
                view! {
                    <div class=tile_class(&k) class:tile-due=k.due role="listitem" title=label.clone() aria-label=label>
                        <span class="tile-code">{k.code.clone()}</span>
                        <span class="tile-pct">{format!("{:.0}", k.mastery)}</span>
                        {(k.observations > 0).then(|| view! { <span class="tile-seen" aria-hidden="true">"✓"</span> })}
                    </div>
                }
            }).collect_view()}
        </div>
        <p class="heat-legend muted">
            <span class="tile-key tile-mastered"></span>" mastered "
            <span class="tile-key tile-building"></span>" building "
            <span class="tile-key tile-weak"></span>" weak "
            <span class="tile-key tile-none"></span>" not started · ✓ observed · outline: review due"
        </p>
    }
}
