//! Finding the passage that answers a learner's question: a tantivy index (BM25, English stop
//! words and stemming) of every published lesson's transcript, title, KSB texts and quick-check
//! explanations, and of the answers mentors gave to earlier questions.
//!
//! The index lives in memory and is rebuilt from the database whenever what it was built from
//! changed (a lesson published, edited or withdrawn, a mentor's answer): one small query per
//! search compares a stamp, so every server instance sees a publish on its next question.

use crate::db::Db;
use crate::store::coach_index::{self as index_store, Stamp};
use flowline_core::domain::LessonId;
use flowline_core::error::AppError;
use sqlx::AnyConnection;
use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING,
};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer,
};
use tantivy::{doc, Index, IndexReader, TantivyDocument, Term};

const ANALYZER: &str = "coach_en";

/// Words of a question that say nothing about its subject, on top of the English stop words.
const QUESTION_WORDS: &[&str] = &[
    "how", "do", "does", "did", "doing", "done", "i", "im", "i'm", "me", "my", "we", "our", "you",
    "your", "what", "whats", "when", "where", "why", "which", "who", "can", "could", "should",
    "would", "shall", "must", "need", "get", "got", "make", "know", "tell", "please", "someone",
    "thing", "things", "way", "right", "ok", "okay", "hi", "hello", "thanks",
    // What an apostrophe leaves behind ("I'm", "don't", "you'll").
    "m", "s", "t", "ll", "ve", "re", "d",
];

/// Where a passage came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Transcript,
    Title,
    Ksb,
    Explanation,
    Mentor,
}

impl Source {
    /// Between passages that hold as many of the question's words: a mentor's answer, then
    /// what the lesson says, then what it is about.
    fn rank(self) -> u8 {
        match self {
            Self::Mentor => 0,
            Self::Transcript => 1,
            Self::Explanation => 2,
            Self::Title => 3,
            Self::Ksb => 4,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Self::Transcript => "transcript",
            Self::Title => "title",
            Self::Ksb => "ksb",
            Self::Explanation => "explanation",
            Self::Mentor => "mentor",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "title" => Self::Title,
            "ksb" => Self::Ksb,
            "explanation" => Self::Explanation,
            "mentor" => Self::Mentor,
            _ => Self::Transcript,
        }
    }
}

/// The best passage for a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub content_id: Option<LessonId>,
    pub source: Source,
    /// What to show the learner.
    pub passage: String,
    pub score: f32,
    /// Share of the question's meaningful words (after stop words and stemming) that the
    /// passage holds, 0–1.
    pub coverage: f32,
    pub matched: usize,
    pub terms: usize,
}

impl Hit {
    /// Good enough to answer with: most of the question's words are in the passage, and
    /// at least two when the question has two or more.
    pub fn confident(&self) -> bool {
        self.terms > 0 && self.coverage >= 0.6 && self.matched >= self.terms.min(2)
    }
}

struct Fields {
    standard: Field,
    content: Field,
    source: Field,
    title: Field,
    text: Field,
    passage: Field,
}

struct Built {
    stamp: Stamp,
    reader: IndexReader,
    fields: Fields,
}

/// The coach's index, shared by every request of this server instance.
#[derive(Clone, Default)]
pub struct CoachIndex(Arc<RwLock<Option<Arc<Built>>>>);

impl std::fmt::Debug for CoachIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CoachIndex")
    }
}

fn analyzer() -> Result<TextAnalyzer, AppError> {
    let stop = StopWordFilter::new(Language::English)
        .ok_or_else(|| AppError::internal("tantivy has no English stop words"))?;
    Ok(TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(stop)
        .filter(StopWordFilter::remove(
            QUESTION_WORDS.iter().map(|w| (*w).to_owned()),
        ))
        .filter(Stemmer::new(Language::English))
        .build())
}

/// The meaningful words of a text as the index sees them (lower case, stemmed, no stop words),
/// each once, in order.
pub fn terms(text: &str) -> Result<Vec<String>, AppError> {
    let mut a = analyzer()?;
    let mut stream = a.token_stream(text);
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token().text.clone();
        if seen.insert(t.clone()) {
            out.push(t);
        }
    }
    Ok(out)
}

