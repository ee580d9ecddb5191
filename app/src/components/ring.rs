//! A mastery ring: a circle filled to a percentage in its band's colour.

use flowline_core::domain::competency::Band;
use leptos::prelude::*;

#[component]
pub fn Ring(value: f64, band: Band, #[prop(default = 40)] size: u32) -> impl IntoView {
    let r = 15.5;
    let circumference = 2.0 * std::f64::consts::PI * r;
    let filled = circumference * value.clamp(0.0, 100.0) / 100.0;
    view! {
        <svg class=format!("ring band-{}{}", band.as_str(), if value <= 0.0 { " empty" } else { "" }) width=size height=size viewBox="0 0 36 36" aria-hidden="true">
            <circle class="ring-track" cx="18" cy="18" r=r />
            <circle class="ring-fill" cx="18" cy="18" r=r
                stroke-dasharray=format!("{filled:.2} {circumference:.2}")
                transform="rotate(-90 18 18)" />
            <text x="18" y="22" text-anchor="middle" class="ring-text">{format!("{}", value.round())}</text>
        </svg>
    }
}
