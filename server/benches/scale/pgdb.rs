//! The PostgreSQL side of the bench: one database per corpus size (created from the admin
//! URL, dropped afterwards to give the disk back), and a profile of the statements a large
//! agent's search issues, read from `EXPLAIN ANALYZE`.

use std::time::Duration;

use memoryrelay_engine::HashEmbedder;

use crate::measure::Hit;
use postgres::{Client, NoTls};

/// Mirrors of the engine's search knobs (`engine/src/resources/pg_search.rs`, crate-private
/// there), so the profile runs the statements the engine runs.
pub const ENGINE_CANDIDATES: i64 = 400;
pub const ENGINE_EXACT_SCAN_LIMIT: i64 = 2_000;
/// The server's PostgreSQL pool per process (`POSTGRES_POOL_SIZE` in `server/src/config.rs`).
pub const SERVER_POOL_SIZE: usize = 16;

pub struct Database {
    admin: String,
    name: String,
    pub url: String,
}

impl Database {
    /// A fresh, empty database `name` next to the admin URL's.
    pub fn create(admin: &str, name: &str) -> Database {
        let mut c = Client::connect(admin, NoTls).expect("connect to the admin database");
        // Two statements: neither may run inside the implicit transaction of a batch.
        c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .expect("drop a leftover bench database");
        c.batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create the bench database");
        let (base, _) = admin.rsplit_once('/').expect("a URL with a database path");
        Database {
            admin: admin.to_string(),
            name: name.to_string(),
            url: format!("{base}/{name}"),
        }
    }

    /// PostgreSQL and pgvector versions, for the report.
    pub fn versions(&self) -> String {
        let mut c = Client::connect(&self.url, NoTls).expect("connect");
        let pg: String = c
            .query_one("SHOW server_version", &[])
            .map(|r| r.get(0))
            .unwrap_or_default();
        let vector: String = c
            .query_one(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
                &[],
            )
            .map(|r| r.get(0))
            .unwrap_or_default();
        format!("PostgreSQL {pg}, pgvector {vector}")
    }
}

impl Database {
    /// Drops the HNSW indexes of `memories`; returns their definitions for [`Self::build`].
    pub fn drop_vector_indexes(&self) -> Vec<String> {
        let mut c = Client::connect(&self.url, NoTls).expect("connect");
        let defs: Vec<(String, String)> = c
            .query(
                "SELECT indexname::text, indexdef FROM pg_indexes WHERE tablename = 'memories' AND indexdef ILIKE '%USING hnsw%'",
                &[],
            )
            .expect("list vector indexes")
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        for (name, _) in &defs {
            c.batch_execute(&format!("DROP INDEX {name}"))
                .expect("drop vector index");
        }
        defs.into_iter().map(|(_, def)| def).collect()
    }

    /// Builds indexes from their definitions, with memory enough to keep the HNSW graph in
    /// RAM (a graph that spills builds many times slower); returns the wall time.
    pub fn build(&self, defs: &[String]) -> Duration {
        let mut c = Client::connect(&self.url, NoTls).expect("connect");
        let t = std::time::Instant::now();
        c.batch_execute("SET maintenance_work_mem = '4GB'")
            .expect("set maintenance_work_mem");
        for def in defs {
            c.batch_execute(def).expect("build vector index");
        }
        t.elapsed()
    }

