//! Replay: rebuild a workflow from its events, and check that the rules still make the same
//! decisions for a recorded input history, byte for byte. The second is the replay gate an
//! upgrade must pass before it may run against live workflows.

use super::decide::decide;
use super::decision::{Decision, Rejection};
use super::envelope::Envelope;
use super::event::{Event, EventKind};
use super::input::{Admission, Input};
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

/// The admission a goal had, as its decision recorded it: a side effect the input does not
/// carry (the processor establishes it), so replay reads it back from the history.
pub fn recorded_admission<'a>(events: impl IntoIterator<Item = &'a Event>) -> Admission {
    events
        .into_iter()
        .find_map(|e| match &e.kind {
            EventKind::GoalRefused { refusal } => Some(Admission::Refused(refusal.clone())),
            _ => None,
        })
        .unwrap_or_default()
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
            goal.admission = recorded_admission(&decision.events);
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
