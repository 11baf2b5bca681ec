//! Walking commit ranges: `A..B`, `A...B` and single revisions, streamed one commit at a time.
//!
//! Ranges follow git's meaning: `main..HEAD` is every commit reachable from HEAD and not from
//! main, so commits on main made after the branch point never appear. The walk yields raw
//! records (id, parents, people, message bytes); turning them into subjects is the pipeline's
//! job. A shallow clone is never walked silently: see `shallow`.

use super::git::Repo;
use crate::error::{Error, Result};
use git2::{Oid, Sort};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A resolved range: commits reachable from `include` and not from `exclude`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// As the user wrote it.
    pub text: String,
    /// Tips to walk from.
    pub include: Vec<Oid>,
    /// Tips whose ancestors are left out.
    pub exclude: Vec<Oid>,
    /// A single revision: only `include[0]` itself.
    pub single: bool,
    /// The range as a line of commits, when resolving it found one (see `Line`): the walk
    /// then follows it parent by parent, with nothing to work out first.
    pub line: Option<Line>,
}

/// `count` commits from `tip` along first parents, none of them a merge. git lists such a range
/// in first-parent order whatever the commit times say (each commit is found through the one
/// before it), so the walk hands out each commit as it reads it, in memory that does not grow
/// with the range. `NAME~N..NAME` is usually one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// The newest commit.
    pub tip: Oid,
    /// How many commits.
    pub count: usize,
}

/// One commit as read from the repository.
#[derive(Debug, Clone)]
pub struct CommitRecord {
    /// Full id.
    pub id: Oid,
    /// Number of parents (2+ for a merge).
    pub parents: usize,
    /// `Name <email>` of the author.
    pub author: String,
    /// `Name <email>` of the committer.
    pub committer: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// The raw message bytes.
    pub message: Vec<u8>,
    /// The `encoding` header, when the commit declares one.
    pub encoding: Option<String>,
}

/// Limits on a walk.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkLimits {
    /// Stop after this many commits.
    pub max_count: Option<usize>,
    /// Skip commits authored before this time (seconds since the epoch).
    pub since: Option<i64>,
    /// Follow only the first parent of merges.
    pub first_parent: bool,
}

impl Repo {
    /// Resolves `A..B`, `A...B` or a single revision.
    pub fn resolve_range(&self, text: &str) -> Result<Range> {
        if let Some((left, right)) = split_range(text, "...") {
            let (a, b) = (self.resolve_commit(left)?, self.resolve_commit(right)?);
            return self.range_between(text, a, b, true);
        }
        if let Some((left, right)) = split_range(text, "..") {
            let (a, b) = (self.resolve_commit(left)?, self.resolve_commit(right)?);
            return self.range_between(text, a, b, false);
        }
        let id = self.resolve_commit(text)?;
        Ok(Range {
            text: text.to_owned(),
            include: vec![id],
            exclude: Vec::new(),
            single: true,
            line: None,
        })
    }

    /// The commit HEAD points at; `None` before the first commit (an unborn branch).
    pub fn head_commit(&self) -> Result<Option<Oid>> {
        match self.raw().head() {
            Ok(head) => head
                .peel_to_commit()
                .map(|commit| Some(commit.id()))
                .map_err(|e| Error::git("HEAD does not point at a commit", e)),
            Err(error)
                if error.code() == git2::ErrorCode::UnbornBranch
                    || error.code() == git2::ErrorCode::NotFound =>
            {
                Ok(None)
            }
            Err(error) => Err(Error::git("cannot read HEAD", error)),
        }
    }

    /// `A..B`/`A...B` as in `resolve_range`; a single revision means its whole history.
    pub fn resolve_history(&self, text: &str) -> Result<Range> {
        let mut range = self.resolve_range(text)?;
        range.single = false;
        Ok(range)
    }

