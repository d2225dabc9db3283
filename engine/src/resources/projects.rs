//! projects (contract §4.8): slugs, per-account uniqueness and the project context digest.

use crate::storage::db::{params, Connection, OptionalExtension};
use serde_json::{json, Map, Value};

use super::{
    count, list_envelope, page_ids, parse_json_map, resolve_agent, resolve_project, text,
    touch_agent, Filter, Reply,
};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::util::{is_uuid_shaped, new_id, now, rfc3339};
use crate::Engine;

pub const SLUG_MAX: usize = 100;
/// Literal path segments under `/v1/projects/` (routes that win over `{project_id}`): no project
/// may take them as its slug, or it could not be addressed.
pub const RESERVED_SLUGS: &[&str] = &["shared-patterns", "impact-analysis"];
const CONTEXT_ITEMS: i64 = 10;
const DIGEST_TEXT_CHARS: usize = 200;

/// Derives a slug from a project name (§4.8): lowercase ASCII letters, runs of anything outside
/// `[a-z0-9]` become `-`, trim `-`, cut to 100 and trim a trailing `-`; `project` if empty.
pub fn derive_slug(name: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
            in_run = false;
        } else if !in_run {
            out.push('-');
            in_run = true;
        }
    }
    let trimmed = out.trim_matches('-');
    let cut: String = trimmed.chars().take(SLUG_MAX).collect();
    let cut = cut.trim_end_matches('-');
    if cut.is_empty() {
        "project".into()
    } else if is_uuid_shaped(cut) || RESERVED_SLUGS.contains(&cut) {
        // Slugs must not be UUID-shaped (§1.4) nor a reserved route segment: such a name gets
        // a prefix.
        format!("project-{cut}")
    } else {
        cut.to_string()
    }
}

/// An explicit slug: `^[a-z0-9][a-z0-9-]*$`, ≤ 100 characters, not UUID-shaped, not reserved.
pub fn valid_slug(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    first_ok
        && s.len() <= SLUG_MAX
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !is_uuid_shaped(s)
        && !RESERVED_SLUGS.contains(&s)
}

pub(crate) fn project_json(conn: &Connection, id: &str) -> Result<Value> {
    let mut v = conn
        .query_row(
            "SELECT slug, name, description, agent_id, stack, repo_url, metadata, created_at, updated_at FROM projects WHERE id = ?1",
            [id],
            |r| {
                Ok(json!({
                    "id": id,
                    "object": "project",
                    "slug": r.get::<_, String>(0)?,
                    "name": r.get::<_, String>(1)?,
                    "description": r.get::<_, Option<String>>(2)?,
                    "agent_id": r.get::<_, Option<String>>(3)?,
                    "stack": super::parse_json(r.get::<_, Option<String>>(4)?),
                    "repo_url": r.get::<_, Option<String>>(5)?,
                    "metadata": Value::Object(parse_json_map(&r.get::<_, String>(6)?)),
                    "created_at": rfc3339(r.get(7)?),
                    "updated_at": rfc3339(r.get(8)?),
                }))
            },
        )
        .optional()?
        .ok_or_else(|| Error::not_found("Project", "project_id"))?;
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM memories WHERE project_id = ?1 AND deleted_at IS NULL",
        [id],
        |r| r.get(0),
    )?;
    v["memory_count"] = json!(n);
    Ok(v)
}

fn cut(s: &str) -> String {
    s.chars().take(DIGEST_TEXT_CHARS).collect()
}

fn section(out: &mut String, title: &str, lines: &[String]) {
    out.push_str(&format!("\n## {title}\n"));
    if lines.is_empty() {
        out.push_str("- (none)\n");
    }
    for l in lines {
        out.push_str(&format!("- {}\n", cut(l).replace('\n', " ")));
    }
}

