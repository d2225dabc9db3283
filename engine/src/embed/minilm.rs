//! Semantic embedder (cargo feature `minilm`): sentence-transformers/paraphrase-MiniLM-L3-v2
//! through the `pocket-encoder` crate, which bundles 4-bit weights and runs them on the CPU with
//! candle. No download and no network, so it works on machines that cannot fetch models.
//! Unlike `local-hash` it matches paraphrases that share no word (plane/flight).

use pocket_encoder::{model_info, Encoder};

use super::{EmbedError, Embedder};

pub const PROVIDER: &str = "local-minilm";
pub const DIMENSION: usize = 384;
/// pocket-encoder rejects inputs over 64 KiB. The model reads only the first 128 WordPiece
/// tokens, which a 64 KiB prefix always covers, so cutting there changes nothing.
const MAX_INPUT_BYTES: usize = 64 * 1024;
/// Texts per encoder call: far under its limits (4096 texts, 4 MiB in total).
const CHUNK: usize = 32;
/// Stands in for a blank text, which the encoder rejects. The API never stores one (content,
/// titles and queries must not be only whitespace); this keeps `embed` total anyway.
const BLANK_STANDIN: &str = ".";

pub struct MiniLmEmbedder {
    encoder: Encoder,
    identity: String,
    threads: usize,
}

impl MiniLmEmbedder {
    /// Expands the bundled weights (once per process; later calls share them).
    pub fn new() -> Result<Self, String> {
        let info = model_info();
        if info.dimensions != DIMENSION {
            return Err(format!(
                "pocket-encoder reports {} dimensions, expected {DIMENSION}",
                info.dimensions
            ));
        }
        let encoder = Encoder::new().map_err(|e| format!("loading MiniLM: {e}"))?;
        // The crate asks callers to persist its complete model identity (weights and tokenizer
        // checksums, pooling) and to compare vectors only under exact equality: putting it in
        // the stored identity re-embeds the database whenever any of it changes.
        let info_json = serde_json::to_string(&info).map_err(|e| e.to_string())?;
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        Ok(MiniLmEmbedder {
            encoder,
            identity: format!("{PROVIDER}/{DIMENSION}/v1 {info_json}"),
            threads,
        })
    }

    /// Encodes one chunk. The inputs are valid (non-blank, bounded) by construction, so an
    /// error here is an inference failure inside the model.
    fn encode(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        self.encoder.embed(texts).map_err(|e| EmbedError {
            provider: PROVIDER.into(),
            reason: format!("inference failed: {e}"),
        })
    }

    fn encode_all(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let mut out = Vec::with_capacity(texts.len());
        for chunk in texts.chunks(CHUNK) {
            out.extend(self.encode(chunk)?);
        }
        Ok(out)
    }
}

/// What the encoder accepts for `text`: at most `MAX_INPUT_BYTES` (cut at a char boundary) and
/// not blank.
fn prepare(text: &str) -> &str {
    let mut end = text.len().min(MAX_INPUT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = &text[..end];
    if cut.trim().is_empty() {
        BLANK_STANDIN
    } else {
        cut
    }
}

impl Embedder for MiniLmEmbedder {
    fn provider(&self) -> &str {
        PROVIDER
    }

    fn dimension(&self) -> usize {
        DIMENSION
    }

    fn identity(&self) -> String {
        self.identity.clone()
    }

    fn embed(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        Ok(self
            .encode(&[prepare(text)])?
            .pop()
            .expect("one vector per input"))
    }

    /// The encoder runs its inputs one after another on one thread, so a batch is split over
    /// the available cores (each text is encoded alone either way: the vectors are the same
    /// as `embed`'s).
    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let prepared: Vec<&str> = texts.iter().map(|t| prepare(t)).collect();
        let threads = self.threads.min(prepared.len().div_ceil(4)).max(1);
        if threads == 1 {
            return self.encode_all(&prepared);
        }
        let per_thread = prepared.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = prepared
                .chunks(per_thread)
                .map(|part| s.spawn(move || self.encode_all(part)))
                .collect();
            let mut out = Vec::with_capacity(prepared.len());
            for h in handles {
                out.extend(h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?);
            }
            Ok(out)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embed::dot;

    fn embedder() -> MiniLmEmbedder {
        MiniLmEmbedder::new().expect("bundled model loads")
    }

    #[test]
    fn unit_vectors_case_insensitive_and_batch_equals_single() {
        let e = embedder();
        assert_eq!(e.dimension(), 384);
        let a = e.embed("The project uses PostgreSQL 16.").unwrap();
        assert_eq!(a.len(), 384);
        assert!((dot(&a, &a) - 1.0).abs() < 1e-4);
        // The tokenizer folds case, which the §4.2 equal-text guarantee relies on.
        assert!(dot(&a, &e.embed("THE PROJECT USES POSTGRESQL 16.").unwrap()) >= 0.999);
        let texts = [
            "The project uses PostgreSQL 16.",
            "???",
            "   ",
            "Rust ist schön!",
            "We fly to Lisbon in October.",
            "a",
            "Deploys happen on Fridays.",
            "Backups are kept for 30 days.",
            "The flight to Lisbon leaves in autumn.",
        ];
        let batch = e.embed_batch(&texts).unwrap();
        assert_eq!(batch.len(), texts.len());
        for (t, v) in texts.iter().zip(&batch) {
            assert!(dot(v, &e.embed(t).unwrap()) >= 0.9999, "{t:?}");
        }
    }

    #[test]
    fn paraphrase_without_shared_words_beats_unrelated_text() {
        let e = embedder();
        let q = e.embed("When is the plane trip?").unwrap();
        let related = e.embed("Our flight departs on Tuesday morning.").unwrap();
        let unrelated = e.embed("Backups are retained for thirty days.").unwrap();
        assert!(dot(&q, &related) > dot(&q, &unrelated) + 0.1);
    }

    #[test]
    fn oversized_and_blank_inputs_still_embed() {
        let e = embedder();
        let long = "é".repeat(40_000); // 80 KB: over the encoder's 64 KiB input limit
        assert_eq!(e.embed(&long).unwrap().len(), 384);
        assert_eq!(prepare(&long).len(), MAX_INPUT_BYTES);
        assert_eq!(e.embed(" \n\t").unwrap().len(), 384);
    }

    #[test]
    fn identity_pins_the_complete_model_info() {
        let id = embedder().identity();
        assert!(id.starts_with("local-minilm/384/v1 "), "{id}");
        assert!(id.contains(&model_info().revision), "{id}");
        assert!(id.contains("paraphrase-MiniLM-L3-v2"), "{id}");
    }
}
