//! `apex bench plan`: how often the built-in (offline) planner makes the right plan, on a
//! labelled held-out corpus (`bench/corpus/plan-heldout.jsonl`, written apart from the
//! lexicon and the tests by `bench/corpus/plan_heldout.py`).
//!
//! Each goal is planned from scratch and scored against its label:
//! - **right**: exactly the labelled tools, each with the labelled values; for a goal labelled
//!   with no tools (the catalog has none that does what it asks), a refusal;
//! - **refused**: no plan (the planner says what it did not understand);
//! - **wrong**: anything else, split into *unsafe* (a tool that acts where the goal did not
//!   ask for it: a booking for a question, a booking for a cancellation), *incomplete* (a
//!   labelled tool missing) and *values* (right tools, a value lost or different).
//!
//! A wrong plan is far worse than a refusal: the goals are wrong ≤ 0.2%, refusals ≤ 3%.
//!
//! With `--model-dir`, every plan is weighed against the classifier's second opinion, as the
//! planner does with `APEX_EMBEDDER=minilm` ([`crate::planner::classifier`]); `--out` also
//! writes what the planner read (the template) and the label, which the classifier's trainer
//! learns from.

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use crate::core::plan::Plan;
use crate::core::time::Timestamp;
use crate::planner::builtin;
#[cfg(feature = "minilm")]
use crate::planner::classifier::IntentClassifier;
use crate::planner::classifier::Opinion;
use crate::planner::template::extract;

/// Options of `apex bench plan`.
#[derive(Debug, Clone, clap::Args)]
pub struct PlanArgs {
    /// The labelled JSONL corpus.
    #[arg(long, default_value = "bench/corpus/plan-heldout.jsonl")]
    pub corpus: PathBuf,
    /// Writes one JSONL line per goal: what the planner read (its template), the labelled tools,
    /// the verdict, why (a refusal says why, also when refusing was right) and the plan's tools.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Weighs every plan against the classifier's second opinion, embedding templates with the
    /// local MiniLM from this directory (`scripts/stack.sh model-dir`; cargo feature `minilm`),
    /// as the planner does with `APEX_EMBEDDER=minilm`.
    #[arg(long)]
    pub model_dir: Option<PathBuf>,
}

/// Why the benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum PlanBenchError {
    #[error("{path}: line {line}: {reason}")]
    Corpus { path: String, line: usize, reason: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("second opinion: {0}")]
    Opinion(String),
}

/// One labelled goal.
#[derive(Debug, Deserialize)]
struct Labelled {
    goal: String,
    timestamp: String,
    intent: String,
    tools: Vec<String>,
    #[serde(default)]
    values: BTreeMap<String, Map<String, Value>>,
}

/// How a plan compares with its label.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Right,
    Refused(String),
    /// A tool that acts (anything but a search) the goal did not ask for.
    Unsafe(String),
    /// A labelled tool is missing.
    Incomplete(String),
    /// A labelled value is missing or different.
    Values(String),
}

impl Verdict {
    fn name(&self) -> &'static str {
        match self {
            Self::Right => "right",
            Self::Refused(_) => "refused",
            Self::Unsafe(_) => "unsafe",
            Self::Incomplete(_) => "incomplete",
            Self::Values(_) => "values",
        }
    }
}

/// The classifier's opinions, one per template (a corpus repeats its templates with other
/// places and dates: each is embedded once).
#[cfg(feature = "minilm")]
struct Opinions {
    model: crate::planner::minilm::MiniLm,
    classifier: IntentClassifier,
    seen: std::collections::HashMap<String, Option<Opinion>>,
}

#[cfg(feature = "minilm")]
impl Opinions {
    fn load(dir: &std::path::Path) -> Result<Self, PlanBenchError> {
        let model = crate::planner::minilm::MiniLm::load(dir).map_err(opinion_error)?;
        let classifier = IntentClassifier::shipped().map_err(opinion_error)?;
        Ok(Self { model, classifier, seen: std::collections::HashMap::new() })
    }

    fn of(&mut self, text: &str) -> Result<Option<Opinion>, PlanBenchError> {
        if let Some(opinion) = self.seen.get(text) {
            return Ok(opinion.clone());
        }
        let vectors = self.model.vectors(&[text.to_owned()]).map_err(opinion_error)?;
        let opinion = vectors.first().and_then(|v| self.classifier.judge(v));
        self.seen.insert(text.to_owned(), opinion.clone());
        Ok(opinion)
    }
}

