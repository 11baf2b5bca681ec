//! Reading the commits of a range: `git rev-list`, streamed with each commit's fields.
//!
//! git lists the range itself, so the commits and their order are git's by construction:
//! replace refs, grafts, shallow boundaries, `--since` (committer time, as a cut-off) and the
//! order of equal or skewed dates, all as `git log` has them. One process reads the whole
//! range, each commit's parents, people, author time, encoding and raw message coming with its
//! id; nothing is looked up commit by commit. A shallow clone is never walked silently: a walk
//! that reaches a commit whose parents were not fetched stops with an error (see `shallow`).

use super::git::Repo;
use super::history::Range;
use super::process::{self, Stream};
use crate::error::{Error, Result};
use git2::Oid;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// One commit as read from the repository.
#[derive(Debug, Clone)]
pub struct CommitRecord {
    /// Full id.
    pub id: Oid,
    /// The parents, first parent first (2+ for a merge), as git sees them (after replace refs
    /// and grafts).
    pub parents: Vec<Oid>,
    /// `Name <email>` of the author.
    pub author: String,
    /// `Name <email>` of the committer.
    pub committer: String,
    /// Author time, seconds since the epoch.
    pub time: i64,
    /// Committer time, seconds since the epoch: what `--since` reads.
    pub committed: i64,
    /// The raw message bytes.
    pub message: Vec<u8>,
    /// The `encoding` header, when the commit declares one.
    pub encoding: Option<String>,
}

/// Limits on a walk, as git's options of the same names mean them.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkLimits {
    /// Stop after this many commits (`--max-count`).
    pub max_count: Option<usize>,
    /// Leave out commits committed before this time, seconds since the epoch, and what lies
    /// behind them (`--since`: committer time).
    pub since: Option<i64>,
    /// Follow only the first parent of merges (`--first-parent`).
    pub first_parent: bool,
    /// List no commit before all of its children in the range (`--topo-order`): git reads the
    /// whole range before the first commit, and in return a caller can sum commits up by what
    /// leads to them as they come (see `changes`).
    pub children_first: bool,
}

/// Each commit's fields after git's `commit <id>` line, each ending in a NUL: parents, author,
/// committer, author time, committer time, encoding, raw message (a message cannot hold a NUL: git stops
/// reading one there). `--encoding=UTF-8`: git converts a message that declares another
/// encoding (and leaves its bytes as they are when they do not convert).
const FORMAT: &str = "--format=%P%x00%an <%ae>%x00%cn <%ce>%x00%at%x00%ct%x00%e%x00%B%x00";

/// How many fields `FORMAT` has.
const FIELDS: usize = 7;

/// `git rev-list` listing a range, read record by record.
struct Listing {
    input: BufReader<Stream>,
    /// The range as the user wrote it, for messages.
    text: String,
    /// Commits whose parents a shallow clone lacks: reaching one means the range is partial.
    boundary: HashSet<Oid>,
    /// The fields of the record being read, kept to reuse their buffers.
    fields: Vec<Vec<u8>>,
}

impl Listing {
    /// Starts git on `range`.
    fn start(repo: &Repo, range: &Range, limits: WalkLimits) -> Result<Listing> {
        let mut command = repo.git_command();
        command.args(["rev-list", "--encoding=UTF-8", FORMAT]);
        if range.single {
            command.arg("--no-walk");
        } else {
            if limits.first_parent {
                command.arg("--first-parent");
            }
            if limits.children_first {
                command.arg("--topo-order");
            }
            if let Some(count) = limits.max_count {
                command.arg(format!("--max-count={count}"));
            }
        }
        if let Some(since) = limits.since {
            command.arg(format!("--max-age={since}"));
        }
        let tips = range
            .include
            .iter()
            .take(if range.single { 1 } else { usize::MAX });
        command.args(tips.map(Oid::to_string));
        if !range.single {
            command.args(range.exclude.iter().map(|tip| format!("^{tip}")));
        }
        let stream = process::stream(&mut command, process::QUICK)?
            .map_err(|error| super::git::no_git("read the history", &error))?;
        Ok(Listing {
            input: BufReader::with_capacity(1 << 16, stream),
            text: range.text.clone(),
            boundary: if range.single {
                HashSet::new()
            } else {
                super::shallow::boundary(repo)
            },
            fields: vec![Vec::new(); FIELDS],
        })
    }

