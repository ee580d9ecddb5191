//! JSON-LD to canonical N-Quads (RDF Dataset Canonicalization, RDFC-1.0), with the contexts a
//! credential may use bundled: nothing is fetched, so verifying needs no network and cannot be
//! steered by whoever serves a context. A document naming any other context is refused.

use serde_json::Value;
use sophia_api::source::QuadSource;
use sophia_inmem::dataset::LightDataset;
use sophia_iri::Iri;
use sophia_jsonld::loader::StaticLoader;
use sophia_jsonld::{JsonLdOptions, JsonLdParser};
use std::sync::Arc;

pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
pub const OB_V3P0: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// The contexts we read, as published (W3C VC 2.0; 1EdTech OB 3.0.3).
const CONTEXTS: [(&str, &str); 2] = [
    (
        CREDENTIALS_V2,
        include_str!("contexts/credentials-v2.jsonld"),
    ),
    (OB_V3P0, include_str!("contexts/ob-v3p0-3.0.3.jsonld")),
];

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CanonError(pub String);

fn loader() -> StaticLoader<Iri<Arc<str>>, locspan::Span> {
    let mut loader = StaticLoader::new();
    for (url, text) in CONTEXTS {
        let iri: Iri<Arc<str>> = Iri::new_unchecked(Arc::from(url));
        let doc =
            json_syntax::Parse::parse_str(text, |span| locspan::Location::new(iri.clone(), span))
                .expect("bundled contexts are JSON");
        loader = loader.with(iri, doc);
    }
    loader
}

/// The document's canonical N-Quads. Runs on a blocking thread (the JSON-LD processor keeps
/// its own small runtime).
pub async fn nquads(doc: &Value) -> Result<String, CanonError> {
    for url in contexts_of(doc) {
        if !CONTEXTS.iter().any(|(known, _)| *known == url) {
            return Err(CanonError(format!(
                "it uses the context {url}, which this verifier does not know"
            )));
        }
    }
    let text = doc.to_string();
    tokio::task::spawn_blocking(move || canonical(&text))
        .await
        .map_err(|e| CanonError(format!("canonicalization stopped: {e}")))?
}

fn canonical(text: &str) -> Result<String, CanonError> {
    use sophia_api::parser::QuadParser;
    let parser =
        JsonLdParser::new_with_options(JsonLdOptions::new().with_document_loader(loader()));
    let dataset: LightDataset = parser
        .parse_str(text)
        .collect_quads()
        .map_err(|e| CanonError(format!("it is not valid JSON-LD: {e}")))?;
    let mut out = Vec::new();
    sophia_c14n::rdfc10::normalize(&dataset, &mut out)
        .map_err(|e| CanonError(format!("it cannot be canonicalized: {e}")))?;
    String::from_utf8(out).map_err(|e| CanonError(e.to_string()))
}

/// The context URLs a document names at its top.
fn contexts_of(doc: &Value) -> Vec<&str> {
    match doc.get("@context") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_1edtech_test_credential_canonicalizes_as_published() {
        let doc: Value =
            serde_json::from_str(include_str!("testdata/1edtech-credential.json")).expect("json");
        let got = nquads(&doc).await.expect("canonical");
        assert_eq!(got, include_str!("testdata/1edtech-document-canon.nq"));
    }

    #[tokio::test]
    async fn a_context_from_elsewhere_is_refused_not_fetched() {
        let doc = serde_json::json!({"@context": ["https://evil.example/ctx"], "id": "urn:x"});
        let err = nquads(&doc).await.expect_err("unknown context");
        assert!(err.0.contains("https://evil.example/ctx"), "{err}");
    }
}
