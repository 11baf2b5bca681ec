//! The "Next:" line after checking a branch: advice that fits where the change stands.
//!
//! Commits nobody else has yet can be amended or reworded; commits already on a remote (reachable
//! from a remote-tracking ref) are fixed by a follow-up commit or in the pull request
//! description, never by rewriting; in CI the fix is to edit the description and re-run the
//! job; on the base branch itself there is nothing to open. A description given with
//! `--pr-body` is where the fix goes, so the advice names that file, not `whylint draft` again.

use crate::source::git::Repo;
use git2::Oid;

/// Where the checked change stands.
#[derive(Debug, Clone, Default)]
pub struct Moment {
    /// Running in CI (`CI=true`, GitHub Actions, GitLab CI).
    pub ci: bool,
    /// The run checked pushed commits on the default branch, one by one (a CI push).
    pub commits_only: bool,
    /// HEAD is on the base branch: the latest commit was checked.
    pub on_base: bool,
    /// The base as named (`main`, `origin/main`).
    pub base: String,
    /// Whether the run failed.
    pub failed: bool,
    /// The commits that failed, newest first.
    pub failing: Vec<Oid>,
    /// Whether the commits to fix are on a remote already (see [`on_a_remote`]).
    pub pushed: bool,
    /// The last commit of the change.
    pub head: Option<Oid>,
    /// The description checked with the change: the file given with `--pr-body`, or `None`.
    pub description_file: Option<String>,
    /// The description came from the CI platform (a pull request job).
    pub description_from_ci: bool,
    /// `pull request` or `merge request`.
    pub noun: String,
}

/// The "Next:" line for `moment`, or `None` when there is nothing to do.
pub fn advice(moment: &Moment) -> Option<String> {
    let noun = &moment.noun;
    if moment.commits_only {
        return moment.failed.then(|| {
            "Next: these commits are already pushed; say why in the next ones (`whylint hook install` checks each message as it is written).".to_owned()
        });
    }
    if moment.ci {
        return moment.failed.then(|| {
            if moment.description_from_ci {
                format!(
                    "Next: edit the {noun} description to add what is missing, then re-run this job."
                )
            } else {
                format!(
                    "Next: add what is missing in the {noun} description when you open it, or in a follow-up commit, then re-run this job."
                )
            }
        });
    }
    if moment.on_base {
        return match (moment.failed, moment.pushed) {
            (true, false) => {
                Some("Next: add what is missing with `git commit --amend`.".to_owned())
            }
            (false, false) => Some("Next: push.".to_owned()),
            // Published history on the base branch: nothing to amend, nothing to open.
            (_, true) => None,
        };
    }
    let reword = how_to_reword(moment);
    if let Some(file) = &moment.description_file {
        let push = if moment.pushed { "" } else { "push, then " };
        return Some(if moment.failed {
            let commits = reword
                .map(|how| format!(", or to the commits {how}"))
                .unwrap_or_default();
            format!(
                "Next: add what is missing to `{file}` (the {noun} description){commits}, then run this again."
            )
        } else {
            format!("Next: {push}open the {noun} with `{file}` as its description.")
        });
    }
    let draft = format!("the {noun} description (`whylint draft` writes one)");
    Some(match (moment.failed, moment.pushed) {
        (true, false) => match reword {
            Some(how) => {
                format!("Next: add what is missing to the commits {how}, or put it in {draft}.")
            }
            None => format!("Next: add what is missing to {draft}, or to a commit."),
        },
        (true, true) => format!(
            "Next: these commits are pushed: add what is missing to {draft}, or in a follow-up commit."
        ),
        (false, false) => format!(
            "Next: push, then open the {noun}; `whylint draft` writes its description from these commits."
        ),
        (false, true) => format!(
            "Next: open the {noun}; `whylint draft` writes its description from these commits."
        ),
    })
}

/// How to fix commits nobody else has yet: amend when only the last one fails, else reword
/// them. `None` for pushed commits, or when no commit failed.
fn how_to_reword(moment: &Moment) -> Option<String> {
    if moment.pushed || moment.failing.is_empty() {
        return None;
    }
    Some(
        if moment.failing.len() == 1 && moment.failing.first() == moment.head.as_ref() {
            "with `git commit --amend`".to_owned()
        } else {
            format!("by rewording them with `git rebase -i {}`", moment.base)
        },
    )
}

/// Whether any of `commits` (newest first) is reachable from a remote-tracking ref
/// (`refs/remotes/*`): pushed, so rewriting it would rewrite history others may have. Only the
/// oldest is asked: on a line of commits, a newer one pushed means the older ones are too.
pub fn on_a_remote(repo: &Repo, commits: &[Oid]) -> bool {
    let Some(&oldest) = commits.last() else {
        return false;
    };
    let raw = repo.raw();
    let Ok(refs) = raw.references_glob("refs/remotes/*") else {
        return false;
    };
    let tips: Vec<Oid> = refs
        .flatten()
        .filter_map(|reference| reference.resolve().ok()?.peel_to_commit().ok())
        .map(|commit| commit.id())
        .collect();
    tips.iter()
        .any(|&tip| tip == oldest || raw.graph_descendant_of(tip, oldest).unwrap_or(false))
}

#[cfg(test)]
mod tests {
    use super::{Moment, advice};

    fn moment() -> Moment {
        Moment {
            base: "main".into(),
            noun: "pull request".into(),
            ..Moment::default()
        }
    }

    #[test]
    fn a_failing_description_file_is_fixed_there_not_by_drafting_again() {
        let next = advice(&Moment {
            failed: true,
            description_file: Some("pr.md".into()),
            ..moment()
        })
        .unwrap_or_default();
        assert!(next.contains("`pr.md`"), "{next}");
        assert!(!next.contains("draft"), "{next}");
    }

    #[test]
    fn ci_says_edit_and_rerun_and_nothing_when_it_passes() {
        let failed = Moment {
            ci: true,
            failed: true,
            description_from_ci: true,
            ..moment()
        };
        let next = advice(&failed).unwrap_or_default();
        assert!(next.contains("edit the pull request description"), "{next}");
        assert!(next.contains("re-run"), "{next}");
        assert_eq!(
            advice(&Moment {
                ci: true,
                ..moment()
            }),
            None
        );
    }

    #[test]
    fn the_base_branch_once_pushed_needs_nothing() {
        for failed in [true, false] {
            let on_base = Moment {
                on_base: true,
                pushed: true,
                failed,
                ..moment()
            };
            assert_eq!(advice(&on_base), None);
        }
    }
}
