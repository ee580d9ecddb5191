//! WebVTT captions timed to the narration: each scene's words are cut into short cues (two
//! lines at most) whose times share out the scene's spoken span by length.

use super::wav::Span;
use std::fmt::Write as _;

/// Longest cue, in characters: two lines of a phone-width caption.
const MAX_CUE_CHARS: usize = 80;
const MAX_LINE_CHARS: usize = 42;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
}

/// Splits `text` into cue-sized pieces at sentence ends, then commas, then words.
fn pieces(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for sentence in split_keep(text, &['.', '?', '!', ';', ':']) {
        if sentence.chars().count() <= MAX_CUE_CHARS {
            out.push(sentence);
            continue;
        }
        let mut current = String::new();
        for clause in split_keep(&sentence, &[',']) {
            for word in clause.split_whitespace() {
                if !current.is_empty()
                    && current.chars().count() + 1 + word.chars().count() > MAX_CUE_CHARS
                {
                    out.push(std::mem::take(&mut current));
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
            }
            // Prefer to break after a comma once the cue is reasonably full.
            if current.chars().count() > MAX_CUE_CHARS / 2 {
                out.push(std::mem::take(&mut current));
            }
        }
        if !current.is_empty() {
            out.push(current);
        }
    }
    out
}

fn split_keep(text: &str, ends: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        let at_boundary = chars.peek().is_none_or(|n| n.is_whitespace());
        if ends.contains(&c) && at_boundary {
            let piece = current.trim().to_owned();
            if !piece.is_empty() {
                out.push(piece);
            }
            current.clear();
        }
    }
    let piece = current.trim().to_owned();
    if !piece.is_empty() {
        out.push(piece);
    }
    out
}

/// Cues for each scene's narration within its spoken span.
pub fn cues(narrations: &[&str], spans: &[Span]) -> Vec<Cue> {
    let mut out = Vec::new();
    for (text, span) in narrations.iter().zip(spans) {
        let parts = pieces(text);
        let total: usize = parts
            .iter()
            .map(|p| p.chars().count())
            .sum::<usize>()
            .max(1);
        let length = span.end_ms - span.start_ms;
        let mut done = 0usize;
        for p in parts {
            let start = span.start_ms + length * done as u64 / total as u64;
            done += p.chars().count();
            let end = span.start_ms + length * done as u64 / total as u64;
            out.push(Cue {
                start_ms: start,
                end_ms: end.max(start + 1),
                text: p,
            });
        }
    }
    out
}

/// Breaks a cue into at most two balanced lines.
fn lines(text: &str) -> String {
    if text.chars().count() <= MAX_LINE_CHARS {
        return text.to_owned();
    }
    let half = text.chars().count() / 2;
    let mut best = None;
    for (i, c) in text.char_indices() {
        if c == ' ' {
            let at = text[..i].chars().count();
            let dist = at.abs_diff(half);
            if best.is_none_or(|(_, d)| dist < d) {
                best = Some((i, dist));
            }
        }
    }
    match best {
        Some((i, _)) => format!("{}\n{}", &text[..i], &text[i + 1..]),
        None => text.to_owned(),
    }
}

fn stamp(ms: u64) -> String {
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000
    )
}

pub fn to_vtt(cues: &[Cue]) -> String {
    let mut out = String::from("WEBVTT\n");
    for (i, c) in cues.iter().enumerate() {
        let _ = write!(
            out,
            "\n{}\n{} --> {}\n{}\n",
            i + 1,
            stamp(c.start_ms),
            stamp(c.end_ms),
            lines(&c.text).replace('&', "&amp;").replace('<', "&lt;")
        );
    }
    out
}

