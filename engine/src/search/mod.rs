//! Similarity scoring (contract §4.2) and the in-memory vector index of memories.

pub mod index;

use crate::embed::text::{term_hash, tokens};
use crate::embed::{dot, EmbedError, Embedder};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Semantic,
    Keyword,
    Hybrid,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "semantic" => Some(Mode::Semantic),
            "keyword" => Some(Mode::Keyword),
            "hybrid" => Some(Mode::Hybrid),
            _ => None,
        }
    }
}

pub const HYBRID_SEMANTIC_WEIGHT: f32 = 0.7;
pub const HYBRID_KEYWORD_WEIGHT: f32 = 0.3;

/// A prepared query: its vector and its distinct keyword terms (hashed, sorted).
pub struct Query {
    pub vector: Vec<f32>,
    pub terms: Vec<u32>,
}

impl Query {
    pub fn new(embedder: &dyn Embedder, text: &str) -> Result<Query, EmbedError> {
        let mut terms: Vec<u32> = tokens(text).iter().map(|t| term_hash(t)).collect();
        terms.sort_unstable();
        terms.dedup();
        Ok(Query {
            vector: embedder.embed(text)?,
            terms,
        })
    }

    pub fn semantic(&self, vector: &[f32]) -> f32 {
        dot(&self.vector, vector).clamp(0.0, 1.0)
    }

    /// Fraction of the query's distinct terms present in the text's term set. A query without
    /// any term (punctuation only) matches only a term-less text embedding identically, which
    /// keeps the §4.2 guarantee for equal texts.
    pub fn keyword(&self, text_terms: &[u32], vector: &[f32]) -> f32 {
        if self.terms.is_empty() {
            return if text_terms.is_empty() && dot(&self.vector, vector) >= 0.9999 {
                1.0
            } else {
                0.0
            };
        }
        let hits = self
            .terms
            .iter()
            .filter(|t| text_terms.binary_search(t).is_ok())
            .count();
        hits as f32 / self.terms.len() as f32
    }

    pub fn combine(&self, mode: Mode, semantic: f32, keyword: f32) -> f32 {
        match mode {
            Mode::Semantic => semantic,
            Mode::Keyword => keyword,
            Mode::Hybrid => (HYBRID_SEMANTIC_WEIGHT * semantic + HYBRID_KEYWORD_WEIGHT * keyword)
                .clamp(0.0, 1.0),
        }
    }

    /// Scores one text directly (small collections: decisions, patterns).
    pub fn score_text(&self, mode: Mode, vector: &[f32], text: &str) -> f32 {
        let sem = if mode == Mode::Keyword {
            0.0
        } else {
            self.semantic(vector)
        };
        let kw = if mode == Mode::Semantic {
            0.0
        } else {
            self.keyword(&crate::embed::text::term_set(text), vector)
        };
        self.combine(mode, sem, kw)
    }
}

/// A scored candidate; `seq` is the creation sequence (larger = newer) used to break ties.
#[derive(Debug, Clone, Copy)]
pub struct Hit {
    pub score: f32,
    pub seq: i64,
}

/// Sorts by score descending, ties newest first (§4.2).
pub fn sort_hits(hits: &mut [Hit]) {
    hits.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(b.seq.cmp(&a.seq)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::text::term_set;
    use crate::embed::HashEmbedder;

    #[test]
    fn equal_text_scores_at_least_099_in_every_mode() {
        let e = HashEmbedder::default();
        for text in [
            "The project uses PostgreSQL 16",
            "a",
            "Rust ist schön!",
            "???",
        ] {
            let q = Query::new(&e, &text.to_uppercase()).unwrap();
            let v = e.embed_infallible(text);
            for mode in [Mode::Semantic, Mode::Keyword, Mode::Hybrid] {
                let s = q.score_text(mode, &v, text);
                assert!(s >= 0.99, "{text:?} {mode:?} scored {s}");
            }
        }
    }

    #[test]
    fn keyword_is_fraction_of_distinct_query_terms() {
        let e = HashEmbedder::default();
        let q = Query::new(&e, "redis rate limiting redis").unwrap();
        let v = e.embed_infallible("unused");
        let text = "Redis is used for rate limiting? no: for caching";
        assert!((q.keyword(&term_set(text), &v) - 1.0).abs() < 1e-6);
        assert!((q.keyword(&term_set("Redis for caching"), &v) - 1.0 / 3.0).abs() < 1e-6);
    }

    #[test]
    fn ties_break_newest_first() {
        let mut hits = vec![
            Hit { score: 0.5, seq: 1 },
            Hit { score: 0.9, seq: 2 },
            Hit { score: 0.5, seq: 3 },
        ];
        sort_hits(&mut hits);
        assert_eq!(
            hits.iter().map(|h| h.seq).collect::<Vec<_>>(),
            vec![2, 3, 1]
        );
    }
}
