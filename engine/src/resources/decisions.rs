//! decisions (contract §4.7): lifecycle (active / experimental / superseded), conflict check
//! by similarity, and supersede in both request forms.

use crate::storage::db::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use super::{
    count, list_envelope, page_ids, parse_json_map, resolve_agent, resolve_id, resolve_project,
    resolve_session, tags_json, text, touch_agent, update_titled_text, Filter, Reply,
};
use crate::embed::{from_blob, to_blob};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::search::{Mode, Query};
use crate::util::{new_id, now, rfc3339};
use crate::Engine;

pub(crate) fn decision_json(conn: &Connection, id: &str) -> Result<Value> {
    conn.query_row(
        "SELECT agent_id, title, rationale, alternatives, status, superseded_by, superseded_reason, tags, project_slug, session_id, \
         metadata, created_at, updated_at FROM decisions WHERE id = ?1",
        [id],
        |r| {
            Ok(json!({
                "id": id,
                "object": "decision",
                "agent_id": r.get::<_, String>(0)?,
                "title": r.get::<_, String>(1)?,
                "rationale": r.get::<_, String>(2)?,
                "alternatives": r.get::<_, Option<String>>(3)?,
                "status": r.get::<_, String>(4)?,
                "superseded_by": r.get::<_, Option<String>>(5)?,
                "superseded_reason": r.get::<_, Option<String>>(6)?,
                "tags": tags_json(&r.get::<_, String>(7)?),
                "project_slug": r.get::<_, Option<String>>(8)?,
                "session_id": r.get::<_, Option<String>>(9)?,
                "metadata": Value::Object(parse_json_map(&r.get::<_, String>(10)?)),
                "created_at": rfc3339(r.get(11)?),
                "updated_at": rfc3339(r.get(12)?),
            }))
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found("Decision", "decision_id"))
}

/// Fields of a new decision (create, or supersede Form B).
struct NewDecision {
    title: String,
    rationale: String,
    alternatives: Option<String>,
    status: String,
    tags: Vec<String>,
    metadata: Map<String, Value>,
}

fn parse_new(p: &mut Params, allow_status: bool) -> Option<NewDecision> {
    let title = p.str_req("title", 1, 500);
    let rationale = p.str_req("rationale", 1, 50_000);
    let alternatives = p.str_opt("alternatives", 0, 50_000);
    let status = if allow_status {
        p.enum_opt("status", &["active", "experimental"])
    } else {
        None
    };
    let tags = p.tags_opt("tags").unwrap_or_default();
    let metadata = p.object_opt("metadata").unwrap_or_default();
    if p.has_errors() {
        return None;
    }
    Some(NewDecision {
        title: title?,
        rationale: rationale?,
        alternatives,
        status: status.unwrap_or_else(|| "active".into()),
        tags,
        metadata,
    })
}

fn insert(
    conn: &Connection,
    embedder: &dyn crate::Embedder,
    account: &str,
    agent: &str,
    d: &NewDecision,
    project: Option<&str>,
    session: Option<&str>,
) -> Result<String> {
    let id = new_id();
    let t = now();
    let v = embedder.embed(&format!("{}\n{}", d.title, d.rationale))?;
    conn.execute(
        "INSERT INTO decisions (id, account, agent_id, title, rationale, alternatives, status, tags, project_slug, session_id, metadata, \
         embedding, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        params![
            id,
            account,
            agent,
            d.title,
            d.rationale,
            d.alternatives,
            d.status,
            Value::from(d.tags.clone()).to_string(),
            project,
            session,
            Value::Object(d.metadata.clone()).to_string(),
            to_blob(&v),
            t
        ],
    )?;
    touch_agent(conn, agent, t)?;
    Ok(id)
}

impl Engine {
    pub fn decisions_create(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let agent = p.str_req("agent_id", 1, 255);
        let d = parse_new(&mut p, true);
        let project = p.str_opt("project_slug", 1, 255);
        let session = p.str_opt("session_id", 1, 255);
        p.finish()?;
        let (agent, d) = (agent.expect("validated"), d.expect("validated"));
        self.tx(account, |ctx| {
            let agent = resolve_agent(ctx.conn, account, &agent, "agent_id")?;
            let slug = match &project {
                Some(p) => Some(resolve_project(ctx.conn, account, p, "project_slug")?.1),
                None => None,
            };
            let session = match &session {
                Some(s) => Some(resolve_session(ctx.conn, account, s, "session_id")?.0),
                None => None,
            };
            let id = insert(
                ctx.conn,
                ctx.embedder,
                account,
                &agent,
                &d,
                slug.as_deref(),
                session.as_deref(),
            )?;
            Ok(Reply::created(decision_json(ctx.conn, &id)?))
        })
    }

