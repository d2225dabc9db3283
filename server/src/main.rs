//! memoryrelay-server CLI (docs/interfaces.md §2).

use std::net::{IpAddr, SocketAddr};

use clap::Parser;
use memoryrelay_server::{spawn, DbLocation, EmbedderKind, ServerConfig};

#[derive(Parser, Debug)]
#[command(
    name = "memoryrelay-server",
    version,
    about = "Local MemoryRelay-compatible server"
)]
struct Cli {
    /// SQLite database file, :memory:, or a PostgreSQL URL (postgres://user:pass@host/db;
    /// needs the pgvector extension) that any number of servers can share.
    #[arg(
        long,
        env = "MEMORYRELAY_DATABASE_URL",
        default_value = "./memoryrelay.db"
    )]
    db: String,
    /// API key (repeatable); each key is its own account. Default: one generated key.
    #[arg(
        long = "api-key",
        env = "MEMORYRELAY_SERVER_API_KEYS",
        value_delimiter = ','
    )]
    api_keys: Vec<String>,
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// 0 = ephemeral
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// Requests per minute per key (off by default).
    #[arg(long = "rate-limit")]
    rate_limit: Option<u32>,
    /// Enable the /__faults admin routes.
    #[cfg(feature = "fault-injection")]
    #[arg(long = "enable-fault-injection")]
    enable_fault_injection: bool,
    /// Embedder: hash (offline lexical, the default) or minilm (semantic; needs a build with
    /// the `minilm` feature). Switching on an existing database re-embeds it once at start.
    #[arg(
        long,
        env = "MEMORYRELAY_SERVER_EMBEDDER",
        default_value = "hash",
        value_parser = ["hash", "minilm"]
    )]
    embedder: String,
    /// Print one JSON line {"url":…,"api_keys":[…]} once listening, and nothing else on stdout.
    #[arg(long = "ready-json")]
    ready_json: bool,
    /// Exit when stdin closes (so a dying test harness never leaks the server).
    #[arg(long = "exit-on-stdin-close")]
    exit_on_stdin_close: bool,
}

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    let db = DbLocation::parse(&cli.db);
    let configured_keys = !cli.api_keys.is_empty();
    let api_keys: Vec<String> = cli
        .api_keys
        .iter()
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    #[cfg(feature = "fault-injection")]
    let fault_injection = cli.enable_fault_injection;
    #[cfg(not(feature = "fault-injection"))]
    let fault_injection = false;
    let config = ServerConfig {
        db,
        api_keys,
        rate_limit_per_minute: cli.rate_limit,
        fault_injection,
        bind: SocketAddr::new(cli.host, cli.port),
        limits: Default::default(),
        embedder: cli
            .embedder
            .parse::<EmbedderKind>()
            .expect("clap allows only known names"),
    };
    let server = match spawn(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("memoryrelay-server: {e}");
            std::process::exit(1);
        }
    };
    if cli.ready_json {
        // The launcher's handshake: it passed the keys itself, or needs the generated one.
        println!(
            "{}",
            serde_json::json!({"url": server.url(), "api_keys": server.api_keys()})
        );
    } else {
        for line in startup_lines(&server, configured_keys) {
            println!("{line}");
        }
        if let Some(warning) = exposure_warning(server.bound_addr()) {
            eprintln!("{warning}");
        }
    }
    use std::io::Write;
    let _ = std::io::stdout().flush();

    wait_for_stop(cli.exit_on_stdin_close).await;
    server.shutdown().await;
}

async fn wait_for_stop(watch_stdin: bool) {
    let stdin_closed = async {
        if watch_stdin {
            use tokio::io::AsyncReadExt;
            let mut stdin = tokio::io::stdin();
            let mut buf = [0u8; 256];
            while matches!(stdin.read(&mut buf).await, Ok(n) if n > 0) {}
        } else {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = signal(SignalKind::terminate()).expect("install SIGTERM handler");
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
            _ = stdin_closed => {}
        }
    }
    #[cfg(not(unix))]
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = stdin_closed => {}
    }
}

/// What a person sees at start: the real bind address, and a key only when the server made
/// it (a configured key is the operator's secret already, and logs are often shared).
fn startup_lines(server: &memoryrelay_server::RunningServer, configured_keys: bool) -> Vec<String> {
    let bound = server.bound_addr();
    let mut lines = vec![if bound.ip().is_unspecified() {
        format!(
            "MemoryRelay local server listening on {bound} (all interfaces; from this machine: {})",
            server.url()
        )
    } else {
        format!("MemoryRelay local server listening on http://{bound}")
    }];
    if configured_keys {
        let n = server.api_keys().len();
        lines.push(format!(
            "API keys: {n} configured (not shown); use one as Authorization: Bearer <key>"
        ));
    } else {
        lines.push(format!(
            "API key (generated and kept in the database): {}",
            server.api_key()
        ));
    }
    lines.push(format!(
        "Try: curl -H \"Authorization: Bearer $MEMORYRELAY_API_KEY\" {}/v1/agents",
        server.url()
    ));
    lines
}

/// Keys and data travel in clear over plain HTTP: say so when the bind reaches other hosts.
fn exposure_warning(bound: SocketAddr) -> Option<String> {
    (!bound.ip().is_loopback()).then(|| {
        format!(
            "warning: listening on {bound}, reachable from other hosts over plain HTTP; API keys \
             and memories travel unencrypted. Put a TLS-terminating proxy in front, or bind \
             127.0.0.1."
        )
    })
}
