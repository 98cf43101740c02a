//! Replay: rebuild a workflow from its events, and check that the rules still make the same
//! decisions for a recorded input history, byte for byte. The second is the replay gate an
//! upgrade must pass before it may run against live workflows.

use super::decide::decide;
use super::decision::{Decision, Rejection};
use super::envelope::Envelope;
use super::event::{Event, EventKind};
use super::input::{Admission, Budget, GoalReceived, Input};
use super::state::Workflow;

/// Folds `events` from the initial state.
pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Workflow {
    events.into_iter().fold(Workflow::default(), |mut state, event| {
        state.apply(event);
        state
    })
}

/// One input of a workflow's life and what was decided for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    pub input: Envelope<Input>,
    pub decision: Result<Decision, Rejection>,
}

/// Where a re-decided history first differs from the record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("input #{index} ({event_type}) decides differently\n recorded: {recorded}\n now:      {now}")]
pub struct Divergence {
    pub index: usize,
    pub event_type: &'static str,
    pub recorded: String,
    pub now: String,
}

/// The canonical bytes of a decision: events and envelopes as compact JSON, one per line,
/// or the rejection's message.
pub fn canonical(decision: &Result<Decision, Rejection>) -> Vec<u8> {
    let mut out = Vec::new();
    match decision {
        Err(rejection) => {
            out.extend_from_slice(b"rejected: ");
            out.extend_from_slice(rejection.to_string().as_bytes());
        }
        Ok(d) => {
            for event in &d.events {
                out.extend(serde_json::to_vec(event).unwrap_or_default());
                out.push(b'\n');
            }
            for envelope in &d.outbound {
                out.extend(envelope.to_json());
                out.push(b'\n');
            }
        }
    }
    out
}

/// What the processor stamped on a goal before deciding it (its tenant's admission and default
/// budget), as the decision recorded it: side effects the input does not carry, so replay
/// reads them back from the history.
#[derive(Debug, Clone, Default)]
pub struct GoalStamps {
    admission: Admission,
    default_budget: Option<Budget>,
}

impl GoalStamps {
    /// The stamps `events` record: a refusal (`GoalRefused`) and the budget in force
    /// (`WorkflowStarted`).
    pub fn recorded<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut stamps = Self::default();
        for event in events {
            match &event.kind {
                EventKind::GoalRefused { refusal } => stamps.admission = Admission::Refused(refusal.clone()),
                // The goal's own budget, if it named one, wins over this default all the same.
                EventKind::WorkflowStarted(start) => stamps.default_budget = start.budget.clone(),
                _ => {}
            }
        }
        stamps
    }

    /// Puts the stamps on `goal`, as the processor did.
    pub fn apply(&self, goal: &mut GoalReceived) {
        goal.admission = self.admission.clone();
        goal.default_budget = self.default_budget.clone();
    }
}

/// Re-decides every recorded input from the initial state and compares each decision with
/// the record.
///
/// # Errors
/// The first [`Divergence`].
pub fn verify(history: &[Recorded]) -> Result<Workflow, Divergence> {
    let mut state = Workflow::default();
    for (index, recorded) in history.iter().enumerate() {
        let mut input = std::borrow::Cow::Borrowed(&recorded.input);
        if let (Input::GoalReceived(goal), Ok(decision)) = (&mut input.to_mut().payload, &recorded.decision) {
            GoalStamps::recorded(&decision.events).apply(goal);
        }
        let now = decide(&state, &input);
        let (a, b) = (canonical(&recorded.decision), canonical(&now));
        if a != b {
            return Err(Divergence {
                index,
                event_type: super::envelope::Payload::event_type(&recorded.input.payload),
                recorded: String::from_utf8_lossy(&a).into_owned(),
                now: String::from_utf8_lossy(&b).into_owned(),
            });
        }
        if let Ok(decision) = &now {
            for event in &decision.events {
                state.apply(event);
            }
        }
    }
    Ok(state)
}