    pub fn decisions_list(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let agent = p.str_opt("agent_id", 1, 255);
        let status = p.enum_opt("status", &["active", "experimental", "superseded"]);
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
            if let Some(s) = &status {
                f.and("status = ?", [text(s)]);
            }
            let total = count(ctx.conn, "decisions", &f)?;
            let data = page_ids(ctx.conn, "decisions", &f, limit, offset)?
                .iter()
                .map(|id| decision_json(ctx.conn, id))
                .collect::<Result<Vec<_>>>()?;
            Ok(Reply::ok(list_envelope(data, total, offset)))
        })
    }

    pub fn decisions_get(&self, account: &str, decision_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "decisions",
                account,
                decision_id,
                "Decision",
                "decision_id",
            )?;
            Ok(Reply::ok(decision_json(ctx.conn, &id)?))
        })
    }

    pub fn decisions_update(
        &self,
        account: &str,
        decision_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let title = p.str_opt("title", 1, 500);
        let rationale = p.str_opt("rationale", 1, 50_000);
        let any = p.present("title") || p.present("rationale");
        p.finish()?;
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "decisions",
                account,
                decision_id,
                "Decision",
                "decision_id",
            )?;
            if !any {
                return Err(super::empty_update());
            }
            let t = now();
            update_titled_text(
                ctx.conn,
                ctx.embedder,
                "decisions",
                "rationale",
                &id,
                title.as_deref(),
                rationale.as_deref(),
                t,
            )?;
            Ok(Reply::ok(decision_json(ctx.conn, &id)?))
        })
    }

    pub fn decisions_delete(&self, account: &str, decision_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "decisions",
                account,
                decision_id,
                "Decision",
                "decision_id",
            )?;
            ctx.conn
                .execute("DELETE FROM decisions WHERE id = ?1", [&id])?;
            Ok(Reply::deleted("decision", &id))
        })
    }

    /// Scores the agent's active decisions (semantic, `title + "\n" + rationale`).
    pub fn decisions_check(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let agent = p.str_opt("agent_id", 1, 255);
        let text_q = p.text_req("query", 10_000);
        let limit = p.i64_opt("limit", 1, 100).unwrap_or(5);
        let threshold = p.f64_opt("threshold", 0.0, 1.0).unwrap_or(0.3);
        p.finish()?;
        let text_q = text_q.expect("validated");
        let q = Query::new(self.embedder(), &text_q)?;
        self.tx(account, |ctx| {
            let mut f = Filter::new();
            f.and("account = ?", [text(account)]).and("status = 'active'", []);
            if let Some(a) = &agent {
                f.and("agent_id = ?", [text(&resolve_agent(ctx.conn, account, a, "agent_id")?)]);
            }
            let sql = format!("SELECT seq, id, embedding FROM decisions WHERE {}", f.sql());
            let mut stmt = ctx.conn.prepare(&sql)?;
            let rows = stmt.query_map(&f.args, |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?))
            })?;
            let mut scored = Vec::new();
            for row in rows {
                let (seq, id, blob) = row?;
                let score = q.combine(Mode::Semantic, q.semantic(&from_blob(&blob)), 0.0);
                if score as f64 >= threshold {
                    scored.push((score, seq, id));
                }
            }
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
            scored.truncate(limit as usize);
            let data = scored
                .iter()
                .map(|(s, _, id)| Ok(json!({"decision": decision_json(ctx.conn, id)?, "score": super::memories::round_score(*s)})))
                .collect::<Result<Vec<_>>>()?;
            let total = data.len();
            Ok(Reply::ok(json!({"data": data, "query": text_q, "total": total, "has_conflicts": total > 0})))
        })
    }

    /// Form A `{new_decision_id, reason?}` (200, the new decision) or Form B
    /// `{title, rationale, …, reason?}` (201, a created replacement). Atomic in both forms.
    pub fn decisions_supersede(
        &self,
        account: &str,
        decision_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let reason = p.str_opt("reason", 0, 50_000);
        let form_a = p.present("new_decision_id");
        let (new_ref, form_b) = if form_a {
            (p.str_opt("new_decision_id", 1, 255), None)
        } else {
            (None, parse_new(&mut p, false))
        };
        self.tx(account, |ctx| {
            let old = resolve_id(ctx.conn, "decisions", account, decision_id, "Decision", "decision_id")?;
            p.finish()?;
            let (old_status, old_agent, old_project, old_session): (String, String, Option<String>, Option<String>) =
                ctx.conn.query_row("SELECT status, agent_id, project_slug, session_id FROM decisions WHERE id = ?1", [&old], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
                })?;
            if old_status == "superseded" {
                return Err(Error::Conflict("Decision is already superseded".into()));
            }
            let (new_id, status) = if form_a {
                let new_ref = new_ref.expect("validated");
                let new = resolve_id(ctx.conn, "decisions", account, &new_ref, "Decision", "new_decision_id")?;
                let loc = vec![Value::from("body"), Value::from("new_decision_id")];
                if new == old {
                    return Err(Error::field(loc, "A decision cannot supersede itself", "value_error"));
                }
                let (new_status, new_agent): (String, String) =
                    ctx.conn.query_row("SELECT status, agent_id FROM decisions WHERE id = ?1", [&new], |r| Ok((r.get(0)?, r.get(1)?)))?;
                if new_agent != old_agent {
                    return Err(Error::field(loc, "The new decision belongs to a different agent", "value_error"));
                }
                if new_status == "superseded" {
                    return Err(Error::Conflict("The new decision is itself superseded".into()));
                }
                if new_status == "experimental" {
                    ctx.conn.execute("UPDATE decisions SET status = 'active', updated_at = ?1 WHERE id = ?2", params![now(), new])?;
                }
                (new, 200)
            } else {
                let d = form_b.as_ref().expect("validated");
                (insert(ctx.conn, ctx.embedder, account, &old_agent, d, old_project.as_deref(), old_session.as_deref())?, 201)
            };
            let t = now();
            ctx.conn.execute(
                "UPDATE decisions SET status = 'superseded', superseded_by = ?1, superseded_reason = ?2, updated_at = ?3 WHERE id = ?4",
                params![new_id, reason, t, old],
            )?;
            touch_agent(ctx.conn, &old_agent, t)?;
            Ok(Reply { status, body: decision_json(ctx.conn, &new_id)? })
        })
    }
}
