//! One row of the cross-language benchmark (bench/run.sh): `memories.get`, `memories.search`
//! (limit 10) and `memories.create` through the typed Rust client, then one JSON line with
//! the client CPU (this process, every thread) and wall time of each loop.
//!
//!     memoryrelay-bench-rust async|blocking URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP
//!
//! WARMUP gets and WARMUP/10 searches run first, unmeasured.

use std::time::Instant;

use memoryrelay::resources::{CreateMemoryOptions, SearchOptions};
use memoryrelay::{BlockingClient, Client, ClientConfig};
use serde_json::{json, Value};

const QUERIES: [&str; 5] = [
    "What database does the project use?",
    "deployment",
    "rate limiting",
    "async requests",
    "semantic search",
];

/// CPU time of this process (all threads), in seconds.
fn cpu_seconds() -> f64 {
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: clock_gettime writes one timespec to the pointer it is given.
    unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.sec as f64 + ts.nsec as f64 * 1e-9
}

#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}
const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;
extern "C" {
    fn clock_gettime(clock: i32, ts: *mut Timespec) -> i32;
}

fn measure(calls: usize, mut f: impl FnMut(usize)) -> Value {
    let (cpu0, wall0) = (cpu_seconds(), Instant::now());
    for i in 0..calls {
        f(i);
    }
    let (cpu, wall) = (cpu_seconds() - cpu0, wall0.elapsed().as_secs_f64());
    json!({"calls": calls, "cpu_s": cpu, "wall_s": wall})
}

struct Args {
    url: String,
    key: String,
    agent: String,
    ids: Vec<String>,
    gets: usize,
    searches: usize,
    creates: usize,
    warmup: usize,
}

fn content(i: usize) -> String {
    format!("Bench write {i}: the service caches sessions in Redis for 15 minutes.")
}

fn run_async(a: &Args) -> Value {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let client = {
        let _entered = rt.enter();
        Client::new(ClientConfig {
            base_url: Some(a.url.clone()),
            ..ClientConfig::with_api_key(a.key.clone())
        })
        .expect("client")
    };
    let m = client.memories();
    let get = |i: usize| {
        let mem = rt.block_on(m.get(&a.ids[i % a.ids.len()])).expect("get");
        assert!(!mem.id.is_empty());
    };
    let search = |i: usize| {
        let opts = SearchOptions {
            limit: Some(10),
            ..Default::default()
        };
        let r = rt
            .block_on(m.search(&a.agent, QUERIES[i % QUERIES.len()], opts))
            .expect("search");
        assert!(!r.data.is_empty());
    };
    let create = |i: usize| {
        let mem = rt
            .block_on(m.create(&a.agent, &content(i), CreateMemoryOptions::default()))
            .expect("create");
        assert!(!mem.id.is_empty());
    };
    workload(a, get, search, create)
}

fn run_blocking(a: &Args) -> Value {
    let client = BlockingClient::new(ClientConfig {
        base_url: Some(a.url.clone()),
        ..ClientConfig::with_api_key(a.key.clone())
    })
    .expect("client");
    let m = client.memories();
    let get = |i: usize| {
        let mem = m.get(&a.ids[i % a.ids.len()]).expect("get");
        assert!(!mem.id.is_empty());
    };
    let search = |i: usize| {
        let opts = SearchOptions {
            limit: Some(10),
            ..Default::default()
        };
        let r = m
            .search(&a.agent, QUERIES[i % QUERIES.len()], opts)
            .expect("search");
        assert!(!r.data.is_empty());
    };
    let create = |i: usize| {
        let mem = m
            .create(&a.agent, &content(i), CreateMemoryOptions::default())
            .expect("create");
        assert!(!mem.id.is_empty());
    };
    workload(a, get, search, create)
}

fn workload(
    a: &Args,
    mut get: impl FnMut(usize),
    mut search: impl FnMut(usize),
    mut create: impl FnMut(usize),
) -> Value {
    for i in 0..a.warmup {
        get(i);
        if i % 10 == 0 {
            search(i);
        }
    }
    json!({
        "get": measure(a.gets, &mut get),
        "search": measure(a.searches, &mut search),
        "create": measure(a.creates, &mut create),
    })
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if argv.len() != 10 {
        eprintln!(
            "usage: {} async|blocking URL KEY AGENT_ID IDS_FILE GETS SEARCHES CREATES WARMUP",
            argv[0]
        );
        std::process::exit(2);
    }
    let n = |i: usize| argv[i].parse::<usize>().expect("a count");
    let a = Args {
        url: argv[2].clone(),
        key: argv[3].clone(),
        agent: argv[4].clone(),
        ids: std::fs::read_to_string(&argv[5])
            .expect("ids file")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        gets: n(6),
        searches: n(7),
        creates: n(8),
        warmup: n(9),
    };
    let out = match argv[1].as_str() {
        "async" => run_async(&a),
        "blocking" => run_blocking(&a),
        other => panic!("unknown mode {other}"),
    };
    println!("{out}");
}
