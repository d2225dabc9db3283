//! Embeddings: a provider trait, the offline default (`HashEmbedder`), the optional semantic
//! ones (`MiniLmEmbedder`, feature `minilm`; `CandleEmbedder` over a model folder, feature
//! `candle`; `OpenAiEmbedder` over HTTP, feature `openai`) and the run-time choice between them
//! (`EmbedderKind`).

#[cfg(feature = "candle")]
pub mod candle;
mod kind;
#[cfg(feature = "minilm")]
pub mod minilm;
#[cfg(feature = "openai")]
pub mod openai;
mod openai_options;
pub mod text;

#[cfg(feature = "candle")]
pub use candle::CandleEmbedder;
pub use kind::EmbedderKind;
#[cfg(feature = "minilm")]
pub use minilm::MiniLmEmbedder;
#[cfg(feature = "openai")]
pub use openai::OpenAiEmbedder;
pub use openai_options::{OpenAiOptions, OPENAI_DEFAULT_BASE_URL};

use text::{fnv1a, is_stopword, stem, tokens};

/// Why an embedder could not embed: a remote provider that failed, timed out or answered
/// nonsense. Writes that needed the vector fail with it (nothing is stored without a vector).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("embedder {provider} failed: {reason}")]
pub struct EmbedError {
    pub provider: String,
    pub reason: String,
}

impl From<EmbedError> for crate::Error {
    fn from(e: EmbedError) -> Self {
        crate::Error::Unavailable(e.to_string())
    }
}

/// Turns text into a fixed-size, L2-normalised vector.
pub trait Embedder: Send + Sync {
    fn provider(&self) -> &str;
    fn dimension(&self) -> usize;
    fn embed(&self, text: &str) -> Result<Vec<f32>, EmbedError>;
    /// Changes whenever the same text would embed differently; stored vectors made by another
    /// version are recomputed when a database is opened (see `storage::reembed`).
    fn version(&self) -> u32 {
        1
    }
    /// What the database records next to its vectors (`settings.embedder`); a different value
    /// on open makes every stored vector be recomputed once. Must change whenever `embed`
    /// would give different coordinates.
    fn identity(&self) -> String {
        format!(
            "{}/{}/v{}",
            self.provider(),
            self.dimension(),
            self.version()
        )
    }
    /// One vector per text, in order. Providers with a per-call cost (a neural model) override
    /// this; the result must equal embedding each text alone.
    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        texts.iter().map(|t| self.embed(t)).collect()
    }
}

/// Deterministic, offline embedder: signed feature hashing of stemmed word unigrams, word
/// bigrams and character trigrams of each word. No model download, no network; similar
/// wording gives similar vectors, and case never matters (text is case-folded first).
pub struct HashEmbedder {
    dim: usize,
}

pub const DEFAULT_DIMENSION: usize = 256;
const BIGRAM_WEIGHT: f32 = 0.5;
/// Small: trigrams give tolerance to inflections and typos without letting words that merely
/// share letters look related.
const CHAR_TRIGRAM_WEIGHT: f32 = 0.2;

impl Default for HashEmbedder {
    fn default() -> Self {
        HashEmbedder {
            dim: DEFAULT_DIMENSION,
        }
    }
}

impl HashEmbedder {
    pub fn new(dim: usize) -> Self {
        HashEmbedder { dim: dim.max(8) }
    }

    fn add(&self, v: &mut [f32], parts: &[&[u8]], weight: f32) {
        // FNV's low bits only depend on the low bits of its state, so `h % dim` alone would
        // bucket features unevenly; a murmur3 finaliser spreads every input bit over all bits.
        let h = fmix64(fnv1a(parts));
        let idx = (h % self.dim as u64) as usize;
        // The sign bit comes from high bits independent of the index, so collisions cancel out
        // on average instead of always adding up.
        let sign = if (h >> 63) == 1 { -1.0 } else { 1.0 };
        v[idx] += sign * weight;
    }
}

