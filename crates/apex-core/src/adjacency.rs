//! A plan's dependency graph as flat adjacency lists: every node's neighbours in one shared
//! buffer, so a plan of n steps costs two allocations instead of n.

/// Neighbour lists of nodes `0..len()`, stored back to back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Adjacency {
    /// `ends[i]` is where node `i`'s list ends in `items` (and node `i + 1`'s begins).
    ends: Vec<usize>,
    items: Vec<usize>,
}

impl Adjacency {
    /// An empty graph with room for `nodes` lists.
    pub fn with_capacity(nodes: usize) -> Self {
        Self { ends: Vec::with_capacity(nodes), items: Vec::with_capacity(nodes) }
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The neighbours of node `i`.
    ///
    /// # Panics
    /// If `i` is not a node, like slice indexing.
    pub fn of(&self, i: usize) -> &[usize] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.items[start..self.ends[i]]
    }

    /// Adds `neighbour` to the list of the node being built (the next node, `len()`), unless
    /// it is there already. Returns whether it was added.
    pub fn push_unique(&mut self, neighbour: usize) -> bool {
        let start = self.ends.last().copied().unwrap_or(0);
        if self.items[start..].contains(&neighbour) {
            return false;
        }
        self.items.push(neighbour);
        true
    }

    /// Closes the list being built: it becomes node `len()`.
    pub fn finish_node(&mut self) {
        self.ends.push(self.items.len());
    }

    /// The same graph with every edge turned around; each list stays in ascending node order.
    pub fn reversed(&self) -> Self {
        let mut counts = vec![0usize; self.len()];
        for &j in &self.items {
            counts[j] += 1;
        }
        let mut ends = Vec::with_capacity(self.len());
        let mut total = 0;
        for count in &counts {
            total += count;
            ends.push(total);
        }
        // Fill each list from its start: `counts[j]` becomes the next free slot of node j.
        let mut next = counts;
        let mut start = 0;
        for (slot, &end) in next.iter_mut().zip(&ends) {
            *slot = start;
            start = end;
        }
        let mut items = vec![0; self.items.len()];
        for i in 0..self.len() {
            for &j in self.of(i) {
                items[next[j]] = i;
                next[j] += 1;
            }
        }
        Self { ends, items }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(lists: &[&[usize]]) -> Adjacency {
        let mut g = Adjacency::with_capacity(lists.len());
        for list in lists {
            for &j in *list {
                g.push_unique(j);
            }
            g.finish_node();
        }
        g
    }

    #[test]
    fn lists_are_kept_apart_and_duplicates_dropped() {
        let g = graph(&[&[], &[0, 0], &[0, 1]]);
        assert_eq!((g.len(), g.of(0), g.of(1), g.of(2)), (3, &[][..], &[0][..], &[0, 1][..]));
    }

    #[test]
    fn reversing_turns_every_edge_around_in_node_order() {
        let g = graph(&[&[], &[0], &[0, 1], &[2, 0]]).reversed();
        assert_eq!(g.of(0), &[1, 2, 3]);
        assert_eq!(g.of(1), &[2]);
        assert_eq!(g.of(2), &[3]);
        assert!(g.of(3).is_empty());
        assert_eq!(g.reversed().reversed(), g);
    }
}
