//! The built-in planner's second opinion: which tools a goal needs, told by one logistic
//! regression per demo tool over the all-MiniLM-L6-v2 embedding of the goal's template (the
//! goal with its places, dates, amounts and addresses replaced by slots).
//!
//! Why: the lexicon reads the voices it was written for almost without error, but meets every
//! new voice with constructions it has never seen, and then some of its plans do what was not
//! asked. Sentence embeddings generalise differently from rules. Replayed over the 18 newest
//! held-out sets as each was first met (trained only on the sets before it), refusing where the
//! two disagree with confidence, and planning the classifier's tools where the lexicon read
//! nothing, cut wrong plans from 3.7% to 1.4% (right 78.0% → 79.9%, refused 18.4% → 18.7%;
//! BENCHMARKS.md).
//!
//! The weights (`classifier.json`) are trained by `bench/corpus/intent_classifier.py` on the
//! labelled corpora; they mean something only for vectors of that model, so the planner takes
//! this opinion only when its embedder is the local MiniLM (`APEX_EMBEDDER=minilm`).

use std::collections::BTreeSet;
use std::fmt;

use serde::Deserialize;

use super::intent::{Intent, Signature};
use crate::core::plan::Plan;

/// The shipped weights.
pub const SHIPPED: &str = include_str!("classifier.json");

/// The confidence (of the least certain tool) from which the opinion counts. Chosen on the
/// replay of first sights: below it the opinion vetoes more right plans than wrong ones.
pub const CONFIDENT: f32 = 0.7;

/// What the weights file holds.
#[derive(Deserialize)]
struct Weights {
    model: String,
    tools: Vec<String>,
    weights: Vec<Vec<f32>>,
    bias: Vec<f32>,
}

/// The weights file does not hold one model per tool of one size.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("intent classifier weights: {0}")]
pub struct ClassifierError(String);

/// Per-tool logistic regressions over sentence embeddings.
pub struct IntentClassifier {
    model: String,
    tools: Vec<String>,
    weights: Vec<Vec<f32>>,
    bias: Vec<f32>,
}

impl fmt::Debug for IntentClassifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IntentClassifier").field("model", &self.model).field("tools", &self.tools).finish()
    }
}

/// Which tools the classifier says a goal needs, and how sure it is of the least certain one.
#[derive(Debug, Clone, PartialEq)]
pub struct Opinion {
    pub tools: BTreeSet<String>,
    pub confidence: f32,
}

impl Opinion {
    /// Whether the opinion is sure enough to count.
    pub fn is_confident(&self) -> bool {
        self.confidence >= CONFIDENT
    }

    /// When the opinion is confident and names other tools than `plan` has: the plan's tools
    /// and the ones told, listed for a message.
    pub fn dispute(&self, plan: &Plan) -> Option<(String, String)> {
        let planned = tools_of(plan);
        (self.is_confident() && planned != self.tools).then(|| (listed(&planned), listed(&self.tools)))
    }

    /// The intents that ask for these tools, as the demo catalog declares them (a flight
    /// booking implies its search), for planning them; `None` when a tool is not a demo tool.
    pub fn signature(&self) -> Option<Signature> {
        self.tools
            .iter()
            .map(|tool| crate::tools::demo::intent(tool)?.parse::<Intent>().ok())
            .collect::<Option<BTreeSet<_>>>()
            .map(Signature)
    }
}

/// The tools a plan calls.
pub fn tools_of(plan: &Plan) -> BTreeSet<String> {
    plan.steps.iter().map(|step| step.tool.as_str().to_owned()).collect()
}

fn listed(tools: &BTreeSet<String>) -> String {
    if tools.is_empty() { "no tool".to_owned() } else { tools.iter().cloned().collect::<Vec<_>>().join(" + ") }
}

impl IntentClassifier {
    /// The weights shipped with the binary.
    ///
    /// # Errors
    /// [`ClassifierError`] if they do not parse or their shapes disagree (a build defect).
    pub fn shipped() -> Result<Self, ClassifierError> {
        Self::parse(SHIPPED)
    }

