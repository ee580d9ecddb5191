//! The official standard document (Skills England / Institute for Apprenticeships API shape),
//! read and checked. Codes come from array order (K1, K2…, S1…, B1…); the official ids are
//! kept so a later version can be matched KSB by KSB.

use crate::error::AppError;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The document as published. Unknown fields are ignored.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OfficialStandard {
    #[cfg_attr(feature = "openapi", schema(example = "ST1332"))]
    pub reference_number: String,
    pub title: String,
    /// "1.0" or 1.0; both are accepted.
    #[serde(default, deserialize_with = "text_or_number")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub version: Option<String>,
    #[serde(default)]
    pub level: Option<i64>,
    /// Months.
    #[serde(default)]
    pub typical_duration: Option<i64>,
    /// The fixed minimum of off-the-job training hours (from 1 August 2025). When a document
    /// does not give it, a re-import keeps the one already set.
    #[serde(default)]
    pub otj_hours: Option<i64>,
    #[serde(default)]
    pub knowledges: Vec<OfficialKnowledge>,
    #[serde(default)]
    pub skills: Vec<OfficialSkill>,
    #[serde(default)]
    pub behaviours: Vec<OfficialBehaviour>,
    /// Flowline's extension (absent from official documents): code → codes to master first.
    #[serde(default)]
    pub prerequisites: BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OfficialKnowledge {
    pub knowledge_id: String,
    pub detail: String,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OfficialSkill {
    pub skill_id: String,
    pub detail: String,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct OfficialBehaviour {
    pub behaviour_id: String,
    pub detail: String,
}

fn text_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Text(String),
        Number(f64),
    }
    Ok(Option::<Raw>::deserialize(d)?.map(|r| match r {
        Raw::Text(s) => s,
        Raw::Number(n) if n.fract() == 0.0 => format!("{n:.1}"),
        Raw::Number(n) => n.to_string(),
    }))
}

/// Knowledge, Skill or Behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum KsbKind {
    Knowledge,
    Skill,
    Behaviour,
}

impl KsbKind {
    pub fn as_str(self) -> &'static str {
        match self {
            KsbKind::Knowledge => "knowledge",
            KsbKind::Skill => "skill",
            KsbKind::Behaviour => "behaviour",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [KsbKind::Knowledge, KsbKind::Skill, KsbKind::Behaviour]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
    pub fn prefix(self) -> char {
        match self {
            KsbKind::Knowledge => 'K',
            KsbKind::Skill => 'S',
            KsbKind::Behaviour => 'B',
        }
    }
}

/// One KSB ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedKsb {
    pub code: String,
    pub kind: KsbKind,
    pub text: String,
    pub guid: String,
    pub sort: i64,
}

/// A checked standard, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedStandard {
    pub reference: String,
    pub title: String,
    pub level: i64,
    pub version: String,
    pub typical_duration_months: Option<i64>,
    pub otj_min_hours: Option<i64>,
    pub ksbs: Vec<ParsedKsb>,
    /// (KSB code, prerequisite code) pairs; checked to name real KSBs and to have no cycle.
    pub prerequisites: Vec<(String, String)>,
}

/// One array of the document: its kind, its name, its id field, and (id, detail) pairs.
type KsbGroup = (KsbKind, &'static str, &'static str, Vec<(String, String)>);

/// The largest OTJ minimum accepted (hours).
pub const MAX_OTJ_HOURS: i64 = 5000;

/// Longest KSB text accepted (the official ones are a few hundred characters).
const MAX_DETAIL: usize = 4000;

