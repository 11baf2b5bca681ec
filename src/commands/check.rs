//! `whylint check`: the right thing for where it runs.
//!
//! In a GitHub Actions pull request job or a GitLab merge request pipeline: the pull request's
//! description, labels and author, and its own commits (`base..head` from the platform, never
//! the synthetic merge). Anywhere else: the current branch against its base, the check to run
//! before opening a pull request, with `--pr-body` for a draft description.

use super::branch::{self, ChangeSpec, PrInput};
use crate::Outcome;
use crate::cli::{BranchArgs, Global};
use crate::error::Result;
use crate::pipeline;
use crate::source::ci::{self, Platform};

/// Runs `whylint check`.
pub fn run(global: &Global, args: &BranchArgs) -> Result<Outcome> {
    let found = match ci::platform() {
        Platform::GitHub if args.pr_body.is_none() => ci::github_pull_request()?.map(|r| (r, '#')),
        Platform::GitLab if args.pr_body.is_none() => ci::gitlab_merge_request().map(|r| (r, '!')),
        _ => None,
    };
    let Some((request, sigil)) = found else {
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
    };
    branch::check_change(global, spec)
}
