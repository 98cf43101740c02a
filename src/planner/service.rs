//! The planner: goal → template with typed slots → embedding → KNN search in the plan cache →
//! verified reuse with the new values, or else a fresh plan from the LLM (or, offline, the
//! built-in planner) that is then cached for the next goal of its kind.
//!
//! The cache is optional at every step (fail open): an embedder or Redis failure is counted
//! and the goal is planned without it; it never fails a workflow.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::builtin::{self, Reading};
use super::cache::{Entry, PlanCache, SHARED_SCOPE};
use super::catalog::ToolCatalog;
use super::classifier::{IntentClassifier, Opinion};
use super::embed::Embedder;
use super::intent::{signature, unexplained_negation};
use super::llm::{LlmError, LlmPlanner};
use super::parameterize::parameterize;
use super::template::{Template, extract};
use super::verify::{Checks, GoalShape, ReuseRefusal, slot_kinds, verify};
use crate::core::command::PlanGoal;
use crate::core::input::{Input, PlanFailed, PlanGenerated, TokenUsage};
use crate::core::json::Json;
use crate::core::plan::Plan;
use crate::core::time::Timestamp;
use crate::telemetry;

/// How the cache is searched.
#[derive(Debug, Clone)]
pub struct CacheSettings {
    /// Lowest cosine similarity a hit may have.
    pub threshold: f64,
    /// Candidates checked per lookup, nearest first.
    pub candidates: usize,
    /// The guard's checks ([`Checks::All`] outside benchmarks).
    pub checks: Checks,
    /// Every tenant reuses every tenant's plans (an explicit setting; by default each tenant
    /// has a scope of its own).
    pub shared: bool,
    /// Tenants whose goals never read or write the cache.
    pub opted_out: BTreeSet<String>,
}

impl Default for CacheSettings {
    fn default() -> Self {
        Self { threshold: 0.9, candidates: 5, checks: Checks::All, shared: false, opted_out: BTreeSet::new() }
    }
}

/// What the planner did for one goal, for metrics, the bench and its `--out` file.
#[derive(Debug, Clone)]
pub struct Report {
    /// The answer to publish: `PlanGenerated` or `PlanFailed`.
    pub answer: Input,
    pub template: Template,
    /// Similar cached plans that were not reused, with why.
    pub rejected: Vec<(f64, ReuseRefusal)>,
    /// Time spent embedding and searching the cache.
    pub lookup: Option<Duration>,
    /// LLM chat completions made for this goal.
    pub llm_calls: u32,
}

/// Where fresh plans come from on a miss.
#[derive(Debug, Clone)]
pub enum Fallback {
    /// An OpenAI-compatible model.
    Llm(LlmPlanner),
    /// The offline, deterministic planner, weighed against the classifier's second opinion
    /// when there is one (its weights read the vectors of the MiniLM embedder only).
    Builtin(Option<Arc<IntentClassifier>>),
}

/// The planner's parts.
pub struct Planner {
    pub catalog: ToolCatalog,
    pub embedder: Arc<dyn Embedder>,
    pub cache: Option<PlanCache>,
    pub fallback: Fallback,
    pub settings: CacheSettings,
    /// What the LLM's tokens cost.
    pub prices: crate::prices::Prices,
}

/// Why a plan with two slots of the same value is not cached: its template could not tell them
/// apart when reused.
const SAME_VALUES: &str = "two slots hold the same value";

/// What the classifier's opinion did to a built-in plan, for telemetry.
fn verdict(opinion: &Opinion, weighed: &Result<(Plan, Reading), builtin::Unplannable>) -> &'static str {
    match weighed {
        _ if !opinion.is_confident() => "unsure",
        Ok((_, Reading::Classifier)) => "told",
        Err(builtin::Unplannable::Disputed { .. }) => "disputed",
        Err(_) if !opinion.tools.is_empty() => "kept",
        Ok((_, Reading::Lexicon)) | Err(_) => "agreed",
    }
}

/// The slot values as `{"LOCATION_0": "Paris", …}`: what was injected into the plan.
fn parameters(template: &Template) -> Json {
    let mut counts = std::collections::BTreeMap::new();
    let mut map = Map::new();
    for slot in &template.slots {
        let n = counts.entry(slot.kind).or_insert(0usize);
        map.insert(format!("{}_{n}", slot.kind), Value::String(slot.value.clone()));
        *n += 1;
    }
    Json::new(Value::Object(map))
}

