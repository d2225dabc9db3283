//! Pattern suggestions for a project (beyond the Python SDK page; used by the official tool
//! clients): the patterns it has not adopted, ranked by how closely they match what the project
//! is about (its memories, name and description), then by popularity.

use crate::storage::db::params;
use serde_json::{json, Map, Value};

use super::patterns::pattern_json;
use super::{resolve_project, Reply};
use crate::embed::{dot, from_blob};
use crate::error::Result;
use crate::params::Params;
use crate::Engine;

/// The most recent memories of a project that take part in matching (bounds the cost on very
/// large projects).
pub const SUGGEST_MEMORY_WINDOW: i64 = 2000;
/// Below this similarity a pattern is unrelated: the offline hash embedder scores unrelated
/// texts up to about 0.1 through shared character trigrams.
pub const DEFAULT_THRESHOLD: f64 = 0.2;

impl Engine {
    /// `GET /v1/patterns/suggest?project=&limit=&threshold=`: `{data: [Pattern + score +
    /// matched_memory_id], project, total}`. A pattern's score is its best cosine similarity to
    /// one of the project's memories or to the project's own name and description; patterns
    /// below `threshold` (default 0.2) are left out. Candidates are global patterns and the
    /// project's own project-scoped ones, not yet adopted by it.
    pub fn patterns_suggest(&self, account: &str, query: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::query(query);
        let project = p.str_req("project", 1, 255);
        let limit = p.i64_opt("limit", 1, 50).unwrap_or(10) as usize;
        let threshold = p
            .f64_opt("threshold", 0.0, 1.0)
            .unwrap_or(DEFAULT_THRESHOLD);
        p.finish()?;
        let project = project.expect("validated");
        self.tx(account, |ctx| {
            let c = ctx.conn;
            let (pid, slug) = resolve_project(c, account, &project, "project")?;
            let dim = ctx.embedder.dimension();
            // The project's profile: its own text, then its memories.
            let (name, description): (String, Option<String>) = c.query_row(
                "SELECT name, description FROM projects WHERE id = ?1",
                [&pid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            let own = format!("{name}\n{}", description.unwrap_or_default());
            let mut profile: Vec<(Option<String>, Vec<f32>)> =
                vec![(None, ctx.embedder.embed(&own)?)];
            let mut stmt = c.prepare(&format!(
                "SELECT id, embedding FROM memories WHERE project_id = ?1 AND deleted_at IS NULL \
                 AND embed_status = 'ready' ORDER BY seq DESC LIMIT {SUGGEST_MEMORY_WINDOW}"
            ))?;
            let rows = stmt.query_map([&pid], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, Vec<u8>>(1)?))
            })?;
            for row in rows {
                let (id, blob) = row?;
                let v = from_blob(&blob);
                if v.len() == dim {
                    profile.push((Some(id), v));
                }
            }

            let mut stmt = c.prepare(
                "SELECT p.seq, p.id, p.embedding, \
                 (SELECT count(*) FROM pattern_adoptions a WHERE a.pattern_id = p.id) \
                 FROM patterns p WHERE p.account = ?1 \
                 AND (p.scope = 'global' OR p.source_project_id = ?2) \
                 AND p.id NOT IN (SELECT pattern_id FROM pattern_adoptions WHERE account = ?1 AND project_slug = ?3)",
            )?;
            let candidates = stmt.query_map(params![account, pid, slug], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Vec<u8>>(2)?,
                    r.get::<_, i64>(3)?,
                ))
            })?;
            let mut scored = Vec::new();
            for cand in candidates {
                let (seq, id, blob, adoptions) = cand?;
                let v = from_blob(&blob);
                if v.len() != dim {
                    continue;
                }
                let (best, matched) = profile
                    .iter()
                    .map(|(mid, pv)| (dot(&v, pv).clamp(0.0, 1.0), mid))
                    .fold((0.0f32, &None), |acc, x| if x.0 > acc.0 { x } else { acc });
                if best as f64 >= threshold {
                    scored.push((best, adoptions, seq, id, matched.clone()));
                }
            }
            scored.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then(b.1.cmp(&a.1))
                    .then(b.2.cmp(&a.2))
            });
            scored.truncate(limit);
            let data = scored
                .into_iter()
                .map(|(score, _, _, id, matched)| {
                    let mut v = pattern_json(c, &id)?;
                    v["score"] = json!(super::memories::round_score(score));
                    v["matched_memory_id"] = json!(matched);
                    Ok(v)
                })
                .collect::<Result<Vec<_>>>()?;
            let total = data.len();
            Ok(Reply::ok(
                json!({"data": data, "project": slug, "total": total}),
            ))
        })
    }
}
