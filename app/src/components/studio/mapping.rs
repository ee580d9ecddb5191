//! The KSB mapping: which KSBs a lesson teaches, and how much (weight 0.1–1).

use super::draft::LessonDraft;
use flowline_core::model::StudioKsb;
use leptos::prelude::*;

#[component]
pub fn KsbMapping(draft: LessonDraft, choices: Vec<StudioKsb>) -> impl IntoView {
    let choices = StoredValue::new(choices);
    let text_of = move |code: &str| {
        choices
            .get_value()
            .into_iter()
            .find(|k| k.code == code)
            .map(|k| k.text)
            .unwrap_or_default()
    };
    let toggle = move |code: String| {
        draft.ksbs.update(|list| {
            if let Some(i) = list.iter().position(|(c, _)| *c == code) {
                list.remove(i);
            } else {
                list.push((code, RwSignal::new(1.0)));
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="mapping-title">
            <h2 class="card-title" id="mapping-title">"KSBs it teaches"</h2>
            <p class="muted">"Tap to add or remove. The weight says how much of the lesson is about each one."</p>
            <ul class="list weights">
                <For each=move || draft.ksbs.get() key=|(code, _)| code.clone() let:item>
                    {
                        let (code, weight) = item;
                        let label = format!("Weight of {code}");
                        let text = text_of(&code);
                        view! {
                            <li class="list-row weight-row">
                                <div class="weight-head">
                                    <span class="tag">{code.clone()}</span>
                                    <span class="weight-text">{text}</span>
                                </div>
                                <div class="weight-input">
                                    <input type="range" min="0.1" max="1" step="0.1" aria-label=label
                                        prop:value=move || weight.get().to_string()
                                        on:input=move |ev| {
                                            if let Ok(v) = event_target_value(&ev).parse::<f64>() { weight.set(v) }
                                        } />
                                    <span class="weight-value">{move || format!("{:.1}", weight.get())}</span>
                                </div>
                            </li>
                        }
                    }
                </For>
            </ul>
            <div class="chips ksb-choices">
                {choices.get_value().into_iter().map(|k| {
                    let code = k.code.clone();
                    let on = code.clone();
                    view! {
                        <button type="button" class="ksb-chip" title=k.text.clone()
                            class:on=move || draft.ksbs.get().iter().any(|(c, _)| *c == on)
                            on:click=move |_| toggle(code.clone())>{k.code.clone()}</button>
                    }
                }).collect_view()}
            </div>
        </section>
    }
}