impl OfficialStandard {
    /// Checks the document; the error names the field and index at fault.
    pub fn parse(self) -> Result<ParsedStandard, AppError> {
        let reference = self.reference_number.trim().to_uppercase();
        let valid_ref = reference.len() == 6
            && reference.starts_with("ST")
            && reference[2..].bytes().all(|b| b.is_ascii_digit());
        if !valid_ref {
            return Err(AppError::invalid(
                "referenceNumber",
                "referenceNumber must look like ST1332.",
            ));
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() {
            return Err(AppError::invalid("title", "title must not be empty."));
        }
        let level = self.level.unwrap_or(0);
        if !(2..=7).contains(&level) {
            return Err(AppError::invalid("level", "level must be between 2 and 7."));
        }
        if let Some(m) = self.typical_duration {
            if !(1..=120).contains(&m) {
                return Err(AppError::invalid(
                    "typicalDuration",
                    "typicalDuration must be 1–120 months.",
                ));
            }
        }
        if let Some(h) = self.otj_hours {
            if !(1..=MAX_OTJ_HOURS).contains(&h) {
                return Err(AppError::invalid(
                    "otjHours",
                    format!("otjHours must be 1–{MAX_OTJ_HOURS} hours."),
                ));
            }
        }
        let groups: [KsbGroup; 3] = [
            (
                KsbKind::Knowledge,
                "knowledges",
                "knowledgeId",
                self.knowledges
                    .into_iter()
                    .map(|k| (k.knowledge_id, k.detail))
                    .collect(),
            ),
            (
                KsbKind::Skill,
                "skills",
                "skillId",
                self.skills
                    .into_iter()
                    .map(|k| (k.skill_id, k.detail))
                    .collect(),
            ),
            (
                KsbKind::Behaviour,
                "behaviours",
                "behaviourId",
                self.behaviours
                    .into_iter()
                    .map(|k| (k.behaviour_id, k.detail))
                    .collect(),
            ),
        ];
        let mut seen = HashSet::new();
        let mut ksbs = Vec::new();
        for (kind, array, id_field, items) in groups {
            for (i, (id, detail)) in items.into_iter().enumerate() {
                let id = id.trim().to_lowercase();
                let detail = detail.trim().to_owned();
                if id.is_empty() {
                    return Err(AppError::invalid(
                        &format!("{array}[{i}].{id_field}"),
                        format!("{array}[{i}].{id_field} must not be empty."),
                    ));
                }
                if !seen.insert(id.clone()) {
                    return Err(AppError::invalid(
                        &format!("{array}[{i}].{id_field}"),
                        format!("{array}[{i}].{id_field} {id} appears more than once."),
                    ));
                }
                if detail.is_empty() {
                    return Err(AppError::invalid(
                        &format!("{array}[{i}].detail"),
                        format!("{array}[{i}].detail must not be empty."),
                    ));
                }
                if detail.chars().count() > MAX_DETAIL {
                    return Err(AppError::invalid(
                        &format!("{array}[{i}].detail"),
                        format!("{array}[{i}].detail is longer than {MAX_DETAIL} characters."),
                    ));
                }
                ksbs.push(ParsedKsb {
                    code: format!("{}{}", kind.prefix(), i + 1),
                    kind,
                    text: detail,
                    guid: id,
                    sort: ksbs.len() as i64,
                });
            }
        }
        if ksbs.is_empty() {
            return Err(AppError::invalid(
                "knowledges",
                "The document lists no knowledge, skills or behaviours.",
            ));
        }
        let prerequisites = parse_prerequisites(&self.prerequisites, &ksbs)?;
        Ok(ParsedStandard {
            prerequisites,
            reference,
            title,
            level,
            version: self
                .version
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "1.0".into()),
            typical_duration_months: self.typical_duration,
            otj_min_hours: self.otj_hours,
            ksbs,
        })
    }
}

