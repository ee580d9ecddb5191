//! The quick-check editor: a prompt, 2–6 answers with the right one marked, the KSB it checks,
//! and an explanation shown after answering.

use super::draft::{uid, LessonDraft, OptionDraft, QuestionDraft};
use leptos::prelude::*;

#[component]
fn QuestionCard(draft: LessonDraft, q: QuestionDraft, n: usize) -> impl IntoView {
    let remove = move |_| draft.questions.update(|qs| qs.retain(|x| x.uid != q.uid));
    let add_option = move |_| {
        q.options.update(|o| {
            if o.len() < 6 {
                o.push(OptionDraft {
                    uid: uid(),
                    text: RwSignal::new(String::new()),
                })
            }
        })
    };
    let group = format!("q{}-right", q.uid);
    view! {
        <li class="question-card">
            <div class="question-head">
                <span class="check-count">{format!("Question {n}")}</span>
                <button type="button" class="btn-ghost btn-small" on:click=remove>"Remove"</button>
            </div>
            <label class="field">
                <span>"Question"</span>
                <textarea rows="2" aria-label=format!("Question {n} prompt") prop:value=move || q.prompt.get()
                    on:input=move |ev| q.prompt.set(event_target_value(&ev))></textarea>
            </label>
            <p class="field-label">"Checks"</p>
            <div class="chips">
                {move || draft.ksbs.get().into_iter().map(|(code, _)| {
                    let on = code.clone();
                    view! {
                        <button type="button" class="ksb-chip" class:on=move || q.ksb.get() == on
                            on:click=move |_| q.ksb.set(code.clone())>{code.clone()}</button>
                    }
                }).collect_view()}
            </div>
            <p class="field-label">"Answers (mark the right one)"</p>
            <ul class="option-edit-list">
                <For each=move || q.options.get() key=|o| o.uid let:o>
                    <li class="option-edit">
                        <input type="radio" name=group.clone() aria-label="Right answer"
                            prop:checked=move || q.correct.get() == Some(o.uid)
                            on:change=move |_| q.correct.set(Some(o.uid)) />
                        <input type="text" placeholder="An answer" aria-label="Answer"
                            prop:value=move || o.text.get() on:input=move |ev| o.text.set(event_target_value(&ev)) />
                        <button type="button" class="btn-ghost btn-small" aria-label="Remove answer"
                            on:click=move |_| q.options.update(|os| os.retain(|x| x.uid != o.uid))>"×"</button>
                    </li>
                </For>
            </ul>
            <button type="button" class="btn-ghost btn-small" on:click=add_option>"+ Answer"</button>
            <label class="field">
                <span>"Explanation (after answering)"</span>
                <textarea rows="2" prop:value=move || q.explanation.get()
                    on:input=move |ev| q.explanation.set(event_target_value(&ev))></textarea>
            </label>
        </li>
    }
}

#[component]
pub fn QuestionsEditor(draft: LessonDraft) -> impl IntoView {
    let add = move |_| {
        let first = draft
            .ksbs
            .get_untracked()
            .first()
            .map(|(c, _)| c.clone())
            .unwrap_or_default();
        draft
            .questions
            .update(|qs| qs.push(QuestionDraft::blank(&first)));
    };
    view! {
        <section class="card" aria-labelledby="questions-title">
            <h2 class="card-title" id="questions-title">"Quick check"</h2>
            <ol class="question-list">
                {move || draft.questions.get().into_iter().enumerate().map(|(i, q)| view! {
                    <QuestionCard draft=draft q=q n=i + 1 />
                }).collect_view()}
            </ol>
            <button type="button" class="btn btn-quiet" on:click=add>"Add a question"</button>
        </section>
    }
}
