//! Comparing search results with the exact ones.

use std::collections::HashSet;

use crate::measure::Hit;

/// recall@10 of `approx` against the exact results of the same query. A returned memory counts
/// when it is in the exact top 10 or ties its 10th score (equal scores have no defined order).
pub fn recall(exact: &[Hit], approx: &[Hit]) -> f64 {
    let Some(kth) = exact.last().map(|h| h.score) else {
        return if approx.is_empty() { 1.0 } else { 0.0 };
    };
    let ids: HashSet<&str> = exact.iter().map(|h| h.content.as_str()).collect();
    let good = approx
        .iter()
        .filter(|h| ids.contains(h.content.as_str()) || h.score >= kth - 2e-6)
        .count();
    (good as f64 / exact.len() as f64).min(1.0)
}

/// The largest score difference on memories both result lists hold.
pub fn score_diff(exact: &[Vec<Hit>], approx: &[Vec<Hit>]) -> f64 {
    let mut worst: f64 = 0.0;
    for (e, a) in exact.iter().zip(approx) {
        for h in a {
            if let Some(x) = e.iter().find(|x| x.content == h.content) {
                worst = worst.max((x.score - h.score).abs());
            }
        }
    }
    worst
}
