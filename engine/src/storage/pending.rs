//! Index changes waiting for their transaction to commit, and the pending state of an outer
//! unit of work; shared by the transaction boundary (`tx`) and the write connection
//! (`writer`), which holds a unit while it is open.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::storage::indexes::{IndexHandle, IndexKey};

/// A change to the in-memory memory index, applied only after the transaction commits.
pub(crate) enum IndexOp {
    Upsert {
        account: String,
        agent: String,
        seq: i64,
        vector: Vec<f32>,
        content: String,
        metadata: Map<String, Value>,
    },
    Remove {
        account: String,
        agent: String,
        seq: i64,
    },
    DropAgent {
        account: String,
        agent: String,
    },
}

/// The pending effects of an outer unit of work, applied when it commits.
#[derive(Default)]
pub(crate) struct Unit {
    pub ops: Vec<IndexOp>,
    pub loaded: HashMap<IndexKey, IndexHandle>,
}
