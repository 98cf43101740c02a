//! The replay gate over a live workflow: its inputs as read back from the input log,
//! re-decided by this build and compared, event by event, with the history the store holds.
//! An upgrade that would decide differently for a live workflow fails here first.
//!
//! Inputs are re-decided in the order the processor accepted them (the history's
//! `InputAccepted` events), not in log order. The two differ when the processor took a record
//! later than the log has it: a read-committed consumer of the local broker sometimes skips a
//! committed record, and the timer wheel fires the same timer again (same event id) behind
//! the input that came next. Inputs the processor never accepted (dead-lettered) must still
//! decide nothing, each where the log puts it among the accepted ones, except timer firings (one
//! the processor never accepted is one it did not see); further copies of an accepted input are
//! redeliveries and are not decided again.

use std::collections::{HashMap, HashSet, VecDeque};

use serde_json::Value;

use super::decide::decide;
use super::envelope::{Envelope, Payload};
use super::event::{Event, EventKind};
use super::ids::EventId;
use super::input::Input;
use super::replay::GoalStamps;
use super::state::Workflow;

/// Where the gate found this build deciding differently from the record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GateError {
    #[error("stored event #{sequence} is not an event this build knows: {reason}")]
    UnknownEvent { sequence: usize, reason: String },
    #[error(
        "the store records input {event_id} as accepted, but the input log does not hold it (past the topic's retention?)"
    )]
    InputMissing { event_id: EventId },
    #[error(
        "input #{index} ({event_type}) decides event #{event} differently\n recorded: {recorded}\n now:      {now}"
    )]
    Differs { index: usize, event_type: &'static str, event: usize, recorded: String, now: String },
    #[error("input #{index} ({event_type}) decides event #{event} ({name}), which the store does not have")]
    Extra { index: usize, event_type: &'static str, event: usize, name: &'static str },
    #[error(
        "input #{index} ({event_type}) was not accepted when it was processed, but this build decides {name} for it"
    )]
    NowAccepted { index: usize, event_type: &'static str, name: &'static str },
    #[error("the store holds {stored} events but the inputs decide only {decided}")]
    Missing { stored: usize, decided: usize },
}

/// What the gate checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The workflow as this build rebuilds it.
    pub state: Workflow,
    /// Inputs re-decided (accepted ones and those that must still decide nothing).
    pub inputs: usize,
    /// Stored events found identical.
    pub events: usize,
}

/// Re-decides the inputs of `log` (one workflow's, in log order) against `stored`, its history
/// as the store holds it (one JSON event per row, in sequence).
///
/// # Errors
/// The first [`GateError`].
pub fn verify_log(log: &[Envelope<Input>], stored: &[Value]) -> Result<Verified, GateError> {
    let events: Vec<Event> = stored
        .iter()
        .enumerate()
        .map(|(sequence, v)| {
            serde_json::from_value(v.clone()).map_err(|e| GateError::UnknownEvent { sequence, reason: e.to_string() })
        })
        .collect::<Result<_, _>>()?;
    let accepted: Vec<EventId> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::InputAccepted { event_id, .. } => Some(*event_id),
            _ => None,
        })
        .collect();
    let known: HashSet<EventId> = accepted.iter().copied().collect();
    let mut first: HashMap<EventId, usize> = HashMap::new();
    for (index, input) in log.iter().enumerate() {
        first.entry(input.event_id).or_insert(index);
    }
    // A timer's firing the processor never accepted is one it did not see (the broker quirk
    // above): a timer still pending is fired again under the same id, so that record decided
    // nothing, whatever it would decide where the log has it.
    let mut unaccepted: VecDeque<usize> = (0..log.len())
        .filter(|&i| !known.contains(&log[i].event_id) && !matches!(log[i].payload, Input::TimerFired(_)))
        .collect();
    let mut gate = Gate { log, stored, stamps: GoalStamps::recorded(&events), state: Workflow::default(), next: 0 };
    let mut inputs = 0;
    for event_id in accepted {
        let &at = first.get(&event_id).ok_or(GateError::InputMissing { event_id })?;
        while let Some(q) = unaccepted.front().copied().filter(|&q| q < at) {
            unaccepted.pop_front();
            gate.decides_nothing(q)?;
            inputs += 1;
        }
        gate.decides_as_stored(at)?;
        inputs += 1;
    }
    for q in unaccepted {
        gate.decides_nothing(q)?;
        inputs += 1;
    }
    if gate.next != stored.len() {
        return Err(GateError::Missing { stored: stored.len(), decided: gate.next });
    }
    Ok(Verified { state: gate.state, inputs, events: gate.next })
}

/// The gate's walk: the state rebuilt so far and the next stored event to match.
struct Gate<'a> {
    log: &'a [Envelope<Input>],
    stored: &'a [Value],
    stamps: GoalStamps,
    state: Workflow,
    next: usize,
}

impl Gate<'_> {
    /// Decides input `index` as the processor did: with the stamps the history records (the
    /// log does not carry them).
    fn decide(&self, index: usize) -> Result<super::decision::Decision, super::decision::Rejection> {
        let mut input = std::borrow::Cow::Borrowed(&self.log[index]);
        if let Input::GoalReceived(goal) = &mut input.to_mut().payload {
            self.stamps.apply(goal);
        }
        decide(&self.state, &input)
    }

    fn decides_as_stored(&mut self, index: usize) -> Result<(), GateError> {
        let event_type = self.log[index].payload.event_type();
        let decision = self.decide(index).map_err(|rejection| GateError::Differs {
            index,
            event_type,
            event: self.next,
            recorded: self.stored.get(self.next).map(Value::to_string).unwrap_or_default(),
            now: format!("rejected: {rejection}"),
        })?;
        for event in &decision.events {
            let now = serde_json::to_value(event).unwrap_or_default();
            let Some(recorded) = self.stored.get(self.next) else {
                return Err(GateError::Extra { index, event_type, event: self.next, name: event.kind.name() });
            };
            if *recorded != now {
                return Err(GateError::Differs {
                    index,
                    event_type,
                    event: self.next,
                    recorded: recorded.to_string(),
                    now: now.to_string(),
                });
            }
            self.next += 1;
            self.state.apply(event);
        }
        Ok(())
    }

    fn decides_nothing(&self, index: usize) -> Result<(), GateError> {
        match self.decide(index) {
            Ok(decision) if !decision.events.is_empty() => Err(GateError::NowAccepted {
                index,
                event_type: self.log[index].payload.event_type(),
                name: decision.events[0].kind.name(),
            }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
#[path = "gate_tests.rs"]
mod tests;