impl Engine {
    pub fn projects_create(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        // Optional: without it the project is account-wide (what the official tool clients send).
        let agent = p.str_opt("agent_id", 1, 255);
        let name = p.str_req("name", 1, 255);
        let description = p.str_opt("description", 0, 5000);
        let metadata = p.object_opt("metadata").unwrap_or_default();
        let slug = p.str_opt("slug", 1, SLUG_MAX);
        if slug.as_deref().is_some_and(|s| !valid_slug(s)) {
            p.fail(
                "slug",
                "Slug must match ^[a-z0-9][a-z0-9-]*$, be at most 100 characters, not be UUID-shaped \
                 and not be shared-patterns or impact-analysis",
                "value_error",
            );
        }
        let stack = p.object_opt("stack");
        let repo_url = p.str_opt("repo_url", 0, 2000);
        p.finish()?;
        let name = name.expect("validated");
        let slug = slug.unwrap_or_else(|| derive_slug(&name));
        self.tx(account, |ctx| {
            let agent = match &agent {
                Some(a) => Some(resolve_agent(ctx.conn, account, a, "agent_id")?),
                None => None,
            };
            let taken: bool =
                ctx.conn.query_row("SELECT EXISTS (SELECT 1 FROM projects WHERE account = ?1 AND slug = ?2)", [account, &slug], |r| r.get(0))?;
            if taken {
                return Err(Error::Conflict(format!("A project with slug {slug:?} already exists")));
            }
            let id = new_id();
            let t = now();
            ctx.conn.execute(
                "INSERT INTO projects (id, account, agent_id, slug, name, description, stack, repo_url, metadata, created_at, updated_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                params![
                    id,
                    account,
                    agent,
                    slug,
                    name,
                    description,
                    stack.map(|s| Value::Object(s).to_string()),
                    repo_url,
                    Value::Object(metadata).to_string(),
                    t
                ],
            )?;
            if let Some(a) = &agent {
                touch_agent(ctx.conn, a, t)?;
            }
            Ok(Reply::created(project_json(ctx.conn, &id)?))
        })
    }

    pub fn projects_list(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let agent = p.str_opt("agent_id", 1, 255);
        let (limit, offset) = p.page(50);
        p.finish()?;
        self.tx(account, |ctx| {
            let mut f = Filter::new();
            f.and("account = ?", [text(account)]);
            // An agent sees its own projects and the account-wide ones.
            if let Some(a) = &agent {
                f.and(
                    "(agent_id = ? OR agent_id IS NULL)",
                    [text(&resolve_agent(ctx.conn, account, a, "agent_id")?)],
                );
            }
            let total = count(ctx.conn, "projects", &f)?;
            let data = page_ids(ctx.conn, "projects", &f, limit, offset)?
                .iter()
                .map(|id| project_json(ctx.conn, id))
                .collect::<Result<Vec<_>>>()?;
            Ok(Reply::ok(list_envelope(data, total, offset)))
        })
    }

    pub fn projects_get(&self, account: &str, project: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let (id, _) = resolve_project(ctx.conn, account, project, "project_id")?;
            Ok(Reply::ok(project_json(ctx.conn, &id)?))
        })
    }

    pub fn projects_update(
        &self,
        account: &str,
        project: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let name = p.str_opt("name", 1, 255);
        let description = if p.present("description") {
            p.str_opt("description", 0, 5000).map(Some)
        } else {
            None
        };
        let metadata = p.object_opt("metadata");
        let any = p.present("name") || p.present("description") || p.present("metadata");
        p.finish()?;
        self.tx(account, |ctx| {
            let (id, _) = resolve_project(ctx.conn, account, project, "project_id")?;
            if !any {
                return Err(super::empty_update());
            }
            let t = now();
            // The slug never changes, even on rename.
            if let Some(n) = &name {
                ctx.conn.execute(
                    "UPDATE projects SET name = ?1 WHERE id = ?2",
                    params![n, id],
                )?;
            }
            if let Some(d) = &description {
                ctx.conn.execute(
                    "UPDATE projects SET description = ?1 WHERE id = ?2",
                    params![d, id],
                )?;
            }
            if let Some(m) = metadata {
                ctx.conn.execute(
                    "UPDATE projects SET metadata = ?1 WHERE id = ?2",
                    params![Value::Object(m).to_string(), id],
                )?;
            }
            ctx.conn.execute(
                "UPDATE projects SET updated_at = ?1 WHERE id = ?2",
                params![t, id],
            )?;
            let agent: Option<String> =
                ctx.conn
                    .query_row("SELECT agent_id FROM projects WHERE id = ?1", [&id], |r| {
                        r.get(0)
                    })?;
            if let Some(a) = &agent {
                touch_agent(ctx.conn, a, t)?;
            }
            Ok(Reply::ok(project_json(ctx.conn, &id)?))
        })
    }

    /// Deletes the project and every reference to it (memories, sessions, decisions, adoptions,
    /// relationships, patterns' source project).
    pub fn projects_delete(&self, account: &str, project: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let (id, slug) = resolve_project(ctx.conn, account, project, "project_id")?;
            let c = ctx.conn;
            c.execute(
                "UPDATE memories SET project_id = NULL WHERE project_id = ?1",
                [&id],
            )?;
            c.execute(
                "UPDATE sessions SET project = NULL WHERE account = ?1 AND project = ?2",
                [account, &slug],
            )?;
            c.execute(
                "UPDATE decisions SET project_slug = NULL WHERE account = ?1 AND project_slug = ?2",
                [account, &slug],
            )?;
            c.execute(
                "DELETE FROM pattern_adoptions WHERE account = ?1 AND project_slug = ?2",
                [account, &slug],
            )?;
            c.execute(
                "DELETE FROM project_relationships WHERE source_project_id = ?1 OR target_project_id = ?1",
                [&id],
            )?;
            c.execute(
                "UPDATE patterns SET source_project_id = NULL WHERE source_project_id = ?1",
                [&id],
            )?;
            c.execute("DELETE FROM projects WHERE id = ?1", [&id])?;
            Ok(Reply::deleted("project", &id))
        })
    }

    pub fn projects_context(&self, account: &str, project: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let (id, slug) = resolve_project(ctx.conn, account, project, "project_id")?;
            let c = ctx.conn;
            let project = project_json(c, &id)?;
            // Importance ≥ 0.8 first; newest first within each group.
            let hot = super::memories::select(
                c,
                "project_id = ?1",
                "(importance >= 0.8) DESC, seq DESC",
                CONTEXT_ITEMS,
                &[&id],
            )?;
            let decision_ids: Vec<String> = c
                .prepare(&format!(
                    "SELECT id FROM decisions WHERE account = ?1 AND project_slug = ?2 AND status IN ('active', 'experimental') \
                     ORDER BY seq DESC LIMIT {CONTEXT_ITEMS}"
                ))?
                .query_map([account, &slug], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            let decisions = decision_ids.iter().map(|d| super::decisions::decision_json(c, d)).collect::<Result<Vec<_>>>()?;
            let pattern_ids: Vec<String> = c
                .prepare(&format!(
                    "SELECT pattern_id FROM pattern_adoptions WHERE account = ?1 AND project_slug = ?2 ORDER BY seq DESC LIMIT {CONTEXT_ITEMS}"
                ))?
                .query_map([account, &slug], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            let patterns = pattern_ids.iter().map(|p| super::patterns::pattern_json(c, p)).collect::<Result<Vec<_>>>()?;

            let mut md = format!("# {} ({})\n", project["name"].as_str().unwrap_or_default(), slug);
            if let Some(d) = project["description"].as_str() {
                md.push_str(&format!("\n{d}\n"));
            }
            let lines = |items: &[Value], f: &dyn Fn(&Value) -> String| items.iter().map(f).collect::<Vec<_>>();
            section(&mut md, "Hot memories", &lines(&hot, &|m| m["content"].as_str().unwrap_or_default().to_string()));
            section(
                &mut md,
                "Recent decisions",
                &lines(&decisions, &|d| {
                    format!("{}: {}", d["title"].as_str().unwrap_or_default(), d["rationale"].as_str().unwrap_or_default())
                }),
            );
            section(
                &mut md,
                "Active patterns",
                &lines(&patterns, &|p| {
                    format!("{}: {}", p["title"].as_str().unwrap_or_default(), p["description"].as_str().unwrap_or_default())
                }),
            );
            Ok(Reply::ok(json!({
                "project": project,
                "hot_memories": hot,
                "recent_decisions": decisions,
                "active_patterns": patterns,
                "context": md,
            })))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_derivation_follows_the_contract_steps() {
        assert_eq!(derive_slug("My Cool Project"), "my-cool-project");
        assert_eq!(derive_slug("  --Hello__World!!  "), "hello-world");
        assert_eq!(derive_slug("Ünïcödé"), "n-c-d");
        assert_eq!(derive_slug("日本語"), "project");
        assert_eq!(derive_slug("---"), "project");
        assert_eq!(derive_slug("API v2.0"), "api-v2-0");
        // Cut to 100, then a trailing '-' is trimmed.
        let name = format!("{}-b", "a".repeat(99));
        assert_eq!(derive_slug(&name), "a".repeat(99));
        assert_eq!(derive_slug(&"x".repeat(150)).len(), 100);
        assert_eq!(
            derive_slug("123E4567-E89B-12D3-A456-426614174000"),
            "project-123e4567-e89b-12d3-a456-426614174000"
        );
    }

    #[test]
    fn explicit_slugs_are_checked() {
        assert!(valid_slug("my-project-2"));
        assert!(valid_slug("0abc"));
        assert!(!valid_slug("-abc"));
        assert!(!valid_slug("Abc"));
        assert!(!valid_slug("a_b"));
        assert!(!valid_slug(""));
        assert!(!valid_slug(&"a".repeat(101)));
        assert!(!valid_slug("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!valid_slug("shared-patterns"));
        assert!(!valid_slug("impact-analysis"));
        assert_eq!(derive_slug("Shared Patterns"), "project-shared-patterns");
        assert_eq!(derive_slug("Impact analysis"), "project-impact-analysis");
    }
}