impl Embedder for HashEmbedder {
    fn provider(&self) -> &str {
        "local-hash"
    }

    fn dimension(&self) -> usize {
        self.dim
    }

    /// 2: stopwords, final-`e` stemming, murmur3 finaliser.
    fn version(&self) -> u32 {
        2
    }

    fn embed(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        Ok(self.embed_infallible(text))
    }
}

impl HashEmbedder {
    /// The hash embedder cannot fail.
    pub fn embed_infallible(&self, text: &str) -> Vec<f32> {
        let mut v = vec![0.0f32; self.dim];
        let all_words = tokens(text);
        // Topic words only; a text made only of function words keeps them all, so it still
        // has a vector (and still matches itself).
        let content: Vec<String> = all_words
            .iter()
            .filter(|w| !is_stopword(w))
            .cloned()
            .collect();
        let words = if content.is_empty() {
            all_words
        } else {
            content
        };
        let stems: Vec<&str> = words.iter().map(|w| stem(w)).collect();
        for s in &stems {
            self.add(&mut v, &[b"u", s.as_bytes()], 1.0);
        }
        for pair in stems.windows(2) {
            self.add(
                &mut v,
                &[b"b", pair[0].as_bytes(), pair[1].as_bytes()],
                BIGRAM_WEIGHT,
            );
        }
        for w in &words {
            let chars: Vec<char> = std::iter::once('^')
                .chain(w.chars())
                .chain(std::iter::once('$'))
                .collect();
            for tri in chars.windows(3) {
                let s: String = tri.iter().collect();
                self.add(&mut v, &[b"c", s.as_bytes()], CHAR_TRIGRAM_WEIGHT);
            }
        }
        if words.is_empty() {
            // Punctuation-only text still gets a vector, so it matches itself.
            let folded = text.trim().to_lowercase();
            let chars: Vec<char> = folded.chars().collect();
            for tri in chars.windows(2.min(chars.len()).max(1)) {
                let s: String = tri.iter().collect();
                self.add(&mut v, &[b"p", s.as_bytes()], 1.0);
            }
        }
        normalize(&mut v);
        v
    }
}

/// MurmurHash3's 64-bit finaliser.
fn fmix64(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

pub fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in v.iter_mut() {
            *x /= norm;
        }
    }
}

/// Dot product of two normalised vectors = cosine. Written as chunked sums so the compiler
/// vectorises it.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let chunks = a.len() / 8;
    for i in 0..chunks {
        let (x, y) = (&a[i * 8..i * 8 + 8], &b[i * 8..i * 8 + 8]);
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut sum: f32 = acc.iter().sum();
    for i in chunks * 8..a.len().min(b.len()) {
        sum += a[i] * b[i];
    }
    sum
}

pub fn to_blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub fn from_blob(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_text_ignoring_case_has_cosine_one() {
        let e = HashEmbedder::default();
        let a = e.embed_infallible("The project uses PostgreSQL 16.");
        let b = e.embed_infallible("the PROJECT uses postgresql 16.");
        assert!(dot(&a, &b) >= 0.999);
        let p = e.embed_infallible("!!!");
        assert!(dot(&p, &e.embed_infallible("!!!")) >= 0.999);
    }

    #[test]
    fn related_text_scores_higher_than_unrelated() {
        let e = HashEmbedder::default();
        let q = e.embed_infallible("What database does the project use?");
        let related =
            e.embed_infallible("The project uses PostgreSQL 16 with pgvector as its database.");
        let unrelated = e.embed_infallible("Bananas are rich in potassium.");
        assert!(dot(&q, &related) > dot(&q, &unrelated) + 0.1);
    }

    #[test]
    fn vectors_are_unit_length_and_round_trip_through_blobs() {
        let e = HashEmbedder::default();
        let v = e.embed_infallible("hello world");
        assert_eq!(v.len(), DEFAULT_DIMENSION);
        assert!((dot(&v, &v) - 1.0).abs() < 1e-5);
        assert_eq!(from_blob(&to_blob(&v)), v);
    }
}
