//! Shallow CI checkouts and the commands whylint starts, as CI runs them: depth-1 `file://`
//! clones checked with a real `pull_request` payload (GitHub) or merge request variables
//! (GitLab), whose base is not a branch tip; a clone without a remote; a typo'd name in a full
//! clone; and a `gh` or `git` that hangs.

mod common;

use common::{Repo, code, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A description that links no problem, so each commit of the PR has a finding of its own.
const BODY: &str = "Adds CSV export.";

/// A pull request whose base is not a branch tip: main `m1..m3`, `feature` forks at `m3` with
/// three commits that link no problem (one finding each), main moves on to `m4` (the PR's
/// `base.sha`, as when GitHub last synchronised it) and `m5`. `pr-merge` is GitHub's merge of
/// the PR into main (`refs/pull/N/merge`).
struct Pr {
    origin: Repo,
    /// The fork point (`m3`): GitLab's `CI_MERGE_REQUEST_DIFF_BASE_SHA`.
    fork: String,
    /// An older main commit (`m4`), not a tip: GitHub's `base.sha`.
    base: String,
    /// The PR's last commit (`f3`).
    head: String,
    /// The PR's commits, oldest first.
    commits: Vec<String>,
}

fn pr_origin() -> Pr {
    let mut origin = Repo::new();
    for i in 1..=3 {
        origin.commit("a.txt", &format!("Base work {i}\n\nRefs: #{i}"));
    }
    let fork = origin.git(&["rev-parse", "HEAD"]).trim().to_owned();
    origin.git(&["checkout", "-q", "-b", "feature"]);
    let commits: Vec<String> = (1..=3)
        .map(|i| origin.commit(&format!("f{i}.txt"), &format!("Add export step {i}")))
        .collect();
    origin.git(&["checkout", "-q", "main"]);
    let base = origin.commit("a.txt", "Main moves on\n\nRefs: #9");
    origin.commit("a.txt", "Main moves on again\n\nRefs: #10");
    origin.git(&["checkout", "-q", "-b", "pr-merge"]);
    origin.tick();
    origin.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        "Merge feature into main",
        "feature",
    ]);
    origin.git(&["checkout", "-q", "main"]);
    let head = commits[2].clone();
    Pr {
        origin,
        fork,
        base,
        head,
        commits,
    }
}

/// `git clone --depth DEPTH --branch BRANCH file://ORIGIN`, HEAD detached as CI leaves it.
fn ci_clone(pr: &Pr, depth: &str, branch: &str) -> Repo {
    let clone = Repo::clone_of(&pr.origin, &["--depth", depth, "--branch", branch]);
    clone.git(&["checkout", "-q", "--detach"]);
    assert_eq!(
        clone.git(&["rev-parse", "--is-shallow-repository"]).trim(),
        "true"
    );
    clone
}

/// A real `pull_request` payload (the fixture) for this PR: base `base`, head `head`.
fn event(repo: &Repo, base: &str, head: &str) -> PathBuf {
    common::pull_request_event(repo, base, head, "Add CSV export", BODY)
}

/// `whylint ARGS` as a step of a GitHub Actions `pull_request` job.
fn github(repo: &Repo, event: &Path, args: &[&str]) -> Command {
    github_on("pull_request", repo, event, args)
}

/// `whylint ARGS` as a step of a GitHub Actions job run for `event_name`.
fn github_on(event_name: &str, repo: &Repo, event: &Path, args: &[&str]) -> Command {
    let mut command = repo.whylint_command(args);
    command
        .env("CI", "true")
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", event_name)
        .env("GITHUB_EVENT_PATH", event)
        .env("GITHUB_REPOSITORY", "Codertocat/Hello-World")
        .env("GITHUB_STEP_SUMMARY", repo.home().join("summary.md"))
        .env("GITHUB_OUTPUT", repo.home().join("output.txt"));
    command
}