#[cfg(feature = "minilm")]
fn opinion_error(e: impl std::fmt::Display) -> PlanBenchError {
    PlanBenchError::Opinion(e.to_string())
}

/// Without the `minilm` feature there is no model to embed with.
#[cfg(not(feature = "minilm"))]
struct Opinions;

#[cfg(not(feature = "minilm"))]
impl Opinions {
    fn load(_dir: &std::path::Path) -> Result<Self, PlanBenchError> {
        Err(PlanBenchError::Opinion("--model-dir needs a build with the `minilm` feature".into()))
    }

    fn of(&mut self, _text: &str) -> Result<Option<Opinion>, PlanBenchError> {
        Ok(None)
    }
}

/// Scores `plan` (or the refusal) against the labelled `tools` and `values`.
pub fn score(plan: Result<&Plan, String>, tools: &[String], values: &BTreeMap<String, Map<String, Value>>) -> Verdict {
    let plan = match plan {
        Ok(plan) => plan,
        // Nothing in the catalog does what the goal asks: refusing is the right answer.
        Err(_) if tools.is_empty() => return Verdict::Right,
        Err(reason) => return Verdict::Refused(reason),
    };
    let planned: Vec<&str> = plan.steps.iter().map(|s| s.tool.as_str()).collect();
    if let Some(extra) = planned.iter().find(|t| !tools.iter().any(|w| w == *t) && !t.starts_with("search_")) {
        return Verdict::Unsafe(format!("{extra} was not asked for"));
    }
    if let Some(missing) = tools.iter().find(|t| !planned.contains(&t.as_str())) {
        return Verdict::Incomplete(format!("{missing} is missing"));
    }
    if let Some(extra) = planned.iter().find(|t| !tools.iter().any(|w| w == *t)) {
        return Verdict::Incomplete(format!("{extra} was not asked for"));
    }
    for (tool, wanted) in values {
        let Some(step) = plan.steps.iter().find(|s| s.tool.as_str() == tool) else { continue };
        for (param, expected) in wanted {
            let got = step.input.value().get(param);
            if !same(got, expected) {
                return Verdict::Values(format!(
                    "{tool}.{param}: expected {expected}, got {}",
                    got.unwrap_or(&Value::Null)
                ));
            }
        }
    }
    Verdict::Right
}

/// Numbers by value, text without regard to case ("Rio De Janeiro" is Rio de Janeiro).
fn same(got: Option<&Value>, expected: &Value) -> bool {
    match (got, expected) {
        (Some(Value::Number(a)), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Some(Value::String(a)), Value::String(b)) => a.eq_ignore_ascii_case(b),
        (Some(a), b) => a == b,
        (None, _) => false,
    }
}

/// Counts per intent.
#[derive(Debug, Default, Clone)]
struct Tally {
    goals: u64,
    verdicts: BTreeMap<&'static str, u64>,
}

impl Tally {
    fn add(&mut self, verdict: &Verdict) {
        self.goals += 1;
        *self.verdicts.entry(verdict.name()).or_default() += 1;
    }

    fn count(&self, name: &str) -> u64 {
        self.verdicts.get(name).copied().unwrap_or(0)
    }

    fn wrong(&self) -> u64 {
        self.count("unsafe") + self.count("incomplete") + self.count("values")
    }

    fn to_json(&self) -> Value {
        let pct = |n: u64| (n as f64 * 10_000.0 / self.goals.max(1) as f64).round() / 100.0;
        json!({
            "goals": self.goals,
            "right": self.count("right"), "right_pct": pct(self.count("right")),
            "wrong": self.wrong(), "wrong_pct": pct(self.wrong()),
            "unsafe": self.count("unsafe"), "incomplete": self.count("incomplete"), "values": self.count("values"),
            "refused": self.count("refused"), "refused_pct": pct(self.count("refused")),
        })
    }
}

