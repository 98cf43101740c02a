//! The core stays pure. It is its own crate (`crates/apex-core`), so the compiler refuses any
//! use of a crate its manifest does not name; this test keeps IO and async crates out of that
//! manifest, where a one-line change could otherwise let them in.

use std::fs;

const FORBIDDEN: [&str; 8] = ["tokio", "rdkafka", "redis", "sqlx", "reqwest", "axum", "hyper", "futures"];

/// The names of the dependencies a Cargo manifest declares, in every dependency table.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line.trim_matches(['[', ']']).ends_with("dependencies");
        } else if in_dependencies && let Some((name, _)) = line.split_once('=') {
            names.push(name.trim().to_owned());
        }
    }
    names
}

#[test]
fn the_core_crate_depends_on_no_io_crate() {
    let manifest = fs::read_to_string("crates/apex-core/Cargo.toml").unwrap();
    let names = dependencies(&manifest);
    assert!(names.iter().any(|n| n == "serde"), "the manifest was not read: {names:?}");
    for krate in FORBIDDEN {
        assert!(!names.iter().any(|n| n == krate), "the core must not depend on `{krate}`");
    }
}

#[test]
fn the_check_reads_every_dependency_table() {
    let manifest = "[package]\nname = \"x\"\n[dependencies]\nserde = \"1\"\n[dev-dependencies]\ntokio = \"1\"\n";
    assert_eq!(dependencies(manifest), ["serde", "tokio"]);
}

/// The roles (one consumer group or server each).
const ROLES: [&str; 5] = ["processor", "planner", "executor", "projector", "api"];

/// Every `.rs` file below `dir`.
fn sources(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}

/// Roles depend on the core and on infrastructure, never on one another: what two roles share
/// lives in a shared module (kafka, store, worker, clock, shutdown, …).
#[test]
fn no_role_imports_another_role() {
    let mut checked = 0;
    for role in ROLES {
        for path in sources(&std::path::Path::new("src").join(role)) {
            let text = fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                for other in ROLES.iter().filter(|other| **other != role) {
                    let import = format!("crate::{other}::");
                    assert!(
                        !code.contains(&import),
                        "{}:{}: role {role} uses role {other}: {line}",
                        path.display(),
                        n + 1
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} role files found");
}