    /// The range between two resolved commits: `base..head`, or `base...head` when symmetric.
    pub fn range_between(
        &self,
        text: &str,
        base: Oid,
        head: Oid,
        symmetric: bool,
    ) -> Result<Range> {
        if symmetric {
            // Every merge base: after criss-cross merges there are several, and git leaves out
            // the history of each.
            let forks = self
                .raw()
                .merge_bases(base, head)
                .map_err(|e| no_merge_base(self.raw(), text, e))?;
            return Ok(Range {
                text: text.to_owned(),
                include: vec![base, head],
                exclude: forks.iter().copied().collect(),
                single: false,
                line: None,
            });
        }
        Ok(Range {
            text: text.to_owned(),
            include: vec![head],
            exclude: vec![base],
            single: false,
            line: self.line_between(head, base),
        })
    }

    /// The commit a revision names (`HEAD` when empty, as in `main..`).
    pub fn resolve_commit(&self, rev: &str) -> Result<Oid> {
        let rev = if rev.is_empty() { "HEAD" } else { rev };
        if rev == "HEAD" && self.head_commit()?.is_none() {
            return Err(Error::Usage(format!(
                "HEAD has no commits yet (branch `{}` is unborn): nothing to check; commit first, or check a message with `whylint msg`",
                self.current_branch().unwrap_or_else(|| "HEAD".into())
            )));
        }
        if let Some(id) = self.resolve_ancestry(rev) {
            return Ok(id);
        }
        let object = self
            .raw()
            .revparse_single(rev)
            .map_err(|source| self.unresolved(rev, source))?;
        object
            .peel_to_commit()
            .map(|commit| commit.id())
            .map_err(|source| Error::git(format!("`{rev}` does not point at a commit"), source))
    }

    /// `NAME~N`, `NAME^N` and chains of them, stepped over the commit-graph where it has the
    /// commits (`HEAD~2399` then reads no commit object). A plain `NAME~N` is stepped with or
    /// without a graph (see `step_first_parents`). `None` for any other form, or when a step
    /// leaves the history: libgit2 resolves (or explains) those.
    fn resolve_ancestry(&self, rev: &str) -> Option<Oid> {
        let at = rev.find(['~', '^'])?;
        let (name, suffix) = rev.split_at(at);
        let steps = ancestry_steps(suffix)?;
        let start = self
            .raw()
            .revparse_single(if name.is_empty() { "HEAD" } else { name })
            .ok()?
            .peel_to_commit()
            .ok()?
            .id();
        if let [(0, count)] = steps[..] {
            return self.step_first_parents(start, count);
        }
        let graph = self.commit_graph()?;
        let mut id = start;
        for (parent, times) in steps {
            for _ in 0..times {
                id = graph.parent(id, parent).or_else(|| {
                    let commit = self.raw().find_commit(id).ok()?;
                    commit.parent_id(parent).ok()
                })?;
            }
        }
        Some(id)
    }

    /// `start~count`, each commit's header read from the commit-graph when it has the commit,
    /// else straight from the object database (libgit2 would parse and allocate the whole
    /// commit). When the commits stepped over form a `Line`, it is remembered for the range
    /// `start~count..start`: its walk then starts at once, where libgit2 would read the whole
    /// range before the first commit. `None` (libgit2 resolves or explains) in a shallow clone
    /// or with grafts, whose parents libgit2 rewrites, and past the first commit.
    fn step_first_parents(&self, start: Oid, count: usize) -> Option<Oid> {
        if super::graph::parents_rewritten(self.git_dir()) {
            return None;
        }
        let odb = self.raw().odb().ok()?;
        let graph = self.commit_graph();
        let mut is_line = true;
        let mut id = start;
        for _ in 0..count {
            let header = graph
                .and_then(|graph| graph.header(id))
                .or_else(|| super::commit::header(&odb, id))?;
            is_line &= header.parents == 1;
            id = header.first_parent?;
        }
        if is_line {
            self.remember_line(Line { tip: start, count }, id);
        }
        Some(id)
    }