fn index_error(e: tantivy::TantivyError) -> AppError {
    AppError::internal(format!("coach index: {e}"))
}

async fn stamp(conn: &mut AnyConnection) -> Result<Stamp, AppError> {
    index_store::stamp(conn).await
}

/// One passage to index.
struct Doc {
    standard_id: String,
    content_id: Option<LessonId>,
    source: Source,
    title: String,
    text: String,
    passage: String,
}

async fn documents(conn: &mut AnyConnection) -> Result<Vec<Doc>, AppError> {
    let mut docs = Vec::new();
    let lessons = index_store::lessons(&mut *conn).await?;
    for (id, standard_id, title, transcript) in &lessons {
        let scenes: Vec<&str> = transcript
            .split("\n\n")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        docs.push(Doc {
            standard_id: standard_id.clone(),
            content_id: Some(id.clone()),
            source: Source::Title,
            title: title.clone(),
            text: String::new(),
            passage: scenes.first().map_or_else(String::new, |s| (*s).to_owned()),
        });
        for scene in scenes {
            docs.push(Doc {
                standard_id: standard_id.clone(),
                content_id: Some(id.clone()),
                source: Source::Transcript,
                title: String::new(),
                text: scene.to_owned(),
                passage: scene.to_owned(),
            });
        }
    }
    let explanations = index_store::explanations(&mut *conn).await?;
    for (id, standard_id, prompt, explanation) in explanations {
        docs.push(Doc {
            standard_id,
            content_id: Some(id),
            source: Source::Explanation,
            title: String::new(),
            text: format!("{prompt} {explanation}"),
            passage: explanation,
        });
    }
    let ksbs = index_store::ksbs_taught(&mut *conn).await?;
    for (id, standard_id, code, text) in ksbs {
        docs.push(Doc {
            standard_id,
            content_id: Some(id),
            source: Source::Ksb,
            title: String::new(),
            passage: format!("This lesson teaches {code}: {text}"),
            text,
        });
    }
    let answers = index_store::mentor_answers(&mut *conn).await?;
    for (standard_id, content_id, question, answer) in answers {
        docs.push(Doc {
            standard_id,
            content_id,
            source: Source::Mentor,
            title: String::new(),
            text: format!("{question} {answer}"),
            passage: answer,
        });
    }
    Ok(docs)
}

fn build(stamp: Stamp, docs: Vec<Doc>) -> Result<Built, AppError> {
    let mut schema = Schema::builder();
    let indexed = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        standard: schema.add_text_field("standard", STRING | STORED),
        content: schema.add_text_field("content", STRING | STORED),
        source: schema.add_text_field("source", STRING | STORED),
        title: schema.add_text_field("title", indexed.clone()),
        text: schema.add_text_field("text", indexed),
        passage: schema.add_text_field("passage", STORED),
    };
    let index = Index::create_in_ram(schema.build());
    index.tokenizers().register(ANALYZER, analyzer()?);
    let mut writer = index
        .writer_with_num_threads::<TantivyDocument>(1, 15_000_000)
        .map_err(index_error)?;
    for d in docs {
        writer
            .add_document(doc!(
                fields.standard => d.standard_id,
                fields.content => d.content_id.map(LessonId::into_string).unwrap_or_default(),
                fields.source => d.source.as_str(),
                fields.title => d.title,
                fields.text => d.text,
                fields.passage => d.passage,
            ))
            .map_err(index_error)?;
    }
    writer.commit().map_err(index_error)?;
    let reader = index.reader().map_err(index_error)?;
    Ok(Built {
        stamp,
        reader,
        fields,
    })
}

