//! Policy for the change as a whole, with the real binary in real repositories: which kinds of
//! change need a metric (from the title, labels or branch), escape hatches that cover a pull
//! request and the commits it brings, release commits, and bots matched by exact identity.

mod common;

use common::github::{pr_event, pr_repo, run};
use common::{Repo, code, exemptions, findings, json, stdout};
use serde_json::Value;

/// main, and `feature` with two commits that say nothing about why.
fn silent_pr_repo() -> (Repo, String, String, Vec<String>) {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let first = repo.commit("b.txt", "Tidy the CI config");
    let head = repo.commit("c.txt", "Fix a typo in the workflow");
    (repo, base, head.clone(), vec![first, head])
}

/// `whylint check --format json` in a GitHub pull request run whose PR has `title`, `body`
/// and `labels`.
fn check_pr(repo: &Repo, base: &str, head: &str, edit: impl FnOnce(&mut Value)) -> (i32, Value) {
    let event = pr_event(repo, base, head, edit);
    let output = run(repo, &event, &["check", "--format", "json"]);
    (code(&output), json(&output))
}

fn titled(title: &str, body: &str, labels: &[&str]) -> impl FnOnce(&mut Value) {
    let (title, body) = (title.to_owned(), body.to_owned());
    let labels: Vec<Value> = labels
        .iter()
        .map(|name| serde_json::json!({ "name": name }))
        .collect();
    move |payload: &mut Value| {
        let pr = &mut payload["pull_request"];
        pr["title"] = title.into();
        pr["body"] = body.into();
        pr["labels"] = labels.into();
    }
}

/// `(level, target kind)` of every `success-metric` finding.
fn metric_findings(report: &Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "success-metric")
        .map(|f| {
            (
                f["level"].as_str().unwrap_or_default().to_owned(),
                f["target"]["kind"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

#[test]
fn docs_pull_request_needs_no_metric() {
    let (repo, base, head) = pr_repo();
    let (code, report) = check_pr(
        &repo,
        &base,
        &head,
        titled("docs: fix typo", "Closes #1", &[]),
    );
    assert_eq!(
        metric_findings(&report),
        Vec::<(String, String)>::new(),
        "{report}"
    );
    assert_eq!(code, 0, "{report}");
}

#[test]
fn feature_pull_request_without_a_metric_fails() {
    let (repo, base, head) = pr_repo();
    let (code, report) = check_pr(
        &repo,
        &base,
        &head,
        titled("feat: add export", "Closes #1", &[]),
    );
    assert_eq!(
        metric_findings(&report),
        [("error".to_owned(), "pr".to_owned())],
        "{report}"
    );
    assert_eq!(code, 1, "{report}");
}

#[test]
fn fix_pull_request_with_its_problem_gets_a_metric_warning_only() {
    let (repo, base, head) = pr_repo();
    let title = "fix: crash on empty file";
    let (code, report) = check_pr(&repo, &base, &head, titled(title, "Closes #1", &[]));
    assert_eq!(
        metric_findings(&report),
        [("warning".to_owned(), "pr".to_owned())],
        "{report}"
    );
    assert_eq!(code, 0, "{report}");
    // Without its problem, a fix still fails.
    let (repo, base, head, _) = silent_pr_repo();
    let (code, report) = check_pr(&repo, &base, &head, titled(title, "", &[]));
    assert!(
        findings(&report).contains(&("#7".to_owned(), "problem-link".to_owned())),
        "{report}"
    );
    assert_eq!(code, 1, "{report}");
}

#[test]
fn documentation_label_needs_no_metric() {
    let (repo, base, head) = pr_repo();
    let edit = titled("Update the export guide", "Closes #1", &["documentation"]);
    let (code, report) = check_pr(&repo, &base, &head, edit);
    assert_eq!(
        metric_findings(&report),
        Vec::<(String, String)>::new(),
        "{report}"
    );
    assert_eq!(code, 0, "{report}");
    // Unlabelled, the same pull request is of unknown kind and needs one.
    let edit = titled("Update the export guide", "Closes #1", &[]);
    let (code, _) = check_pr(&repo, &base, &head, edit);
    assert_eq!(code, 1);
}

#[test]
fn dependency_branch_needs_no_metric() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "dependabot/cargo/serde-1.0"]);
    repo.commit("Cargo.lock", "Bump serde from 1.0.1 to 1.0.2\n\nRefs: #3");
    let output = repo.whylint(&["branch", "--base", "main", "--format", "json"]);
    let report = json(&output);
    assert_eq!(
        metric_findings(&report),
        Vec::<(String, String)>::new(),
        "{report}"
    );
    assert_eq!(code(&output), 0, "{report}");
    // The same commit on a branch of unknown kind needs a metric.
    repo.git(&["checkout", "-q", "-b", "serde-update"]);
    let report = json(&repo.whylint(&["branch", "--base", "main", "--format", "json"]));
    assert_eq!(
        metric_findings(&report),
        [("error".to_owned(), "branch".to_owned())],
        "{report}"
    );
}

#[test]
fn release_commits_are_exempt_with_their_reason() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let subjects = [
        "v1.2.3",
        "chore(release): 1.2.0",
        "ignore-0.4.33",
        "Release 2.0",
        "[maven-release-plugin] prepare release whylint-1.2.0",
        "Bump version to 1.2.4",
    ];
    for (index, subject) in subjects.iter().enumerate() {
        repo.commit(&format!("release-{index}.txt"), subject);
    }
    let output = repo.whylint(&["commits", "main~6..main", "--format", "json"]);
    let report = json(&output);
    let found = exemptions(&report);
    assert_eq!(found.len(), subjects.len(), "{report}");
    for ((kind, reason), subject) in found.iter().zip(subjects.iter().rev()) {
        assert_eq!(kind, "release", "{report}");
        assert!(reason.contains(subject), "{reason} names {subject}");
    }
    assert_eq!(code(&output), 0, "{report}");
    // A commit that merely mentions a version is not a release.
    repo.commit("b.txt", "Support serde 1.0.200 in the exporter");
    let report = json(&repo.whylint(&["commits", "HEAD", "--format", "json"]));
    assert!(exemptions(&report).is_empty(), "{report}");
}

