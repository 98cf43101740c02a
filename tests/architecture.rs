//! The core stays pure: no module under `src/core` may use an IO or async crate.

use std::fs;
use std::path::Path;

const FORBIDDEN: [&str; 6] = ["tokio", "rdkafka", "redis", "sqlx", "reqwest", "axum"];

fn uses(line: &str, krate: &str) -> bool {
    let code = line.split("//").next().unwrap_or_default();
    code.contains(&format!("{krate}::"))
        || code.trim_start().starts_with(&format!("use {krate}"))
        || code.contains(&format!("extern crate {krate}"))
}

#[test]
fn the_core_imports_no_io_crate() {
    let dir = Path::new("src/core");
    let mut checked = 0;
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            for krate in FORBIDDEN {
                assert!(!uses(line, krate), "{}:{}: the core must not use `{krate}`: {line}", path.display(), n + 1);
            }
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} core files found");
}

#[test]
fn the_check_recognises_a_forbidden_use() {
    assert!(uses("use tokio::sync::mpsc;", "tokio"));
    assert!(uses("    let c = redis::Client::open(url);", "redis"));
    assert!(!uses("/// unlike tokio:: this is pure", "tokio"));
}