fn parse_prerequisites(
    map: &BTreeMap<String, Vec<String>>,
    ksbs: &[ParsedKsb],
) -> Result<Vec<(String, String)>, AppError> {
    let known: HashSet<&str> = ksbs.iter().map(|k| k.code.as_str()).collect();
    let mut pairs = Vec::new();
    for (code, needs) in map {
        let field = format!("prerequisites.{code}");
        if !known.contains(code.as_str()) {
            return Err(AppError::invalid(
                &field,
                format!("{field}: there is no KSB {code}."),
            ));
        }
        for need in needs {
            if !known.contains(need.as_str()) || need == code {
                return Err(AppError::invalid(
                    &field,
                    format!("{field}: {need} is not a KSB this one can depend on."),
                ));
            }
            pairs.push((code.clone(), need.clone()));
        }
    }
    // No KSB may (indirectly) be its own prerequisite: Kahn's algorithm must remove every node.
    let mut indegree: HashMap<&str, usize> = HashMap::new();
    for (code, _) in &pairs {
        *indegree.entry(code.as_str()).or_default() += 1;
    }
    let mut ready: Vec<&str> = known
        .iter()
        .copied()
        .filter(|c| !indegree.contains_key(c))
        .collect();
    let mut removed = 0;
    while let Some(done) = ready.pop() {
        removed += 1;
        for (code, need) in &pairs {
            if need == done {
                if let Some(n) = indegree.get_mut(code.as_str()) {
                    *n -= 1;
                    if *n == 0 {
                        ready.push(code.as_str());
                    }
                }
            }
        }
    }
    if removed < known.len() {
        return Err(AppError::invalid(
            "prerequisites",
            "prerequisites: the KSBs depend on each other in a circle.",
        ));
    }
    Ok(pairs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(extra: serde_json::Value) -> OfficialStandard {
        let mut base = serde_json::json!({
            "referenceNumber": "ST0999", "title": "Test jointer", "version": 1.1, "level": 3,
            "typicalDuration": 30, "ignoredField": {"anything": true},
            "knowledges": [{"knowledgeId": "A-1", "detail": "Ohm's law"}, {"knowledgeId": "a-2", "detail": "ESQCR"}],
            "skills": [{"skillId": "s-1", "detail": "Joint an LV cable"}],
            "behaviours": [{"behaviourId": "b-1", "detail": "Safety first"}]
        });
        if let (Some(b), Some(e)) = (base.as_object_mut(), extra.as_object()) {
            for (k, v) in e {
                b.insert(k.clone(), v.clone());
            }
        }
        serde_json::from_value(base).expect("document")
    }

    #[test]
    fn codes_follow_array_order_and_ids_are_kept() {
        let s = doc(serde_json::json!({})).parse().expect("valid");
        let codes: Vec<_> = s.ksbs.iter().map(|k| k.code.as_str()).collect();
        assert_eq!(codes, ["K1", "K2", "S1", "B1"]);
        assert_eq!(s.ksbs[0].guid, "a-1");
        assert_eq!(s.ksbs[2].kind, KsbKind::Skill);
        assert_eq!(s.version, "1.1");
        assert_eq!(s.reference, "ST0999");
    }

    #[test]
    fn prerequisites_must_name_real_ksbs_and_not_go_round_in_a_circle() {
        let ok = doc(serde_json::json!({"prerequisites": {"S1": ["K1", "K2"], "B1": ["S1"]}}))
            .parse()
            .expect("valid");
        assert_eq!(ok.prerequisites.len(), 3);
        let e = doc(serde_json::json!({"prerequisites": {"S1": ["K9"]}}))
            .parse()
            .expect_err("unknown");
        assert_eq!(e.field.as_deref(), Some("prerequisites.S1"));
        let e =
            doc(serde_json::json!({"prerequisites": {"S1": ["B1"], "B1": ["K1"], "K1": ["S1"]}}))
                .parse()
                .expect_err("cycle");
        assert_eq!(e.field.as_deref(), Some("prerequisites"));
    }

    #[test]
    fn the_shipped_st1332_demo_library_is_a_valid_document() {
        let demo: OfficialStandard = serde_json::from_str(include_str!(
            "../../../../content/standards/ST1332.demo.json"
        ))
        .expect("parses");
        let s = demo.parse().expect("valid");
        assert!(s.ksbs.len() >= 20);
        for kind in [KsbKind::Knowledge, KsbKind::Skill, KsbKind::Behaviour] {
            assert!(s.ksbs.iter().any(|k| k.kind == kind));
        }
        assert!(
            s.prerequisites
                .contains(&("S3".to_owned(), "K6".to_owned())),
            "isolation before jointing"
        );
    }

    #[test]
    fn problems_are_named_with_field_and_index() {
        let e = doc(serde_json::json!({"skills": [{"skillId": "s-1", "detail": "ok"}, {"skillId": "s-2", "detail": "  "}]}))
            .parse()
            .expect_err("empty detail");
        assert_eq!(e.field.as_deref(), Some("skills[1].detail"));
        let e = doc(serde_json::json!({"behaviours": [{"behaviourId": "A-1", "detail": "dup of a knowledge id"}]}))
            .parse()
            .expect_err("duplicate id");
        assert_eq!(e.field.as_deref(), Some("behaviours[0].behaviourId"));
        let e = doc(serde_json::json!({"referenceNumber": "1332"}))
            .parse()
            .expect_err("bad ref");
        assert_eq!(e.field.as_deref(), Some("referenceNumber"));
    }
}
