//! History that is not all there: shallow clones.
//!
//! whylint never lints a partial range silently. In a shallow clone (CI checkouts usually are),
//! when a commit of the change is missing, or the base and the head do not meet in the commits
//! the clone has, it fetches what it needs from the configured remote with the git CLI: missing
//! commits by object id (`git fetch origin <sha>`: GitHub and GitLab serve any reachable commit;
//! a branch name by its refspec), then more history (`--deepen` steps, then `--unshallow`) until
//! the two meet, and says what it fetched. A full clone never fetches: a name it lacks is a typo
//! or a commit it was never given (see `revision`). Without a remote, or when fetching fails, the
//! run stops with exit code 2, naming the missing commit by its role, with the fix for where it
//! runs (CI settings only in CI). This is the only place whylint uses the network, and only
//! through `git fetch`, under a time limit (see `process`).

use super::ci::{self, Platform};
use super::git::Repo;
use crate::error::{Error, Result};
use git2::Oid;
use std::collections::HashSet;
use std::process::Command;

/// Missing commits are fetched this many commits deep...
const FIRST_DEPTH: u32 = 50;

/// ...then the history is deepened by these steps before falling back to `--unshallow`.
const DEEPEN_STEPS: &[u32] = &[50, 500, 5000];

/// A commit the run needs, and what it is to the change (for messages).
#[derive(Debug, Clone, Copy)]
pub struct Needed<'a> {
    /// `the base`, `the head`.
    pub role: &'static str,
    /// As given: a commit id or a name.
    pub rev: &'a str,
    /// Named by the CI event (a pull request's or a push's commits), not by the user: when
    /// neither the clone nor the remote has it, the event is out of date.
    pub from_ci: bool,
}

impl<'a> Needed<'a> {
    /// The commit the change is compared against.
    pub fn base(rev: &'a str) -> Self {
        Needed {
            role: "the base",
            rev,
            from_ci: false,
        }
    }

    /// The last commit of the change (a pull request's head).
    pub fn head(rev: &'a str) -> Self {
        Needed {
            role: "the head",
            rev,
            from_ci: false,
        }
    }

    /// The revision `--config-from` reads the configuration from.
    pub fn config(rev: &'a str) -> Self {
        Needed {
            role: "the `--config-from` revision",
            rev,
            from_ci: false,
        }
    }

    /// The same commit, named by the CI event rather than by the user when `event` is true.
    pub fn named_by_event(self, event: bool) -> Self {
        Needed {
            from_ci: event,
            ..self
        }
    }
}

/// The fix for a shallow clone, for where whylint runs: CI settings only in CI.
pub fn fix() -> &'static str {
    match ci::platform() {
        Platform::GitHub => "fetch the full history: set `fetch-depth: 0` on actions/checkout",
        Platform::GitLab => "fetch the full history: set `GIT_DEPTH: 0` in the job's variables",
        Platform::Local if ci::in_ci() => {
            "fetch the full history: on GitHub Actions set `fetch-depth: 0` on actions/checkout; on GitLab CI set `GIT_DEPTH: 0`"
        }
        Platform::Local => {
            "fetch the rest of the history (`git fetch --unshallow`), or clone again without `--depth`"
        }
    }
}

