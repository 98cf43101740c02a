//! `apex bench cache`: the semantic plan cache on the real Redis Stack.
//!
//! 1. **Reuse quality.** A warm-up stream of goals (seen paraphrases and entities) fills the
//!    cache; an evaluation stream (every paraphrase, only held-out entities, near-miss
//!    opposites included) is then planned. Every miss calls the fallback planner — the built-in
//!    planner stands in for the LLM, so its calls are the "LLM calls". A reused plan is *wrong*
//!    when its tools, dependencies or parameters differ from the plan the fallback makes for
//!    that goal from scratch. The same streams run twice, side by side: with the full guard and
//!    with similarity-only reuse (what unverified semantic caches do), as the baseline.
//! 2. **Lookup latency at scale.** An index is filled with N distinct templates, then goal
//!    templates are embedded and searched (KNN, k = 5); p50/p99 of that lookup are reported.
//!
//! `--thresholds` sweeps the reuse threshold. `--corpus FILE` replaces the generated streams
//! with JSONL goals (`{"goal", "timestamp"}`), planned in order; `--out FILE` writes one JSONL
//! line per evaluated goal (guarded run at the first threshold).

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::config::Config;
use crate::core::command::PlanGoal;
use crate::core::ids::CommandId;
use crate::core::input::Input;
use crate::core::time::Timestamp;
use crate::planner::cache::{Entry, PlanCache};
use crate::planner::corpus::{CorpusGoal, Split, filler_templates, stream};
use crate::planner::service::{CacheSettings, Fallback, Planner, Report};
use crate::planner::template::extract;
use crate::planner::verify::Checks;
use crate::planner::{builtin, catalog::ToolCatalog, embed::Embedder};

