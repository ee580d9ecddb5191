//! Evidence from the job as its readers see it: each piece's photos (a video or a voice note
//! plays in place), caption, KSBs, where it stands and the mentor's note. The apprentice's
//! mentor answers it here — "Sign off" or "Ask for more" with a note — and the apprentice
//! changes what their mentor asked more of.

use crate::components::instructor::when::long_date;
use crate::components::{ErrorPanel, Loading};
use crate::rpc::job_evidence::{change_job_evidence, learner_job_evidence, review_job_evidence};
use flowline_core::domain::LearnerId;
use flowline_core::model::{
    EvidenceFile, JobDecision, JobEvidence, JobEvidenceIn, JobReviewIn, JobStatus,
};
use leptos::prelude::*;

/// Who reads the list: the mentor answers, the apprentice changes, anyone else reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Apprentice,
    Mentor,
    Other,
}

/// `learner`: None for the signed-in apprentice's own; `refresh` is read to fetch again.
#[component]
pub fn JobEvidenceCard(
    learner: Option<LearnerId>,
    reader: Reader,
    #[prop(optional, into)] refresh: Signal<u32>,
) -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let items = Resource::new(move || (refresh.get(), changed.get()), {
        let learner = learner.clone();
        move |_| learner_job_evidence(learner.clone())
    });
    view! {
        <section class="card" aria-labelledby="job-evidence-title">
            <h2 class="card-title" id="job-evidence-title">"From the job"</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok(list) if list.is_empty() => view! {
                            <p class="muted">{match reader {
                                Reader::Apprentice => "Nothing sent yet: add a photo of a joint you made, a short video or a voice note.",
                                _ => "No evidence from the job yet.",
                            }}</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ul class="list evidence-list">
                                {list.into_iter().map(|e| view! { <Item e=e reader=reader changed=changed /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) if e.code == flowline_core::error::ErrorCode::NotFound => ().into_any(),
                        Err(e) if e.code == flowline_core::error::ErrorCode::Network => view! {
                            <p class="muted">"No signal: what was sent shows here when there is one."</p>
                        }.into_any(),
                        Err(e) => view! { <ErrorPanel error=e /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn status_class(s: JobStatus) -> &'static str {
    match s {
        JobStatus::Submitted => "amber",
        JobStatus::MoreAsked => "red",
        JobStatus::Accepted => "green",
    }
}

#[component]
fn Item(e: JobEvidence, reader: Reader, changed: RwSignal<u32>) -> impl IntoView {
    let status = e.status;
    let when = long_date(e.captured_at.get(..10).unwrap_or_default());
    let codes = e.ksb_codes.join(" · ");
    let note = (!e.review_note.is_empty()).then(|| {
        let who = e
            .reviewer
            .clone()
            .unwrap_or_else(|| "Your mentor".to_owned());
        view! { <p class="evidence-note"><strong>{who}": "</strong>{e.review_note.clone()}</p> }
    });
    let answer = (reader == Reader::Mentor && status == JobStatus::Submitted)
        .then(|| view! { <Answer id=e.id.clone() changed=changed /> });
    let change = (reader == Reader::Apprentice && status == JobStatus::MoreAsked)
        .then(|| view! { <Change e=e.clone() changed=changed /> });
    let title = e.caption.clone();
    view! {
        <li class="evidence-item">
            <div class="evidence-files">
                {e.files.into_iter().map(|f| view! { <File f=f /> }).collect_view()}
            </div>
            <p class="list-title evidence-caption">{title}</p>
            <p class="muted">{format!("{when} · {codes}")}</p>
            <span class=format!("status-pill status-{}", status_class(status))>
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-label">{status.label()}</span>
            </span>
            {note}
            {answer}
            {change}
        </li>
    }
}

#[component]
fn File(f: EvidenceFile) -> impl IntoView {
    let label = format!(
        "{} · SHA-256 {}",
        f.kind,
        f.sha256.get(..12).unwrap_or(&f.sha256)
    );
    let url = f.url.clone();
    match f.kind.as_str() {
        "photo" => view! {
            <a href=url target="_blank" rel="noopener" class="evidence-photo">
                <img src=f.url alt="A photo of the work" loading="lazy" title=label />
            </a>
        }
        .into_any(),
        "video" => view! {
            <video src=f.url controls=true preload="metadata" playsinline=true class="evidence-video" title=label></video>
        }
        .into_any(),
        _ => view! { <audio src=f.url controls=true preload="none" class="evidence-audio" title=label></audio> }
            .into_any(),
    }
}

/// The mentor's answer: a note, then "Sign off" or "Ask for more" (which needs the note).
#[component]
fn Answer(id: String, changed: RwSignal<u32>) -> impl IntoView {
    // Read from the field itself when tapped: what was typed before the page's code loaded
    // counts too.
    let note = NodeRef::<leptos::html::Textarea>::new();
    let act = Action::new(move |(id, decision): &(String, JobDecision)| {
        let input = JobReviewIn {
            decision: *decision,
            note: note.get_untracked().map(|t| t.value()).unwrap_or_default(),
        };
        let id = id.clone();
        async move { review_job_evidence(id, input).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = act.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    let (sign, more) = (id.clone(), id);
    view! {
        <div class="evidence-answer">
            <label class="field">
                <span class="field-label">"Your note"</span>
                <textarea rows="2" placeholder="What you saw, or what more you need" node_ref=note></textarea>
            </label>
            <div class="button-row">
                <button type="button" class="btn btn-primary" disabled=move || act.pending().get()
                    on:click=move |_| { act.dispatch((sign.clone(), JobDecision::Accept)); }>"Sign off"</button>
                <button type="button" class="btn" disabled=move || act.pending().get()
                    on:click=move |_| { act.dispatch((more.clone(), JobDecision::AskForMore)); }>"Ask for more"</button>
            </div>
            {move || act.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
        </div>
    }
}

/// The apprentice adds to the caption their mentor asked more of, and sends it again.
#[component]
fn Change(e: JobEvidence, changed: RwSignal<u32>) -> impl IntoView {
    let text = e.caption.clone();
    let caption = NodeRef::<leptos::html::Textarea>::new();
    let act = Action::new(move |e: &JobEvidence| {
        let input = JobEvidenceIn {
            client_id: e.client_id.clone(),
            caption: caption
                .get_untracked()
                .map(|t| t.value())
                .unwrap_or_default(),
            ksb_codes: e.ksb_codes.clone(),
            captured_at: e.captured_at.clone(),
            uploads: e.files.iter().map(|f| f.id.clone()).collect(),
        };
        let id = e.id.clone();
        async move { change_job_evidence(id, input).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = act.value().get() {
            changed.update(|n| *n += 1);
        }
    });
    view! {
        <div class="evidence-answer">
            <label class="field">
                <span class="field-label">"Add what your mentor asked for"</span>
                <textarea rows="3" node_ref=caption>{text}</textarea>
            </label>
            <button type="button" class="btn btn-primary" disabled=move || act.pending().get()
                on:click=move |_| { act.dispatch(e.clone()); }>"Send again"</button>
            {move || act.value().get().and_then(Result::err).map(|e| view! { <p class="form-error" role="alert">{e.message}</p> })}
        </div>
    }
}
