//! The params-JSON layer, on both sides of the wire, with arbitrary input.
//!
//! Input: `<method name> NUL <params JSON bytes>`; a name that is not one of the 47 picks one
//! by its first byte, so most inputs reach a real method.
//! - Client: `Client::call(method, params)` against a closed loopback port with no retries:
//!   validation (INVALID_ARGUMENT) or the request is built and fails to connect (NETWORK).
//!   Anything else, or a panic, is a bug.
//! - Server engine: the same params as the body of the engine operation behind the method, on
//!   an in-memory database: a success or a contract 4xx, never a 5xx or a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use memoryrelay::methods::METHODS;
use memoryrelay::{Client, ClientConfig, ErrorCode};
use memoryrelay_engine::Engine;
use serde_json::{Map, Value};

const ACCOUNT: &str = "acct_fuzz";

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
    })
}

fn client() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        // Port 9 (discard) on loopback: nothing listens, connecting fails at once.
        Client::new(ClientConfig {
            api_key: Some("mem_fuzz".into()),
            base_url: Some("http://127.0.0.1:9".into()),
            max_retries: Some(0),
            timeout: Some(std::time::Duration::from_secs(2)),
            ..Default::default()
        })
        .unwrap()
    })
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let e = Engine::open(None).unwrap();
        // Something to resolve, update and search.
        let body = |v: Value| v.as_object().unwrap().clone();
        e.agents_create(ACCOUNT, body(serde_json::json!({"name": "a"})))
            .unwrap();
        e.memories_create(
            ACCOUNT,
            body(serde_json::json!({"agent_id": "a", "content": "hello fuzz"})),
        )
        .unwrap();
        e
    })
}

/// The engine operation behind a method, for those that take a body or query map.
fn engine_op(
    method: &str,
    params: Map<String, Value>,
) -> Option<memoryrelay_engine::Result<memoryrelay_engine::Reply>> {
    let e = engine();
    let id = params
        .get("memory_id")
        .or_else(|| params.get("agent_id"))
        .and_then(Value::as_str)
        .unwrap_or("a")
        .to_string();
    Some(match method {
        "memories.create" => e.memories_create(ACCOUNT, params),
        "memories.search" => e.memories_search(ACCOUNT, params),
        "memories.list" => e.memories_list(ACCOUNT, params),
        "memories.batch_create" => e.memories_batch_create(ACCOUNT, params),
        "memories.update" => e.memories_update(ACCOUNT, &id, params),
        "agents.create" => e.agents_create(ACCOUNT, params),
        "agents.list" => e.agents_list(ACCOUNT, params),
        "agents.update" => e.agents_update(ACCOUNT, &id, params),
        "entities.create" => e.entities_create(ACCOUNT, params),
        "sessions.create" => e.sessions_create(ACCOUNT, params),
        "decisions.create" => e.decisions_create(ACCOUNT, params),
        "decisions.check" => e.decisions_check(ACCOUNT, params),
        "projects.create" => e.projects_create(ACCOUNT, params),
        "patterns.create" => e.patterns_create(ACCOUNT, params),
        "patterns.search" => e.patterns_search(ACCOUNT, params),
        _ => return None,
    })
}

fuzz_target!(|data: &[u8]| {
    let (name, rest) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&data[..0], data),
    };
    let name = String::from_utf8_lossy(name);
    let method = match METHODS.iter().find(|m| m.name == name) {
        Some(m) => m.name,
        None => METHODS[data.first().copied().unwrap_or(0) as usize % METHODS.len()].name,
    };
    let params: Value = serde_json::from_slice(rest)
        .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(rest).into_owned()));

    let r = runtime().block_on(client().call(method, params.clone()));
    match r {
        Ok(v) => panic!("{method}: a call without a server succeeded: {v}"),
        Err(e) => assert!(
            matches!(e.code(), ErrorCode::InvalidArgument | ErrorCode::Network),
            "{method}: unexpected {:?}: {e}",
            e.code()
        ),
    }

    if let Value::Object(map) = params {
        if let Some(Err(e)) = engine_op(method, map) {
            let status = e.status();
            assert!(
                (400..500).contains(&status),
                "{method}: engine answered {status}: {e}"
            );
        }
    }
});
