//! The commits of a range, worked out from git's commit-graph file instead of commit objects.
//!
//! `git gc` (and `git maintenance`, `git commit-graph write`) keep `objects/info/commit-graph`:
//! every commit's parents, committer time and generation number, memory-mapped. With it, the
//! set of commits in `A..B` is found without inflating a single commit object, and only the
//! commits in the range are read afterwards. Without it, every commit the walk passes is read,
//! on both sides of the range (`order`): that, not the linting, was most of a long range's time
//! (measured in #9's note).
//!
//! Commits newer than the graph file (made since the last `gc`) are read from the object
//! database and given generation numbers here. Whenever the graph cannot answer — no graph, a
//! shallow clone, grafts, a commit that cannot be read, a very large region outside the graph —
//! `range_ids` returns `None` and the caller walks without it (`order::range_ids`), which gives
//! the same commits in the same order.

use super::order::DateQueue;
use git2::Oid;
use gix_commitgraph::{Graph, Position};
use std::collections::{BinaryHeap, HashMap};
use std::path::Path;

/// Commits outside the graph file that one walk will read before walking without the graph.
const LOOSE_LIMIT: usize = 20_000;

/// Topological levels at or above this are capped in the file and no longer ordered.
const GENERATION_MAX: u32 = 0x3fff_ffff;

/// Side flags painted down the graph.
const INCLUDE: u8 = 1;
const EXCLUDE: u8 = 2;
const QUEUED: u8 = 4;
/// Popped: its flags are final. A child painting it afterwards (or still queued at the end)
/// means the file's generation numbers put a parent before its child: the graph is damaged.
const DONE: u8 = 8;
/// Listed in the range's order (`in_git_order`).
const LISTED: u8 = 16;

/// A repository's commit-graph, with the scratch space its walks reuse.
pub struct CommitGraph {
    graph: Graph,
    /// Side flags of graph commits by position, all zero between walks: one allocation for
    /// the many short walks of `report` (one per merge), reset only where a walk painted.
    flags: std::cell::RefCell<Vec<u8>>,
}

/// The commit-graph of the repository at `git_dir`, when there is a usable one.
pub fn open(git_dir: &Path) -> Option<CommitGraph> {
    if parents_rewritten(git_dir) {
        return None;
    }
    let objects = common_dir(git_dir).join("objects");
    let graph = Graph::from_info_dir(&objects.join("info")).ok()?;
    let flags = std::cell::RefCell::new(vec![0; graph.num_commits() as usize]);
    Some(CommitGraph { graph, flags })
}

/// Whether the repository at `git_dir` is a shallow clone or has grafts: then libgit2 rewrites
/// some commits' parents, and neither the graph file nor a commit's own header says what git
/// would walk.
pub fn parents_rewritten(git_dir: &Path) -> bool {
    common_dir(git_dir).join("shallow").exists() || has_grafts(git_dir)
}

/// Whether the repository at `git_dir` has grafts (`info/grafts`, long deprecated by git).
pub fn has_grafts(git_dir: &Path) -> bool {
    common_dir(git_dir).join("info").join("grafts").exists()
}

/// A worktree's git dir names the shared one in `commondir`.
pub(crate) fn common_dir(git_dir: &Path) -> std::path::PathBuf {
    match std::fs::read_to_string(git_dir.join("commondir")) {
        Ok(text) => git_dir.join(text.trim()),
        Err(_) => git_dir.to_path_buf(),
    }
}

impl CommitGraph {
    /// Parent `index` (0-based) of commit `id`, when the graph has the commit and the parent.
    pub fn parent(&self, id: Oid, index: usize) -> Option<Oid> {
        let parent = self.commit(id)?.iter_parents().nth(index)?;
        self.parent_id(parent)
    }

    /// The header of commit `id` as the graph file records it, when the file has the commit.
    pub fn header(&self, id: Oid) -> Option<super::commit::Header> {
        let commit = self.commit(id)?;
        let mut header = super::commit::Header {
            first_parent: None,
            parents: 0,
            time: i64::try_from(commit.committer_timestamp()).ok()?,
        };
        for parent in commit.iter_parents() {
            let parent = self.parent_id(parent)?;
            header.parents += 1;
            header.first_parent.get_or_insert(parent);
        }
        Some(header)
    }

    fn commit(&self, id: Oid) -> Option<gix_commitgraph::file::Commit<'_>> {
        let key = gix_hash::oid::try_from_bytes(id.as_bytes()).ok()?;
        Some(self.graph.commit_at(self.graph.lookup(key)?))
    }

    /// The id of a parent the file lists; `None` when the entry is damaged.
    fn parent_id<E>(&self, parent: Result<Position, E>) -> Option<Oid> {
        let position = parent.ok()?;
        if position.0 >= self.graph.num_commits() {
            return None;
        }
        Oid::from_bytes(self.graph.id_at(position).as_bytes()).ok()
    }
}

