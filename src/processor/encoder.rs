//! Encoding decisions into records and handing them to the producer, on a thread of its own.
//!
//! Per input, the processor's thread decodes and decides; serialising the events record and
//! the published envelopes and copying them into the producer cost about as much again. Doing
//! that here lets the two halves run on both cores. Jobs are taken in submission order by one
//! thread, so records keep their order per partition. The batch loop calls [`Encoder::flush`]
//! before it commits or aborts: nothing submitted for one transaction can leak into the next.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use rdkafka::producer::BaseProducer;

use super::sink::{DeliveryTracker, Record, SinkError, Target, produce};
use crate::codec::wire::WireCodec;
use crate::core::decision::Outbound;
use crate::core::envelope::{Envelope, Payload};
use crate::core::event::{Event, EventKind};
use crate::core::ids::WorkflowId;
use crate::kafka::delivery;
use crate::kafka::headers::{self, traceparent};
use crate::kafka::records::EventsRecordRef;
use crate::kafka::topics::Topics;
use crate::telemetry;

/// Jobs waiting to be encoded, at most; the deciding thread waits when the encoder lags.
const QUEUE: usize = 4096;

/// The lease a command is published under (active-active regions).
#[derive(Debug, Clone)]
pub struct Fence {
    pub token: u64,
    pub region: Arc<str>,
}

/// What one input decided, to be written out.
#[derive(Debug)]
pub struct Decided {
    pub partition: i32,
    /// Offset of the input on its envelopes partition.
    pub offset: i64,
    pub workflow_id: WorkflowId,
    /// The input's `traceparent`, carried by its events record.
    pub traceparent: Vec<u8>,
    pub first_seq: u64,
    pub events: Vec<Event>,
    /// Commands and outcomes to publish.
    pub outbound: Vec<Envelope<Outbound>>,
    /// The workflow's lease, stamped on each of them (active-active regions).
    pub fence: Option<Fence>,
}

/// One unit of work for the encoder.
#[derive(Debug)]
pub enum Job {
    /// A record already encoded (dead letters, snapshots, timer inputs).
    Record(Record),
    /// A decision: its events record, then its commands and outcomes.
    Decided(Box<Decided>),
    /// A command or outcome on its own (resent after a takeover).
    Outbound(Box<Envelope<Outbound>>, Option<Fence>),
}

enum Message {
    /// The producer of the transaction about to start (it changes when the sink is rebuilt).
    Use(Arc<BaseProducer<DeliveryTracker>>),
    Job(Job),
    /// Everything before this is handed to the producer; answer with the first failure.
    Flush(SyncSender<Result<(), SinkError>>),
}

/// The encoding thread and its queue.
pub struct Encoder {
    queue: SyncSender<Message>,
    worker: Option<JoinHandle<()>>,
}

impl Encoder {
    /// Starts the thread.
    ///
    /// # Errors
    /// When the OS refuses a thread.
    pub fn spawn(topics: Topics, codec: WireCodec) -> std::io::Result<Self> {
        let (queue, jobs) = sync_channel(QUEUE);
        let worker =
            std::thread::Builder::new().name("apex-encoder".into()).spawn(move || work(&jobs, &topics, &codec))?;
        Ok(Self { queue, worker: Some(worker) })
    }

    /// Sends the next jobs to `producer`.
    pub fn use_producer(&self, producer: Arc<BaseProducer<DeliveryTracker>>) -> Result<(), SinkError> {
        self.queue.send(Message::Use(producer)).map_err(|_| SinkError::EncoderGone)
    }

    /// Queues a job, waiting while the queue is full.
    ///
    /// # Errors
    /// [`SinkError::EncoderGone`] if the encoding thread has died.
    pub fn submit(&self, job: Job) -> Result<(), SinkError> {
        self.queue.send(Message::Job(job)).map_err(|_| SinkError::EncoderGone)
    }

    /// Waits until every job submitted so far is handed to the producer.
    ///
    /// # Errors
    /// The first failure since the last flush; the jobs after it were dropped, so the batch
    /// must be aborted.
    pub fn flush(&self) -> Result<(), SinkError> {
        let (answer, result) = sync_channel(1);
        self.queue.send(Message::Flush(answer)).map_err(|_| SinkError::EncoderGone)?;
        result.recv().map_err(|_| SinkError::EncoderGone)?
    }
}

