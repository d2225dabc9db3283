//! What the binary prints for a person: configured keys never (logs are shared), a generated
//! key once, the real bind address, and a warning when it listens beyond loopback in clear.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Starts the binary, collects stdout and stderr for a moment, then kills it.
fn startup_output(args: &[&str]) -> (String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_memoryrelay-server"))
        .args(args)
        .env_remove("MEMORYRELAY_SERVER_API_KEYS")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start memoryrelay-server");
    let (tx, rx) = mpsc::channel();
    for (i, pipe) in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ]
    .into_iter()
    .enumerate()
    {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let _ = tx.send((i, line));
            }
        });
    }
    let (mut out, mut err) = (String::new(), String::new());
    // The "Try:" line is the last of the banner.
    while let Ok((i, line)) = rx.recv_timeout(Duration::from_secs(10)) {
        let done = line.starts_with("Try:");
        let buf = if i == 0 { &mut out } else { &mut err };
        buf.push_str(&line);
        buf.push('\n');
        if done {
            break;
        }
    }
    // stderr lines are written before the banner ends; give a slow pipe a moment anyway.
    while let Ok((i, line)) = rx.recv_timeout(Duration::from_millis(200)) {
        let buf = if i == 0 { &mut out } else { &mut err };
        buf.push_str(&line);
        buf.push('\n');
    }
    let _ = child.kill();
    let _ = child.wait();
    (out, err)
}

#[test]
fn configured_keys_are_never_printed() {
    let (out, err) = startup_output(&[
        "--db",
        ":memory:",
        "--port",
        "0",
        "--api-key",
        "mem_configured_secret_one",
        "--api-key",
        "mem_configured_secret_two",
        "--exit-on-stdin-close",
    ]);
    assert!(out.contains("listening on http://127.0.0.1:"), "{out}");
    assert!(out.contains("2 configured (not shown)"), "{out}");
    assert!(!out.contains("mem_configured_secret") && !err.contains("mem_configured_secret"));
    assert!(err.is_empty(), "no warning on loopback: {err}");
}

#[test]
fn a_generated_key_is_printed_once() {
    let (out, _) = startup_output(&["--db", ":memory:", "--port", "0", "--exit-on-stdin-close"]);
    let key = out
        .split_whitespace()
        .find(|w| w.starts_with("mem_"))
        .unwrap_or_else(|| panic!("no generated key in {out}"));
    assert_eq!(out.matches(key).count(), 1, "{out}");
}

#[test]
fn a_wildcard_bind_is_reported_as_such_with_a_warning() {
    let (out, err) = startup_output(&[
        "--db",
        ":memory:",
        "--host",
        "0.0.0.0",
        "--port",
        "0",
        "--api-key",
        "mem_k",
        "--exit-on-stdin-close",
    ]);
    assert!(out.contains("listening on 0.0.0.0:"), "{out}");
    assert!(err.contains("warning:") && err.contains("TLS"), "{err}");
}
