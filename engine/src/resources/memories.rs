//! memories (contract §4.3): create with dedup, batch create, search, list, get, update and
//! soft delete.

use std::collections::HashSet;
use std::time::Instant;

use crate::storage::db::{params, Connection, DbResult, OptionalExtension, Row, ToSql};
use serde_json::{json, Map, Value};

use super::{
    count, list_envelope, page_ids, parse_json_map, resolve_agent, resolve_project,
    resolve_session, text, touch_agent, Ctx, Filter, IndexOp, Reply,
};
use crate::embed::{from_blob, to_blob};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::search::index::AgentIndex;
use crate::search::{sort_hits, Hit, Mode, Query};
use crate::util::{is_uuid_shaped, new_id, now, parse_uuid};
use crate::Engine;

pub const MEMORY_TYPES: &[&str] = &[
    "fact",
    "event",
    "insight",
    "task",
    "preference",
    "entity_reference",
    "system",
];
pub const TIERS: &[&str] = &["hot", "warm", "cold"];
pub const MAX_CONTENT: usize = 50_000;

/// The tier an importance falls in when promoting without an explicit tier (the product's
/// bands: hot ≥ 0.8, warm ≥ 0.4, cold below).
pub fn tier_for(importance: f64) -> &'static str {
    if importance >= 0.8 {
        "hot"
    } else if importance >= 0.4 {
        "warm"
    } else {
        "cold"
    }
}

const COLS: &str =
    "seq, id, agent_id, content, metadata, memory_type, importance, tier, user_id, session_id, project_id, created_at, updated_at";

/// The Memory model of §4.1 from a row selected with `COLS`.
fn from_row(r: &Row) -> DbResult<Value> {
    Ok(json!({
        "id": r.get::<_, String>(1)?,
        "object": "memory",
        "agent_id": r.get::<_, String>(2)?,
        "content": r.get::<_, String>(3)?,
        "metadata": Value::Object(parse_json_map(&r.get::<_, String>(4)?)),
        "memory_type": r.get::<_, String>(5)?,
        "importance": r.get::<_, f64>(6)?,
        "tier": r.get::<_, String>(7)?,
        "user_id": r.get::<_, Option<String>>(8)?,
        "session_id": r.get::<_, Option<String>>(9)?,
        "project_id": r.get::<_, Option<String>>(10)?,
        "is_duplicate": false,
        "created_at": r.get::<_, i64>(11)?,
        "updated_at": r.get::<_, i64>(12)?,
    }))
}

pub(crate) fn by_seq(conn: &Connection, seq: i64) -> Result<Option<Value>> {
    let sql = format!("SELECT {COLS} FROM memories WHERE seq = ?1 AND deleted_at IS NULL");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([seq], from_row)
        .optional()?)
}

pub(crate) fn by_id(conn: &Connection, id: &str) -> Result<Option<Value>> {
    let sql = format!("SELECT {COLS} FROM memories WHERE id = ?1 AND deleted_at IS NULL");
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], from_row)
        .optional()?)
}

