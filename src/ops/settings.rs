//! `apex config`: the effective configuration, every variable with its value or default, and
//! secrets masked, so it can be pasted into a ticket: secret variables entirely, URLs (any
//! variable) without their passwords and sensitive query parameters, and librdkafka
//! pass-through properties that hold credentials.

use crate::config::{KAFKA_PASSTHROUGH_PREFIX, SECRETS, VARIABLES};
use crate::secret::redact_url;

/// Whether a librdkafka property holds a secret (`sasl.password`, `ssl.key.password`,
/// `sasl.oauthbearer.config` with its client secret, a JAAS config…).
fn secret_property(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["PASSWORD", "SECRET", "TOKEN", "KEY", "CONFIG", "JAAS", "CREDENTIAL"].iter().any(|w| upper.contains(w))
        && !upper.ends_with("LOCATION")
}

/// How a value is shown: masked if secret, else with any URL credentials masked.
fn shown(value: String, secret: bool) -> String {
    if secret { mask(&value) } else { redact_url(&value).into_owned() }
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
            format!("{name}={}  # {origin}", shown(value, SECRETS.contains(name)))
        })
        .collect();
    let mut passthrough: Vec<String> = names
        .filter(|n| n.starts_with(KAFKA_PASSTHROUGH_PREFIX))
        .map(|n| {
            let value = lookup(&n).unwrap_or_default();
            format!("{n}={}  # librdkafka pass-through", shown(value, secret_property(&n)))
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

    /// What `apex config` prints for an environment of these variables.
    fn printed(vars: &[(&str, &str)]) -> String {
        let env: BTreeMap<String, String> = vars.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        lines(|n| env.get(n).cloned(), env.keys().cloned()).join("\n")
    }

    #[test]
    fn secrets_are_masked_and_defaults_marked() {
        let out = printed(&[
            ("APEX_LLM_API_KEY", "sk-live-123"),
            ("APEX_TOPIC_PREFIX", "prod."),
            ("APEX_KAFKA_CONF_SASL_PASSWORD", "hunter2"),
            ("APEX_KAFKA_CONF_SSL_CA_LOCATION", "/etc/ca.pem"),
        ]);
        assert!(out.contains("APEX_LLM_API_KEY=****  # set"), "{out}");
        assert!(!out.contains("sk-live-123") && !out.contains("hunter2"), "{out}");
        assert!(out.contains("APEX_TOPIC_PREFIX=prod.  # set"));
        assert!(out.contains("APEX_KAFKA_BROKERS=127.0.0.1:9092  # default"));
        assert!(out.contains("APEX_KAFKA_CONF_SSL_CA_LOCATION=/etc/ca.pem"));
        assert!(out.contains("APEX_DATABASE_URL=  # default"), "an unset secret shows empty");
    }

    #[test]
    fn no_secret_prints_whatever_the_variable() {
        let out = printed(&[
            ("APEX_REDIS_URL", "redis://:redis-pw-1@cache.internal:6379/0"),
            ("APEX_SCHEMA_REGISTRY_URL", "https://svc:registry-pw-2@registry.internal/"),
            ("APEX_LLM_BASE_URL", "https://llm.internal/v1?api-key=llm-key-3&deployment=x"),
            ("APEX_EMBEDDINGS_BASE_URL", "https://emb.internal/v1?token=emb-token-4"),
            ("APEX_DATABASE_URL", "postgres://apex:db-pw-5@db.internal/apex"),
            ("APEX_LLM_API_KEY", "sk-key-6"),
            ("APEX_API_TOKENS", r#"{"api-token-7-0123456789": "acme"}"#),
            ("APEX_KAFKA_CONF_SASL_PASSWORD", "kafka-pw-8"),
            ("APEX_KAFKA_CONF_SASL_OAUTHBEARER_CONFIG", "clientId=apex clientSecret=oauth-secret-9"),
            ("APEX_KAFKA_CONF_SSL_KEY_PASSWORD", "ssl-pw-10"),
            ("APEX_KAFKA_CONF_SASL_USERNAME", "apex-user"),
        ]);
        let secrets = [
            "redis-pw-1",
            "registry-pw-2",
            "llm-key-3",
            "emb-token-4",
            "db-pw-5",
            "sk-key-6",
            "api-token-7",
            "kafka-pw-8",
            "oauth-secret-9",
            "ssl-pw-10",
        ];
        for secret in secrets {
            assert!(!out.contains(secret), "{secret} printed:\n{out}");
        }
        assert!(out.contains("APEX_REDIS_URL=redis://:****@cache.internal:6379/0"), "hosts stay readable: {out}");
        assert!(out.contains("deployment=x") && out.contains("APEX_KAFKA_CONF_SASL_USERNAME=apex-user"), "{out}");
    }
}