/// Runs the benchmark and prints one JSON document (overall and per intent).
///
/// # Errors
/// [`PlanBenchError`] when the corpus cannot be read or a line is not a labelled goal.
pub fn run(args: &PlanArgs) -> Result<(), PlanBenchError> {
    let path = args.corpus.display().to_string();
    let file = std::io::BufReader::new(std::fs::File::open(&args.corpus)?);
    let mut out = args.out.as_ref().map(std::fs::File::create).transpose()?.map(std::io::BufWriter::new);
    let mut opinions = args.model_dir.as_deref().map(Opinions::load).transpose()?;
    let (mut total, mut per_intent) = (Tally::default(), BTreeMap::<String, Tally>::new());
    for (index, line) in file.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| PlanBenchError::Corpus { path: path.clone(), line: index + 1, reason };
        let labelled: Labelled = serde_json::from_str(&line).map_err(|e| bad(e.to_string()))?;
        let now = Timestamp::parse_rfc3339(&labelled.timestamp).map_err(|e| bad(e.to_string()))?;
        let template = extract(&labelled.goal, now);
        let opinion = match opinions.as_mut() {
            Some(opinions) => opinions.of(&template.text)?,
            None => None,
        };
        let planned =
            builtin::plan_with_opinion(&template, opinion.as_ref()).map(|(plan, _)| plan).map_err(|e| e.to_string());
        let verdict = score(planned.as_ref().map_err(String::clone), &labelled.tools, &labelled.values);
        total.add(&verdict);
        per_intent.entry(labelled.intent.clone()).or_default().add(&verdict);
        if let Some(out) = out.as_mut() {
            let tools: Vec<&str> =
                planned.as_ref().map(|p| p.steps.iter().map(|s| s.tool.as_str()).collect()).unwrap_or_default();
            let why = match &verdict {
                Verdict::Right => planned.as_ref().err().cloned().unwrap_or_default(),
                Verdict::Refused(w) | Verdict::Unsafe(w) | Verdict::Incomplete(w) | Verdict::Values(w) => w.clone(),
            };
            writeln!(
                out,
                "{}",
                json!({"goal": labelled.goal, "template": template.text, "intent": labelled.intent, "label": labelled.tools,
                    "verdict": verdict.name(), "why": why, "tools": tools})
            )?;
        }
    }
    if let Some(out) = out.as_mut() {
        out.flush()?;
    }
    let intents: Map<String, Value> = per_intent.iter().map(|(k, t)| (k.clone(), t.to_json())).collect();
    let planner = if opinions.is_some() { "builtin+classifier" } else { "builtin" };
    println!("{}", json!({"planner": planner, "corpus": path, "total": total.to_json(), "intents": intents}));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(tools: &[(&str, Value)]) -> Plan {
        let steps: Vec<Value> = tools.iter().map(|(t, input)| json!({"id": t, "tool": t, "input": input})).collect();
        serde_json::from_value(json!({ "steps": steps })).unwrap()
    }

    fn labels(tools: &[&str]) -> Vec<String> {
        tools.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn a_plan_is_right_only_with_the_labelled_tools_and_values() {
        let values: BTreeMap<String, Map<String, Value>> =
            serde_json::from_value(json!({"book_flight": {"to": "Lima", "date": "2026-11-26"}})).unwrap();
        let wanted = labels(&["search_flights", "book_flight"]);
        let right =
            plan(&[("search_flights", json!({})), ("book_flight", json!({"to": "LIMA", "date": "2026-11-26"}))]);
        assert_eq!(score(Ok(&right), &wanted, &values), Verdict::Right);
        let lost = plan(&[("search_flights", json!({})), ("book_flight", json!({"to": "Lima"}))]);
        assert!(matches!(score(Ok(&lost), &wanted, &values), Verdict::Values(_)));
        let booked = plan(&[("search_flights", json!({})), ("book_flight", json!({}))]);
        assert!(matches!(score(Ok(&booked), &labels(&["search_flights"]), &BTreeMap::new()), Verdict::Unsafe(_)));
        let searched = plan(&[("search_flights", json!({}))]);
        assert!(matches!(score(Ok(&searched), &wanted, &BTreeMap::new()), Verdict::Incomplete(_)));
        assert!(matches!(score(Err("no".into()), &wanted, &values), Verdict::Refused(_)));
        // A goal nothing in the catalog does: refused is right, acting is unsafe.
        assert_eq!(score(Err("no".into()), &[], &BTreeMap::new()), Verdict::Right);
        assert!(matches!(score(Ok(&booked), &[], &BTreeMap::new()), Verdict::Unsafe(_)));
        assert!(matches!(score(Ok(&searched), &[], &BTreeMap::new()), Verdict::Incomplete(_)));
    }
}
