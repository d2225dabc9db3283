//! Benchmark: the JSON C ABI against the native Rust call, same request (`memories.get`), same
//! local server, same process. Ignored by default; run in release with
//! `bash bindings/c/bench/run.sh` (which also reports the stripped cdylib size).
//!
//! Both paths do the whole request on the same kind of runtime (a 2-worker multi-thread
//! runtime, `block_on` on the calling thread). The native path passes a `serde_json::Value`
//! and gets one back; the C path passes a `char *` and gets a `char *` back (parse + serialize +
//! allocate + free across the boundary). Calls alternate one by one so that load on the shared
//! machine hits both sides alike; medians and means of per-call times are compared.

use std::ffi::{c_char, CStr, CString};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::named::mr_memories_get;
use super::*;
use memoryrelay_core::{Client, ClientConfig};

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
    let calls = env_usize("MR_BENCH_CALLS", 20_000);
    let warmup = 1_000;
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

    let native_call = || {
        let start = Instant::now();
        let v: Value = runtime
            .block_on(native.call("memories.get", params.clone()))
            .unwrap();
        let elapsed = start.elapsed();
        std::hint::black_box(v);
        elapsed
    };
    let c_call = || {
        let start = Instant::now();
        let mut out: *mut c_char = std::ptr::null_mut();
        let st = unsafe { mr_memories_get(handle, params_c.as_ptr(), &mut out) };
        std::hint::black_box(unsafe { CStr::from_ptr(out) });
        unsafe { mr_string_free(out) };
        let elapsed = start.elapsed();
        assert_eq!(st, mr_status::MR_OK);
        elapsed
    };

    for _ in 0..warmup {
        native_call();
        c_call();
    }
    // Calls alternate one by one (and which side goes first alternates too), so both sides see
    // the same machine load; medians of per-call times resist load spikes.
    let (mut native_times, mut c_times) = (Vec::with_capacity(calls), Vec::with_capacity(calls));
    for i in 0..calls {
        if i % 2 == 0 {
            native_times.push(native_call());
            c_times.push(c_call());
        } else {
            c_times.push(c_call());
            native_times.push(native_call());
        }
    }
    let mean = |v: &[Duration]| v.iter().sum::<Duration>() / v.len() as u32;
    let (n_mean, c_mean) = (mean(&native_times), mean(&c_times));
    let (n_med, c_med) = (median(native_times), median(c_times));
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    println!(
        "bench memories.get ({calls} calls each, interleaved): native median {:.1} us, mean {:.1} us; \
         C ABI median {:.1} us, mean {:.1} us; ratio median {:.3}, mean {:.3}",
        us(n_med),
        us(n_mean),
        us(c_med),
        us(c_mean),
        us(c_med) / us(n_med),
        us(c_mean) / us(n_mean),
    );

    // The boundary's own work for this request, without the network: parse params_json, and
    // serialize + hand over + free the result JSON (the native caller has Values both ways).
    let memory = runtime
        .block_on(native.call("memories.get", params.clone()))
        .unwrap();
    let rounds = 20_000u32;
    let start = Instant::now();
    for _ in 0..rounds {
        let p = unsafe { super::boundary::optional_object(params_c.as_ptr(), "params_json") };
        std::hint::black_box(p.unwrap());
        let (_, out) = super::boundary::outcome_to_c(Ok(memory.clone()));
        unsafe { mr_string_free(out) };
    }
    println!(
        "bench boundary work alone (params parse + result serialize/copy/free): {:.2} us/call",
        us(start.elapsed() / rounds)
    );
    unsafe { mr_client_free(handle) };
}
