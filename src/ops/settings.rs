//! `apex config`: the effective configuration, every variable with its value or default, and
//! secrets masked, so it can be pasted into a ticket.

use crate::config::{KAFKA_PASSTHROUGH_PREFIX, SECRETS, VARIABLES};

/// Whether a librdkafka property holds a secret (`sasl.password`, `ssl.key.password`…).
fn secret_property(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["PASSWORD", "SECRET", "TOKEN", "KEY"].iter().any(|w| upper.contains(w)) && !upper.ends_with("LOCATION")
}

fn mask(value: &str) -> String {
    if value.is_empty() { String::new() } else { "****".into() }
}

/// The lines `apex config` prints for the environment `lookup` describes.
pub fn lines(lookup: impl Fn(&str) -> Option<String>, names: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = VARIABLES
        .iter()
        .map(|(name, default)| {
            let (value, origin) = match lookup(name).filter(|v| !v.is_empty()) {
                Some(v) => (v, "set"),
                None => ((*default).to_owned(), "default"),
            };
            let shown = if SECRETS.contains(name) { mask(&value) } else { value };
            format!("{name}={shown}  # {origin}")
        })
        .collect();
    let mut passthrough: Vec<String> = names
        .filter(|n| n.starts_with(KAFKA_PASSTHROUGH_PREFIX))
        .map(|n| {
            let value = lookup(&n).unwrap_or_default();
            let shown = if secret_property(&n) { mask(&value) } else { value };
            format!("{n}={shown}  # librdkafka pass-through")
        })
        .collect();
    passthrough.sort();
    out.extend(passthrough);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn secrets_are_masked_and_defaults_marked() {
        let env: BTreeMap<String, String> = [
            ("APEX_LLM_API_KEY", "sk-live-123"),
            ("APEX_TOPIC_PREFIX", "prod."),
            ("APEX_KAFKA_CONF_SASL_PASSWORD", "hunter2"),
            ("APEX_KAFKA_CONF_SSL_CA_LOCATION", "/etc/ca.pem"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        let out = lines(|n| env.get(n).cloned(), env.keys().cloned()).join("\n");
        assert!(out.contains("APEX_LLM_API_KEY=****  # set"), "{out}");
        assert!(!out.contains("sk-live-123") && !out.contains("hunter2"), "{out}");
        assert!(out.contains("APEX_TOPIC_PREFIX=prod.  # set"));
        assert!(out.contains("APEX_KAFKA_BROKERS=127.0.0.1:9092  # default"));
        assert!(out.contains("APEX_KAFKA_CONF_SSL_CA_LOCATION=/etc/ca.pem"));
        assert!(out.contains("APEX_DATABASE_URL=  # default"), "an unset secret shows empty");
    }
}
