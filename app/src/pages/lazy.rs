//! Every page but the feed is loaded when it is first visited: its code is split out of the
//! bundle a learner's phone downloads first (`cargo leptos build --split`). Each page is a
//! [`LazyRoute`] whose view lives in its own wasm chunk; on the server they render as usual.
//!
//! A route's own data loads inside its page (server fns through `Resource`s), so a page that
//! is not visited costs nothing.

use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A lazily loaded route that shows one page component.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:path) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> AnyView {
                let $route = this;
                view! { <$page /> }.into_any()
            }
        }
    };
}

lazy_page!(
    /// `/login`
    Login => super::auth::LoginPage
);
lazy_page!(
    /// `/register`
    Register => super::auth::RegisterPage
);
lazy_page!(
    /// `/verify/credential` (no sign-in)
    VerifyCredential => super::verify_credential::VerifyCredentialPage
);
lazy_page!(
    /// `/verify/:token` (no sign-in)
    Verify => super::verify::VerifyPage
);
lazy_page!(
    /// `/progress`
    Progress => super::progress::ProgressPage
);
lazy_page!(
    /// `/evidence`: evidence from the job (kept offline, like Progress)
    Evidence => super::evidence::EvidencePage
);
lazy_page!(
    /// `/coach`
    Coach => super::coach::CoachPage
);
lazy_page!(
    /// `/data/:id`: a person's copy of their data, and erasure
    Data => crate::pages::data_rights::DataRightsPage
);
lazy_page!(
    /// `/admin/people/import`: people from the LMS
    PeopleImport => super::admin::people_import::PeopleImportPage
);
lazy_page!(
    /// `/invite/:token`: a one-time sign-in link (no sign-in)
    Invite => super::auth::invite::InvitePage
);
lazy_page!(
    /// `/forgot`: "Forgot your password?" (no sign-in)
    Forgot => super::auth::forgot::ForgotPage
);
lazy_page!(
    /// `/reset/:token`: a password reset link (no sign-in)
    Reset => super::auth::reset::ResetPage
);
lazy_page!(
    /// `/welcome/:token`: the link that finishes a registration (no sign-in)
    Welcome => super::auth::welcome::WelcomePage
);
lazy_page!(
    /// `/me`
    Me => super::me::MePage
);
lazy_page!(
    /// `/instructor`
    Instructor => super::instructor::InstructorPage
);
lazy_page!(
    /// `/instructor/inbox`
    Inbox => super::inbox::InboxPage
);
lazy_page!(
    /// `/instructor/learners/:id`
    Learner => super::learner::LearnerPage
);
lazy_page!(
    /// `/admin`
    Admin => super::admin::AdminPage
);
lazy_page!(
    /// `/admin/lessons`
    Lessons => super::admin::lessons::LessonsPage
);
lazy_page!(
    /// `/admin/lessons/:id`
    LessonEditor => super::admin::lesson::LessonEditorPage
);
lazy_page!(
    /// `/admin/analytics`
    Analytics => super::admin::analytics::AnalyticsPage
);
lazy_page!(
    /// `/admin/script`
    Script => super::admin::script::ScriptPage
);
lazy_page!(
    /// `/admin/library`
    Library => super::admin::library::LibraryPage
);
lazy_page!(
    /// `/admin/people`
    People => super::admin::people::PeoplePage
);
lazy_page!(
    /// `/admin/programme`
    Programme => super::admin::programme::ProgrammePage
);
lazy_page!(
    /// `/admin/badges`
    Badges => super::admin::badges::BadgesPage
);
lazy_page!(
    /// `/admin/cohorts`
    Cohorts => super::admin::cohorts::CohortsPage
);
lazy_page!(
    /// `/assessor`
    Assessor => super::assessor::AssessorPage
);
lazy_page!(
    /// `/reviews/:id`
    Review => super::review::ReviewPage
);
lazy_page!(
    /// `/employer`
    Employer => super::employer::EmployerPage
);
lazy_page!(
    /// `/assessor/learners/:id/ksbs/:code` and `/employer/apprentices/:id/ksbs/:code`
    KsbEvidence => super::ksb_evidence::KsbEvidencePage
);
lazy_page!(
    /// `/assessor/learners/:id` and `/employer/apprentices/:id`
    Readiness => super::assessor::ReadinessPage
);
