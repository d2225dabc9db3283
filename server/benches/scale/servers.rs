//! Server processes under test: the optimised `memoryrelay-server` binary, started with
//! `--ready-json` on an ephemeral port; each exits when its stdin closes, so a dying bench
//! leaves none behind.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

pub const KEY: &str = "mem_bench_scale";

pub struct Server {
    pub url: String,
    child: Child,
    stdin: Option<ChildStdin>,
}

impl Server {
    /// Starts one server on `db` (a file, `:memory:` or a `postgres://` URL).
    pub fn start(bin: &Path, db: &str) -> Server {
        let mut child = Command::new(bin)
            .args(["--db", db, "--port", "0", "--api-key", KEY])
            .args(["--ready-json", "--exit-on-stdin-close"])
            .env_remove("MEMORYRELAY_DATABASE_URL")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", bin.display()));
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("read the ready line");
        let ready: serde_json::Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("server on {db} did not start ({e}): {line:?}"));
        let url = ready["url"].as_str().expect("url").to_string();
        let stdin = child.stdin.take();
        Server { url, child, stdin }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
