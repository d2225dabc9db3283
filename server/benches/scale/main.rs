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
//!   this also get the single-connection SQLite figure; default 100000),
//!   `MR_SCALE_PG_BULK_MIN` (sizes from this one load PostgreSQL without the HNSW index and
//!   build it afterwards, timed; default: never), `MR_SCALE_REPORT`
//!   (the Markdown report), `MR_SCALE_COMMIT` (named in the report).

mod corpus;
mod measure;
mod pgdb;
mod recall;
mod report;
mod servers;

use std::path::PathBuf;

use measure::Hit;
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
    pg_bulk_min: usize,
}

/// Queries of the PostgreSQL profile.
const PROFILED: usize = 30;
/// Alternating turns per throughput comparison.
const ROUNDS: u64 = 4;

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
        pg_bulk_min: env_num("MR_SCALE_PG_BULK_MIN", usize::MAX),
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
            "Throughput figures: {} clients, one connection each, searching non-stop; each pair of configurations compared is measured in {ROUNDS} alternating turns, {} s per configuration in all",
            cfg.clients, cfg.secs
        ),
    ]
}

fn method_notes(cfg: &Config) -> Vec<String> {
    let mut notes = vec![
        "Exact reference: the SQLite backend scores every live memory of the agent (brute force \
         over the same texts with the same embedder), so its top 10 for a query is the exact top 10. \
         PostgreSQL's results for the same query are matched to it by content (every text is unique); \
         a returned memory counts as correct when it is in the exact top 10 or ties the exact 10th \
         score (equal scores have no defined order)."
            .to_string(),
        "Single-connection SQLite figure: the server has no switch to limit its read connections, \
         so the baseline is a server on `--db :memory:`, where every read runs on the one write \
         connection; the same corpus is ingested there, and both servers answer the same 64 clients \
         in alternating turns. Both search the same in-memory vector index; only the connections differ."
            .to_string(),
        "PostgreSQL statistics: `ANALYZE memories` runs after the load, before any search (what \
         autovacuum does a little after a bulk load), so the planner sees the agent's real size."
            .to_string(),
    ];
    if let Some(&s) = cfg.sizes.iter().find(|&&s| s >= cfg.pg_bulk_min) {
        notes.push(format!(
            "PostgreSQL from {s} memories: the bench drops the HNSW index after the first server \
             created it, loads through the same batch endpoint, then re-creates the index from its own \
             definition (`maintenance_work_mem` 4GB) and counts that time in the ingest time; the \
             smaller sizes keep the index maintained on every insert, as a running server does."
        ));
    }
    notes
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
            .unwrap_or_else(|_| {
                // Cargo runs a bench in its package's directory; the report goes to the
                // workspace's target directory.
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("..")
                    .join("target")
                    .join("bench-reports")
                    .join("scale.md")
            }),
        header: header(&cfg),
        ..Default::default()
    };
    report.notes.extend(method_notes(&cfg));
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
    let (agent, ingest, latencies, exact) = rt.block_on(async {
        let agent = measure::create_agent(&server.url).await;
        let ingest = measure::ingest(&server.url, &agent, size, "SQLite").await;
        eprintln!("scale: SQLite, {size}: searching");
        let (lat, exact) = measure::latency(&server.url, &agent, queries).await;
        (agent, ingest, lat, exact)
    });
    report.ingest.push(IngestRow {
        backend: "SQLite",
        size,
        ingest,
        index: "in memory, per agent".into(),
        latencies,
        recall: None,
        score_diff: None,
    });
    report.write();

    let file = measure::Target {
        urls: vec![server.url.clone()],
        agent,
    };
    let readers = format!(
        "database file: read connections (up to {})",
        memoryrelay_engine::storage::readers::MAX_READERS
    );
    if size > cfg.single_conn_max {
        eprintln!("scale: SQLite, {size}: throughput");
        let load = rt.block_on(measure::throughput(
            &file.urls,
            &file.agent,
            queries,
            cfg.clients,
            cfg.secs,
        ));
        report.loads.push(LoadRow::new(
            "SQLite",
            size,
            readers,
            cfg.clients,
            load,
            None,
        ));
        report.write();
        return exact;
    }
    // The baseline: every read on one connection, the same 64 clients, interleaved rounds.
    eprintln!("scale: SQLite, {size}: single-connection baseline (:memory:)");
    let memory = Server::start(&cfg.server, ":memory:");
    let single = rt.block_on(async {
        let agent = measure::create_agent(&memory.url).await;
        measure::ingest(&memory.url, &agent, size, "SQLite :memory:").await;
        measure::Target {
            urls: vec![memory.url.clone()],
            agent,
        }
    });
    eprintln!("scale: SQLite, {size}: throughput, one connection vs read connections");
    let mut loads = rt
        .block_on(measure::interleaved(
            &[single, file],
            queries,
            cfg.clients,
            cfg.secs * 2,
            ROUNDS,
        ))
        .into_iter();
    let one = "one connection for every read (`:memory:` has no read connections)";
    report.loads.push(LoadRow::new(
        "SQLite",
        size,
        one.into(),
        cfg.clients,
        loads.next().expect("two loads"),
        None,
    ));
    let base = report.loads.len() - 1;
    report.loads.push(LoadRow::new(
        "SQLite",
        size,
        readers,
        cfg.clients,
        loads.next().expect("two loads"),
        Some(base),
    ));
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
    // Bulk path: load without the HNSW index, then build it once (see the report's notes).
    let bulk = size >= cfg.pg_bulk_min;
    let dropped = if bulk {
        db.drop_vector_indexes()
    } else {
        Vec::new()
    };
    eprintln!("scale: PostgreSQL, {size} memories: ingesting");
    let (agent, ingest) = rt.block_on(async {
        let agent = measure::create_agent(&first.url).await;
        let ingest = measure::ingest(&first.url, &agent, size, "PostgreSQL").await;
        (agent, ingest)
    });
    let (ingest, index) = if bulk {
        eprintln!("scale: PostgreSQL, {size}: building the HNSW index");
        let built = db.build(&dropped);
        let note = format!(
            "HNSW built after the load (load {:.0} s + build {:.0} s)",
            ingest.as_secs_f64(),
            built.as_secs_f64()
        );
        (ingest + built, note)
    } else {
        (ingest, "HNSW maintained on every insert".into())
    };
    db.analyze();
    eprintln!("scale: PostgreSQL, {size}: searching");
    let (latencies, results) = rt.block_on(measure::latency(&first.url, &agent, queries));
    let recalls: Vec<f64> = exact
        .iter()
        .zip(&results)
        .map(|(e, a)| recall::recall(e, a))
        .collect();
    let mean = recalls.iter().sum::<f64>() / recalls.len() as f64;
    let worst = recalls.iter().copied().fold(1.0, f64::min);
    report.ingest.push(IngestRow {
        backend: "PostgreSQL",
        size,
        ingest,
        index,
        latencies,
        recall: Some((mean, worst)),
        score_diff: Some(recall::score_diff(exact, &results)),
    });
    report.write();

    eprintln!("scale: PostgreSQL, {size}: profiling");
    let n = queries.len().min(PROFILED);
    report.profiles.push((
        size,
        pgdb::profile(&db.url, &agent, &queries[..n], &exact[..n]),
    ));
    report.write();

    eprintln!("scale: PostgreSQL, {size}: throughput, 1 vs 3 replicas");
    let others = [
        Server::start(&cfg.server, &db.url),
        Server::start(&cfg.server, &db.url),
    ];
    let one = measure::Target {
        urls: vec![first.url.clone()],
        agent: agent.clone(),
    };
    let three = measure::Target {
        urls: std::iter::once(first.url.clone())
            .chain(others.iter().map(|s| s.url.clone()))
            .collect(),
        agent,
    };
    let mut loads = rt
        .block_on(measure::interleaved(
            &[one, three],
            queries,
            cfg.clients,
            cfg.secs * 2,
            ROUNDS,
        ))
        .into_iter();
    report.loads.push(LoadRow::new(
        "PostgreSQL",
        size,
        "1 server".into(),
        cfg.clients,
        loads.next().expect("two loads"),
        None,
    ));
    let base = report.loads.len() - 1;
    report.loads.push(LoadRow::new(
        "PostgreSQL",
        size,
        "3 servers on one database (clients round-robin)".into(),
        cfg.clients,
        loads.next().expect("two loads"),
        Some(base),
    ));
    report.write();
}
