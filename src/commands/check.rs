//! `whylint check`: the right thing for where it runs.
//!
//! In a GitHub Actions pull request job or a GitLab merge request pipeline: the pull request's
//! description, labels and author, and its own commits (`base..head` from the platform, never
//! the synthetic merge). On a CI push: the branch against the default branch, or on the
//! default branch the pushed commits (see `check_push`). Anywhere else: the current branch
//! against its base, the check to run before opening a pull request, with `--pr-body` for a
//! draft description.

use super::branch::{self, ChangeSpec, PrInput};
use crate::Outcome;
use crate::cli::{BranchArgs, Global};
use crate::error::Result;
use crate::pipeline;
use crate::source::ci::{self, Platform, Push};

/// Runs `whylint check`.
pub fn run(global: &Global, args: &BranchArgs) -> Result<Outcome> {
    let found = match ci::platform() {
        Platform::GitHub if args.pr_body.is_none() => ci::github_pull_request()?.map(|r| (r, '#')),
        Platform::GitLab if args.pr_body.is_none() => ci::gitlab_merge_request().map(|r| (r, '!')),
        _ => None,
    };
    let Some((request, sigil)) = found else {
        if args.pr_body.is_none()
            && args.base.is_none()
            && let Some(push) = ci::push()?
        {
            return check_push(global, args, push);
        }
        return branch::check_branch(global, args, "check");
    };
    let pr = PrInput {
        subject: pipeline::pull_request_subject(&request),
        id: pipeline::pull_request_id(&request, sigil),
        notes: request.notes.clone(),
    };
    let spec = ChangeSpec {
        base: args.base.clone().or(request.base_sha.clone()),
        head: request.head_sha.clone(),
        branch: args.branch.clone().or(request.head_ref.clone()),
        pr: Some(pr),
        command: "check",
        from_ci: args.base.is_none(),
        commits_only: false,
        pr_from_file: false,
    };
    branch::check_change(global, spec)
}

/// A push in CI (GitHub `push`, GitLab branch pipeline). To a branch other than the default
/// one: the branch against the default branch (`origin/<default>`, fetched as needed), as its
/// pull request will be. To the default branch: the pushed commits (`before..after`), each on
/// its own, or the latest commit when the branch is new.
fn check_push(global: &Global, args: &BranchArgs, push: Push) -> Result<Outcome> {
    let feature = push
        .default_branch
        .as_deref()
        .filter(|default| *default != push.branch);
    let (base, from_ci) = match (feature, &push.before, &push.after) {
        (Some(default), _, _) => (format!("origin/{default}"), false),
        (None, Some(before), _) => (before.clone(), true),
        // A new branch: the base is the head itself, so the latest commit is checked.
        (None, None, Some(after)) => (after.clone(), true),
        (None, None, None) => return branch::check_branch(global, args, "check"),
    };
    let spec = ChangeSpec {
        base: Some(base),
        head: push.after.clone(),
        branch: args.branch.clone().or(Some(push.branch)),
        pr: None,
        command: "check",
        from_ci,
        commits_only: feature.is_none(),
        pr_from_file: false,
    };
    branch::check_change(global, spec)
}
