//! The shipped lesson library, checked as a jointing instructor's editor would.

use super::*;
use flowline_core::domain::standard_doc::OfficialStandard;
use std::collections::HashSet;

fn demo_codes() -> HashSet<String> {
    let doc: OfficialStandard = serde_json::from_str(include_str!(
        "../../../../content/standards/ST1332.demo.json"
    ))
    .expect("demo library parses");
    doc.parse()
        .expect("demo library is valid")
        .ksbs
        .into_iter()
        .map(|k| k.code)
        .collect()
}

#[test]
fn the_shipped_library_parses_and_is_big_enough() {
    let docs = shipped().unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    assert!(docs.len() >= 24, "{} lessons", docs.len());
    let questions: usize = docs.iter().map(|d| d.questions.len()).sum();
    assert!(questions >= 60, "{questions} questions");
}

#[test]
fn every_demo_ksb_is_taught_and_checked() {
    let docs = shipped().expect("parses");
    let codes = demo_codes();
    let taught: HashSet<String> = docs
        .iter()
        .flat_map(|d| d.ksbs.iter().map(|(c, _)| c.clone()))
        .collect();
    let checked: HashSet<String> = docs
        .iter()
        .flat_map(|d| d.questions.iter().map(|q| q.ksb.clone()))
        .collect();
    let mut untaught: Vec<_> = codes.difference(&taught).collect();
    untaught.sort();
    assert!(untaught.is_empty(), "no lesson for {untaught:?}");
    let mut unchecked: Vec<_> = codes.difference(&checked).collect();
    unchecked.sort();
    assert!(unchecked.is_empty(), "no question on {unchecked:?}");
    let unknown: Vec<_> = taught.difference(&codes).collect();
    assert!(
        unknown.is_empty(),
        "lessons name KSBs the library lacks: {unknown:?}"
    );
}

#[test]
fn every_lesson_narrates_for_sixty_to_ninety_seconds() {
    // The local voice speaks about 160 words a minute; with the pauses between scenes,
    // 150–215 words is a 60–90 s video (the renderer test checks real durations).
    for d in shipped().expect("parses") {
        let words = d.narration_words();
        assert!(
            (150..=215).contains(&words),
            "{}: {words} words of narration",
            d.slug
        );
    }
}
