use crate::components::instructor::when::{days_ago, local, long_date, signed};
use crate::components::instructor::HeatMap;
use crate::components::otj::{OtjCard, Viewer};
use crate::components::progress::{BadgesCard, MasteryChart};
use crate::components::{ErrorPanel, Loading};
use crate::rpc::mentor::learner_detail;
use flowline_core::model::LearnerDetail;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// One apprentice in depth, for their mentor: where they stand on every KSB, how fast they
/// move, what they did lately and what has been signed off.
#[component]
pub fn LearnerPage() -> impl IntoView {
    let params = use_params_map();
    let detail = Resource::new(
        move || params.read().get("id").unwrap_or_default().into(),
        learner_detail,
    );
    let id = flowline_core::domain::LearnerId::from(
        params
            .read_untracked()
            .get("id")
            .unwrap_or_default()
            .as_str(),
    );
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(d) => view! { <Detail d=d /> }.into_any(),
                    Err(e) => view! {
                        <Title text="Apprentice" />
                        <header class="page-header"><A href="/instructor" attr:class="back">"‹ Cohort"</A><h1>"Apprentice"</h1></header>
                        <ErrorPanel error=e />
                    }.into_any(),
                }
            })}
        </Suspense>
        // Outside the awaited part, so their data is fetched once per visit.
        <OtjCard learner_id=id.clone() viewer=Viewer::Mentor />
        <crate::components::job_evidence::JobEvidenceCard learner=Some(id.clone())
            reader=crate::components::job_evidence::Reader::Mentor />
        <crate::components::reviews::ReviewsCard learner=Some(id) />
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[component]
fn Detail(d: LearnerDetail) -> impl IntoView {
    let p = d.progress;
    let tz = p.engine.timezone.clone();
    let r = d.row;
    let predicted = match &p.predicted_ready_date {
        Some(date) if p.overall >= 80.0 => format!("Reached 80 % ({})", long_date(date)),
        Some(date) => format!("80 % by {}", long_date(date)),
        None => "No date yet: not enough recent progress".into(),
    };
    let history = super::progress::recent(&p.history);
    let observed = p.ksbs.iter().filter(|k| k.observations > 0).count();
    view! {
        <Title text=r.name.clone() />
        <header class="page-header">
            <A href="/instructor" attr:class="back">"‹ Cohort"</A>
            <p class="eyebrow">{d.cohort.name.clone()}</p>
            <h1>{r.name.clone()}</h1>
            <p class=format!("status-pill status-{}", r.status.as_str())>
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-label">{r.status.label()}</span>
                {(r.reason != r.status.label()).then(|| format!(" · {}", r.reason))}
            </p>
            {r.churn_reason.clone().map(|why| {
                let word = crate::components::instructor::board::churn_word(r.churn_risk);
                view! { <p class=format!("churn churn-{word}")>{format!("Churn risk {word}: {why}")}</p> }
            })}
            <div class="row-actions contact">
                {(!d.email.is_empty()).then(|| view! {
                    <a class="btn btn-small btn-outline contact-link" href=format!("mailto:{}", d.email)
                        aria-label=format!("E-mail {} at {}", r.name, d.email)>{format!("E-mail {}", first_name(&r.name))}</a>
                })}
                {d.phone.clone().map(|phone| view! {
                    <a class="btn btn-small btn-outline contact-link" href=format!("tel:{phone}")
                        aria-label=format!("Call {} on {phone}", r.name)>{format!("Call {}", first_name(&r.name))}</a>
                    <a class="btn btn-small btn-outline contact-link" href=format!("sms:{phone}")
                        aria-label=format!("Text {} on {phone}", r.name)>"Text"</a>
                })}
            </div>
        </header>
        <section class="stats" aria-label="Pace">
            <div class="stat"><span class="stat-value">{format!("{:.0} %", p.overall)}</span><span class="stat-label">"Overall mastery"</span></div>
            <div class="stat"><span class="stat-value">{r.streak}</span><span class="stat-label">"Day streak"</span></div>
            <div class="stat"><span class="stat-value">{signed(p.velocity)}</span><span class="stat-label">"Pts/day (7 days)"</span></div>
            <div class="stat"><span class="stat-value">{signed(p.acceleration)}</span><span class="stat-label">"Acceleration"</span></div>
            <div class="stat"><span class="stat-value">{r.due_reviews}</span><span class="stat-label">"Reviews due"</span></div>
            <div class="stat"><span class="stat-value">{observed}</span><span class="stat-label">"KSBs observed"</span></div>
        </section>
        <section class="card">
            <h2 class="card-title">"Road to 80 %"</h2>
            <p class="pace">{predicted}</p>
            <p class="muted">{format!("{}{}", capitalised(&days_ago(r.days_since_active)), r.archetype.map(|a| format!(" · {}", a.label())).unwrap_or_default())}</p>
            <MasteryChart history=history />
        </section>
        <section class="card">
            <h2 class="card-title">"KSB map"</h2>
            <HeatMap ksbs=p.ksbs.clone() />
        </section>
        <BadgesCard badges=p.badges.clone() empty="No badges yet: the first comes with a KSB at 80 %." />
        <section class="card">
            <h2 class="card-title">"Signed off"</h2>
            {if d.observations.is_empty() {
                view! { <p class="muted">"Nothing signed off yet. Skills and Behaviours stop at 60 % until you observe them."</p> }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {d.observations.into_iter().map(|o| view! {
                            <li class="list-row obs-row">
                                <div>
                                    <p class="list-title">{o.ksb_codes.join(", ")}</p>
                                    <p class="muted">{format!("{} · {}", local(&o.occurred_at, &tz), o.mentor)}</p>
                                    {(!o.note.is_empty()).then(|| view! { <p class="obs-note">{o.note.clone()}</p> })}
                                </div>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            // A whole page load: the form is server-rendered with this apprentice chosen, and
            // the browser scrolls to it.
            <a href=format!("/instructor?learner={}#sign-off", r.id) rel="external" class="btn btn-quiet">"Sign off observed work"</a>
        </section>
        <section class="card">
            <h2 class="card-title">"Recent activity"</h2>
            {if d.recent.is_empty() {
                view! { <p class="muted">"No activity yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="list">
                        {d.recent.into_iter().map(|i| {
                            let score = if i.answers > 0 { format!(" · {}/{} right", i.right, i.answers) } else { String::new() };
                            view! {
                                <li class="list-row activity-row">
                                    <div>
                                        <p class="list-title">{i.lesson.clone()}</p>
                                        <p class="muted">{format!("{}{} · {} · v{}", i.kind.as_str(), score, local(&i.occurred_at, &tz), i.content_version)}</p>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// "Sam" of "Sam Reid".
fn first_name(name: &str) -> &str {
    name.split_whitespace().next().unwrap_or(name)
}
