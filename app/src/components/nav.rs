use super::icons::{Icon, IconSvg};
use flowline_core::domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;

/// The bottom tab bar on phones (a side rail on wide screens). Each role sees the tabs it
/// uses: apprentices the feed, progress and coach; mentors Instructor; admins Instructor and
/// Admin; assessors the learners shared with them; employers their apprentices; everyone Me. The server checks access regardless.
#[component]
pub fn BottomNav(
    role: Role,
    /// Mentors' answers and nudges the learner has not seen (the Coach tab's badge).
    unread: Resource<u32>,
) -> impl IntoView {
    let mut tabs = Vec::new();
    if role == Role::Learner {
        tabs.extend([
            ("/", "Feed", Icon::Feed),
            ("/progress", "Progress", Icon::Progress),
            ("/coach", "Coach", Icon::Coach),
        ]);
    }
    if matches!(role, Role::Mentor | Role::Admin) {
        tabs.push(("/instructor", "Instructor", Icon::Instructor));
    }
    if role == Role::Admin {
        tabs.push(("/admin", "Admin", Icon::Admin));
    }
    if role == Role::Assessor {
        tabs.push(("/assessor", "Learners", Icon::Assessor));
    }
    if role == Role::Employer {
        tabs.push(("/employer", "Apprentices", Icon::Assessor));
    }
    tabs.push(("/me", "Me", Icon::Me));
    view! {
        <nav class="bottom-nav" aria-label="Main">
            {tabs
                .into_iter()
                .map(|(href, label, icon)| {
                    view! {
                        <A href=href exact=true attr:class="tab">
                            <IconSvg icon=icon />
                            <span class="tab-label">{label}</span>
                            {(href == "/coach").then(|| view! {
                                <Suspense fallback=|| ()>
                                    {move || Suspend::new(async move {
                                        let n = unread.await;
                                        (n > 0).then(|| view! {
                                            <span class="tab-badge" aria-hidden="true">{n.min(99)}</span>
                                            <span class="visually-hidden">{format!(", {n} new")}</span>
                                        })
                                    })}
                                </Suspense>
                            })}
                        </A>
                    }
                })
                .collect_view()}
        </nav>
    }
}
