//! Scale benchmark of the server on both storage backends (a benchmark, not a test).
//!
//! For each corpus size, in one agent, over real HTTP on loopback against the optimised
//! server binary (separate processes, as deployed):
//! - SQLite (a database file): ingest rate, sequential search p50/p99, and search throughput
//!   under 64 concurrent clients, against the same 64 clients on a server whose reads all go
//!   through one connection (`--db :memory:`: an in-memory database has no read connections,
//!   every read runs on the writer's);
//! - PostgreSQL: the same ingest and latency figures, recall@10 against exact search (the
//!   SQLite backend scores every memory, so its results for the same query and texts are the
//!   exact top 10), a profile of the search statements, and search throughput with 1 and with
//!   3 server replicas on the same database (clients spread round-robin).
//!
//! Run it through `bash scripts/bench-scale.sh`, which builds the server, provides PostgreSQL
//! and sets the environment:
//! - `MR_SCALE_SERVER`: the server binary (default: the one Cargo built with this bench);
//! - `MR_SCALE_PG_URL`: a PostgreSQL superuser URL (else `MEMORYRELAY_TEST_DATABASE_URL`;
//!   without either, PostgreSQL is skipped);
//! - `MR_SCALE_SIZES` (default `100000`), `MR_SCALE_QUERIES` (300), `MR_SCALE_CLIENTS` (64),
//!   `MR_SCALE_SECONDS` (20, per throughput figure), `MR_SCALE_SINGLE_CONN_MAX` (sizes up to
//!   this also get the single-connection SQLite figure; default 100000), `MR_SCALE_REPORT`
//!   (the Markdown report), `MR_SCALE_COMMIT` (named in the report).

mod corpus;
mod measure;
mod pgdb;
mod report;
mod servers;

use std::collections::HashSet;
use std::path::PathBuf;

use measure::{Hit, Load};
use report::{IngestRow, LoadRow, Report};
use servers::Server;

struct Config {
    server: PathBuf,
    pg: Option<String>,
    sizes: Vec<usize>,
    queries: usize,
    clients: usize,
    secs: u64,
    single_conn_max: usize,
}

fn env_num(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        _ => default,
    }
}

fn config() -> Config {
    // Cargo builds the package's binary with its benches, in the same profile.
    let server = std::env::var("MR_SCALE_SERVER")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_memoryrelay-server")));
    let pg = std::env::var("MR_SCALE_PG_URL")
        .or_else(|_| std::env::var("MEMORYRELAY_TEST_DATABASE_URL"))
        .ok()
        .filter(|u| !u.is_empty());
    let sizes = std::env::var("MR_SCALE_SIZES")
        .unwrap_or_else(|_| "100000".into())
        .split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|s| {
            s.trim()
                .parse()
                .expect("MR_SCALE_SIZES: comma-separated integers")
        })
        .collect();
    Config {
        server,
        pg,
        sizes,
        queries: env_num("MR_SCALE_QUERIES", 300).max(1),
        clients: env_num("MR_SCALE_CLIENTS", 64).max(1),
        secs: env_num("MR_SCALE_SECONDS", 20).max(1) as u64,
        single_conn_max: env_num("MR_SCALE_SINGLE_CONN_MAX", 100_000),
    }
}

fn header(cfg: &Config) -> Vec<String> {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_gib = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|l| l.trim().trim_end_matches(" kB").parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    let date = time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    vec![
        format!("Date: {date}"),
        format!(
            "Commit: {}",
            std::env::var("MR_SCALE_COMMIT").unwrap_or_else(|_| "unknown".into())
        ),
        format!(
            "Machine: {cpu}, {cores} cores, {mem_gib:.0} GiB RAM; the bench's clients, the servers and PostgreSQL share these cores"
        ),
        format!(
            "Server: `{}` (optimised build), hash embedder (256 dimensions), one agent per corpus",
            cfg.server.file_name().map_or_else(String::new, |n| n.to_string_lossy().into())
        ),
        format!(
            "Corpus: synthetic agent-memory sentences, seeded (`server/benches/scale/corpus.rs`); {} queries: ingested texts with the ticket dropped and two words replaced",
            cfg.queries
        ),
        format!(
            "Throughput figures: {} clients, one connection each, searching non-stop for {} s",
            cfg.clients, cfg.secs
        ),
    ]
}

