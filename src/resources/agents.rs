//! `client.agents()` (§4.4).

use serde::Serialize;
use serde_json::{json, Value};

use super::{params, resource, ListOptions, Mode};
use crate::models::{Agent, AgentStats, Page};

resource!(
    /// Agent namespaces that isolate memory collections.
    Agents
);

/// Optional arguments of `agents.create`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CreateAgentOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

/// Fields of `agents.update`; at least one must be set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UpdateAgent {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `""` clears it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

impl<'a, M: Mode> Agents<'a, M> {
    pub fn create(&self, name: &str, opts: CreateAgentOptions) -> M::Output<Agent> {
        self.ctx
            .call("agents.create", params(json!({"name": name}), &opts))
    }

    pub fn list(&self, opts: ListOptions) -> M::Output<Page<Agent>> {
        self.ctx.call("agents.list", params(json!({}), &opts))
    }

    /// Every agent, page by page.
    pub fn list_all(&self, opts: ListOptions) -> M::Items<Agent> {
        self.ctx.pages("agents.list", params(json!({}), &opts))
    }

    /// `agent_id` is the UUID or the name.
    pub fn get(&self, agent_id: &str) -> M::Output<Agent> {
        self.ctx.call("agents.get", json!({"agent_id": agent_id}))
    }

    pub fn update(&self, agent_id: &str, update: UpdateAgent) -> M::Output<Agent> {
        self.ctx.call(
            "agents.update",
            params(json!({"agent_id": agent_id}), &update),
        )
    }

    /// Deletes the agent with its memories, entities, sessions and decisions.
    pub fn delete(&self, agent_id: &str) -> M::Output<()> {
        self.ctx
            .call_unit("agents.delete", json!({"agent_id": agent_id}))
    }

    pub fn stats(&self, agent_id: &str) -> M::Output<AgentStats> {
        self.ctx.call("agents.stats", json!({"agent_id": agent_id}))
    }
}
