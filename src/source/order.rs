//! The order git lists a range in, and the walk that finds a range without a commit-graph.
//!
//! `git rev-list A..B` takes commits from a queue ordered by commit date, newest first; a commit
//! joins the queue when the first of its children comes out, and commits with equal dates come
//! out in the order they joined. So a line of commits is listed child before parent even where
//! a clock went back, and a rebased branch whose commits share one second is listed in its own
//! order. Sorting by date alone (libgit2's revwalk does) scrambles both: the findings of a
//! rebased branch came out in a different order from `git log`.
//!
//! `range_ids` is git's walk (revision.c, `limit_list`) over commit headers read straight from
//! the object database; `DateQueue` is its queue, which the commit-graph walk uses too.

use super::commit;
use git2::{Odb, Oid};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};

/// Commits by date, newest first; equal dates first in, first out.
pub struct DateQueue<T> {
    heap: BinaryHeap<(i64, Reverse<u64>, T)>,
    joined: u64,
}

impl<T: Ord> Default for DateQueue<T> {
    fn default() -> Self {
        DateQueue {
            heap: BinaryHeap::new(),
            joined: 0,
        }
    }
}

impl<T: Ord> DateQueue<T> {
    pub fn push(&mut self, time: i64, item: T) {
        self.heap.push((time, Reverse(self.joined), item));
        self.joined += 1;
    }

    /// The newest commit and its date.
    pub fn pop(&mut self) -> Option<(i64, T)> {
        self.heap.pop().map(|(time, _, item)| (time, item))
    }

    /// The date of the newest commit queued.
    fn newest(&self) -> Option<i64> {
        self.heap.peek().map(|(time, _, _)| *time)
    }

    fn items(&self) -> impl Iterator<Item = &T> {
        self.heap.iter().map(|(_, _, item)| item)
    }
}

/// How many commits past the last one in the range git keeps walking once only commits
/// outside it are queued, in case a clock that went back hides more of them (revision.c).
const SLOP: u32 = 5;

/// Queued once.
const SEEN: u8 = 1;
/// Reachable from an excluded tip.
const UNINTERESTING: u8 = 2;

/// Its parents and date are known.
const READ: u8 = 4;

/// What the walk knows of a commit (one of these for every commit it meets, so kept small: a
/// merge's other parents are in `Walk::merges`).
#[derive(Default)]
struct Known {
    flags: u8,
    time: i64,
    first_parent: Option<Oid>,
}

/// The commits reachable from `include` and from none of `exclude` (only first parents on the
/// included side with `first_parent`, as `git rev-list --first-parent`), in git's order.
/// `None` when a commit on the included side cannot be read: libgit2 then walks, and explains.
/// The commits of a shallow clone's edge (`shallow`) have no parents, as git reads them; not
/// for grafts, whose parents the headers do not tell.
pub fn range_ids(
    odb: &Odb<'_>,
    shallow: &HashSet<Oid>,
    include: &[Oid],
    exclude: &[Oid],
    first_parent: bool,
) -> Option<Vec<Oid>> {
    let mut walk = Walk {
        odb,
        shallow,
        known: HashMap::new(),
        merges: HashMap::new(),
        queue: DateQueue::default(),
        first_parent,
    };
    // git's pending order: the excluded tips, then the included ones.
    for (tips, excluded) in [(exclude, true), (include, false)] {
        for &tip in tips {
            let time = walk.read(tip)?;
            if excluded {
                walk.known.entry(tip).or_default().flags |= UNINTERESTING;
                walk.mark_parents_uninteresting(tip);
            }
            walk.queue_once(tip, time);
        }
    }
    walk.limit()
}

struct Walk<'a, 'r> {
    odb: &'a Odb<'r>,
    shallow: &'a HashSet<Oid>,
    known: HashMap<Oid, Known>,
    /// The parents after the first of each merge read.
    merges: HashMap<Oid, Box<[Oid]>>,
    queue: DateQueue<Oid>,
    first_parent: bool,
}

impl Walk<'_, '_> {
    /// Pops commits until only excluded ones are left (and `SLOP` more), listing each that was
    /// not excluded when it came out; those excluded later, through a commit with an older
    /// date, are dropped at the end.
    fn limit(mut self) -> Option<Vec<Oid>> {
        let mut listed = Vec::new();
        let mut date = i64::MAX;
        let mut slop = SLOP;
        let mut interesting: Option<Oid> = None;
        while let Some((time, id)) = self.queue.pop() {
            if interesting == Some(id) {
                interesting = None;
            }
            if self.flags(id) & UNINTERESTING != 0 {
                self.queue_uninteresting_parents(id);
                slop = self.still_interesting(date, slop, &mut interesting);
                if slop == 0 {
                    break;
                }
                continue;
            }
            self.queue_parents(id)?;
            date = time;
            listed.push(id);
        }
        listed.retain(|id| self.flags(*id) & UNINTERESTING == 0);
        Some(listed)
    }

