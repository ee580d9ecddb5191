//! A KSB's short title, for wherever its code is shown: "K3 (Company safety rules and safety
//! documents)" says what "K3" alone does not. Official KSB texts have no title of their own, so
//! it is the text's first phrase (up to a colon, semicolon or full stop), kept short.

/// Longest short title, in characters (an ellipsis marks a cut).
pub const MAX_TITLE_CHARS: usize = 44;

/// The short title of a KSB text.
pub fn short_title(text: &str) -> String {
    let text = text.trim();
    let text = text.strip_prefix("The ").unwrap_or(text);
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            matches!(c, ':' | ';' | '(')
                || (c == '.' && text[i + 1..].starts_with(' ') && !text[..i].ends_with("etc"))
                || (c == '.' && i + 1 == text.len())
        })
        .map_or(text.len(), |(i, _)| i);
    let phrase = text[..end].trim().trim_end_matches(',');
    if phrase.chars().count() <= MAX_TITLE_CHARS {
        return capitalised(phrase);
    }
    let mut cut = String::new();
    for word in phrase.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > MAX_TITLE_CHARS - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    let cut = cut
        .trim_end_matches([',', ' '])
        .trim_end_matches(" and")
        .trim_end_matches(" of");
    format!("{}…", capitalised(cut))
}

/// "K3 (Company safety rules and safety documents)".
pub fn label(code: &str, title: &str) -> String {
    if title.is_empty() {
        code.to_owned()
    } else {
        format!("{code} ({title})")
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_phrase_of_a_ksb_is_its_title() {
        assert_eq!(
            short_title(
                "Company safety rules and safety documents: permits to work, sanctions for test."
            ),
            "Company safety rules and safety documents"
        );
        assert_eq!(
            short_title("Prepare cables for jointing."),
            "Prepare cables for jointing"
        );
    }

    #[test]
    fn a_long_phrase_is_cut_at_a_word_with_an_ellipsis() {
        let t = short_title(
            "The Electricity at Work Regulations 1989 and the Health and Safety at Work etc. Act 1974: the duties of employers",
        );
        assert!(t.ends_with('…'), "{t}");
        assert!(t.chars().count() <= MAX_TITLE_CHARS, "{t}");
        assert!(t.starts_with("Electricity at Work Regulations 1989"), "{t}");
    }

    #[test]
    fn a_label_names_the_code_and_its_title() {
        assert_eq!(label("K3", "Safety documents"), "K3 (Safety documents)");
        assert_eq!(label("K3", ""), "K3");
    }
}
