//! The loaded in-memory memory indexes, shared by the writer and concurrent readers.
//!
//! Consistency rule: an index enters the shared map, and committed changes are applied to it,
//! only while the write connection is held and no transaction is open. So a published index
//! always equals the committed rows, and a reader that finds no index loads it under the
//! write connection rather than from its own (possibly older) snapshot.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use serde_json::{Map, Value};

use crate::search::index::AgentIndex;
use crate::search::{Hit, Mode, Query};

/// (account, agent id).
pub(crate) type IndexKey = (String, String);

/// One agent's index: searched under a read lock, changed under a write lock.
#[derive(Clone)]
pub(crate) struct IndexHandle(Arc<RwLock<AgentIndex>>);

impl IndexHandle {
    pub fn new(idx: AgentIndex) -> IndexHandle {
        IndexHandle(Arc::new(RwLock::new(idx)))
    }

    pub fn read(&self) -> std::sync::RwLockReadGuard<'_, AgentIndex> {
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn write(&self) -> std::sync::RwLockWriteGuard<'_, AgentIndex> {
        self.0.write().unwrap_or_else(|e| e.into_inner())
    }

    /// [`AgentIndex::score_all`] under a read lock.
    pub fn score_all(
        &self,
        q: &Query,
        mode: Mode,
        min_score: f32,
        filter: Option<&Map<String, Value>>,
        keyword_candidates: Option<&std::collections::HashSet<i64>>,
        out: &mut Vec<Hit>,
    ) {
        self.read()
            .score_all(q, mode, min_score, filter, keyword_candidates, out)
    }
}

#[derive(Default)]
pub(crate) struct Indexes(RwLock<HashMap<IndexKey, IndexHandle>>);

impl Indexes {
    pub fn get(&self, key: &IndexKey) -> Option<IndexHandle> {
        self.0
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
            .cloned()
    }

    /// Publishes an index. Callers hold the write connection outside any transaction.
    pub fn insert(&self, key: IndexKey, idx: IndexHandle) {
        self.0
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, idx);
    }

    pub fn remove(&self, key: &IndexKey) {
        self.0
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .remove(key);
    }

    pub fn clear(&self) {
        self.0.write().unwrap_or_else(|e| e.into_inner()).clear();
    }
}