impl Planner {
    /// Plans `request` for `tenant`, resolving relative dates against `now` (the command's
    /// timestamp, never the wall clock).
    pub async fn plan(&self, tenant: &str, request: &PlanGoal, now: Timestamp) -> Report {
        let template = extract(&request.goal, now);
        let intents = signature(&template);
        let unplaced = unexplained_negation(&template, &intents);
        let goal = GoalShape { template: &template, signature: &intents, unplaced_negation: unplaced.as_deref() };
        let mut report = Report {
            answer: failed(request, String::new()),
            template: template.clone(),
            rejected: Vec::new(),
            lookup: None,
            llm_calls: 0,
        };
        // The scope the cache is read and written under: the tenant's own, or the shared one.
        let owner = if self.settings.shared { SHARED_SCOPE } else { tenant };
        let cache = self.cache.as_ref().filter(|_| !self.settings.opted_out.contains(tenant));
        let embedding = match cache {
            Some(cache) => {
                let started = Instant::now();
                let found = self.lookup(cache, owner, goal).await;
                let elapsed = started.elapsed();
                telemetry::plan_lookup_timed(elapsed);
                report.lookup = Some(elapsed);
                match found {
                    Ok(Lookup::Hit { plan, similarity, origin, entry, rejected }) => {
                        report.rejected = rejected;
                        telemetry::plan_generated("cache", &template.text, Some(similarity));
                        let made = Made {
                            source: "cache",
                            origin,
                            similarity: Some(similarity),
                            usage: None,
                            cache_entry: Some(entry),
                        };
                        report.answer = generated(&self.catalog, request, plan, &template, made);
                        return report;
                    }
                    Ok(Lookup::Miss { embedding, rejected }) => {
                        telemetry::plan_cache_missed(&template.text, rejected.len());
                        report.rejected = rejected;
                        Some(embedding)
                    }
                    Err(error) => {
                        telemetry::plan_cache_failed(&error);
                        None
                    }
                }
            }
            None => None,
        };
        let fresh = match &self.fallback {
            Fallback::Llm(llm) => match llm.plan(&request.goal, &template, &self.catalog).await {
                Ok(made) => {
                    report.llm_calls = made.calls;
                    telemetry::llm_called(made.calls, made.usage.prompt_tokens, made.usage.completion_tokens);
                    let usage = TokenUsage {
                        calls: made.calls,
                        prompt_tokens: made.usage.prompt_tokens,
                        completion_tokens: made.usage.completion_tokens,
                        model: Some(llm.model().to_owned()),
                        cost: None,
                    };
                    let usage = self.prices.priced(usage);
                    let template_plan = made.template_plan.ok_or(SAME_VALUES);
                    Ok((made.plan, template_plan, "llm", llm.provenance(), Some(usage)))
                }
                Err(e) => {
                    let (LlmError::Invalid { usage, calls, .. } | LlmError::Api { usage, calls, .. }) = &e;
                    report.llm_calls = *calls;
                    telemetry::llm_called(*calls, usage.prompt_tokens, usage.completion_tokens);
                    Err(e.to_string())
                }
            },
            Fallback::Builtin(classifier) => {
                let opinion = match classifier {
                    Some(classifier) => self.opinion(classifier, &template, embedding.as_deref()).await,
                    None => None,
                };
                let weighed = builtin::plan_weighed(&template, &intents, unplaced.as_deref(), opinion.as_ref());
                if let Some(opinion) = &opinion {
                    telemetry::plan_second_opinion(verdict(opinion, &weighed), &template.text);
                }
                weighed
                    .map(|(plan, reading)| {
                        let template_plan = match reading {
                            Reading::Lexicon => parameterize(&plan, &template).ok_or(SAME_VALUES),
                            Reading::Classifier => Err("planned on the classifier's word alone"),
                        };
                        (plan, template_plan, "builtin", builtin::provenance(), None)
                    })
                    .map_err(|e| e.to_string())
            }
        };
        match fresh {
            Ok((plan, template_plan, source, provenance, usage)) => {
                let mut cache_entry = None;
                if let (Some(cache), Some(embedding)) = (cache, embedding) {
                    match &template_plan {
                        Ok(template_plan) => {
                            cache_entry = self
                                .remember(
                                    cache,
                                    owner,
                                    &template,
                                    &intents.to_string(),
                                    template_plan,
                                    &provenance,
                                    &embedding,
                                )
                                .await;
                        }
                        Err(why) => telemetry::plan_not_cached(&template.text, why),
                    }
                }
                telemetry::plan_generated(source, &template.text, None);
                let made = Made { source, origin: provenance, similarity: None, usage, cache_entry };
                report.answer = generated(&self.catalog, request, plan, &template, made);
            }
            Err(reason) => report.answer = failed(request, reason),
        }
        report
    }

    /// The built-in planner's classifier, when it plans with one.
    fn classifier(&self) -> Option<&IntentClassifier> {
        match &self.fallback {
            Fallback::Builtin(classifier) => classifier.as_deref(),
            Fallback::Llm(_) => None,
        }
    }