/// Options of `apex bench cache`.
#[derive(Debug, Clone, clap::Args)]
pub struct CacheArgs {
    /// Goals in the warm-up stream.
    #[arg(long, default_value_t = 2_000)]
    pub warmup: usize,
    /// Goals in the evaluation stream.
    #[arg(long, default_value_t = 10_000)]
    pub goals: usize,
    /// Templates in the index for the latency phase (0 skips it).
    #[arg(long, default_value_t = 100_000)]
    pub templates: usize,
    /// Lookups timed in the latency phase.
    #[arg(long, default_value_t = 2_000)]
    pub queries: usize,
    /// Reuse thresholds (cosine) to sweep, comma-separated; default: APEX_PLAN_CACHE_THRESHOLD.
    #[arg(long, value_delimiter = ',')]
    pub thresholds: Vec<f64>,
    /// Seed of the generated streams.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// JSONL goals (`{"goal": …, "timestamp": …}`) to plan instead of the generated streams.
    #[arg(long)]
    pub corpus: Option<PathBuf>,
    /// Writes one JSONL line per evaluated goal (guarded run).
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// Why the benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum CacheBenchError {
    #[error("APEX_REDIS_URL is empty; the plan cache needs Redis Stack")]
    NoRedis,
    #[error(transparent)]
    Planner(#[from] crate::planner::PlannerStartError),
    #[error(transparent)]
    Cache(#[from] crate::planner::cache::CacheError),
    #[error(transparent)]
    Embed(#[from] crate::planner::embed::EmbedError),
    #[error("{path}: line {line}: {reason}")]
    Corpus { path: String, line: usize, reason: String },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What one run of a stream measured.
#[derive(Debug, Default, Clone)]
struct Quality {
    goals: usize,
    hits: usize,
    wrong: usize,
    fallback_calls: usize,
    failed: usize,
    rejected: std::collections::BTreeMap<&'static str, usize>,
}

impl Quality {
    fn avoided(&self) -> f64 {
        self.hits as f64 / self.goals.max(1) as f64
    }
    fn wrong_rate(&self) -> f64 {
        self.wrong as f64 / self.hits.max(1) as f64
    }
}

fn read_corpus(path: &PathBuf) -> Result<Vec<CorpusGoal>, CacheBenchError> {
    let file = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut goals = Vec::new();
    for (i, line) in file.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let goal: CorpusGoal = serde_json::from_str(&line).map_err(|e| CacheBenchError::Corpus {
            path: path.display().to_string(),
            line: i + 1,
            reason: e.to_string(),
        })?;
        Timestamp::parse_rfc3339(&goal.timestamp).map_err(|e| CacheBenchError::Corpus {
            path: path.display().to_string(),
            line: i + 1,
            reason: format!("timestamp: {e}"),
        })?;
        goals.push(goal);
    }
    Ok(goals)
}

fn request(goal: &CorpusGoal, n: usize) -> PlanGoal {
    let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("bench/{n}/{}", goal.goal).as_bytes());
    PlanGoal { command_id: CommandId::from_uuid(id), attempt: 1, goal: goal.goal.clone(), user_id: "bench".into() }
}

fn steps(plan: &crate::core::plan::Plan) -> Value {
    json!(
        plan.steps
            .iter()
            .map(|s| json!({"id": s.id.as_str(), "tool": s.tool.as_str(), "input": s.input.value(),
        "depends_on": s.depends_on.iter().map(|d| d.as_str()).collect::<Vec<_>>()}))
            .collect::<Vec<_>>()
    )
}

/// The line `--out` writes for one goal.
fn out_line(goal: &CorpusGoal, report: &Report, correct: Option<bool>) -> Value {
    let (source, similarity, plan) = match &report.answer {
        Input::PlanGenerated(p) => (p.source.as_str(), p.similarity, steps(&p.plan)),
        Input::PlanFailed(f) => ("failed", None, json!({"error": f.reason})),
        _ => ("failed", None, Value::Null),
    };
    json!({
        "goal": goal.goal, "timestamp": goal.timestamp, "hit": source == "cache", "source": source,
        "similarity": similarity, "template": report.template.text, "plan": plan, "correct": correct,
        "rejected": report.rejected.iter().map(|(s, r)| json!({"similarity": s, "reason": r.reason()})).collect::<Vec<_>>(),
    })
}

/// Plans `warmup` then `eval` with a fresh cache; checks every reuse against the fallback.
async fn run_stream(
    planner: &Planner,
    warmup: &[CorpusGoal],
    eval: &[CorpusGoal],
    mut out: Option<&mut std::io::BufWriter<std::fs::File>>,
) -> Result<Quality, CacheBenchError> {
    for (n, goal) in warmup.iter().enumerate() {
        let now = Timestamp::parse_rfc3339(&goal.timestamp).unwrap_or(Timestamp::from_millis(0));
        planner.plan("bench", &request(goal, n), now).await;
    }
    let mut q = Quality { goals: eval.len(), ..Quality::default() };
    for (n, goal) in eval.iter().enumerate() {
        let now = Timestamp::parse_rfc3339(&goal.timestamp).unwrap_or(Timestamp::from_millis(0));
        let report = planner.plan("bench", &request(goal, warmup.len() + n), now).await;
        for (_, why) in &report.rejected {
            *q.rejected.entry(why.reason()).or_default() += 1;
        }
        let mut correct = None;
        match &report.answer {
            Input::PlanGenerated(p) if p.source == "cache" => {
                q.hits += 1;
                let fresh = builtin::plan(&extract(&goal.goal, now)).ok();
                let ok = fresh.as_ref().map(steps) == Some(steps(&p.plan));
                if !ok {
                    q.wrong += 1;
                }
                correct = Some(ok);
            }
            Input::PlanGenerated(_) => q.fallback_calls += 1,
            _ => {
                q.fallback_calls += 1;
                q.failed += 1;
            }
        }
        if let Some(out) = out.as_deref_mut() {
            writeln!(out, "{}", out_line(goal, &report, correct))?;
        }
    }
    Ok(q)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Fills an index with `n` templates and times `queries` lookups (embed + KNN).
async fn latency(
    config: &Config,
    embedder: &Arc<dyn Embedder>,
    catalog: &ToolCatalog,
    args: &CacheArgs,
    queries: &[CorpusGoal],
) -> Result<Value, CacheBenchError> {
    let url = config.redis_url.as_ref().map(crate::secret::Secret::expose).ok_or(CacheBenchError::NoRedis)?;
    let ns = format!("bench-{}:", &uuid::Uuid::new_v4().simple().to_string()[..8]);
    let cache = PlanCache::connect(url, &ns, &embedder.id(), embedder.dimensions(), Duration::from_secs(3600)).await?;
    let started = Instant::now();
    for chunk in filler_templates(args.templates, args.seed).chunks(1_000) {
        let vectors = embedder.embed(chunk).await?;
        let entries: Vec<(Vec<f32>, Entry)> = vectors
            .into_iter()
            .zip(chunk)
            .map(|(v, text)| {
                let entry = Entry {
                    template: text.clone(),
                    slots: String::new(),
                    signature: String::new(),
                    plan: "{\"steps\":[]}".into(),
                    origin: "filler".into(),
                };
                (v, entry)
            })
            .collect();
        cache.store_many("bench", catalog.version(), &entries).await?;
    }
    let fill = started.elapsed();
    let (mut lookups, mut searches) = (Vec::with_capacity(queries.len()), Vec::with_capacity(queries.len()));
    let mut found = 0usize;
    for goal in queries {
        let now = Timestamp::parse_rfc3339(&goal.timestamp).unwrap_or(Timestamp::from_millis(0));
        let text = [extract(&goal.goal, now).text];
        let started = Instant::now();
        let vector = embedder.embed(&text).await?.pop().unwrap_or_default();
        let embedded = Instant::now();
        let hits = cache.nearest("bench", catalog.version(), &vector, 5).await?;
        lookups.push(started.elapsed());
        searches.push(embedded.elapsed());
        found += hits.len();
    }
    lookups.sort();
    searches.sort();
    let stats = cache.stats().await?;
    cache.drop_all().await?;
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    Ok(json!({
        "templates": stats.entries, "fill_seconds": fill.as_secs_f64(), "queries": lookups.len(),
        "candidates_per_query": found as f64 / lookups.len().max(1) as f64,
        "p50_ms": ms(percentile(&lookups, 0.5)), "p99_ms": ms(percentile(&lookups, 0.99)),
        "knn_p50_ms": ms(percentile(&searches, 0.5)), "knn_p99_ms": ms(percentile(&searches, 0.99)),
        "max_ms": ms(lookups.last().copied().unwrap_or_default()),
    }))
}

fn summary(q: &Quality) -> Value {
    json!({"goals": q.goals, "hits": q.hits, "llm_calls": q.fallback_calls, "llm_calls_avoided": q.avoided(),
        "wrong_reuses": q.wrong, "wrong_reuse_rate": q.wrong_rate(), "failed": q.failed, "rejected_hits": q.rejected})
}

/// Runs the benchmark and prints its report (a table, then one JSON line).
///
/// # Errors
/// [`CacheBenchError`] when Redis Stack, the embedder or the corpus file is unusable.
pub async fn run(config: &Config, args: CacheArgs) -> Result<(), CacheBenchError> {
    let url = config.redis_url.as_ref().map(crate::secret::Secret::expose).ok_or(CacheBenchError::NoRedis)?;
    let base = crate::planner::build(config).await?;
    let embedder = base.embedder.clone();
    let thresholds =
        if args.thresholds.is_empty() { vec![config.planner.cache_threshold] } else { args.thresholds.clone() };
    let (warmup, eval) = match &args.corpus {
        Some(path) => (Vec::new(), read_corpus(path)?),
        None => (stream(args.seed, args.warmup, Split::Seen), stream(args.seed + 1, args.goals, Split::HeldOut)),
    };
    println!("apex bench cache: embedder {}, {} warm-up + {} evaluated goals", embedder.id(), warmup.len(), eval.len());
    let mut out = match &args.out {
        Some(path) => Some(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => None,
    };
    let mut results = Vec::new();
    for (i, &threshold) in thresholds.iter().enumerate() {
        for (name, checks) in [("guarded", Checks::All), ("similarity_only", Checks::SimilarityOnly)] {
            let ns = format!("bench-{}:", &uuid::Uuid::new_v4().simple().to_string()[..8]);
            let cache =
                PlanCache::connect(url, &ns, &embedder.id(), embedder.dimensions(), Duration::from_secs(3600)).await?;
            let planner = Planner {
                catalog: base.catalog.clone(),
                embedder: embedder.clone(),
                cache: Some(cache.clone()),
                fallback: Fallback::Builtin(None),
                settings: CacheSettings { threshold, checks, ..CacheSettings::default() },
                prices: Default::default(),
            };
            let started = Instant::now();
            let writer = if checks == Checks::All && i == 0 { out.as_mut() } else { None };
            let q = run_stream(&planner, &warmup, &eval, writer).await?;
            let seconds = started.elapsed().as_secs_f64();
            cache.drop_all().await?;
            println!(
                "  threshold {threshold:.2} {name:<16} LLM calls avoided {:>6.2}%  wrong reuse {:>6.3}% ({} of {} hits)  ({:.1}s, {:.0} goals/s)",
                q.avoided() * 100.0,
                q.wrong_rate() * 100.0,
                q.wrong,
                q.hits,
                seconds,
                (warmup.len() + eval.len()) as f64 / seconds
            );
            let mut summary = summary(&q);
            summary["threshold"] = json!(threshold);
            summary["checks"] = json!(name);
            results.push(summary);
        }
    }
    if let Some(out) = out.as_mut() {
        out.flush()?;
    }
    let latency = if args.templates > 0 {
        let queries = if eval.is_empty() {
            stream(args.seed + 2, args.queries, Split::HeldOut)
        } else {
            eval.iter().cycle().take(args.queries).cloned().collect()
        };
        let l = latency(config, &embedder, &base.catalog, &args, &queries).await?;
        let f = |k: &str| l[k].as_f64().unwrap_or(0.0);
        println!(
            "  lookup over {} templates: embed + KNN p50 {:.3} ms p99 {:.3} ms; KNN alone p50 {:.3} ms p99 {:.3} ms (index filled in {:.1}s)",
            l["templates"],
            f("p50_ms"),
            f("p99_ms"),
            f("knn_p50_ms"),
            f("knn_p99_ms"),
            f("fill_seconds")
        );
        l
    } else {
        Value::Null
    };
    println!("{}", json!({"embedder": embedder.id(), "quality": results, "latency": latency}));
    Ok(())
}