/// `whylint ARGS` in a GitLab merge request pipeline for this PR.
fn gitlab(repo: &Repo, pr: &Pr, args: &[&str]) -> Command {
    let mut command = repo.whylint_command(args);
    command
        .env("CI", "true")
        .env("GITLAB_CI", "true")
        .env("CI_MERGE_REQUEST_IID", "12")
        .env("CI_MERGE_REQUEST_TITLE", "Add CSV export")
        .env("CI_MERGE_REQUEST_DESCRIPTION", BODY)
        .env("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature")
        .env("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "main")
        .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &pr.fork)
        .env("CI_COMMIT_SHA", &pr.head);
    command
}

/// `whylint ARGS` in a GitLab branch pipeline: `branch` moved from `before` to `after`.
fn gitlab_push(repo: &Repo, branch: &str, before: &str, after: &str, args: &[&str]) -> Command {
    let mut command = repo.whylint_command(args);
    command
        .env("CI", "true")
        .env("GITLAB_CI", "true")
        .env("CI_DEFAULT_BRANCH", "main")
        .env("CI_COMMIT_BRANCH", branch)
        .env("CI_COMMIT_BEFORE_SHA", before)
        .env("CI_COMMIT_SHA", after);
    command
}

/// Runs `command` with `--format json --output FILE` and returns the output and the report.
fn report(repo: &Repo, mut command: Command) -> (Output, Value) {
    let file = repo.home().join("report.json");
    let _ = std::fs::remove_file(&file);
    let output = command
        .args(["--format", "json", "--output"])
        .arg(&file)
        .output()
        .expect("run whylint");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        code(&output) != 2 && !text.is_empty(),
        "no report:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
    let report = serde_json::from_str(&text).expect("a JSON report");
    (output, report)
}

/// The ids of the commits with findings, and the run's notices.
fn commits_and_notes(report: &Value) -> (Vec<String>, String) {
    let mut ids: Vec<String> = common::findings(report)
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| id.chars().all(|c| c.is_ascii_hexdigit()))
        .collect();
    ids.sort();
    ids.dedup();
    (ids, report["notices"].to_string())
}

/// The PR's commits as the report names them (by prefix: reports may shorten ids).
fn assert_exactly(ids: &[String], pr: &Pr) {
    assert_eq!(ids.len(), pr.commits.len(), "{ids:?}");
    for commit in &pr.commits {
        assert!(
            ids.iter().any(|id| commit.starts_with(id.as_str())),
            "{commit} not checked: {ids:?}"
        );
    }
}

#[test]
fn github_depth_1_checkout_fetches_the_base_by_id_and_lints_exactly_the_pr() {
    let pr = pr_origin();
    // A full clone: the reference result, and it fetches nothing.
    let full = Repo::clone_of(&pr.origin, &["--branch", "feature"]);
    let full_event = event(&full, &pr.base, &pr.head);
    let (output, expected) = report(&full, github(&full, &full_event, &["check"]));
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let (ids, notes) = commits_and_notes(&expected);
    assert_exactly(&ids, &pr);
    assert!(!notes.contains("fetched"), "{notes}");

    // `actions/checkout` of the PR's head, and its default: GitHub's merge commit, whose
    // parents (the head, and main's tip) are not in a depth-1 clone either.
    for branch in ["feature", "pr-merge"] {
        let clone = ci_clone(&pr, "1", branch);
        let event = event(&clone, &pr.base, &pr.head);
        let (output, report) = report(&clone, github(&clone, &event, &["check"]));
        assert_eq!(code(&output), 1, "{branch}: {}", stderr(&output));
        assert_eq!(report["summary"], expected["summary"], "{branch}");
        assert_eq!(common::findings(&report), common::findings(&expected));
        let (ids, notes) = commits_and_notes(&report);
        assert_exactly(&ids, &pr);
        assert!(
            notes.contains(&format!("fetched `{}`", pr.base))
                && notes.contains("fetched")
                && notes.contains("from `origin`"),
            "{branch}: {notes}"
        );
        // What was fetched is said in the text output too (a fresh clone: this one has it now).
        let clone = ci_clone(&pr, "1", branch);
        let text = github(&clone, &event, &["check"]).output().expect("run");
        let out = stdout(&text);
        assert_eq!(code(&text), 1, "{branch}: {}", stderr(&text));
        assert!(
            out.contains("this is a shallow clone") && out.contains(&pr.base),
            "{branch}: {out}"
        );
    }
}