    /// Why `rev` does not resolve, and what to do. Past the first commit, libgit2's own words
    /// ("parent 0 does not exist") add nothing, so they are left out.
    fn unresolved(&self, rev: &str, source: git2::Error) -> Error {
        // `HEAD~5` in a full clone of a 3-commit history goes past the root: fetching won't help.
        if let Some(at) = rev.find(['~', '^'])
            && !self.raw().is_shallow()
            && let Ok(start) = self.raw().revparse_single(&rev[..at])
        {
            let mut count = 0usize;
            let mut oldest = start.id();
            if let Ok(mut walk) = self.raw().revwalk()
                && walk.push(start.id()).is_ok()
            {
                for id in walk.flatten() {
                    count += 1;
                    oldest = id;
                }
            }
            let short = &oldest.to_string()[..10];
            return Error::Usage(format!(
                "`{rev}` goes back further than the history of `{}` ({count} commit{}); start the range at an existing commit: `{short}..{}` is everything after the first commit",
                &rev[..at],
                if count == 1 { "" } else { "s" },
                &rev[..at]
            ));
        }
        // In a full clone a name that is not there is a typo, not missing history.
        if !self.raw().is_shallow() && source.code() == git2::ErrorCode::NotFound {
            return super::revision::unknown(self, rev, None);
        }
        Error::git(
            format!(
                "`{rev}` is not a commit in this repository (a missing branch, or history this shallow clone does not have?); check the name, or fetch it: `git fetch origin {}`",
                rev.rsplit('/').next().unwrap_or(rev)
            ),
            source,
        )
    }

    /// Streams the commits of `range`, newest first by commit time (no topological sort: it
    /// would need the whole range in memory before the first commit).
    ///
    /// The commits are read on a second thread, a bounded channel ahead of the caller, so
    /// reading the history and linting it use both cores.
    pub fn walk(&self, range: &Range, limits: WalkLimits) -> Result<Walk> {
        self.walk_with(range, limits, std::convert::identity)
    }

