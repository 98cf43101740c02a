//! `apex doctor`: checks every dependency the configuration names and says exactly what is
//! wrong: the broker and the six topics, Redis and its RediSearch module, PostgreSQL and the
//! migrations, the LLM endpoint and the embedder. Exit code 1 when any check fails.

use std::time::Duration;

use super::OpsError;
use crate::config::{Config, EmbedderKind};

/// One check's verdict.
struct Check {
    name: &'static str,
    result: Result<String, String>,
}

async fn kafka(config: &Config) -> Result<String, String> {
    let config = config.clone();
    tokio::task::spawn_blocking(move || {
        crate::kafka::topics::check(&config)
            .map(|partitions| format!("{}: the six topics exist ({partitions} envelope partitions)", config.brokers))
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())
}

async fn redis(url: &str) -> Result<String, String> {
    let shown = crate::secret::redact_url(url);
    let client = redis::Client::open(url).map_err(|e| format!("{shown}: {e}"))?;
    let mut conn = tokio::time::timeout(Duration::from_secs(3), client.get_multiplexed_async_connection())
        .await
        .map_err(|_| format!("{shown}: no answer within 3 s"))?
        .map_err(|e| format!("{shown}: {e}"))?;
    let modules: redis::Value =
        redis::cmd("MODULE").arg("LIST").query_async(&mut conn).await.map_err(|e| format!("{shown}: {e}"))?;
    if !format!("{modules:?}").to_lowercase().contains("search") {
        return Err(format!(
            "{shown}: answers, but without the RediSearch module the plan cache cannot work (use Redis Stack)"
        ));
    }
    Ok(format!("{shown}: answers, RediSearch loaded"))
}

async fn postgres(url: &str) -> Result<String, String> {
    let pool = crate::store::connect(url).await.map_err(|e| e.to_string())?;
    let applied: i64 = sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success")
        .fetch_one(&pool)
        .await
        .map_err(|_| "connected, but no migrations are applied: run `apex migrate`".to_owned())?;
    let known = crate::store::MIGRATOR.migrations.len() as i64;
    if applied < known {
        return Err(format!("{applied} of {known} migrations applied: run `apex migrate`"));
    }
    Ok(format!("connected; {applied} of {known} migrations applied"))
}

async fn llm(config: &Config) -> Result<String, String> {
    let settings = &config.planner;
    let Some(base) = settings.llm_base_url.as_ref().map(crate::secret::Secret::expose) else {
        return Ok("not configured: misses are planned by the built-in planner".into());
    };
    let client = crate::planner::openai::OpenAi::new(crate::planner::openai::Endpoint {
        base_url: base.to_owned(),
        api_key: settings.llm_api_key.clone(),
        model: settings.llm_model.clone(),
        timeout: Duration::from_millis(settings.llm_timeout_ms),
        concurrency: 1,
    })
    .map_err(|e| e.to_string())?;
    let probe = [serde_json::json!({"role": "user", "content": "Reply with the word ok."})];
    client
        .chat(&probe, None)
        .await
        .map(|_| format!("{}: model {} answers", crate::secret::redact_url(base), settings.llm_model))
        .map_err(|e| format!("{}: {e}", crate::secret::redact_url(base)))
}

fn embedder(config: &Config) -> Result<String, String> {
    match config.planner.embedder {
        EmbedderKind::Builtin => Ok("builtin (no model, no network)".into()),
        EmbedderKind::OpenAi => Ok("openai-compatible endpoint (probed at planner start)".into()),
        EmbedderKind::MiniLm => {
            let dir = std::path::Path::new(config.planner.embeddings_model_dir.as_deref().unwrap_or_default());
            let missing: Vec<&str> = ["config.json", "tokenizer.json", "model.safetensors"]
                .into_iter()
                .filter(|f| !dir.join(f).exists())
                .collect();
            if missing.is_empty() {
                Ok(format!("minilm from {}", dir.display()))
            } else {
                Err(format!("{} lacks {}", dir.display(), missing.join(", ")))
            }
        }
    }
}

/// Runs every check and prints one line each.
///
/// # Errors
/// [`OpsError::Failed`] naming how many checks failed.
pub async fn run(config: &Config) -> Result<(), OpsError> {
    let mut checks = vec![Check { name: "kafka", result: kafka(config).await }];
    checks.push(Check {
        name: "redis",
        result: match &config.redis_url {
            Some(url) => redis(url.expose()).await,
            None => Ok("not configured: executors run unguarded and the plan cache is off".into()),
        },
    });
    checks.push(Check {
        name: "postgres",
        result: match &config.database_url {
            Some(url) => postgres(url.expose()).await,
            None => Err("APEX_DATABASE_URL is not set: the projector, the API and `apex workflows` need it".into()),
        },
    });
    checks.push(Check { name: "llm", result: llm(config).await });
    checks.push(Check { name: "embedder", result: embedder(config) });
    checks.push(Check {
        name: "api tokens",
        result: if config.api_tokens.is_empty() {
            Err("APEX_API_TOKENS is empty: the API refuses every /workflows call".into())
        } else {
            Ok(format!("{} token(s)", config.api_tokens.len()))
        },
    });
    let failed = checks.iter().filter(|c| c.result.is_err()).count();
    for check in &checks {
        match &check.result {
            Ok(detail) => println!("ok    {:<11} {detail}", check.name),
            Err(problem) => println!("FAIL  {:<11} {problem}", check.name),
        }
    }
    if failed > 0 {
        return Err(OpsError::Failed(format!("{failed} of {} checks failed", checks.len())));
    }
    Ok(())
}