impl CoachIndex {
    /// The index as of now: rebuilt first when what it was built from changed.
    async fn current(&self, db: &Db) -> Result<Arc<Built>, AppError> {
        let mut conn = db.pool.acquire().await?;
        let now = stamp(&mut conn).await?;
        if let Some(b) = self.0.read().ok().and_then(|g| g.clone()) {
            if b.stamp == now {
                return Ok(b);
            }
        }
        let docs = documents(&mut conn).await?;
        drop(conn);
        let built = tokio::task::spawn_blocking(move || build(now, docs))
            .await
            .map_err(|e| AppError::internal(format!("coach index build panicked: {e}")))??;
        let built = Arc::new(built);
        if let Ok(mut g) = self.0.write() {
            *g = Some(built.clone());
        }
        Ok(built)
    }

    /// The best passages for `question` among the standard's, best first (at most `limit`).
    pub async fn search(
        &self,
        db: &Db,
        standard_id: &str,
        question: &str,
        limit: usize,
    ) -> Result<Vec<Hit>, AppError> {
        let terms = terms(question)?;
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let built = self.current(db).await?;
        let standard_id = standard_id.to_owned();
        tokio::task::spawn_blocking(move || search_in(&built, &standard_id, &terms, limit))
            .await
            .map_err(|e| AppError::internal(format!("coach search panicked: {e}")))?
    }
}

fn search_in(
    built: &Built,
    standard_id: &str,
    terms: &[String],
    limit: usize,
) -> Result<Vec<Hit>, AppError> {
    let f = &built.fields;
    let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for t in terms {
        words.push((
            Occur::Should,
            Box::new(TermQuery::new(
                Term::from_field_text(f.text, t),
                IndexRecordOption::WithFreqs,
            )),
        ));
        words.push((
            Occur::Should,
            Box::new(BoostQuery::new(
                Box::new(TermQuery::new(
                    Term::from_field_text(f.title, t),
                    IndexRecordOption::WithFreqs,
                )),
                1.5,
            )),
        ));
    }
    let query = BooleanQuery::new(vec![
        (
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.standard, standard_id),
                IndexRecordOption::Basic,
            )),
        ),
        (Occur::Must, Box::new(BooleanQuery::new(words))),
    ]);
    let searcher = built.reader.searcher();
    let top = searcher
        .search(&query, &TopDocs::with_limit(limit.max(20)))
        .map_err(index_error)?;
    let mut out = Vec::with_capacity(top.len());
    for (score, address) in top {
        let d: TantivyDocument = searcher.doc(address).map_err(index_error)?;
        let text_of = |field: Field| {
            d.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned()
        };
        let searched = format!("{} {}", text_of(f.title), text_of(f.text));
        let held: HashSet<String> = self::terms(&searched)?.into_iter().collect();
        let matched = terms.iter().filter(|t| held.contains(*t)).count();
        let content = text_of(f.content);
        out.push(Hit {
            content_id: (!content.is_empty()).then_some(LessonId::from(content)),
            source: Source::parse(&text_of(f.source)),
            passage: text_of(f.passage),
            score,
            coverage: matched as f32 / terms.len() as f32,
            matched,
            terms: terms.len(),
        });
    }
    out.truncate(limit);
    // The passage that holds more of the question's words first, then by source; BM25
    // breaks ties.
    out.sort_by(|a, b| {
        b.matched
            .cmp(&a.matched)
            .then(a.source.rank().cmp(&b.source.rank()))
            .then(
                b.score
                    .partial_cmp(&a.score)
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
    });
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_go_and_words_are_stemmed() {
        let t = terms("How do I prove a cable is dead?").expect("ok");
        assert_eq!(t, vec!["prove", "cabl", "dead"]);
        assert_eq!(terms("the and of").expect("ok"), Vec::<String>::new());
    }

    #[test]
    fn a_passage_with_most_of_the_words_is_confident() {
        let hit = |matched, terms| Hit {
            content_id: None,
            source: Source::Transcript,
            passage: String::new(),
            score: 1.0,
            coverage: matched as f32 / terms as f32,
            matched,
            terms,
        };
        assert!(hit(3, 3).confident());
        assert!(hit(2, 3).confident());
        assert!(!hit(1, 3).confident());
        assert!(!hit(1, 2).confident());
        assert!(hit(1, 1).confident());
    }
}