    /// `walk`, with `prepare` applied to each commit (parsing, say) on whichever thread has
    /// time for it: on the reading thread while the caller has commits waiting, on the caller's
    /// when it has caught up with the reader. Reading a commit and linting one cost about the
    /// same, so a fixed split left one of the two cores idle part of the time.
    pub fn walk_with<T: Send + 'static>(
        &self,
        range: &Range,
        limits: WalkLimits,
        prepare: fn(CommitRecord) -> T,
    ) -> Result<Walk<T>> {
        let boundary = if range.single {
            Default::default()
        } else {
            super::shallow::boundary(self)
        };
        let reader = Reader {
            range: range.clone(),
            limits,
            boundary,
        };
        let git_dir = self.git_dir().to_path_buf();
        let (sender, receiver) = std::sync::mpsc::sync_channel(READ_AHEAD);
        let queued = Arc::new(AtomicUsize::new(0));
        let handover = Handover {
            sender,
            queued: Arc::clone(&queued),
        };
        let handle = std::thread::Builder::new()
            .name("whylint-history".into())
            .spawn(move || reader.run(&git_dir, prepare, &handover))
            .map_err(|source| Error::Io {
                action: "read (no thread for it)",
                path: self.git_dir().to_path_buf(),
                source,
            })?;
        Ok(Walk {
            receiver: Some(receiver),
            handle: Some(handle),
            batch: Vec::new(),
            prepare,
            queued,
        })
    }

    /// The commits of `range` read on this thread, for short ranges read many times over (the
    /// commits a merge brought in): no thread to start, no second handle to open.
    pub fn read_range(&self, range: &Range, limits: WalkLimits) -> Result<Vec<CommitRecord>> {
        let reader = Reader {
            range: range.clone(),
            limits,
            boundary: if range.single {
                Default::default()
            } else {
                super::shallow::boundary(self)
            },
        };
        let mut records = Vec::new();
        reader.read_all(self.raw(), self.commit_graph(), |record| {
            records.push(record);
            true
        })?;
        Ok(records)
    }

    /// A note for the end of a walk of `walked` commits that went without a commit-graph file:
    /// past a few thousand commits, writing one is the biggest speed-up there is (about 2x on
    /// git/git's last 10,000 commits: bench/RESULTS.md). `None` when a graph was there or the
    /// walk was short.
    pub fn commit_graph_hint(&self, walked: usize) -> Option<String> {
        const LONG_WALK: usize = 5_000;
        (walked >= LONG_WALK && self.commit_graph().is_none()).then(|| {
            format!(
                "read {walked} commits without a commit-graph file; `git commit-graph write --reachable` (or `git gc`) makes walks this long about twice as fast"
            )
        })
    }

    /// Parent `index` (0-based) of commit `id`.
    pub fn parent(&self, id: Oid, index: usize) -> Result<Oid> {
        self.raw()
            .find_commit(id)
            .and_then(|commit| commit.parent_id(index))
            .map_err(|e| Error::git(format!("cannot read parent {index} of commit {id}"), e))
    }

    /// How many commits `head` has that `base` does not.
    pub fn ahead_of(&self, head: Oid, base: Oid) -> Result<usize> {
        self.raw()
            .graph_ahead_behind(head, base)
            .map(|(ahead, _)| ahead)
            .map_err(|e| Error::git(format!("cannot compare {head} with {base}"), e))
    }

    /// When `id` is GitHub's synthetic pull-request merge (`refs/pull/N/merge`, message
    /// `Merge <head> into <base>`), its two parents: the base and the PR head.
    pub fn synthetic_merge(&self, id: Oid) -> Option<(Oid, Oid)> {
        let commit = self.raw().find_commit(id).ok()?;
        if commit.parent_count() != 2 {
            return None;
        }
        let message = String::from_utf8_lossy(commit.message_bytes());
        let mut words = message.trim().split(' ');
        let shape = (
            words.next(),
            words.next(),
            words.next(),
            words.next(),
            words.next(),
        );
        let is_sha = |w: &str| w.len() == 40 && w.bytes().all(|b| b.is_ascii_hexdigit());
        match shape {
            (Some("Merge"), Some(head), Some("into"), Some(base), None)
                if is_sha(head) && is_sha(base) =>
            {
                Some((commit.parent_id(0).ok()?, commit.parent_id(1).ok()?))
            }
            _ => None,
        }
    }

    /// Paths changed by a commit relative to its first parent (all paths for a root commit).
    pub fn changed_paths(&self, id: Oid) -> Result<Vec<String>> {
        let repo = self.raw();
        let context = || format!("cannot list the files changed by commit {id}");
        let commit = repo.find_commit(id).map_err(|e| Error::git(context(), e))?;
        let tree = commit.tree().map_err(|e| Error::git(context(), e))?;
        let parent_tree = match commit.parent(0) {
            Ok(parent) => Some(parent.tree().map_err(|e| Error::git(context(), e))?),
            Err(_) => None,
        };
        let diff = repo
            .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), None)
            .map_err(|e| Error::git(context(), e))?;
        let mut paths = Vec::new();
        for delta in diff.deltas() {
            for file in [delta.old_file(), delta.new_file()] {
                if let Some(path) = file.path().and_then(|p| p.to_str())
                    && !paths.iter().any(|known: &String| known == path)
                {
                    paths.push(path.to_owned());
                }
            }
        }
        Ok(paths)
    }
}

/// `~2^2~` as steps: (parent index, how many times), `~N` being N first parents and `^N` the
/// N-th parent once (`^0`, the commit itself, is no step). `None` for anything else.
fn ancestry_steps(mut suffix: &str) -> Option<Vec<(usize, usize)>> {
    let mut steps = Vec::new();
    while let Some(kind) = suffix.bytes().next() {
        let digits = suffix[1..].bytes().take_while(u8::is_ascii_digit).count();
        let count: usize = match digits {
            0 => 1,
            _ => suffix[1..=digits].parse().ok()?,
        };
        suffix = &suffix[1 + digits..];
        if !suffix.is_empty() && !suffix.starts_with(['~', '^']) {
            return None;
        }
        match kind {
            b'~' => steps.push((0, count)),
            _ if count == 0 => {}
            _ => steps.push((count - 1, 1)),
        }
    }
    Some(steps)
}

