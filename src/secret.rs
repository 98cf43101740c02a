//! Secrets: values that must never be printed or logged (passwords, API keys, tokens, URLs
//! with credentials), and the redaction of URLs that may carry them.
//!
//! [`Secret`] hides its value from `Debug` and `Display`; reading it takes an explicit
//! [`Secret::expose`], so every place that hands a secret on is visible in the code. Written
//! here rather than taken from the `secrecy` crate: zeroizing memory is beyond what this
//! process can promise (the value also lives in librdkafka, sqlx and redis clients), and what
//! is needed is the type discipline, which is a few lines.

use std::borrow::Cow;

/// A value that is never printed.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, to hand to the client that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(****)")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("****")
    }
}

impl std::borrow::Borrow<str> for Secret {
    fn borrow(&self) -> &str {
        &self.0
    }
}

/// Query parameters whose values are masked (lower-cased names containing any of these).
const SENSITIVE_PARAMETERS: [&str; 9] = ["key", "token", "secret", "pass", "pwd", "sig", "auth", "credential", "code"];

/// `text` with a URL's password and sensitive query parameter values masked; any other text
/// unchanged. For URLs that are printed or logged (`apex config`, `apex doctor`, errors).
pub fn redact_url(text: &str) -> Cow<'_, str> {
    let Ok(mut url) = reqwest::Url::parse(text) else { return Cow::Borrowed(text) };
    if url.cannot_be_a_base() {
        return Cow::Borrowed(text);
    }
    let mut changed = false;
    if url.password().is_some() {
        changed |= url.set_password(Some("****")).is_ok();
    }
    let sensitive = |name: &str| {
        let name = name.to_ascii_lowercase();
        SENSITIVE_PARAMETERS.iter().any(|s| name.contains(s))
    };
    if url.query_pairs().any(|(name, _)| sensitive(&name)) {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(n, v)| {
                let v = if sensitive(&n) { "****".to_owned() } else { v.into_owned() };
                (n.into_owned(), v)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
        changed = true;
    }
    if changed { Cow::Owned(url.to_string()) } else { Cow::Borrowed(text) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_prints() {
        let secret = Secret::new("hunter2");
        assert_eq!(format!("{secret:?} {secret}"), "Secret(****) ****");
        assert_eq!(secret.expose(), "hunter2");
    }

    #[test]
    fn url_credentials_and_sensitive_parameters_are_masked() {
        assert_eq!(redact_url("redis://:pw@127.0.0.1:6380/0"), "redis://:****@127.0.0.1:6380/0");
        assert_eq!(redact_url("https://user:pw@registry.example/"), "https://user:****@registry.example/");
        let llm = redact_url("https://llm.example/v1?api-key=sk-123&model=gpt");
        assert_eq!(llm, "https://llm.example/v1?api-key=****&model=gpt");
        assert_eq!(redact_url("127.0.0.1:9092"), "127.0.0.1:9092", "not a URL: unchanged");
        assert_eq!(redact_url("http://a.example/x"), "http://a.example/x");
    }
}