    /// The next commit; `None` at the end of the listing (see `finish` for how it ended).
    fn next(&mut self) -> Option<Result<CommitRecord>> {
        self.read().transpose()
    }

    fn read(&mut self) -> Result<Option<CommitRecord>> {
        let mut header = Vec::with_capacity(48);
        if self.input.read_until(b'\n', &mut header).map_err(broken)? == 0 {
            return Ok(None);
        }
        let id = header
            .strip_prefix(b"commit ")
            .and_then(|hex| std::str::from_utf8(hex.trim_ascii_end()).ok())
            .and_then(|hex| Oid::from_str(hex).ok())
            .ok_or_else(|| garbled(&header))?;
        if self.boundary.contains(&id) {
            return Err(super::shallow::partial(
                &self.text,
                &format!("at commit {id}, whose parents were not fetched"),
            ));
        }
        for field in &mut self.fields {
            field.clear();
            self.input.read_until(0, field).map_err(broken)?;
            if field.pop() != Some(0) {
                return Err(garbled(field));
            }
        }
        // The line break git writes after each record.
        let mut end = [0u8];
        std::io::Read::read_exact(&mut self.input, &mut end).map_err(broken)?;
        // As libgit2 gave it: without the blank lines some tools leave before the subject.
        let mut message = std::mem::take(&mut self.fields[6]);
        let text = |at: usize| String::from_utf8_lossy(&self.fields[at]).into_owned();
        let encoding = text(5);
        // Converted by git, it is UTF-8 now; the declared encoding is for what did not convert.
        let encoding =
            (!encoding.is_empty() && std::str::from_utf8(&message).is_err()).then_some(encoding);
        let start = message
            .iter()
            .position(|&b| b != b'\n')
            .unwrap_or(message.len());
        message.drain(..start);
        Ok(Some(CommitRecord {
            id,
            parents: self.fields[0]
                .split(|&b| b == b' ')
                .filter(|part| !part.is_empty())
                .map(|hex| {
                    std::str::from_utf8(hex)
                        .ok()
                        .and_then(|hex| Oid::from_str(hex).ok())
                        .ok_or_else(|| garbled(hex))
                })
                .collect::<Result<_>>()?,
            author: text(1),
            committer: text(2),
            time: text(3).trim().parse().unwrap_or(0),
            committed: text(4).trim().parse().unwrap_or(0),
            message,
            encoding,
        }))
    }

    /// Waits for git to end, and says why when it failed.
    fn finish(self) -> Result<()> {
        let text = self.text;
        let (status, stderr) = self.input.into_inner().finish()?;
        if status.success() {
            return Ok(());
        }
        let stderr = String::from_utf8_lossy(&stderr);
        let why = stderr.trim().lines().last().unwrap_or("no reason given");
        Err(Error::Usage(format!(
            "cannot list the commits of `{text}`: `git rev-list` failed ({why}); check that the repository is intact (`git fsck`)"
        )))
    }
}

/// The error for output that could not be read.
fn broken(source: std::io::Error) -> Error {
    Error::Usage(format!(
        "reading the history from `git rev-list` failed: {source}; run again, or allow it longer with `WHYLINT_TIMEOUT=SECONDS`"
    ))
}

/// The error for output that is not in the form asked for.
fn garbled(bytes: &[u8]) -> Error {
    let shown: String = String::from_utf8_lossy(bytes).chars().take(80).collect();
    Error::Usage(format!(
        "`git rev-list` wrote `{shown}` where a commit was expected; is `git` on PATH the real git? Check `git --version`"
    ))
}

