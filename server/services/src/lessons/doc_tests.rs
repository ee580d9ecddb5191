use super::*;

const GOOD: &str = r#"+++
title = "Proving dead"
standard = "ST1332"
difficulty = 2
ksbs = { K6 = 0.5, S3 = 1.0 }

[[questions]]
ksb = "K6"
prompt = "When do you prove the tester?"
options = ["Before", "After", "Before and after"]
correct = 3
explanation = "Both, so a dead reading means something."

[[questions]]
ksb = "S3"
prompt = "What secures the isolation?"
options = ["A lock and a notice", "A word with the control engineer"]
correct = 1
explanation = "Locks and caution notices."
+++

## One
- A bullet
Narration one.

## Two
Narration two,
continued on the next line.

## Three
Three.

## Four
- First
- Second
Four.
"#;

fn parse(text: &str) -> Result<LessonDoc, LessonError> {
    LessonDoc::parse("content/lessons/ST1332/05-proving-dead.md", text)
}

#[test]
fn an_author_s_lesson_file_becomes_scenes_questions_and_weighted_ksbs() {
    let doc = parse(GOOD).expect("parses");
    assert_eq!(doc.slug, "05-proving-dead");
    assert_eq!(doc.title, "Proving dead");
    assert_eq!(doc.status, LessonStatus::Published);
    assert_eq!(doc.ksbs, vec![("S3".into(), 1.0), ("K6".into(), 0.5)]);
    assert_eq!(doc.scenes.len(), 4);
    assert_eq!(doc.scenes[0].bullets, vec!["A bullet"]);
    assert_eq!(
        doc.scenes[1].narration,
        "Narration two, continued on the next line."
    );
    assert_eq!(
        doc.questions[0].answer, 2,
        "`correct` counts from 1, `answer` from 0"
    );
    assert_eq!(doc.narration_words(), 11);
    let script = doc.render_script();
    assert_eq!(script.tags, vec!["S3", "K6"]);
    assert_eq!(
        script.render_key("r/1"),
        doc.render_script().render_key("r/1")
    );
    assert_ne!(script.render_key("r/1"), script.render_key("r/2"));
}

#[test]
fn questions_do_not_change_the_render_key() {
    let a = parse(GOOD).expect("parses");
    let b = parse(&GOOD.replace("When do you prove the tester?", "When?")).expect("parses");
    assert_ne!(a, b);
    assert_eq!(
        a.render_script().render_key("r"),
        b.render_script().render_key("r")
    );
}

fn error_of(text: &str) -> String {
    parse(text).expect_err("should be refused").to_string()
}

#[test]
fn a_broken_lesson_is_refused_with_the_file_line_and_reason() {
    assert!(error_of("## Just scenes\nHi").contains("05-proving-dead.md:1: a lesson starts with"));
    assert!(error_of("+++\ntitle = \"x\"\n").contains("not closed"));
    let toml = error_of(&GOOD.replace("difficulty = 2", "difficulty = \"hard\""));
    assert!(toml.contains(":4: front matter:"), "{toml}");
    assert!(error_of(&GOOD.replace("correct = 3", "correct = 4"))
        .contains("questions[0].correct: 4 is not an option"));
    assert!(error_of(&GOOD.replace("ksb = \"S3\"", "ksb = \"B1\""))
        .contains("questions[1].ksb: B1 is not one of the lesson's ksbs"));
    assert!(error_of(&GOOD.replace("K6 = 0.5", "K6 = 1.5")).contains("ksbs.K6: weight 1.5"));
    assert!(error_of(&GOOD.replace("K6 = 0.5", "Q6 = 0.5")).contains("`Q6` is not a KSB code"));
    assert!(error_of(&GOOD.replace("## Four\n", "")).contains("4 to 8 scenes"));
    assert!(
        error_of(&GOOD.replace("+++\n\n## One", "+++\nStray text\n## One"))
            .contains(":21: text before the first")
    );
    assert!(
        error_of(&GOOD.replace("- Second", "- Second\n- Third\n- Fourth"))
            .contains("at most 3 bullets")
    );
    assert!(error_of(&GOOD.replace("## Three\nThree.", "## Three")).contains("has no narration"));
    assert!(error_of(&GOOD.replace(
        "options = [\"Before\", \"After\"",
        "options = [\"Before\", \"before\""
    ))
    .contains("distinct"));
    assert!(
        error_of(&GOOD.replace("title = \"Proving dead\"", "title = \"x\"\nauthor = \"me\""))
            .contains("unknown field")
    );
    let bad_name = LessonDoc::parse("Lesson One.md", GOOD)
        .expect_err("bad name")
        .to_string();
    assert!(bad_name.contains("lowercase letters, digits and dashes"));
}
