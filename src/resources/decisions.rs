//! `client.decisions()` (§4.7).

use serde::Serialize;
use serde_json::{json, Value};

use super::{params, resource, Mode};
use crate::models::{Decision, DecisionCheckResult, Page};

resource!(
    /// Architectural and design decisions with a lifecycle.
    Decisions
);

/// Optional arguments of `decisions.create`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CreateDecisionOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<String>,
    /// `active` (default) or `experimental`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_slug: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
}

/// Arguments of `decisions.list`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ListDecisionsOptions {
    /// `active`, `experimental` or `superseded`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

/// Fields of `decisions.update`; at least one must be set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UpdateDecision {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The rationale.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

/// Optional arguments of `decisions.check`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CheckDecisionsOptions {
    /// 1..100, server default 5.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// 0..1, server default 0.3.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

impl<'a, M: Mode> Decisions<'a, M> {
    /// Records a decision; `content` is its rationale.
    pub fn create(
        &self,
        agent_id: &str,
        title: &str,
        content: &str,
        opts: CreateDecisionOptions,
    ) -> M::Output<Decision> {
        let p = json!({"agent_id": agent_id, "title": title, "content": content});
        self.ctx.call("decisions.create", params(p, &opts))
    }

    pub fn list(&self, agent_id: &str, opts: ListDecisionsOptions) -> M::Output<Page<Decision>> {
        self.ctx.call(
            "decisions.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    /// Every decision of the agent, page by page.
    pub fn list_all(&self, agent_id: &str, opts: ListDecisionsOptions) -> M::Items<Decision> {
        self.ctx.pages(
            "decisions.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    pub fn get(&self, decision_id: &str) -> M::Output<Decision> {
        self.ctx
            .call("decisions.get", json!({"decision_id": decision_id}))
    }

    pub fn update(&self, decision_id: &str, update: UpdateDecision) -> M::Output<Decision> {
        self.ctx.call(
            "decisions.update",
            params(json!({"decision_id": decision_id}), &update),
        )
    }

    pub fn delete(&self, decision_id: &str) -> M::Output<()> {
        self.ctx
            .call_unit("decisions.delete", json!({"decision_id": decision_id}))
    }

    /// Active decisions that a proposal (`query`) may conflict with.
    pub fn check(
        &self,
        agent_id: &str,
        query: &str,
        opts: CheckDecisionsOptions,
    ) -> M::Output<DecisionCheckResult> {
        let p = json!({"agent_id": agent_id, "query": query});
        self.ctx.call("decisions.check", params(p, &opts))
    }

    /// Marks `decision_id` superseded by `new_decision_id`; returns the new decision.
    pub fn supersede(
        &self,
        decision_id: &str,
        new_decision_id: &str,
        reason: Option<&str>,
    ) -> M::Output<Decision> {
        let p = json!({"decision_id": decision_id, "new_decision_id": new_decision_id, "reason": reason});
        self.ctx.call("decisions.supersede", p)
    }
}
