//! Embedders turn template texts into vectors for the plan cache's nearest-neighbour search.
//! One trait, several implementations chosen by `APEX_EMBEDDER`:
//!
//! - `builtin` (default): deterministic feature hashing over the canonical words of a
//!   template (synonyms mapped, fillers dropped), their bigrams and character trigrams. No
//!   model, no network; paraphrases that the lexicon knows land on the same vector.
//! - `openai`: any OpenAI-compatible `/v1/embeddings` endpoint ([`super::openai`]).

use futures::future::BoxFuture;

use super::intent::canonical_words;

/// Why texts could not be embedded.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("embedding endpoint: {0}")]
    Http(String),
    #[error("embedding endpoint answered unexpectedly: {0}")]
    Protocol(String),
}

/// Turns texts into unit vectors of a fixed dimension.
pub trait Embedder: Send + Sync {
    /// Names the model and dimension; cached vectors are only compared within one id.
    fn id(&self) -> String;

    /// The length of every vector.
    fn dimensions(&self) -> usize;

    /// One L2-normalised vector per text.
    ///
    /// # Errors
    /// [`EmbedError`] when a remote model cannot be reached or answers nonsense.
    fn embed<'a>(&'a self, texts: &'a [String]) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>>;
}

/// Scales `v` to unit length (a zero vector stays zero).
pub fn normalise(mut v: Vec<f32>) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
    v
}

/// Cosine similarity of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The built-in, deterministic embedder.
#[derive(Debug, Clone, Copy)]
pub struct HashingEmbedder {
    dimensions: usize,
}

impl Default for HashingEmbedder {
    fn default() -> Self {
        Self { dimensions: 256 }
    }
}

/// FNV-1a: stable across builds and platforms, unlike the standard library's hasher.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

impl HashingEmbedder {
    fn add(&self, v: &mut [f32], feature: &str, weight: f32) {
        let h = fnv1a(feature.as_bytes());
        let index = (h % self.dimensions as u64) as usize;
        v[index] += if h >> 63 == 0 { weight } else { -weight };
    }

    /// The vector of one text.
    pub fn vector(&self, text: &str) -> Vec<f32> {
        let words = canonical_words(text);
        let mut v = vec![0.0; self.dimensions];
        for word in &words {
            self.add(&mut v, word, 1.0);
            if !word.starts_with('{') && word.chars().count() > 3 {
                let padded: Vec<char> = format!("<{word}>").chars().collect();
                for gram in padded.windows(3) {
                    self.add(&mut v, &gram.iter().collect::<String>(), 0.15);
                }
            }
        }
        for pair in words.windows(2) {
            self.add(&mut v, &format!("{} {}", pair[0], pair[1]), 0.5);
        }
        normalise(v)
    }
}

impl Embedder for HashingEmbedder {
    fn id(&self) -> String {
        format!("builtin{}", self.dimensions)
    }

    fn dimensions(&self) -> usize {
        self.dimensions
    }

    fn embed<'a>(&'a self, texts: &'a [String]) -> BoxFuture<'a, Result<Vec<Vec<f32>>, EmbedError>> {
        Box::pin(async move { Ok(texts.iter().map(|t| self.vector(t)).collect()) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn similarity(a: &str, b: &str) -> f32 {
        let e = HashingEmbedder::default();
        cosine(&e.vector(a), &e.vector(b))
    }

    #[test]
    fn paraphrases_are_close_and_other_tasks_far() {
        let base = "Book a flight to {LOCATION} {DATE}";
        assert!(similarity(base, "Please reserve me a plane ticket to {LOCATION} {DATE}") > 0.99);
        assert!(similarity(base, "Book flights to {LOCATION} {DATE}") > 0.99);
        assert!(similarity(base, "Book a flight to {LOCATION} {DATE} and email {EMAIL}") < 0.9);
        assert!(similarity(base, "Send {EMAIL} the summary") < 0.3);
    }

    #[test]
    fn vectors_are_unit_length_and_deterministic() {
        let e = HashingEmbedder::default();
        let v = e.vector("Book a hotel in {LOCATION}");
        assert!((cosine(&v, &v) - 1.0).abs() < 1e-5);
        assert_eq!(v, e.vector("Book a hotel in {LOCATION}"));
        assert_eq!(v.len(), 256);
    }
}
