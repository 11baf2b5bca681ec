//! The "Next:" line after `check`/`branch` fits where the change stands: commits nobody else
//! has are amended or reworded, pushed ones (reachable from a remote-tracking ref, here a bare
//! "remote" repository in the same temp dir) get a follow-up or the description, CI is told to
//! edit the description and re-run, the base branch once pushed needs nothing, and a failing
//! `--pr-body` file is fixed there, not by drafting again. Real binary, real git.

mod common;

use common::{Repo, code, stderr, stdout};

/// `main` with a linked commit, pushed to a bare `origin`; then branch `feature`.
fn with_remote() -> Repo {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let remote = repo.home().join("origin.git");
    let remote = remote.to_string_lossy().into_owned();
    repo.git(&["init", "-q", "--bare", &remote]);
    repo.git(&["remote", "add", "origin", &remote]);
    repo.git(&["push", "-q", "-u", "origin", "main"]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo
}

/// The "Next:" line of `whylint ARGS` (empty when there is none), after checking the exit code.
fn next(repo: &Repo, args: &[&str], env: &[(&str, &str)], expected: i32) -> String {
    let output = repo
        .whylint_command(args)
        .envs(env.iter().copied())
        .output()
        .expect("run whylint");
    assert_eq!(code(&output), expected, "{}", stderr(&output));
    stdout(&output)
        .lines()
        .filter(|line| line.starts_with("Next:"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn an_unpushed_last_commit_is_amended_earlier_ones_reworded() {
    let mut repo = with_remote();
    repo.commit("b.txt", "Add export");
    let line = next(&repo, &["check"], &[], 1);
    assert!(line.contains("`git commit --amend`"), "{line}");
    assert!(!line.contains("before you push"), "{line}");
    repo.commit("c.txt", "Name export files");
    let line = next(&repo, &["check"], &[], 1);
    assert!(line.contains("`git rebase -i main`"), "{line}");
}

#[test]
fn pushed_commits_get_a_follow_up_or_the_description_never_a_rewrite() {
    let mut repo = with_remote();
    repo.commit("b.txt", "Add export");
    repo.git(&["push", "-q", "-u", "origin", "feature"]);
    let line = next(&repo, &["check"], &[], 1);
    assert!(line.contains("pushed"), "{line}");
    assert!(line.contains("follow-up commit"), "{line}");
    assert!(line.contains("pull request description"), "{line}");
    assert!(
        !line.contains("amend") && !line.contains("rebase"),
        "{line}"
    );
    // A later, unpushed commit failing too: the pushed one still cannot be rewritten.
    repo.commit("c.txt", "Name export files");
    let line = next(&repo, &["check"], &[], 1);
    assert!(line.contains("follow-up commit"), "{line}");
    assert!(
        !line.contains("amend") && !line.contains("rebase"),
        "{line}"
    );
}

#[test]
fn ci_is_told_to_edit_the_description_and_re_run() {
    let mut repo = with_remote();
    repo.commit("b.txt", "Add export");
    for variable in ["CI", "GITLAB_CI"] {
        let line = next(&repo, &["check"], &[(variable, "true")], 1);
        assert!(line.contains("re-run this job"), "{variable}: {line}");
        assert!(line.contains("description"), "{variable}: {line}");
        assert!(!line.contains("amend"), "{variable}: {line}");
        assert!(
            !line.contains("open the pull request"),
            "{variable}: {line}"
        );
    }
}

#[test]
fn the_base_branch_once_pushed_needs_nothing_before_that_an_amend() {
    let mut repo = with_remote();
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("b.txt", "Tidy the parser");
    let line = next(&repo, &["check"], &[], 1);
    assert!(line.contains("`git commit --amend`"), "{line}");
    repo.git(&["push", "-q", "origin", "main"]);
    assert_eq!(next(&repo, &["check"], &[], 1), "");
}

#[test]
fn a_drafted_description_that_still_fails_points_at_its_file_not_at_draft() {
    let mut repo = with_remote();
    repo.commit("b.txt", "Add CSV export\n\nRefs: #12");
    let output = repo.whylint(&["draft", "-o", "pr.md"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    // Saved as drafted: its prompts are still prompts.
    let line = next(&repo, &["check", "--pr-body", "pr.md"], &[], 1);
    assert!(line.contains("`pr.md`"), "{line}");
    assert!(!line.contains("draft"), "{line}");
    // Filled in, it passes, and the advice is to use it.
    std::fs::write(
        repo.path().join("pr.md"),
        "## Problem\n\nRefs: #12\n\n## Success metric\n\nExports per week rise from 40 to 200 within 30 days.\n",
    )
    .expect("write pr.md");
    let line = next(&repo, &["check", "--pr-body", "pr.md"], &[], 0);
    assert!(line.contains("`pr.md` as its description"), "{line}");
    assert!(line.contains("push, then open"), "{line}");
}

#[test]
fn a_passing_branch_is_pushed_then_opened() {
    let mut repo = with_remote();
    repo.commit(
        "b.txt",
        "Fix the export crash\n\nFixes #12\nMetric: export crashes drop from 30 to 0 a week within 30 days",
    );
    let line = next(&repo, &["check"], &[], 0);
    assert!(line.starts_with("Next: push, then open"), "{line}");
    repo.git(&["push", "-q", "-u", "origin", "feature"]);
    let line = next(&repo, &["check"], &[], 0);
    assert!(line.starts_with("Next: open the pull request"), "{line}");
}

#[test]
fn a_pull_request_job_is_told_to_edit_its_description_and_re_run() {
    let mut repo = with_remote();
    let base = repo.git(&["rev-parse", "main"]).trim().to_owned();
    let head = repo.commit("b.txt", "Add export");
    let event = common::pull_request_event(&repo, &base, &head, "Add export", "Adds export.");
    let output = common::github::run(&repo, &event, &["check"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|line| line.starts_with("Next:"))
        .unwrap_or_default();
    assert_eq!(
        line,
        "Next: edit the pull request description to add what is missing, then re-run this job.",
        "{text}"
    );
}
