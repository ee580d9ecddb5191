use crate::components::icons::Icon;
use crate::components::EmptyState;
use leptos::prelude::*;
use leptos_meta::Title;

/// Mastery per KSB, reviews and streak.
#[component]
pub fn ProgressPage() -> impl IntoView {
    view! {
        <Title text="Progress" />
        <header class="page-header"><h1>"Progress"</h1></header>
        <EmptyState title="Nothing to show yet".to_owned() icon=Icon::Progress>
            <p>"Your mastery of each Knowledge, Skill and Behaviour builds up as you answer quick checks in your feed. Answer your first one and your map starts here."</p>
        </EmptyState>
    }
}
