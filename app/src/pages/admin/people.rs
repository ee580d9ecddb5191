use super::AdminTabs;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::admin::{admin_users, create_user, send_sign_in_link, update_user};
use flowline_core::domain::Role;
use flowline_core::model::{NewUserIn, UserOut, UserUpdate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// Accounts: create one with a role, change a role, deactivate or reactivate.
#[component]
pub fn PeoplePage() -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let users = Resource::new(move || changed.get(), |_| admin_users());
    view! {
        <Title text="People" />
        <header class="page-header"><h1>"People"</h1></header>
        <AdminTabs />
        <section class="card import-cta">
            <h2 class="card-title">"Bring people in from your LMS"</h2>
            <p class="muted">"A TalentLMS user export (or any LMS's CSV), or TalentLMS itself: see what each row becomes before anything is written."</p>
            <A href="/admin/people/import" attr:class="btn btn-primary">"Import people"</A>
        </section>
        <NewPerson changed=changed />
        <super::line_managers::LineManagersCard users=users />
        <super::sso::SsoCard />
        <section class="card">
            <h2 class="card-title">"Everyone"</h2>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    let me = crate::pages::signed_in().await.map(|m| m.id).unwrap_or_default();
                    match users.await {
                        Ok(list) => view! {
                            <ul class="list">{list.into_iter().map(|u| {
                                let is_me = u.id == me;
                                view! { <Person u=u changed=changed is_me=is_me /> }
                            }).collect_view()}</ul>
                        }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

fn role_chips(chosen: RwSignal<Role>, label: String) -> impl IntoView {
    view! {
        <div class="chips" role="radiogroup" aria-label=label>
            {Role::ALL.into_iter().map(|r| view! {
                <button type="button" role="radio" class="filter-chip" class:on=move || chosen.get() == r
                    aria-checked=move || (chosen.get() == r).to_string()
                    on:click=move |_| chosen.set(r)>{r.label()}</button>
            }).collect_view()}
        </div>
    }
}

#[component]
fn Person(u: UserOut, changed: RwSignal<u32>, is_me: bool) -> impl IntoView {
    let role = RwSignal::new(u.role);
    let id = u.id.clone();
    let change =
        Action::new(move |(id, c): &(String, UserUpdate)| update_user(id.clone(), c.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = change.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    let deactivated = u.deactivated;
    let for_role = id.clone();
    let rights_id = u.id.clone();
    let for_link = id.clone();
    let send_link = Action::new(move |id: &String| send_sign_in_link(id.clone()));
    view! {
        <li class="list-row person-row" class:inactive=deactivated>
            <div class="person-main">
                <p class="list-title">{u.display_name.clone()}{deactivated.then_some(" · deactivated")}{is_me.then_some(" · you")}</p>
                <p class="muted">{u.email.clone()}</p>
                {if is_me {
                    // Nobody locks themselves out: another admin changes this account.
                    view! { <p class="muted">"Your own role and access are changed by another admin."</p> }.into_any()
                } else {
                    role_chips(role, format!("Role of {}", u.display_name)).into_any()
                }}
                {move || change.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
                {move || send_link.value().get().map(|r| match r {
                    Ok(sent) => view! { <p class="notice notice-ok" role="status">{sent}</p> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
                {(!is_me).then(|| view! {
                    <A href=format!("/data/{rights_id}") attr:class="person-data">"Their data: copy or erase ›"</A>
                })}
            </div>
            <div class="row-buttons" class:hidden=is_me>
                <button type="button" class="btn btn-quiet btn-small" disabled=move || role.get() == u.role
                    on:click=move |_| { change.dispatch((for_role.clone(), UserUpdate { role: Some(role.get_untracked()), deactivated: None })); }>"Change role"</button>
                <button type="button" class="btn btn-quiet btn-small" disabled=move || deactivated || send_link.pending().get()
                    title="E-mail them a link to sign in and choose a password"
                    on:click=move |_| { send_link.dispatch(for_link.clone()); }>"Send sign-in link"</button>
                <button type="button" class="btn btn-ghost btn-small"
                    on:click=move |_| { change.dispatch((id.clone(), UserUpdate { role: None, deactivated: Some(!deactivated) })); }>
                    {if deactivated { "Reactivate" } else { "Deactivate" }}
                </button>
            </div>
        </li>
    }
}

#[component]
fn NewPerson(changed: RwSignal<u32>) -> impl IntoView {
    let (email, name, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let role = RwSignal::new(Role::Learner);
    let create = Action::new(move |input: &NewUserIn| create_user(input.clone()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            email.set(String::new());
            name.set(String::new());
            password.set(String::new());
            changed.update(|n| *n += 1);
        }
    });
    let field = |label: &'static str, kind: &'static str, s: RwSignal<String>| {
        view! {
            <label class="field"><span>{label}</span>
                <input type=kind required prop:value=move || s.get() on:input=move |ev| s.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <section class="card" aria-labelledby="new-person-title">
            <h2 class="card-title" id="new-person-title">"Add a person"</h2>
            <form class="form" on:submit=move |ev| {
                ev.prevent_default();
                create.dispatch(NewUserIn { email: email.get_untracked(), display_name: name.get_untracked(), role: role.get_untracked(), password: password.get_untracked(), timezone: None });
            }>
                {field("Name", "text", name)}
                {field("E-mail", "email", email)}
                {field("First password (10+ characters)", "password", password)}
                <p class="field-label">"Role"</p>
                {role_chips(role, "Role".to_owned())}
                <button type="submit" class="btn btn-primary" disabled=move || create.pending().get()>"Add"</button>
                {move || create.value().get().map(|r| match r {
                    Ok(u) => view! { <p class="notice notice-ok" role="status">{format!("Added {} as {}.", u.display_name, u.role.label())}</p> }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.message}</p> }.into_any(),
                })}
            </form>
        </section>
    }
}