/// The commits reachable from `include` and from none of `exclude`, in git's order (see
/// `order`). `None` when the graph cannot answer.
pub fn range_ids(
    repo: &git2::Repository,
    graph: &CommitGraph,
    include: &[Oid],
    exclude: &[Oid],
    first_parent: bool,
) -> Option<Vec<Oid>> {
    let mut flags = graph.flags.try_borrow_mut().ok()?;
    let mut walk = Painter::new(repo, &graph.graph, &mut flags, first_parent);
    let found = walk.range(include, exclude);
    walk.reset();
    found
}

/// A commit either in the graph file or read from the object database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Node {
    Graph(u32),
    Loose(u32),
}

/// A commit outside the graph file.
struct Loose {
    id: Oid,
    parents: Vec<Node>,
    generation: u32,
    time: u64,
    flags: u8,
}

/// A queued commit: the heap pops the highest generation first, so every child of a commit is
/// done before the commit itself and its flags are final when it comes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    generation: u32,
    time: u64,
    node: Node,
}

struct Painter<'a> {
    repo: &'a git2::Repository,
    graph: &'a Graph,
    first_parent: bool,
    /// Flags of the graph commits, by position; `painted` lists the ones set.
    flags: &'a mut [u8],
    painted: Vec<u32>,
    loose: Vec<Loose>,
    loose_index: HashMap<Oid, u32>,
    queue: BinaryHeap<Entry>,
    /// Queued commits painted INCLUDE only: the walk ends when none is left.
    pending: usize,
}

impl<'a> Painter<'a> {
    fn new(
        repo: &'a git2::Repository,
        graph: &'a Graph,
        flags: &'a mut [u8],
        first_parent: bool,
    ) -> Self {
        Painter {
            repo,
            graph,
            first_parent,
            flags,
            painted: Vec::new(),
            loose: Vec::new(),
            loose_index: HashMap::new(),
            queue: BinaryHeap::new(),
            pending: 0,
        }
    }

    fn range(&mut self, include: &[Oid], exclude: &[Oid]) -> Option<Vec<Oid>> {
        for (tips, side) in [(include, INCLUDE), (exclude, EXCLUDE)] {
            for tip in tips {
                let node = self.node(*tip)?;
                self.paint(node, side);
            }
        }
        let found = self.run()?;
        let listed = self.in_git_order(include, found)?;
        // Every commit in the range is reached from an included tip through commits in it.
        (listed.len() == found).then_some(listed)
    }

    /// The painted range in git's order (see `order`): from the included tips, each commit
    /// queued when the first of its children comes out.
    fn in_git_order(&mut self, include: &[Oid], found: usize) -> Option<Vec<Oid>> {
        let unlisted = |walk: &Self, node| {
            walk.flags(node) & (INCLUDE | EXCLUDE | DONE | LISTED) == INCLUDE | DONE
        };
        let mut queue = DateQueue::default();
        let mut listed = Vec::with_capacity(found);
        for tip in include {
            let node = self.node(*tip)?;
            if unlisted(self, node) {
                self.set_flags(node, self.flags(node) | LISTED);
                queue.push(self.time(node)?, node);
            }
        }
        while let Some((_, node)) = queue.pop() {
            listed.push(self.id(node)?);
            for parent in self.parents(node, INCLUDE)? {
                if unlisted(self, parent) {
                    self.set_flags(parent, self.flags(parent) | LISTED);
                    queue.push(self.time(parent)?, parent);
                }
            }
        }
        Some(listed)
    }

    fn time(&self, node: Node) -> Option<i64> {
        i64::try_from(self.order(node).1).ok()
    }

    /// Leaves the shared flags all zero for the next walk.
    fn reset(&mut self) {
        for index in self.painted.drain(..) {
            self.flags[index as usize] = 0;
        }
    }

    /// Paints the commits: each popped commit painted INCLUDE only is in the range (and keeps
    /// the flags that say so until `reset`). How many there are.
    fn run(&mut self) -> Option<usize> {
        let mut found = 0;
        while self.pending > 0 {
            let entry = self.queue.pop()?;
            // Generation 0 (written by git before 2.18) or capped numbers do not order parents
            // after children: walk without the graph.
            if matches!(entry.node, Node::Graph(_))
                && !(1..GENERATION_MAX).contains(&entry.generation)
            {
                return None;
            }
            let flags = self.flags(entry.node);
            self.set_flags(entry.node, flags | DONE);
            let side = flags & (INCLUDE | EXCLUDE);
            if side == INCLUDE {
                self.pending -= 1;
                found += 1;
            }
            for parent in self.parents(entry.node, side)? {
                // A parent already done came out before its child: a damaged graph file.
                if self.flags(parent) & DONE != 0 {
                    return None;
                }
                self.paint(parent, side);
            }
        }
        // Nor may a commit still queued have a parent already done: its side never reached it.
        for entry in self.queue.iter() {
            let side = self.flags(entry.node) & (INCLUDE | EXCLUDE);
            for parent in self.parents(entry.node, side)? {
                if self.flags(parent) & DONE != 0 {
                    return None;
                }
            }
        }
        Some(found)
    }

