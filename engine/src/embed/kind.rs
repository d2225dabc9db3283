//! The run-time choice of embedder (server option `--embedder hash|minilm`).

use std::str::FromStr;
use std::sync::Arc;

use super::{Embedder, HashEmbedder};

/// Which embedder an engine uses. `Hash` is the default and always available; `MiniLm` exists
/// only in builds with the `minilm` cargo feature (building it otherwise is an error, so a
/// misconfigured deployment fails at start instead of silently using another model).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EmbedderKind {
    #[default]
    Hash,
    MiniLm,
}

impl EmbedderKind {
    /// The option value (`hash`, `minilm`).
    pub fn name(self) -> &'static str {
        match self {
            EmbedderKind::Hash => "hash",
            EmbedderKind::MiniLm => "minilm",
        }
    }

    /// Whether this build can construct it.
    pub fn is_available(self) -> bool {
        match self {
            EmbedderKind::Hash => true,
            EmbedderKind::MiniLm => cfg!(feature = "minilm"),
        }
    }

    /// Constructs the embedder. MiniLM expands its bundled weights here (well under a second in
    /// release builds); later constructions in the same process share them.
    pub fn build(self) -> Result<Arc<dyn Embedder>, String> {
        match self {
            EmbedderKind::Hash => Ok(Arc::new(HashEmbedder::default())),
            #[cfg(feature = "minilm")]
            EmbedderKind::MiniLm => Ok(Arc::new(super::MiniLmEmbedder::new()?)),
            #[cfg(not(feature = "minilm"))]
            EmbedderKind::MiniLm => Err(
                "embedder `minilm` is not compiled in: build with the `minilm` cargo feature"
                    .into(),
            ),
        }
    }
}

impl FromStr for EmbedderKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hash" | "local-hash" => Ok(EmbedderKind::Hash),
            "minilm" | "local-minilm" => Ok(EmbedderKind::MiniLm),
            other => Err(format!(
                "unknown embedder {other:?} (expected hash or minilm)"
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
    }

    #[test]
    fn builds_what_is_compiled_in_and_refuses_the_rest() {
        let hash = EmbedderKind::Hash.build().unwrap();
        assert_eq!(hash.provider(), "local-hash");
        assert_eq!(
            EmbedderKind::MiniLm.build().is_ok(),
            EmbedderKind::MiniLm.is_available()
        );
    }
}