/// Non-deleted memories matching a WHERE clause, in the given order; all of them when `limit`
/// is negative.
pub(crate) fn select(
    conn: &Connection,
    where_sql: &str,
    order: &str,
    limit: i64,
    args: &[&dyn ToSql],
) -> Result<Vec<Value>> {
    let limit = if limit < 0 {
        String::new()
    } else {
        format!(" LIMIT {limit}")
    };
    let sql = format!("SELECT {COLS} FROM memories WHERE deleted_at IS NULL AND {where_sql} ORDER BY {order}{limit}");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(args, from_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Finds a live memory of the account: (seq, agent id). 404 naming `field` otherwise.
pub(crate) fn resolve(
    conn: &Connection,
    account: &str,
    reference: &str,
    field: &str,
) -> Result<(i64, String, String)> {
    let id = parse_uuid(reference).ok_or_else(|| Error::not_found("Memory", field))?;
    conn.query_row(
        "SELECT seq, id, agent_id FROM memories WHERE id = ?1 AND account = ?2 AND deleted_at IS NULL",
        [&id, account],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("Memory", field))
}

/// Loads the index of one agent's live, embedded memories from SQLite.
pub(crate) fn load_index(conn: &Connection, dim: usize, agent: &str) -> Result<AgentIndex> {
    let mut idx = AgentIndex::new(dim);
    // Streamed straight from SQLite: an agent can hold a million rows.
    let conn = conn
        .sqlite()
        .ok_or_else(|| Error::Internal("in-memory indexes are SQLite-only".into()))?;
    let mut load = || -> rusqlite::Result<()> {
        let mut stmt = conn.prepare(
            "SELECT seq, content, metadata, embedding FROM memories WHERE agent_id = ?1 AND deleted_at IS NULL \
             AND embed_status = 'ready' ORDER BY seq",
        )?;
        let mut rows = stmt.query([agent])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let content: String = r.get(1)?;
            let metadata = parse_json_map(&r.get::<_, String>(2)?);
            let blob: Vec<u8> = r.get(3)?;
            let v = from_blob(&blob);
            if v.len() == dim {
                idx.upsert(seq, &v, crate::embed::text::term_set(&content), &metadata);
            }
        }
        Ok(())
    };
    load().map_err(crate::storage::db::DbError::from)?;
    Ok(idx)
}

/// A validated create request (one memory).
pub(crate) struct NewMemory {
    pub agent_ref: Option<String>,
    content: String,
    metadata: Map<String, Value>,
    importance: f64,
    tier: Option<String>,
    memory_type: String,
    user_id: Option<String>,
    session_id: Option<String>,
    project: Option<String>,
    deduplicate: bool,
    dedup_threshold: f64,
}

pub(crate) fn parse_new(p: &mut Params, agent_required: bool) -> Option<NewMemory> {
    let agent_ref = if agent_required {
        p.str_req("agent_id", 1, 255)
    } else {
        p.str_opt("agent_id", 1, 255)
    };
    let content = p.text_req("content", MAX_CONTENT);
    let metadata = p.object_opt("metadata").unwrap_or_default();
    let importance = p.f64_opt("importance", 0.0, 1.0).unwrap_or(0.5);
    let tier = p.enum_opt("tier", TIERS);
    let memory_type = p
        .enum_opt("memory_type", MEMORY_TYPES)
        .unwrap_or_else(|| "fact".into());
    let user_id = p.str_opt("user_id", 0, 255);
    let session_id = p.str_opt("session_id", 0, 255);
    let project = p.str_opt("project", 0, 255);
    let deduplicate = p.bool_opt("deduplicate").unwrap_or(false);
    let dedup_threshold = p.f64_opt("dedup_threshold", 0.5, 1.0).unwrap_or(0.95);
    if p.has_errors() {
        return None;
    }
    Some(NewMemory {
        agent_ref,
        content: content?,
        metadata,
        importance,
        tier,
        memory_type,
        user_id,
        session_id,
        project,
        deduplicate,
        dedup_threshold,
    })
}

/// Resolves an agent reference for memory and session creation: an unknown name creates the
/// agent (§1.4).
pub(crate) fn resolve_or_create_agent(
    conn: &Connection,
    account: &str,
    reference: &str,
    field: &str,
) -> Result<String> {
    match resolve_agent(conn, account, reference, field) {
        Ok(id) => Ok(id),
        Err(Error::NotFound(_)) if !is_uuid_shaped(reference) => {
            let id = new_id();
            let t = now();
            conn.execute(
                "INSERT INTO agents (id, account, name, metadata, created_at, updated_at) VALUES (?1, ?2, ?3, '{}', ?4, ?4)",
                params![id, account, reference, t],
            )?;
            Ok(id)
        }
        Err(e) => Err(e),
    }
}

/// The session and project ids a new memory links to, resolved within the account.
fn links(ctx: &Ctx<'_>, m: &NewMemory) -> Result<(Option<String>, Option<String>)> {
    let (conn, account) = (ctx.conn, ctx.account);
    let session_id = match &m.session_id {
        Some(s) => Some(resolve_session(conn, account, s, "session_id")?.0),
        // The Python reference links through metadata.session_id; an unresolvable one is just
        // metadata.
        None => match m.metadata.get("session_id") {
            Some(Value::String(s)) => resolve_session(conn, account, s, "metadata.session_id")
                .ok()
                .map(|x| x.0),
            _ => None,
        },
    };
    let project_id = match &m.project {
        Some(p) => Some(resolve_project(conn, account, p, "project")?.0),
        None => None,
    };
    Ok((session_id, project_id))
}

/// Inserts the memory row; `vector` is `None` for an async create, whose embedding comes later
/// (the row is then `pending` with an empty embedding). Returns its seq.
fn insert_row(
    ctx: &Ctx<'_>,
    agent: &str,
    m: &NewMemory,
    links: (Option<String>, Option<String>),
    vector: Option<&[f32]>,
) -> Result<(String, i64)> {
    let id = new_id();
    let t = now();
    let tier = m.tier.clone().unwrap_or_else(|| {
        if m.importance >= 0.8 {
            "hot".into()
        } else {
            "warm".into()
        }
    });
    let (blob, status) = match vector {
        Some(v) => (to_blob(v), "ready"),
        None => (Vec::new(), "pending"),
    };
    ctx.conn
        .prepare_cached(
            "INSERT INTO memories (id, account, agent_id, content, metadata, memory_type, importance, tier, user_id, session_id, \
             project_id, embedding, created_at, updated_at, embed_status) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14)",
        )?
        .execute(params![
            id,
            ctx.account,
            agent,
            m.content,
            Value::Object(m.metadata.clone()).to_string(),
            m.memory_type,
            m.importance,
            tier,
            m.user_id,
            links.0,
            links.1,
            blob,
            t,
            status
        ])?;
    let seq = ctx.conn.last_insert_rowid()?;
    touch_agent(ctx.conn, agent, t)?;
    Ok((id, seq))
}

/// Makes a stored row searchable: keyword table and (after commit) the agent's index.
pub(crate) fn publish(
    ctx: &mut Ctx<'_>,
    agent: &str,
    seq: i64,
    vector: Vec<f32>,
    content: String,
    metadata: Map<String, Value>,
) -> Result<()> {
    // PostgreSQL derives its keyword column from the content itself.
    if !ctx.conn.is_postgres() {
        ctx.conn
            .prepare_cached("INSERT INTO memories_fts (rowid, content) VALUES (?1, ?2)")?
            .execute(params![seq, content])?;
    }
    ctx.ops.push(IndexOp::Upsert {
        account: ctx.account.to_string(),
        agent: agent.to_string(),
        seq,
        vector,
        content,
        metadata,
    });
    Ok(())
}

/// Stores a validated memory for an async create: no embedding yet, not searchable yet.
pub(crate) fn store_pending(ctx: &mut Ctx<'_>, agent: &str, m: &NewMemory) -> Result<String> {
    let l = links(ctx, m)?;
    Ok(insert_row(ctx, agent, m, l, None)?.0)
}

/// Stores one validated memory (or finds its duplicate). `vector`, when given, is the
/// embedding of `m.content` computed beforehand (batch create). Returns (reply, embedding time).
fn store(
    ctx: &mut Ctx<'_>,
    agent: &str,
    m: NewMemory,
    vector: Option<Vec<f32>>,
) -> Result<(Reply, std::time::Duration)> {
    let conn = ctx.conn;
    let l = links(ctx, &m)?;
    let t0 = Instant::now();
    let vector = match vector {
        Some(v) => v,
        None => ctx.embedder.embed(&m.content)?,
    };
    let embed_time = t0.elapsed();

    if m.deduplicate {
        let q = Query {
            vector: vector.clone(),
            terms: Vec::new(),
        };
        let mut hits = Vec::new();
        if ctx.conn.is_postgres() {
            let scope = super::pg_search::Scope {
                agent,
                mode: Mode::Semantic,
                min_score: m.dedup_threshold as f32,
                filter: None,
                within: None,
                text: None,
            };
            super::pg_search::hits(ctx, &q, &scope, &mut hits)?;
        } else {
            ctx.index(agent)?.score_all(
                &q,
                Mode::Semantic,
                m.dedup_threshold as f32,
                None,
                None,
                &mut hits,
            );
        }
        sort_hits(&mut hits);
        if let Some(best) = hits.first() {
            if let Some(mut existing) = by_seq(conn, best.seq)? {
                existing["is_duplicate"] = Value::Bool(true);
                return Ok((Reply::ok(existing), embed_time));
            }
        }
    }

    let (_, seq) = insert_row(ctx, agent, &m, l, Some(&vector))?;
    publish(ctx, agent, seq, vector, m.content, m.metadata)?;
    let body =
        by_seq(conn, seq)?.ok_or_else(|| Error::Internal("inserted memory vanished".into()))?;
    Ok((Reply::created(body), embed_time))
}

impl Engine {
    pub fn memories_create(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let m = parse_new(&mut p, true);
        p.finish()?;
        let m = m.expect("validated");
        // Embedded before the write transaction: a slow (remote) embedder must not hold the
        // write connection or the account's lock, or every other write would wait for it.
        let vector = self.embedder().embed(&m.content)?;
        self.tx(account, |ctx| {
            let agent = resolve_or_create_agent(
                ctx.conn,
                account,
                m.agent_ref.as_deref().unwrap_or_default(),
                "agent_id",
            )?;
            Ok(store(ctx, &agent, m, Some(vector))?.0)
        })
    }

    pub fn memories_batch_create(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let started = Instant::now();
        let mut p = Params::body(body);
        let top_agent = p.str_opt("agent_id", 1, 255);
        let items = match p.raw_value("memories") {
            None => {
                p.fail("memories", "Field required", "missing");
                None
            }
            Some(Value::Array(a)) if a.is_empty() => {
                p.fail(
                    "memories",
                    "List should have at least 1 item",
                    "value_error",
                );
                None
            }
            Some(Value::Array(a)) if a.len() > 100 => {
                p.fail(
                    "memories",
                    "List should have at most 100 items",
                    "value_error",
                );
                None
            }
            Some(Value::Array(a)) => Some(a),
            Some(_) => {
                p.fail("memories", "Input should be a valid list", "value_error");
                None
            }
        };
        p.finish()?;
        let items = items.expect("validated");
        let total = items.len();
        // All contents are embedded in one call before taking the engine lock: a neural
        // embedder spreads the batch over the cores, and other requests are not blocked
        // meanwhile. Items that turn out invalid just waste their vector.
        let embed_started = Instant::now();
        let contents: Vec<Option<&str>> = items
            .iter()
            .map(|item| item.get("content").and_then(Value::as_str))
            .map(|c| c.filter(|c| !c.trim().is_empty() && c.chars().count() <= MAX_CONTENT))
            .collect();
        let texts: Vec<&str> = contents.iter().flatten().copied().collect();
        let mut vectors = self.embedder().embed_batch(&texts)?.into_iter();
        let mut precomputed: Vec<Option<Vec<f32>>> = contents
            .iter()
            .map(|c| c.and_then(|_| vectors.next()))
            .collect();
        let batch_embed_time = embed_started.elapsed();
        // One transaction for the whole batch; each item runs in a savepoint so a bad item
        // leaves no trace while the others commit together.
        let (results, embed_time) = self.tx(account, |ctx| {
            let top = match &top_agent {
                Some(a) => Some(resolve_or_create_agent(ctx.conn, account, a, "agent_id")?),
                None => None,
            };
            let mut results = Vec::with_capacity(total);
            let mut embed_time = batch_embed_time;
            for (i, item) in items.into_iter().enumerate() {
                ctx.conn.execute_batch("SAVEPOINT batch_item")?;
                let outcome = create_item(ctx, i, item, top.as_deref(), precomputed[i].take());
                match outcome {
                    Ok((reply, et)) => {
                        ctx.conn.execute_batch("RELEASE batch_item")?;
                        embed_time += et;
                        results.push(json!({"index": i, "status": "success", "memory_id": reply.body["id"], "error": null, "error_code": null}));
                    }
                    Err(Error::Internal(m)) => return Err(Error::Internal(m)),
                    Err(e) => {
                        ctx.conn.execute_batch("ROLLBACK TO batch_item; RELEASE batch_item")?;
                        results.push(json!({"index": i, "status": "failed", "memory_id": null, "error": e.message(), "error_code": e.kind()}));
                    }
                }
            }
            Ok((results, embed_time))
        })?;
        let succeeded = results.iter().filter(|r| r["status"] == "success").count();
        let failed = total - succeeded;
        let total_ms = started.elapsed().as_secs_f64() * 1000.0;
        let embedding_ms = embed_time.as_secs_f64() * 1000.0;
        Ok(Reply::ok(json!({
            "success": failed == 0,
            "total": total,
            "succeeded": succeeded,
            "failed": failed,
            "skipped": 0,
            "results": results,
            "timing": {
                "total_ms": total_ms,
                "embedding_ms": embedding_ms,
                "database_ms": (total_ms - embedding_ms).max(0.0),
                "per_memory_avg_ms": total_ms / total as f64,
            },
        })))
    }

    pub fn memories_get(&self, account: &str, memory_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let (seq, _, _) = resolve(ctx.conn, account, memory_id, "memory_id")?;
            Ok(Reply::ok(
                by_seq(ctx.conn, seq)?.ok_or_else(|| Error::not_found("Memory", "memory_id"))?,
            ))
        })
    }

    pub fn memories_list(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let agent = p.str_opt("agent_id", 1, 255);
        let (limit, offset) = p.page(50);
        p.finish()?;
        self.tx(account, |ctx| {
            let mut f = Filter::new();
            f.and("account = ?", [text(account)])
                .and("deleted_at IS NULL", []);
            if let Some(a) = &agent {
                let id = resolve_agent(ctx.conn, account, a, "agent_id")?;
                f.and("agent_id = ?", [text(&id)]);
            }
            let total = count(ctx.conn, "memories", &f)?;
            let ids = page_ids(ctx.conn, "memories", &f, limit, offset)?;
            let data = ids
                .iter()
                .map(|id| by_id(ctx.conn, id))
                .collect::<Result<Vec<_>>>()?
                .into_iter()
                .flatten()
                .collect();
            Ok(Reply::ok(list_envelope(data, total, offset)))
        })
    }

    pub fn memories_update(
        &self,
        account: &str,
        memory_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let content = if p.present("content") {
            p.text_req("content", MAX_CONTENT)
        } else {
            None
        };
        let metadata = p.object_opt("metadata");
        let any = p.present("content") || p.present("metadata");
        p.finish()?;
        self.tx(account, |ctx| {
            let (seq, _, agent) = resolve(ctx.conn, account, memory_id, "memory_id")?;
            if !any {
                return Err(super::empty_update());
            }
            let t = now();
            let conn = ctx.conn;
            if let Some(c) = &content {
                // A new content is embedded here, which also settles a pending async create.
                let v = ctx.embedder.embed(c)?;
                conn.execute(
                    "UPDATE memories SET content = ?1, embedding = ?2, updated_at = ?3, embed_status = 'ready', \
                     embed_error = NULL WHERE seq = ?4",
                    params![c, to_blob(&v), t, seq],
                )?;
                if !conn.is_postgres() {
                    conn.execute("DELETE FROM memories_fts WHERE rowid = ?1", [seq])?;
                    conn.execute("INSERT INTO memories_fts (rowid, content) VALUES (?1, ?2)", params![seq, c])?;
                }
            }
            if let Some(m) = &metadata {
                conn.execute(
                    "UPDATE memories SET metadata = ?1, updated_at = ?2 WHERE seq = ?3",
                    params![Value::Object(m.clone()).to_string(), t, seq],
                )?;
            }
            touch_agent(conn, &agent, t)?;
            // Re-read what is stored so the index mirrors the row exactly. A row still waiting
            // for its async embedding is not in the index yet: the worker adds it.
            let (content, metadata, blob, status): (String, String, Vec<u8>, String) = conn.query_row(
                "SELECT content, metadata, embedding, embed_status FROM memories WHERE seq = ?1",
                [seq],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )?;
            if status != "ready" {
                return Ok(Reply::ok(by_seq(conn, seq)?.ok_or_else(|| Error::not_found("Memory", "memory_id"))?));
            }
            ctx.ops.push(IndexOp::Upsert {
                account: account.to_string(),
                agent: agent.clone(),
                seq,
                vector: from_blob(&blob),
                content,
                metadata: parse_json_map(&metadata),
            });
            Ok(Reply::ok(by_seq(conn, seq)?.ok_or_else(|| Error::not_found("Memory", "memory_id"))?))
        })
    }

    pub fn memories_delete(&self, account: &str, memory_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let (seq, id, agent) = resolve(ctx.conn, account, memory_id, "memory_id")?;
            let t = now();
            ctx.conn.execute(
                "UPDATE memories SET deleted_at = ?1 WHERE seq = ?2",
                params![t, seq],
            )?;
            if !ctx.conn.is_postgres() {
                ctx.conn
                    .execute("DELETE FROM memories_fts WHERE rowid = ?1", [seq])?;
            }
            ctx.ops.push(IndexOp::Remove {
                account: account.to_string(),
                agent,
                seq,
            });
            Ok(Reply::deleted("memory", &id))
        })
    }

    /// `PUT /v1/memories/{id}/importance {importance, tier?}`: sets the importance and the tier;
    /// without a tier it follows the importance bands (≥ 0.8 hot, ≥ 0.4 warm, else cold).
    pub fn memories_promote(
        &self,
        account: &str,
        memory_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let importance = if p.present("importance") {
            p.f64_opt("importance", 0.0, 1.0)
        } else {
            p.fail("importance", "Field required", "missing");
            None
        };
        let tier = p.enum_opt("tier", TIERS);
        p.finish()?;
        let importance = importance.expect("validated");
        let tier = tier.unwrap_or_else(|| tier_for(importance).to_string());
        self.tx(account, |ctx| {
            let (seq, _, agent) = resolve(ctx.conn, account, memory_id, "memory_id")?;
            let t = now();
            ctx.conn.execute(
                "UPDATE memories SET importance = ?1, tier = ?2, updated_at = ?3 WHERE seq = ?4",
                params![importance, tier, t, seq],
            )?;
            touch_agent(ctx.conn, &agent, t)?;
            Ok(Reply::ok(
                by_seq(ctx.conn, seq)?.ok_or_else(|| Error::not_found("Memory", "memory_id"))?,
            ))
        })
    }

    pub fn memories_search(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let query = p.text_req("query", 10_000);
        let agent = p.str_opt("agent_id", 1, 255);
        let limit = p.i64_opt("limit", 1, 100).unwrap_or(10);
        // `threshold` is an alias; `min_score` wins when both are sent (§4.3).
        let min_score = if p.present("min_score") {
            p.f64_opt("min_score", 0.0, 1.0)
        } else {
            p.f64_opt("threshold", 0.0, 1.0)
        }
        .unwrap_or(0.0);
        let filter = p.object_opt("metadata_filter");
        let mode = p
            .enum_opt("search_mode", &["hybrid", "semantic", "keyword"])
            .and_then(|m| Mode::parse(&m))
            .unwrap_or(Mode::Hybrid);
        let _ = p.bool_opt("include_archived");
        // Narrowing filters the official tool clients send.
        let tier = p.enum_opt("tier", TIERS);
        let min_importance = p.f64_opt("min_importance", 0.0, 1.0);
        let project = p.str_opt("project", 1, 255);
        p.finish()?;
        let query = query.expect("validated");
        let q = Query::new(self.embedder(), &query)?;
        self.tx(account, |ctx| {
            let agents = search_agents(ctx, agent.as_deref())?;
            let within = narrowing(ctx, tier.as_deref(), min_importance, project.as_deref())?;
            let hits = search_hits(
                ctx,
                &agents,
                &q,
                &query,
                mode,
                min_score as f32,
                filter.as_ref(),
                within,
            )?;
            let data = top_results(ctx.conn, hits, limit as usize)?;
            Ok(Reply::ok(
                json!({"object": "search_results", "data": data, "query": query}),
            ))
        })
    }
}

