//! Each language's own formatter, run over generated text (stdin → stdout).

use std::io::Write;
use std::process::{Command, Stdio};

fn pipe(program: &str, args: &[&str], text: &str) -> Result<String, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{program}: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input = text.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("{program}: {e}"))?;
    writer
        .join()
        .map_err(|_| format!("{program}: writer panicked"))?
        .map_err(|e| format!("{program}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{program} failed on generated text: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("{program}: {e}"))
}

/// rustfmt with the workspace's edition.
pub fn rust(text: &str) -> Result<String, String> {
    pipe("rustfmt", &["--edition", "2021", "--emit", "stdout"], text)
}

/// gofmt (the Go toolchain's).
pub fn go(text: &str) -> Result<String, String> {
    pipe("gofmt", &[], text)
}
