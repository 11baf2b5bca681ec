//! The text output a person reads: by default one line per finding under its target, each
//! failed rule explained once at the end, one summary line; `--verbose` keeps each finding's
//! full detail, the evidence, and the exempt and passing targets. Real binary, real git.

mod common;

use common::{Repo, code, stdout};

/// `main` with three unlinked commits, one release commit and one linked commit.
fn history() -> Repo {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.commit("b.txt", "Tidy the parser");
    repo.commit("c.txt", "Rename the cache module");
    repo.commit("d.txt", "v1.2.3");
    repo.commit("e.txt", "Fix the export\n\nRefs: #9");
    repo.commit("f.txt", "Speed up `lookup`");
    repo
}

#[test]
fn each_finding_is_one_line_and_each_rule_is_explained_once() {
    let repo = history();
    let output = repo.whylint(&["commits", "HEAD~5..HEAD"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    // Three failing commits: a heading, one finding, a blank line each.
    let headings: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("commit "))
        .collect();
    assert_eq!(headings.len(), 3, "{text}");
    for &at in &headings {
        assert!(
            lines[at + 1].starts_with("  error[problem-link] found no reference"),
            "{text}"
        );
        assert!(!lines[at + 1].contains("(`#123`"), "{text}");
        assert_eq!(lines[at + 2], "", "{text}");
    }
    assert_eq!(text.matches("? What problem").count(), 1, "{text}");
    assert_eq!(text.matches("example:").count(), 1, "{text}");
    assert!(
        text.contains("error[problem-link] Link the user problem this change solves (3 findings)"),
        "{text}"
    );
    assert!(
        !text.contains("v1.2.3"),
        "exempt commits are counted: {text}"
    );
    assert_eq!(
        lines.last().copied(),
        Some("✗ 5 commits in `HEAD~5..HEAD`: 3 errors, 0 warnings, 1 exempt (release)"),
        "{text}"
    );
    // At most 3 lines per failing commit, one help block, the summary.
    assert!(lines.len() <= 3 * 3 + 6 + 1, "{text}");
}

#[test]
fn verbose_keeps_each_findings_detail_the_evidence_and_every_target() {
    let repo = history();
    let text = stdout(&repo.whylint(&["commits", "HEAD~5..HEAD", "--verbose"]));
    assert_eq!(text.matches("? What problem").count(), 3, "{text}");
    assert!(text.contains("(`#123`, `org/repo#45`"), "{text}");
    assert!(text.contains("exempt  "), "{text}");
    assert!(text.contains("\"Fix the export\""), "{text}");
    assert!(text.contains("evidence: #9 (line 3)"), "{text}");
}

#[test]
fn a_passing_run_prints_only_its_summary() {
    let repo = history();
    let text = stdout(&repo.whylint(&["commits", "HEAD~2..HEAD~1"]));
    assert_eq!(
        text,
        "✓ 1 commit in `HEAD~2..HEAD~1`: says why (0 errors, 0 warnings)\n"
    );
}
