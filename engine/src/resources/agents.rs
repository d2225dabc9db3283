//! agents (contract §4.4).

use crate::storage::db::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use super::{
    count, list_envelope, page_ids, parse_json_map, resolve_agent, Filter, IndexOp, Reply,
};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::util::{is_uuid_shaped, new_id, now, rfc3339, rfc3339_opt};
use crate::Engine;

fn agent_json(conn: &Connection, id: &str) -> Result<Value> {
    let row = conn
        .query_row(
            "SELECT id, name, description, metadata, last_active_at, created_at, updated_at FROM agents WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                    r.get::<_, i64>(5)?,
                    r.get::<_, i64>(6)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found("Agent", "agent_id"))?;
    let memory_count: i64 = conn.query_row(
        "SELECT count(*) FROM memories WHERE agent_id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )?;
    Ok(json!({
        "id": row.0,
        "object": "agent",
        "name": row.1,
        "description": row.2,
        "metadata": Value::Object(parse_json_map(&row.3)),
        "memory_count": memory_count,
        "last_active_at": rfc3339_opt(row.4),
        "created_at": rfc3339(row.5),
        "updated_at": rfc3339(row.6),
    }))
}

fn check_name(p: &mut Params, name: &Option<String>) {
    if let Some(n) = name {
        if is_uuid_shaped(n) {
            p.fail("name", "Agent names must not be UUID-shaped", "value_error");
        }
    }
}

fn name_taken(conn: &Connection, account: &str, name: &str, except: Option<&str>) -> Result<bool> {
    let other: Option<String> = conn
        .query_row(
            "SELECT id FROM agents WHERE account = ?1 AND name = ?2",
            [account, name],
            |r| r.get(0),
        )
        .optional()?;
    Ok(other.is_some_and(|o| Some(o.as_str()) != except))
}

/// `""` clears the description (§4.4).
fn description(p: &mut Params) -> Option<Option<String>> {
    if !p.present("description") {
        return None;
    }
    p.str_opt("description", 0, 1000)
        .map(|d| if d.is_empty() { None } else { Some(d) })
}

impl Engine {
    pub fn agents_create(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let name = p.str_req("name", 1, 255);
        check_name(&mut p, &name);
        let desc = description(&mut p).flatten();
        let metadata = p.object_opt("metadata").unwrap_or_default();
        p.finish()?;
        let name = name.expect("validated");
        self.tx(account, |ctx| {
            if name_taken(ctx.conn, account, &name, None)? {
                return Err(Error::Conflict(format!("Agent name already exists: {name}")));
            }
            let id = new_id();
            let t = now();
            ctx.conn.execute(
                "INSERT INTO agents (id, account, name, description, metadata, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![id, account, name, desc, Value::Object(metadata).to_string(), t],
            )?;
            Ok(Reply::created(agent_json(ctx.conn, &id)?))
        })
    }

    pub fn agents_list(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let (limit, offset) = p.page(50);
        p.finish()?;
        self.tx(account, |ctx| {
            let mut f = Filter::new();
            f.and("account = ?", [super::text(account)]);
            let total = count(ctx.conn, "agents", &f)?;
            let data = page_ids(ctx.conn, "agents", &f, limit, offset)?
                .iter()
                .map(|id| agent_json(ctx.conn, id))
                .collect::<Result<Vec<_>>>()?;
            Ok(Reply::ok(list_envelope(data, total, offset)))
        })
    }

    pub fn agents_get(&self, account: &str, agent_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id = resolve_agent(ctx.conn, account, agent_id, "agent_id")?;
            Ok(Reply::ok(agent_json(ctx.conn, &id)?))
        })
    }

    pub fn agents_update(
        &self,
        account: &str,
        agent_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let name = p.str_opt("name", 1, 255);
        check_name(&mut p, &name);
        let desc = description(&mut p);
        let metadata = p.object_opt("metadata");
        let any = p.present("name") || p.present("description") || p.present("metadata");
        p.finish()?;
        self.tx(account, |ctx| {
            let id = resolve_agent(ctx.conn, account, agent_id, "agent_id")?;
            if !any {
                return Err(super::empty_update());
            }
            let t = now();
            if let Some(n) = &name {
                if name_taken(ctx.conn, account, n, Some(&id))? {
                    return Err(Error::Conflict(format!("Agent name already exists: {n}")));
                }
                ctx.conn
                    .execute("UPDATE agents SET name = ?1 WHERE id = ?2", params![n, id])?;
            }
            if let Some(d) = &desc {
                ctx.conn.execute(
                    "UPDATE agents SET description = ?1 WHERE id = ?2",
                    params![d, id],
                )?;
            }
            if let Some(m) = metadata {
                ctx.conn.execute(
                    "UPDATE agents SET metadata = ?1 WHERE id = ?2",
                    params![Value::Object(m).to_string(), id],
                )?;
            }
            ctx.conn.execute(
                "UPDATE agents SET updated_at = ?1 WHERE id = ?2",
                params![t, id],
            )?;
            Ok(Reply::ok(agent_json(ctx.conn, &id)?))
        })
    }

    /// Removes the agent with its memories, entities (and their links), sessions and
    /// decisions. Projects and patterns it created are shared: they stay, account-wide.
    pub fn agents_delete(&self, account: &str, agent_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id = resolve_agent(ctx.conn, account, agent_id, "agent_id")?;
            let c = ctx.conn;
            c.execute(
                "DELETE FROM entity_links WHERE entity_id IN (SELECT id FROM entities WHERE agent_id = ?1) \
                 OR memory_id IN (SELECT id FROM memories WHERE agent_id = ?1)",
                [&id],
            )?;
            if !c.is_postgres() {
                c.execute("DELETE FROM memories_fts WHERE rowid IN (SELECT seq FROM memories WHERE agent_id = ?1)", [&id])?;
            }
            // Other agents' memories and decisions linked to this agent's sessions lose the link,
            // as on session delete.
            c.execute("UPDATE memories SET session_id = NULL WHERE session_id IN (SELECT id FROM sessions WHERE agent_id = ?1)", [&id])?;
            c.execute("UPDATE decisions SET session_id = NULL WHERE session_id IN (SELECT id FROM sessions WHERE agent_id = ?1)", [&id])?;
            c.execute("DELETE FROM memories WHERE agent_id = ?1", [&id])?;
            c.execute("DELETE FROM entities WHERE agent_id = ?1", [&id])?;
            c.execute("DELETE FROM sessions WHERE agent_id = ?1", [&id])?;
            c.execute("DELETE FROM decisions WHERE agent_id = ?1", [&id])?;
            // Projects and patterns are shared: they stay, as account-wide ones.
            c.execute("UPDATE projects SET agent_id = NULL WHERE agent_id = ?1", [&id])?;
            c.execute("UPDATE patterns SET agent_id = NULL WHERE agent_id = ?1", [&id])?;
            c.execute("DELETE FROM agents WHERE id = ?1", [&id])?;
            ctx.ops.push(IndexOp::DropAgent { account: account.to_string(), agent: id.clone() });
            Ok(Reply::deleted("agent", &id))
        })
    }

    pub fn agents_stats(&self, account: &str, agent_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id = resolve_agent(ctx.conn, account, agent_id, "agent_id")?;
            let c = ctx.conn;
            let n = |sql: &str| -> Result<i64> { Ok(c.query_row(sql, [&id], |r| r.get(0))?) };
            let last: Option<i64> = c.query_row("SELECT last_active_at FROM agents WHERE id = ?1", [&id], |r| r.get(0))?;
            Ok(Reply::ok(json!({
                "agent_id": id,
                "memory_count": n("SELECT count(*) FROM memories WHERE agent_id = ?1 AND deleted_at IS NULL")?,
                "entity_count": n("SELECT count(*) FROM entities WHERE agent_id = ?1")?,
                "session_count": n("SELECT count(*) FROM sessions WHERE agent_id = ?1")?,
                "decision_count": n("SELECT count(*) FROM decisions WHERE agent_id = ?1")?,
                "pattern_count": n("SELECT count(*) FROM patterns WHERE agent_id = ?1")?,
                "last_active_at": rfc3339_opt(last),
            })))
        })
    }
}