/// The two sides of `A..B` or `A...B` (`None` for a single revision), an empty side being
/// HEAD, and whether the range is symmetric (`...`).
pub fn range_sides(text: &str) -> Option<(&str, &str, bool)> {
    let (left, right, symmetric) = match split_range(text, "...") {
        Some((left, right)) => (left, right, true),
        None => {
            let (left, right) = split_range(text, "..")?;
            (left, right, false)
        }
    };
    Some((or_head(left), or_head(right), symmetric))
}

fn or_head(side: &str) -> &str {
    if side.is_empty() { "HEAD" } else { side }
}

/// `A..B` split at `separator`, only when it is a range operator (not part of a longer one).
fn split_range<'a>(text: &'a str, separator: &str) -> Option<(&'a str, &'a str)> {
    let index = text.find(separator)?;
    if separator == ".." && text[index..].starts_with("...") {
        return None;
    }
    Some((&text[..index], &text[index + separator.len()..]))
}

/// Why `A...B` has no merge base, and what to do. In a full clone the two sides are unrelated
/// histories, and libgit2's own words ("no merge base found") add nothing.
fn no_merge_base(repo: &git2::Repository, range: &str, source: git2::Error) -> Error {
    if source.code() != git2::ErrorCode::NotFound {
        return Error::git(
            format!("cannot find where the sides of `{range}` meet"),
            source,
        );
    }
    if repo.is_shallow() {
        return Error::Usage(format!(
            "`{range}`: the two sides share no history in the commits this shallow clone has; {}",
            super::shallow::fix()
        ));
    }
    Error::Usage(format!(
        "`{range}`: the two sides share no history (no commit is an ancestor of both), so there is no fork to compare from; check the names, or check one side's own history with `whylint commits REV`"
    ))
}

/// Commits are handed over in batches of this many (one handover per commit cost more in
/// thread wake-ups than reading it)...
const BATCH: usize = 32;

/// ...and at most this many batches are read ahead of the linting: enough to keep both
/// threads busy, few enough that memory stays flat.
const READ_AHEAD: usize = 8;

/// A commit as handed over: prepared by the reader, or left for the caller to prepare.
enum Handed<T> {
    Prepared(T),
    Raw(CommitRecord),
}

type Batch<T> = Vec<Result<Handed<T>>>;

/// A streaming walk over commits; memory bounded by the read-ahead, not the range.
pub struct Walk<T = CommitRecord> {
    receiver: Option<std::sync::mpsc::Receiver<Batch<T>>>,
    handle: Option<std::thread::JoinHandle<()>>,
    /// The batch being handed out, reversed so `pop` gives the next commit.
    batch: Batch<T>,
    /// What the reader leaves undone, done here.
    prepare: fn(CommitRecord) -> T,
    /// Batches sent and not yet received: none means this side is waiting for the reader.
    queued: Arc<AtomicUsize>,
}

impl<T> Iterator for Walk<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        let prepare = self.prepare;
        let finish = move |item: Result<Handed<T>>| {
            item.map(|handed| match handed {
                Handed::Prepared(done) => done,
                Handed::Raw(record) => prepare(record),
            })
        };
        if let Some(item) = self.batch.pop() {
            return Some(finish(item));
        }
        match self.receiver.as_ref()?.recv() {
            Ok(mut batch) => {
                self.queued.fetch_sub(1, Ordering::Relaxed);
                batch.reverse();
                let item = batch.pop();
                self.batch = batch;
                item.map(finish)
            }
            // The reader is done (or died: a panic there is re-raised when it is joined).
            Err(_) => {
                self.finish();
                None
            }
        }
    }
}

