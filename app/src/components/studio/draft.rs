//! The editor's working copy of a lesson: one signal per field, one per question and option,
//! so typing in one box never redraws another.

use flowline_core::model::{KsbWeight, LessonSave, QuestionEdit, StudioLesson};
use leptos::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A key for a list row that lives as long as the row.
pub fn uid() -> usize {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[derive(Clone, Copy)]
pub struct OptionDraft {
    pub uid: usize,
    pub text: RwSignal<String>,
}

#[derive(Clone, Copy)]
pub struct QuestionDraft {
    pub uid: usize,
    pub ksb: RwSignal<String>,
    pub prompt: RwSignal<String>,
    pub options: RwSignal<Vec<OptionDraft>>,
    /// The uid of the right option.
    pub correct: RwSignal<Option<usize>>,
    pub explanation: RwSignal<String>,
}

impl QuestionDraft {
    pub fn new(q: &QuestionEdit) -> Self {
        let options: Vec<OptionDraft> = q
            .options
            .iter()
            .map(|t| OptionDraft {
                uid: uid(),
                text: RwSignal::new(t.clone()),
            })
            .collect();
        let correct = options.get(q.correct).map(|o| o.uid);
        Self {
            uid: uid(),
            ksb: RwSignal::new(q.ksb.clone()),
            prompt: RwSignal::new(q.prompt.clone()),
            options: RwSignal::new(options),
            correct: RwSignal::new(correct),
            explanation: RwSignal::new(q.explanation.clone()),
        }
    }

    pub fn blank(ksb: &str) -> Self {
        Self::new(&QuestionEdit {
            ksb: ksb.to_owned(),
            prompt: String::new(),
            options: vec![String::new(), String::new(), String::new()],
            correct: 0,
            explanation: String::new(),
        })
    }

    fn edit(&self) -> QuestionEdit {
        let options = self.options.get_untracked();
        let correct = self.correct.get_untracked();
        QuestionEdit {
            ksb: self.ksb.get_untracked(),
            prompt: self.prompt.get_untracked(),
            options: options.iter().map(|o| o.text.get_untracked()).collect(),
            // No right answer marked: an index past the end, which the server names.
            correct: options
                .iter()
                .position(|o| Some(o.uid) == correct)
                .unwrap_or(options.len()),
            explanation: self.explanation.get_untracked(),
        }
    }
}

/// The whole working copy.
#[derive(Clone, Copy)]
pub struct LessonDraft {
    pub title: RwSignal<String>,
    pub difficulty: RwSignal<i64>,
    pub transcript: RwSignal<String>,
    pub ksbs: RwSignal<Vec<(String, RwSignal<f64>)>>,
    pub questions: RwSignal<Vec<QuestionDraft>>,
}

impl LessonDraft {
    pub fn new(l: &StudioLesson) -> Self {
        Self {
            title: RwSignal::new(l.title.clone()),
            difficulty: RwSignal::new(l.difficulty),
            transcript: RwSignal::new(l.transcript.clone()),
            ksbs: RwSignal::new(
                l.ksbs
                    .iter()
                    .map(|k| (k.code.clone(), RwSignal::new(k.weight)))
                    .collect(),
            ),
            questions: RwSignal::new(l.questions.iter().map(QuestionDraft::new).collect()),
        }
    }

    pub fn save(&self) -> LessonSave {
        LessonSave {
            title: self.title.get_untracked(),
            difficulty: self.difficulty.get_untracked(),
            transcript: self.transcript.get_untracked(),
            ksbs: self
                .ksbs
                .get_untracked()
                .iter()
                .map(|(code, w)| KsbWeight {
                    code: code.clone(),
                    weight: w.get_untracked(),
                })
                .collect(),
            questions: self
                .questions
                .get_untracked()
                .iter()
                .map(QuestionDraft::edit)
                .collect(),
        }
    }
}
