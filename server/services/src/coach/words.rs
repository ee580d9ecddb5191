//! What a question says about itself before any search: too long or empty, about someone's
//! safety (always for a human), or a request for a person.

use flowline_core::error::AppError;

/// Longest question the coach takes.
pub const MAX_QUESTION: usize = 1_000;

/// Words about injury or danger: such a question always goes to a mentor, and the coach never
/// answers it alone.
const SAFETY: &[&str] = &[
    "injured",
    "injury",
    "injure",
    "hurt",
    "hurting",
    "unsafe",
    "accident",
    "bleeding",
    "burnt",
    "burned",
    "burns",
    "electrocuted",
    "unconscious",
    "emergency",
    "ambulance",
    "collapsed",
    "shocked",
    "scared",
    "bullied",
    "harassed",
];

/// Words asking for a person rather than a lesson.
const HUMAN: &[&str] = &["help", "mentor", "supervisor", "human", "person"];

/// What kind of question this is, by its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Someone may be hurt or in danger.
    Safety,
    /// Asks for a person.
    Human,
    Plain,
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_matches('\'').to_lowercase())
}

pub fn tone(text: &str) -> Tone {
    let ws: Vec<String> = words(text).collect();
    let lower = text.to_lowercase();
    if ws.iter().any(|w| SAFETY.contains(&w.as_str()))
        || lower.contains("not safe")
        || lower.contains("got a shock")
    {
        Tone::Safety
    } else if ws.iter().any(|w| HUMAN.contains(&w.as_str())) {
        Tone::Human
    } else {
        Tone::Plain
    }
}

/// The question, trimmed, or why it cannot be taken.
pub fn question(text: &str) -> Result<String, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(AppError::invalid("text", "Type a question first."));
    }
    let n = t.chars().count();
    if n > MAX_QUESTION {
        return Err(AppError::invalid(
            "text",
            format!(
                "Keep a question under {MAX_QUESTION} characters (this one has {n}): ask one thing at a time."
            ),
        ));
    }
    Ok(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injury_and_danger_are_for_a_human() {
        assert_eq!(tone("I think I'm injured"), Tone::Safety);
        assert_eq!(tone("This trench feels unsafe"), Tone::Safety);
        assert_eq!(tone("my mate got a shock off the cable"), Tone::Safety);
        assert_eq!(tone("Can I get some help with S3?"), Tone::Human);
        assert_eq!(tone("how do I prove a cable is dead"), Tone::Plain);
        // "shock" alone is a lesson topic (electric shock emergency), not an incident.
        assert_eq!(tone("what do I do for shock treatment"), Tone::Plain);
    }

    #[test]
    fn a_question_is_trimmed_and_bounded() {
        assert_eq!(question("  why?  ").expect("ok"), "why?");
        assert!(question("   ").is_err());
        let long = "a".repeat(10_000);
        let e = question(&long).expect_err("refused");
        assert!(e.message.contains("10000"), "{}", e.message);
    }
}