impl<T> Walk<T> {
    fn finish(&mut self) {
        // Hanging up first makes a reader blocked on a full channel stop.
        self.receiver = None;
        if let Some(handle) = self.handle.take()
            && let Err(panic) = handle.join()
        {
            std::panic::resume_unwind(panic);
        }
    }
}

impl<T> Drop for Walk<T> {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            self.finish();
        }
    }
}

/// The history-reading side of a walk: on its own thread with its own repository handle
/// (libgit2 handles cannot be shared between threads), or on the caller's.
struct Reader {
    range: Range,
    limits: WalkLimits,
    /// Commits whose parents a shallow clone lacks: reaching one means the range is partial.
    boundary: std::collections::HashSet<Oid>,
}

/// The reader's end of the channel, with the count of batches the caller has not taken yet.
struct Handover<T> {
    sender: std::sync::mpsc::SyncSender<Batch<T>>,
    queued: Arc<AtomicUsize>,
}

impl<T> Handover<T> {
    fn send(&self, batch: Batch<T>) -> bool {
        self.queued.fetch_add(1, Ordering::Relaxed);
        self.sender.send(batch).is_ok()
    }

    /// Whether the caller has commits waiting: then it is the slower side, and the reader
    /// prepares the next batch itself; otherwise the caller is idle and prepares them.
    fn caller_is_busy(&self) -> bool {
        self.queued.load(Ordering::Relaxed) > 0
    }
}

impl Reader {
    /// Sends each commit of the range, a batch at a time; stops early, without error, when
    /// the receiver hangs up.
    fn run<T>(
        self,
        git_dir: &std::path::Path,
        prepare: fn(CommitRecord) -> T,
        handover: &Handover<T>,
    ) {
        let mut batch = Vec::with_capacity(BATCH);
        let mut prepare_here = false;
        let read = super::git::reopen_raw(git_dir).and_then(|repo| {
            let graph = super::graph::open(git_dir);
            self.read_all(&repo, graph.as_ref(), |record| {
                if batch.is_empty() {
                    prepare_here = handover.caller_is_busy();
                }
                batch.push(Ok(if prepare_here {
                    Handed::Prepared(prepare(record))
                } else {
                    Handed::Raw(record)
                }));
                batch.len() < BATCH
                    || handover.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
            })
        });
        if let Err(error) = read {
            batch.push(Err(error));
        }
        // The receiver may be gone already; then nobody is left to tell.
        let _ = handover.send(batch);
    }

    /// Hands each commit of the range to `sink`, which returns `false` to stop.
    fn read_all(
        &self,
        repo: &git2::Repository,
        graph: Option<&super::graph::CommitGraph>,
        mut sink: impl FnMut(CommitRecord) -> bool,
    ) -> Result<()> {
        // libgit2's object cache and hash verification are off for every handle: see `Repo::from`.
        let mut remaining = if self.range.single {
            Some(1)
        } else {
            self.limits.max_count
        };
        let mut ids = self.ids(repo, graph)?;
        while let Some(id) = ids.next() {
            if remaining == Some(0) {
                break;
            }
            let id = id?;
            if self.boundary.contains(&id) {
                return Err(super::shallow::partial(
                    &self.range.text,
                    &format!("at commit {id}, whose parents were not fetched"),
                ));
            }
            let commit = repo
                .find_commit(id)
                .map_err(|source| Error::git(format!("cannot read commit {id}"), source))?;
            ids.read(&commit);
            let time = commit.author().when().seconds();
            if self.limits.since.is_some_and(|since| time < since) {
                continue;
            }
            if let Some(remaining) = &mut remaining {
                *remaining -= 1;
            }
            let record = CommitRecord {
                id,
                parents: commit.parent_count(),
                author: person(&commit.author()),
                committer: person(&commit.committer()),
                time,
                message: commit.message_bytes().to_vec(),
                encoding: commit.message_encoding().ok().flatten().map(str::to_owned),
            };
            if !sink(record) {
                break;
            }
        }
        Ok(())
    }