    /// Fresh planner statistics (what autovacuum provides a while after a bulk load).
    pub fn analyze(&self) {
        let mut c = Client::connect(&self.url, NoTls).expect("connect");
        c.batch_execute("ANALYZE memories").expect("analyze");
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Ok(mut c) = Client::connect(&self.admin, NoTls) {
            let _ = c.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
}

/// Server-side execution times (medians over the profiled queries) of the three statements of
/// a large agent's semantic search, one full plan of each, and what the knobs would change.
pub struct Profile {
    pub queries: usize,
    pub count: Duration,
    /// The same decision (more than the exact-scan limit or not) from a count that stops
    /// after `ENGINE_EXACT_SCAN_LIMIT + 1` rows.
    pub bounded_count: Duration,
    pub hnsw: Duration,
    pub load: Duration,
    /// Per candidate count (= `hnsw.ef_search`, as the engine sets both): median time of the
    /// candidates statement, and mean recall@10 of the best 10 candidates against exact search.
    pub sweep: Vec<(i64, Duration, f64)>,
    pub plans: String,
}

/// Candidate counts tried besides the engine's.
const SWEEP: &[i64] = &[40, 100, 200, ENGINE_CANDIDATES];

pub fn profile(url: &str, agent: &str, queries: &[String], exact: &[Vec<Hit>]) -> Profile {
    let mut c = Client::connect(url, NoTls).expect("connect");
    let embedder = HashEmbedder::default();
    let (mut count, mut bounded, mut hnsw, mut load) = (vec![], vec![], vec![], vec![]);
    let mut sweep: Vec<(Vec<Duration>, f64)> = SWEEP.iter().map(|_| (Vec::new(), 0.0)).collect();
    let mut plans = String::new();
    let live = "agent_id = $1 AND deleted_at IS NULL AND embed_status = 'ready'";
    for (i, q) in queries.iter().enumerate() {
        let v = embedder.embed_infallible(q);
        let dim = v.len();
        let literal = format!(
            "'[{}]'::vector({dim})",
            v.iter().map(f32::to_string).collect::<Vec<_>>().join(",")
        );
        let order = format!("embedding::vector({dim}) <#> {literal}");
        let count_sql = format!("SELECT count(*) FROM memories WHERE {live}");
        let bounded_sql = format!(
            "SELECT count(*) FROM (SELECT 1 FROM memories WHERE {live} LIMIT {}) s",
            ENGINE_EXACT_SCAN_LIMIT + 1
        );
        let hnsw_sql =
            |k: i64| format!("SELECT seq FROM memories WHERE {live} ORDER BY {order} LIMIT {k}");
        let mut tx = c.transaction().expect("begin");
        let (t, count_plan) = explain(&mut tx, &count_sql, agent);
        count.push(t);
        bounded.push(explain(&mut tx, &bounded_sql, agent).0);
        for (k, (times, recall)) in SWEEP.iter().zip(sweep.iter_mut()) {
            tx.batch_execute(&format!(
                "SET LOCAL hnsw.ef_search = {k}; SET LOCAL hnsw.iterative_scan = relaxed_order"
            ))
            .expect("set hnsw knobs");
            times.push(explain(&mut tx, &hnsw_sql(*k), agent).0);
            // The engine re-scores the candidates exactly and keeps the best 10 (semantic
            // score = inner product clamped to [0, 1]).
            let mut best: Vec<Hit> = tx
                .query(
                    &format!(
                        "SELECT content, -({order})::float8 FROM memories WHERE {live} ORDER BY {order} LIMIT {k}"
                    ),
                    &[&agent],
                )
                .expect("candidates")
                .iter()
                .map(|r| Hit {
                    content: r.get(0),
                    score: r.get::<_, f64>(1).clamp(0.0, 1.0),
                })
                .collect();
            best.sort_by(|a, b| b.score.total_cmp(&a.score));
            best.truncate(10);
            *recall += crate::recall::recall(&exact[i], &best);
        }
        tx.batch_execute(&format!(
            "SET LOCAL hnsw.ef_search = {ENGINE_CANDIDATES}; SET LOCAL hnsw.iterative_scan = relaxed_order"
        ))
        .expect("set hnsw knobs");
        let (t, hnsw_plan) = explain(&mut tx, &hnsw_sql(ENGINE_CANDIDATES), agent);
        hnsw.push(t);
        let seqs: Vec<i64> = tx
            .query(&hnsw_sql(ENGINE_CANDIDATES), &[&agent])
            .expect("candidates")
            .iter()
            .map(|r| r.get(0))
            .collect();
        let load_sql = format!(
            "SELECT seq, content, metadata, embedding FROM memories WHERE {live} AND seq IN ({}) ORDER BY seq",
            seqs.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        );
        let (t, load_plan) = explain(&mut tx, &load_sql, agent);
        load.push(t);
        tx.rollback().expect("rollback");
        if i == 0 {
            let short = |p: &str| {
                let p = p.replace(&literal, &format!("'[…]'::vector({dim})"));
                // The candidate list of the load plan is long and says nothing.
                match (p.find("'{"), p.find("}'")) {
                    (Some(a), Some(b)) if b > a => format!("{}'{{…}}'{}", &p[..a], &p[b + 2..]),
                    _ => p,
                }
            };
            plans = format!(
                "count:\n{}\n\ncandidates (ef_search = {ENGINE_CANDIDATES}, iterative_scan = relaxed_order):\n{}\n\nload:\n{}",
                short(&count_plan),
                short(&hnsw_plan),
                short(&load_plan)
            );
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let n = queries.len();
    Profile {
        queries: n,
        count: median(&mut count),
        bounded_count: median(&mut bounded),
        hnsw: median(&mut hnsw),
        load: median(&mut load),
        sweep: SWEEP
            .iter()
            .zip(sweep.iter_mut())
            .map(|(k, (times, recall))| (*k, median(times), *recall / n as f64))
            .collect(),
        plans,
    }
}

/// `EXPLAIN (ANALYZE, BUFFERS)` of `sql` with `$1 = agent`: the execution time and the plan.
fn explain(tx: &mut postgres::Transaction<'_>, sql: &str, agent: &str) -> (Duration, String) {
    let rows = tx
        .query(&format!("EXPLAIN (ANALYZE, BUFFERS) {sql}"), &[&agent])
        .expect("explain");
    let lines: Vec<String> = rows.iter().map(|r| r.get::<_, String>(0)).collect();
    let ms: f64 = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("Execution Time: "))
        .and_then(|l| l.trim_end_matches(" ms").parse().ok())
        .unwrap_or(0.0);
    (Duration::from_secs_f64(ms / 1e3), lines.join("\n"))
}
