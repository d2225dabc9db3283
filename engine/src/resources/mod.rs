//! Resource operations, one module per contract resource, plus what they share: the
//! transaction context, reference resolution and response shapes.

pub mod agents;
pub mod async_memories;
pub mod context;
pub mod decisions;
pub mod entities;
pub mod entity_graph;
pub mod memories;
pub mod pattern_suggest;
pub mod patterns;
pub mod pg_search;
pub mod project_graph;
pub mod projects;
pub mod sessions;

use crate::storage::db::Value as SqlValue;
use crate::storage::db::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use crate::embed::Embedder;
use crate::error::{Error, Result};
// The transaction boundary lives in storage (it also serves idempotent units and readers).
pub(crate) use crate::storage::tx::{Ctx, IndexOp};

/// What an operation answers: an HTTP-like status and a JSON body (`Value::Null` for 204).
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub status: u16,
    pub body: Value,
}

impl Reply {
    pub fn ok(body: Value) -> Reply {
        Reply { status: 200, body }
    }
    pub fn created(body: Value) -> Reply {
        Reply { status: 201, body }
    }
    pub fn accepted(body: Value) -> Reply {
        Reply { status: 202, body }
    }
    pub fn no_content() -> Reply {
        Reply {
            status: 204,
            body: Value::Null,
        }
    }
    /// What every delete answers: 200 with a small body. The official tool clients parse a JSON
    /// body after each successful DELETE, and every SDK accepts 204 or 200 with JSON.
    pub fn deleted(object: &str, id: &str) -> Reply {
        Reply::ok(json!({"id": id, "object": object, "deleted": true, "success": true}))
    }
}

/// The list envelope of §1.5.
pub(crate) fn list_envelope(data: Vec<Value>, total: i64, offset: i64) -> Value {
    let has_more = offset + (data.len() as i64) < total;
    json!({"object": "list", "data": data, "has_more": has_more, "next_cursor": null, "total_count": total})
}

/// Incrementally built WHERE clause with positional parameters.
#[derive(Default)]
pub(crate) struct Filter {
    clauses: Vec<String>,
    pub args: Vec<SqlValue>,
}

impl Filter {
    pub fn new() -> Filter {
        Filter::default()
    }
    /// Adds a clause; each `?` in it binds the next argument.
    pub fn and(&mut self, clause: &str, args: impl IntoIterator<Item = SqlValue>) -> &mut Self {
        self.clauses.push(clause.to_string());
        self.args.extend(args);
        self
    }
    pub fn sql(&self) -> String {
        if self.clauses.is_empty() {
            "TRUE".into()
        } else {
            self.clauses.join(" AND ")
        }
    }
}

pub(crate) fn text(s: &str) -> SqlValue {
    SqlValue::Text(s.to_string())
}

pub(crate) fn count(conn: &Connection, table: &str, f: &Filter) -> Result<i64> {
    let sql = format!("SELECT count(*) FROM {table} WHERE {}", f.sql());
    Ok(conn.query_row(&sql, &f.args, |r| r.get(0))?)
}

/// Ids of one page of `table` matching `f`, newest first.
pub(crate) fn page_ids(
    conn: &Connection,
    table: &str,
    f: &Filter,
    limit: i64,
    offset: i64,
) -> Result<Vec<String>> {
    let sql = format!(
        "SELECT id FROM {table} WHERE {} ORDER BY seq DESC LIMIT {limit} OFFSET {offset}",
        f.sql()
    );
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt.query_map(&f.args, |r| r.get::<_, String>(0))?;
    Ok(ids.collect::<std::result::Result<_, _>>()?)
}

pub(crate) fn parse_json_map(s: &str) -> Map<String, Value> {
    match serde_json::from_str(s) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

pub(crate) fn parse_json(s: Option<String>) -> Value {
    s.and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null)
}

/// Resolves an agent reference (UUID or name) within the account; 404 naming `field`.
pub(crate) fn resolve_agent(
    conn: &Connection,
    account: &str,
    reference: &str,
    field: &str,
) -> Result<String> {
    let found = match crate::util::parse_uuid(reference) {
        Some(id) => conn
            .query_row(
                "SELECT id FROM agents WHERE id = ?1 AND account = ?2",
                [&id, account],
                |r| r.get(0),
            )
            .optional()?,
        None => conn
            .query_row(
                "SELECT id FROM agents WHERE name = ?1 AND account = ?2",
                [reference, account],
                |r| r.get(0),
            )
            .optional()?,
    };
    found.ok_or_else(|| Error::not_found("Agent", field))
}