/// Makes sure every commit in `needed` is here, fetching the missing ones by object id (or a
/// name by its branch) in a shallow clone. Returns their ids, in order, and notes saying what
/// was fetched (none when nothing was).
pub fn ensure_present(repo: &mut Repo, needed: &[Needed<'_>]) -> Result<(Vec<Oid>, Vec<String>)> {
    let mut missing = Vec::new();
    let mut found = Vec::with_capacity(needed.len());
    for wanted in needed {
        match repo.resolve_commit(wanted.rev) {
            Ok(id) => found.push(Some(id)),
            // A full clone never fetches: `HEAD~5` past the root, or a name that is not here.
            Err(error) if !repo.raw().is_shallow() => {
                return Err(if wanted.rev.contains(['~', '^']) {
                    error
                } else if wanted.from_ci {
                    stale_event(wanted, None)
                } else {
                    super::revision::unknown(repo, wanted.rev, Some(wanted.role))
                });
            }
            Err(_) => {
                found.push(None);
                missing.push(*wanted);
            }
        }
    }
    // `HEAD~60` whose `HEAD` is here: deepening from `HEAD` brings it.
    let (steps, by_id): (Vec<_>, Vec<_>) = missing
        .into_iter()
        .partition(|wanted| ancestry_start(repo, wanted.rev).is_some());
    let mut notes = Vec::new();
    if !by_id.is_empty() {
        notes.push(fetch_by_id(repo, &by_id)?);
    }
    for wanted in steps {
        if let Some(start) = ancestry_start(repo, wanted.rev) {
            let rev = wanted.rev;
            notes.extend(deepen_until(repo, &[start.to_string()], rev, |repo| {
                repo.resolve_commit(rev).is_ok()
            })?);
        }
    }
    // What was here from the start is not resolved again (`HEAD~N` starts git each time).
    let ids = needed
        .iter()
        .zip(found)
        .map(|(wanted, id)| id.map_or_else(|| resolve_fetched(repo, wanted), Ok))
        .collect::<Result<_>>()?;
    Ok((ids, notes))
}

/// Fetches `missing` (none of them here) from the remote by id, or a name by its branch.
/// Returns the note saying so.
fn fetch_by_id(repo: &mut Repo, missing: &[Needed<'_>]) -> Result<String> {
    let Some(remote) = repo.default_remote() else {
        return Err(not_here(
            missing,
            "and there is no remote to fetch from (add the one it was cloned from: `git remote add origin URL`)",
        ));
    };
    let wants: Vec<String> = missing.iter().map(|n| want(&remote, n.rev)).collect();
    let depth = format!("--depth={FIRST_DEPTH}");
    fetch(repo, &remote, &depth, &wants).map_err(|why| match why {
        Fetch::Failed(why) => match missing.iter().find(|n| n.from_ci) {
            // A commit the event names and the remote does not have: the event is out of date.
            Some(stale) if unknown_to_remote(&why) => stale_event(stale, Some(&remote)),
            // A name the remote has no branch for either: a typo, whatever the depth.
            _ if why.contains("couldn't find remote ref") && missing.len() == 1 => {
                super::revision::unknown(repo, missing[0].rev, Some(missing[0].role))
            }
            _ => not_here(
                missing,
                &format!("and fetching from `{remote}` failed: {why}"),
            ),
        },
        Fetch::Stopped(error) => error,
    })?;
    let join = |part: fn(&Needed<'_>) -> String| {
        missing.iter().map(part).collect::<Vec<_>>().join(" and ")
    };
    Ok(format!(
        "this is a shallow clone: fetched {} from `{remote}` ({}, which it did not have, {FIRST_DEPTH} commits deep)",
        join(|n| format!("`{}`", n.rev)),
        join(|n| n.role.to_owned()),
    ))
}

/// The commit `rev` counts back from, when it is `START~N` / `START^` and `START` is here.
fn ancestry_start(repo: &Repo, rev: &str) -> Option<Oid> {
    let at = rev.find(['~', '^']).filter(|at| *at > 0)?;
    repo.resolve_commit(&rev[..at]).ok()
}

/// Deepens the history behind `wants` (`--deepen` steps, then `--unshallow`) until `done`, or
/// until nothing is left to fetch. Returns notes saying what was fetched; the caller checks
/// `done` again. `range` is what needs the history, for the error.
fn deepen_until(
    repo: &mut Repo,
    wants: &[String],
    range: &str,
    done: impl Fn(&Repo) -> bool,
) -> Result<Vec<String>> {
    let mut notes = Vec::new();
    for step in DEEPEN_STEPS.iter().map(|d| Some(*d)).chain([None]) {
        if !repo.raw().is_shallow() || done(repo) {
            break;
        }
        let Some(remote) = repo.default_remote() else {
            return Err(partial(
                range,
                "and there is no remote to fetch more history from",
            ));
        };
        let depth = match step {
            Some(count) => format!("--deepen={count}"),
            None => "--unshallow".to_owned(),
        };
        fetch(repo, &remote, &depth, wants).map_err(|why| match why {
            Fetch::Failed(why) => partial(
                range,
                &format!("and `git fetch {depth} {remote}` failed: {why}"),
            ),
            Fetch::Stopped(error) => error,
        })?;
        notes.push(match step {
            Some(count) => format!(
                "this is a shallow clone: deepened its history by up to {count} commits from `{remote}` for `{range}`"
            ),
            None => {
                format!("this is a shallow clone: fetched the rest of its history from `{remote}`")
            }
        });
    }
    Ok(notes)
}

/// Makes sure `base` is here and shares history with `head`, fetching in a shallow clone.
/// Returns the base commit and notes describing what was fetched (empty when nothing was).
pub fn ensure_base(repo: &mut Repo, base: &str, head: Oid) -> Result<(Oid, Vec<String>)> {
    let (ids, mut notes) = ensure_present(repo, &[Needed::base(base)])?;
    let Some(&base_id) = ids.first() else {
        return Err(Error::Usage(format!("the base `{base}` did not resolve")));
    };
    let range = format!("{base}..{}", &head.to_string()[..10]);
    let wants = [base_id.to_string(), head.to_string()];
    let deepened = deepen_until(repo, &wants, &range, |repo| {
        repo.raw().merge_base(base_id, head).is_ok()
    })?;
    // From a full clone, unrelated histories are the range's to explain.
    let fetched = !deepened.is_empty();
    notes.extend(deepened);
    // A full clone from the start asks no merge base: finding it reads the whole range.
    if !(fetched || repo.raw().is_shallow()) || repo.raw().merge_base(base_id, head).is_ok() {
        Ok((base_id, notes))
    } else if repo.raw().is_shallow() {
        Err(partial(
            &range,
            "and even `--unshallow` did not bring where the two meet (is the remote itself shallow?)",
        ))
    } else {
        Err(Error::Usage(format!(
            "`{base}` and the head {head} share no commit, even with the full history: is `{base}` the right base? Name another with `--base`"
        )))
    }
}

/// Makes the whole history available (for reports over all of it): unshallows from the remote,
/// or fails with the fix.
pub fn ensure_complete(repo: &mut Repo) -> Result<Vec<String>> {
    if !repo.raw().is_shallow() {
        return Ok(Vec::new());
    }
    let Some(remote) = repo.default_remote() else {
        return Err(partial(
            "the history",
            "and there is no remote to fetch the rest from",
        ));
    };
    fetch(repo, &remote, "--unshallow", &[]).map_err(|why| match why {
        Fetch::Failed(why) => partial(
            "the history",
            &format!("and `git fetch --unshallow {remote}` failed: {why}"),
        ),
        Fetch::Stopped(error) => error,
    })?;
    Ok(vec![format!(
        "this is a shallow clone: fetched the rest of its history from `{remote}`"
    )])
}

/// Commits at the edge of a shallow clone (their parents are missing).
pub fn boundary(repo: &Repo) -> HashSet<Oid> {
    let shallow = repo.raw().commondir().join("shallow");
    let Ok(text) = std::fs::read_to_string(shallow) else {
        return HashSet::new();
    };
    text.lines()
        .filter_map(|line| Oid::from_str(line.trim()).ok())
        .collect()
}

/// The error for a walk that reached the edge of a shallow clone.
pub fn partial(range: &str, why: &str) -> Error {
    Error::Usage(format!(
        "history is incomplete: this is a shallow clone and `{range}` reaches past the commits it has, {why}. whylint will not check a partial range; {}",
        fix()
    ))
}

/// Makes sure the revision `--config-from` names is here before the configuration is read
/// from it: in a shallow clone with a remote a missing one is fetched by object id (CI passes
/// the base sha, which a depth-1 checkout lacks); a full clone never fetches. Returns notes
/// saying what was fetched.
pub fn ensure_config_revision(repo: &mut Repo, rev: &str) -> Result<Vec<String>> {
    ensure_present(repo, &[Needed::config(rev)]).map(|(_, notes)| notes)
}

/// git's words for a commit or branch the remote does not have.
fn unknown_to_remote(why: &str) -> bool {
    why.contains("not our ref") || why.contains("couldn't find remote ref")
}

/// The error for a commit the CI event names that neither the clone nor the remote has (no
/// shallow-clone advice: deeper history would not bring it).
fn stale_event(wanted: &Needed<'_>, remote: Option<&str>) -> Error {
    let remote = match remote {
        Some(remote) => format!("on the remote `{remote}`"),
        None => "on the remote (this clone has the whole history)".to_owned(),
    };
    Error::Usage(format!(
        "the CI event's {} commit `{}` is not in this repository or {remote}: was the branch force-pushed since the event? Re-run the workflow (or pipeline) so that it names commits that exist, or name the base with `--base`",
        wanted.role.trim_start_matches("the "),
        wanted.rev
    ))
}

/// The id of `wanted` after fetching: a branch fetched by name lands under the remote.
fn resolve_fetched(repo: &Repo, wanted: &Needed<'_>) -> Result<Oid> {
    repo.resolve_commit(wanted.rev).or_else(|error| {
        // The whole history is here now: `HEAD~5` past the root says so.
        if !repo.raw().is_shallow() && wanted.rev.contains(['~', '^']) {
            return Err(error);
        }
        let remote = repo.default_remote().unwrap_or_else(|| "origin".to_owned());
        repo.resolve_commit(&format!("{remote}/{}", branch_of(&remote, wanted.rev)))
            .map_err(|_| {
                not_here(
                    &[*wanted],
                    &format!("and fetching from `{remote}` did not bring it"),
                )
            })
    })
}

/// What to ask the remote for: a full commit id as it is (fetching by id), a name as its
/// branch, stored where `git fetch` would store it.
fn want(remote: &str, rev: &str) -> String {
    if Oid::from_str(rev).is_ok() && rev.len() >= 40 {
        rev.to_owned()
    } else {
        let branch = branch_of(remote, rev);
        format!("+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
    }
}

/// `origin/main` → `main`.
fn branch_of<'a>(remote: &str, rev: &'a str) -> &'a str {
    rev.strip_prefix(remote)
        .and_then(|rest| rest.strip_prefix('/'))
        .unwrap_or(rev)
}

/// `the base `1a2b…``, or `the base `…` and the head `…``.
fn listed(needed: &[Needed<'_>]) -> String {
    needed
        .iter()
        .map(|n| format!("{} `{}`", n.role, n.rev))
        .collect::<Vec<_>>()
        .join(" and ")
}

/// The error for commits a shallow clone lacks and could not fetch, each named by its role.
fn not_here(missing: &[Needed<'_>], why: &str) -> Error {
    let (verb, them) = if missing.len() == 1 {
        ("is", "it")
    } else {
        ("are", "them")
    };
    Error::Usage(format!(
        "{} {verb} not in this repository: this shallow clone does not have {them}, {why}; {}",
        listed(missing),
        fix()
    ))
}

/// Why a fetch gave nothing.
enum Fetch {
    /// git said no: its last line of error output.
    Failed(String),
    /// It ran past its time limit (or the limit is set wrong): the run ends with this.
    Stopped(Error),
}

/// `git fetch DEPTH REMOTE WANTS…` into the repository, without tags, submodules or prompts,
/// under the network time limit; `repo` is reopened after it, so libgit2 sees what came.
fn fetch(
    repo: &mut Repo,
    remote: &str,
    depth: &str,
    wants: &[String],
) -> std::result::Result<(), Fetch> {
    let mut command = Command::new("git");
    command
        .args([
            "fetch",
            "--no-tags",
            "--no-recurse-submodules",
            "--quiet",
            depth,
            remote,
        ])
        .args(wants)
        .env("GIT_DIR", repo.git_dir())
        .env("GIT_TERMINAL_PROMPT", "0");
    let output = super::process::output(&mut command, super::process::NETWORK)
        .map_err(Fetch::Stopped)?
        .map_err(|error| Fetch::Failed(format!("cannot run git: {error}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Fetch::Failed(
            stderr
                .trim()
                .lines()
                .last()
                .unwrap_or("git failed")
                .to_owned(),
        ));
    }
    *repo = repo.reopen().map_err(Fetch::Stopped)?;
    Ok(())
}