    /// The ids of the range in git's order: along its line when it is one, from the
    /// commit-graph file when it can answer, else from the commits' headers (`order`); with
    /// grafts, from libgit2's revwalk.
    fn ids<'r>(
        &self,
        repo: &'r git2::Repository,
        graph: Option<&super::graph::CommitGraph>,
    ) -> Result<Ids<'r>> {
        let range = &self.range;
        if range.single {
            return Ok(Ids::Listed(Box::new(
                range.include.clone().into_iter().take(1).map(Ok),
            )));
        }
        if let Some(line) = range.line {
            return Ok(Ids::Line {
                next: line.tip,
                left: line.count,
            });
        }
        if let Some(ids) = graph.and_then(|graph| {
            super::graph::range_ids(
                repo,
                graph,
                &range.include,
                &range.exclude,
                self.limits.first_parent,
            )
        }) {
            return Ok(Ids::Listed(Box::new(ids.into_iter().map(Ok))));
        }
        if !super::graph::has_grafts(repo.path())
            && let Ok(odb) = repo.odb()
            && let Some(ids) = super::order::range_ids(
                &odb,
                &self.boundary,
                &range.include,
                &range.exclude,
                self.limits.first_parent,
            )
        {
            return Ok(Ids::Listed(Box::new(ids.into_iter().map(Ok))));
        }
        // Grafts (libgit2 rewrites those parents), or a commit that cannot be read: libgit2
        // walks, and says what is wrong.
        let context = |what: &str| format!("cannot walk `{}` ({what})", range.text);
        let mut revwalk = repo
            .revwalk()
            .map_err(|e| Error::git(context("revwalk"), e))?;
        revwalk
            .set_sorting(Sort::TIME)
            .map_err(|e| Error::git(context("sorting"), e))?;
        if self.limits.first_parent {
            revwalk
                .simplify_first_parent()
                .map_err(|e| Error::git(context("first parent"), e))?;
        }
        for id in &range.include {
            revwalk
                .push(*id)
                .map_err(|e| Error::git(context("start"), e))?;
        }
        for id in &range.exclude {
            revwalk
                .hide(*id)
                .map_err(|e| Error::git(context("base"), e))?;
        }
        Ok(Ids::Listed(Box::new(revwalk.map(|id| {
            id.map_err(|source| Error::git("cannot walk the commit history", source))
        }))))
    }
}

/// Where a walk's next commit comes from.
enum Ids<'r> {
    /// Worked out before the walk (the commit-graph, or the commits' headers: `order`), or as
    /// it goes (libgit2's revwalk, with grafts).
    Listed(Box<dyn Iterator<Item = Result<Oid>> + 'r>),
    /// A `Line`, followed as its commits are read: each one names the next.
    Line { next: Oid, left: usize },
}

impl Ids<'_> {
    fn next(&mut self) -> Option<Result<Oid>> {
        match self {
            Ids::Listed(ids) => ids.next(),
            Ids::Line { left: 0, .. } => None,
            Ids::Line { next, left } => {
                *left -= 1;
                Some(Ok(*next))
            }
        }
    }

    /// Told each commit as it is read (before the next is asked for): a line steps to its
    /// parent. One without a parent ends the line; resolving the range saw it had enough.
    fn read(&mut self, commit: &git2::Commit<'_>) {
        if let Ids::Line { next, left } = self {
            match commit.parent_id(0) {
                Ok(parent) => *next = parent,
                Err(_) => *left = 0,
            }
        }
    }
}

