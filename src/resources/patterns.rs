//! `client.patterns()` (§4.9).

use serde::Serialize;
use serde_json::{json, Value};

use super::{params, resource, ListOptions, Mode};
use crate::models::{Page, Pattern, PatternSearchResults};

resource!(
    /// Reusable patterns shared across projects.
    Patterns
);

/// Optional arguments of `patterns.create`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CreatePatternOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    /// `global` (default) or `project`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example_code: Option<String>,
}

/// Optional arguments of `patterns.search`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchPatternsOptions {
    /// 1..100, default 10.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// 0..1, server default 0.3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// Fields of `patterns.update`; at least one must be set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UpdatePattern {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

impl<'a, M: Mode> Patterns<'a, M> {
    /// Creates a pattern; `name` is its title and `content` its description.
    pub fn create(
        &self,
        agent_id: &str,
        name: &str,
        content: &str,
        opts: CreatePatternOptions,
    ) -> M::Output<Pattern> {
        let p = json!({"agent_id": agent_id, "name": name, "content": content});
        self.ctx.call("patterns.create", params(p, &opts))
    }

    pub fn search(
        &self,
        agent_id: &str,
        query: &str,
        opts: SearchPatternsOptions,
    ) -> M::Output<PatternSearchResults> {
        let p = json!({"agent_id": agent_id, "query": query});
        self.ctx.call("patterns.search", params(p, &opts))
    }

    pub fn list(&self, agent_id: &str, opts: ListOptions) -> M::Output<Page<Pattern>> {
        self.ctx.call(
            "patterns.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    /// Every pattern the agent created, page by page.
    pub fn list_all(&self, agent_id: &str, opts: ListOptions) -> M::Items<Pattern> {
        self.ctx.pages(
            "patterns.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    pub fn get(&self, pattern_id: &str) -> M::Output<Pattern> {
        self.ctx
            .call("patterns.get", json!({"pattern_id": pattern_id}))
    }

    pub fn update(&self, pattern_id: &str, update: UpdatePattern) -> M::Output<Pattern> {
        self.ctx.call(
            "patterns.update",
            params(json!({"pattern_id": pattern_id}), &update),
        )
    }

    pub fn delete(&self, pattern_id: &str) -> M::Output<()> {
        self.ctx
            .call_unit("patterns.delete", json!({"pattern_id": pattern_id}))
    }

    /// Adopts the pattern for a project (id or slug); adopting twice changes nothing.
    pub fn adopt(&self, pattern_id: &str, project_id: &str) -> M::Output<Pattern> {
        self.ctx.call(
            "patterns.adopt",
            json!({"pattern_id": pattern_id, "project_id": project_id}),
        )
    }

    /// Removes an adoption and returns the pattern.
    pub fn unadopt(&self, pattern_id: &str, project_id: &str) -> M::Output<Pattern> {
        self.ctx.call(
            "patterns.unadopt",
            json!({"pattern_id": pattern_id, "project_id": project_id}),
        )
    }
}
