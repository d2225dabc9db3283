//! Context building, beyond the Python SDK page (used by the official tool clients):
//! `POST /v2/context/build`, the memories most relevant to a query ranked by a composite of
//! similarity and importance and packed into a token budget (no LLM locally, so `ai_enhanced` is
//! always false and `summary` null); and `POST /v1/memories/context`, the same search rendered
//! as one prompt-ready text.

use std::collections::HashSet;
use std::time::Instant;

use serde_json::{json, Map, Value};

use super::memories::{by_seq, round_score, search_agents, search_hits};
use super::{resolve_project, Reply};
use crate::error::Result;
use crate::params::Params;
use crate::search::{sort_hits, Mode, Query};
use crate::util::parse_uuid;
use crate::Engine;

pub const RANKING_VERSION: &str = "local-1";
/// Composite score = similarity weight · similarity + importance weight · importance.
pub const SIMILARITY_WEIGHT: f64 = 0.8;
pub const IMPORTANCE_WEIGHT: f64 = 0.2;
/// Candidates below this similarity are not relevant enough to enter a context.
pub const DEFAULT_MIN_SCORE: f64 = 0.1;

/// Tokens of a text, estimated as one per 4 characters (rounded up), the usual rule of thumb
/// for English with GPT-style tokenizers.
pub fn estimate_tokens(text: &str) -> usize {
    text.chars().count().div_ceil(4)
}

/// A ranked candidate: composite score, similarity, seq, the memory.
type Candidate = (f64, f32, i64, Value);

/// Greedy packing in rank order: take each memory that still fits the budget, up to `max`.
fn pack(ranked: Vec<Candidate>, max: usize, budget: Option<usize>) -> (Vec<Value>, usize, usize) {
    let (mut out, mut used, mut left_out) = (Vec::new(), 0usize, 0usize);
    for (score, similarity, _, m) in ranked {
        if out.len() == max {
            break;
        }
        let content = m["content"].as_str().unwrap_or_default();
        let tokens = estimate_tokens(content);
        if budget.is_some_and(|b| used + tokens > b) {
            left_out += 1;
            continue;
        }
        used += tokens;
        out.push(json!({
            "memory_id": m["id"],
            "content": content,
            "score": (score * 1e6).round() / 1e6,
            "similarity": round_score(similarity),
            "importance": m["importance"],
            "tier": m["tier"],
            "memory_type": m["memory_type"],
            "agent_id": m["agent_id"],
            "created_at": m["created_at"],
            "token_count": tokens,
        }));
    }
    (out, used, left_out)
}

impl Engine {
    /// `POST /v2/context/build` (also `/v2/context`): `{query, agent_id?, max_memories? (1–100,
    /// 20), max_tokens? (100–128000), search_mode?, min_score? (0.1), exclude_memory_ids?,
    /// ai_enhanced?, ranking_version?, llm_api_url?, llm_model?}`.
    pub fn context_build(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let started = Instant::now();
        let mut p = Params::body(body);
        let query = p.text_req("query", 10_000);
        let agent = p.str_opt("agent_id", 1, 255);
        let max = p.i64_opt("max_memories", 1, 100).unwrap_or(20) as usize;
        let budget = p.i64_opt("max_tokens", 100, 128_000).map(|t| t as usize);
        let mode = p
            .enum_opt("search_mode", &["hybrid", "semantic", "keyword"])
            .and_then(|m| Mode::parse(&m))
            .unwrap_or(Mode::Hybrid);
        let min_score = p
            .f64_opt("min_score", 0.0, 1.0)
            .unwrap_or(DEFAULT_MIN_SCORE);
        // Accepted for compatibility; there is no LLM and one ranking here.
        let _ = p.bool_opt("ai_enhanced");
        let _ = p.str_opt("ranking_version", 1, 50);
        let _ = p.str_opt("llm_api_url", 1, 2000);
        let _ = p.str_opt("llm_model", 1, 200);
        let exclude = exclude_ids(&mut p);
        p.finish()?;
        let query = query.expect("validated");
        let q = Query::new(self.embedder(), &query)?;
        self.tx(account, |ctx| {
            let agents = search_agents(ctx, agent.as_deref())?;
            let hits = search_hits(ctx, &agents, &q, &query, mode, min_score as f32, None, None)?;
            let candidates = hits.len();
            let mut ranked: Vec<Candidate> = Vec::with_capacity(hits.len());
            for h in hits {
                let Some(m) = by_seq(ctx.conn, h.seq)? else {
                    continue;
                };
                if m["id"].as_str().is_some_and(|id| exclude.contains(id)) {
                    continue;
                }
                let importance = m["importance"].as_f64().unwrap_or(0.5);
                let composite = SIMILARITY_WEIGHT * h.score as f64 + IMPORTANCE_WEIGHT * importance;
                ranked.push((composite, h.score, h.seq, m));
            }
            ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.2.cmp(&a.2)));
            let (context, tokens, left_out) = pack(ranked, max, budget);
            Ok(Reply::ok(json!({
                "object": "context",
                "query": query,
                "context": context,
                "summary": null,
                "token_count": tokens,
                "max_tokens": budget,
                "memories_considered": candidates,
                "memories_over_budget": left_out,
                "ranking_version": RANKING_VERSION,
                "ai_enhanced": false,
                "latency_ms": started.elapsed().as_millis() as u64,
            })))
        })
    }
}

