//! A custom executor built on the crate: a tool written in Rust, run by APEX's worker runtime
//! (concurrency, offsets, the Redis guard, graceful stop) beside the catalog's other tools.
//!
//! The catalog file describes the tool to planners with `kind: custom`:
//!
//! ```yaml
//! tools:
//!   - name: get_weather
//!     kind: custom
//!     description: Today's weather in a city.
//!     parameters: { type: object, properties: { city: { type: string } }, required: [city] }
//!   - name: send_email
//!     kind: builtin
//! ```
//!
//! Run it instead of `apex executor` (same consumer group, same settings):
//!
//! ```bash
//! APEX_TOOLS=tools.yaml cargo run --example custom_executor
//! ```

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use apex::tools::demo::DemoSettings;
use apex::tools::{Tool, ToolCall, ToolError, Tools};
use serde_json::{Value, json};

/// The custom tool. Calls run concurrently: use async IO, or `spawn_blocking` for blocking code.
struct Weather;

#[async_trait::async_trait]
impl Tool for Weather {
    fn name(&self) -> &str {
        "get_weather"
    }

    fn parameters(&self) -> Value {
        json!({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})
    }

    async fn execute(&self, call: &ToolCall<'_>) -> Result<Value, ToolError> {
        let city = call.input["city"].as_str().ok_or_else(|| ToolError::permanent("no city given"))?;
        // A real tool would call a service here, passing `call.idempotency_key` along so that a
        // retried attempt of the same step is recognised.
        Ok(json!({"city": city, "forecast": "sunny", "celsius": 21}))
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = apex::config::Config::from_env()?;
    apex::telemetry::init(&config.log_format);
    let ours: Vec<Arc<dyn Tool>> = vec![Arc::new(Weather)];
    // With APEX_TOOLS: the file's tools, its `custom` ones implemented here; without: ours alone.
    let tools = match &config.tools_file {
        Some(_) => Tools::load_with(&config, &DemoSettings::default(), ours)?,
        None => Tools::of(ours),
    };
    let executor = apex::executor::build(&config, tools).await?;
    let codec = apex::codec::wire::WireCodec::from_config(&config)?;
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        flag.store(true, Ordering::Relaxed);
    });
    let group = format!("{}executor", config.topic_prefix);
    apex::worker::run(&config, &group, codec, shutdown, Arc::new(executor)).await?;
    Ok(())
}