    /// The classifier's opinion of the goal, read from the embedding the cache lookup made or a
    /// fresh one. None if the embedder fails: the lexicon then plans alone, as it does without
    /// the classifier (counted, like a cache failure).
    async fn opinion(
        &self,
        classifier: &IntentClassifier,
        template: &Template,
        looked_up: Option<&[f32]>,
    ) -> Option<Opinion> {
        if let Some(embedding) = looked_up {
            return classifier.judge(embedding);
        }
        match self.embedder.embed(std::slice::from_ref(&template.text)).await {
            Ok(mut vectors) => classifier.judge(&vectors.pop().unwrap_or_default()),
            Err(error) => {
                telemetry::plan_second_opinion("unavailable", &template.text);
                telemetry::plan_cache_failed(&error.to_string());
                None
            }
        }
    }

    async fn lookup(&self, cache: &PlanCache, tenant: &str, goal: GoalShape<'_>) -> Result<Lookup, String> {
        let texts = [goal.template.text.clone()];
        let embedding = self.embedder.embed(&texts).await.map_err(|e| e.to_string())?.pop().unwrap_or_default();
        let candidates = cache
            .nearest(tenant, self.catalog.version(), &embedding, self.settings.candidates)
            .await
            .map_err(|e| e.to_string())?;
        let opinion = self.classifier().and_then(|classifier| classifier.judge(&embedding));
        let mut rejected = Vec::new();
        for candidate in candidates {
            let checked = verify(&candidate, goal, &self.catalog, self.settings.threshold, self.settings.checks)
                .and_then(|plan| match opinion.as_ref().and_then(|o| o.dispute(&plan)) {
                    Some((cached, told)) => Err(ReuseRefusal::Disputed { cached, told }),
                    None => Ok(plan),
                });
            match checked {
                Ok(plan) => {
                    if let Err(e) = cache.record_hit(&candidate.key).await {
                        telemetry::plan_cache_failed(&e.to_string());
                    }
                    let entry = cache.id_of(&candidate.key).to_owned();
                    let (similarity, origin) = (candidate.similarity, candidate.entry.origin);
                    return Ok(Lookup::Hit { plan, similarity, origin, entry, rejected });
                }
                Err(why) => {
                    telemetry::plan_hit_rejected(why.reason(), &why.to_string(), candidate.similarity);
                    rejected.push((candidate.similarity, why));
                }
            }
        }
        Ok(Lookup::Miss { embedding, rejected })
    }

    #[allow(clippy::too_many_arguments)]
    async fn remember(
        &self,
        cache: &PlanCache,
        tenant: &str,
        template: &Template,
        signature: &str,
        plan: &Plan,
        origin: &str,
        embedding: &[f32],
    ) -> Option<String> {
        let plan = serde_json::to_string(plan).ok()?;
        let entry = Entry {
            template: template.text.clone(),
            slots: slot_kinds(template),
            signature: signature.to_owned(),
            plan,
            origin: origin.to_owned(),
        };
        match cache.store(tenant, self.catalog.version(), embedding, &entry).await {
            Ok(key) => Some(cache.id_of(&key).to_owned()),
            Err(e) => {
                telemetry::plan_cache_failed(&e.to_string());
                None
            }
        }
    }
}

enum Lookup {
    Hit { plan: Plan, similarity: f64, origin: String, entry: String, rejected: Vec<(f64, ReuseRefusal)> },
    Miss { embedding: Vec<f32>, rejected: Vec<(f64, ReuseRefusal)> },
}

/// How a plan was made: by the cache, an LLM or the built-in planner.
struct Made {
    source: &'static str,
    /// The maker and its version (`llm/<model>/prompt-1`, `builtin/2`), or the reused entry's.
    origin: String,
    similarity: Option<f64>,
    usage: Option<TokenUsage>,
    /// The cache entry it came from or was stored as.
    cache_entry: Option<String>,
}

/// The `PlanGenerated` answer, with the catalog's step defaults put on the plan.
fn generated(catalog: &ToolCatalog, request: &PlanGoal, mut plan: Plan, template: &Template, made: Made) -> Input {
    catalog.apply_defaults(&mut plan);
    Input::PlanGenerated(PlanGenerated {
        command_id: request.command_id,
        plan: plan.into(),
        source: made.source.to_owned(),
        template: Some(template.text.clone()),
        similarity: made.similarity,
        parameters: Some(parameters(template)),
        usage: made.usage,
        origin: Some(made.origin).filter(|o| !o.is_empty()),
        catalog: Some(catalog.version().to_owned()),
        cache_entry: made.cache_entry,
    })
}

fn failed(request: &PlanGoal, reason: String) -> Input {
    Input::PlanFailed(PlanFailed { command_id: request.command_id, reason })
}
