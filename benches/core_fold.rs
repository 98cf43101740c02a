//! Folding envelopes through the core: `Workflow::handle` (decide + evolve) on a mixed,
//! realistic workload (see `apex::workload`), interleaved as one partition would see it.
//! Also the same with JSON decoding of each envelope, for the per-envelope CPU budget.
//!
//! Run: `cargo bench --bench core_fold`

use apex::core::hash::FxHashMap;
use std::hint::black_box;

use apex::core::Workflow;
use apex::core::envelope::Envelope;
use apex::core::ids::WorkflowId;
use apex::core::input::Input;
use apex::core::plan::Limits;
use apex::kafka::headers::traceparent;
use apex::kafka::records::{EventsRecordRef, SnapshotRecordRef};
use apex::processor::store::PartitionStore;
use apex::workload::{histories, interleave};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// The same allocator as the `apex` binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn fold(inputs: &[Envelope<Input>], limits: &Limits) -> usize {
    let mut states: FxHashMap<WorkflowId, Workflow> = FxHashMap::with_capacity_and_hasher(2048, Default::default());
    let mut published = 0;
    for input in inputs {
        let state = states.entry(input.correlation_id).or_default();
        if let Ok(decision) = state.handle(input, limits) {
            published += decision.outbound.len();
        }
    }
    published
}

/// What the processor does per input, minus Kafka: decode, decide through the partition
/// store, encode the events record, the published envelopes and due snapshots.
fn shell_fold(json: &[Vec<u8>], limits: &Limits) -> usize {
    let mut store = PartitionStore::default();
    let mut bytes = 0;
    for (offset, raw) in json.iter().enumerate() {
        let Ok(input) = Envelope::<Input>::from_json(raw) else { continue };
        let Ok(handled) = store.handle(&input, limits, 64) else { continue };
        let record = EventsRecordRef {
            workflow_id: input.correlation_id,
            input_offset: offset as i64,
            first_seq: handled.first_seq,
            events: &handled.decision.events,
        };
        bytes += serde_json::to_vec(&record).map_or(0, |v| v.len());
        for envelope in &handled.decision.outbound {
            bytes += envelope.to_json().len() + traceparent(&envelope.trace).len();
        }
        if handled.snapshot_due {
            let snapshot =
                SnapshotRecordRef { workflow_id: input.correlation_id, input_offset: 0, state: handled.workflow };
            bytes += serde_json::to_vec(&snapshot).map_or(0, |v| v.len());
        }
    }
    bytes
}

fn bench(c: &mut Criterion) {
    let inputs = interleave(histories(1_000, 42));
    let limits = Limits::default();
    let json: Vec<Vec<u8>> = inputs.iter().map(Envelope::to_json).collect();
    let mut group = c.benchmark_group("core");
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("fold_typed", |b| b.iter(|| black_box(fold(&inputs, &limits))));
    group.bench_function("decode_json_and_fold", |b| {
        b.iter(|| {
            let decoded: Vec<Envelope<Input>> =
                json.iter().filter_map(|bytes| Envelope::from_json(bytes).ok()).collect();
            black_box(fold(&decoded, &limits))
        })
    });
    group.bench_function("decode_json_only", |b| {
        b.iter(|| json.iter().filter_map(|bytes| Envelope::<Input>::from_json(bytes).ok()).count())
    });
    group.bench_function("processor_work_without_kafka", |b| b.iter(|| black_box(shell_fold(&json, &limits))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
