use super::icons::{Icon, IconSvg};
use flowline_core::domain::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The bottom tab bar on phones (a side rail on wide screens). Each role sees the tabs it
/// uses: apprentices the feed, progress and coach; mentors Instructor; admins Instructor and
/// Admin; assessors the learners shared with them; everyone Me. The server checks access regardless.
#[component]
pub fn BottomNav(role: Role) -> impl IntoView {
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
    tabs.push(("/me", "Me", Icon::Me));
    // Mentors' answers and nudges not yet seen: looked up again on every navigation (opening
    // Coach marks them seen), and never shown on Coach itself.
    let path = use_location().pathname;
    let unread = Resource::new(
        move || (role == Role::Learner).then(|| path.get()),
        |asked| async move {
            match asked {
                Some(p) if p != "/coach" => crate::rpc::coach::coach_unread().await.unwrap_or(0),
                _ => 0,
            }
        },
    );
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
