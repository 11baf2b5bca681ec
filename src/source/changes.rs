//! Summing a walk up by change: each commit of the first-parent line with the commits its merge
//! brought in, from one walk of the whole range.
//!
//! The commits a merge `M` brought in are those reachable from `M` and not from its first
//! parent. Walking the whole range children first (`WalkLimits::children_first`), each commit
//! off the line belongs to the oldest line commit that reaches it: the greatest line number of
//! its children. That number is known when the commit arrives, since its children came before
//! it, and a change is complete once every commit still awaited has a greater number. So one
//! `git rev-list` answers for every merge, with only the commits still awaited and the changes
//! not yet complete in memory; one `git rev-list` per merge took six times as long over
//! git/git's history. A commit whose parents the range leaves out keeps the changes after it
//! waiting until the walk ends. `--since` is not given to git, which would cut old commits off
//! a merge too: the first line commit committed before it ends the line, as it ends git's
//! first-parent walk, and the walk stops once the changes before it are complete.

use super::walk::CommitRecord;
use crate::error::Result;
use git2::Oid;
use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

/// One change: a commit of the first-parent line and what its merge brought in.
#[derive(Debug)]
pub struct Change {
    /// The commit on the line.
    pub head: CommitRecord,
    /// The commits its merge brought in, at most `limit` of them, children first.
    pub merged: Vec<CommitRecord>,
}

impl Change {
    /// A commit on its own, as a change that brought nothing in.
    pub fn single(head: CommitRecord) -> Change {
        Change {
            head,
            merged: Vec::new(),
        }
    }
}

/// The changes of a walk, in the order of the line (newest first).
pub struct Changes<I> {
    walk: I,
    /// At most this many merged commits are kept per change.
    limit: usize,
    /// Commits expected on the line: the tips, then each line commit's first parent.
    line: HashSet<Oid>,
    /// Commits awaited (a child has been read, they have not), with the greatest line number
    /// of their children so far...
    awaited: HashMap<Oid, usize>,
    /// ...and how many awaited commits have each number, for the least of them.
    numbers: BTreeMap<usize, usize>,
    /// The changes not yet complete, numbered consecutively from `first`.
    pending: VecDeque<Change>,
    first: usize,
    /// Whether the walk has ended (or failed): then every pending change is complete.
    ended: bool,
    /// Line commits committed before this time end the line (`--since`, as git cuts a
    /// first-parent walk), what they brought in with them...
    since: Option<i64>,
    /// ...so once one has arrived, the changes are over when the pending ones are out.
    cut: bool,
}

impl<I: Iterator<Item = Result<CommitRecord>>> Changes<I> {
    /// Sums up `walk`, a walk of the range from `tips`, children first; keeps at most `limit`
    /// merged commits per change, and ends the line at the first line commit committed before
    /// `since`. A merge keeps what it brought in, however old: the walk itself is not cut.
    pub fn new(walk: I, tips: &[Oid], limit: usize, since: Option<i64>) -> Changes<I> {
        Changes {
            walk,
            limit,
            line: tips.iter().copied().collect(),
            awaited: HashMap::new(),
            numbers: BTreeMap::new(),
            pending: VecDeque::new(),
            first: 0,
            ended: false,
            since,
            cut: false,
        }
    }

    /// Takes in one commit.
    fn read(&mut self, record: CommitRecord) {
        let number = self.awaited.remove(&record.id);
        if let Some(number) = number {
            forget(&mut self.numbers, number);
        }
        let on_line = self.line.remove(&record.id);
        let number = match number {
            Some(number) if !on_line => number,
            // A line commit starts its own change (so does a commit nothing led to, which
            // only a listing out of order would give).
            _ => {
                self.cut |= self.since.is_some_and(|since| record.committed < since);
                if let Some(&first_parent) = record.parents.first()
                    && !self.cut
                {
                    self.line.insert(first_parent);
                }
                self.first + self.pending.len()
            }
        };
        for parent in &record.parents {
            match self.awaited.entry(*parent) {
                Entry::Occupied(mut slot) => {
                    if *slot.get() >= number {
                        continue;
                    }
                    forget(&mut self.numbers, slot.insert(number));
                }
                Entry::Vacant(slot) => {
                    slot.insert(number);
                }
            }
            *self.numbers.entry(number).or_default() += 1;
        }
        match number.checked_sub(self.first) {
            // Behind the cut nothing is a change (nor, below, part of one).
            Some(index) if index == self.pending.len() && !self.cut => {
                self.pending.push_back(Change::single(record))
            }
            Some(index) => {
                if let Some(change) = self.pending.get_mut(index)
                    && change.merged.len() < self.limit
                {
                    change.merged.push(record);
                }
            }
            None => {}
        }
    }

