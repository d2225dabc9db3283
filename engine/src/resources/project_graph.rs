//! Relationships between projects (beyond the Python SDK page; used by the official tool
//! clients): typed, directed edges, the dependency / dependent / related views, the patterns two
//! projects share, and impact analysis over the downstream projects' memories and decisions.

use std::collections::{HashMap, VecDeque};

use crate::storage::db::{params, Connection, OptionalExtension, ToSql};
use serde_json::{json, Map, Value};

use super::projects::project_json;
use super::{parse_json_map, resolve_project, Reply};
use crate::embed::from_blob;
use crate::error::{Error, Result};
use crate::params::Params;
use crate::search::{Mode, Query};
use crate::util::{new_id, now, rfc3339};
use crate::Engine;

/// The relationship types of the product, `source <type> target`.
pub const RELATIONSHIP_TYPES: &[&str] = &[
    "depends_on",
    "api_consumer",
    "shares_schema",
    "shares_infra",
    "pattern_source",
    "forked_from",
];
/// Types meaning "source needs target": they make `dependencies` and `dependents`.
pub const DEPENDENCY_TYPES: &[&str] = &["depends_on", "api_consumer"];
/// Symmetric couplings: a change on either side may affect the other.
pub const SHARED_TYPES: &[&str] = &["shares_schema", "shares_infra"];
/// How far impact analysis follows dependents of dependents.
pub const IMPACT_MAX_DEPTH: usize = 5;

fn sql_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn relationship_json(conn: &Connection, id: &str) -> Result<Value> {
    conn.query_row(
        "SELECT r.source_project_id, s.slug, r.target_project_id, t.slug, r.relationship_type, r.metadata, r.created_at, \
         r.updated_at FROM project_relationships r JOIN projects s ON s.id = r.source_project_id \
         JOIN projects t ON t.id = r.target_project_id WHERE r.id = ?1",
        [id],
        |r| {
            Ok(json!({
                "id": id,
                "object": "project_relationship",
                "source_project_id": r.get::<_, String>(0)?,
                "source_project": r.get::<_, String>(1)?,
                "target_project_id": r.get::<_, String>(2)?,
                "target_project": r.get::<_, String>(3)?,
                "relationship_type": r.get::<_, String>(4)?,
                "metadata": Value::Object(parse_json_map(&r.get::<_, String>(5)?)),
                "created_at": rfc3339(r.get(6)?),
                "updated_at": rfc3339(r.get(7)?),
            }))
        },
    )
    .optional()?
    .ok_or_else(|| Error::Internal("relationship vanished".into()))
}

/// One edge seen from a project: the other project, the type and which way it points.
struct Edge {
    relationship_id: String,
    other: String,
    relationship_type: String,
    outgoing: bool,
}