/// Every commit of the pull request is exempt with `reason`, and so is the pull request.
fn assert_all_covered(code: i32, report: &Value, commits: &[String], kind: &str, reason: &str) {
    assert_eq!(code, 0, "{report}");
    assert!(findings(report).is_empty(), "{report}");
    let covered: Vec<(String, String, String)> = report["exemptions"]
        .as_array()
        .expect("exemptions")
        .iter()
        .map(|e| {
            (
                e["target"]["id"].as_str().unwrap_or_default().to_owned(),
                e["kind"].as_str().unwrap_or_default().to_owned(),
                e["reason"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    for commit in commits {
        assert!(
            covered.contains(&(commit.clone(), kind.to_owned(), reason.to_owned())),
            "{commit} exempt with {reason}: {covered:?}"
        );
    }
    assert!(
        covered.iter().any(|(id, k, _)| id == "#7" && k == kind),
        "{covered:?}"
    );
}

#[test]
fn no_why_label_exempts_the_pull_request_and_its_commits() {
    let (repo, base, head, commits) = silent_pr_repo();
    let edit = titled("Tidy CI", "", &["no-why"]);
    let (code, report) = check_pr(&repo, &base, &head, edit);
    let reason = "the pull request is labelled `no-why`";
    assert_all_covered(code, &report, &commits, "label", reason);
    let event = pr_event(&repo, &base, &head, titled("Tidy CI", "", &["no-why"]));
    // Counted by kind by default; each exempt target with its reason with --verbose.
    let text = stdout(&run(&repo, &event, &["check"]));
    assert!(text.contains(" exempt (label)"), "{text}");
    let text = stdout(&run(&repo, &event, &["check", "--verbose"]));
    assert_eq!(text.matches(reason).count(), 2, "{text}");
}

#[test]
fn no_why_label_covers_the_commits_of_a_bot_pull_request_too() {
    let (repo, base, head, commits) = silent_pr_repo();
    let (code, report) = check_pr(&repo, &base, &head, |payload| {
        titled("Update data", "", &["no-why"])(payload);
        payload["pull_request"]["user"]["login"] = "acme-release-app".into();
        payload["pull_request"]["user"]["type"] = "Bot".into();
    });
    assert_eq!(code, 0, "{report}");
    let reason = "the pull request is labelled `no-why`".to_owned();
    for commit in commits {
        let exempt = report["exemptions"]
            .as_array()
            .expect("exemptions")
            .iter()
            .any(|e| e["target"]["id"] == commit.as_str() && e["reason"] == reason.as_str());
        assert!(exempt, "{commit}: {report}");
    }
}

#[test]
fn why_skip_in_the_description_exempts_the_pull_request_and_its_commits() {
    let (repo, base, head, commits) = silent_pr_repo();
    let body = "Small clean-up.\n\nWhy-Skip: typo fix in CI config\n";
    let (code, report) = check_pr(&repo, &base, &head, titled("Tidy CI", body, &[]));
    let reason = "the pull request says `Why-Skip: typo fix in CI config`";
    assert_all_covered(code, &report, &commits, "why-skip", reason);
    // A template's prompt in an HTML comment is not a `Why-Skip:` line.
    let body = "<!-- Why-Skip: reason -->\nSmall clean-up.\n";
    let (code, report) = check_pr(&repo, &base, &head, titled("Tidy CI", body, &[]));
    assert_eq!(code, 1, "{report}");
    assert!(exemptions(&report).is_empty(), "{report}");
}

#[test]
fn why_skip_without_a_reason_in_the_description_is_an_error() {
    let (repo, base, head, _) = silent_pr_repo();
    let body = "Small clean-up.\n\nWhy-Skip:\n";
    let (code, report) = check_pr(&repo, &base, &head, titled("Tidy CI", body, &[]));
    assert_eq!(code, 1, "{report}");
    assert!(exemptions(&report).is_empty(), "{report}");
    assert!(
        findings(&report).contains(&("#7".to_owned(), "why-skip-reason".to_owned())),
        "{report}"
    );
}

#[test]
fn a_login_that_contains_a_bot_name_is_not_a_bot() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let fan = repo.commit_as("renovate-fan", "renovate-fan@example.com", "b.txt", "Tidy");
    let report = json(&repo.whylint(&["commits", "HEAD", "--format", "json"]));
    assert!(exemptions(&report).is_empty(), "{report}");
    assert!(
        findings(&report).contains(&(fan, "problem-link".to_owned())),
        "{report}"
    );

    let (repo, base, head, _) = silent_pr_repo();
    let (code, report) = check_pr(&repo, &base, &head, |payload| {
        let pr = &mut payload["pull_request"];
        pr["title"] = "Tidy CI".into();
        pr["body"] = "".into();
        pr["user"]["login"] = "renovate-fan".into();
        pr["user"]["type"] = "User".into();
    });
    assert_eq!(code, 1, "{report}");
    assert!(exemptions(&report).is_empty(), "{report}");
}

#[test]
fn trailers_and_committers_do_not_make_a_person_a_bot() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let co = repo.commit(
        "b.txt",
        "Tidy\n\nCo-authored-by: x <dependabot@example.com>",
    );
    let signed = repo.commit(
        "c.txt",
        "Tidy more\n\nSigned-off-by: renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>",
    );
    let mut command = repo.git_command(&["commit", "-q", "--allow-empty", "-m", "Tidy again"]);
    command
        .env("GIT_COMMITTER_NAME", "github-actions[bot]")
        .env(
            "GIT_COMMITTER_EMAIL",
            "41898282+github-actions[bot]@users.noreply.github.com",
        );
    assert!(command.output().expect("git commit").status.success());
    let committed = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let report = json(&repo.whylint(&["commits", "main~3..main", "--format", "json"]));
    assert!(exemptions(&report).is_empty(), "{report}");
    for commit in [co, signed, committed] {
        assert!(
            findings(&report).contains(&(commit.clone(), "problem-link".to_owned())),
            "{commit}: {report}"
        );
    }
}

#[test]
fn bots_by_exact_identity_are_exempt() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.commit_as(
        "dependabot[bot]",
        "49699333+dependabot[bot]@users.noreply.github.com",
        "b.txt",
        "Bump serde from 1.0.1 to 1.0.2",
    );
    repo.commit_as(
        "Gopher Robot",
        "gobot@golang.org",
        "c.txt",
        "all: update vendored deps",
    );
    repo.commit_as(
        "some-app[bot]",
        "123+some-app[bot]@users.noreply.github.com",
        "d.txt",
        "Update data",
    );
    let report = json(&repo.whylint(&["commits", "main~3..main", "--format", "json"]));
    let kinds: Vec<String> = exemptions(&report).into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, ["bot", "bot", "bot"], "{report}");

    // The platform's word (`user.type: Bot`) exempts the pull request whatever its login.
    let (repo, base, head) = pr_repo();
    let (code, report) = check_pr(&repo, &base, &head, |payload| {
        let pr = &mut payload["pull_request"];
        pr["title"] = "Update data".into();
        pr["body"] = "".into();
        pr["user"]["login"] = "acme-release-app".into();
        pr["user"]["type"] = "Bot".into();
    });
    assert_eq!(code, 0, "{report}");
    let found = exemptions(&report);
    assert_eq!(found.len(), 1, "{report}");
    assert_eq!(found[0].0, "bot");
    assert!(found[0].1.contains("acme-release-app"), "{report}");
}