fn parse_stamp(s: &str) -> Option<u64> {
    let (rest, ms) = s.trim().split_once('.')?;
    if ms.len() != 3 {
        return None;
    }
    let ms: u64 = ms.parse().ok()?;
    let parts: Vec<u64> = rest
        .split(':')
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let (h, m, s) = match parts.as_slice() {
        [m, s] => (0, *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    (m < 60 && s < 60).then_some(((h * 60 + m) * 60 + s) * 1000 + ms)
}

/// Reads a WebVTT file's cues, refusing what a browser would not play.
pub fn parse_vtt(text: &str) -> Result<Vec<Cue>, String> {
    let text = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .replace("\r\n", "\n");
    let mut blocks = text.split("\n\n").filter(|b| !b.trim().is_empty());
    let header = blocks.next().unwrap_or_default();
    if !(header == "WEBVTT" || header.starts_with("WEBVTT ") || header.starts_with("WEBVTT\n")) {
        return Err("a WebVTT file starts with the line WEBVTT".into());
    }
    let mut cues = Vec::new();
    for block in blocks {
        let mut lines = block.lines();
        let mut first = lines.next().unwrap_or_default();
        if first.starts_with("NOTE") || first.starts_with("STYLE") || first.starts_with("REGION") {
            continue;
        }
        if !first.contains("-->") {
            first = lines.next().unwrap_or_default();
        }
        let (a, b) = first
            .split_once("-->")
            .ok_or_else(|| format!("cue {} has no timing line", cues.len() + 1))?;
        let end_stamp = b.split_whitespace().next().unwrap_or_default();
        let (start_ms, end_ms) = parse_stamp(a)
            .zip(parse_stamp(end_stamp))
            .ok_or_else(|| format!("cue {} has a malformed time: {first}", cues.len() + 1))?;
        if end_ms <= start_ms {
            return Err(format!("cue {} ends before it starts", cues.len() + 1));
        }
        let text = lines.collect::<Vec<_>>().join("\n");
        if text.trim().is_empty() {
            return Err(format!("cue {} has no text", cues.len() + 1));
        }
        cues.push(Cue {
            start_ms,
            end_ms,
            text,
        });
    }
    Ok(cues)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_follow_the_narration_in_short_readable_cues() {
        let narration = "Prove it dead. Test your voltage indicator on a known live source, then test every core of the cable, phase to phase and phase to earth, and then prove the indicator again.";
        let cues = cues(
            &[narration],
            &[Span {
                start_ms: 1000,
                end_ms: 11_000,
            }],
        );
        assert!(cues.len() >= 3, "{cues:?}");
        assert_eq!(cues[0].text, "Prove it dead.");
        assert_eq!(cues[0].start_ms, 1000);
        assert_eq!(cues.last().map(|c| c.end_ms), Some(11_000));
        assert!(cues.windows(2).all(|w| w[0].end_ms <= w[1].start_ms));
        assert!(cues.iter().all(|c| c.text.chars().count() <= MAX_CUE_CHARS));
        let spoken: Vec<&str> = cues
            .iter()
            .flat_map(|c| c.text.split_whitespace())
            .collect();
        assert_eq!(spoken, narration.split_whitespace().collect::<Vec<_>>());
    }

    #[test]
    fn written_captions_parse_back_to_the_same_cues() {
        let cues = cues(
            &[
                "One & two < three.",
                "A longer sentence that has to be broken over two lines of text.",
            ],
            &[
                Span {
                    start_ms: 0,
                    end_ms: 2000,
                },
                Span {
                    start_ms: 3_600_000,
                    end_ms: 3_605_000,
                },
            ],
        );
        let vtt = to_vtt(&cues);
        assert!(vtt.contains("01:00:00.000 --> "));
        let back = parse_vtt(&vtt).expect("parses");
        assert_eq!(back.len(), cues.len());
        assert_eq!(back[0].text, "One &amp; two &lt; three.");
        assert!(back[1].text.contains('\n'));
        assert_eq!(
            back.iter()
                .map(|c| (c.start_ms, c.end_ms))
                .collect::<Vec<_>>(),
            cues.iter()
                .map(|c| (c.start_ms, c.end_ms))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn malformed_captions_are_refused_with_the_reason() {
        assert!(parse_vtt("1\n00:00.000 --> 00:01.000\nHi").is_err());
        let bad_time = parse_vtt("WEBVTT\n\n00:00.000 --> 00:61.000\nHi").expect_err("refused");
        assert!(bad_time.contains("malformed time"), "{bad_time}");
        let backwards = parse_vtt("WEBVTT\n\n00:02.000 --> 00:01.000\nHi").expect_err("refused");
        assert!(backwards.contains("ends before"), "{backwards}");
        assert_eq!(
            parse_vtt("WEBVTT\n\nNOTE hi\n\nx\n00:00.500 --> 00:01.000 align:start\nHi")
                .map(|c| c.len()),
            Ok(1)
        );
    }
}
