use crate::rpc::{Login, Logout, Register};
use flowline_core::error::AppError;
use flowline_core::model::Me;
use leptos::prelude::*;
use leptos_router::components::Outlet;

/// The signed-in person, shared with every page. Refetched after sign-in, sign-up and sign-out.
pub type MeResource = Resource<Result<Option<Me>, AppError>>;

/// The auth actions, shared so that any page can sign out and the user resource follows.
#[derive(Clone, Copy)]
pub struct AuthActions {
    pub login: ServerAction<Login>,
    pub register: ServerAction<Register>,
    pub logout: ServerAction<Logout>,
}

/// The root of every route: owns the session state. It lives inside `<Routes>` so that the
/// actions see an error carried back in the URL after a form post made without JavaScript.
#[component]
pub fn SessionRoot() -> impl IntoView {
    let actions = AuthActions {
        login: ServerAction::<Login>::new(),
        register: ServerAction::<Register>::new(),
        logout: ServerAction::<Logout>::new(),
    };
    let me: MeResource = Resource::new(
        move || {
            (
                actions.login.version().get(),
                actions.register.version().get(),
                actions.logout.version().get(),
            )
        },
        |_| crate::rpc::auth::get_me(),
    );
    // Cached pages hold the person's own data: gone at sign-out.
    Effect::new(move |_| {
        if actions.logout.version().get() > 0 {
            #[cfg(feature = "hydrate")]
            crate::offline::clear_pages();
        }
    });
    provide_context(actions);
    provide_context(me);
    view! { <Outlet /> }
}
