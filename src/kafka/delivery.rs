//! Waiting for a producer's delivery reports without busy-waiting.
//!
//! rust-rdkafka's `BaseProducer::poll(d)` keeps polling until `d` has passed, rounding each
//! wait down to whole milliseconds, so it spins through every sub-millisecond remainder; its
//! `flush` polls in 100 ms slices and so never returns in under 100 ms once anything is in
//! flight. On a two-core machine shared with the broker, that spinning took a fifth of the
//! processor's CPU and starved the broker. These helpers serve what is ready, then sleep.

use std::time::{Duration, Instant};

use rdkafka::error::{KafkaError, KafkaResult};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer, ProducerContext};
use rdkafka::types::RDKafkaErrorCode;

/// How long to sleep between looks at the delivery queue.
const PAUSE: Duration = Duration::from_micros(200);

/// Serves every delivery report that is ready now, without waiting for more.
pub fn serve_ready<C: ProducerContext>(producer: &BaseProducer<C>) {
    loop {
        let before = producer.in_flight_count();
        // A zero timeout serves at most one event (one produce response's reports).
        producer.poll(Duration::ZERO);
        if before == 0 || producer.in_flight_count() >= before {
            return;
        }
    }
}

/// Waits until every queued record is acknowledged (or failed), serving delivery reports.
///
/// # Errors
/// [`KafkaError::Flush`] when records are still in flight after `timeout`.
pub fn drain<C: ProducerContext>(producer: &BaseProducer<C>, timeout: Duration) -> KafkaResult<()> {
    let deadline = Instant::now() + timeout;
    loop {
        serve_ready(producer);
        if producer.in_flight_count() == 0 {
            return Ok(());
        }
        if Instant::now() >= deadline {
            return Err(KafkaError::Flush(RDKafkaErrorCode::MessageTimedOut));
        }
        std::thread::sleep(PAUSE);
    }
}

/// Queues `record`, waiting while the local queue is full: a full queue means the broker is
/// behind, never that the record may be dropped.
///
/// # Errors
/// Any produce error other than a full queue.
pub fn send<C: ProducerContext<DeliveryOpaque = ()>>(
    producer: &BaseProducer<C>,
    mut record: BaseRecord<'_, [u8], [u8]>,
) -> KafkaResult<()> {
    loop {
        match producer.send(record) {
            Ok(()) => return Ok(()),
            Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                crate::telemetry::produce_retried("local queue full");
                make_room(producer);
                record = back;
            }
            Err((error, _)) => return Err(error),
        }
    }
}

/// Makes room in a full local queue: serves ready reports, or sleeps briefly if none are.
fn make_room<C: ProducerContext>(producer: &BaseProducer<C>) {
    let before = producer.in_flight_count();
    serve_ready(producer);
    if producer.in_flight_count() >= before {
        std::thread::sleep(PAUSE);
    }
}
