//! References that name the change itself (a squash-merge `(#N)` suffix, `PR-URL:`, a project's
//! own `Closes #N`) are no problem links, and a project declares its own
//! forms in `self-references:`.

mod common;

use common::{Repo, code, stderr, stdout};

#[test]
fn a_squash_suffix_is_not_a_problem_link_and_the_failure_says_so() {
    let repo = Repo::new();
    let (status, out) = repo.lint_message("Fix crash on empty file (#1234)\n");
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("problem-link"), "{out}");
    assert!(
        out.contains("`#1234` names this change itself"),
        "the failure says why the number did not count: {out}"
    );
    let (status, out) = repo.lint_message("Fix crash on empty file (#1234)\n\nFixes #1200\n");
    assert_eq!(status, 0, "a real link beside the suffix passes: {out}");
    let (status, out) = repo.lint_message("Add export\n\nPR-URL: https://github.com/o/r/pull/9\n");
    assert_eq!(status, 1, "a review tool's trailer names the change: {out}");
}

#[test]
fn a_pull_request_title_keeps_its_number() {
    let repo = Repo::new();
    let body = repo.write("BODY", "Forward the fix from the 1.x branch (#12).\n");
    let body = body.to_string_lossy().into_owned();
    let output = repo.whylint(&["pr", "--title", "Forward the fix", "--body-file", &body]);
    let out = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!out.contains("names this change itself"), "{out}");
}

#[test]
fn a_project_declares_its_own_closing_line() {
    let mut repo = Repo::new();
    repo.commit("base.txt", "Start the project\n\nRefs: #1\n");
    repo.commit("a.txt", "Keep CRLF line endings on upload\n\nCloses #77\n");
    repo.commit("b.txt", "Add CSV export\n\nRefs: #42\n");
    let problem_findings = |repo: &Repo| {
        let output = repo.whylint(&["commits", "HEAD~2..HEAD", "--format", "json"]);
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["rule"] == "problem-link")
            .count()
    };
    assert_eq!(
        problem_findings(&repo),
        0,
        "by default `Closes #N` is a problem link"
    );
    repo.write(
        ".whylint.yml",
        "self-references:\n  lines: [\"^Closes #N$\"]\n",
    );
    assert_eq!(
        problem_findings(&repo),
        1,
        "with the project's form, its `Closes #N` names the pull request itself"
    );
    let (status, out) = repo.lint_message("Keep CRLF line endings\n\nCloses #77\n");
    assert_eq!(status, 1, "{out}");
}

#[test]
fn a_form_without_its_number_is_located() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "self-references:\n  lines:\n    - \"Merge pull request\"\n",
    );
    let output = repo.whylint(&["rules"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(err.contains(".whylint.yml:3:7"), "{err}");
    assert!(err.contains("has no `#N`"), "{err}");
}
