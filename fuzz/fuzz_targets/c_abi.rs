//! The C ABI entry points with arbitrary bytes, as a careless or hostile C caller would pass
//! them: config JSON, method names and params that are not UTF-8, not JSON, huge or nested;
//! NULL where a pointer is expected; async calls cancelled at once.
//!
//! Input: `<config> NUL <method> NUL <params> NUL <ops>`. An empty config uses a shared client;
//! a config that is a JSON object is forced to a closed loopback port with no retries (a fuzzer
//! must never reach another host), anything else goes to mr_client_new as is. Each call must
//! return a known status, and every string it hands out must be JSON (a result or an error
//! document) released with mr_string_free. A panic, abort or crash is a finding.
#![no_main]

use std::ffi::{c_char, c_void, CStr, CString};
use std::ptr;
use std::sync::mpsc;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use memoryrelay_ffi::c_abi::*;

const CLOSED: &str = "http://127.0.0.1:9";

// Named functions live in a private module of the crate; as a C caller would, reach them by
// their exported symbols.
extern "C" {
    fn mr_memories_create(
        c: *const mr_client,
        p: *const c_char,
        out: *mut *mut c_char,
    ) -> mr_status;
    fn mr_agents_get(c: *const mr_client, p: *const c_char, out: *mut *mut c_char) -> mr_status;
    fn mr_sessions_summarize(
        c: *const mr_client,
        p: *const c_char,
        out: *mut *mut c_char,
    ) -> mr_status;
}

struct Shared(*mut mr_client);
// SAFETY: an mr_client handle is documented as safe to share across threads.
unsafe impl Send for Shared {}
unsafe impl Sync for Shared {}

fn shared() -> *const mr_client {
    static CLIENT: OnceLock<Shared> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            let config = format!(
                r#"{{"api_key":"mem_fuzz","base_url":"{CLOSED}","max_retries":0,"timeout_ms":2000}}"#
            );
            let c = CString::new(config).unwrap();
            let (mut client, mut err) = (ptr::null_mut(), ptr::null_mut());
            // SAFETY: valid pointers.
            let st = unsafe { mr_client_new(c.as_ptr(), &mut client, &mut err) };
            assert_eq!(st, mr_status::MR_OK);
            Shared(client)
        })
        .0
}

/// Checks a string the library handed out, then frees it.
fn take(s: *mut c_char, what: &str) {
    if s.is_null() {
        return;
    }
    // SAFETY: the library returns NUL-terminated strings it owns until mr_string_free.
    let text = unsafe { CStr::from_ptr(s) }
        .to_str()
        .expect("UTF-8 out string");
    assert!(
        serde_json::from_str::<serde_json::Value>(text).is_ok(),
        "{what}: not JSON: {text}"
    );
    unsafe { mr_string_free(s) };
}

fn known(st: mr_status) -> bool {
    (st as i32) >= 0 && (st as i32) <= 12
}

/// A config the fuzzer wrote, made harmless: only loopback, no retries, short timeouts.
fn tame_config(raw: &[u8]) -> Vec<u8> {
    match serde_json::from_slice::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Object(mut m)) => {
            m.insert("base_url".into(), CLOSED.into());
            m.insert("max_retries".into(), 0.into());
            m.insert("timeout_ms".into(), 2000.into());
            m.remove("max_retry_after_ms");
            serde_json::Value::Object(m).to_string().into_bytes()
        }
        // Not an object: mr_client_new must refuse it (and can reach no host).
        _ => raw.to_vec(),
    }
}

unsafe extern "C" fn on_done(
    user_data: *mut c_void,
    _id: u64,
    status: mr_status,
    json: *mut c_char,
) {
    assert!(known(status), "async status {}", status as i32);
    take(json, "async result");
    // SAFETY: user_data is the Sender boxed below, reclaimed exactly once here.
    let tx = unsafe { Box::from_raw(user_data.cast::<mpsc::Sender<()>>()) };
    let _ = tx.send(());
}

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(4, |&b| b == 0);
    let config = parts.next().unwrap_or_default();
    let method = CString::new(parts.next().unwrap_or_default()).unwrap();
    let params = CString::new(parts.next().unwrap_or_default()).unwrap();
    let ops = parts.next().unwrap_or_default();

    let mut own = ptr::null_mut();
    let client: *const mr_client = if config.is_empty() {
        shared()
    } else {
        let c = CString::new(tame_config(config)).unwrap_or_default();
        let mut err = ptr::null_mut();
        // SAFETY: valid pointers; the config is NUL-terminated.
        let st = unsafe { mr_client_new(c.as_ptr(), &mut own, &mut err) };
        assert!(known(st));
        take(err, "mr_client_new error");
        if st != mr_status::MR_OK {
            assert!(own.is_null());
            // A NULL client must be refused, not dereferenced.
            let mut out = ptr::null_mut();
            let st = unsafe { mr_call(ptr::null(), method.as_ptr(), params.as_ptr(), &mut out) };
            assert_eq!(st, mr_status::MR_INVALID_ARGUMENT);
            take(out, "mr_call on NULL");
            return;
        }
        own
    };

    let op = ops.first().copied().unwrap_or(0);
    let null_method = op & 0x10 != 0;
    let null_params = op & 0x20 != 0;
    let m = if null_method {
        ptr::null()
    } else {
        method.as_ptr()
    };
    let p = if null_params {
        ptr::null()
    } else {
        params.as_ptr()
    };
    match op % 4 {
        // Synchronous call.
        0 | 1 => {
            let mut out = ptr::null_mut();
            let st = unsafe { mr_call(client, m, p, &mut out) };
            assert!(known(st));
            take(out, "mr_call");
            // A NULL out pointer is refused without writing through it.
            let st = unsafe { mr_call(client, m, p, ptr::null_mut()) };
            assert_eq!(st, mr_status::MR_INVALID_ARGUMENT);
        }
        // Named function: the params go to memories.create / agents.get / sessions.summarize.
        2 => {
            let mut out = ptr::null_mut();
            let st = unsafe {
                match ops.get(1).copied().unwrap_or(0) % 3 {
                    0 => mr_memories_create(client, p, &mut out),
                    1 => mr_agents_get(client, p, &mut out),
                    _ => mr_sessions_summarize(client, p, &mut out),
                }
            };
            assert!(known(st));
            take(out, "named call");
        }
        // Asynchronous call, cancelled at once or awaited.
        _ => {
            let (tx, rx) = mpsc::channel::<()>();
            let user = Box::into_raw(Box::new(tx)).cast::<c_void>();
            let id = unsafe { mr_call_async(client, m, p, Some(on_done), user) };
            if ops.get(1).is_some_and(|b| b & 1 == 1) {
                let st = unsafe { mr_cancel(client, id) };
                assert!(known(st));
            }
            // Every accepted call calls back exactly once.
            rx.recv_timeout(std::time::Duration::from_secs(10))
                .expect("the callback ran");
        }
    }
    if !own.is_null() {
        unsafe { mr_client_free(own) };
    }
});
