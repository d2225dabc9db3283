//! The run-time choice of embedder (server option `--embedder hash|minilm|candle|openai`).

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

use super::openai_options::OpenAiOptions;
use super::{Embedder, HashEmbedder};

/// Which embedder an engine uses, with what it needs to be built. `Hash` is the default and
/// always available; the others exist only in builds with their cargo feature (building one
/// otherwise is an error, so a misconfigured deployment fails at start instead of silently
/// using another model).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum EmbedderKind {
    #[default]
    Hash,
    /// The bundled paraphrase-MiniLM-L3-v2 (feature `minilm`).
    MiniLm,
    /// A sentence-transformers model folder (feature `candle`), e.g. all-MiniLM-L6-v2.
    Candle { model_dir: PathBuf },
    /// An OpenAI-compatible `/v1/embeddings` endpoint (feature `openai`).
    OpenAi(OpenAiOptions),
}

impl EmbedderKind {
    /// The option value (`hash`, `minilm`, `candle`, `openai`).
    pub fn name(&self) -> &'static str {
        match self {
            EmbedderKind::Hash => "hash",
            EmbedderKind::MiniLm => "minilm",
            EmbedderKind::Candle { .. } => "candle",
            EmbedderKind::OpenAi(_) => "openai",
        }
    }

    /// Whether this build can construct it.
    pub fn is_available(&self) -> bool {
        match self {
            EmbedderKind::Hash => true,
            EmbedderKind::MiniLm => cfg!(feature = "minilm"),
            EmbedderKind::Candle { .. } => cfg!(feature = "candle"),
            EmbedderKind::OpenAi(_) => cfg!(feature = "openai"),
        }
    }

    /// Constructs the embedder: blocking work (MiniLM expands its weights, candle reads and
    /// checksums its model folder, openai probes the endpoint once). The error is one line
    /// that names the embedder and what is wrong.
    pub fn build(&self) -> Result<Arc<dyn Embedder>, String> {
        match self {
            EmbedderKind::Hash => Ok(Arc::new(HashEmbedder::default())),
            #[cfg(feature = "minilm")]
            EmbedderKind::MiniLm => Ok(Arc::new(super::MiniLmEmbedder::new()?)),
            #[cfg(not(feature = "minilm"))]
            EmbedderKind::MiniLm => self.not_compiled("minilm"),
            #[cfg(feature = "candle")]
            EmbedderKind::Candle { model_dir } => {
                Ok(Arc::new(super::CandleEmbedder::load(model_dir)?))
            }
            #[cfg(not(feature = "candle"))]
            EmbedderKind::Candle { .. } => self.not_compiled("candle"),
            #[cfg(feature = "openai")]
            EmbedderKind::OpenAi(options) => {
                Ok(Arc::new(super::OpenAiEmbedder::connect(options.clone())?))
            }
            #[cfg(not(feature = "openai"))]
            EmbedderKind::OpenAi(_) => self.not_compiled("openai"),
        }
    }
}

impl EmbedderKind {
    #[cfg_attr(
        all(feature = "minilm", feature = "candle", feature = "openai"),
        allow(dead_code)
    )]
    fn not_compiled(&self, feature: &str) -> Result<Arc<dyn Embedder>, String> {
        Err(format!(
            "embedder `{}` is not compiled in: build with the `{feature}` cargo feature",
            self.name()
        ))
    }
}

/// The names that need no further option (`hash`, `minilm`); `candle` and `openai` are built
/// from their options (`EmbedderKind::Candle`, `EmbedderKind::OpenAi`).
impl FromStr for EmbedderKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hash" | "local-hash" => Ok(EmbedderKind::Hash),
            "minilm" | "local-minilm" => Ok(EmbedderKind::MiniLm),
            "candle" => Err("embedder candle needs a model folder (--model-dir)".into()),
            "openai" => Err("embedder openai needs a model (--openai-model)".into()),
            other => Err(format!(
                "unknown embedder {other:?} (expected hash, minilm, candle or openai)"
            )),
        }
    }
}

impl std::fmt::Display for EmbedderKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_defaults_to_hash() {
        assert_eq!(EmbedderKind::default(), EmbedderKind::Hash);
        assert_eq!("hash".parse(), Ok(EmbedderKind::Hash));
        assert_eq!(" MiniLM ".parse(), Ok(EmbedderKind::MiniLm));
        assert!("bert".parse::<EmbedderKind>().is_err());
        for k in [EmbedderKind::Hash, EmbedderKind::MiniLm] {
            assert_eq!(k.name().parse(), Ok(k));
        }
        let needs = "candle".parse::<EmbedderKind>().unwrap_err();
        assert!(needs.contains("--model-dir"), "{needs}");
        let needs = "openai".parse::<EmbedderKind>().unwrap_err();
        assert!(needs.contains("--openai-model"), "{needs}");
    }

    #[test]
    fn builds_what_is_compiled_in_and_refuses_the_rest() {
        let hash = EmbedderKind::Hash.build().unwrap();
        assert_eq!(hash.provider(), "local-hash");
        assert_eq!(
            EmbedderKind::MiniLm.build().is_ok(),
            EmbedderKind::MiniLm.is_available()
        );
        let candle = EmbedderKind::Candle {
            model_dir: PathBuf::from("/nonexistent/model"),
        };
        let err = candle.build().err().expect("no such folder");
        if candle.is_available() {
            assert!(err.contains("/nonexistent/model"), "{err}");
        } else {
            assert!(err.contains("`candle` cargo feature"), "{err}");
        }
    }

    #[test]
    fn debug_never_shows_the_api_key() {
        let mut o = OpenAiOptions::new("m");
        o.api_key = Some("sk-secret-value".into());
        let shown = format!("{:?}", EmbedderKind::OpenAi(o));
        assert!(!shown.contains("sk-secret-value"), "{shown}");
        assert!(shown.contains("<redacted>"), "{shown}");
    }
}
