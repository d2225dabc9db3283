//! Semantic embedder over a sentence-transformers model folder (cargo feature `candle`), e.g.
//! all-MiniLM-L6-v2: `config.json` (BERT), `tokenizer.json`, `model.safetensors` and the
//! sentence-transformers descriptors (`modules.json`, the pooling module's `config.json`,
//! `sentence_bert_config.json`). Runs on the CPU with candle, offline.
//!
//! What sentence-transformers does, step for step: tokenize with special tokens, truncate to
//! the model's `max_seq_length`, run BERT, pool the token states (mean over the attention mask,
//! or the CLS token) and L2-normalise. Each text runs alone (no padding), so a batch gives
//! exactly the vectors of single calls; batches are spread over the cores instead.

use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use super::{normalize, EmbedError, Embedder};

pub const PROVIDER: &str = "local-candle";

pub struct CandleEmbedder {
    model: BertModel,
    tokenizer: Tokenizer,
    pooling: Pooling,
    dimension: usize,
    identity: String,
    threads: usize,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Pooling {
    Mean,
    Cls,
}

/// One entry of `modules.json`.
#[derive(Deserialize)]
struct Module {
    path: String,
    #[serde(rename = "type")]
    kind: String,
}

/// The pooling module's `config.json` (the flags sentence-transformers reads).
#[derive(Deserialize)]
struct PoolingConfig {
    word_embedding_dimension: Option<usize>,
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
}

#[derive(Deserialize)]
struct SentenceBertConfig {
    max_seq_length: Option<usize>,
}

/// `config.json` fields that decide whether candle's BERT can run the model.
#[derive(Deserialize)]
struct Architecture {
    model_type: Option<String>,
}

impl CandleEmbedder {
    /// Reads, checks and loads the folder. Errors name the folder and the file at fault.
    pub fn load(dir: &Path) -> Result<Self, String> {
        let fail =
            |what: String| format!("embedder candle: model folder {}: {what}", dir.display());
        if !dir.is_dir() {
            return Err(fail("not a directory".into()));
        }
        let read = |name: &str| -> Result<Vec<u8>, String> {
            std::fs::read(dir.join(name)).map_err(|e| fail(format!("cannot read {name}: {e}")))
        };
        let config_bytes = read("config.json")?;
        let arch: Architecture =
            serde_json::from_slice(&config_bytes).map_err(|e| fail(format!("config.json: {e}")))?;
        if arch.model_type.as_deref() != Some("bert") {
            return Err(fail(format!(
                "config.json has model_type {:?}; only BERT models are supported",
                arch.model_type
            )));
        }
        let config: Config =
            serde_json::from_slice(&config_bytes).map_err(|e| fail(format!("config.json: {e}")))?;

        let (pooling, pooling_bytes, pooled_dim) = read_pooling(dir).map_err(fail)?;
        if let Some(d) = pooled_dim {
            if d != config.hidden_size {
                return Err(fail(format!(
                    "pooling expects {d} dimensions, the model has {}",
                    config.hidden_size
                )));
            }
        }

        let tokenizer_bytes = read("tokenizer.json")?;
        let mut tokenizer = Tokenizer::from_bytes(&tokenizer_bytes)
            .map_err(|e| fail(format!("tokenizer.json: {e}")))?;
        let max_len = max_seq_length(dir, &tokenizer)
            .map_err(fail)?
            .min(config.max_position_embeddings);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_len,
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
                direction: TruncationDirection::Right,
            }))
            .map_err(|e| fail(format!("tokenizer truncation: {e}")))?;
        // One text per forward pass: no padding needed (and none wanted: it would change nothing
        // but cost time).
        tokenizer.with_padding(None);

        let weights = read("model.safetensors")?;
        // The identity is the checksum of everything that shapes a vector, so stored vectors
        // are recomputed whenever the folder's model changes (but not when it merely moves).
        let mut hash = Sha256::new();
        for part in [
            &config_bytes,
            &tokenizer_bytes,
            &pooling_bytes,
            &max_len.to_le_bytes().to_vec(),
            &weights,
        ] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
        let digest: String = hash.finalize()[..12]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &Device::Cpu)
            .map_err(|e| fail(format!("model.safetensors: {e}")))?;
        let model = BertModel::load(vb, &config)
            .map_err(|e| fail(format!("model.safetensors does not fit config.json: {e}")))?;
        let dimension = config.hidden_size;
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, 8);
        Ok(CandleEmbedder {
            model,
            tokenizer,
            pooling,
            dimension,
            identity: format!(
                "{PROVIDER}/{dimension}/v1 sha256:{digest} {pooling:?} max_len={max_len}"
            ),
            threads,
        })
    }

    fn infer(&self, text: &str) -> Result<Vec<f32>, String> {
        let encoding = self
            .tokenizer
            .encode(text, true)
            .map_err(|e| format!("tokenizer: {e}"))?;
        let ids = encoding.get_ids();
        let n = ids.len();
        let dev = &Device::Cpu;
        let input = Tensor::from_slice(ids, (1, n), dev).map_err(|e| e.to_string())?;
        let types =
            Tensor::from_slice(encoding.get_type_ids(), (1, n), dev).map_err(|e| e.to_string())?;
        let states = self
            .model
            .forward(&input, &types, None)
            .map_err(|e| e.to_string())?;
        // (1, n, hidden): no padding, so the mean over the mask is the mean over all tokens.
        let pooled = match self.pooling {
            Pooling::Mean => states.mean(1),
            Pooling::Cls => states.narrow(1, 0, 1).and_then(|t| t.squeeze(1)),
        }
        .and_then(|t| t.squeeze(0))
        .and_then(|t| t.to_vec1::<f32>())
        .map_err(|e| e.to_string())?;
        let mut v = pooled;
        if v.len() != self.dimension || v.iter().any(|x| !x.is_finite()) {
            return Err(format!(
                "model output has {} values (expected {}) or is not finite",
                v.len(),
                self.dimension
            ));
        }
        normalize(&mut v);
        Ok(v)
    }

    fn infer_all(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        texts
            .iter()
            .map(|t| {
                self.infer(t).map_err(|reason| EmbedError {
                    provider: PROVIDER.into(),
                    reason: format!("inference failed: {reason}"),
                })
            })
            .collect()
    }
}

