//! What the simulated apprentices learn from: the ST1332 standard and lesson library shipped
//! with Flowline (the demo's), as the feed ranks them.

use flowline_core::domain::next::{KsbInfo, Lesson};
use flowline_core::domain::standard_doc::{KsbKind, OfficialStandard};
use flowline_core::error::AppError;
use services::lessons;
use std::collections::HashMap;

/// One quick-check question: the KSB it checks (index) and how many options it offers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Question {
    pub ksb: usize,
    pub options: usize,
}

#[derive(Debug, Clone)]
pub struct Course {
    /// In the standard's order; ids are the codes.
    pub ksbs: Vec<KsbInfo>,
    pub lessons: Vec<Lesson>,
    /// Per lesson (same index), its check.
    pub checks: Vec<Vec<Question>>,
    /// Per lesson, its KSBs by index with weights.
    pub teaches: Vec<Vec<(usize, f64)>>,
    /// Per KSB, its prerequisites by index.
    pub prerequisites: Vec<Vec<usize>>,
    /// Per KSB, how readily it is understood (harder lessons, lower ease).
    pub ease: Vec<f64>,
    /// The lessons in course order: by the first KSB they teach in the standard, then
    /// difficulty.
    pub course_order: Vec<usize>,
}

impl Course {
    /// The shipped ST1332 library.
    pub fn shipped() -> Result<Course, AppError> {
        let doc: OfficialStandard = serde_json::from_str(services::demo::DEMO_LIBRARY)
            .map_err(|e| AppError::invalid("standard", e.to_string()))?;
        let standard = doc.parse()?;
        let docs = lessons::shipped().map_err(|errors| {
            AppError::invalid(
                "lessons",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let index: HashMap<String, usize> = standard
            .ksbs
            .iter()
            .enumerate()
            .map(|(i, k)| (k.code.clone(), i))
            .collect();
        let mut prerequisites = vec![Vec::new(); standard.ksbs.len()];
        for (code, needs) in &standard.prerequisites {
            if let (Some(&k), Some(&p)) = (index.get(code), index.get(needs)) {
                prerequisites[k].push(p);
            }
        }
        let ksbs: Vec<KsbInfo> = standard
            .ksbs
            .iter()
            .map(|k| KsbInfo {
                id: k.code.clone(),
                code: k.code.clone(),
                title: flowline_core::domain::ksb_title::short_title(&k.text),
                kind: k.kind,
                prerequisites: standard
                    .prerequisites
                    .iter()
                    .filter(|(c, _)| *c == k.code)
                    .map(|(_, p)| p.clone())
                    .collect(),
            })
            .collect();
        let docs: Vec<_> = docs
            .into_iter()
            .filter(|d| d.standard == standard.reference)
            .collect();
        let teaches: Vec<Vec<(usize, f64)>> = docs
            .iter()
            .map(|d| {
                d.ksbs
                    .iter()
                    .filter_map(|(c, w)| index.get(c).map(|&k| (k, *w)))
                    .collect()
            })
            .collect();
        let mut difficulty_sum = vec![(0.0, 0.0); ksbs.len()];
        for (d, t) in docs.iter().zip(&teaches) {
            for &(k, _) in t {
                difficulty_sum[k].0 += f64::from(d.difficulty);
                difficulty_sum[k].1 += 1.0;
            }
        }
        let ease = difficulty_sum
            .iter()
            .map(|(sum, n)| {
                let mean = if *n > 0.0 { sum / n } else { 3.0 };
                1.25 - 0.15 * mean
            })
            .collect();
        let checks = docs
            .iter()
            .map(|d| {
                d.questions
                    .iter()
                    .filter_map(|q| {
                        index.get(&q.ksb).map(|&k| Question {
                            ksb: k,
                            options: q.options.len(),
                        })
                    })
                    .collect()
            })
            .collect();
        let lessons: Vec<Lesson> = docs
            .iter()
            .map(|d| Lesson {
                id: d.slug.as_str().into(),
                difficulty: d.difficulty,
                ksbs: d.ksbs.clone(),
            })
            .collect();
        let mut course_order: Vec<usize> = (0..lessons.len()).collect();
        course_order.sort_by_key(|&l| {
            let first = teaches[l]
                .iter()
                .map(|(k, _)| *k)
                .min()
                .unwrap_or(usize::MAX);
            (first, lessons[l].difficulty, lessons[l].id.clone())
        });
        Ok(Course {
            ksbs,
            lessons,
            checks,
            teaches,
            prerequisites,
            ease,
            course_order,
        })
    }

    pub fn kind(&self, k: usize) -> KsbKind {
        self.ksbs[k].kind
    }

    pub fn index_of(&self, code: &str) -> Option<usize> {
        self.ksbs.iter().position(|k| k.id == code)
    }
}