impl Repo {
    /// Streams the commits of `range` in `git rev-list`'s order: newest first by commit time
    /// as git meets them, which puts a commit before its children only when clocks were
    /// skewed; `limits.children_first` rules that out, at the price of git reading the whole
    /// range before the first commit.
    ///
    /// The commits are read on a second thread, a bounded channel ahead of the caller, while
    /// git reads the history in its own process: reading and linting use both cores.
    pub fn walk(&self, range: &Range, limits: WalkLimits) -> Result<Walk> {
        self.walk_with(range, limits, std::convert::identity)
    }

    /// `walk`, with `prepare` applied to each commit (parsing, say) on whichever thread has
    /// time for it: on the reading thread while the caller has commits waiting, on the caller's
    /// when it has caught up with the reader.
    pub fn walk_with<T: Send + 'static>(
        &self,
        range: &Range,
        limits: WalkLimits,
        prepare: fn(CommitRecord) -> T,
    ) -> Result<Walk<T>> {
        let listing = Listing::start(self, range, limits)?;
        let (sender, receiver) = std::sync::mpsc::sync_channel(READ_AHEAD);
        let queued = Arc::new(AtomicUsize::new(0));
        let handover = Handover {
            sender,
            queued: Arc::clone(&queued),
        };
        let handle = std::thread::Builder::new()
            .name("whylint-history".into())
            .spawn(move || handover.run(listing, prepare))
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
        // Hanging up first makes a reader blocked on a full channel stop (and git with it).
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

    /// Sends each commit of the listing, a batch at a time; stops early, without error, when
    /// the receiver hangs up (dropping the listing stops git).
    fn run(&self, mut listing: Listing, prepare: fn(CommitRecord) -> T) {
        let mut batch = Vec::with_capacity(BATCH);
        let mut prepare_here = false;
        while let Some(record) = listing.next() {
            let failed = record.is_err();
            if batch.is_empty() {
                prepare_here = self.caller_is_busy();
            }
            batch.push(record.map(|record| {
                if prepare_here {
                    Handed::Prepared(prepare(record))
                } else {
                    Handed::Raw(record)
                }
            }));
            if failed {
                // The receiver may be gone already; then nobody is left to tell.
                let _ = self.send(batch);
                return;
            }
            if batch.len() == BATCH
                && !self.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
            {
                return;
            }
        }
        if let Err(error) = listing.finish() {
            batch.push(Err(error));
        }
        let _ = self.send(batch);
    }
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
    fn records_carry_each_commits_fields() {
        let (_dir, repo) = linear_history(3);
        let range = repo.resolve_range("HEAD~2..HEAD").expect("range");
        let records: Vec<CommitRecord> = repo
            .walk(&range, WalkLimits::default())
            .expect("walk")
            .collect::<Result<_>>()
            .expect("read");
        let ids: Vec<Oid> = records.iter().map(|r| r.id).collect();
        assert_eq!(ids, newest(&repo, 2));
        let newest = &records[0];
        assert_eq!(newest.parents, vec![records[1].id]);
        assert_eq!(newest.author, "Ada <ada@example.com>");
        assert_eq!(newest.committer, "Ada <ada@example.com>");
        assert_eq!(newest.time, 1_767_225_600 + 120);
        assert_eq!(newest.message, b"Change 2\n\nRefs: #2\n");
        assert_eq!(newest.encoding, None);
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

    #[test]
    fn a_walk_left_early_stops_git() {
        let (_dir, repo) = linear_history(300);
        let range = repo.resolve_range("HEAD~299..HEAD").expect("range");
        let first: Vec<Oid> = repo
            .walk(&range, WalkLimits::default())
            .expect("walk")
            .take(3)
            .map(|record| record.expect("commit").id)
            .collect();
        assert_eq!(first, newest(&repo, 3));
    }
}
