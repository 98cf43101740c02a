//! Rebalances as a consumer sees them: the context records which partitions were assigned or
//! revoked during a poll, and the role's loop acts on them between polls (the callbacks run
//! inside librdkafka and must return quickly). Shared by the processor and the workers.

use std::sync::Mutex;

use rdkafka::ClientContext;
use rdkafka::TopicPartitionList;
use rdkafka::consumer::{BaseConsumer, ConsumerContext, Rebalance};

/// A partition change, in the order the group made them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Assigned(Vec<i32>),
    Revoked(Vec<i32>),
}

/// Records the rebalances of one topic's partitions until [`RebalanceLog::take`].
#[derive(Debug, Default)]
pub struct RebalanceLog {
    topic: String,
    changes: Mutex<Vec<Change>>,
}

impl RebalanceLog {
    /// A log of the partitions of `topic`.
    pub fn new(topic: &str) -> Self {
        Self { topic: topic.to_owned(), changes: Mutex::default() }
    }

    /// The changes since the last call, oldest first.
    pub fn take(&self) -> Vec<Change> {
        self.changes.lock().map(|mut c| std::mem::take(&mut *c)).unwrap_or_default()
    }

    fn partitions(&self, tpl: &TopicPartitionList) -> Vec<i32> {
        tpl.elements().iter().filter(|e| e.topic() == self.topic).map(|e| e.partition()).collect()
    }

    fn push(&self, change: Change) {
        tracing::info!(?change, "rebalance");
        if let Ok(mut c) = self.changes.lock() {
            c.push(change);
        }
    }
}

impl ClientContext for RebalanceLog {}

impl ConsumerContext for RebalanceLog {
    fn pre_rebalance(&self, _: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Revoke(tpl) => self.push(Change::Revoked(self.partitions(tpl))),
            Rebalance::Assign(_) => {}
            Rebalance::Error(e) => tracing::warn!(error = %e, "rebalance error; the group will retry"),
        }
    }

    fn post_rebalance(&self, _: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(tpl) = rebalance {
            self.push(Change::Assigned(self.partitions(tpl)));
        }
    }
}

/// The list of `partitions` of `topic` (for pause, resume and the like).
pub fn partition_list(topic: &str, partitions: &[i32]) -> TopicPartitionList {
    let mut tpl = TopicPartitionList::new();
    for p in partitions {
        tpl.add_partition(topic, *p);
    }
    tpl
}
