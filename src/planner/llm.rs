//! Planning with an LLM over an OpenAI-compatible chat API, under a JSON Schema (structured
//! output). The reply is checked like any other plan: it must parse as a [`Plan`], fill every
//! placeholder from the goal's slots, validate (DAG, limits) and fit the tool catalog. When it
//! does not, the errors go back to the model and it tries again (the Instructor pattern), up to
//! a bound. Rate limits are waited out (Retry-After, else exponential backoff) without
//! spending an attempt; token usage is summed over every call.

use std::time::Duration;

use serde_json::{Value, json};

use super::catalog::ToolCatalog;
use super::openai::{OpenAi, ProviderError, Usage};
use super::parameterize::{instantiate, parameterize};
use super::template::Template;
use crate::core::plan::{Limits, Plan, ValidPlan};
use crate::retry::Backoff;

/// Bounds on how hard the planner tries.
#[derive(Debug, Clone, Copy)]
pub struct Retries {
    /// Answers the model may give in all (the first included).
    pub max_attempts: u32,
    /// 429 answers waited out per plan.
    pub max_rate_limit_waits: u32,
    /// First backoff when the server gives no Retry-After; doubles each time.
    pub initial_backoff: Duration,
    /// Longest single wait.
    pub max_backoff: Duration,
}

impl Default for Retries {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            max_rate_limit_waits: 5,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(20),
        }
    }
}

/// A plan from the model.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmPlan {
    /// The plan for this goal, with its values filled in.
    pub plan: Plan,
    /// The same plan with placeholders, for the cache (`None`: unfit for reuse, see
    /// [`parameterize`]).
    pub template_plan: Option<Plan>,
    /// Tokens used by every call made for it.
    pub usage: Usage,
    /// Chat calls made (answers received).
    pub calls: u32,
}

/// Why the model gave no usable plan.
#[derive(Debug, thiserror::Error)]
pub enum LlmError {
    #[error("the model gave no valid plan in {attempts} attempt(s); last problem: {last}")]
    Invalid { attempts: u32, last: String, usage: Usage, calls: u32 },
    #[error("LLM call failed: {error}")]
    Api { error: ProviderError, usage: Usage, calls: u32 },
}

/// The LLM planner.
#[derive(Debug, Clone)]
pub struct LlmPlanner {
    client: OpenAi,
    retries: Retries,
    limits: Limits,
}

/// The version of the prompt and the validation feedback the planner sends: cache entries
/// record it with the model, so an operator can tell (and evict) what an older prompt made.
pub const PROMPT_VERSION: u32 = 1;

impl LlmPlanner {
    /// The model it asks.
    pub fn model(&self) -> &str {
        self.client.model()
    }

    /// What a cache entry records as the origin of a plan this planner made.
    pub fn provenance(&self) -> String {
        format!("llm/{}/prompt-{PROMPT_VERSION}", self.client.model())
    }

    /// A planner asking `client`'s model.
    pub fn new(client: OpenAi, retries: Retries) -> Self {
        Self { client, retries, limits: Limits::default() }
    }

    /// Plans `goal` (as written; `template` is its form with placeholders) over `catalog`.
    ///
    /// # Errors
    /// [`LlmError`] when no valid plan came back within the bounds.
    pub async fn plan(&self, goal: &str, template: &Template, catalog: &ToolCatalog) -> Result<LlmPlan, LlmError> {
        let schema = serde_json::to_value(schemars::schema_for!(Plan)).unwrap_or(Value::Null);
        let mut messages = vec![
            json!({"role": "system", "content": system_prompt(catalog)}),
            json!({"role": "user", "content": user_prompt(template)}),
        ];
        let (mut usage, mut calls, mut waits) = (Usage::default(), 0u32, 0u32);
        let mut backoff = Backoff::new(self.retries.initial_backoff, self.retries.max_backoff);
        let mut last = String::new();
        let mut attempts = 0;
        while attempts < self.retries.max_attempts {
            let completion = match self.client.chat(&messages, Some(&schema)).await {
                Ok(c) => c,
                Err(ProviderError::RateLimited { retry_after }) if waits < self.retries.max_rate_limit_waits => {
                    waits += 1;
                    let delay = backoff.next_delay();
                    let wait = retry_after.unwrap_or(delay).min(self.retries.max_backoff);
                    crate::telemetry::llm_rate_limited(wait);
                    tokio::time::sleep(wait).await;
                    continue;
                }
                Err(error @ (ProviderError::Timeout(_) | ProviderError::Status { status: 500..=599, .. }))
                    if attempts + 1 < self.retries.max_attempts =>
                {
                    attempts += 1;
                    last = error.to_string();
                    tokio::time::sleep(backoff.next_delay()).await;
                    continue;
                }
                Err(error) => return Err(LlmError::Api { error, usage, calls }),
            };
            attempts += 1;
            calls += 1;
            usage.prompt_tokens += completion.usage.prompt_tokens;
            usage.completion_tokens += completion.usage.completion_tokens;
            match self.check(&completion.content, goal, template, catalog) {
                Ok(plan) => {
                    let template_plan = parameterize(&plan, template);
                    return Ok(LlmPlan { plan, template_plan, usage, calls });
                }
                Err(problem) => {
                    crate::telemetry::llm_plan_retried(attempts, &problem);
                    messages.push(json!({"role": "assistant", "content": completion.content}));
                    messages.push(json!({"role": "user", "content": format!(
                        "That plan is not valid: {problem}. Answer again with a corrected plan as JSON only."
                    )}));
                    last = problem;
                }
            }
        }
        Err(LlmError::Invalid { attempts, last, usage, calls })
    }

