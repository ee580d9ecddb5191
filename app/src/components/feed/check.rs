//! The quick check after a lesson: one question at a time, options as big buttons, instant
//! feedback with the explanation, then the lesson's result and the way on.

use super::state::{interaction, now_ms, FeedState};
use flowline_core::model::{
    AnswerIn, FeedItem, InteractionKind, KsbMastery, OutboxEntry, QuestionDto, Rating,
};
use flowline_core::view::projection::grade;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone, PartialEq)]
struct Answered {
    chosen: usize,
    seconds: f64,
}

#[component]
pub fn CheckSlide(item: FeedItem, index: usize) -> impl IntoView {
    let state = expect_context::<FeedState>();
    let slide = 2 * index + 1;
    let questions = StoredValue::new(item.questions.clone());
    let count = item.questions.len();
    let current = RwSignal::new(0usize);
    let answers = RwSignal::new(Vec::<Answered>::new());
    let shown_at = StoredValue::new(None::<i64>);
    let result = RwSignal::new(None::<Vec<KsbMastery>>);
    let content_id = item.content_id.clone();
    let title = StoredValue::new(item.title.clone());
    let ksb_codes = StoredValue::new(item.ksbs.clone());
    // "K3" alone says nothing to a learner: each code is shown with its short title.
    let ksb_titles = StoredValue::new(item.ksb_titles.clone());
    let title_of = move |code: &str| -> String {
        let at = ksb_codes.with_value(|c| c.iter().position(|k| k == code));
        at.and_then(|i| ksb_titles.with_value(|t| t.get(i).cloned()))
            .unwrap_or_default()
    };
    let card = NodeRef::<leptos::html::Div>::new();
    // After an answer, and when the lesson's result arrives, the card shows its end: the
    // explanation and the button on, never hidden under each other or below the fold.
    let reveal = move || {
        if let Some(card) = card.get_untracked() {
            let card: web_sys::Element = card.into();
            request_animation_frame(move || {
                let opts = web_sys::ScrollToOptions::new();
                opts.set_top(f64::from(card.scroll_height()));
                opts.set_behavior(web_sys::ScrollBehavior::Smooth);
                card.scroll_to_with_scroll_to_options(&opts);
            });
        }
    };
    Effect::new(move |_| {
        if result.with(Option::is_some) {
            reveal();
        }
    });

    // The clock for an answer starts when its question is on screen.
    Effect::new(move |_| {
        if state.active.get() == slide && shown_at.get_value().is_none() {
            shown_at.set_value(Some(now_ms()));
        }
    });

    let finish = move || {
        state.settle(index);
        let given = answers.get_untracked();
        let qs = questions.get_value();
        let mut item = interaction(
            &content_id,
            InteractionKind::Answered,
            given.iter().map(|a| a.seconds).sum(),
        );
        item.answers = qs
            .iter()
            .zip(&given)
            .map(|(q, a)| AnswerIn {
                question_id: q.id.clone(),
                response: a.chosen as i64,
            })
            .collect();
        let chosen: Vec<usize> = given.iter().map(|a| a.chosen).collect();
        let entry = OutboxEntry {
            id: item.id.clone(),
            graded: grade(&qs, &chosen),
            title: title.get_value(),
            queued_at_ms: now_ms(),
            rejected: None,
            item,
        };
        let codes = ksb_codes.get_value();
        spawn_local(async move {
            let moved = state.record(entry, codes).await;
            result.set(Some(moved.unwrap_or_default()));
        });
    };
    let finish = StoredValue::new(finish);

    let choose = move |option: usize| {
        if answers.with_untracked(|a| a.len()) > current.get_untracked() {
            return;
        }
        let started = shown_at.get_value().unwrap_or_else(now_ms);
        answers.update(|a| {
            a.push(Answered {
                chosen: option,
                seconds: (now_ms() - started) as f64 / 1000.0,
            })
        });
        if answers.with_untracked(|a| a.len()) == count {
            finish.with_value(|f| f());
        }
        reveal();
    };
    let next_question = move |_| {
        current.update(|c| *c += 1);
        shown_at.set_value(Some(now_ms()));
    };

    let question_view = move || {
        let i = current.get();
        let q: QuestionDto = questions.with_value(|qs| qs.get(i).cloned())?;
        let given = move || answers.with(|a| a.get(i).map(|a| a.chosen));
        let answer = q.answer;
        let options = q
            .options
            .iter()
            .enumerate()
            .map(|(n, text)| {
                let class = move || match given() {
                    None => "option",
                    Some(_) if n == answer => "option right",
                    Some(c) if c == n => "option wrong",
                    Some(_) => "option faded",
                };
                view! {
                    <button class=class data-option=n + 1 disabled=move || given().is_some()
                        aria-pressed=move || (given() == Some(n)).to_string()
                        on:click=move |_| choose(n)>
                        <span class="option-key" aria-hidden="true">{n + 1}</span>
                        <span class="option-text">{text.clone()}</span>
                    </button>
                }
            })
            .collect_view();
        let right_text = q.options.get(answer).cloned().unwrap_or_default();
        let explanation = q.explanation.clone();
        Some(view! {
            <p class="check-count">{format!("Question {} of {count} · {}", i + 1, q.ksb)}</p>
            <h2 class="check-prompt" id=format!("prompt-{slide}")>{q.prompt.clone()}</h2>
            <div class="options" role="group" aria-labelledby=format!("prompt-{slide}")>{options}</div>
            <div class="feedback" aria-live="polite">
                {move || given().map(|c| {
                    let right = c == answer;
                    view! {
                        <div class=if right { "verdict verdict-right" } else { "verdict verdict-wrong" }>
                            <strong>{if right { "Right!".to_owned() } else { format!("Not quite — it's “{right_text}”.") }}</strong>
                            <p>{explanation.clone()}</p>
                        </div>
                    }
                })}
            </div>
        })
    };

    let done = move || answers.with(|a| a.len()) == count;
    let answered_current = move || answers.with(|a| a.len()) > current.get();
    let score = move || {
        let qs = questions.get_value();
        answers.with(|a| {
            a.iter()
                .zip(&qs)
                .filter(|(a, q)| a.chosen == q.answer)
                .count()
        })
    };

    view! {
        <section class="slide slide-check" data-slide=slide aria-roledescription="quick check"
            aria-label=format!("Quick check: {}", item.title)>
            <div class="check-card" node_ref=card>
                <p class="eyebrow">{format!("Quick check · {}", item.title)}</p>
                {question_view}
                <Show when=move || answered_current() && !done()>
                    <button class="btn btn-primary next-btn" on:click=next_question>"Next question"</button>
                </Show>
                <Show when=done>
                    <div class="lesson-result" aria-live="polite">
                        <p class="result-score">{move || format!("{} of {count} right", score())}</p>
                        {move || match result.get() {
                            None => view! { <p class="muted">"Saving…"</p> }.into_any(),
                            Some(ksbs) => view! {
                                <ul class="moves">
                                    {ksbs.into_iter().map(|k| {
                                        let title = title_of(&k.code);
                                        view! {
                                            <li class=format!("move band-{}", k.band.as_str())>
                                                <span class="tag">{k.code}</span>
                                                <span class="move-title">{title}</span>
                                                <span class="move-value">{format!("{}% · {}", k.mastery.round(), k.band.label())}</span>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any(),
                        }}
                        <PaceRating index=index />
                        <button class="btn btn-primary next-btn" on:click=move |_| state.go_to(slide + 1)>
                            "Next lesson"
                        </button>
                    </div>
                </Show>
            </div>
        </section>
    }
    .into_any()
}

/// "How was this one?": one tap says too easy, good pace or too hard. The next feeds lean
/// harder or gentler with it; admins see the verdicts per lesson.
#[component]
fn PaceRating(index: usize) -> impl IntoView {
    let state = expect_context::<FeedState>();
    let chosen = RwSignal::new(None::<Rating>);
    view! {
        <div class="pace" role="group" aria-labelledby=format!("pace-{index}")>
            <p class="pace-ask" id=format!("pace-{index}")>
                {move || match chosen.get() {
                    None => "How was this one?",
                    Some(Rating::GoodPace) => "Thanks: more at this pace.",
                    Some(Rating::TooEasy) => "Thanks: your next lessons will stretch you more.",
                    Some(Rating::TooHard) => "Thanks: your next lessons will go gentler.",
                }}
            </p>
            <div class="pace-options">
                {Rating::ALL.into_iter().map(|r| view! {
                    <button class="pace-btn" data-rating=r.as_str()
                        aria-pressed=move || (chosen.get() == Some(r)).to_string()
                        disabled=move || chosen.get().is_some()
                        on:click=move |_| {
                            chosen.set(Some(r));
                            state.rate(index, r);
                        }>
                        {r.label()}
                    </button>
                }).collect_view()}
            </div>
        </div>
    }
}
