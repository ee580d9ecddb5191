use crate::components::icons::Icon;
use crate::components::EmptyState;
use leptos::prelude::*;
use leptos_meta::Title;

/// Questions to the coach, answered with the right video or passed to a mentor.
#[component]
pub fn CoachPage() -> impl IntoView {
    view! {
        <Title text="Coach" />
        <header class="page-header"><h1>"Coach"</h1></header>
        <EmptyState title="The coach is not switched on for your cohort".to_owned() icon=Icon::Coach>
            <p>"When it is, you can ask about anything on the job and get the lesson that answers it, or have your question passed to your mentor."</p>
        </EmptyState>
    }
}
