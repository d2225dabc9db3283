//! patterns (contract §4.9): reusable patterns, similarity search and project adoptions.

use crate::storage::db::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use super::{
    count, list_envelope, page_ids, parse_json_map, resolve_agent, resolve_id, resolve_project,
    tags_json, text, touch_agent, update_titled_text, Filter, Reply,
};
use crate::embed::{from_blob, to_blob};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::search::{Mode, Query};
use crate::util::{new_id, now, rfc3339};
use crate::Engine;

pub(crate) fn pattern_json(conn: &Connection, id: &str) -> Result<Value> {
    let mut v = conn
        .query_row(
            "SELECT p.agent_id, p.title, p.description, p.scope, p.category, p.tags, p.example_code, p.metadata, p.created_at, \
             p.updated_at, p.source_project_id, s.slug FROM patterns p LEFT JOIN projects s ON s.id = p.source_project_id \
             WHERE p.id = ?1",
            [id],
            |r| {
                Ok(json!({
                    "id": id,
                    "object": "pattern",
                    "agent_id": r.get::<_, Option<String>>(0)?,
                    "title": r.get::<_, String>(1)?,
                    "description": r.get::<_, String>(2)?,
                    "scope": r.get::<_, String>(3)?,
                    "category": r.get::<_, Option<String>>(4)?,
                    "tags": tags_json(&r.get::<_, String>(5)?),
                    "example_code": r.get::<_, Option<String>>(6)?,
                    "metadata": Value::Object(parse_json_map(&r.get::<_, String>(7)?)),
                    "created_at": rfc3339(r.get(8)?),
                    "updated_at": rfc3339(r.get(9)?),
                    "source_project_id": r.get::<_, Option<String>>(10)?,
                    "source_project_slug": r.get::<_, Option<String>>(11)?,
                }))
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found("Pattern", "pattern_id"))?;
    let adopted: Vec<String> = conn
        .prepare_cached(
            "SELECT project_slug FROM pattern_adoptions WHERE pattern_id = ?1 ORDER BY seq ASC",
        )?
        .query_map([id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    v["adoption_count"] = json!(adopted.len());
    v["adopted_by"] = json!(adopted);
    Ok(v)
}

impl Engine {
    pub fn patterns_create(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        // Optional: without it the pattern is account-wide (what the official tool clients send).
        let agent = p.str_opt("agent_id", 1, 255);
        let title = p.str_req("title", 1, 500);
        let description = p.str_req("description", 1, 50_000);
        let scope = p
            .enum_opt("scope", &["global", "project"])
            .unwrap_or_else(|| "global".into());
        let category = p.str_opt("category", 0, 100);
        let tags = p.tags_opt("tags").unwrap_or_default();
        let example = p.str_opt("example_code", 0, 50_000);
        let metadata = p.object_opt("metadata").unwrap_or_default();
        let source_project = p.str_opt("source_project", 1, 255);
        p.finish()?;
        let (title, description) = (title.expect("validated"), description.expect("validated"));
        self.tx(account, |ctx| {
            let agent = match &agent {
                Some(a) => Some(resolve_agent(ctx.conn, account, a, "agent_id")?),
                None => None,
            };
            let source = match &source_project {
                Some(sp) => Some(resolve_project(ctx.conn, account, sp, "source_project")?.0),
                None => None,
            };
            let id = new_id();
            let t = now();
            let v = ctx.embedder.embed(&format!("{title}\n{description}"))?;
            ctx.conn.execute(
                "INSERT INTO patterns (id, account, agent_id, title, description, scope, category, tags, example_code, metadata, \
                 embedding, created_at, updated_at, source_project_id) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13)",
                params![
                    id,
                    account,
                    agent,
                    title,
                    description,
                    scope,
                    category,
                    Value::from(tags).to_string(),
                    example,
                    Value::Object(metadata).to_string(),
                    to_blob(&v),
                    t,
                    source
                ],
            )?;
            if let Some(a) = &agent {
                touch_agent(ctx.conn, a, t)?;
            }
            Ok(Reply::created(pattern_json(ctx.conn, &id)?))
        })
    }

    pub fn patterns_list(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let agent = p.str_opt("agent_id", 1, 255);
        let (limit, offset) = p.page(50);
        p.finish()?;
        self.tx(account, |ctx| {
            let mut f = Filter::new();
            f.and("account = ?", [text(account)]);
            // An agent sees its own patterns and the account-wide ones.
            if let Some(a) = &agent {
                f.and(
                    "(agent_id = ? OR agent_id IS NULL)",
                    [text(&resolve_agent(ctx.conn, account, a, "agent_id")?)],
                );
            }
            let total = count(ctx.conn, "patterns", &f)?;
            let data = page_ids(ctx.conn, "patterns", &f, limit, offset)?
                .iter()
                .map(|id| pattern_json(ctx.conn, id))
                .collect::<Result<Vec<_>>>()?;
            Ok(Reply::ok(list_envelope(data, total, offset)))
        })
    }

    pub fn patterns_get(&self, account: &str, pattern_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "patterns",
                account,
                pattern_id,
                "Pattern",
                "pattern_id",
            )?;
            Ok(Reply::ok(pattern_json(ctx.conn, &id)?))
        })
    }

    pub fn patterns_update(
        &self,
        account: &str,
        pattern_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let title = p.str_opt("title", 1, 500);
        let description = p.str_opt("description", 1, 50_000);
        let any = p.present("title") || p.present("description");
        p.finish()?;
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "patterns",
                account,
                pattern_id,
                "Pattern",
                "pattern_id",
            )?;
            if !any {
                return Err(super::empty_update());
            }
            let t = now();
            update_titled_text(
                ctx.conn,
                ctx.embedder,
                "patterns",
                "description",
                &id,
                title.as_deref(),
                description.as_deref(),
                t,
            )?;
            Ok(Reply::ok(pattern_json(ctx.conn, &id)?))
        })
    }

    pub fn patterns_delete(&self, account: &str, pattern_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "patterns",
                account,
                pattern_id,
                "Pattern",
                "pattern_id",
            )?;
            ctx.conn
                .execute("DELETE FROM pattern_adoptions WHERE pattern_id = ?1", [&id])?;
            ctx.conn
                .execute("DELETE FROM patterns WHERE id = ?1", [&id])?;
            Ok(Reply::deleted("pattern", &id))
        })
    }

    /// Hybrid search over the agent's and the account-wide patterns (`title + "\n" +
    /// description`), optionally narrowed to a category and to what applies to a project
    /// (global patterns, its own project-scoped ones and those it adopted).
    pub fn patterns_search(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let agent = p.str_opt("agent_id", 1, 255);
        let category = p.str_opt("category", 1, 100);
        let project = p.str_opt("project", 1, 255);
        let text_q = p.text_req("query", 10_000);
        let limit = p.i64_opt("limit", 1, 100).unwrap_or(10);
        let threshold = p.f64_opt("threshold", 0.0, 1.0).unwrap_or(0.3);
        p.finish()?;
        let text_q = text_q.expect("validated");
        let q = Query::new(self.embedder(), &text_q)?;
        self.tx(account, |ctx| {
            let mut f = Filter::new();
            f.and("account = ?", [text(account)]);
            if let Some(a) = &agent {
                f.and("(agent_id = ? OR agent_id IS NULL)", [text(&resolve_agent(ctx.conn, account, a, "agent_id")?)]);
            }
            if let Some(c) = &category {
                f.and("category = ?", [text(c)]);
            }
            if let Some(pr) = &project {
                let (pid, slug) = resolve_project(ctx.conn, account, pr, "project")?;
                f.and(
                    "(scope = 'global' OR source_project_id = ? OR id IN \
                     (SELECT pattern_id FROM pattern_adoptions WHERE account = ? AND project_slug = ?))",
                    [text(&pid), text(account), text(&slug)],
                );
            }
            let sql = format!("SELECT seq, id, title, description, embedding FROM patterns WHERE {}", f.sql());
            let mut stmt = ctx.conn.prepare(&sql)?;
            let rows = stmt.query_map(&f.args, |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?, r.get::<_, Vec<u8>>(4)?))
            })?;
            let mut scored = Vec::new();
            for row in rows {
                let (seq, id, title, description, blob) = row?;
                let score = q.score_text(Mode::Hybrid, &from_blob(&blob), &format!("{title}\n{description}"));
                if score as f64 >= threshold {
                    scored.push((score, seq, id));
                }
            }
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
            scored.truncate(limit as usize);
            let data = scored
                .iter()
                .map(|(s, _, id)| Ok(json!({"pattern": pattern_json(ctx.conn, id)?, "score": super::memories::round_score(*s)})))
                .collect::<Result<Vec<_>>>()?;
            let total = data.len();
            Ok(Reply::ok(json!({"data": data, "query": text_q, "total": total})))
        })
    }

    /// Appends the project's slug to `adopted_by` unless present (idempotent).
    pub fn patterns_adopt(
        &self,
        account: &str,
        pattern_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let project = p.str_req("project", 1, 255);
        p.finish()?;
        let project = project.expect("validated");
        self.tx(account, |ctx| {
            let id = resolve_id(ctx.conn, "patterns", account, pattern_id, "Pattern", "pattern_id")?;
            let (_, slug) = resolve_project(ctx.conn, account, &project, "project")?;
            ctx.conn.execute(
                "INSERT INTO pattern_adoptions (pattern_id, project_slug, account, adopted_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                params![id, slug, account, now()],
            )?;
            Ok(Reply::ok(pattern_json(ctx.conn, &id)?))
        })
    }

    /// Removes the project's slug from `adopted_by`; absent is a no-op (200 either way).
    pub fn patterns_unadopt(
        &self,
        account: &str,
        pattern_id: &str,
        query: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::query(query);
        let project = p.str_req("project", 1, 255);
        p.finish()?;
        let project = project.expect("validated");
        self.tx(account, |ctx| {
            let id = resolve_id(
                ctx.conn,
                "patterns",
                account,
                pattern_id,
                "Pattern",
                "pattern_id",
            )?;
            let (_, slug) = resolve_project(ctx.conn, account, &project, "project")?;
            ctx.conn.execute(
                "DELETE FROM pattern_adoptions WHERE pattern_id = ?1 AND project_slug = ?2",
                params![id, slug],
            )?;
            Ok(Reply::ok(pattern_json(ctx.conn, &id)?))
        })
    }
}
