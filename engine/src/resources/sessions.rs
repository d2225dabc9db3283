//! sessions (contract §4.6): bounded interaction periods, get-or-create by external id, and the
//! extractive summary.

use crate::storage::db::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use super::memories::resolve_or_create_agent;
use super::{
    count, list_envelope, page_ids, parse_json_map, resolve_agent, resolve_project,
    resolve_session, text, touch_agent, Filter, Reply,
};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::util::{new_id, now, rfc3339, rfc3339_opt};
use crate::Engine;

pub const SUMMARY_MAX_LINES: usize = 50;
pub const SUMMARY_LINE_CHARS: usize = 200;

pub(crate) fn session_json(conn: &Connection, id: &str) -> Result<Value> {
    type Row = (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        String,
        Option<String>,
        String,
        i64,
        Option<i64>,
        i64,
        i64,
    );
    let r: Row = conn
        .query_row(
            "SELECT agent_id, external_id, title, project, status, summary, metadata, started_at, ended_at, created_at, updated_at \
             FROM sessions WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found("Session", "session_id"))?;
    let memory_count: i64 = conn.query_row(
        "SELECT count(*) FROM memories WHERE session_id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )?;
    Ok(json!({
        "id": id,
        "object": "session",
        "agent_id": r.0,
        "external_id": r.1,
        "title": r.2,
        "project": r.3,
        "status": r.4,
        "summary": r.5,
        "metadata": Value::Object(parse_json_map(&r.6)),
        "memory_count": memory_count,
        "started_at": rfc3339(r.7),
        "ended_at": rfc3339_opt(r.8),
        "created_at": rfc3339(r.9),
        "updated_at": rfc3339(r.10),
    }))
}

/// The first sentence of a text: up to and including the first `.`, `!` or `?` that is
/// followed by whitespace or the end; the whole text when there is none.
pub fn first_sentence(text: &str) -> &str {
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '!' | '?') {
            match chars.peek() {
                None => return text,
                Some((_, next)) if next.is_whitespace() => return &text[..i + c.len_utf8()],
                _ => {}
            }
        }
    }
    text
}

