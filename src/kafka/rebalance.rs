//! Rebalances as a consumer sees them: the context records which partitions were assigned or
//! revoked during a poll, and the role's loop acts on them between polls (the callbacks run
//! inside librdkafka and must return quickly). Shared by the processor and the workers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdkafka::ClientContext;
use rdkafka::TopicPartitionList;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, Rebalance, StreamConsumer};

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
    /// Between a revocation and the next assignment: a rebalance is under way.
    rebalancing: AtomicBool,
}

impl RebalanceLog {
    /// A log of the partitions of `topic`.
    pub fn new(topic: &str) -> Self {
        Self { topic: topic.to_owned(), changes: Mutex::default(), rebalancing: AtomicBool::new(false) }
    }

    /// Whether a rebalance is under way: partitions were revoked and none assigned since.
    ///
    /// A member should not leave the group then. The local broker (tansu) keeps a member that
    /// leaves in the middle of a rebalance it leads as the group's leader for good: every other
    /// member is then told to wait for that leader's assignment, which never comes, and gets
    /// no partition until it is restarted (measured: 90 s and more, with `cgrp` debug logs).
    pub fn rebalancing(&self) -> bool {
        self.rebalancing.load(Ordering::Relaxed)
    }

    /// The changes since the last call, oldest first.
    pub fn take(&self) -> Vec<Change> {
        self.changes.lock().map(|mut c| std::mem::take(&mut *c)).unwrap_or_default()
    }

    fn partitions(&self, tpl: &TopicPartitionList) -> Vec<i32> {
        tpl.elements().iter().filter(|e| e.topic() == self.topic).map(|e| e.partition()).collect()
    }

    fn push(&self, change: Change) {
        let (kind, partitions) = match &change {
            Change::Assigned(p) => ("assigned", p),
            Change::Revoked(p) => ("revoked", p),
        };
        crate::telemetry::rebalanced(kind, &format!("{partitions:?}"));
        if let Ok(mut c) = self.changes.lock() {
            c.push(change);
        }
    }
}

impl ClientContext for RebalanceLog {}

impl ConsumerContext for RebalanceLog {
    fn pre_rebalance(&self, _: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Revoke(tpl) => {
                self.rebalancing.store(true, Ordering::Relaxed);
                self.push(Change::Revoked(self.partitions(tpl)));
            }
            Rebalance::Assign(_) => {}
            Rebalance::Error(e) => crate::telemetry::rebalanced("error", &e.to_string()),
        }
    }

    fn post_rebalance(&self, _: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let Rebalance::Assign(tpl) = rebalance {
            self.rebalancing.store(false, Ordering::Relaxed);
            self.push(Change::Assigned(self.partitions(tpl)));
        }
    }
}

/// Whether the broker reports `group` Stable: no rebalance under way, not even one a member
/// just asked for that this member has not heard of yet. Unknown (the broker did not answer
/// in 2 s) counts as stable: leaving is then no worse than it was.
pub fn group_stable<C: ConsumerContext>(consumer: &impl Consumer<C>, group: &str) -> bool {
    let state = consumer.fetch_group_list(Some(group), Duration::from_secs(2));
    state.map(|list| list.groups().iter().all(|g| g.state() == "Stable")).unwrap_or(true)
}

/// Lets a rebalance under way finish before a member leaves `group`, for at most `session`:
/// the local broker never recovers a group whose leader left in the middle of one
/// ([`RebalanceLog::rebalancing`] has the evidence). What is polled meanwhile is dropped:
/// nothing of it is committed, so the partition's next owner reads it again.
pub fn settle_before_leaving(consumer: &BaseConsumer<RebalanceLog>, group: &str, session: Duration) {
    let deadline = Instant::now() + session;
    while Instant::now() < deadline && (consumer.context().rebalancing() || !group_stable(consumer, group)) {
        let _ = consumer.poll(Duration::from_millis(100));
    }
}

/// [`settle_before_leaving`] for the workers' asynchronous consumer; the broker is asked on a
/// blocking thread.
pub async fn settle_stream_before_leaving(consumer: Arc<StreamConsumer<RebalanceLog>>, group: &str, session: Duration) {
    let deadline = tokio::time::Instant::now() + session;
    while tokio::time::Instant::now() < deadline {
        let (asked, group) = (Arc::clone(&consumer), group.to_owned());
        let stable = tokio::task::spawn_blocking(move || group_stable(&*asked, &group)).await.unwrap_or(true);
        if stable && !consumer.context().rebalancing() {
            return;
        }
        let _ = tokio::time::timeout(Duration::from_millis(100), consumer.recv()).await;
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
