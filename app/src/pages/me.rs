use crate::components::{ErrorPanel, Loading};
use crate::layouts::AuthActions;
use leptos::prelude::*;
use leptos_meta::Title;

/// The signed-in person's profile, cohorts and sign-out.
#[component]
pub fn MePage() -> impl IntoView {
    let logout = expect_context::<AuthActions>().logout;
    view! {
        <Title text="Me" />
        <header class="page-header"><h1>"Me"</h1></header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match super::signed_in().await {
                    Ok(me) => {
                        let initial = me.display_name.chars().next().unwrap_or('?').to_uppercase().to_string();
                        view! {
                            <section class="card profile">
                                <div class="avatar" aria-hidden="true">{initial}</div>
                                <div>
                                    <h2 class="profile-name">{me.display_name.clone()}</h2>
                                    <p class="muted">{me.email.clone()}</p>
                                    <span class="chip">{me.role.label()}</span>
                                </div>
                            </section>
                            <section class="card">
                                <h2 class="card-title">"Cohorts"</h2>
                                {if me.cohorts.is_empty() {
                                    view! { <p class="muted">"You are not in a cohort yet. Your training provider adds you to one."</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="list">
                                            {me.cohorts.iter().map(|c| view! {
                                                <li class="list-row">
                                                    <div>
                                                        <p class="list-title">{c.name.clone()}</p>
                                                        <p class="muted">{format!("{} · {}", c.standard, c.standard_title)}</p>
                                                    </div>
                                                    <span class="chip">{c.role.label()}</span>
                                                </li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            </section>
                            {(me.role == flowline_core::domain::Role::Learner).then(|| view! { <crate::components::sharing::SharingCard /> })}
                            {(me.role == flowline_core::domain::Role::Learner).then(|| view! { <crate::components::nudge_settings::NudgeSettings /> <crate::components::whatsapp_optin::WhatsAppOptIn /> <crate::components::mentor_phone::MentorPhoneSetting /> })}
                            {matches!(me.role, flowline_core::domain::Role::Learner | flowline_core::domain::Role::Mentor | flowline_core::domain::Role::Admin).then(|| view! { <crate::components::push_setting::PushSetting /> })}
                            <section class="card">
                                <h2 class="card-title">"Settings"</h2>
                                <crate::components::timezone_setting::TimezoneSetting current=me.timezone.clone() />
                                <crate::components::password_setting::PasswordSetting />
                            </section>
                            <crate::components::devices::Devices />
                            <section class="card">
                                <h2 class="card-title">"Your data"</h2>
                                <p class="muted">"Download a copy of everything Flowline holds about you, or delete your account."</p>
                                <crate::pages::data_rights::DataRightsLink user_id=me.id.clone() label="Your data: copy or delete" />
                            </section>
                        }.into_any()
                    }
                    Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                }
            })}
        </Suspense>
        <ActionForm action=logout attr:class="signout">
            <button type="submit" class="btn btn-quiet">"Sign out"</button>
        </ActionForm>
    }
}