#[test]
fn gitlab_clone_shallower_than_the_branch_is_deepened_to_the_diff_base() {
    let pr = pr_origin();
    let full = Repo::clone_of(&pr.origin, &["--branch", "feature"]);
    let (output, expected) = report(&full, gitlab(&full, &pr, &["check"]));
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_exactly(&commits_and_notes(&expected).0, &pr);

    // `GIT_DEPTH: 2` on a branch three commits long: the diff base is not in the clone.
    let clone = ci_clone(&pr, "2", "feature");
    let (output, report) = report(&clone, gitlab(&clone, &pr, &["check"]));
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_eq!(report["summary"], expected["summary"]);
    let (ids, notes) = commits_and_notes(&report);
    assert_exactly(&ids, &pr);
    assert!(
        notes.contains(&format!("fetched `{}`", pr.fork)) && notes.contains("fetched"),
        "{notes}"
    );
}

#[test]
fn without_a_remote_the_error_names_the_base_and_the_ci_fix() {
    let pr = pr_origin();
    // GitHub's merge checkout, depth 1, no remote: neither end of the PR is here.
    let clone = ci_clone(&pr, "1", "pr-merge");
    clone.git(&["remote", "remove", "origin"]);
    let event = event(&clone, &pr.base, &pr.head);
    let output = github(&clone, &event, &["check"]).output().expect("run");
    assert_eq!(code(&output), 2, "{}{}", stdout(&output), stderr(&output));
    let error = stderr(&output);
    assert!(
        error.contains(&format!("the base `{}`", pr.base)),
        "{error}"
    );
    assert!(!error.contains(&format!("base `{}`", pr.head)), "{error}");
    assert!(error.contains("fetch-depth: 0"), "{error}");

    // The head checked out, only the base missing: the base is named, with GitLab's fix there.
    let clone = ci_clone(&pr, "1", "feature");
    clone.git(&["remote", "remove", "origin"]);
    let output = gitlab(&clone, &pr, &["check"]).output().expect("run");
    assert_eq!(code(&output), 2, "{}{}", stdout(&output), stderr(&output));
    let error = stderr(&output);
    assert!(
        error.contains(&format!("the base `{}`", pr.fork)),
        "{error}"
    );
    assert!(!error.contains(&format!("base `{}`", pr.head)), "{error}");
    assert!(error.contains("GIT_DEPTH: 0"), "{error}");
}

#[test]
fn ci_advice_only_in_ci() {
    let pr = pr_origin();
    let clone = Repo::clone_of(
        &pr.origin,
        &["--depth", "1", "--no-single-branch", "--branch", "feature"],
    );
    clone.git(&["remote", "remove", "origin"]);
    let range = format!("{}..HEAD", pr.fork);
    let local = clone.whylint(&["commits", &range]);
    assert_eq!(code(&local), 2, "{}", stderr(&local));
    let error = stderr(&local);
    assert!(
        error.contains(&format!("the base `{}`", pr.fork)),
        "{error}"
    );
    assert!(error.contains("git fetch --unshallow"), "{error}");
    assert!(
        !error.contains("fetch-depth") && !error.contains("GIT_DEPTH"),
        "{error}"
    );
    let in_ci = clone
        .whylint_command(&["commits", &range])
        .env("CI", "true")
        .output()
        .expect("run");
    assert_eq!(code(&in_ci), 2);
    let error = stderr(&in_ci);
    assert!(
        error.contains("fetch-depth: 0") && error.contains("GIT_DEPTH: 0"),
        "{error}"
    );
}