/// recall@10 of `approx` against the exact results of the same query. A returned memory counts
/// when it is in the exact top 10 or ties its 10th score (equal scores have no defined order).
fn recall(exact: &[Hit], approx: &[Hit]) -> f64 {
    let Some(kth) = exact.last().map(|h| h.score) else {
        return if approx.is_empty() { 1.0 } else { 0.0 };
    };
    let ids: HashSet<&str> = exact.iter().map(|h| h.content.as_str()).collect();
    let good = approx
        .iter()
        .filter(|h| ids.contains(h.content.as_str()) || h.score >= kth - 2e-6)
        .count();
    (good as f64 / exact.len() as f64).min(1.0)
}

fn score_diff(exact: &[Vec<Hit>], approx: &[Vec<Hit>]) -> f64 {
    let mut worst: f64 = 0.0;
    for (e, a) in exact.iter().zip(approx) {
        for h in a {
            if let Some(x) = e.iter().find(|x| x.content == h.content) {
                worst = worst.max((x.score - h.score).abs());
            }
        }
    }
    worst
}

fn main() {
    // reqwest is built with `rustls-no-provider`; even plain HTTP needs a process default.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cfg = config();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut report = Report {
        path: std::env::var("MR_SCALE_REPORT")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from("target/bench-reports/scale.md")),
        header: header(&cfg),
        ..Default::default()
    };
    if cfg.pg.is_none() {
        report
            .notes
            .push("PostgreSQL skipped: no MR_SCALE_PG_URL / MEMORYRELAY_TEST_DATABASE_URL.".into());
    }
    report.write();

    for &size in &cfg.sizes {
        let queries: Vec<String> = (0..cfg.queries).map(|k| corpus::query(k, size)).collect();
        let exact = sqlite(&cfg, &rt, &mut report, size, &queries);
        if let Some(admin) = &cfg.pg {
            postgres(&cfg, &rt, &mut report, admin, size, &queries, &exact);
        }
    }
    eprintln!("scale: report written to {}", report.path.display());
}

/// The SQLite figures for one size; returns each query's (exact) results.
fn sqlite(
    cfg: &Config,
    rt: &tokio::runtime::Runtime,
    report: &mut Report,
    size: usize,
    queries: &[String],
) -> Vec<Vec<Hit>> {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("scale.db");
    let server = Server::start(&cfg.server, db.to_str().expect("utf-8 temp path"));
    eprintln!("scale: SQLite, {size} memories: ingesting");
    let (ingest, latencies, exact, load) = rt.block_on(async {
        let agent = measure::create_agent(&server.url).await;
        let ingest = measure::ingest(&server.url, &agent, size, "SQLite").await;
        eprintln!("scale: SQLite, {size}: searching");
        let (lat, exact) = measure::latency(&server.url, &agent, queries).await;
        let load = measure::throughput(
            std::slice::from_ref(&server.url),
            &agent,
            queries,
            cfg.clients,
            cfg.secs,
        )
        .await;
        (ingest, lat, exact, load)
    });
    drop(server);
    report.ingest.push(IngestRow {
        backend: "SQLite",
        size,
        ingest,
        latencies,
        recall: None,
        score_diff: None,
    });
    let baseline = (size <= cfg.single_conn_max).then(|| {
        eprintln!("scale: SQLite, {size}: single-connection baseline (:memory:)");
        let server = Server::start(&cfg.server, ":memory:");
        let load = rt.block_on(async {
            let agent = measure::create_agent(&server.url).await;
            measure::ingest(&server.url, &agent, size, "SQLite :memory:").await;
            measure::throughput(
                std::slice::from_ref(&server.url),
                &agent,
                queries,
                cfg.clients,
                cfg.secs,
            )
            .await
        });
        report.loads.push(LoadRow {
            backend: "SQLite (baseline)",
            size,
            config: "one connection for every read (`:memory:`)".into(),
            clients: cfg.clients,
            load,
            baseline: None,
        });
        report.loads.len() - 1
    });
    report.loads.push(LoadRow {
        backend: "SQLite",
        size,
        config: format!(
            "database file: read connections (up to {})",
            memoryrelay_engine::storage::readers::MAX_READERS
        ),
        clients: cfg.clients,
        load,
        baseline,
    });
    report.write();
    exact
}

