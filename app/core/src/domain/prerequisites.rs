//! The prerequisite graph of a standard's KSBs: a KSB "needs" others to be mastered first.
//! It must stay acyclic, or the feed would block a KSB behind itself.

use std::collections::{BTreeMap, VecDeque};

/// The chain of "needs" from `from` to `to` (both included), if there is one: adding
/// "`to` needs `from`" would then close a circle.
pub fn needs_path(pairs: &[(String, String)], from: &str, to: &str) -> Option<Vec<String>> {
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (code, need) in pairs {
        edges.entry(code.as_str()).or_default().push(need.as_str());
    }
    let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
    let mut queue = VecDeque::from([from]);
    while let Some(at) = queue.pop_front() {
        if at == to {
            let mut path = vec![to.to_owned()];
            let mut step = to;
            while step != from {
                step = came_from[step];
                path.push(step.to_owned());
            }
            path.reverse();
            return Some(path);
        }
        for next in edges.get(at).into_iter().flatten() {
            if *next != from && !came_from.contains_key(next) {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}

/// Why `code` cannot need `need`, in words, when that would close a circle.
pub fn circle_if_added(pairs: &[(String, String)], code: &str, need: &str) -> Option<String> {
    if code == need {
        return Some(format!("{code} cannot need itself."));
    }
    needs_path(pairs, need, code).map(|path| {
        format!(
            "{code} cannot need {need}: {need} already needs {code} ({}).",
            path.join(" → ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
            .collect()
    }

    #[test]
    fn a_chain_back_to_the_ksb_is_a_circle_and_is_named() {
        // S3 needs K2, K2 needs K1: K1 needing S3 would close S3 → K2 → K1 → S3.
        let g = pairs(&[("S3", "K2"), ("K2", "K1")]);
        assert_eq!(
            circle_if_added(&g, "K1", "S3").as_deref(),
            Some("K1 cannot need S3: S3 already needs K1 (S3 → K2 → K1).")
        );
        assert_eq!(
            needs_path(&g, "S3", "K1"),
            Some(vec!["S3".into(), "K2".into(), "K1".into()])
        );
    }

    #[test]
    fn unrelated_or_parallel_prerequisites_are_fine() {
        let g = pairs(&[("S3", "K2"), ("S3", "K1"), ("K2", "K1")]);
        assert_eq!(circle_if_added(&g, "S4", "S3"), None);
        assert_eq!(circle_if_added(&g, "K2", "B1"), None);
        assert_eq!(
            circle_if_added(&g, "K1", "K1").as_deref(),
            Some("K1 cannot need itself.")
        );
    }
}