/// Edges touching `project` (newest first), restricted to `types`, in the given directions.
fn edges(
    conn: &Connection,
    project: &str,
    types: &[&str],
    outgoing: bool,
    incoming: bool,
) -> Result<Vec<Edge>> {
    let mut out = Vec::new();
    let kinds = sql_list(types);
    for (dir, wanted) in [(true, outgoing), (false, incoming)] {
        if !wanted {
            continue;
        }
        let (me, other) = if dir {
            ("source_project_id", "target_project_id")
        } else {
            ("target_project_id", "source_project_id")
        };
        let sql = format!(
            "SELECT id, {other}, relationship_type, seq FROM project_relationships \
             WHERE {me} = ?1 AND relationship_type IN ({kinds}) ORDER BY seq DESC"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map([project], |r| {
            Ok((
                r.get::<_, i64>(3)?,
                Edge {
                    relationship_id: r.get(0)?,
                    other: r.get(1)?,
                    relationship_type: r.get(2)?,
                    outgoing: dir,
                },
            ))
        })?;
        for row in rows {
            out.push(row?);
        }
    }
    out.sort_by_key(|x| std::cmp::Reverse(x.0));
    Ok(out.into_iter().map(|(_, e)| e).collect())
}

fn edge_json(conn: &Connection, e: &Edge) -> Result<Value> {
    let rel = relationship_json(conn, &e.relationship_id)?;
    Ok(json!({
        "project": project_json(conn, &e.other)?,
        "relationship_id": e.relationship_id,
        "relationship_type": e.relationship_type,
        "direction": if e.outgoing { "outgoing" } else { "incoming" },
        "metadata": rel["metadata"],
        "created_at": rel["created_at"],
    }))
}

/// A downstream project found by impact analysis.
struct Affected {
    id: String,
    depth: usize,
    path: Vec<String>,
    types: Vec<String>,
}

/// Projects a change of `start` may reach: its dependents, their dependents (up to
/// `IMPACT_MAX_DEPTH`), and projects sharing a schema or infrastructure with it, either way.
/// Breadth-first, so each project appears once, at its shortest distance.
fn downstream(conn: &Connection, start: &str, start_slug: &str) -> Result<Vec<Affected>> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    seen.insert(start.to_string(), usize::MAX);
    let mut found: Vec<Affected> = Vec::new();
    let mut queue = VecDeque::from([(start.to_string(), vec![start_slug.to_string()], 0usize)]);
    while let Some((node, path, depth)) = queue.pop_front() {
        if depth >= IMPACT_MAX_DEPTH {
            continue;
        }
        let mut next = edges(conn, &node, DEPENDENCY_TYPES, false, true)?;
        if depth == 0 {
            next.extend(edges(conn, &node, SHARED_TYPES, true, true)?);
        }
        for e in next {
            if let Some(&i) = seen.get(&e.other) {
                // Another edge to a project already found at this distance: note its type.
                if i != usize::MAX && found[i].depth == depth + 1 {
                    let t = &mut found[i].types;
                    if !t.contains(&e.relationship_type) {
                        t.push(e.relationship_type.clone());
                    }
                }
                continue;
            }
            let slug: String =
                conn.query_row("SELECT slug FROM projects WHERE id = ?1", [&e.other], |r| {
                    r.get(0)
                })?;
            let mut p = path.clone();
            p.push(slug);
            seen.insert(e.other.clone(), found.len());
            found.push(Affected {
                id: e.other.clone(),
                depth: depth + 1,
                path: p.clone(),
                types: vec![e.relationship_type.clone()],
            });
            queue.push_back((e.other, p, depth + 1));
        }
    }
    Ok(found)
}

/// A scorable row: (seq, id, text, embedding).
type TextRow = (i64, String, String, Vec<u8>);

