//! `apex tools list` and `apex tools check FILE`: what the catalog holds, and whether a file
//! would load, with errors that name the tool and field.

use std::path::PathBuf;

use super::demo::DemoSettings;
use super::spec::{self, Kind, SpecError};
use super::{ToolSpec, Tools};
use crate::config::Config;

/// `apex tools …`.
#[derive(Debug, clap::Subcommand)]
pub enum ToolsAction {
    /// The catalog the planner and executor load (APEX_TOOLS, else the built-in demo tools).
    List,
    /// Check a catalog file: every tool, field and reference; exit 1 with the first error.
    Check {
        /// The YAML or JSON file.
        file: PathBuf,
    },
}

/// Runs `action`.
///
/// # Errors
/// [`SpecError`] when the catalog file is unreadable or wrong.
pub fn run(config: &Config, action: ToolsAction) -> Result<(), SpecError> {
    match action {
        ToolsAction::List => {
            let tools = Tools::load(config, &DemoSettings::default())?;
            let origin = config.tools_file.as_deref().unwrap_or("built-in demo tools (APEX_TOOLS unset)");
            println!("catalog {origin}, version {}", tools.version());
            for spec in tools.specs() {
                println!("{}", describe(spec));
            }
        }
        ToolsAction::Check { file } => {
            let env = |name: &str| std::env::var(name).ok();
            let specs = spec::load(&file, env)?;
            let tools = Tools::from_specs(specs, &DemoSettings::default(), env)?;
            println!("{}: {} tools, version {}", file.display(), tools.specs().count(), tools.version());
        }
    }
    Ok(())
}

/// One tool as `apex tools list` shows it (never a credential: only the variable's name).
pub fn describe(spec: &ToolSpec) -> String {
    let kind = match &spec.kind {
        Kind::Builtin => "builtin".to_owned(),
        Kind::Custom => "custom: implemented by a custom executor".to_owned(),
        Kind::Http { url, auth } => {
            let auth = auth.as_ref().map(|a| format!(", {} from ${}", a.header, a.env)).unwrap_or_default();
            format!("http {url}{auth}")
        }
    };
    let mut line = format!("- {} ({kind})", spec.name);
    if let Some(undo) = &spec.compensation {
        line.push_str(&format!(", undone by {undo}"));
    }
    if let Some(ms) = spec.timeout_ms {
        line.push_str(&format!(", timeout {ms} ms"));
    }
    if let Some(retry) = &spec.retry {
        line.push_str(&format!(", {} attempts", retry.max_attempts));
    }
    if !spec.description.is_empty() {
        line.push_str(&format!("\n    {}", spec.description));
    }
    line.push_str(&format!("\n    parameters {}", spec.parameters));
    line
}
