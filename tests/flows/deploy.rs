//! The deployment files, checked as far as this machine allows (no Docker engine, no cluster,
//! no helm binary): `scripts/validate-deploy.py` lints and renders the chart with Helm's own
//! library for default and production-like values, validates every manifest against the
//! Kubernetes schemas, and parses docker-compose.yml. This test runs it and checks that
//! compose and the chart set every variable the binary reads.

use std::collections::BTreeSet;
use std::process::Command;

use apex::config::{SECRETS, VARIABLES};

fn report() -> serde_json::Value {
    let python = Command::new("scripts/stack.sh").arg("python").output().expect("stack.sh");
    let python = String::from_utf8(python.stdout).unwrap();
    let out = Command::new(python.trim()).arg("scripts/validate-deploy.py").output().expect("python runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "validation failed: {stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(stdout.trim()).expect("a JSON report")
}

fn names(value: &serde_json::Value) -> BTreeSet<String> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned()).collect()
}

#[test]
fn the_chart_and_compose_validate_and_set_every_variable() {
    let report = report();
    let read: BTreeSet<String> = VARIABLES.iter().map(|(n, _)| (*n).to_owned()).collect();

    let compose = names(&report["compose"]["env"]);
    let missing: Vec<_> = read.difference(&compose).collect();
    assert!(missing.is_empty(), ".env.example lacks {missing:?}");

    for values in ["default", "production"] {
        let chart = names(&report[values]["env"]);
        // Secrets (database URL, LLM key) come from `existingSecret`, never from values.
        let missing: Vec<_> = read.difference(&chart).filter(|n| !SECRETS.contains(&n.as_str())).collect();
        assert!(missing.is_empty(), "{values} chart does not set {missing:?}");
        let kinds = names(&report[values]["kinds"]);
        for kind in ["ConfigMap", "Deployment", "Job", "PodDisruptionBudget", "Service"] {
            assert!(kinds.contains(kind), "{values}: no {kind}");
        }
    }
    assert!(names(&report["production"]["kinds"]).contains("ScaledObject"), "KEDA on lag when enabled");
    for kind in ["Ingress", "ServiceMonitor"] {
        assert!(names(&report["production"]["kinds"]).contains(kind), "{kind} when enabled");
        assert!(!names(&report["default"]["kinds"]).contains(kind), "no {kind} by default");
    }
    let values = std::fs::read_to_string("helm/apex/values.yaml").unwrap();
    for secret in SECRETS {
        assert!(values.contains(secret), "values.yaml says where {secret} comes from");
    }
    assert!(names(&report["production"]["env"]).contains("APEX_KAFKA_CONF_SECURITY_PROTOCOL"), "SASL/TLS pass-through");
}

/// Every file the build embeds (`include_str!`, `include_bytes!`, `sqlx::migrate!`) lies in a
/// directory the Dockerfile copies into the build stage; no Docker engine runs here to find out.
#[test]
fn the_dockerfile_copies_everything_the_build_embeds() {
    let dockerfile = std::fs::read_to_string("Dockerfile").unwrap();
    let copied: Vec<&str> = dockerfile
        .lines()
        .filter_map(|l| l.strip_prefix("COPY "))
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let mut sources = vec![std::path::PathBuf::from("src"), std::path::PathBuf::from("crates")];
    let mut embedded = BTreeSet::new();
    while let Some(dir) = sources.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for marker in ["include_str!(\"", "include_bytes!(\"", "sqlx::migrate!(\""] {
                    for rest in text.split(marker).skip(1) {
                        let relative = rest.split('"').next().unwrap();
                        let base = if marker.starts_with("sqlx") {
                            std::path::PathBuf::new()
                        } else {
                            path.parent().unwrap().to_path_buf()
                        };
                        let file = base.join(relative);
                        let normal: std::path::PathBuf =
                            file.components().fold(std::path::PathBuf::new(), |mut p, c| {
                                match c {
                                    std::path::Component::ParentDir => {
                                        p.pop();
                                    }
                                    std::path::Component::CurDir => {}
                                    other => p.push(other),
                                }
                                p
                            });
                        embedded.insert(normal.components().next().unwrap().as_os_str().to_string_lossy().into_owned());
                    }
                }
            }
        }
    }
    assert!(
        embedded.contains("docs") && embedded.contains("schemas") && embedded.contains("migrations"),
        "{embedded:?}"
    );
    for top in &embedded {
        assert!(
            copied.contains(&top.as_str()),
            "the build embeds files from {top}/ but the Dockerfile does not copy it: {copied:?}"
        );
    }
}
