//! Benchmark: the JSON C ABI against the native Rust call, same request (`memories.get`), same
//! local server, same process. Ignored by default; run in release with
//! `bash bindings/c/bench/run.sh` (which also reports the stripped cdylib size).
//!
//! Both paths do the whole request on the same kind of runtime (a 2-worker multi-thread
//! runtime, `block_on` on the calling thread). The native path passes a `serde_json::Value`
//! and gets one back; the C path passes a `char *` and gets a `char *` back (parse + serialize +
//! allocate + free across the boundary). Batches alternate so that drift in the server's speed
//! hits both sides alike; the medians of per-batch means are compared.

use std::ffi::{c_char, CStr, CString};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::named::mr_memories_get;
use super::*;
use crate::{Client, ClientConfig};

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[test]
#[ignore = "benchmark; run bindings/c/bench/run.sh"]
fn c_abi_vs_native_memories_get() {
    let batches = env_usize("MR_BENCH_BATCHES", 15);
    let per_batch = env_usize("MR_BENCH_CALLS", 1000);
    let server = memoryrelay_server::spawn_background(memoryrelay_server::ServerConfig::default())
        .expect("server");
    let config = json!({"api_key": server.api_key(), "base_url": server.url()});

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let native = {
        let _entered = runtime.enter();
        Client::new(ClientConfig::from_json(&config).unwrap()).unwrap()
    };
    let created = runtime
        .block_on(native.call(
            "memories.create",
            json!({"agent_id": "bench-agent", "content": "The project uses PostgreSQL 16."}),
        ))
        .unwrap();
    let params = json!({"memory_id": created["id"]});

    let config_c = CString::new(config.to_string()).unwrap();
    let mut handle: *mut mr_client = std::ptr::null_mut();
    let mut err: *mut c_char = std::ptr::null_mut();
    let st = unsafe { mr_client_new(config_c.as_ptr(), &mut handle, &mut err) };
    assert_eq!(st, mr_status::MR_OK);
    let params_c = CString::new(params.to_string()).unwrap();

    let native_batch = |n: usize| {
        let start = Instant::now();
        for _ in 0..n {
            let v: Value = runtime
                .block_on(native.call("memories.get", params.clone()))
                .unwrap();
            std::hint::black_box(v);
        }
        start.elapsed() / n as u32
    };
    let c_batch = |n: usize| {
        let start = Instant::now();
        for _ in 0..n {
            let mut out: *mut c_char = std::ptr::null_mut();
            let st = unsafe { mr_memories_get(handle, params_c.as_ptr(), &mut out) };
            assert_eq!(st, mr_status::MR_OK);
            std::hint::black_box(unsafe { CStr::from_ptr(out) });
            unsafe { mr_string_free(out) };
        }
        start.elapsed() / n as u32
    };

    native_batch(per_batch / 2); // warm-up: connections, allocator, caches
    c_batch(per_batch / 2);
    let (mut native_times, mut c_times) = (Vec::new(), Vec::new());
    for i in 0..batches {
        if i % 2 == 0 {
            native_times.push(native_batch(per_batch));
            c_times.push(c_batch(per_batch));
        } else {
            c_times.push(c_batch(per_batch));
            native_times.push(native_batch(per_batch));
        }
    }
    let (n, c) = (median(native_times), median(c_times));
    let ratio = c.as_secs_f64() / n.as_secs_f64();
    println!(
        "bench memories.get: native {:.1} us/call, C ABI {:.1} us/call, ratio {:.3} \
         ({batches} batches x {per_batch} calls, medians)",
        n.as_secs_f64() * 1e6,
        c.as_secs_f64() * 1e6,
        ratio
    );
    unsafe { mr_client_free(handle) };
}