/// The local extractive summary (§4.6): one `- ` line per memory (oldest first, at most 50),
/// each the memory's first sentence cut to 200 characters; `""` without memories.
pub fn extractive_summary<'a>(contents: impl IntoIterator<Item = &'a str>) -> String {
    contents
        .into_iter()
        .take(SUMMARY_MAX_LINES)
        // A line break inside the first sentence would split one memory over several lines.
        .map(|c| {
            let line: String = first_sentence(c).chars().take(SUMMARY_LINE_CHARS).collect();
            format!("- {}", line.replace(['\r', '\n'], " "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

struct NewSession {
    agent: String,
    external_id: Option<String>,
    title: Option<String>,
    metadata: Map<String, Value>,
    project: Option<String>,
}

fn parse_new(p: &mut Params, external_required: bool) -> Option<NewSession> {
    let agent = p.str_req("agent_id", 1, 255);
    let external_id = if external_required {
        p.str_req("external_id", 1, 255)
    } else {
        p.str_opt("external_id", 1, 255)
    };
    let title = p.str_opt("title", 0, 500);
    let metadata = p.object_opt("metadata").unwrap_or_default();
    let project = p.str_opt("project", 1, 255);
    if p.has_errors() {
        return None;
    }
    Some(NewSession {
        agent: agent?,
        external_id,
        title,
        metadata,
        project,
    })
}

fn insert(conn: &Connection, account: &str, agent: &str, s: &NewSession) -> Result<String> {
    let project = match &s.project {
        Some(p) => Some(resolve_project(conn, account, p, "project")?.1),
        None => None,
    };
    let id = new_id();
    let t = now();
    conn.execute(
        "INSERT INTO sessions (id, account, agent_id, external_id, title, project, status, metadata, started_at, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'active', ?7, ?8, ?8, ?8)",
        params![id, account, agent, s.external_id, s.title, project, Value::Object(s.metadata.clone()).to_string(), t],
    )?;
    touch_agent(conn, agent, t)?;
    Ok(id)
}

fn by_external(conn: &Connection, agent: &str, external: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT id FROM sessions WHERE agent_id = ?1 AND external_id = ?2",
            [agent, external],
            |r| r.get(0),
        )
        .optional()?)
}

impl Engine {
    pub fn sessions_create(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let s = parse_new(&mut p, false);
        p.finish()?;
        let s = s.expect("validated");
        self.tx(account, |ctx| {
            // An unknown agent name creates the agent, as in memories.create: the tool clients
            // start a session first, under a name nothing created yet.
            let agent = resolve_or_create_agent(ctx.conn, account, &s.agent, "agent_id")?;
            if let Some(e) = &s.external_id {
                if by_external(ctx.conn, &agent, e)?.is_some() {
                    return Err(Error::Conflict(format!(
                        "A session with external_id {e:?} already exists for this agent"
                    )));
                }
            }
            let id = insert(ctx.conn, account, &agent, &s)?;
            Ok(Reply::created(session_json(ctx.conn, &id)?))
        })
    }

    /// Returns the agent's session with this external id unchanged (200), or creates it (201).
    /// The engine serialises operations, so concurrent calls create at most one.
    pub fn sessions_get_or_create(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let s = parse_new(&mut p, true);
        p.finish()?;
        let s = s.expect("validated");
        self.tx(account, |ctx| {
            // An unknown agent name creates the agent, as in memories.create: the tool clients
            // start a session first, under a name nothing created yet.
            let agent = resolve_or_create_agent(ctx.conn, account, &s.agent, "agent_id")?;
            let external = s.external_id.as_deref().expect("required");
            let (id, status, created) = match by_external(ctx.conn, &agent, external)? {
                Some(id) => (id, 200, false),
                None => (insert(ctx.conn, account, &agent, &s)?, 201, true),
            };
            let mut body = session_json(ctx.conn, &id)?;
            body["created"] = Value::Bool(created);
            Ok(Reply { status, body })
        })
    }

    pub fn sessions_list(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let agent = p.str_opt("agent_id", 1, 255);
        let status = p.enum_opt("status", &["active", "ended"]);
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
            let total = count(ctx.conn, "sessions", &f)?;
            let data = page_ids(ctx.conn, "sessions", &f, limit, offset)?
                .iter()
                .map(|id| session_json(ctx.conn, id))
                .collect::<Result<Vec<_>>>()?;
            Ok(Reply::ok(list_envelope(data, total, offset)))
        })
    }

    pub fn sessions_get(
        &self,
        account: &str,
        session_id: &str,
        query: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::query(query);
        let include = p.bool_opt("include_memories").unwrap_or(false);
        p.finish()?;
        self.tx(account, |ctx| {
            let (id, _) = resolve_session(ctx.conn, account, session_id, "session_id")?;
            let mut body = session_json(ctx.conn, &id)?;
            if include {
                let memories =
                    super::memories::select(ctx.conn, "session_id = ?1", "seq ASC", -1, &[&id])?;
                body["memories"] = Value::Array(memories);
            }
            Ok(Reply::ok(body))
        })
    }

    pub fn sessions_end(
        &self,
        account: &str,
        session_id: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let summary = p.str_opt("summary", 0, 50_000);
        p.finish()?;
        self.tx(account, |ctx| {
            let (id, agent) = resolve_session(ctx.conn, account, session_id, "session_id")?;
            let t = now();
            // ended_at is set the first time only; ending again only replaces the summary.
            ctx.conn.execute(
                "UPDATE sessions SET status = 'ended', ended_at = coalesce(ended_at, ?1), updated_at = ?1 WHERE id = ?2",
                params![t, id],
            )?;
            if let Some(s) = &summary {
                ctx.conn.execute("UPDATE sessions SET summary = ?1 WHERE id = ?2", params![s, id])?;
            }
            touch_agent(ctx.conn, &agent, t)?;
            Ok(Reply::ok(session_json(ctx.conn, &id)?))
        })
    }

    pub fn sessions_summarize(&self, account: &str, session_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let (id, agent) = resolve_session(ctx.conn, account, session_id, "session_id")?;
            let mut stmt = ctx.conn.prepare("SELECT content FROM memories WHERE session_id = ?1 AND deleted_at IS NULL ORDER BY seq ASC")?;
            let contents: Vec<String> = stmt.query_map([&id], |r| r.get(0))?.collect::<std::result::Result<_, _>>()?;
            let summary = extractive_summary(contents.iter().map(String::as_str));
            let t = now();
            ctx.conn.execute("UPDATE sessions SET summary = ?1, updated_at = ?2 WHERE id = ?3", params![summary, t, id])?;
            touch_agent(ctx.conn, &agent, t)?;
            Ok(Reply::ok(json!({
                "session_id": id,
                "summary": summary,
                "memory_count": contents.len(),
                "generated_at": rfc3339(t),
            })))
        })
    }

    /// Deletes the session; linked memories and decisions stay, unlinked.
    pub fn sessions_delete(&self, account: &str, session_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let (id, _) = resolve_session(ctx.conn, account, session_id, "session_id")?;
            ctx.conn.execute(
                "UPDATE memories SET session_id = NULL WHERE session_id = ?1",
                [&id],
            )?;
            ctx.conn.execute(
                "UPDATE decisions SET session_id = NULL WHERE session_id = ?1",
                [&id],
            )?;
            ctx.conn
                .execute("DELETE FROM sessions WHERE id = ?1", [&id])?;
            Ok(Reply::deleted("session", &id))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_needs_whitespace_or_end_after_the_mark() {
        assert_eq!(
            first_sentence("Reviewed the auth module. Then lunch."),
            "Reviewed the auth module."
        );
        assert_eq!(
            first_sentence("Pi is 3.14 roughly! Yes"),
            "Pi is 3.14 roughly!"
        );
        assert_eq!(first_sentence("Why?\nBecause."), "Why?");
        assert_eq!(first_sentence("no terminator here"), "no terminator here");
        assert_eq!(first_sentence("ends with dot."), "ends with dot.");
        assert_eq!(first_sentence("v1.2.3 released"), "v1.2.3 released");
    }

    #[test]
    fn summary_lines_are_cut_and_capped() {
        assert_eq!(extractive_summary(Vec::<&str>::new()), "");
        let long = "x".repeat(300);
        let s = extractive_summary([long.as_str(), "Second. More"]);
        let lines: Vec<&str> = s.split('\n').collect();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0], format!("- {}", "x".repeat(200)));
        assert_eq!(lines[1], "- Second.");
        let many: Vec<String> = (0..60).map(|i| format!("m{i}")).collect();
        let s = extractive_summary(many.iter().map(String::as_str));
        assert_eq!(s.lines().count(), 50);
        assert!(s.ends_with("- m49"));
        assert_eq!(
            extractive_summary(["no stop\nsecond line", "A. B"]),
            "- no stop second line\n- A."
        );
    }
}
