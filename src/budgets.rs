//! Tenants' default workflow budgets (`APEX_TENANT_BUDGETS`): the LLM budget a workflow gets
//! when its goal names none. The processor stamps it on the goal before the core decides it
//! ([`GoalReceived::default_budget`]); the core records the budget in force on
//! `WorkflowStarted`, so replay reads it back from the history and never from the
//! configuration of the day.
//!
//! [`GoalReceived::default_budget`]: crate::core::input::GoalReceived::default_budget

use std::collections::BTreeMap;
use std::str::FromStr;

use crate::core::ids::TenantId;
use crate::core::input::Budget;

/// The key of the budget for every tenant not named.
pub const EVERY_TENANT: &str = "*";

/// Default budgets by tenant id, `*` for the others.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TenantBudgets(BTreeMap<String, Budget>);

impl FromStr for TenantBudgets {
    type Err = String;

    /// A JSON object of budgets by tenant,
    /// `{"*": {"max_tokens": 50000}, "acme": {"max_cost": 2.5, "max_llm_calls": 20}}`; empty:
    /// none (a workflow is limited only by its goal's own budget).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        let given: BTreeMap<String, serde_json::Value> = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut budgets = BTreeMap::new();
        for (tenant, value) in given {
            let budget: Budget = serde_json::from_value(value.clone()).map_err(|e| format!("{tenant:?}: {e}"))?;
            // A misspelt limit would otherwise be dropped silently: every key must be read back.
            let read = serde_json::to_value(&budget).unwrap_or_default();
            if !value.as_object().is_some_and(|given| given.keys().all(|key| read.get(key).is_some())) {
                return Err(format!(
                    "{tenant:?}: only max_tokens, max_llm_calls and max_cost are limits, as numbers: {value}"
                ));
            }
            budgets.insert(tenant, budget);
        }
        if let Some(tenant) = budgets.keys().find(|t| t.as_str() != EVERY_TENANT && TenantId::parse(t).is_err()) {
            return Err(format!("{tenant:?} is not a tenant id"));
        }
        if let Some((tenant, _)) = budgets.iter().find(|(_, b)| b.max_cost.is_some_and(|c| c.is_nan() || c < 0.0)) {
            return Err(format!("the max_cost of {tenant:?} is negative or not a number"));
        }
        Ok(Self(budgets))
    }
}

impl TenantBudgets {
    /// The default budget of `tenant`: its own, else the one for every tenant, else none.
    pub fn of(&self, tenant: &TenantId) -> Option<&Budget> {
        self.0.get(tenant.as_str()).or_else(|| self.0.get(EVERY_TENANT))
    }

    /// Whether any default is set.
    pub fn any(&self) -> bool {
        !self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tenant_gets_its_own_default_else_everyones() {
        let budgets: TenantBudgets = r#"{"*": {"max_tokens": 50000}, "acme": {"max_cost": 2}}"#.parse().expect("valid");
        let acme = budgets.of(&TenantId::parse("acme").unwrap()).unwrap();
        assert_eq!((acme.max_cost, acme.max_tokens), (Some(2.0), None));
        let other = budgets.of(&TenantId::parse("globex").unwrap()).unwrap();
        assert_eq!(other.max_tokens, Some(50_000));
        assert!("".parse::<TenantBudgets>().unwrap().of(&TenantId::parse("acme").unwrap()).is_none());
    }

    #[test]
    fn a_malformed_setting_says_what_is_wrong() {
        assert!(r#"{"acme": {"max_cost": -1}}"#.parse::<TenantBudgets>().unwrap_err().contains("acme"));
        assert!(
            r#"{"acme": {"max_tokens": 5, "max_coins": 1}}"#.parse::<TenantBudgets>().unwrap_err().contains("only")
        );
        assert!(r#"{"": {"max_tokens": 1}}"#.parse::<TenantBudgets>().unwrap_err().contains("not a tenant id"));
    }
}
