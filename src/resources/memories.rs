//! `client.memories()` (§4.3).

use serde::Serialize;
use serde_json::{json, Value};

use super::{params, resource, ListOptions, Mode};
use crate::models::{BatchItem, BatchResult, Memory, Page, SearchResults};

resource!(
    /// Core memory storage and retrieval.
    Memories
);

/// Optional arguments of `memories.create` (the Python `metadata=None` plus the extras).
#[derive(Debug, Clone, Default, Serialize)]
pub struct CreateMemoryOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// 0..1, default 0.5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub importance: Option<f64>,
    /// `hot`, `warm` or `cold`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tier: Option<String>,
    /// `fact` (default), `event`, `insight`, `task`, `preference`, `entity_reference`, `system`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// Project id or slug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deduplicate: Option<bool>,
    /// 0.5..1, default 0.95.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dedup_threshold: Option<f64>,
}

/// Optional arguments of `memories.search`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchOptions {
    /// 1..100, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_filter: Option<Value>,
    /// `hybrid` (default), `semantic` or `keyword`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub search_mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_archived: Option<bool>,
}

/// Fields of `memories.update`; at least one must be set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UpdateMemory {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    /// Replaces the stored metadata whole.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

impl<'a, M: Mode> Memories<'a, M> {
    /// Stores a new memory.
    pub fn create(
        &self,
        agent_id: &str,
        content: &str,
        opts: CreateMemoryOptions,
    ) -> M::Output<Memory> {
        let p = params(json!({"agent_id": agent_id, "content": content}), &opts);
        self.ctx.call("memories.create", p)
    }

    /// Searches memories by meaning; iterate the result for the hits.
    pub fn search(
        &self,
        agent_id: &str,
        query: &str,
        opts: SearchOptions,
    ) -> M::Output<SearchResults> {
        let p = params(json!({"agent_id": agent_id, "query": query}), &opts);
        self.ctx.call("memories.search", p)
    }

    /// One page of memories, newest first.
    pub fn list(&self, agent_id: &str, opts: ListOptions) -> M::Output<Page<Memory>> {
        self.ctx.call(
            "memories.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    /// Every memory of the agent, fetched page by page (`opts.limit` is the page size).
    pub fn list_all(&self, agent_id: &str, opts: ListOptions) -> M::Items<Memory> {
        self.ctx.pages(
            "memories.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    pub fn get(&self, memory_id: &str) -> M::Output<Memory> {
        self.ctx
            .call("memories.get", json!({"memory_id": memory_id}))
    }

    pub fn update(&self, memory_id: &str, update: UpdateMemory) -> M::Output<Memory> {
        self.ctx.call(
            "memories.update",
            params(json!({"memory_id": memory_id}), &update),
        )
    }

    /// Soft-deletes a memory.
    pub fn delete(&self, memory_id: &str) -> M::Output<()> {
        self.ctx
            .call_unit("memories.delete", json!({"memory_id": memory_id}))
    }

    /// Stores many memories; more than 100 are sent in chunks of 100 and merged.
    pub fn batch_create(&self, agent_id: &str, memories: Vec<BatchItem>) -> M::Output<BatchResult> {
        self.ctx.call(
            "memories.batch_create",
            json!({"agent_id": agent_id, "memories": memories}),
        )
    }
}
