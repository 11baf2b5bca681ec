//! Ranges and branches on real repositories: `commits`, `branch`, local `check`, exemptions,
//! shallow clones, GitHub merge checkouts and `draft`.

mod common;

use common::{Repo, code, exemptions, feature_origin, findings, json, rules_of, stderr, stdout};
use serde_json::Value;

fn exemption_kinds(report: &Value) -> Vec<String> {
    exemptions(report)
        .into_iter()
        .map(|(kind, _)| kind)
        .collect()
}

/// main: root; feature: linked + unlinked; then main moves on with an unlinked commit.
fn diverged() -> (Repo, String, String, String) {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let linked = repo.commit("b.txt", "Add export\n\nRefs: #42");
    let unlinked = repo.commit("c.txt", "Tidy export code");
    repo.git(&["checkout", "-q", "main"]);
    let on_main = repo.commit("d.txt", "Unlinked work on main");
    repo.git(&["checkout", "-q", "feature"]);
    (repo, linked, unlinked, on_main)
}

#[test]
fn range_is_merge_base_aware() {
    let (repo, linked, unlinked, on_main) = diverged();
    let output = repo.whylint(&["commits", "main..feature", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(
        findings(&report),
        [(unlinked.clone(), "problem-link".to_owned())]
    );
    assert_eq!(report["summary"]["checked"], 2);
    let text = stdout(&repo.whylint(&["commits", "main..feature"]));
    assert!(
        !text.contains(&on_main[..10]) && !text.contains(&linked[..10]),
        "{text}"
    );
    assert!(text.contains(&unlinked[..10]), "{text}");

    // A...B: both sides since they split.
    let both = json(&repo.whylint(&["commits", "main...feature", "--format", "json"]));
    assert_eq!(both["summary"]["checked"], 3);
    // One revision: that commit only.
    let one = json(&repo.whylint(&["commits", &linked, "--format", "json"]));
    assert_eq!(one["summary"]["checked"], 1);
    assert!(findings(&one).is_empty());
    // --max-count
    let capped = json(&repo.whylint(&["commits", "main..feature", "-n", "1", "--format", "json"]));
    assert_eq!(capped["summary"]["checked"], 1);
}

#[test]
fn ticket_in_branch_name_satisfies_the_commits_and_the_branch() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feat/PAY-12-export"]);
    repo.commit("b.txt", "Add export");
    repo.commit(
        "c.txt",
        "Export as CSV\n\nMetric: export tickets drop from 40/week to under 5 within 30 days",
    );
    let output = repo.whylint(&["branch", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let report = json(&output);
    assert!(findings(&report).is_empty(), "{report}");
    assert_eq!(
        report["summary"]["checked"], 3,
        "two commits and the branch"
    );

    // Without a metric anywhere, the branch as a whole fails success-metric (commits do not).
    let mut bare = Repo::new();
    bare.commit("a.txt", "Initial commit\n\nRefs: #1");
    bare.git(&["checkout", "-q", "-b", "feat/PAY-12-export"]);
    bare.commit("b.txt", "Add export");
    let output = bare.whylint(&["check", "--format", "json"]);
    assert_eq!(code(&output), 1);
    assert_eq!(
        findings(&json(&output)),
        [("feat/PAY-12-export".to_owned(), "success-metric".to_owned())]
    );
    let text = stdout(&bare.whylint(&["check"]));
    assert!(
        text.contains("branch `feat/PAY-12-export`: 1 commit since `main`"),
        "{text}"
    );
    assert!(
        text.lines().last().is_some_and(|l| l.starts_with("Next:")),
        "{text}"
    );
}

#[test]
fn every_exemption_kind_is_recorded_with_its_reason() {
    let mut repo = Repo::new();
    repo.write(".whylint.yml", "exempt:\n  paths: ['docs/**']\n");
    repo.git(&["add", ".whylint.yml"]);
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let reverted = repo.commit("b.txt", "Add export\n\nRefs: #42");
    repo.git(&["revert", "--no-edit", &reverted]);
    repo.tick();
    repo.commit("c.txt", "fixup! Add export");
    repo.commit_as(
        "dependabot[bot]",
        "49699333+dependabot[bot]@users.noreply.github.com",
        "d.txt",
        "Bump lodash from 4.17.20 to 4.17.21",
    );
    repo.commit("e.txt", "Tidy comments\n\nWhy-Skip: comment-only change");
    repo.commit("docs/guide.md", "Explain export");
    repo.git(&["checkout", "-q", "-b", "side", "main"]);
    repo.commit("f.txt", "Side work\n\nRefs: #7");
    repo.git(&["checkout", "-q", "feature"]);
    repo.git(&["merge", "-q", "--no-ff", "--no-edit", "side"]);
    repo.tick();

    let output = repo.whylint(&["commits", "main..feature", "--format", "json"]);
    let report = json(&output);
    let mut kinds = exemption_kinds(&report);
    kinds.sort();
    assert_eq!(
        kinds,
        ["autosquash", "bot", "merge", "paths", "revert", "why-skip"],
        "{report}"
    );
    for exemption in report["exemptions"].as_array().expect("exemptions") {
        assert!(
            exemption["reason"].as_str().is_some_and(|r| r.len() > 5),
            "{exemption}"
        );
        assert_eq!(exemption["target"]["kind"], "commit");
    }
    assert!(findings(&report).is_empty(), "{report}");
    assert_eq!(code(&output), 0);
    // Exempt commits are counted by kind by default, listed with their reason with --verbose.
    let text = stdout(&repo.whylint(&["commits", "main..feature"]));
    assert!(!text.contains("exempt  "), "{text}");
    assert!(text.contains("1 paths, "), "{text}");
    let text = stdout(&repo.whylint(&["commits", "main..feature", "--verbose"]));
    assert!(
        text.contains("exempt  changes only paths matching `docs/**` (paths)"),
        "{text}"
    );
}

#[test]
fn why_skip_without_a_reason_fails() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let skipped = repo.commit("b.txt", "Tidy comments\n\nWhy-Skip:");
    let report = json(&repo.whylint(&["commits", "main..HEAD", "--format", "json"]));
    let found = findings(&report);
    assert!(
        found.contains(&(skipped.clone(), "why-skip-reason".to_owned())),
        "{found:?}"
    );
    assert!(
        found.contains(&(skipped, "problem-link".to_owned())),
        "{found:?}"
    );
}

#[test]
fn shallow_clone_is_deepened_and_gives_the_full_result() {
    let origin = feature_origin();
    let full = Repo::clone_of(&origin, &["--branch", "feature"]);
    let expected = json(&full.whylint(&["commits", "origin/main..HEAD", "--format", "json"]));
    assert_eq!(expected["summary"]["checked"], 2);

    let shallow = Repo::clone_of(&origin, &["--depth", "1", "--branch", "feature"]);
    assert_eq!(
        shallow
            .git(&["rev-parse", "--is-shallow-repository"])
            .trim(),
        "true"
    );
    let output = shallow.whylint(&["commits", "origin/main..HEAD", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let report = json(&output);
    assert_eq!(findings(&report), findings(&expected));
    assert_eq!(report["summary"], expected["summary"]);
    let notes: Vec<&str> = report["notices"]
        .as_array()
        .expect("notices")
        .iter()
        .filter_map(|n| n["message"].as_str())
        .collect();
    assert!(notes.iter().any(|n| n.contains("fetched")), "{notes:?}");
}

/// In a shallow clone deep enough for the range, a branch rebased in one second is listed in
/// git's order too: the commits at the clone's edge have no parents, as git reads them.
#[test]
fn shallow_clone_lists_a_rebased_branch_in_git_order() {
    let mut origin = Repo::new();
    for at in 0..4 {
        origin.commit(&format!("a{at}"), &format!("Base {at}"));
    }
    origin.git(&["checkout", "-q", "-b", "feature"]);
    for at in 0..5 {
        let message = format!("Feature step {at}");
        origin.commit_on("2026-02-01T09:00:00Z", "Bo", &format!("f{at}"), &message);
    }
    let shallow = Repo::clone_of(&origin, &["--depth", "7", "--branch", "feature"]);
    assert!(shallow.path().join(".git/shallow").exists());
    shallow.write("../walk.yml", "exempt:\n  merges: false\n");
    let range = "HEAD~6..HEAD~1";
    let expected = rev_list(&shallow, range);
    assert_eq!(expected.len(), 5);
    assert_eq!(walk_order(&shallow, range), expected);
}

#[test]
fn shallow_clone_without_a_remote_exits_2_with_the_fix() {
    let origin = feature_origin();
    let shallow = Repo::clone_of(
        &origin,
        &["--depth", "1", "--no-single-branch", "--branch", "feature"],
    );
    shallow.git(&["remote", "remove", "origin"]);
    let main = origin.git(&["rev-parse", "main"]);
    shallow.git(&["branch", "-q", "base-ref", main.trim()]);
    // In CI the fix is the CI setting (locally, `git fetch --unshallow`: tests/shallow_ci.rs).
    let output = shallow
        .whylint_command(&["commits", "base-ref..HEAD"])
        .env("CI", "true")
        .output()
        .expect("run whylint");
    assert_eq!(code(&output), 2, "{}{}", stdout(&output), stderr(&output));
    let err = stderr(&output);
    assert!(
        err.contains("fetch-depth: 0") && err.contains("GIT_DEPTH: 0"),
        "{err}"
    );
    assert_eq!(
        stdout(&output),
        "",
        "nothing is reported on partial history"
    );
}

#[test]
fn missing_base_without_a_remote_exits_2() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let output = repo.whylint(&["commits", "origin/main..HEAD"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("`origin/main` is not in this repository"),
        "{}",
        stderr(&output)
    );
    let output = repo.whylint(&["check", "--base", "nope"]);
    assert_eq!(code(&output), 2);
}

#[test]
fn github_merge_checkout_lints_only_the_pull_request_commits() {
    let (repo, linked, unlinked, on_main) = diverged();
    let base = repo.git(&["rev-parse", "main"]).trim().to_owned();
    let head = repo.git(&["rev-parse", "feature"]).trim().to_owned();
    // What actions/checkout does for pull_request: a merge of the PR head into the base, detached.
    repo.git(&["checkout", "-q", "--detach", &base]);
    repo.git(&[
        "merge",
        "-q",
        "--no-ff",
        "-m",
        &format!("Merge {head} into {base}"),
        &head,
    ]);
    let merge = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    let output = repo.whylint(&["check", "--branch", "feature", "--format", "json"]);
    let report = json(&output);
    let checked: Vec<&str> = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["target"]["id"].as_str().expect("id"))
        .collect();
    assert!(checked.contains(&unlinked.as_str()), "{report}");
    for absent in [&merge, &on_main, &base] {
        assert!(
            !checked.contains(&absent.as_str()),
            "{absent} must not be linted: {report}"
        );
    }
    assert!(findings(&report).iter().all(|(id, _)| *id != linked));
    let text = stdout(&repo.whylint(&["check", "--branch", "feature"]));
    assert!(
        text.contains("GitHub's merge of the pull request"),
        "{text}"
    );
}

#[test]
fn draft_filled_in_passes_check_with_the_pr_body() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feat/PAY-12-export"]);
    repo.commit("b.txt", "Add CSV export");
    repo.commit("c.txt", "Name export files by period");
    let output = repo.whylint(&["draft"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let draft = stdout(&output);
    assert!(
        draft.contains("## Problem") && draft.contains("Refs: PAY-12"),
        "{draft}"
    );
    assert!(
        draft.contains("## Success metric") && draft.contains("<!--"),
        "{draft}"
    );
    assert!(draft.contains("- Add CSV export ("), "{draft}");

    // Unfilled, the description fails; with the prompts filled, check passes.
    let path = repo.write("../pr.md", &draft).display().to_string();
    let unfilled = repo.whylint(&["check", "--pr-body", &path, "--format", "json"]);
    assert_eq!(code(&unfilled), 1);
    let rules = rules_of(&json(&unfilled));
    assert!(rules.contains(&"unfilled-template".to_owned()), "{rules:?}");

    let filled: String = draft
        .lines()
        .map(|line| {
            if line.starts_with("<!-- How will we know") {
                "Export support tickets drop from 40 a week to under 5 within 30 days.".to_owned()
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    repo.write("../pr.md", &filled);
    let output = repo.whylint(&["check", "--pr-body", &path, "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let report = json(&output);
    assert_eq!(
        report["summary"]["checked"], 3,
        "two commits and the pull request"
    );
}

#[test]
fn empty_repository_and_no_repository() {
    let repo = Repo::new();
    let output = repo.whylint(&["check"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).contains("has no commits yet"),
        "{}",
        stdout(&output)
    );
    let output = repo.whylint(&["commits", "HEAD~3..HEAD"]);
    assert_eq!(code(&output), 2);

    let dir = tempfile::tempdir().expect("temp dir");
    let mut command = std::process::Command::new(common::bin());
    command.args(["check"]).current_dir(dir.path());
    common::isolate(&mut command, dir.path());
    command.env(
        "GIT_CEILING_DIRECTORIES",
        dir.path().parent().expect("parent"),
    );
    let output = command.output().expect("run");
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("needs a git repository"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn base_that_cannot_be_found_names_the_flag() {
    let mut repo = Repo::new();
    repo.git(&["checkout", "-q", "-b", "work"]);
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let output = repo.whylint(&["check"]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("--base"), "{}", stderr(&output));
}

#[test]
fn on_the_base_branch_check_looks_at_the_latest_commit() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let latest = repo.commit("b.txt", "Add export");
    repo.git(&[
        "remote",
        "add",
        "origin",
        "https://example.invalid/repo.git",
    ]);
    repo.git(&["update-ref", "refs/remotes/origin/main", &latest]);
    let output = repo.whylint(&["check", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    let report = json(&output);
    assert_eq!(findings(&report), [(latest, "problem-link".to_owned())]);
    assert_eq!(
        report["summary"]["checked"], 1,
        "the commit only, not a branch summary"
    );
    let text = stdout(&repo.whylint(&["check"]));
    assert!(text.contains("checked its latest commit instead"), "{text}");
}

/// What `git rev-list RANGE` lists, newest first: the order every walk must give.
fn rev_list(repo: &Repo, range: &str) -> Vec<String> {
    let ids = repo.git(&["rev-list", range]);
    ids.lines().map(str::to_owned).collect()
}

/// Commit ids in report order: every commit fails `problem-link` (merges too, with merges not
/// exempt), so the findings list the walk's order.
fn walk_order(repo: &Repo, range: &str) -> Vec<String> {
    let output = repo.whylint(&[
        "--config",
        "../walk.yml",
        "commits",
        range,
        "--format",
        "json",
    ]);
    assert!(code(&output) <= 1, "{}", stderr(&output));
    findings(&json(&output))
        .into_iter()
        .filter(|(_, rule)| rule == "problem-link")
        .map(|(id, _)| id)
        .collect()
}

/// Asserts that the walk lists each range as `git rev-list` does.
fn assert_git_order(repo: &Repo, ranges: &[&str], when: &str) {
    for range in ranges {
        assert_eq!(
            walk_order(repo, range),
            rev_list(repo, range),
            "{range} {when}"
        );
    }
}

/// `assert_git_order` without a commit-graph, then with one written.
fn assert_git_order_with_and_without_graph(repo: &Repo, ranges: &[&str]) {
    assert_git_order(repo, ranges, "without a commit-graph");
    repo.git(&["commit-graph", "write", "--reachable"]);
    assert_git_order(repo, ranges, "with a commit-graph");
}

#[test]
fn commit_graph_walk_gives_the_same_commits_in_the_same_order() {
    let mut repo = Repo::new();
    repo.write("../walk.yml", "exempt:\n  merges: false\n");
    repo.commit("a.txt", "Start");
    repo.commit("b.txt", "Second");
    repo.git(&["checkout", "-q", "-b", "topic"]);
    repo.commit("c.txt", "Topic one");
    repo.commit("d.txt", "Topic two");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("e.txt", "Main moves on");
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge topic", "topic"]);
    repo.commit("f.txt", "After the merge");
    let ranges = [
        "main~3..main",
        "topic..main",
        "main..topic",
        "main~4..main",
        "topic...main",
        "main~1^2..main",
        "main^^2~1..main",
    ];
    let expected: Vec<Vec<String>> = ranges.iter().map(|r| rev_list(&repo, r)).collect();
    let without_graph: Vec<Vec<String>> = ranges.iter().map(|r| walk_order(&repo, r)).collect();
    assert_eq!(
        without_graph, expected,
        "walk without a graph vs git rev-list"
    );

    repo.git(&["commit-graph", "write", "--reachable"]);
    assert!(repo.path().join(".git/objects/info/commit-graph").exists());
    let with_graph: Vec<Vec<String>> = ranges.iter().map(|r| walk_order(&repo, r)).collect();
    assert_eq!(with_graph, expected, "commit-graph walk vs git rev-list");

    // Commits made after the graph was written are read from the object database.
    repo.git(&["checkout", "-q", "topic"]);
    repo.commit("g.txt", "Newer than the graph");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge topic again", "topic"]);
    let past_the_graph = [
        "main~2..main",
        "topic..main",
        "main~4..topic",
        "main~5..main",
    ];
    assert_git_order(&repo, &past_the_graph, "past the graph");
    // Limits still apply over the graph.
    let limited = repo.whylint(&["commits", "main~5..main", "-n", "2", "--format", "json"]);
    assert_eq!(json(&limited)["summary"]["checked"], 2);
}

#[test]
fn a_range_past_the_first_commit_says_so_instead_of_suggesting_a_fetch() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.commit("b.txt", "Add export\n\nRefs: #2");
    let output = repo.whylint(&["commits", "HEAD~5..HEAD"]);
    assert_eq!(code(&output), 2);
    let error = stderr(&output);
    assert!(
        error.contains("`HEAD~5` goes back further than the history of `HEAD` (2 commits)"),
        "{error}"
    );
    assert!(!error.contains("git fetch"), "{error}");
    // libgit2's own words ("parent 0 does not exist; class=…") add nothing here.
    assert!(!error.contains("class="), "{error}");
}

/// A commit-graph file whose generation numbers put a parent before its child: the walk still
/// gives git's commits (git lists the range, and judges the file itself).
#[test]
fn a_damaged_commit_graph_falls_back_to_the_object_walk() {
    let mut repo = Repo::new();
    repo.write("../walk.yml", "exempt:\n  merges: false\n");
    // main: root, a, b, then a merge of `side` (forked from root); `main~1..main` is the merge
    // and `side`'s commit. With the root's generation inflated, a generation-ordered walk would
    // take the root out (as in the range) before `b`'s side could paint it excluded.
    let root = repo.commit("a.txt", "Start");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.commit("s.txt", "Side work");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("b.txt", "Work a");
    repo.commit("b.txt", "Work b");
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge side", "side"]);
    repo.git(&["commit-graph", "write", "--reachable"]);
    let path = repo.path().join(".git/objects/info/commit-graph");
    let mut bytes = std::fs::read(&path).expect("read the commit-graph");
    // Header (8 bytes), then the chunk table: 12-byte entries of id and offset.
    let chunks = usize::from(bytes[6]);
    let offset_of = |id: &[u8; 4]| {
        (0..chunks)
            .map(|i| 8 + 12 * i)
            .find(|at| &bytes[*at..*at + 4] == id)
            .map(|at| u64::from_be_bytes(bytes[at + 4..at + 12].try_into().expect("8 bytes")))
            .expect("chunk present") as usize
    };
    let (lookup, data) = (offset_of(b"OIDL"), offset_of(b"CDAT"));
    let root_id: Vec<u8> = (0..20)
        .map(|i| u8::from_str_radix(&root[2 * i..2 * i + 2], 16).expect("hex"))
        .collect();
    let index = (0..5)
        .find(|i| bytes[lookup + 20 * i..lookup + 20 * i + 20] == root_id[..])
        .expect("root in the graph");
    // Give the root the highest generation, so it would come out before its children.
    let generation = data + 36 * index + 28;
    let high = (0x3fff_fff0u32 << 2) | u32::from(bytes[generation + 3] & 3);
    bytes[generation..generation + 4].copy_from_slice(&high.to_be_bytes());
    std::fs::write(&path, bytes).expect("write the damaged commit-graph");

    let ranges = ["main~1..main", "main~2..main", "side..main"];
    assert_git_order(&repo, &ranges, "with a damaged commit-graph");
}

#[test]
fn a_long_walk_without_a_commit_graph_suggests_writing_one() {
    let repo = Repo::new();
    // 5,200 commits through fast-import: a second, where `git commit` would take minutes.
    let mut stream = Vec::new();
    for i in 1..=5_200u32 {
        let message = format!("Change {i}\n\nRefs: #{i}\n");
        let time = 1_767_225_600 + u64::from(i) * 60;
        stream.extend_from_slice(
            format!(
                "commit refs/heads/main\nauthor Ada Tester <ada@example.com> {time} +0000\ncommitter Ada Tester <ada@example.com> {time} +0000\ndata {}\n{message}\n",
                message.len()
            )
            .as_bytes(),
        );
        if i == 1 {
            stream.extend_from_slice(b"deleteall\n\n");
        }
    }
    let mut import = repo.git_command(&["fast-import", "--quiet", "--force"]);
    import.stdin(std::process::Stdio::piped());
    let mut child = import.spawn().expect("run git fast-import");
    std::io::Write::write_all(child.stdin.as_mut().expect("stdin"), &stream).expect("feed it");
    assert!(child.wait().expect("fast-import ends").success());
    repo.git(&["reset", "-q", "--hard", "main"]);

    let hint = "without a commit-graph file; `git commit-graph write --reachable`";
    let long = repo.whylint(&["commits", "main~5100..main"]);
    assert_eq!(code(&long), 0, "{}", stderr(&long));
    assert!(
        stdout(&long).contains(&format!("read 5100 commits {hint}")),
        "{}",
        stdout(&long)
    );
    let short = repo.whylint(&["commits", "main~4000..main"]);
    assert!(!stdout(&short).contains(hint), "{}", stdout(&short));

    repo.git(&["commit-graph", "write", "--reachable"]);
    let with_graph = repo.whylint(&["commits", "main~5100..main"]);
    assert_eq!(code(&with_graph), 0, "{}", stderr(&with_graph));
    assert!(
        !stdout(&with_graph).contains(hint),
        "{}",
        stdout(&with_graph)
    );
}

/// Without a commit-graph, `main~N..main` gives git's commits whether or not a merge is among
/// them (whylint once read lines without merges from the commits stepped to resolve `main~N`).
#[test]
fn ranges_stepped_without_a_commit_graph_give_the_same_commits() {
    let mut repo = Repo::new();
    repo.write("../walk.yml", "exempt:\n  merges: false\n");
    for (file, message) in [("a", "Start"), ("b", "Two"), ("c", "Three"), ("d", "Four")] {
        repo.commit(file, message);
    }
    repo.git(&["checkout", "-q", "-b", "side", "main~2"]);
    repo.commit("s", "Side");
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge side", "side"]);
    repo.commit("e", "After the merge");
    repo.commit("f", "Last");
    assert!(!repo.path().join(".git/objects/info/commit-graph").exists());
    let ranges = [
        "main~1..main",
        "main~2..main",
        // The merge is on the line: the side commit is in.
        "main~3..main",
        "main~5..main",
        "main~0..main",
        "main~2..",
        "HEAD~6..HEAD",
        "side~1..main",
    ];
    assert_git_order(&repo, &ranges, "without a commit-graph");
    let limited = repo.whylint(&["commits", "main~2..main", "-n", "1", "--format", "json"]);
    assert_eq!(json(&limited)["summary"]["checked"], 1);
}

/// After criss-cross merges two branches have two merge bases; `A...B` leaves out the history of
/// both, as `git rev-list A...B` does (with one of them, the other base's side came in).
#[test]
fn symmetric_range_leaves_out_every_merge_base() {
    let mut repo = Repo::new();
    repo.write("../walk.yml", "exempt:\n  merges: false\n");
    repo.commit("c0", "Start");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.commit("b1", "Side one");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("a1", "Main one");
    let (a1, b1) = (
        repo.git(&["rev-parse", "main"]),
        repo.git(&["rev-parse", "side"]),
    );
    repo.tick();
    repo.git(&["merge", "-q", "--no-ff", "-m", "Main takes side", b1.trim()]);
    repo.git(&["checkout", "-q", "side"]);
    repo.tick();
    repo.git(&["merge", "-q", "--no-ff", "-m", "Side takes main", a1.trim()]);
    repo.commit("b3", "Side three");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit("a3", "Main three");
    let bases = repo.git(&["merge-base", "--all", "main", "side"]);
    assert_eq!(bases.lines().count(), 2);
    let ranges = ["main...side", "side...main"];
    for range in ranges {
        assert_eq!(rev_list(&repo, range).len(), 4);
    }
    assert_git_order_with_and_without_graph(&repo, &ranges);
}

/// git lists commits by date, but a commit only once one of its children is listed, and equal
/// dates in the order the commits were found: a line in first-parent order whatever its dates
/// say, a rebased branch whose commits share one second in its own order. So must every walk,
/// with and without a commit-graph.
#[test]
fn equal_and_skewed_dates_give_git_order() {
    let mut repo = Repo::new();
    repo.write("../walk.yml", "exempt:\n  merges: false\n");
    let dates = [
        "2026-01-01T10:00:00Z",
        "2026-01-01T11:00:00Z",
        "2026-01-01T11:00:00Z",
        "2026-01-01T11:00:00Z",
        // A machine whose clock was a day behind.
        "2025-12-31T12:00:00Z",
        "2026-01-01T12:00:00Z",
        "2026-01-01T12:00:00Z",
    ];
    for (at, date) in dates.iter().enumerate() {
        repo.commit_on(date, "Ada", &format!("f{at}"), &format!("Change {at}"));
    }
    // A branch rebased in one second, merged; and main moving on in the same second.
    repo.git(&["checkout", "-q", "-b", "topic", "main~2"]);
    for at in 0..4 {
        repo.commit_on(
            "2026-01-02T09:00:00Z",
            "Bo",
            &format!("t{at}"),
            &format!("Topic {at}"),
        );
    }
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_on(
        "2026-01-02T09:00:00Z",
        "Ada",
        "m",
        "Main in the same second",
    );
    repo.git(&["merge", "-q", "--no-ff", "-m", "Merge topic", "topic"]);
    let ranges = [
        // Lines.
        "topic~5..topic",
        "topic~6..topic",
        // Ranges with merges.
        "main~3..main~0^2",
        "main~1~6..main~1~3",
        "topic~6..topic~1",
        "main~1..topic",
        "topic~4..main",
        "main~1~3..main",
        "topic...main~1",
    ];
    assert_git_order_with_and_without_graph(&repo, &ranges);
}