impl Engine {
    /// `POST /v1/memories/context {query, limit? (1–50, 10), threshold? (0.5), max_tokens?
    /// (1–128000), agent_id?, project?}` → `{context, memories_used, total_chars, memory_ids}`:
    /// the best hybrid matches (of one project's memories when `project` is given), one
    /// `[NN%] content` block each, best first, whole memories only while they fit
    /// `max_tokens`.
    pub fn memories_context(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let query = p.text_req("query", 10_000);
        let limit = p.i64_opt("limit", 1, 50).unwrap_or(10) as usize;
        let threshold = p.f64_opt("threshold", 0.0, 1.0).unwrap_or(0.5);
        let budget = p.i64_opt("max_tokens", 1, 128_000).map(|t| t as usize);
        let agent = p.str_opt("agent_id", 1, 255);
        let project = p.str_opt("project", 1, 255);
        p.finish()?;
        let query = query.expect("validated");
        let q = Query::new(self.embedder(), &query)?;
        self.tx(account, |ctx| {
            let agents = search_agents(ctx, agent.as_deref())?;
            let within = match &project {
                Some(pr) => {
                    let (pid, _) = resolve_project(ctx.conn, account, pr, "project")?;
                    let mut stmt = ctx.conn.prepare(
                        "SELECT seq FROM memories WHERE project_id = ?1 AND deleted_at IS NULL",
                    )?;
                    let seqs = stmt
                        .query_map([&pid], |r| r.get::<_, i64>(0))?
                        .collect::<std::result::Result<HashSet<i64>, _>>()?;
                    Some(seqs)
                }
                None => None,
            };
            let mut hits = search_hits(
                ctx,
                &agents,
                &q,
                &query,
                Mode::Hybrid,
                threshold as f32,
                None,
                within,
            )?;
            sort_hits(&mut hits);
            let char_budget = budget.map(|t| t * 4);
            let (mut blocks, mut ids, mut chars) = (Vec::new(), Vec::new(), 0usize);
            for h in hits {
                if blocks.len() == limit {
                    break;
                }
                let Some(m) = by_seq(ctx.conn, h.seq)? else {
                    continue;
                };
                let block = format!(
                    "[{:.0}%] {}",
                    h.score * 100.0,
                    m["content"].as_str().unwrap_or_default()
                );
                // Two characters of separator between blocks.
                let added = block.chars().count() + if blocks.is_empty() { 0 } else { 2 };
                if char_budget.is_some_and(|b| chars + added > b) {
                    continue;
                }
                chars += added;
                blocks.push(block);
                ids.push(m["id"].clone());
            }
            let context = blocks.join("\n\n");
            Ok(Reply::ok(json!({
                "context": context,
                "memories_used": blocks.len(),
                "total_chars": context.chars().count(),
                "memory_ids": ids,
            })))
        })
    }
}

/// `exclude_memory_ids`: a list of at most 1000 memory UUIDs (422 otherwise).
fn exclude_ids(p: &mut Params) -> HashSet<String> {
    let Some(v) = p.raw_value("exclude_memory_ids") else {
        return HashSet::new();
    };
    let ids = match &v {
        Value::Array(items) if items.len() <= 1000 => items
            .iter()
            .map(|i| i.as_str().and_then(parse_uuid))
            .collect::<Option<HashSet<String>>>(),
        _ => None,
    };
    ids.unwrap_or_else(|| {
        p.fail(
            "exclude_memory_ids",
            "Input should be a list of at most 1000 memory ids",
            "value_error",
        );
        HashSet::new()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_up_per_four_characters() {
        assert_eq!(estimate_tokens(""), 0);
        assert_eq!(estimate_tokens("abcd"), 1);
        assert_eq!(estimate_tokens("abcde"), 2);
        assert_eq!(estimate_tokens("ééééé"), 2);
    }

    #[test]
    fn packing_skips_what_does_not_fit_and_keeps_rank_order() {
        let m =
            |id: &str, len: usize| json!({"id": id, "content": "x".repeat(len), "importance": 0.5});
        let ranked = vec![
            (0.9, 0.9, 3, m("big", 400)),    // 100 tokens
            (0.8, 0.8, 2, m("small", 40)),   // 10 tokens
            (0.7, 0.7, 1, m("medium", 200)), // 50 tokens
        ];
        let (out, used, left) = pack(ranked.clone(), 10, Some(60));
        let ids: Vec<&str> = out
            .iter()
            .map(|c| c["memory_id"].as_str().unwrap())
            .collect();
        assert_eq!((ids, used, left), (vec!["small", "medium"], 60, 1));
        let (out, used, _) = pack(ranked.clone(), 2, None);
        assert_eq!((out.len(), used), (2, 110));
    }

    #[test]
    fn exclude_ids_must_be_uuids() {
        let mut p = Params::body(
            json!({"exclude_memory_ids": ["nope"]})
                .as_object()
                .unwrap()
                .clone(),
        );
        exclude_ids(&mut p);
        assert!(p.finish().is_err());
    }
}
