//! In-memory index of one agent's live memories: vectors in one flat buffer (brute-force cosine
//! over 100k × 256 floats takes a few milliseconds), keyword term sets and metadata for filters.
//! Loaded lazily from SQLite on first use and kept in sync by the memory write paths.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::{Hit, Mode, Query};

pub struct Entry {
    pub seq: i64,
    pub terms: Box<[u32]>,
    /// `None` for the common empty metadata, to keep memory low.
    pub metadata: Option<Arc<Map<String, Value>>>,
}

pub struct AgentIndex {
    dim: usize,
    vectors: Vec<f32>,
    entries: Vec<Entry>,
    pos: HashMap<i64, usize>,
}

impl AgentIndex {
    pub fn new(dim: usize) -> Self {
        AgentIndex {
            dim,
            vectors: Vec::new(),
            entries: Vec::new(),
            pos: HashMap::new(),
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn contains(&self, seq: i64) -> bool {
        self.pos.contains_key(&seq)
    }

    /// Inserts or replaces the entry for `seq`.
    pub fn upsert(
        &mut self,
        seq: i64,
        vector: &[f32],
        terms: Box<[u32]>,
        metadata: &Map<String, Value>,
    ) {
        let metadata = (!metadata.is_empty()).then(|| Arc::new(metadata.clone()));
        let entry = Entry {
            seq,
            terms,
            metadata,
        };
        if let Some(&i) = self.pos.get(&seq) {
            self.vectors[i * self.dim..(i + 1) * self.dim].copy_from_slice(&vector[..self.dim]);
            self.entries[i] = entry;
        } else {
            self.pos.insert(seq, self.entries.len());
            self.vectors.extend_from_slice(&vector[..self.dim]);
            self.entries.push(entry);
        }
    }

    pub fn remove(&mut self, seq: i64) {
        let Some(i) = self.pos.remove(&seq) else {
            return;
        };
        let last = self.entries.len() - 1;
        if i != last {
            let moved = self.entries[last].seq;
            self.vectors
                .copy_within(last * self.dim..(last + 1) * self.dim, i * self.dim);
            self.pos.insert(moved, i);
        }
        self.entries.swap_remove(i);
        self.vectors.truncate(last * self.dim);
    }

    /// Scores every entry. `keyword_candidates`, when given (keyword mode with a positive
    /// min_score, found through FTS5), restricts scoring to those sequences: every other entry
    /// has keyword score 0 and would be dropped anyway.
    pub fn score_all(
        &self,
        q: &Query,
        mode: Mode,
        min_score: f32,
        filter: Option<&Map<String, Value>>,
        keyword_candidates: Option<&std::collections::HashSet<i64>>,
        out: &mut Vec<Hit>,
    ) {
        for (i, e) in self.entries.iter().enumerate() {
            if let Some(c) = keyword_candidates {
                if !c.contains(&e.seq) {
                    continue;
                }
            }
            if let Some(f) = filter {
                if !matches_filter(e.metadata.as_deref(), f) {
                    continue;
                }
            }
            let v = &self.vectors[i * self.dim..(i + 1) * self.dim];
            let sem = if mode == Mode::Keyword {
                0.0
            } else {
                q.semantic(v)
            };
            let kw = if mode == Mode::Semantic {
                0.0
            } else {
                q.keyword(&e.terms, v)
            };
            let score = q.combine(mode, sem, kw);
            if score >= min_score {
                out.push(Hit { score, seq: e.seq });
            }
        }
    }
}

/// Every top-level key of the filter is JSON-equal to the same key of the metadata.
pub fn matches_filter(metadata: Option<&Map<String, Value>>, filter: &Map<String, Value>) -> bool {
    filter
        .iter()
        .all(|(k, v)| metadata.and_then(|m| m.get(k)) == Some(v))
}
