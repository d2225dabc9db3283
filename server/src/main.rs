//! memoryrelay-server CLI (docs/interfaces.md §2).

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use memoryrelay_engine::embed::{OpenAiOptions, OPENAI_DEFAULT_BASE_URL};
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
    /// Embedder: hash (offline lexical, the default), minilm (bundled model; `minilm` build
    /// feature), candle (a sentence-transformers folder, --model-dir; `candle` build feature) or
    /// openai (an OpenAI-compatible /v1/embeddings endpoint, --openai-*). Switching on an
    /// existing database re-embeds it once at start.
    #[arg(
        long,
        env = "MEMORYRELAY_SERVER_EMBEDDER",
        default_value = "hash",
        value_parser = ["hash", "minilm", "candle", "openai"]
    )]
    embedder: String,
    /// --embedder candle: the model folder (config.json, tokenizer.json, model.safetensors,
    /// modules.json), e.g. all-MiniLM-L6-v2.
    #[arg(long = "model-dir", env = "MEMORYRELAY_SERVER_MODEL_DIR")]
    model_dir: Option<PathBuf>,
    /// --embedder openai: base URL up to the API version (`/embeddings` is appended).
    #[arg(
        long = "openai-base-url",
        env = "MEMORYRELAY_SERVER_OPENAI_BASE_URL",
        default_value = OPENAI_DEFAULT_BASE_URL
    )]
    openai_base_url: String,
    /// --embedder openai: the model name sent with each request (required).
    #[arg(long = "openai-model", env = "MEMORYRELAY_SERVER_OPENAI_MODEL")]
    openai_model: Option<String>,
    /// --embedder openai: API key, sent as a bearer token (never printed). Prefer the
    /// environment (MEMORYRELAY_SERVER_OPENAI_API_KEY; else OPENAI_API_KEY, but only for the
    /// default base URL) over the flag, which other local users can see.
    #[arg(
        long = "openai-api-key",
        env = "MEMORYRELAY_SERVER_OPENAI_API_KEY",
        hide_env_values = true
    )]
    openai_api_key: Option<String>,
    /// --embedder openai: ask for this many dimensions (sent as `dimensions`, checked in every
    /// answer). Default: the model's own, learnt from a probe at start.
    #[arg(
        long = "openai-dimensions",
        env = "MEMORYRELAY_SERVER_OPENAI_DIMENSIONS"
    )]
    openai_dimensions: Option<usize>,
    /// --embedder openai: texts per request at most.
    #[arg(
        long = "openai-batch-size",
        env = "MEMORYRELAY_SERVER_OPENAI_BATCH_SIZE",
        default_value_t = 64
    )]
    openai_batch_size: usize,
    /// --embedder openai: seconds per request (connect to last byte); a write whose embedding
    /// times out fails with 503 and stores nothing.
    #[arg(
        long = "openai-timeout",
        env = "MEMORYRELAY_SERVER_OPENAI_TIMEOUT",
        default_value_t = 30.0
    )]
    openai_timeout: f64,
    /// --embedder openai: retries after a 429, a 5xx or a failed connection (exponential
    /// backoff from 250 ms, honouring Retry-After up to 30 s).
    #[arg(
        long = "openai-max-retries",
        env = "MEMORYRELAY_SERVER_OPENAI_MAX_RETRIES",
        default_value_t = 3
    )]
    openai_max_retries: u32,
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
        embedder: match embedder_from(&cli) {
            Ok(kind) => kind,
            Err(msg) => {
                // A usage error: clap's exit code, on one line.
                eprintln!("memoryrelay-server: {msg}");
                std::process::exit(2);
            }
        },
    };
    let server = match spawn(config).await {
        Ok(s) => s,
        Err(e) => {
            // One line, whatever the cause's own formatting.
            let msg = e
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            eprintln!("memoryrelay-server: {msg}");
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

/// The embedder the flags describe. Flags meant for another embedder are an error (a typo in
/// `--embedder` must not silently fall back to the default).
fn embedder_from(cli: &Cli) -> Result<EmbedderKind, String> {
    let name = cli.embedder.as_str();
    if name != "candle" && cli.model_dir.is_some() {
        return Err(format!(
            "--model-dir is only used with --embedder candle (got --embedder {name})"
        ));
    }
    if name != "openai" && cli.openai_model.is_some() {
        return Err(format!(
            "--openai-model is only used with --embedder openai (got --embedder {name})"
        ));
    }
    match name {
        "candle" => {
            let model_dir = cli.model_dir.clone().ok_or(
                "--embedder candle needs --model-dir DIR (a sentence-transformers folder)",
            )?;
            Ok(EmbedderKind::Candle { model_dir })
        }
        "openai" => {
            let model = cli
                .openai_model
                .clone()
                .ok_or("--embedder openai needs --openai-model NAME")?;
            if !(cli.openai_timeout.is_finite() && cli.openai_timeout > 0.0) {
                return Err("--openai-timeout must be a positive number of seconds".into());
            }
            // OPENAI_API_KEY is OpenAI's own key: never sent to another endpoint.
            let openai_env = || {
                (cli.openai_base_url.trim_end_matches('/') == OPENAI_DEFAULT_BASE_URL)
                    .then(|| std::env::var("OPENAI_API_KEY").ok())
                    .flatten()
            };
            let api_key = cli
                .openai_api_key
                .clone()
                .or_else(openai_env)
                .filter(|k| !k.trim().is_empty());
            Ok(EmbedderKind::OpenAi(OpenAiOptions {
                base_url: cli.openai_base_url.clone(),
                model,
                api_key,
                dimensions: cli.openai_dimensions,
                batch_size: cli.openai_batch_size,
                timeout: Duration::from_secs_f64(cli.openai_timeout),
                max_retries: cli.openai_max_retries,
            }))
        }
        other => other.parse(),
    }
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
