//! Ranges: `A..B`, `A...B` and single revisions, resolved to the commits they start and stop at.
//!
//! Ranges follow git's meaning: `main..HEAD` is every commit reachable from HEAD and not from
//! main, so commits on main made after the branch point never appear. A name or a commit id is
//! read with libgit2 (it means the same there, and no process is started for it); anything
//! with revision syntax (`HEAD~2`, `main^2`, `@{u}`) and the merge bases of `A...B` are asked of
//! git, whose replace refs and grafts decide which commits those are. Walking a range is
//! `walk`'s job.

use super::git::Repo;
use crate::error::{Error, Result};
use git2::Oid;

pub use super::walk::{CommitRecord, Walk, WalkLimits};

/// A resolved range: commits reachable from `include` and not from `exclude`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// As the user wrote it.
    pub text: String,
    /// Tips to walk from.
    pub include: Vec<Oid>,
    /// Tips whose ancestors are left out: commit ids, or a revision git resolves as it lists
    /// the range (see `Range::excluding`).
    pub exclude: Vec<String>,
    /// A single revision: only `include[0]` itself.
    pub single: bool,
}

impl Range {
    /// `base..head` where git resolves `base` as it lists the range, when that is safe: in a
    /// full clone (a shallow one may have to fetch it first), for `NAME~N`/`NAME^N` forms only.
    /// Resolving `HEAD~1000` first would start git once more and read the thousand commits
    /// twice. `None` when `base` must be resolved here; a `base` that does not resolve makes
    /// the walk fail, and the caller resolves it then to say why.
    pub fn excluding(repo: &Repo, text: &str, base: &str, head: Oid) -> Option<Range> {
        let plain = |part: &str| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "/._-".contains(c))
        };
        let (name, steps) = base.split_at(base.find(['~', '^'])?);
        let steps_only = steps
            .chars()
            .all(|c| c.is_ascii_digit() || "~^".contains(c));
        (!repo.raw().is_shallow() && !name.starts_with('-') && plain(name) && steps_only).then(
            || Range {
                text: text.to_owned(),
                include: vec![head],
                exclude: vec![base.to_owned()],
                single: false,
            },
        )
    }
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
        let (include, exclude) = if symmetric {
            (vec![base, head], self.merge_bases(text, base, head)?)
        } else {
            (vec![head], vec![base])
        };
        let exclude = exclude.iter().map(Oid::to_string).collect();
        Ok(Range {
            text: text.to_owned(),
            include,
            exclude,
            single: false,
        })
    }

    /// Every merge base of `a` and `b`, as git finds them: after criss-cross merges there are
    /// several, and `A...B` leaves out the history of each.
    fn merge_bases(&self, text: &str, a: Oid, b: Oid) -> Result<Vec<Oid>> {
        let output = self.git_output(
            &["merge-base", "--all", &a.to_string(), &b.to_string()],
            "find where the sides of a range meet",
        )?;
        let bases: Vec<Oid> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| Oid::from_str(line.trim()).ok())
            .collect();
        // git says nothing, and exits with 1, when there is no merge base.
        if bases.is_empty() {
            return Err(no_merge_base(self.raw(), text, &output.stderr));
        }
        Ok(bases)
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
        // Revision syntax is git's to resolve: replace refs and grafts change the commit
        // `HEAD~2` steps to, and libgit2 knows no replace refs. libgit2 then only explains.
        let syntax = rev.contains(['~', '^', '@', ':', '{']) && !rev.starts_with('-');
        if syntax && let Some(id) = self.rev_parse(rev)? {
            return Ok(id);
        }
        let object = self
            .raw()
            .revparse_single(rev)
            .map_err(|source| self.unresolved(rev, source))?;
        if syntax {
            return Err(Error::Usage(format!(
                "`{rev}` names no commit in this history as git reads it (its replace refs or grafts give some commits other parents); name the commit by its id, or check `git rev-parse {rev}`"
            )));
        }
        object
            .peel_to_commit()
            .map(|commit| commit.id())
            .map_err(|source| Error::git(format!("`{rev}` does not point at a commit"), source))
    }

    /// The commit `rev` names as git resolves it; `None` when it names none.
    fn rev_parse(&self, rev: &str) -> Result<Option<Oid>> {
        let output = self.git_output(
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
            "resolve a revision",
        )?;
        let text = String::from_utf8_lossy(&output.stdout);
        Ok(output
            .status
            .success()
            .then(|| Oid::from_str(text.trim()).ok())
            .flatten())
    }

    /// Why `rev` does not resolve, and what to do. Past the first commit, libgit2's own words
    /// ("parent 0 does not exist") add nothing, so they are left out.
    fn unresolved(&self, rev: &str, source: git2::Error) -> Error {
        // `HEAD~5` in a full clone of a 3-commit history goes past the root: fetching won't help.
        if let Some(at) = rev.find(['~', '^'])
            && !self.raw().is_shallow()
            && let Ok(start) = self.raw().revparse_single(&rev[..at])
        {
            let listed = self
                .git_output(&["rev-list", &start.id().to_string()], "count the commits")
                .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
                .unwrap_or_default();
            let count = listed.lines().count();
            let oldest = listed.lines().last().unwrap_or("");
            let short = oldest.get(..10).unwrap_or(oldest);
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

    /// A note for the end of a walk of `walked` commits that went without a commit-graph file:
    /// past a few thousand commits, writing one is the biggest speed-up there is (about 2x on
    /// git/git's last 10,000 commits: bench/RESULTS.md). `None` when a graph was there or the
    /// walk was short.
    pub fn commit_graph_hint(&self, walked: usize) -> Option<String> {
        const LONG_WALK: usize = 5_000;
        let info = self.raw().commondir().join("objects/info");
        let graph = info.join("commit-graph").is_file()
            || info.join("commit-graphs/commit-graph-chain").is_file();
        (walked >= LONG_WALK && !graph).then(|| {
            format!(
                "read {walked} commits without a commit-graph file; `git commit-graph write --reachable` (or `git gc`) makes walks this long about twice as fast"
            )
        })
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
/// histories.
fn no_merge_base(repo: &git2::Repository, range: &str, stderr: &[u8]) -> Error {
    let stderr = String::from_utf8_lossy(stderr);
    if let Some(why) = stderr.trim().lines().last() {
        return Error::Usage(format!(
            "cannot find where the sides of `{range}` meet: `git merge-base` failed ({why}); check the names"
        ));
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