    /// `SLOP` while the walk must go on; less, down to 0 (stop), once nothing queued is in the
    /// range and the queue holds nothing newer than the last commit listed.
    fn still_interesting(&self, date: i64, slop: u32, interesting: &mut Option<Oid>) -> u32 {
        let Some(newest) = self.queue.newest() else {
            return 0;
        };
        if date <= newest {
            return SLOP;
        }
        if let Some(id) = interesting
            && self.flags(*id) & UNINTERESTING == 0
        {
            return SLOP;
        }
        let found = self
            .queue
            .items()
            .find(|id| self.flags(**id) & UNINTERESTING == 0);
        match found {
            Some(id) => {
                *interesting = Some(*id);
                SLOP
            }
            None => slop - 1,
        }
    }

    /// Queues the parents of a commit in the range (the first only with `first_parent`).
    fn queue_parents(&mut self, id: Oid) -> Option<()> {
        let take = if self.first_parent { 1 } else { usize::MAX };
        for parent in self.parents(id).take(take) {
            let time = self.read(parent)?;
            self.queue_once(parent, time);
        }
        Some(())
    }

    /// Excludes and queues every parent of an excluded commit. One that cannot be read (a
    /// missing object below the range) is passed over, as git does.
    fn queue_uninteresting_parents(&mut self, id: Oid) {
        for parent in self.parents(id) {
            self.known.entry(parent).or_default().flags |= UNINTERESTING;
            let Some(time) = self.read(parent) else {
                continue;
            };
            self.mark_parents_uninteresting(parent);
            self.queue_once(parent, time);
        }
    }

    fn queue_once(&mut self, id: Oid, time: i64) {
        let known = self.known.entry(id).or_default();
        if known.flags & SEEN == 0 {
            known.flags |= SEEN;
            self.queue.push(time, id);
        }
    }

    /// Excludes the ancestors of `id` the walk has read so far (the rest are excluded as they
    /// are reached).
    fn mark_parents_uninteresting(&mut self, id: Oid) {
        let mut pending = vec![id];
        while let Some(id) = pending.pop() {
            for parent in self.parents(id) {
                let known = self.known.entry(parent).or_default();
                if known.flags & UNINTERESTING != 0 {
                    continue;
                }
                known.flags |= UNINTERESTING;
                if known.flags & READ != 0 {
                    pending.push(parent);
                }
            }
        }
    }

    /// Reads commit `id` once; its date.
    fn read(&mut self, id: Oid) -> Option<i64> {
        if let Some(known) = self.known.get(&id)
            && known.flags & READ != 0
        {
            return Some(known.time);
        }
        let (mut first, mut rest) = (None, Vec::new());
        let time = commit::parents_and_time(self.odb, id, |parent| match first {
            None => first = Some(parent),
            Some(_) => rest.push(parent),
        })?;
        if self.shallow.contains(&id) {
            (first, rest) = (None, Vec::new());
        }
        if !rest.is_empty() {
            self.merges.insert(id, rest.into_boxed_slice());
        }
        let known = self.known.entry(id).or_default();
        known.flags |= READ;
        known.time = time;
        known.first_parent = first;
        Some(time)
    }

    /// The parents of a commit read (none for one not read).
    fn parents(&self, id: Oid) -> impl Iterator<Item = Oid> + use<> {
        let first = self.known.get(&id).and_then(|known| known.first_parent);
        let rest = self.merges.get(&id).cloned().unwrap_or_default();
        first.into_iter().chain(rest)
    }

    fn flags(&self, id: Oid) -> u8 {
        self.known.get(&id).map_or(0, |known| known.flags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_first_and_equal_dates_in_the_order_they_joined() {
        let mut queue = DateQueue::default();
        for (time, name) in [(5, "c"), (9, "a"), (5, "b"), (5, "d"), (9, "e")] {
            queue.push(time, name);
        }
        let order: Vec<&str> = std::iter::from_fn(|| queue.pop().map(|(_, name)| name)).collect();
        // Not sorted by name: "b" joined after "c".
        assert_eq!(order, ["a", "e", "c", "b", "d"]);
    }
}
