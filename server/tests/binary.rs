//! The `memoryrelay-server` binary as the non-Rust harnesses use it (docs/interfaces.md §2):
//! `--ready-json` handshake, keys from flags and from the environment, `--exit-on-stdin-close`.
mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// Kills the child if a test fails before it exits on its own, so no process is left behind.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary and reads its ready line. The read blocks, which is fine here: the server
/// runs in its own process, so nothing on the test's runtime needs to make progress meanwhile.
fn launch(args: &[&str], env: &[(&str, &str)]) -> (Guard, Value) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_memoryrelay-server"));
    cmd.args(args)
        .env_remove("MEMORYRELAY_SERVER_API_KEYS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = Guard(cmd.spawn().expect("start memoryrelay-server"));
    let stdout = child.0.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("ready line");
    let ready: Value = serde_json::from_str(line.trim())
        .unwrap_or_else(|e| panic!("ready line is not JSON ({e}): {line:?}"));
    (child, ready)
}

fn wait_exit(child: &mut Guard, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if child.0.try_wait().unwrap().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

#[tokio::test]
async fn ready_json_handshake_and_exit_on_stdin_close() {
    let (mut child, ready) = launch(
        &[
            "--db",
            ":memory:",
            "--port",
            "0",
            "--api-key",
            "mem_key_one",
            "--api-key",
            "mem_key_two",
            "--ready-json",
            "--exit-on-stdin-close",
        ],
        &[],
    );
    let url = ready["url"].as_str().expect("url").to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert_eq!(
        ready["api_keys"],
        serde_json::json!(["mem_key_one", "mem_key_two"])
    );

    let http = http_client();
    let r = http
        .get(format!("{url}/v1/agents"))
        .bearer_auth("mem_key_two")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = http
        .get(format!("{url}/v1/agents"))
        .bearer_auth("mem_not_configured")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);

    drop(child.0.stdin.take());
    assert!(
        wait_exit(&mut child, Duration::from_secs(10)),
        "server did not exit after stdin closed"
    );
}

#[tokio::test]
async fn keys_from_the_environment_or_generated() {
    let (child, ready) = launch(
        &[
            "--db",
            ":memory:",
            "--port",
            "0",
            "--ready-json",
            "--exit-on-stdin-close",
        ],
        &[("MEMORYRELAY_SERVER_API_KEYS", "mem_env_a,mem_env_b")],
    );
    assert_eq!(
        ready["api_keys"],
        serde_json::json!(["mem_env_a", "mem_env_b"])
    );
    drop(child);

    let (child, ready) = launch(
        &[
            "--db",
            ":memory:",
            "--port",
            "0",
            "--ready-json",
            "--exit-on-stdin-close",
        ],
        &[],
    );
    let keys = ready["api_keys"].as_array().unwrap();
    assert_eq!(keys.len(), 1);
    let k = keys[0].as_str().unwrap();
    assert!(k.starts_with("mem_") && k.len() == 36, "{k}");
    let r = http_client()
        .get(format!("{}/v1/agents", ready["url"].as_str().unwrap()))
        .bearer_auth(k)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    drop(child);
}
