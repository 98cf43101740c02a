//! LLM prices (`APEX_LLM_PRICES`): what a model's tokens cost, per 1,000, in one currency of
//! the operator's choice. Cost is computed where tokens are spent (the planner for its calls,
//! the executor for what an LLM-backed tool reports) and carried on the answer, so the core
//! only adds numbers and replay is exact whatever the prices are later.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::core::input::TokenUsage;

/// The price of one model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Price {
    /// Per 1,000 prompt tokens.
    pub input_per_1k: f64,
    /// Per 1,000 completion tokens.
    pub output_per_1k: f64,
}

/// The currency of the price table (`APEX_LLM_CURRENCY`): an ISO 4217 code, e.g. `USD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Currency(String);

impl FromStr for Currency {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(format!("{text:?} is not a currency code (three capital letters, e.g. USD)"))
        }
    }
}

impl Currency {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Prices by model name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Prices(BTreeMap<String, Price>);

impl FromStr for Prices {
    type Err = String;

    /// A JSON object, `{"gpt-4o-mini": {"input_per_1k": 0.00015, "output_per_1k": 0.0006}}`;
    /// empty: no prices (usage is counted, cost is not).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        let prices: BTreeMap<String, Price> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if let Some((model, _)) = prices.iter().find(|(_, p)| !(p.input_per_1k >= 0.0 && p.output_per_1k >= 0.0)) {
            return Err(format!("the price of {model} is negative or not a number"));
        }
        Ok(Self(prices))
    }
}

impl Prices {
    /// `usage` with its cost, when its model has a price (else as it came).
    pub fn priced(&self, usage: TokenUsage) -> TokenUsage {
        let price = usage.model.as_ref().and_then(|m| self.0.get(m));
        let Some(price) = price else { return usage };
        let cost = (usage.prompt_tokens as f64 * price.input_per_1k
            + usage.completion_tokens as f64 * price.output_per_1k)
            / 1000.0;
        TokenUsage { cost: Some(cost), ..usage }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(model: &str) -> TokenUsage {
        TokenUsage { calls: 1, prompt_tokens: 2_000, completion_tokens: 500, model: Some(model.into()), cost: None }
    }

    #[test]
    fn usage_of_a_priced_model_gets_its_cost() {
        let prices: Prices = r#"{"m": {"input_per_1k": 0.5, "output_per_1k": 2.0}}"#.parse().unwrap();
        assert_eq!(prices.priced(usage("m")).cost, Some(2.0));
        assert_eq!(prices.priced(usage("other")).cost, None, "an unpriced model costs nothing known");
        assert_eq!("".parse::<Prices>().unwrap(), Prices::default());
        assert_eq!("EUR".parse::<Currency>().unwrap().as_str(), "EUR");
        assert!("eur".parse::<Currency>().is_err() && "EURO".parse::<Currency>().is_err());
        assert!(r#"{"m": {"input_per_1k": -1, "output_per_1k": 0}}"#.parse::<Prices>().is_err());
        assert!(r#"{"m": {"input": 1}}"#.parse::<Prices>().is_err());
    }
}
