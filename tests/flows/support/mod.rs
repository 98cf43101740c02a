//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod broker;
pub mod http;
pub mod kafka;
pub mod openai;
pub mod postgres;
pub mod redis;
pub mod registry;
pub mod samples;

/// Runs `apex args…` with `env`, as an operator would: its output.
pub fn apex(env: &[(String, String)], args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_apex"))
        .args(args)
        .envs(env.iter().cloned())
        .output()
        .expect("apex runs")
}

/// Everything a command printed: its standard output, then its standard error.
pub fn printed(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr)
}

/// How long a test may wait for a condition before it fails: `seconds` × `APEX_TEST_PATIENCE`
/// (a factor, default 1). One setting for a slower machine, instead of deadlines that each
/// grow silently after a flake.
pub fn patience(seconds: u64) -> std::time::Duration {
    let factor: f64 = std::env::var("APEX_TEST_PATIENCE").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
    std::time::Duration::from_secs_f64(seconds as f64 * factor.max(0.1))
}

/// The instant a wait of `seconds` (scaled by [`patience`]) gives up.
pub fn deadline(seconds: u64) -> std::time::Instant {
    std::time::Instant::now() + patience(seconds)
}