    /// The oldest pending change, when nothing still awaited can belong to it.
    fn complete(&mut self) -> Option<Change> {
        let least = self.numbers.keys().next().copied();
        if self.ended || least.is_none_or(|least| least > self.first) {
            let change = self.pending.pop_front()?;
            self.first += 1;
            return Some(change);
        }
        None
    }
}

/// One awaited commit with `number` arrived, or got a greater number.
fn forget(numbers: &mut BTreeMap<usize, usize>, number: usize) {
    if let Some(count) = numbers.get_mut(&number) {
        *count -= 1;
        if *count == 0 {
            numbers.remove(&number);
        }
    }
}

impl<I: Iterator<Item = Result<CommitRecord>>> Iterator for Changes<I> {
    type Item = Result<Change>;

    fn next(&mut self) -> Option<Result<Change>> {
        loop {
            if let Some(change) = self.complete() {
                return Some(Ok(change));
            }
            if self.ended || (self.cut && self.pending.is_empty()) {
                return None;
            }
            match self.walk.next() {
                Some(Ok(record)) => self.read(record),
                Some(Err(error)) => {
                    self.ended = true;
                    self.pending.clear();
                    return Some(Err(error));
                }
                None => self.ended = true,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).expect("an id")
    }

    fn record(n: u8, parents: &[u8]) -> Result<CommitRecord> {
        Ok(CommitRecord {
            id: id(n),
            parents: parents.iter().copied().map(id).collect(),
            author: String::new(),
            committer: String::new(),
            time: 0,
            committed: i64::from(n) * 10,
            message: Vec::new(),
            encoding: None,
        })
    }

    /// Ids of each change: its head, then what it brought in.
    fn grouped(walk: Vec<Result<CommitRecord>>, limit: usize, since: Option<i64>) -> Vec<Vec<u8>> {
        Changes::new(walk.into_iter(), &[id(9)], limit, since)
            .map(|change| {
                let change = change.expect("a change");
                std::iter::once(&change.head)
                    .chain(&change.merged)
                    .map(|record| record.id.as_bytes()[0])
                    .collect()
            })
            .collect()
    }

    /// 9 merges 8 into 7; 8 came from 5 and 6, 6 from 4; 7's line goes on to 3, which 4
    /// reaches too: 4 is 3's, not 9's. Commit `n` was committed at `10 * n`.
    fn history() -> Vec<Result<CommitRecord>> {
        vec![
            record(9, &[7, 8]),
            record(8, &[5, 6]),
            record(6, &[4]),
            record(5, &[3]),
            record(7, &[3]),
            record(3, &[1, 4]),
            record(4, &[1]),
            record(1, &[]),
        ]
    }

    #[test]
    fn each_commit_goes_to_the_oldest_line_commit_that_reaches_it() {
        assert_eq!(
            grouped(history(), usize::MAX, None),
            [vec![9, 8, 6, 5], vec![7], vec![3, 4], vec![1]]
        );
    }

    /// `--since` 65 ends the line at 3 (committed at 30), and 9 keeps 6 and 5, older as they are.
    #[test]
    fn since_ends_the_line_and_keeps_what_a_merge_brought_in() {
        assert_eq!(
            grouped(history(), usize::MAX, Some(65)),
            [vec![9, 8, 6, 5], vec![7]]
        );
    }

    #[test]
    fn a_change_keeps_at_most_the_limit_and_a_failed_walk_ends_it() {
        let walk = vec![
            record(9, &[7, 8]),
            record(8, &[6]),
            record(6, &[7]),
            record(7, &[]),
        ];
        assert_eq!(grouped(walk, 1, None), [vec![9, 8], vec![7]]);
        let failed = vec![
            record(9, &[7, 8]),
            Err(crate::error::Error::Usage("git failed".into())),
        ];
        let mut changes = Changes::new(failed.into_iter(), &[id(9)], 10, None);
        assert!(changes.next().is_some_and(|change| change.is_err()));
        assert!(changes.next().is_none());
    }
}