/// The PostgreSQL figures for one size.
fn postgres(
    cfg: &Config,
    rt: &tokio::runtime::Runtime,
    report: &mut Report,
    admin: &str,
    size: usize,
    queries: &[String],
    exact: &[Vec<Hit>],
) {
    let db = pgdb::Database::create(admin, &format!("mr_scale_{size}"));
    let first = Server::start(&cfg.server, &db.url);
    if !report.header.iter().any(|h| h.starts_with("PostgreSQL")) {
        report.header.push(format!(
            "{} (the throwaway server of `scripts/with-postgres.sh`: fsync off, shared_buffers 256MB); each server keeps a pool of {} connections",
            db.versions(),
            pgdb::SERVER_POOL_SIZE
        ));
    }
    eprintln!("scale: PostgreSQL, {size} memories: ingesting");
    let (agent, ingest, latencies, results) = rt.block_on(async {
        let agent = measure::create_agent(&first.url).await;
        let ingest = measure::ingest(&first.url, &agent, size, "PostgreSQL").await;
        eprintln!("scale: PostgreSQL, {size}: searching");
        let (lat, results) = measure::latency(&first.url, &agent, queries).await;
        (agent, ingest, lat, results)
    });
    let recalls: Vec<f64> = exact
        .iter()
        .zip(&results)
        .map(|(e, a)| recall(e, a))
        .collect();
    let mean = recalls.iter().sum::<f64>() / recalls.len() as f64;
    let worst = recalls.iter().copied().fold(1.0, f64::min);
    report.ingest.push(IngestRow {
        backend: "PostgreSQL",
        size,
        ingest,
        latencies,
        recall: Some((mean, worst)),
        score_diff: Some(score_diff(exact, &results)),
    });
    report.write();

    eprintln!("scale: PostgreSQL, {size}: profiling");
    let profiled = &queries[..queries.len().min(20)];
    report
        .profiles
        .push((size, pgdb::profile(&db.url, &agent, profiled)));
    report.write();

    eprintln!("scale: PostgreSQL, {size}: throughput with 1 and 3 replicas");
    let one: Load = rt.block_on(measure::throughput(
        std::slice::from_ref(&first.url),
        &agent,
        queries,
        cfg.clients,
        cfg.secs,
    ));
    report.loads.push(LoadRow {
        backend: "PostgreSQL",
        size,
        config: "1 server".into(),
        clients: cfg.clients,
        load: one,
        baseline: None,
    });
    let base = report.loads.len() - 1;
    let others = [
        Server::start(&cfg.server, &db.url),
        Server::start(&cfg.server, &db.url),
    ];
    let urls: Vec<String> = std::iter::once(first.url.clone())
        .chain(others.iter().map(|s| s.url.clone()))
        .collect();
    let three = rt.block_on(measure::throughput(
        &urls,
        &agent,
        queries,
        cfg.clients,
        cfg.secs,
    ));
    report.loads.push(LoadRow {
        backend: "PostgreSQL",
        size,
        config: "3 servers on one database (round-robin)".into(),
        clients: cfg.clients,
        load: three,
        baseline: Some(base),
    });
    report.write();
    drop(others);
    drop(first);
    drop(db);
}
