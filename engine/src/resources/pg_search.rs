//! Memory search on PostgreSQL. Nothing is cached in the process (another replica may have
//! written since), so each search builds the agent's scoring set from the database:
//! - an agent with at most [`EXACT_SCAN_LIMIT`] live memories (or a narrowed search over at most
//!   that many) is scored whole: the results equal the SQLite backend's exactly;
//! - a larger agent is scored on candidates: the nearest vectors by pgvector's HNSW index, the
//!   rows matching a query term by the `tsvector` index, and the newest rows (keyword mode ranks
//!   ties newest first); each candidate is then re-scored exactly, so every score returned is
//!   the contract's score (§4.2) and only recall is approximate.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::{parse_json_map, Ctx};
use crate::embed::{from_blob, to_blob};
use crate::error::Result;
use crate::search::index::AgentIndex;
use crate::search::{Hit, Mode, Query};

/// Agents (or narrowed sets) up to this size are scored exactly, row by row.
pub const EXACT_SCAN_LIMIT: i64 = 2_000;
/// Candidates taken from each source for a larger agent (and HNSW's ef_search). Measured at 1M
/// memories (docs/scaling.md): 100 → HNSW query 6.4 ms, recall@10 0.963; 400 → 21 ms, 0.997.
pub const CANDIDATES: i64 = 100;

/// What to score for one agent.
pub struct Scope<'a> {
    pub agent: &'a str,
    pub mode: Mode,
    pub min_score: f32,
    pub filter: Option<&'a Map<String, Value>>,
    pub within: Option<&'a HashSet<i64>>,
    /// The query's text (keyword candidates); `None` for vector-only lookups (deduplication).
    pub text: Option<&'a str>,
}

/// Scores one agent's live memories against `q` (unsorted hits at or above `min_score`).
pub(crate) fn hits(ctx: &Ctx<'_>, q: &Query, s: &Scope<'_>, out: &mut Vec<Hit>) -> Result<()> {
    // Counting stops past the limit: a full count scans every row of a large agent (564 ms at
    // 1M, most of a search), and only "more than the limit or not" matters.
    let live: i64 = ctx.conn.query_row(
        &format!(
            "SELECT count(*) FROM (SELECT 1 FROM memories WHERE agent_id = ?1 AND deleted_at IS NULL \
             AND embed_status = 'ready' LIMIT {}) s",
            EXACT_SCAN_LIMIT + 1
        ),
        [s.agent],
        |r| r.get(0),
    )?;
    let seqs: Option<Vec<i64>> = match s.within {
        Some(w) if (w.len() as i64) <= EXACT_SCAN_LIMIT => Some(w.iter().copied().collect()),
        _ if live <= EXACT_SCAN_LIMIT => None,
        _ => Some(candidates(ctx, q, s)?),
    };
    let idx = load(ctx, q.vector.len(), s.agent, seqs.as_deref())?;
    idx.score_all(q, s.mode, s.min_score, s.filter, s.within, out);
    Ok(())
}

/// Candidate sequences of a large agent (see the module comment).
fn candidates(ctx: &Ctx<'_>, q: &Query, s: &Scope<'_>) -> Result<Vec<i64>> {
    let conn = ctx.conn;
    let mut seqs: HashSet<i64> = HashSet::new();
    let mut collect = |sql: &str, args: Vec<crate::storage::db::Value>| -> Result<()> {
        for r in conn
            .prepare(sql)?
            .query_map(&args, |r| r.get::<_, i64>(0))?
        {
            seqs.insert(r?);
        }
        Ok(())
    };
    let agent = crate::storage::db::Value::Text(s.agent.to_string());
    if s.mode != Mode::Keyword {
        let dim = q.vector.len();
        // Filtered HNSW scans stop early without iterative scans (pgvector ≥ 0.8); the
        // candidates are re-scored, so relaxed order is enough.
        conn.execute_batch(&format!(
            "SET LOCAL hnsw.ef_search = {CANDIDATES}; SET LOCAL hnsw.iterative_scan = relaxed_order"
        ))?;
        collect(
            &format!(
                "SELECT seq FROM memories WHERE agent_id = ?1 AND deleted_at IS NULL AND embed_status = 'ready' \
                 ORDER BY embedding::vector({dim}) <#> ?2::vector({dim}) LIMIT {CANDIDATES}"
            ),
            vec![agent.clone(), crate::storage::db::Value::Blob(to_blob(&q.vector))],
        )?;
    }
    if s.mode != Mode::Semantic {
        if let Some(expr) = s.text.and_then(tsquery) {
            collect(
                &format!(
                    "SELECT seq FROM memories WHERE agent_id = ?1 AND deleted_at IS NULL AND embed_status = 'ready' \
                     AND content_tsv @@ to_tsquery('simple', ?2) ORDER BY seq DESC LIMIT {CANDIDATES}"
                ),
                vec![agent.clone(), crate::storage::db::Value::Text(expr)],
            )?;
        }
        collect(
            &format!(
                "SELECT seq FROM memories WHERE agent_id = ?1 AND deleted_at IS NULL AND embed_status = 'ready' \
                 ORDER BY seq DESC LIMIT {CANDIDATES}"
            ),
            vec![agent],
        )?;
    }
    Ok(seqs.into_iter().collect())
}

/// `'a' | 'b'`: any query term (terms are quoted, so no tsquery syntax gets through).
fn tsquery(text: &str) -> Option<String> {
    let terms = crate::embed::text::tokens(text);
    (!terms.is_empty()).then(|| {
        terms
            .iter()
            .map(|t| format!("'{}'", t.replace('\'', "''").replace('\\', "")))
            .collect::<Vec<_>>()
            .join(" | ")
    })
}

/// An index of the agent's live memories, or of the given sequences only.
fn load(ctx: &Ctx<'_>, dim: usize, agent: &str, seqs: Option<&[i64]>) -> Result<AgentIndex> {
    let mut idx = AgentIndex::new(dim);
    if seqs.is_some_and(|s| s.is_empty()) {
        return Ok(idx);
    }
    let only = match seqs {
        // Integers formatted by us: safe to inline, and no array parameter type needed.
        Some(s) => format!(
            " AND seq IN ({})",
            s.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ),
        None => String::new(),
    };
    let sql = format!(
        "SELECT seq, content, metadata, embedding FROM memories WHERE agent_id = ?1 AND deleted_at IS NULL \
         AND embed_status = 'ready'{only} ORDER BY seq"
    );
    for r in ctx
        .conn
        .query(&sql, vec![crate::storage::db::Value::Text(agent.into())])?
    {
        let seq: i64 = r.get(0)?;
        let content: String = r.get(1)?;
        let metadata = parse_json_map(&r.get::<_, String>(2)?);
        let v = from_blob(&r.get::<_, Vec<u8>>(3)?);
        if v.len() == dim {
            idx.upsert(seq, &v, crate::embed::text::term_set(&content), &metadata);
        }
    }
    Ok(idx)
}
