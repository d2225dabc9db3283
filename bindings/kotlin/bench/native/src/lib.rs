//! `memories.get` through the native Rust client, for the Kotlin benchmark's JVM (JNA):
//! `native_bench_open(url, key)` makes the client (on a 2-worker tokio runtime, as
//! `#[tokio::main]` would) and returns 0; `native_bench_get(id)` performs one typed
//! `client.memories().get(id)` with `block_on` from the calling thread and returns the
//! nanoseconds it took, measured here (so the JNA crossing is not counted), or -1.

use std::ffi::{c_char, CStr};
use std::panic::catch_unwind;
use std::sync::OnceLock;
use std::time::Instant;

use memoryrelay::{Client, ClientConfig};
use tokio::runtime::Runtime;

static STATE: OnceLock<(Runtime, Client)> = OnceLock::new();

fn text(p: *const c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the caller passes a NUL-terminated string (JNA does).
    unsafe { CStr::from_ptr(p) }
        .to_str()
        .ok()
        .map(str::to_owned)
}

#[no_mangle]
pub extern "C" fn native_bench_open(url: *const c_char, key: *const c_char) -> i32 {
    catch_unwind(|| {
        let (Some(url), Some(key)) = (text(url), text(key)) else {
            return -1;
        };
        let Ok(rt) = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
        else {
            return -1;
        };
        let config = ClientConfig {
            api_key: Some(key),
            base_url: Some(url),
            ..ClientConfig::default()
        };
        let Ok(client) = rt.block_on(async { Client::new(config) }) else {
            return -1;
        };
        if STATE.set((rt, client)).is_err() {
            return -1;
        }
        0
    })
    .unwrap_or(-1)
}

#[no_mangle]
pub extern "C" fn native_bench_get(id: *const c_char) -> i64 {
    catch_unwind(|| {
        let (Some((rt, client)), Some(id)) = (STATE.get(), text(id)) else {
            return -1;
        };
        let started = Instant::now();
        match rt.block_on(client.memories().get(&id)) {
            Ok(m) if m.id == id => i64::try_from(started.elapsed().as_nanos()).unwrap_or(-1),
            _ => -1,
        }
    })
    .unwrap_or(-1)
}
