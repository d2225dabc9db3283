//! Exactly-once across crashes (wire contract §3.2): a server on a database file is killed with
//! SIGKILL at random moments while writers create memories through the SDK (with its retries
//! and Idempotency-Keys), and restarted each time. Afterwards: every acknowledged write is
//! stored, no content is stored twice, and SQLite's integrity check passes.
//!
//! The server runs in a child process: this test binary re-executed with `MR_CRASH_CHILD_DB`
//! set, in which case `crash_server_child` serves that file until its stdin closes.
#![cfg(unix)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use memoryrelay::{Client, ClientConfig};
use serde_json::json;

const KEY: &str = "mem_crash_test_key";
const KILLS: usize = 24;

/// Child mode: serve `MR_CRASH_CHILD_DB` on `MR_CRASH_CHILD_PORT` until stdin closes.
#[test]
fn crash_server_child() {
    let (Ok(db), Ok(port)) = (
        std::env::var("MR_CRASH_CHILD_DB"),
        std::env::var("MR_CRASH_CHILD_PORT"),
    ) else {
        return; // an ordinary run: nothing to do
    };
    let server = memoryrelay_server::spawn_background(memoryrelay_server::ServerConfig {
        db: memoryrelay_server::DbLocation::File(db.into()),
        api_keys: vec![KEY.into()],
        bind: format!("127.0.0.1:{port}").parse().unwrap(),
        ..Default::default()
    })
    .expect("child server starts");
    println!("READY {}", server.url());
    let mut line = String::new();
    while std::io::stdin()
        .read_line(&mut line)
        .map(|n| n > 0)
        .unwrap_or(false)
    {}
}

struct ServerProcess(Child);

impl ServerProcess {
    fn start(db: &str, port: u16) -> ServerProcess {
        let child = Command::new(std::env::current_exe().unwrap())
            .args([
                "crash_server_child",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("MR_CRASH_CHILD_DB", db)
            .env("MR_CRASH_CHILD_PORT", port.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Owned by the guard from here on, so a failure below still kills and reaps it.
        let mut process = ServerProcess(child);
        let out = BufReader::new(process.0.stdout.take().unwrap());
        for line in out.lines() {
            // libtest prints "test crash_server_child ... " before the line on the same line.
            if line.unwrap().contains("READY http://") {
                return process;
            }
        }
        panic!("child server exited before READY");
    }

    fn kill9(mut self) {
        // Child::kill sends SIGKILL on Unix.
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[test]
fn sigkill_at_random_points_loses_no_acknowledged_write_and_stores_none_twice() {
    if std::env::var("MR_CRASH_CHILD_DB").is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db").to_string_lossy().into_owned();
    let port = free_port();
    let mut server = Some(ServerProcess::start(&db, port));

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let client = Arc::new(
        Client::new(ClientConfig {
            api_key: Some(KEY.into()),
            base_url: Some(format!("http://127.0.0.1:{port}")),
            timeout: Some(Duration::from_secs(5)),
            max_retries: Some(10),
            ..Default::default()
        })
        .unwrap(),
    );
    let acked: Arc<Mutex<Vec<String>>> = Arc::default();
    let failed = Arc::new(Mutex::new(0usize));
    let stop = Arc::new(AtomicBool::new(false));

    // Two writers: single creates, and batches of 5 (one request, one key, five rows).
    let mut writers = Vec::new();
    for writer in 0..2 {
        let (client, acked, failed, stop) =
            (client.clone(), acked.clone(), failed.clone(), stop.clone());
        writers.push(rt.spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                if writer == 0 {
                    let content = format!("single {n}");
                    let r = client
                        .call(
                            "memories.create",
                            json!({"agent_id": "crash", "content": content}),
                        )
                        .await;
                    match r {
                        Ok(_) => acked.lock().unwrap().push(content),
                        Err(_) => *failed.lock().unwrap() += 1,
                    }
                } else {
                    let contents: Vec<String> = (0..5).map(|i| format!("batch {n}.{i}")).collect();
                    let items: Vec<_> = contents.iter().map(|c| json!({"content": c})).collect();
                    let r = client
                        .call(
                            "memories.batch_create",
                            json!({"agent_id": "crash", "memories": items}),
                        )
                        .await;
                    match r {
                        Ok(v) if v["succeeded"] == 5 => acked.lock().unwrap().extend(contents),
                        _ => *failed.lock().unwrap() += 1,
                    }
                }
            }
        }));
    }

    let started = Instant::now();
    for _ in 0..KILLS {
        // A random moment: between 5 and 120 ms into the server's life, under load.
        std::thread::sleep(Duration::from_millis(rand::random_range(5..120)));
        server.take().unwrap().kill9();
        server = Some(ServerProcess::start(&db, port));
    }
    // Let in-flight retries land on the last server, then stop the writers.
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::SeqCst);
    rt.block_on(async {
        for w in writers {
            w.await.unwrap();
        }
    });
    drop(server.take());
    let elapsed = started.elapsed();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    let mut stored: Vec<String> = conn
        .prepare("SELECT content FROM memories WHERE deleted_at IS NULL")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let total = stored.len();
    stored.sort();
    let duplicates = stored.windows(2).filter(|w| w[0] == w[1]).count();
    let stored: HashSet<String> = stored.into_iter().collect();
    let acked = acked.lock().unwrap().clone();
    let lost: Vec<&String> = acked.iter().filter(|c| !stored.contains(*c)).collect();
    let failed = *failed.lock().unwrap();
    println!(
        "crash test: {KILLS} SIGKILLs in {:.1} s; {} writes acknowledged, {failed} calls failed \
         after retries, {total} rows stored; lost {}, duplicated {duplicates}; integrity_check {integrity}",
        elapsed.as_secs_f64(),
        acked.len(),
        lost.len()
    );
    assert_eq!(integrity, "ok");
    assert!(lost.is_empty(), "acknowledged writes lost: {lost:?}");
    assert_eq!(duplicates, 0, "contents stored more than once");
    assert!(
        acked.len() >= 50,
        "too few writes to mean anything: {}",
        acked.len()
    );
}
