//! Which offset a worker may commit, per partition, while commands finish out of order.
//!
//! A command's offset is *started* when it is fetched and *finished* once its answer is
//! acknowledged (or it needs none). The committable position of a partition is its oldest
//! unfinished offset, or one past the newest fetched when none is in flight: a crash then
//! redelivers every command that was not answered and skips none.
//!
//! Assignments come and go with rebalances; each assignment of a partition is an *epoch*, and
//! a finish from an earlier epoch (a command fetched before the partition was revoked) is
//! ignored, so it cannot move the new owner's position.

use std::collections::{BTreeMap, BTreeSet};

/// The in-flight offsets and commit positions of every partition a worker holds.
#[derive(Debug, Default)]
pub struct Offsets {
    partitions: BTreeMap<i32, Partition>,
    epoch: u64,
}

#[derive(Debug)]
struct Partition {
    epoch: u64,
    in_flight: BTreeSet<i64>,
    /// One past the newest offset fetched.
    next: i64,
    /// The position last committed (or that the group already had).
    committed: Option<i64>,
}

/// A fetched command's place: partition, offset and the epoch it was fetched in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket {
    pub partition: i32,
    pub offset: i64,
    epoch: u64,
}

impl Offsets {
    /// Records that `offset` of `partition` was fetched and is now in flight.
    pub fn start(&mut self, partition: i32, offset: i64) -> Ticket {
        let fresh = self.epoch + 1;
        let entry = self.partitions.entry(partition).or_insert_with(|| Partition {
            epoch: fresh,
            in_flight: BTreeSet::new(),
            next: offset,
            committed: None,
        });
        if entry.epoch == fresh {
            self.epoch = fresh;
        }
        entry.in_flight.insert(offset);
        entry.next = entry.next.max(offset + 1);
        Ticket { partition, offset, epoch: entry.epoch }
    }

    /// Records that the command of `ticket` is done (answered, or not ours).
    pub fn finish(&mut self, ticket: Ticket) {
        if let Some(p) = self.partitions.get_mut(&ticket.partition)
            && p.epoch == ticket.epoch
        {
            p.in_flight.remove(&ticket.offset);
        }
    }

    /// Forgets `partition` (revoked): its in-flight commands are the next owner's to redo.
    pub fn forget(&mut self, partition: i32) {
        self.partitions.remove(&partition);
    }

    /// Commands in flight, over every partition.
    pub fn in_flight(&self) -> usize {
        self.partitions.values().map(|p| p.in_flight.len()).sum()
    }

    /// Positions that moved since the last call: `(partition, offset to commit)`. They are
    /// taken as committed; a failed commit is simply covered by the next one.
    pub fn take_committable(&mut self) -> Vec<(i32, i64)> {
        let mut out = Vec::new();
        for (partition, p) in &mut self.partitions {
            let position = p.in_flight.first().copied().unwrap_or(p.next);
            if p.committed.is_none_or(|c| position > c) {
                p.committed = Some(position);
                out.push((*partition, position));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_position_waits_for_the_oldest_unanswered_command() {
        let mut offsets = Offsets::default();
        let tickets: Vec<Ticket> = (10..15).map(|o| offsets.start(0, o)).collect();
        assert_eq!(offsets.take_committable(), vec![(0, 10)]);
        offsets.finish(tickets[3]);
        offsets.finish(tickets[1]);
        assert_eq!(offsets.take_committable(), vec![], "10 is still in flight");
        offsets.finish(tickets[0]);
        assert_eq!(offsets.take_committable(), vec![(0, 12)]);
        offsets.finish(tickets[2]);
        offsets.finish(tickets[4]);
        assert_eq!(offsets.take_committable(), vec![(0, 15)]);
        assert_eq!(offsets.in_flight(), 0);
    }

    #[test]
    fn a_finish_from_before_a_rebalance_moves_nothing() {
        let mut offsets = Offsets::default();
        let old = offsets.start(3, 100);
        offsets.forget(3);
        let new = offsets.start(3, 90);
        offsets.finish(old);
        assert_eq!(offsets.take_committable(), vec![(3, 90)], "90 is still in flight for the new owner");
        offsets.finish(new);
        assert_eq!(offsets.take_committable(), vec![(3, 91)]);
    }

    proptest! {
        /// Whatever order commands finish in, the committed position never passes an
        /// unfinished offset and never goes backwards, and ends one past the newest.
        #[test]
        fn never_past_an_unanswered_command(order in Just((0..40i64).collect::<Vec<_>>()).prop_shuffle()) {
            let mut offsets = Offsets::default();
            let tickets: Vec<Ticket> = (0..40).map(|o| offsets.start(1, o)).collect();
            let mut done = BTreeSet::new();
            let mut last = -1;
            for o in order {
                offsets.finish(tickets[o as usize]);
                done.insert(o);
                for (_, position) in offsets.take_committable() {
                    prop_assert!(position > last);
                    prop_assert!((0..position).all(|p| done.contains(&p)));
                    last = position;
                }
            }
            prop_assert_eq!(last, 40);
        }
    }
}