fn person(signature: &git2::Signature<'_>) -> String {
    format!(
        "{} <{}>",
        String::from_utf8_lossy(signature.name_bytes()),
        String::from_utf8_lossy(signature.email_bytes())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A repository of `count` commits in a line, one minute apart, in a temp dir.
    fn linear_history(count: usize) -> (tempfile::TempDir, Repo) {
        let dir = tempfile::tempdir().expect("temp dir");
        let raw = git2::Repository::init(dir.path()).expect("git init");
        {
            let tree_id = raw.index().and_then(|mut i| i.write_tree()).expect("tree");
            let tree = raw.find_tree(tree_id).expect("tree");
            let mut parent: Option<git2::Commit<'_>> = None;
            for i in 0..count {
                let when = git2::Time::new(1_767_225_600 + 60 * i as i64, 0);
                let who = git2::Signature::new("Ada", "ada@example.com", &when).expect("who");
                let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
                let message = format!("Change {i}\n\nRefs: #{i}\n");
                let id = raw
                    .commit(Some("HEAD"), &who, &who, &message, &tree, &parents)
                    .expect("commit");
                parent = Some(raw.find_commit(id).expect("read back"));
            }
        }
        (dir, Repo::from(raw))
    }

    /// The `count` newest commits from HEAD, as libgit2 walks them (a line: no order to argue).
    fn newest(repo: &Repo, count: usize) -> Vec<Oid> {
        let mut revwalk = repo.raw().revwalk().expect("revwalk");
        revwalk.push_head().expect("head");
        revwalk.take(count).map(|id| id.expect("id")).collect()
    }

    #[test]
    fn a_line_without_merges_is_known_from_resolving_its_base() {
        let (_dir, repo) = linear_history(12);
        let range = repo.resolve_range("HEAD~10..HEAD").expect("range");
        let expected = newest(&repo, 10);
        let line = Line {
            tip: expected[0],
            count: 10,
        };
        assert_eq!(range.line, Some(line));
        let walked: Vec<Oid> = repo
            .walk(&range, WalkLimits::default())
            .expect("walk")
            .map(|record| record.expect("commit").id)
            .collect();
        assert_eq!(walked, expected);
        // Only the range whose base was stepped to is a line.
        let other = repo.resolve_range("HEAD~3..HEAD~1").expect("range");
        assert_eq!(other.line, None);
        let single = repo.resolve_range("HEAD~2").expect("single");
        assert_eq!(single.line, None);
    }

    #[test]
    fn ancestry_suffixes_become_parent_steps() {
        assert_eq!(ancestry_steps("~"), Some(vec![(0, 1)]));
        assert_eq!(ancestry_steps("~99999"), Some(vec![(0, 99_999)]));
        assert_eq!(ancestry_steps("^2~3"), Some(vec![(1, 1), (0, 3)]));
        assert_eq!(ancestry_steps("^0"), Some(vec![]));
        assert_eq!(ancestry_steps("~2x"), None);
        assert_eq!(ancestry_steps("^{commit}"), None);
    }

    fn prepared_where(record: CommitRecord) -> (Oid, bool) {
        let on_reader = std::thread::current().name() == Some("whylint-history");
        (record.id, on_reader)
    }

    #[test]
    fn commits_are_prepared_where_there_is_time_and_arrive_in_order() {
        let (_dir, repo) = linear_history(400);
        let range = repo.resolve_range("HEAD~399..HEAD").expect("range");
        let expected = newest(&repo, 399);

        // A slow caller: the reader gets ahead and prepares batches itself.
        let mut slow = Vec::new();
        for item in repo
            .walk_with(&range, WalkLimits::default(), prepared_where)
            .expect("walk")
        {
            slow.push(item.expect("commit"));
            std::thread::sleep(std::time::Duration::from_micros(300));
        }
        let ids: Vec<Oid> = slow.iter().map(|(id, _)| *id).collect();
        assert_eq!(ids, expected);
        // Nothing is queued when the first batch is read, so the caller prepares it...
        assert!(slow[..BATCH].iter().all(|(_, on_reader)| !on_reader));
        // ...and once the caller lags behind, the reader prepares.
        assert!(slow.iter().any(|(_, on_reader)| *on_reader));

        // A caller that keeps up gets the same commits, whoever prepared them.
        let fast: Vec<Oid> = repo
            .walk_with(&range, WalkLimits::default(), prepared_where)
            .expect("walk")
            .map(|item| item.expect("commit").0)
            .collect();
        assert_eq!(fast, expected);
    }
}