impl Drop for Encoder {
    fn drop(&mut self) {
        let (closed, _) = sync_channel(1);
        // Replacing the sender closes the queue; the thread ends after what is queued.
        drop(std::mem::replace(&mut self.queue, closed));
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

fn work(jobs: &Receiver<Message>, topics: &Topics, codec: &WireCodec) {
    let mut producer: Option<Arc<BaseProducer<DeliveryTracker>>> = None;
    let mut failure: Option<SinkError> = None;
    let mut produced = 0usize;
    let mut records = Vec::new();
    while let Ok(message) = jobs.recv() {
        match message {
            Message::Use(next) => producer = Some(next),
            Message::Flush(answer) => {
                let _ = answer.send(failure.take().map_or(Ok(()), Err));
            }
            Message::Job(_) if failure.is_some() => {}
            Message::Job(job) => {
                let Some(producer) = &producer else {
                    failure = Some(SinkError::NoProducer);
                    continue;
                };
                if let Err(e) = encode(job, topics, codec, &mut records) {
                    records.clear();
                    failure = Some(e);
                    continue;
                }
                for record in records.drain(..) {
                    if let Err(e) = produce(producer, topics, &record) {
                        failure = Some(e);
                        break;
                    }
                    produced += 1;
                    if produced.is_multiple_of(1024) {
                        delivery::serve_ready(producer);
                    }
                }
            }
        }
    }
}

fn encode(job: Job, topics: &Topics, codec: &WireCodec, out: &mut Vec<Record>) -> Result<(), SinkError> {
    match job {
        Job::Record(record) => out.push(record),
        Job::Outbound(envelope, fence) => out.push(outbound_record(topics, codec, &envelope, fence.as_ref(), None)?),
        Job::Decided(decided) => {
            let key = decided.workflow_id.to_string().into_bytes();
            let events = EventsRecordRef {
                workflow_id: decided.workflow_id,
                input_offset: decided.offset,
                first_seq: decided.first_seq,
                events: &decided.events,
            };
            out.push(Record {
                target: Target::Events,
                partition: Some(decided.partition),
                key,
                value: serde_json::to_vec(&events).unwrap_or_default(),
                headers: vec![
                    (headers::INPUT_OFFSET, decided.offset.to_string().into_bytes()),
                    (headers::TRACEPARENT, decided.traceparent),
                ],
            });
            telemetry::events_folded(decided.events.len());
            for event in &decided.events {
                if let EventKind::StepSucceededLate { step_id, attempt, fate, .. } = &event.kind {
                    telemetry::late_success(
                        &decided.workflow_id.to_string(),
                        step_id.as_str(),
                        *attempt,
                        fate.as_str(),
                    );
                }
            }
            for envelope in &decided.outbound {
                out.push(outbound_record(topics, codec, envelope, decided.fence.as_ref(), Some(decided.partition))?);
            }
        }
    }
    Ok(())
}

/// The record publishing `envelope` (a command or outcome), stamped with the lease's
/// fencing token and region when workflows are leased, and a command with the envelopes
/// partition of its workflow when known.
fn outbound_record(
    topics: &Topics,
    codec: &WireCodec,
    envelope: &Envelope<Outbound>,
    fence: Option<&Fence>,
    workflow_partition: Option<i32>,
) -> Result<Record, SinkError> {
    let (target, topic) = match &envelope.payload {
        Outbound::Command(_) => {
            telemetry::command_published();
            (Target::Commands, &topics.commands)
        }
        Outbound::Outcome(_) => {
            telemetry::outcome_published(envelope.payload.event_type());
            (Target::Outcomes, &topics.outcomes)
        }
    };
    let value = codec.encode(topic, envelope).map_err(|e| SinkError::Encode(e.to_string()))?;
    let mut headers = vec![(headers::TRACEPARENT, traceparent(&envelope.trace).into_bytes())];
    if let Some(fence) = fence {
        headers.push((headers::FENCE, fence.token.to_string().into_bytes()));
        headers.push((headers::REGION, fence.region.as_bytes().to_vec()));
    }
    if let (Target::Commands, Some(partition)) = (target, workflow_partition) {
        headers.push((headers::WORKFLOW_PARTITION, partition.to_string().into_bytes()));
    }
    Ok(Record { target, partition: None, key: envelope.correlation_id.to_string().into_bytes(), value, headers })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::builder::InputBuilder;
    use crate::core::plan::Limits;
    use crate::core::state::Workflow;
    use crate::core::time::Timestamp;

    #[test]
    fn given_a_decision_then_its_events_record_comes_first_and_commands_carry_the_fence() {
        let workflow_id = WorkflowId::from_uuid(uuid::Uuid::from_u128(42));
        let tenant = crate::core::ids::TenantId::parse("acme").unwrap();
        let goal =
            InputBuilder::new(workflow_id, tenant, "test").goal(Timestamp::from_millis(0), "Book a flight", None);
        let decision = Workflow::default().handle(&goal, &Limits::default()).unwrap();
        let fence = Fence { token: 7, region: "eu".into() };
        let decided = Decided {
            partition: 3,
            offset: 99,
            workflow_id,
            traceparent: b"00-trace-span-01".to_vec(),
            first_seq: 0,
            events: decision.events.clone(),
            outbound: decision.outbound,
            fence: Some(fence),
        };
        let (topics, codec) =
            (Topics::new("t."), WireCodec::new(crate::config::Format::Json, 1 << 20, None, None).unwrap());
        let mut records = Vec::new();
        encode(Job::Decided(Box::new(decided)), &topics, &codec, &mut records).unwrap();

        assert_eq!(records.len(), 2, "the events record and the PlanGoal command");
        let (events, command) = (&records[0], &records[1]);
        assert_eq!((events.target, events.partition), (Target::Events, Some(3)));
        assert_eq!(events.key, workflow_id.to_string().into_bytes());
        let written: serde_json::Value = serde_json::from_slice(&events.value).unwrap();
        assert_eq!(written["input_offset"], 99);
        assert_eq!(written["events"].as_array().unwrap().len(), decision.events.len());
        assert!(events.headers.contains(&(headers::INPUT_OFFSET, b"99".to_vec())));
        assert!(events.headers.contains(&(headers::TRACEPARENT, b"00-trace-span-01".to_vec())));
        assert_eq!((command.target, command.partition), (Target::Commands, None));
        assert!(command.headers.contains(&(headers::FENCE, b"7".to_vec())));
        assert!(command.headers.contains(&(headers::REGION, b"eu".to_vec())));
        assert!(command.headers.contains(&(headers::WORKFLOW_PARTITION, b"3".to_vec())), "answers go to partition 3");
    }
}