    /// Adds `side` to `node`'s flags, queueing it the first time.
    fn paint(&mut self, node: Node, side: u8) {
        let old = self.flags(node);
        let new = old | side | QUEUED;
        self.set_flags(node, new);
        let was_pending = old & QUEUED != 0 && old & (INCLUDE | EXCLUDE) == INCLUDE;
        let is_pending = new & (INCLUDE | EXCLUDE) == INCLUDE;
        if old & QUEUED == 0 {
            let (generation, time) = self.order(node);
            self.queue.push(Entry {
                generation,
                time,
                node,
            });
            self.pending += usize::from(is_pending);
        } else if was_pending && !is_pending {
            self.pending -= 1;
        }
    }

    fn flags(&self, node: Node) -> u8 {
        match node {
            Node::Graph(index) => self.flags.get(index as usize).copied().unwrap_or(0),
            Node::Loose(index) => self.loose[index as usize].flags,
        }
    }

    fn set_flags(&mut self, node: Node, flags: u8) {
        match node {
            Node::Graph(index) => {
                if let Some(slot) = self.flags.get_mut(index as usize) {
                    if *slot == 0 {
                        self.painted.push(index);
                    }
                    *slot = flags;
                }
            }
            Node::Loose(index) => self.loose[index as usize].flags = flags,
        }
    }

    fn order(&self, node: Node) -> (u32, u64) {
        match node {
            Node::Graph(index) => {
                let commit = self.graph.commit_at(Position(index));
                (commit.generation(), commit.committer_timestamp())
            }
            Node::Loose(index) => {
                let loose = &self.loose[index as usize];
                (loose.generation, loose.time)
            }
        }
    }

    fn id(&self, node: Node) -> Option<Oid> {
        match node {
            Node::Graph(index) => {
                Oid::from_bytes(self.graph.id_at(Position(index)).as_bytes()).ok()
            }
            Node::Loose(index) => Some(self.loose[index as usize].id),
        }
    }

    /// The parents to paint from a commit on `side`: only the first of a commit in the range
    /// with `first_parent` (git follows every parent of an excluded one). `None` on a damaged
    /// graph.
    fn parents(&self, node: Node, side: u8) -> Option<Vec<Node>> {
        let mut parents = match node {
            Node::Graph(index) => {
                let mut parents = Vec::with_capacity(2);
                for parent in self.graph.commit_at(Position(index)).iter_parents() {
                    let position = parent.ok()?;
                    if position.0 >= self.graph.num_commits() {
                        return None;
                    }
                    parents.push(Node::Graph(position.0));
                }
                parents
            }
            Node::Loose(index) => self.loose[index as usize].parents.clone(),
        };
        if self.first_parent && side == INCLUDE {
            parents.truncate(1);
        }
        Some(parents)
    }

    /// The node for `id`: its graph position, or the commit read (with every ancestor outside
    /// the graph) from the object database.
    fn node(&mut self, id: Oid) -> Option<Node> {
        if let Some(node) = self.known(id)? {
            return Some(node);
        }
        // Depth-first, parents before children, so each generation number is known when needed.
        let mut stack = vec![(id, None::<(Vec<Oid>, u64)>)];
        while let Some((current, read)) = stack.pop() {
            if self.known(current)?.is_some() {
                continue;
            }
            match read {
                None => {
                    let commit = self.repo.find_commit(current).ok()?;
                    let parents: Vec<Oid> = commit.parent_ids().collect();
                    let time = u64::try_from(commit.committer().when().seconds()).ok()?;
                    stack.push((current, Some((parents.clone(), time))));
                    for parent in parents {
                        if self.known(parent)?.is_none() {
                            stack.push((parent, None));
                        }
                    }
                }
                Some((parents, time)) => {
                    let parents = parents
                        .into_iter()
                        .map(|parent| self.known(parent).flatten())
                        .collect::<Option<Vec<Node>>>()?;
                    let generation = parents
                        .iter()
                        .map(|parent| self.order(*parent).0)
                        .max()
                        .unwrap_or(0)
                        .saturating_add(1);
                    if self.loose.len() >= LOOSE_LIMIT {
                        return None;
                    }
                    let index = u32::try_from(self.loose.len()).ok()?;
                    self.loose.push(Loose {
                        id: current,
                        parents,
                        generation,
                        time,
                        flags: 0,
                    });
                    self.loose_index.insert(current, index);
                }
            }
        }
        self.known(id).flatten()
    }

    /// `Some(Some(node))` when `id` is in the graph or already read, `Some(None)` when not yet,
    /// `None` when the id cannot be looked up (another hash kind).
    fn known(&self, id: Oid) -> Option<Option<Node>> {
        let key = gix_hash::oid::try_from_bytes(id.as_bytes()).ok()?;
        if let Some(position) = self.graph.lookup(key) {
            return Some(Some(Node::Graph(position.0)));
        }
        Some(self.loose_index.get(&id).map(|index| Node::Loose(*index)))
    }
}