/// The live memories a search may return when it is narrowed by tier, minimum importance or
/// project (`None`: no narrowing). An unknown project is 404 naming `project`.
fn narrowing(
    ctx: &Ctx<'_>,
    tier: Option<&str>,
    min_importance: Option<f64>,
    project: Option<&str>,
) -> Result<Option<HashSet<i64>>> {
    if tier.is_none() && min_importance.is_none() && project.is_none() {
        return Ok(None);
    }
    let mut f = Filter::new();
    f.and("account = ?", [text(ctx.account)])
        .and("deleted_at IS NULL", []);
    if let Some(t) = tier {
        f.and("tier = ?", [text(t)]);
    }
    if let Some(i) = min_importance {
        f.and("importance >= ?", [crate::storage::db::Value::Real(i)]);
    }
    if let Some(pr) = project {
        let (pid, _) = resolve_project(ctx.conn, ctx.account, pr, "project")?;
        f.and("project_id = ?", [text(&pid)]);
    }
    let sql = format!("SELECT seq FROM memories WHERE {}", f.sql());
    let mut stmt = ctx.conn.prepare(&sql)?;
    let seqs = stmt
        .query_map(&f.args, |r| r.get::<_, i64>(0))?
        .collect::<std::result::Result<HashSet<i64>, _>>()?;
    Ok(Some(seqs))
}