/// Scores rows `(seq, id, text, embedding)` against the query (hybrid), keeping those at or above
/// `threshold`, best first, at most `limit`. Rows without an embedding yet are skipped.
fn best_matches(q: &Query, rows: Vec<TextRow>, threshold: f64, limit: usize) -> Vec<(f32, String)> {
    let mut scored: Vec<(f32, i64, String)> = rows
        .into_iter()
        .filter_map(|(seq, id, text, blob)| {
            let v = from_blob(&blob);
            if v.len() != q.vector.len() {
                return None;
            }
            let s = q.score_text(Mode::Hybrid, &v, &text);
            (s as f64 >= threshold).then_some((s, seq, id))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    scored.truncate(limit);
    scored.into_iter().map(|(s, _, id)| (s, id)).collect()
}

fn rows(conn: &Connection, sql: &str, args: &[&dyn ToSql]) -> Result<Vec<TextRow>> {
    let mut stmt = conn.prepare(sql)?;
    let it = stmt.query_map(args, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(it.collect::<std::result::Result<_, _>>()?)
}

impl Engine {
    /// `POST /v1/projects/{project}/relationships {target_project, relationship_type, metadata?}`:
    /// 201 with the new relationship; the same (source, target, type) again answers 200 with
    /// the existing one (its metadata replaced when given).
    pub fn projects_add_relationship(
        &self,
        account: &str,
        project: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let target = p.str_req("target_project", 1, 255);
        let kind = if p.present("relationship_type") {
            p.enum_opt("relationship_type", RELATIONSHIP_TYPES)
        } else {
            p.fail("relationship_type", "Field required", "missing");
            None
        };
        let metadata = p.object_opt("metadata");
        p.finish()?;
        let (target, kind) = (target.expect("validated"), kind.expect("validated"));
        self.tx(account, |ctx| {
            let c = ctx.conn;
            let (source_id, _) = resolve_project(c, account, project, "project_id")?;
            let (target_id, _) = resolve_project(c, account, &target, "target_project")?;
            if source_id == target_id {
                return Err(Error::field(
                    vec![Value::from("body"), Value::from("target_project")],
                    "A project cannot have a relationship with itself",
                    "value_error",
                ));
            }
            let t = now();
            let existing: Option<String> = c
                .query_row(
                    "SELECT id FROM project_relationships WHERE source_project_id = ?1 AND target_project_id = ?2 \
                     AND relationship_type = ?3",
                    params![source_id, target_id, kind],
                    |r| r.get(0),
                )
                .optional()?;
            let (id, status) = match existing {
                Some(id) => {
                    if let Some(m) = &metadata {
                        c.execute(
                            "UPDATE project_relationships SET metadata = ?1, updated_at = ?2 WHERE id = ?3",
                            params![Value::Object(m.clone()).to_string(), t, id],
                        )?;
                    }
                    (id, 200)
                }
                None => {
                    let id = new_id();
                    c.execute(
                        "INSERT INTO project_relationships (id, account, source_project_id, target_project_id, \
                         relationship_type, metadata, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                        params![
                            id,
                            account,
                            source_id,
                            target_id,
                            kind,
                            Value::Object(metadata.clone().unwrap_or_default()).to_string(),
                            t
                        ],
                    )?;
                    (id, 201)
                }
            };
            Ok(Reply {
                status,
                body: relationship_json(c, &id)?,
            })
        })
    }

    /// What the project needs: outgoing `depends_on` and `api_consumer` edges.
    pub fn projects_dependencies(&self, account: &str, project: &str) -> Result<Reply> {
        self.related_view(account, project, DEPENDENCY_TYPES, true, false)
    }

    /// What needs the project: incoming `depends_on` and `api_consumer` edges.
    pub fn projects_dependents(&self, account: &str, project: &str) -> Result<Reply> {
        self.related_view(account, project, DEPENDENCY_TYPES, false, true)
    }

    /// Every relationship of the project, either direction.
    pub fn projects_related(&self, account: &str, project: &str) -> Result<Reply> {
        self.related_view(account, project, RELATIONSHIP_TYPES, true, true)
    }

    fn related_view(
        &self,
        account: &str,
        project: &str,
        types: &[&str],
        outgoing: bool,
        incoming: bool,
    ) -> Result<Reply> {
        self.tx(account, |ctx| {
            let (id, slug) = resolve_project(ctx.conn, account, project, "project_id")?;
            let data = edges(ctx.conn, &id, types, outgoing, incoming)?
                .iter()
                .map(|e| edge_json(ctx.conn, e))
                .collect::<Result<Vec<_>>>()?;
            let total = data.len();
            Ok(Reply::ok(
                json!({"project": slug, "data": data, "total": total}),
            ))
        })
    }

    /// `GET /v1/projects/shared-patterns?a=&b=`: patterns adopted by both projects, newest
    /// pattern first.
    pub fn projects_shared_patterns(
        &self,
        account: &str,
        query: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::query(query);
        let a = p.str_req("a", 1, 255);
        let b = p.str_req("b", 1, 255);
        p.finish()?;
        let (a, b) = (a.expect("validated"), b.expect("validated"));
        self.tx(account, |ctx| {
            let c = ctx.conn;
            let (_, slug_a) = resolve_project(c, account, &a, "a")?;
            let (_, slug_b) = resolve_project(c, account, &b, "b")?;
            let ids: Vec<String> = c
                .prepare(
                    "SELECT p.id FROM patterns p WHERE p.account = ?1 \
                     AND p.id IN (SELECT pattern_id FROM pattern_adoptions WHERE account = ?1 AND project_slug = ?2) \
                     AND p.id IN (SELECT pattern_id FROM pattern_adoptions WHERE account = ?1 AND project_slug = ?3) \
                     ORDER BY p.seq DESC",
                )?
                .query_map(params![account, slug_a, slug_b], |r| r.get(0))?
                .collect::<std::result::Result<_, _>>()?;
            let data = ids
                .iter()
                .map(|id| super::patterns::pattern_json(c, id))
                .collect::<Result<Vec<_>>>()?;
            let total = data.len();
            Ok(Reply::ok(json!({
                "project_a": slug_a,
                "project_b": slug_b,
                "data": data,
                "total": total,
            })))
        })
    }

    /// `POST /v1/projects/impact-analysis {project, change_description, threshold?, limit?}`:
    /// the downstream projects of a change, each with its memories and active decisions that
    /// match the change description (hybrid similarity), most impacted first.
    pub fn projects_impact_analysis(
        &self,
        account: &str,
        body: Map<String, Value>,
    ) -> Result<Reply> {
        let mut p = Params::body(body);
        let project = p.str_req("project", 1, 255);
        let change = p.text_req("change_description", 5000);
        let threshold = p.f64_opt("threshold", 0.0, 1.0).unwrap_or(0.3);
        let limit = p.i64_opt("limit", 1, 20).unwrap_or(5) as usize;
        p.finish()?;
        let (project, change) = (project.expect("validated"), change.expect("validated"));
        let q = Query::new(self.embedder(), &change)?;
        self.tx(account, |ctx| {
            let c = ctx.conn;
            let (id, slug) = resolve_project(c, account, &project, "project")?;
            let mut out = Vec::new();
            for a in downstream(c, &id, &slug)? {
                let a_slug = a.path.last().cloned().unwrap_or_default();
                let memories = best_matches(
                    &q,
                    rows(
                        c,
                        "SELECT seq, id, content, embedding FROM memories WHERE project_id = ?1 \
                         AND deleted_at IS NULL AND embed_status = 'ready'",
                        &[&a.id],
                    )?,
                    threshold,
                    limit,
                );
                let decisions = best_matches(
                    &q,
                    rows(
                        c,
                        "SELECT seq, id, title || '\n' || rationale, embedding FROM decisions WHERE account = ?1 \
                         AND project_slug = ?2 AND status IN ('active', 'experimental')",
                        &[&account, &a_slug],
                    )?,
                    threshold,
                    limit,
                );
                let score = memories
                    .iter()
                    .chain(decisions.iter())
                    .map(|m| m.0)
                    .fold(0.0f32, f32::max);
                let memories = memories
                    .iter()
                    .map(|(s, mid)| {
                        let m = super::memories::by_id(c, mid)?
                            .ok_or_else(|| Error::Internal("memory vanished".into()))?;
                        Ok(json!({"memory": m, "score": super::memories::round_score(*s)}))
                    })
                    .collect::<Result<Vec<_>>>()?;
                let decisions = decisions
                    .iter()
                    .map(|(s, did)| {
                        Ok(json!({
                            "decision": super::decisions::decision_json(c, did)?,
                            "score": super::memories::round_score(*s),
                        }))
                    })
                    .collect::<Result<Vec<_>>>()?;
                out.push((
                    score,
                    a.depth,
                    json!({
                        "project": project_json(c, &a.id)?,
                        "depth": a.depth,
                        "path": a.path,
                        "relationship_types": a.types,
                        "impact_score": super::memories::round_score(score),
                        "matching_memories": memories,
                        "matching_decisions": decisions,
                    }),
                ));
            }
            out.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            let with_matches = out.iter().filter(|x| x.0 > 0.0).count();
            let affected: Vec<Value> = out.into_iter().map(|x| x.2).collect();
            Ok(Reply::ok(json!({
                "project": slug,
                "change_description": change,
                "affected_projects": affected,
                "total_affected": affected.len(),
                "projects_with_matches": with_matches,
                "threshold": threshold,
            })))
        })
    }
}
