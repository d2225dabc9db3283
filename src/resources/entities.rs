//! `client.entities()` (§4.5).

use serde::Serialize;
use serde_json::{json, Value};

use super::{params, resource, Mode};
use crate::models::{Entity, EntityLink, Page};

resource!(
    /// Knowledge-graph nodes.
    Entities
);

/// Optional arguments of `entities.create`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CreateEntityOptions {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

/// Arguments of `entities.list`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ListEntitiesOptions {
    /// Exact-match filter.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

/// Fields of `entities.update`; at least one must be set.
#[derive(Debug, Clone, Default, Serialize)]
pub struct UpdateEntity {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<Value>,
}

impl<'a, M: Mode> Entities<'a, M> {
    pub fn create(
        &self,
        agent_id: &str,
        name: &str,
        entity_type: &str,
        opts: CreateEntityOptions,
    ) -> M::Output<Entity> {
        let p = json!({"agent_id": agent_id, "name": name, "entity_type": entity_type});
        self.ctx.call("entities.create", params(p, &opts))
    }

    pub fn list(&self, agent_id: &str, opts: ListEntitiesOptions) -> M::Output<Page<Entity>> {
        self.ctx.call(
            "entities.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    /// Every entity of the agent, page by page.
    pub fn list_all(&self, agent_id: &str, opts: ListEntitiesOptions) -> M::Items<Entity> {
        self.ctx.pages(
            "entities.list",
            params(json!({"agent_id": agent_id}), &opts),
        )
    }

    pub fn get(&self, entity_id: &str) -> M::Output<Entity> {
        self.ctx
            .call("entities.get", json!({"entity_id": entity_id}))
    }

    pub fn update(&self, entity_id: &str, update: UpdateEntity) -> M::Output<Entity> {
        self.ctx.call(
            "entities.update",
            params(json!({"entity_id": entity_id}), &update),
        )
    }

    pub fn delete(&self, entity_id: &str) -> M::Output<()> {
        self.ctx
            .call_unit("entities.delete", json!({"entity_id": entity_id}))
    }

    /// Links an entity to a memory (`relationship` defaults to `mentioned_in` on the server).
    pub fn link(
        &self,
        entity_id: &str,
        memory_id: &str,
        relationship: Option<&str>,
    ) -> M::Output<EntityLink> {
        let p =
            json!({"entity_id": entity_id, "memory_id": memory_id, "relationship": relationship});
        self.ctx.call("entities.link", p)
    }
}
