//! An optional generative answer from an OpenAI-compatible endpoint (`FLOWLINE_LLM_URL`),
//! grounded in the passages the search found: the model sees only those passages, must cite the
//! lesson it used by its exact title, and an answer that cites none of them is thrown away for
//! the retrieval answer. Without an endpoint, or when it is slow, down or says it does not know,
//! the retrieval answer alone is what the learner gets. Safety questions never reach it.

use std::fmt;
use std::time::Duration;

/// The endpoint's root (`https://api.openai.com/v1`, a local server's `/v1`), model and key.
#[derive(Clone)]
pub struct Llm {
    pub url: String,
    pub model: String,
    pub api_key: Option<String>,
    pub client: reqwest::Client,
}

impl fmt::Debug for Llm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Llm")
            .field("url", &self.url)
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// A passage the model may answer from, with the lesson it is from.
#[derive(Debug, Clone)]
pub struct Source {
    pub title: String,
    pub passage: String,
}

const NO_ANSWER: &str = "NO_ANSWER";
const LONGEST: usize = 1_200;

fn system_prompt() -> String {
    format!(
        "You are Flowline's coach for apprentice power cable jointers. Answer the apprentice's \
         question in at most 80 plain words, using only the numbered lesson passages you are \
         given. End your answer with the title of the lesson you used in square brackets, \
         exactly as written, e.g. [Safe isolation before jointing]. If the passages do not \
         answer the question, reply only {NO_ANSWER}. Never advise on injuries or emergencies."
    )
}

fn user_prompt(question: &str, sources: &[Source]) -> String {
    let mut s = String::from("Lesson passages:\n");
    for (i, src) in sources.iter().enumerate() {
        s.push_str(&format!("[{}] ({}) {}\n", i + 1, src.title, src.passage));
    }
    s.push_str(&format!("\nQuestion: {question}"));
    s
}

/// The grounded answer and which source it cites, or `None` (no endpoint answer, "don't know",
/// or an answer that cites none of the passages).
pub fn grounded(content: &str, sources: &[Source]) -> Option<(String, usize)> {
    let text = content.trim();
    if text.is_empty() || text.contains(NO_ANSWER) || text.chars().count() > LONGEST {
        return None;
    }
    let cited = sources
        .iter()
        .position(|s| text.contains(&format!("[{}]", s.title)))?;
    Some((text.to_owned(), cited))
}

impl Llm {
    /// Asks the model; `None` whenever the answer is not one to give.
    pub async fn answer(&self, question: &str, sources: &[Source]) -> Option<(String, usize)> {
        if sources.is_empty() {
            return None;
        }
        let body = serde_json::json!({
            "model": self.model,
            "messages": [
                {"role": "system", "content": system_prompt()},
                {"role": "user", "content": user_prompt(question, sources)},
            ],
            "temperature": 0.2,
            "max_tokens": 220,
        });
        let mut req = self
            .client
            .post(format!("{}/chat/completions", self.url))
            .json(&body)
            .timeout(Duration::from_secs(10));
        if let Some(key) = &self.api_key {
            req = req.bearer_auth(key);
        }
        let res = match req.send().await {
            Ok(r) if r.status().is_success() => r,
            Ok(r) => {
                tracing::warn!(status = %r.status(), "generative answer refused; retrieval answer given");
                return None;
            }
            Err(e) => {
                tracing::warn!(error = %e, "generative answer unavailable; retrieval answer given");
                return None;
            }
        };
        let v: serde_json::Value = res.json().await.ok()?;
        let content = v["choices"][0]["message"]["content"].as_str()?;
        let out = grounded(content, sources);
        if out.is_none() {
            tracing::info!(
                "generative answer not grounded in the passages; retrieval answer given"
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_answer_citing_a_given_lesson_is_kept() {
        let sources = vec![
            Source {
                title: "Safe isolation before jointing".into(),
                passage: "Prove dead".into(),
            },
            Source {
                title: "PPE for LV work".into(),
                passage: "Gloves".into(),
            },
        ];
        let ok = grounded(
            "Use an approved voltage indicator. [PPE for LV work]",
            &sources,
        );
        assert_eq!(ok.map(|(_, i)| i), Some(1));
        assert!(grounded("Use your judgement.", &sources).is_none());
        assert!(grounded("NO_ANSWER", &sources).is_none());
        assert!(grounded("See [Another lesson]", &sources).is_none());
        assert!(user_prompt("q?", &sources).contains("[2] (PPE for LV work) Gloves"));
    }
}
