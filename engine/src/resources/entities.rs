//! entities (contract §4.5): knowledge-graph nodes, per agent or account-wide, and their links
//! to memories.

use crate::storage::db::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use super::{
    count, list_envelope, page_ids, parse_json_map, resolve_agent, resolve_id, text, touch_agent,
    Filter, Reply,
};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::util::{new_id, now, rfc3339};
use crate::Engine;

pub(crate) fn entity_json(conn: &Connection, id: &str) -> Result<Value> {
    let (agent, name, etype, metadata, created, updated): (Option<String>, String, String, String, i64, i64) = conn
        .query_row(
            "SELECT agent_id, name, entity_type, metadata, created_at, updated_at FROM entities WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("Entity", "entity_id"))?;
    let memory_count: i64 = conn.query_row(
        "SELECT count(DISTINCT l.memory_id) FROM entity_links l JOIN memories m ON m.id = l.memory_id \
         WHERE l.entity_id = ?1 AND m.deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )?;
    Ok(json!({
        "id": id,
        "object": "entity",
        "agent_id": agent,
        "name": name,
        "entity_type": etype,
        "type": etype,
        "metadata": Value::Object(parse_json_map(&metadata)),
        "memory_count": memory_count,
        "created_at": rfc3339(created),
        "updated_at": rfc3339(updated),
    }))
}

fn duplicate(
    conn: &Connection,
    account: &str,
    agent: Option<&str>,
    etype: &str,
    name: &str,
    except: Option<&str>,
) -> Result<bool> {
    let other: Option<String> = conn
        .query_row(
            "SELECT id FROM entities WHERE account = ?1 AND coalesce(agent_id, '') = ?2 AND entity_type = ?3 AND name = ?4",
            params![account, agent.unwrap_or(""), etype, name],
            |r| r.get(0),
        )
        .optional()?;
    Ok(other.is_some_and(|o| Some(o.as_str()) != except))
}

impl Engine {
    pub fn entities_create(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let agent = p.str_opt("agent_id", 1, 255);
        let name = p.str_req("name", 1, 255);
        // `type` is an alias; `entity_type` wins when both are sent (§4.5).
        let etype = if p.present("entity_type") || !p.present("type") {
            p.str_req("entity_type", 1, 50)
        } else {
            p.str_req("type", 1, 50)
        };
        let metadata = p.object_opt("metadata").unwrap_or_default();
        p.finish()?;
        let (name, etype) = (name.expect("validated"), etype.expect("validated"));
        self.tx(account, |ctx| {
            let agent_id = match &agent {
                Some(a) => Some(resolve_agent(ctx.conn, account, a, "agent_id")?),
                None => None,
            };
            if duplicate(ctx.conn, account, agent_id.as_deref(), &etype, &name, None)? {
                return Err(Error::Conflict(format!("Entity already exists: {etype}/{name}")));
            }
            let id = new_id();
            let t = now();
            ctx.conn.execute(
                "INSERT INTO entities (id, account, agent_id, name, entity_type, metadata, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                params![id, account, agent_id, name, etype, Value::Object(metadata).to_string(), t],
            )?;
            if let Some(a) = &agent_id {
                touch_agent(ctx.conn, a, t)?;
            }
            Ok(Reply::created(entity_json(ctx.conn, &id)?))
        })
    }

    pub fn entities_list(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let agent = p.str_opt("agent_id", 1, 255);
        let etype = p.str_opt("entity_type", 1, 50);
        let (limit, offset) = p.page(50);
        p.finish()?;
        self.tx(account, |ctx| {
            let mut f = Filter::new();
            f.and("account = ?", [text(account)]);
            if let Some(a) = &agent {
                f.and(
                    "agent_id = ?",
                    [text(&resolve_agent(ctx.conn, account, a, "agent_id")?)],
                );
            }
            if let Some(t) = &etype {
                f.and("entity_type = ?", [text(t)]);
            }
            let total = count(ctx.conn, "entities", &f)?;
            let data = page_ids(ctx.conn, "entities", &f, limit, offset)?
                .iter()
                .map(|id| entity_json(ctx.conn, id))
                .collect::<Result<Vec<_>>>()?;
            Ok(Reply::ok(list_envelope(data, total, offset)))
        })
    }

    pub fn entities_get(&self, account: &str, entity_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "entities",
                account,
                entity_id,
                "Entity",
                "entity_id",
            )?;
            Ok(Reply::ok(entity_json(ctx.conn, &id)?))
        })
    }

    pub fn entities_update(
        &self,
        account: &str,
        entity_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let name = p.str_opt("name", 1, 255);
        let metadata = p.object_opt("metadata");
        let any = p.present("name") || p.present("metadata");
        p.finish()?;
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "entities",
                account,
                entity_id,
                "Entity",
                "entity_id",
            )?;
            if !any {
                return Err(super::empty_update());
            }
            let (agent, etype): (Option<String>, String) = ctx.conn.query_row(
                "SELECT agent_id, entity_type FROM entities WHERE id = ?1",
                [&id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let t = now();
            if let Some(n) = &name {
                if duplicate(ctx.conn, account, agent.as_deref(), &etype, n, Some(&id))? {
                    return Err(Error::Conflict(format!(
                        "Entity already exists: {etype}/{n}"
                    )));
                }
                ctx.conn.execute(
                    "UPDATE entities SET name = ?1 WHERE id = ?2",
                    params![n, id],
                )?;
            }
            if let Some(m) = metadata {
                ctx.conn.execute(
                    "UPDATE entities SET metadata = ?1 WHERE id = ?2",
                    params![Value::Object(m).to_string(), id],
                )?;
            }
            ctx.conn.execute(
                "UPDATE entities SET updated_at = ?1 WHERE id = ?2",
                params![t, id],
            )?;
            if let Some(a) = &agent {
                touch_agent(ctx.conn, a, t)?;
            }
            Ok(Reply::ok(entity_json(ctx.conn, &id)?))
        })
    }

    pub fn entities_delete(&self, account: &str, entity_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "entities",
                account,
                entity_id,
                "Entity",
                "entity_id",
            )?;
            ctx.conn
                .execute("DELETE FROM entity_links WHERE entity_id = ?1", [&id])?;
            ctx.conn
                .execute("DELETE FROM entities WHERE id = ?1", [&id])?;
            Ok(Reply::deleted("entity", &id))
        })
    }

    /// `POST /v1/entities/links {entity_id, memory_id, relationship?}`.
    pub fn entities_link(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let entity = p.str_req("entity_id", 1, 255);
        self.link(account, p, entity)
    }

    /// Legacy `POST /v1/entities/{entity_id}/link {memory_id, relationship?}`.
    pub fn entities_link_legacy(
        &self,
        account: &str,
        entity_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        self.link(account, Params::body(body), Some(entity_id.to_string()))
    }

    fn link(&self, account: &str, mut p: Params, entity: Option<String>) -> Result<Reply> {
        let memory = p.str_req("memory_id", 1, 255);
        let relationship = p
            .str_opt("relationship", 1, 100)
            .unwrap_or_else(|| "mentioned_in".into());
        p.finish()?;
        let (entity, memory) = (entity.expect("validated"), memory.expect("validated"));
        self.tx(account, |ctx| {
            let entity_id = resolve_id(ctx.conn, "entities", account, &entity, "Entity", "entity_id")?;
            let (_, memory_id, memory_agent) = super::memories::resolve(ctx.conn, account, &memory, "memory_id")?;
            let entity_agent: Option<String> =
                ctx.conn.query_row("SELECT agent_id FROM entities WHERE id = ?1", [&entity_id], |r| r.get(0))?;
            if entity_agent.as_ref().is_some_and(|a| *a != memory_agent) {
                return Err(Error::field(
                    vec![Value::from("body"), Value::from("memory_id")],
                    "Entity and memory belong to different agents",
                    "value_error",
                ));
            }
            let existing: Option<i64> = ctx
                .conn
                .query_row(
                    "SELECT created_at FROM entity_links WHERE entity_id = ?1 AND memory_id = ?2 AND relationship = ?3",
                    params![entity_id, memory_id, relationship],
                    |r| r.get(0),
                )
                .optional()?;
            let (status, created) = match existing {
                Some(c) => (200, c),
                None => {
                    let t = now();
                    ctx.conn.execute(
                        "INSERT INTO entity_links (entity_id, memory_id, relationship, created_at) VALUES (?1, ?2, ?3, ?4)",
                        params![entity_id, memory_id, relationship, t],
                    )?;
                    (201, t)
                }
            };
            let body = json!({
                "entity_id": entity_id,
                "memory_id": memory_id,
                "relationship": relationship,
                "relevance_score": 1.0,
                "created_at": rfc3339(created),
            });
            Ok(Reply { status, body })
        })
    }
}
