//! Picking KSBs with a thumb: Skills and Behaviours as chips (what work shows), Knowledge
//! folded below; each chip says its code and a short title. Used by the mentor's sign-off and
//! the apprentice's evidence from the job.

use flowline_core::domain::ksb_title::short_title;
use flowline_core::domain::standard_doc::KsbKind;
use flowline_core::model::KsbChoice;
use leptos::prelude::*;

/// The chips of `choices`; a tap adds or removes the code in `picked`.
#[component]
pub fn KsbChips(
    #[prop(into)] choices: Signal<Vec<KsbChoice>>,
    picked: RwSignal<Vec<String>>,
) -> impl IntoView {
    let toggle = move |code: String| {
        picked.update(|p| {
            if let Some(i) = p.iter().position(|c| *c == code) {
                p.remove(i);
            } else {
                p.push(code);
            }
        })
    };
    move || {
        let (hands_on, knowledge): (Vec<_>, Vec<_>) = choices
            .get()
            .into_iter()
            .partition(|k| k.kind != KsbKind::Knowledge);
        let chip = move |k: KsbChoice| {
            let code = k.code.clone();
            let on = {
                let code = code.clone();
                move || picked.with(|p| p.contains(&code))
            };
            view! {
                <button type="button" class="ksb-chip" class:on=on.clone()
                    aria-pressed=move || on().to_string() title=k.text.clone()
                    on:click={
                        let code = code.clone();
                        move |_| toggle(code.clone())
                    }>
                    <span class="chip-code">{code.clone()}</span>
                    <span class="chip-title">{short_title(&k.text)}</span>
                </button>
            }
        };
        let more = knowledge.len();
        view! {
            <div class="chips">{hands_on.into_iter().map(chip).collect_view()}</div>
            {(more > 0).then(|| view! {
                <details class="more-ksbs">
                    <summary>{format!("Knowledge ({more})")}</summary>
                    <div class="chips">{knowledge.into_iter().map(chip).collect_view()}</div>
                </details>
            })}
        }
    }
}
