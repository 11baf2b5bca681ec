//! History that is not all there: shallow clones and missing base refs.
//!
//! whylint never lints a partial range silently. When the base is missing or shares no commit
//! with HEAD in a shallow clone, it fetches what it needs from the configured remote with the
//! git CLI (deepening step by step, then `--unshallow`) and says so; when there is no remote, or
//! fetching fails, it stops with exit code 2 and the exact fix for GitHub Actions and GitLab CI.
//! This is the only place whylint may use the network, and only through `git fetch`.

use super::git::Repo;
use crate::error::{Error, Result};
use git2::Oid;
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

/// The fix for CI, in one sentence.
pub const FIX: &str = "fetch the full history: on GitHub Actions set `fetch-depth: 0` on actions/checkout; on GitLab CI set `GIT_DEPTH: 0`; locally run `git fetch --unshallow`";

/// Deepening steps before falling back to `--unshallow`.
const DEEPEN_STEPS: &[u32] = &[50, 500, 5000];

/// Makes sure `base` resolves and shares history with `head`, fetching if needed.
/// Returns the base commit and notes describing what was fetched (empty when nothing was).
pub fn ensure_base(repo: &mut Repo, base: &str, head: Oid) -> Result<(Oid, Vec<String>)> {
    let mut notes = Vec::new();
    let resolved = match repo.resolve_commit(base) {
        Ok(id) => Some(id),
        // `HEAD~5` past the first commit of a full clone: no fetch can bring it.
        Err(error) if !repo.raw().is_shallow() && base.contains(['~', '^']) => return Err(error),
        Err(_) => None,
    };
    if resolved.is_none() {
        let Some(remote) = repo.default_remote() else {
            return Err(missing_base(
                base,
                "this repository has no remote to fetch it from",
            ));
        };
        let branch = base.strip_prefix(&format!("{remote}/")).unwrap_or(base);
        let refspec = format!("+refs/heads/{branch}:refs/remotes/{remote}/{branch}");
        let mut args = vec!["fetch", "--no-tags", "--quiet"];
        if repo.raw().is_shallow() {
            args.push("--depth=50");
        }
        args.extend([remote.as_str(), refspec.as_str()]);
        run_git(repo.git_dir(), &args).map_err(|why| missing_base(base, &why))?;
        *repo = repo.reopen()?;
        repo.resolve_commit(base)
            .map_err(|_| missing_base(base, "fetching it did not create it"))?;
        notes.push(format!(
            "fetched `{base}` from `{remote}`, which this clone did not have"
        ));
    }
    let base_id = match resolved {
        Some(id) => id,
        None => repo.resolve_commit(base)?,
    };
    for step in DEEPEN_STEPS.iter().map(|d| Some(*d)).chain([None]) {
        if !repo.raw().is_shallow() || repo.raw().merge_base(base_id, head).is_ok() {
            return Ok((base_id, notes));
        }
        let Some(remote) = repo.default_remote() else {
            return Err(partial(
                base,
                "and there is no remote to fetch more history from",
            ));
        };
        let depth;
        let args: Vec<&str> = match step {
            Some(count) => {
                depth = format!("--deepen={count}");
                vec![
                    "fetch",
                    "--no-tags",
                    "--quiet",
                    depth.as_str(),
                    remote.as_str(),
                ]
            }
            None => vec![
                "fetch",
                "--no-tags",
                "--quiet",
                "--unshallow",
                remote.as_str(),
            ],
        };
        run_git(repo.git_dir(), &args)
            .map_err(|why| partial(base, &format!("and `git {}` failed: {why}", args.join(" "))))?;
        *repo = repo.reopen()?;
        notes.push(match step {
            Some(count) => format!(
                "this is a shallow clone: fetched {count} more commits of history from `{remote}`"
            ),
            None => {
                format!("this is a shallow clone: fetched the rest of its history from `{remote}`")
            }
        });
    }
    if repo.raw().merge_base(base_id, head).is_ok() {
        Ok((base_id, notes))
    } else {
        Err(Error::Usage(format!(
            "`{base}` and HEAD share no commit, even with the full history: is `{base}` the right base? Name another with `--base`"
        )))
    }
}

/// Makes sure commit `rev` (a PR head sha, say) is in the repository, fetching it from the
/// remote when a shallow CI checkout lacks it. Returns what was done.
pub fn ensure_commit(repo: &mut Repo, rev: &str) -> Result<Vec<String>> {
    if repo.resolve_commit(rev).is_ok() {
        return Ok(Vec::new());
    }
    let Some(remote) = repo.default_remote() else {
        return Err(missing_base(
            rev,
            "this repository has no remote to fetch it from",
        ));
    };
    let mut args = vec!["fetch", "--no-tags", "--quiet"];
    if repo.raw().is_shallow() {
        args.push("--depth=50");
    }
    args.extend([remote.as_str(), rev]);
    run_git(repo.git_dir(), &args).map_err(|why| missing_base(rev, &why))?;
    *repo = repo.reopen()?;
    repo.resolve_commit(rev)
        .map_err(|_| missing_base(rev, "fetching it did not bring it"))?;
    Ok(vec![format!(
        "fetched commit `{rev}` from `{remote}`, which this checkout did not have"
    )])
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
    run_git(
        repo.git_dir(),
        &[
            "fetch",
            "--no-tags",
            "--quiet",
            "--unshallow",
            remote.as_str(),
        ],
    )
    .map_err(|why| {
        partial(
            "the history",
            &format!("and `git fetch --unshallow` failed: {why}"),
        )
    })?;
    *repo = repo.reopen()?;
    Ok(vec![format!(
        "this is a shallow clone: fetched the rest of its history from `{remote}`"
    )])
}

/// Commits at the edge of a shallow clone (their parents are missing).
pub fn boundary(repo: &Repo) -> HashSet<Oid> {
    let shallow = super::graph::common_dir(repo.git_dir()).join("shallow");
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
        "history is incomplete: this is a shallow clone and `{range}` reaches past the commits it has, {why}. whylint will not check a partial range; {FIX}"
    ))
}

fn missing_base(base: &str, why: &str) -> Error {
    Error::Usage(format!(
        "the base `{base}` is not in this repository, {why}. Fetch it (`git fetch origin {}`), name another base with `--base`, or in CI {FIX}",
        base.rsplit('/').next().unwrap_or(base)
    ))
}

/// Runs `git` against `git_dir` without prompting for credentials.
fn run_git(git_dir: &Path, args: &[&str]) -> std::result::Result<(), String> {
    let output = Command::new("git")
        .arg("--git-dir")
        .arg(git_dir)
        .args(args)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr
            .trim()
            .lines()
            .last()
            .unwrap_or("git failed")
            .to_owned())
    }
}