    /// Weights as `bench/corpus/intent_classifier.py` writes them.
    ///
    /// # Errors
    /// [`ClassifierError`] if `json` does not parse or holds models of different sizes.
    pub fn parse(json: &str) -> Result<Self, ClassifierError> {
        let w: Weights = serde_json::from_str(json).map_err(|e| ClassifierError(e.to_string()))?;
        let dimensions = w.weights.first().map_or(0, Vec::len);
        if w.tools.is_empty() || w.tools.len() != w.weights.len() || w.tools.len() != w.bias.len() {
            return Err(ClassifierError(format!(
                "{} tools, {} weight rows, {} biases",
                w.tools.len(),
                w.weights.len(),
                w.bias.len()
            )));
        }
        if dimensions == 0 || w.weights.iter().any(|row| row.len() != dimensions) {
            return Err(ClassifierError("weight rows of different lengths".into()));
        }
        Ok(Self { model: w.model, tools: w.tools, weights: w.weights, bias: w.bias })
    }

    /// The embedding model the weights were trained for.
    pub fn model(&self) -> &str {
        &self.model
    }

    /// The size of the vectors it reads.
    pub fn dimensions(&self) -> usize {
        self.weights.first().map_or(0, Vec::len)
    }

    /// The opinion on a template's embedding; `None` for a vector of another size (another
    /// model's: no opinion rather than a meaningless one).
    pub fn judge(&self, embedding: &[f32]) -> Option<Opinion> {
        if embedding.len() != self.dimensions() {
            return None;
        }
        let mut tools = BTreeSet::new();
        let mut confidence = 1.0_f32;
        for ((tool, row), bias) in self.tools.iter().zip(&self.weights).zip(&self.bias) {
            let logit: f32 = row.iter().zip(embedding).map(|(w, x)| w * x).sum::<f32>() + bias;
            let p = 1.0 / (1.0 + (-logit).exp());
            if p >= 0.5 {
                tools.insert(tool.clone());
            }
            confidence = confidence.min(p.max(1.0 - p));
        }
        Some(Opinion { tools, confidence })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_weights_hold_one_model_per_demo_tool() {
        let classifier = IntentClassifier::shipped().unwrap();
        assert_eq!(classifier.dimensions(), 384);
        assert_eq!(classifier.model(), "all-MiniLM-L6-v2");
        let all = Opinion { tools: classifier.tools.iter().cloned().collect(), confidence: 1.0 };
        assert_eq!(all.signature().map(|s| s.0.len()), Some(8), "every tool maps to an intent");
    }

    #[test]
    fn a_vector_of_another_model_gets_no_opinion() {
        let classifier = IntentClassifier::shipped().unwrap();
        assert_eq!(classifier.judge(&[0.1; 256]), None);
        let opinion = classifier.judge(&[0.0; 384]).unwrap();
        assert!((0.5..=1.0).contains(&opinion.confidence));
    }

    #[test]
    fn weights_of_different_shapes_are_refused() {
        let two_tools_one_row = r#"{"model":"m","tools":["a","b"],"weights":[[1.0]],"bias":[0.0,0.0]}"#;
        assert!(IntentClassifier::parse(two_tools_one_row).is_err());
        let ragged = r#"{"model":"m","tools":["a","b"],"weights":[[1.0],[1.0,2.0]],"bias":[0.0,0.0]}"#;
        assert!(IntentClassifier::parse(ragged).is_err());
    }

    #[test]
    fn a_logit_far_from_zero_is_confident_and_one_near_zero_is_not() {
        let weights =
            r#"{"model":"m","tools":["book_flight","send_email"],"weights":[[8.0,0.0],[0.0,8.0]],"bias":[0.0,0.0]}"#;
        let classifier = IntentClassifier::parse(weights).unwrap();
        let sure = classifier.judge(&[1.0, -1.0]).unwrap();
        assert_eq!(sure.tools, BTreeSet::from(["book_flight".to_owned()]));
        assert!(sure.is_confident());
        let unsure = classifier.judge(&[1.0, 0.05]).unwrap();
        assert!(!unsure.is_confident(), "{unsure:?}");
    }
}
