//! Async memory creation (`/v2/memories`, beyond the Python SDK page; used by the official tool
//! clients and the Python SDK's `create_async`). The request stores the memory and answers 202
//! at once; the embedding is computed afterwards by [`Engine::process_pending_memories`], which
//! the server runs off the request path. Status: pending → processing → ready (or failed).
//! Until it is ready a memory can be read, updated and deleted but is not searchable.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::storage::db::{params, OptionalExtension};
use serde_json::{json, Map, Value};

use super::memories::{parse_new, publish, resolve_or_create_agent, store_pending};
use super::{parse_json_map, Reply};
use crate::error::{Error, Result};
use crate::params::Params;
use crate::util::{parse_uuid, rfc3339};
use crate::Engine;

/// Memories embedded per claim: one `embed_batch` call, so a neural embedder can spread it over
/// the cores, while other requests get the engine lock between batches.
pub const EMBED_BATCH: usize = 64;
/// Rough throughput used for `estimated_completion_seconds`.
const EMBEDS_PER_SECOND: i64 = 256;

/// A claimed row: (seq, account, agent, content).
type Claimed = (i64, String, String, String);
/// A claimed row with its vector (`None` when the embedder failed).
type Embedded = (Claimed, Option<Vec<f32>>);

impl Engine {
    /// `POST /v2/memories`: the v1 create body plus `webhook_url` (accepted, not called: the
    /// local server makes no outbound requests). Validates and stores like `memories.create`
    /// (an unknown agent name creates the agent) but does not embed; 202
    /// `{id, object, status: "pending", job_id, estimated_completion_seconds}`.
    pub fn memories_create_async(&self, account: &str, body: Map<String, Value>) -> Result<Reply> {
        let mut p = Params::body(body);
        let m = parse_new(&mut p, true);
        if let Some(url) = p.str_opt("webhook_url", 1, 2000) {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                p.fail(
                    "webhook_url",
                    "URL must start with http:// or https://",
                    "value_error",
                );
            }
        }
        p.finish()?;
        let m = m.expect("validated");
        self.tx(account, |ctx| {
            let agent = resolve_or_create_agent(
                ctx.conn,
                account,
                m.agent_ref.as_deref().unwrap_or_default(),
                "agent_id",
            )?;
            let id = store_pending(ctx, &agent, &m)?;
            // `embed_status <> 'ready'` lets SQLite use the partial index of rows not ready.
            let queued: i64 = ctx.conn.query_row(
                "SELECT count(*) FROM memories WHERE embed_status <> 'ready' AND embed_status <> 'failed'",
                [],
                |r| r.get(0),
            )?;
            Ok(Reply::accepted(json!({
                "id": id,
                "object": "memory",
                "status": "pending",
                "job_id": format!("embed:{id}"),
                "estimated_completion_seconds": 1 + queued / EMBEDS_PER_SECOND,
            })))
        })
    }

    /// `GET /v2/memories/{id}/status`: `{id, object, status, embedding_status, error,
    /// created_at, updated_at}` for any live memory of the account (v1-created ones are ready).
    pub fn memories_status(&self, account: &str, memory_id: &str) -> Result<Reply> {
        self.tx(account, |ctx| {
            let id =
                parse_uuid(memory_id).ok_or_else(|| Error::not_found("Memory", "memory_id"))?;
            let row: Option<(String, Option<String>, i64, i64)> = ctx
                .conn
                .query_row(
                    "SELECT embed_status, embed_error, created_at, updated_at FROM memories \
                     WHERE id = ?1 AND account = ?2 AND deleted_at IS NULL",
                    [&id, account],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let (status, error, created, updated) =
                row.ok_or_else(|| Error::not_found("Memory", "memory_id"))?;
            Ok(Reply::ok(json!({
                "id": id,
                "object": "memory_status",
                "status": status,
                "embedding_status": status,
                "error": error,
                "created_at": rfc3339(created),
                "updated_at": rfc3339(updated),
            })))
        })
    }

    /// Embeds every pending memory, batch by batch, until none is left; returns how many became
    /// ready. Safe to run from several threads at once: each batch is claimed atomically. The
    /// embedding runs without the engine lock, so requests go on meanwhile.
    pub fn process_pending_memories(&self) -> Result<usize> {
        let mut done = 0;
        loop {
            let claimed = self.claim_pending()?;
            if claimed.is_empty() {
                return Ok(done);
            }
            let texts: Vec<&str> = claimed.iter().map(|c| c.3.as_str()).collect();
            let dim = self.embedder().dimension();
            let vectors =
                match catch_unwind(AssertUnwindSafe(|| self.embedder().embed_batch(&texts))) {
                    // The embedder is unreachable or refused for now (a remote provider): the rows
                    // wait as pending for the next run.
                    Ok(Err(e)) => {
                        self.release_claimed(&claimed, &e.to_string())?;
                        return Ok(done);
                    }
                    // A wrong-sized answer or a panic would fail again: the rows fail.
                    Ok(Ok(v)) => Some(v)
                        .filter(|v| v.len() == texts.len() && v.iter().all(|x| x.len() == dim)),
                    Err(_) => None,
                };
            done += self.finish_claimed(claimed, vectors)?;
        }
    }

    /// Moves up to `EMBED_BATCH` pending memories (any account) to `processing`.
    fn claim_pending(&self) -> Result<Vec<Claimed>> {
        let mut guard = self.lock()?;
        if !guard.conn.is_autocommit() {
            // As in `Engine::tx`: a panicked operation left its transaction open.
            let _ = guard.conn.execute_batch("ROLLBACK");
            guard.indexes.clear();
        }
        let c = &guard.conn;
        c.execute_batch("BEGIN IMMEDIATE")?;
        let res = (|| -> Result<Vec<Claimed>> {
            let rows: Vec<Claimed> = c
                .prepare(&format!(
                    "SELECT seq, account, agent_id, content FROM memories WHERE embed_status <> 'ready' \
                     AND embed_status = 'pending' AND deleted_at IS NULL ORDER BY seq LIMIT {EMBED_BATCH}{}",
                    // Replicas claim disjoint rows.
                    if c.is_postgres() { " FOR UPDATE SKIP LOCKED" } else { "" }
                ))?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                .collect::<std::result::Result<_, _>>()?;
            for r in &rows {
                c.execute(
                    "UPDATE memories SET embed_status = 'processing' WHERE seq = ?1",
                    [r.0],
                )?;
            }
            Ok(rows)
        })();
        match res {
            Ok(rows) => {
                c.execute_batch("COMMIT")?;
                Ok(rows)
            }
            Err(e) => {
                let _ = c.execute_batch("ROLLBACK");
                Err(e)
            }
        }
    }

    /// Puts claimed rows back to `pending`, noting why, for a later run.
    fn release_claimed(&self, claimed: &[Claimed], reason: &str) -> Result<()> {
        let g = self.lock()?;
        for (seq, ..) in claimed {
            g.conn.execute(
                "UPDATE memories SET embed_status = 'pending', embed_error = ?1 \
                 WHERE seq = ?2 AND embed_status = 'processing'",
                params![reason, seq],
            )?;
        }
        Ok(())
    }

    /// Whether any memory waits for its embedding (cheap: a partial index).
    pub fn has_pending_memories(&self) -> Result<bool> {
        Ok(self.lock()?.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM memories WHERE embed_status <> 'ready' AND embed_status = 'pending' \
             AND deleted_at IS NULL)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Stores the vectors of claimed rows and makes them searchable, one transaction per
    /// account. A row deleted or given a new content meanwhile is left as it is now (an update
    /// of the content embeds it itself). Without vectors (the embedder failed) the rows fail.
    fn finish_claimed(
        &self,
        claimed: Vec<Claimed>,
        vectors: Option<Vec<Vec<f32>>>,
    ) -> Result<usize> {
        let mut by_account: BTreeMap<String, Vec<Embedded>> = BTreeMap::new();
        let mut vectors = vectors.map(|v| v.into_iter());
        for c in claimed {
            let v = vectors.as_mut().and_then(|it| it.next());
            by_account.entry(c.1.clone()).or_default().push((c, v));
        }
        let mut ready = 0;
        for (account, rows) in by_account {
            ready += self.tx(&account, |ctx| {
                let mut n = 0;
                for ((seq, _, agent, content), vector) in rows {
                    let Some(vector) = vector else {
                        ctx.conn.execute(
                            "UPDATE memories SET embed_status = 'failed', embed_error = 'embedding failed' \
                             WHERE seq = ?1 AND embed_status = 'processing'",
                            [seq],
                        )?;
                        continue;
                    };
                    let changed = ctx.conn.execute(
                        "UPDATE memories SET embedding = ?1, embed_status = 'ready', embed_error = NULL \
                         WHERE seq = ?2 AND embed_status = 'processing' AND content = ?3 AND deleted_at IS NULL",
                        params![crate::embed::to_blob(&vector), seq, content],
                    )?;
                    if changed == 1 {
                        let metadata: String = ctx.conn.query_row(
                            "SELECT metadata FROM memories WHERE seq = ?1",
                            [seq],
                            |r| r.get(0),
                        )?;
                        publish(ctx, &agent, seq, vector, content, parse_json_map(&metadata))?;
                        n += 1;
                    }
                }
                Ok(n)
            })?;
        }
        Ok(ready)
    }

    /// At open: rows a stopped process left `processing` go back to `pending`, then everything
    /// pending is embedded before the engine serves.
    pub(crate) fn resume_pending_memories(&self) -> Result<usize> {
        self.lock()?.conn.execute(
            "UPDATE memories SET embed_status = 'pending' WHERE embed_status <> 'ready' AND embed_status = 'processing'",
            [],
        )?;
        self.process_pending_memories()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::Engine;

    fn body(v: serde_json::Value) -> serde_json::Map<String, serde_json::Value> {
        v.as_object().unwrap().clone()
    }

    fn search_ids(e: &Engine, query: &str) -> Vec<String> {
        let r = e
            .memories_search("acct", body(json!({"query": query, "min_score": 0.5})))
            .unwrap();
        r.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["memory"]["id"].as_str().unwrap().to_string())
            .collect()
    }

    #[test]
    fn pending_until_processed_then_ready_and_searchable() {
        let e = Engine::open(None).unwrap();
        let r = e
            .memories_create_async(
                "acct",
                body(json!({"agent_id": "bot", "content": "The deploy pipeline uses Argo CD"})),
            )
            .unwrap();
        assert_eq!(r.status, 202);
        assert_eq!(r.body["status"], "pending");
        let id = r.body["id"].as_str().unwrap().to_string();
        // Stored and readable, not embedded, not searchable.
        assert_eq!(
            e.memories_status("acct", &id).unwrap().body["status"],
            "pending"
        );
        assert_eq!(e.memories_get("acct", &id).unwrap().status, 200);
        assert!(search_ids(&e, "deploy pipeline Argo CD").is_empty());
        // Other accounts see nothing.
        assert_eq!(e.memories_status("other", &id).unwrap_err().status(), 404);

        assert_eq!(e.process_pending_memories().unwrap(), 1);
        assert_eq!(
            e.memories_status("acct", &id).unwrap().body["status"],
            "ready"
        );
        assert_eq!(search_ids(&e, "deploy pipeline Argo CD"), vec![id]);
        assert_eq!(e.process_pending_memories().unwrap(), 0);
    }

    /// The hash embedder behind a switch: while `down`, every call fails like an unreachable
    /// remote provider.
    struct Flaky {
        down: std::sync::atomic::AtomicBool,
        inner: crate::HashEmbedder,
    }

    impl crate::Embedder for Flaky {
        fn provider(&self) -> &str {
            "local-hash"
        }
        fn dimension(&self) -> usize {
            crate::embed::DEFAULT_DIMENSION
        }
        fn version(&self) -> u32 {
            2
        }
        fn embed(&self, text: &str) -> std::result::Result<Vec<f32>, crate::embed::EmbedError> {
            if self.down.load(std::sync::atomic::Ordering::SeqCst) {
                return Err(crate::embed::EmbedError {
                    provider: "flaky".into(),
                    reason: "connection refused".into(),
                });
            }
            self.inner.embed(text)
        }
    }

    #[test]
    fn an_unreachable_embedder_leaves_async_creates_pending_until_it_is_back() {
        let flaky = std::sync::Arc::new(Flaky {
            down: std::sync::atomic::AtomicBool::new(true),
            inner: crate::HashEmbedder::default(),
        });
        let e = Engine::with_embedder(None, flaky.clone()).unwrap();
        let r = e
            .memories_create_async(
                "acct",
                body(json!({"agent_id": "bot", "content": "Invoices are sent on the first"})),
            )
            .unwrap();
        let id = r.body["id"].as_str().unwrap().to_string();
        assert_eq!(e.process_pending_memories().unwrap(), 0);
        assert_eq!(
            e.memories_status("acct", &id).unwrap().body["status"],
            "pending"
        );
        assert!(e.has_pending_memories().unwrap());
        // A synchronous create fails cleanly (503) and stores nothing.
        let err = e
            .memories_create("acct", body(json!({"agent_id": "bot", "content": "lost?"})))
            .unwrap_err();
        assert_eq!(err.status(), 503);
        let listed = e.memories_list("acct", body(json!({}))).unwrap();
        assert_eq!(listed.body["total_count"], json!(1));

        flaky.down.store(false, std::sync::atomic::Ordering::SeqCst);
        assert_eq!(e.process_pending_memories().unwrap(), 1);
        assert_eq!(
            e.memories_status("acct", &id).unwrap().body["status"],
            "ready"
        );
        assert!(!e.has_pending_memories().unwrap());
        assert_eq!(search_ids(&e, "invoices sent first"), vec![id]);
    }

    #[test]
    fn update_or_delete_while_pending_wins_over_the_worker() {
        let e = Engine::open(None).unwrap();
        let create = |content: &str| {
            e.memories_create_async("acct", body(json!({"agent_id": "bot", "content": content})))
                .unwrap()
                .body["id"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let updated = create("old words about kafka");
        let deleted = create("this one goes away");
        // Metadata-only update keeps it pending; a new content embeds it at once.
        e.memories_update("acct", &updated, body(json!({"metadata": {"k": "v"}})))
            .unwrap();
        assert_eq!(
            e.memories_status("acct", &updated).unwrap().body["status"],
            "pending"
        );
        e.memories_update(
            "acct",
            &updated,
            body(json!({"content": "new words about redis"})),
        )
        .unwrap();
        assert_eq!(
            e.memories_status("acct", &updated).unwrap().body["status"],
            "ready"
        );
        e.memories_delete("acct", &deleted).unwrap();
        assert_eq!(e.process_pending_memories().unwrap(), 0);
        assert_eq!(search_ids(&e, "new words about redis"), vec![updated]);
        assert!(search_ids(&e, "old words about kafka").is_empty());
        assert_eq!(
            e.memories_status("acct", &deleted).unwrap_err().status(),
            404
        );
    }

    #[test]
    fn bad_input_writes_nothing() {
        let e = Engine::open(None).unwrap();
        for b in [
            json!({"agent_id": "bot"}),
            json!({"agent_id": "bot", "content": "x", "webhook_url": "ftp://x"}),
            json!({"agent_id": "bot", "content": "x", "importance": 2}),
        ] {
            assert_eq!(
                e.memories_create_async("acct", body(b))
                    .unwrap_err()
                    .status(),
                422
            );
        }
        let unknown_project = json!({"agent_id": "bot", "content": "x", "project": "nope"});
        assert_eq!(
            e.memories_create_async("acct", body(unknown_project))
                .unwrap_err()
                .status(),
            404
        );
        // Not even the agent the failed request named.
        assert_eq!(e.agents_get("acct", "bot").unwrap_err().status(), 404);
    }

    #[test]
    fn rows_left_processing_resume_at_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let id = {
            let e = Engine::open(Some(&path)).unwrap();
            let id = e
                .memories_create_async(
                    "acct",
                    body(json!({"agent_id": "bot", "content": "resume me"})),
                )
                .unwrap()
                .body["id"]
                .as_str()
                .unwrap()
                .to_string();
            // As if a worker had claimed it and the process stopped.
            assert_eq!(e.claim_pending().unwrap().len(), 1);
            id
        };
        let e = Engine::open(Some(&path)).unwrap();
        assert_eq!(
            e.memories_status("acct", &id).unwrap().body["status"],
            "ready"
        );
        assert_eq!(search_ids(&e, "resume me"), vec![id]);
    }
}