/// The pooling mode from modules.json (absent: mean, sentence-transformers' default), with the
/// bytes that define it (for the identity) and the dimension it expects.
fn read_pooling(dir: &Path) -> Result<(Pooling, Vec<u8>, Option<usize>), String> {
    let modules_path = dir.join("modules.json");
    if !modules_path.exists() {
        return Ok((Pooling::Mean, Vec::new(), None));
    }
    let modules: Vec<Module> = std::fs::read(&modules_path)
        .map_err(|e| e.to_string())
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
        .map_err(|e| format!("modules.json: {e}"))?;
    let Some(pool) = modules.iter().find(|m| m.kind.ends_with(".Pooling")) else {
        return Ok((Pooling::Mean, Vec::new(), None));
    };
    let path: PathBuf = dir.join(&pool.path).join("config.json");
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let config: PoolingConfig =
        serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let mode = match (
        config.pooling_mode_mean_tokens,
        config.pooling_mode_cls_token,
        config.pooling_mode_max_tokens || config.pooling_mode_mean_sqrt_len_tokens,
    ) {
        (true, false, false) => Pooling::Mean,
        (false, true, false) => Pooling::Cls,
        _ => {
            return Err(format!(
                "{}: only mean or CLS pooling (one of them) is supported",
                path.display()
            ))
        }
    };
    Ok((mode, bytes, config.word_embedding_dimension))
}

/// sentence-transformers' `max_seq_length`, else the tokenizer's own truncation, else 512.
fn max_seq_length(dir: &Path, tokenizer: &Tokenizer) -> Result<usize, String> {
    let path = dir.join("sentence_bert_config.json");
    if path.exists() {
        let config: SentenceBertConfig = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
            .map_err(|e| format!("sentence_bert_config.json: {e}"))?;
        if let Some(n) = config.max_seq_length {
            return Ok(n.max(2));
        }
    }
    Ok(tokenizer
        .get_truncation()
        .map(|t| t.max_length)
        .unwrap_or(512)
        .max(2))
}

impl Embedder for CandleEmbedder {
    fn provider(&self) -> &str {
        PROVIDER
    }

    fn dimension(&self) -> usize {
        self.dimension
    }

    fn identity(&self) -> String {
        self.identity.clone()
    }

    fn embed(&self, text: &str) -> Result<Vec<f32>, EmbedError> {
        Ok(self.infer_all(&[text])?.pop().expect("one vector per text"))
    }

    /// Split over the cores; every text is still encoded alone, so the vectors equal `embed`'s.
    fn embed_batch(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let threads = self.threads.min(texts.len().div_ceil(4)).max(1);
        if threads == 1 {
            return self.infer_all(texts);
        }
        let per_thread = texts.len().div_ceil(threads);
        std::thread::scope(|s| {
            let handles: Vec<_> = texts
                .chunks(per_thread)
                .map(|part| s.spawn(move || self.infer_all(part)))
                .collect();
            let mut out = Vec::with_capacity(texts.len());
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

    fn folder_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, body) in files {
            let p = dir.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        dir
    }

    fn load_err(dir: &Path) -> String {
        CandleEmbedder::load(dir).err().expect("must not load")
    }

    const BERT_CONFIG: &str = r#"{"model_type":"bert","vocab_size":10,"hidden_size":8,
        "num_hidden_layers":1,"num_attention_heads":2,"intermediate_size":16,"hidden_act":"gelu",
        "hidden_dropout_prob":0.1,"max_position_embeddings":16,"type_vocab_size":2,
        "initializer_range":0.02,"layer_norm_eps":1e-12,"pad_token_id":0}"#;

    #[test]
    fn a_missing_or_unsupported_folder_is_refused_with_the_file_named() {
        let err = load_err(Path::new("/nonexistent/model-dir"));
        assert!(err.contains("/nonexistent/model-dir") && err.contains("not a directory"));

        let empty = folder_with(&[]);
        assert!(load_err(empty.path()).contains("cannot read config.json"));

        let gpt = folder_with(&[("config.json", r#"{"model_type":"gpt2"}"#)]);
        assert!(load_err(gpt.path()).contains("only BERT models"));

        let max_pool = folder_with(&[
            ("config.json", BERT_CONFIG),
            (
                "modules.json",
                r#"[{"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"}]"#,
            ),
            (
                "1_Pooling/config.json",
                r#"{"pooling_mode_max_tokens":true}"#,
            ),
        ]);
        assert!(load_err(max_pool.path()).contains("only mean or CLS pooling"));

        let no_tokenizer = folder_with(&[("config.json", BERT_CONFIG)]);
        assert!(load_err(no_tokenizer.path()).contains("cannot read tokenizer.json"));
    }
}