#[test]
fn a_typo_in_a_full_clone_is_no_such_revision_and_never_fetches() {
    let pr = pr_origin();
    let full = Repo::clone_of(&pr.origin, &["--branch", "feature"]);
    // Any fetch would fail loudly: the remote is gone.
    let gone = full.home().join("no-such-remote");
    full.git(&["remote", "set-url", "origin", &gone.display().to_string()]);
    for (args, typo) in [
        (&["commits", "nosuch..HEAD"][..], "nosuch"),
        (&["commits", "HEAD..nosuch"], "nosuch"),
        (&["check", "--base", "mian"], "mian"),
        (&["commits", "origin/mian..HEAD"], "origin/mian"),
    ] {
        let output = full.whylint(args);
        assert_eq!(code(&output), 2, "{args:?}: {}", stderr(&output));
        let error = stderr(&output);
        assert!(
            error.contains(&format!("`{typo}` is not in this repository"))
                && error.contains("no such revision"),
            "{args:?}: {error}"
        );
        for advice in [
            "shallow",
            "fetch-depth",
            "GIT_DEPTH",
            "does not appear",
            "class=",
        ] {
            assert!(!error.contains(advice), "{args:?}: {error}");
        }
        assert_eq!(stdout(&output), "");
    }
    let error = stderr(&full.whylint(&["check", "--base", "mian"]));
    assert!(error.contains("did you mean `origin/main`?"), "{error}");
    // In a shallow clone the remote is asked for the branch, and has none by that name either.
    let shallow = ci_clone(&pr, "1", "feature");
    let output = shallow.whylint(&["commits", "nosuch..HEAD"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let error = stderr(&output);
    assert!(error.contains("no such revision"), "{error}");
    assert!(!error.contains("fetch-depth"), "{error}");
}

#[test]
fn a_count_back_past_a_shallow_clones_edge_is_deepened() {
    let pr = pr_origin();
    let full = Repo::clone_of(&pr.origin, &["--branch", "feature"]);
    let command = |repo: &Repo| repo.whylint_command(&["commits", "HEAD~4..HEAD"]);
    let (_, expected) = report(&full, command(&full));
    assert_eq!(expected["summary"]["checked"], 4, "{expected}");
    let clone = ci_clone(&pr, "2", "feature");
    let (output, report) = report(&clone, command(&clone));
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_eq!(report["summary"], expected["summary"]);
    assert_eq!(common::findings(&report), common::findings(&expected));
    let notes = report["notices"].to_string();
    // Up to: the remote may have fewer commits than the step (here it has seven).
    assert!(
        notes.contains("deepened its history by up to 50 commits from `origin`")
            && !notes.contains("fetched 50 more commits"),
        "{notes}"
    );
}

#[test]
fn config_from_the_base_sha_is_fetched_before_the_config_is_read() {
    let pr = pr_origin();
    // GitHub: the README's workflow, `--config-from` the event's `base.sha`, in a depth-1
    // checkout that does not have it.
    let clone = ci_clone(&pr, "1", "feature");
    let event = event(&clone, &pr.base, &pr.head);
    let (output, json) = report(
        &clone,
        github(&clone, &event, &["check", "--config-from", &pr.base]),
    );
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let (ids, notes) = commits_and_notes(&json);
    assert_exactly(&ids, &pr);
    assert!(
        notes.contains(&format!("fetched `{}`", pr.base))
            && notes.contains("the `--config-from` revision"),
        "{notes}"
    );

    // GitLab: `--config-from "$CI_MERGE_REQUEST_DIFF_BASE_SHA"`, the report for the MR widget.
    let clone = ci_clone(&pr, "1", "feature");
    let (output, json) = report(
        &clone,
        gitlab(&clone, &pr, &["check", "--config-from", &pr.fork]),
    );
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_exactly(&commits_and_notes(&json).0, &pr);
    let clone = ci_clone(&pr, "1", "feature");
    let file = clone.home().join("gl.json");
    let output = gitlab(&clone, &pr, &["check", "--config-from", &pr.fork])
        .args(["--format", "gitlab", "--output"])
        .arg(&file)
        .output()
        .expect("run");
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let issues: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("gl.json")).expect("json");
    let text = issues.to_string();
    assert!(issues.as_array().is_some_and(|a| !a.is_empty()), "{text}");
    for commit in &pr.commits {
        assert!(text.contains(&commit[..8]), "{commit} not in {text}");
    }

    // A full clone never fetches: a revision it lacks is a plain error, no libgit2 codes.
    let full = Repo::clone_of(&pr.origin, &["--branch", "feature"]);
    let gone = full.home().join("no-such-remote");
    full.git(&["remote", "set-url", "origin", &gone.display().to_string()]);
    let missing = "1234567890123456789012345678901234567890";
    let output = full.whylint(&["check", "--config-from", missing]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let error = stderr(&output);
    assert!(
        error.contains(&format!(
            "`--config-from` revision `{missing}` is not in this repository"
        )),
        "{error}"
    );
    for advice in ["class=", "code=", "shallow", "fetch-depth", "GIT_DEPTH"] {
        assert!(!error.contains(advice), "{error}");
    }
}

#[test]
fn an_event_base_the_remote_does_not_have_says_so() {
    let pr = pr_origin();
    // A commit that exists nowhere the clone can reach: a base force-pushed away.
    let mut elsewhere = Repo::new();
    let stale = elsewhere.commit("x.txt", "Gone\n\nRefs: #1");
    let full = Repo::clone_of(&pr.origin, &["--branch", "feature"]);
    let shallow = ci_clone(&pr, "1", "feature");
    for clone in [&full, &shallow] {
        let event = event(clone, &stale, &pr.head);
        let output = github(clone, &event, &["check"]).output().expect("run");
        assert_eq!(code(&output), 2, "{}{}", stdout(&output), stderr(&output));
        let error = stderr(&output);
        assert!(
            error.contains(&format!(
                "the CI event's base commit `{stale}` is not in this repository or on the remote"
            )) && error.contains("Re-run the workflow"),
            "{error}"
        );
        for advice in ["git branch -a", "fetch-depth", "class="] {
            assert!(!error.contains(advice), "{error}");
        }
    }
}

/// A directory holding a fake `NAME` that hangs, and a PATH that finds it first.
fn hanging(repo: &Repo, name: &str) -> String {
    let bin = repo.home().join("hanging-bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    std::fs::write(bin.join(name), "#!/bin/sh\nsleep 20\n").expect("fake program");
    common::make_executable(&bin.join(name));
    format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    )
}

#[test]
fn a_hanging_gh_is_stopped_with_the_reason() {
    let pr = pr_origin();
    let full = Repo::clone_of(&pr.origin, &["--branch", "feature"]);
    let event = event(&full, &pr.base, &pr.head);
    let path = hanging(&full, "gh");
    let output = github(&full, &event, &["check"])
        .env("PATH", &path)
        .env("GH_TOKEN", "test-token")
        .env("WHYLINT_TIMEOUT", "1")
        .output()
        .expect("run");
    assert_eq!(code(&output), 2, "{}{}", stdout(&output), stderr(&output));
    let error = stderr(&output);
    assert!(
        error.contains(
            "`gh api repos/Codertocat/Hello-World/pulls/7` did not finish within 1 second and was stopped"
        ) && error.contains("WHYLINT_TIMEOUT=SECONDS"),
        "{error}"
    );
    // A limit that is not a number of seconds is an error, not the default.
    let output = github(&full, &event, &["check"])
        .env("WHYLINT_TIMEOUT", "soon")
        .env("GH_TOKEN", "test-token")
        .env("PATH", &path)
        .output()
        .expect("run");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("WHYLINT_TIMEOUT=`soon` is not a number of seconds"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_hanging_git_is_stopped_with_the_reason() {
    let pr = pr_origin();
    let clone = ci_clone(&pr, "1", "feature");
    let event = event(&clone, &pr.base, &pr.head);
    let path = hanging(&clone, "git");
    let output = github(&clone, &event, &["check"])
        .env("PATH", &path)
        .env("WHYLINT_TIMEOUT", "1")
        .output()
        .expect("run");
    assert_eq!(code(&output), 2, "{}{}", stdout(&output), stderr(&output));
    let error = stderr(&output);
    assert!(
        error.contains(&format!(
            "origin {}` did not finish within 1 second and was stopped",
            pr.base
        )) && error.contains("`git fetch "),
        "{error}"
    );
    // `hook install` asks git where the hooks go: stopped the same way.
    let output = clone
        .whylint_command(&["hook", "install"])
        .env("PATH", &path)
        .env("WHYLINT_TIMEOUT", "1")
        .output()
        .expect("run");
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("`git rev-parse --git-path hooks` did not finish within 1 second"),
        "{}",
        stderr(&output)
    );
}

/// GitHub's and GitLab's "before" for a new branch.
const ZEROS: &str = "0000000000000000000000000000000000000000";

#[test]
fn a_push_to_a_feature_branch_is_checked_against_the_default_branch() {
    let pr = pr_origin();
    let github_push = |repo: &Repo, before: &str| {
        let event = common::github::push_event(repo, "feature", before, &pr.head);
        github_on("push", repo, &event, &["check"])
    };
    let gitlab_push =
        |repo: &Repo, before: &str| gitlab_push(repo, "feature", before, &pr.head, &["check"]);
    // A new branch and a later push: the branch's own commits since `main`, either way.
    for before in [ZEROS, pr.commits[1].as_str()] {
        for (platform, run) in [
            ("github", &github_push as &dyn Fn(&Repo, &str) -> Command),
            ("gitlab", &gitlab_push),
        ] {
            let clone = ci_clone(&pr, "1", "feature");
            let (output, json) = report(&clone, run(&clone, before));
            assert_eq!(code(&output), 1, "{platform}: {}", stderr(&output));
            let (ids, notes) = commits_and_notes(&json);
            assert_exactly(&ids, &pr);
            assert!(
                notes.contains("origin/main") && notes.contains("this is a shallow clone"),
                "{platform}: {notes}"
            );
        }
    }
}

#[test]
fn a_push_to_the_default_branch_checks_the_pushed_commits() {
    let pr = pr_origin();
    let tip = pr.origin.git(&["rev-parse", "main"]).trim().to_owned();
    // `main` moved from the fork point by two commits (`m4`, `m5`); a new `main`: its tip.
    for (before, checked) in [(pr.fork.as_str(), 2), (ZEROS, 1)] {
        let clone = ci_clone(&pr, "1", "main");
        let event = common::github::push_event(&clone, "main", before, &tip);
        let (output, json) = report(&clone, github_on("push", &clone, &event, &["check"]));
        assert_eq!(code(&output), 0, "{before}: {}", stderr(&output));
        assert_eq!(json["summary"]["checked"], checked, "{before}: {json}");
        // Already on the default branch: no pull request to open.
        let text = stdout(&output);
        assert!(!text.contains("open the pull request"), "{text}");
        let clone = ci_clone(&pr, "1", "main");
        let (output, json) = report(
            &clone,
            gitlab_push(&clone, "main", before, &tip, &["check"]),
        );
        assert_eq!(code(&output), 0, "{before}: {}", stderr(&output));
        assert_eq!(json["summary"]["checked"], checked, "{before}: {json}");
    }
}