#[test]
fn configured_bots_match_exactly() {
    let mut repo = Repo::new();
    repo.write(".whylint.yml", "exempt:\n  bots: [ci-robot@corp.example]\n");
    repo.git(&["add", ".whylint.yml"]);
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.commit_as("CI", "ci-robot@corp.example", "b.txt", "Update data");
    let lookalike = repo.commit_as("CI", "ci-robot@corp.example.org", "c.txt", "Update data");
    let report = json(&repo.whylint(&["commits", "main~2..main", "--format", "json"]));
    assert_eq!(exemptions(&report).len(), 1, "{report}");
    assert!(
        findings(&report).contains(&(lookalike, "problem-link".to_owned())),
        "{report}"
    );
}

#[test]
fn an_unknown_kind_is_a_config_error_with_its_position() {
    let mut repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "rules:\n  success-metric:\n    when: { kind: [feat, fxi] }\n    levels: { dcos: off }\n",
    );
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let output = repo.whylint(&["commits", "HEAD"]);
    assert_eq!(code(&output), 2);
    let text = common::stderr(&output);
    let known = "declare it under `kinds:` (known: deps, release, feat, perf, fix, docs, test, ci, build, style, refactor, revert, chore, unknown)";
    assert_eq!(
        text,
        format!(
            "whylint: error: .whylint.yml:3:26: unknown kind of change `fxi` (did you mean `fix`?); {known}\n\
             .whylint.yml:4:15: unknown kind of change `dcos` (did you mean `docs`?); {known}\n\
             2 problems in the configuration; fix them and run again (`whylint rules` shows the rules in effect)\n"
        )
    );
}