/// Records activity for `last_active_at` (§4.4).
pub(crate) fn touch_agent(conn: &Connection, agent: &str, now: i64) -> Result<()> {
    conn.execute(
        "UPDATE agents SET last_active_at = ?1 WHERE id = ?2",
        params![now, agent],
    )?;
    Ok(())
}

/// Applies a title and/or text change to a decision or pattern, then re-embeds it (both embed
/// `title + "\n" + text`), stamps `updated_at` and records the owning agent's activity, if any.
/// `table` and `text_column` are fixed names from the callers, never user input.
#[allow(clippy::too_many_arguments)]
pub(crate) fn update_titled_text(
    conn: &Connection,
    embedder: &dyn Embedder,
    table: &str,
    text_column: &str,
    id: &str,
    title: Option<&str>,
    text: Option<&str>,
    now: i64,
) -> Result<()> {
    for (column, value) in [("title", title), (text_column, text)] {
        if let Some(v) = value {
            conn.execute(
                &format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"),
                params![v, id],
            )?;
        }
    }
    let (agent, title, text): (Option<String>, String, String) = conn.query_row(
        &format!("SELECT agent_id, title, {text_column} FROM {table} WHERE id = ?1"),
        [id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let vector = embedder.embed(&format!("{title}\n{text}"))?;
    conn.execute(
        &format!("UPDATE {table} SET embedding = ?1, updated_at = ?2 WHERE id = ?3"),
        params![crate::embed::to_blob(&vector), now, id],
    )?;
    // Account-wide patterns have no owning agent.
    match agent {
        Some(a) => touch_agent(conn, &a, now),
        None => Ok(()),
    }
}

/// Resolves a project reference (UUID or slug) to (id, slug); 404 naming `field`.
pub(crate) fn resolve_project(
    conn: &Connection,
    account: &str,
    reference: &str,
    field: &str,
) -> Result<(String, String)> {
    let sql = if crate::util::parse_uuid(reference).is_some() {
        "SELECT id, slug FROM projects WHERE id = ?1 AND account = ?2"
    } else {
        "SELECT id, slug FROM projects WHERE slug = ?1 AND account = ?2"
    };
    let key = crate::util::parse_uuid(reference).unwrap_or_else(|| reference.to_string());
    conn.query_row(sql, [&key, account], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or_else(|| Error::not_found("Project", field))
}

/// Resolves a session id within the account; returns (id, agent id).
pub(crate) fn resolve_session(
    conn: &Connection,
    account: &str,
    reference: &str,
    field: &str,
) -> Result<(String, String)> {
    let id =
        crate::util::parse_uuid(reference).ok_or_else(|| Error::not_found("Session", field))?;
    conn.query_row(
        "SELECT id, agent_id FROM sessions WHERE id = ?1 AND account = ?2",
        [&id, account],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("Session", field))
}

/// "At least one updatable field" (§1.4) as a 422 on the body.
pub(crate) fn empty_update() -> Error {
    Error::field(
        vec![Value::from("body")],
        "At least one updatable field must be provided",
        "value_error",
    )
}

/// Resolves the UUID of a row of `table` within the account; 404 "<what> not found (<field>)".
pub(crate) fn resolve_id(
    conn: &Connection,
    table: &str,
    account: &str,
    reference: &str,
    what: &str,
    field: &str,
) -> Result<String> {
    let id = crate::util::parse_uuid(reference).ok_or_else(|| Error::not_found(what, field))?;
    let sql = format!("SELECT id FROM {table} WHERE id = ?1 AND account = ?2");
    conn.query_row(&sql, [&id, account], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::not_found(what, field))
}

pub(crate) fn tags_json(s: &str) -> Value {
    match serde_json::from_str::<Value>(s) {
        Ok(v @ Value::Array(_)) => v,
        _ => Value::Array(Vec::new()),
    }
}