/// The agents a search covers: the one named, or every agent of the account.
pub(crate) fn search_agents(ctx: &Ctx<'_>, agent: Option<&str>) -> Result<Vec<String>> {
    match agent {
        Some(a) => Ok(vec![resolve_agent(ctx.conn, ctx.account, a, "agent_id")?]),
        None => {
            let mut stmt = ctx
                .conn
                .prepare("SELECT id FROM agents WHERE account = ?1")?;
            let ids = stmt
                .query_map([ctx.account], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            Ok(ids)
        }
    }
}

/// Scores the live memories of `agents` against a query (unsorted hits at or above
/// `min_score`), only among the sequences in `within` when given.
#[allow(clippy::too_many_arguments)]
pub(crate) fn search_hits(
    ctx: &mut Ctx<'_>,
    agents: &[String],
    q: &Query,
    query: &str,
    mode: Mode,
    min_score: f32,
    filter: Option<&Map<String, Value>>,
    within: Option<HashSet<i64>>,
) -> Result<Vec<Hit>> {
    if ctx.conn.is_postgres() {
        let mut hits = Vec::new();
        for a in agents {
            let scope = super::pg_search::Scope {
                agent: a,
                mode,
                min_score,
                filter,
                within: within.as_ref(),
                text: Some(query),
            };
            super::pg_search::hits(ctx, q, &scope, &mut hits)?;
        }
        return Ok(hits);
    }
    let keyword = if mode == Mode::Keyword && min_score > 0.0 {
        Some(fts_candidates(ctx.conn, query)?)
    } else {
        None
    };
    let candidates = match (keyword, within) {
        (Some(k), Some(w)) => Some(k.intersection(&w).copied().collect()),
        (k, w) => k.or(w),
    };
    let mut hits: Vec<Hit> = Vec::new();
    for a in agents {
        ctx.index(a)?
            .score_all(q, mode, min_score, filter, candidates.as_ref(), &mut hits);
    }
    Ok(hits)
}

/// Validates and stores one batch item under the create rules.
fn create_item(
    ctx: &mut Ctx<'_>,
    i: usize,
    item: Value,
    top: Option<&str>,
    vector: Option<Vec<f32>>,
) -> Result<(Reply, std::time::Duration)> {
    let prefix = vec![Value::from("body"), Value::from("memories"), Value::from(i)];
    let Value::Object(map) = item else {
        return Err(Error::field(
            prefix,
            "Input should be a valid dictionary",
            "value_error",
        ));
    };
    let mut p = Params::nested(map, prefix.clone());
    let m = parse_new(&mut p, false);
    let has_agent = m.as_ref().is_some_and(|m| m.agent_ref.is_some()) || top.is_some();
    if !has_agent && !p.has_errors() {
        p.fail("agent_id", "Field required", "missing");
    }
    p.finish()?;
    let m = m.expect("validated");
    let agent = match &m.agent_ref {
        Some(a) => resolve_or_create_agent(ctx.conn, ctx.account, a, "agent_id")?,
        None => top.expect("checked above").to_string(),
    };
    store(ctx, &agent, m, vector)
}

/// Sequences of live memories containing at least one query term, found through FTS5.
fn fts_candidates(conn: &Connection, query: &str) -> Result<HashSet<i64>> {
    let terms = crate::embed::text::tokens(query);
    if terms.is_empty() {
        return Ok(HashSet::new());
    }
    // Terms are alphanumeric, so quoting each makes a safe FTS5 expression.
    let expr = terms
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(" OR ");
    let mut stmt =
        conn.prepare_cached("SELECT rowid FROM memories_fts WHERE memories_fts MATCH ?1")?;
    let rows = stmt.query_map([expr], |r| r.get::<_, i64>(0))?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// Sorts hits and loads the first `limit` as `{memory, score}` items.
fn top_results(conn: &Connection, mut hits: Vec<Hit>, limit: usize) -> Result<Vec<Value>> {
    // Partial selection first: only the top `limit` need a full sort.
    if hits.len() > limit {
        hits.select_nth_unstable_by(limit - 1, |a, b| {
            b.score.total_cmp(&a.score).then(b.seq.cmp(&a.seq))
        });
        hits.truncate(limit);
    }
    sort_hits(&mut hits);
    let mut out = Vec::with_capacity(hits.len());
    for h in hits {
        if let Some(m) = by_seq(conn, h.seq)? {
            out.push(json!({"memory": m, "score": round_score(h.score)}));
        }
    }
    Ok(out)
}

/// Scores are f32 internally; emit them rounded so JSON shows 0.8123, not 0.81230002641.
pub(crate) fn round_score(s: f32) -> f64 {
    ((s as f64) * 1e6).round() / 1e6
}