    /// The plan in `reply`, filled from `template`, if it is valid and does only what `goal`
    /// asks ([`super::policy`]).
    fn check(&self, reply: &str, goal: &str, template: &Template, catalog: &ToolCatalog) -> Result<Plan, String> {
        let text = strip_fences(reply);
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let plan: Plan = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = e.path().to_string();
            if path == "." { format!("not a plan: {}", e.inner()) } else { format!("at `{path}`: {}", e.inner()) }
        })?;
        let plan = instantiate(&plan, template).map_err(|e| e.to_string())?;
        catalog.check(&plan).map_err(|e| e.to_string())?;
        ValidPlan::new(plan.clone(), &self.limits).map_err(|e| e.to_string())?;
        super::policy::check(&plan, goal, &super::intent::signature(template), catalog).map_err(|e| {
            crate::telemetry::plan_refused_by_policy(e.reason(), &e.to_string());
            e.to_string()
        })?;
        Ok(plan)
    }
}

/// Models sometimes wrap JSON in a Markdown code fence despite being asked not to.
fn strip_fences(reply: &str) -> &str {
    let trimmed = reply.trim();
    let Some(inner) = trimmed.strip_prefix("```") else { return trimmed };
    let inner = inner.trim_start_matches("json").trim_start();
    inner.strip_suffix("```").unwrap_or(inner).trim()
}

fn system_prompt(catalog: &ToolCatalog) -> String {
    let tools: Vec<String> =
        catalog.tools().iter().map(|(name, schema)| tool_line(name, catalog.description(name), schema)).collect();
    format!(
        "You plan AI-agent goals as sagas for an orchestrator. Answer with one JSON object \
         {{\"steps\": [...]}} and nothing else. Each step has a unique `id`, a `tool` from the \
         catalog below, an `input` object matching that tool's parameters, `depends_on` (ids of \
         steps that must finish first; no cycles), and, for steps with side effects that a catalog \
         tool can undo, a `compensation` {{\"tool\": …}}. Where the goal's values belong, write \
         the placeholders exactly as given ({{{{LOCATION_0}}}}, {{{{DATE_0}}}}, …), not the values.\n\
         Tool catalog (version {}):\n{}",
        catalog.version(),
        tools.join("\n")
    )
}

fn tool_line(name: &str, description: &str, schema: &Value) -> String {
    if description.is_empty() {
        format!("- {name}: parameters {schema}")
    } else {
        format!("- {name}: {description} Parameters {schema}")
    }
}

fn user_prompt(template: &Template) -> String {
    let mut counts = std::collections::BTreeMap::new();
    let slots: Vec<String> = template
        .slots
        .iter()
        .map(|s| {
            let n = counts.entry(s.kind).or_insert(0usize);
            let line = format!("- {{{{{}_{n}}}}} = {}", s.kind, s.value);
            *n += 1;
            line
        })
        .collect();
    format!(
        "Goal template: {}\nPlaceholders:\n{}",
        template.text,
        if slots.is_empty() { "(none)".into() } else { slots.join("\n") }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::time::Timestamp;
    use crate::planner::template::extract;

    #[test]
    fn code_fences_are_stripped() {
        assert_eq!(strip_fences("```json\n{\"steps\": []}\n```"), "{\"steps\": []}");
        assert_eq!(strip_fences(" {\"a\": 1} "), "{\"a\": 1}");
    }

    #[test]
    fn the_prompt_names_every_placeholder_with_its_value() {
        let t = extract("Fly from London to Oslo tomorrow", Timestamp::parse_rfc3339("2026-11-25T10:00:00Z").unwrap());
        let prompt = user_prompt(&t);
        assert!(prompt.contains("Goal template: Fly from {LOCATION} to {LOCATION} {DATE}"), "{prompt}");
        assert!(prompt.contains("{{LOCATION_0}} = London") && prompt.contains("{{LOCATION_1}} = Oslo"), "{prompt}");
        assert!(prompt.contains("{{DATE_0}} = 2026-11-26"), "{prompt}");
    }
}
