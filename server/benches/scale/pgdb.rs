//! The PostgreSQL side of the bench: one database per corpus size (created from the admin
//! URL, dropped afterwards to give the disk back), and a profile of the statements a large
//! agent's search issues, read from `EXPLAIN ANALYZE`.

use std::time::Duration;

use memoryrelay_engine::HashEmbedder;
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
/// a large agent's semantic search, and one full plan of each.
pub struct Profile {
    pub queries: usize,
    pub count: Duration,
    pub hnsw: Duration,
    pub load: Duration,
    pub plans: String,
}

pub fn profile(url: &str, agent: &str, queries: &[String]) -> Profile {
    let mut c = Client::connect(url, NoTls).expect("connect");
    let embedder = HashEmbedder::default();
    let (mut count, mut hnsw, mut load) = (Vec::new(), Vec::new(), Vec::new());
    let mut plans = String::new();
    for (i, q) in queries.iter().enumerate() {
        let v = embedder.embed_infallible(q);
        let dim = v.len();
        let literal = format!(
            "'[{}]'::vector({dim})",
            v.iter().map(f32::to_string).collect::<Vec<_>>().join(",")
        );
        let live = "agent_id = $1 AND deleted_at IS NULL AND embed_status = 'ready'";
        let count_sql = format!("SELECT count(*) FROM memories WHERE {live}");
        let hnsw_sql = format!(
            "SELECT seq FROM memories WHERE {live} \
             ORDER BY embedding::vector({dim}) <#> {literal} LIMIT {ENGINE_CANDIDATES}"
        );
        let mut tx = c.transaction().expect("begin");
        let (t, plan) = explain(&mut tx, &count_sql, agent);
        count.push(t);
        tx.batch_execute(&format!(
            "SET LOCAL hnsw.ef_search = {ENGINE_CANDIDATES}; SET LOCAL hnsw.iterative_scan = relaxed_order"
        ))
        .expect("set hnsw knobs");
        let (t, hnsw_plan) = explain(&mut tx, &hnsw_sql, agent);
        hnsw.push(t);
        let seqs: Vec<i64> = tx
            .query(&hnsw_sql, &[&agent])
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
            let short = |p: &str| p.replace(&literal, &format!("'[…]'::vector({dim})"));
            plans = format!(
                "count:\n{}\n\ncandidates (ef_search = {ENGINE_CANDIDATES}, iterative_scan = relaxed_order):\n{}\n\nload:\n{}",
                short(&plan),
                short(&hnsw_plan),
                short(&load_plan)
            );
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    Profile {
        queries: queries.len(),
        count: median(&mut count),
        hnsw: median(&mut hnsw),
        load: median(&mut load),
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
