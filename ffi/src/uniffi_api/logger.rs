//! The log hook for UniFFI languages: a foreign `Logger` receives the core's events (see
//! `crate::logging`). Python routes them to `logging.getLogger("memoryrelay")`; Kotlin and Swift
//! skins to their platform loggers.

use std::sync::Arc;

use super::MemoryRelayError;
use crate::logging::{self, Level, Record, Sink};

/// How much to log. `Off` is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum LogLevel {
    /// Nothing is delivered (the default).
    Off,
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warn,
    /// Retries and above.
    Info,
    /// Every HTTP attempt and above.
    Debug,
    /// Everything.
    Trace,
}

impl From<LogLevel> for Level {
    fn from(level: LogLevel) -> Level {
        match level {
            LogLevel::Off => Level::Off,
            LogLevel::Error => Level::Error,
            LogLevel::Warn => Level::Warn,
            LogLevel::Info => Level::Info,
            LogLevel::Debug => Level::Debug,
            LogLevel::Trace => Level::Trace,
        }
    }
}

fn to_log_level(level: Level) -> LogLevel {
    match level {
        Level::Off => LogLevel::Off,
        Level::Error => LogLevel::Error,
        Level::Warn => LogLevel::Warn,
        Level::Info => LogLevel::Info,
        Level::Debug => LogLevel::Debug,
        Level::Trace => LogLevel::Trace,
    }
}

export_foreign! {
    /// Receives log events, on the library's threads. `fields_json` is a JSON object (method,
    /// attempt, status, latency_ms, request_id, …); it never holds the API key or a body. An
    /// exception thrown here loses the event and nothing else.
    pub trait Logger: Send + Sync {
        /// One event; `fields_json` is a JSON object.
        fn log(&self, level: LogLevel, target: String, message: String, fields_json: String);
    }
}

export_blocking! {
    /// Routes the SDK's log events at `level` and above to `logger`; `None` or `Off` stops them.
    pub fn set_logger(
        level: LogLevel,
        logger: Option<Arc<dyn Logger>>,
    ) -> Result<(), MemoryRelayError> {
        let sink: Option<Sink> = logger.map(|logger| {
            Arc::new(move |r: &Record<'_>| {
                logger.log(
                    to_log_level(r.level),
                    r.target.to_owned(),
                    r.message.to_owned(),
                    r.fields_json.to_owned(),
                )
            }) as Sink
        });
        Ok(logging::set(level.into(), sink)?)
    }
}
