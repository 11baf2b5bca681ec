//! `whylint check` and `whylint pr` in a simulated CI runner: real webhook payloads, real
//! repositories, the files GitHub hands a step; and the machine-readable formats.

mod common;

use common::{Repo, code, json, stderr, stdout};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const GOOD_BODY: &str = "## Problem\n\nFinance staff copy invoices by hand. Closes #1\n\n## Success metric\n\nExport tickets drop from 40 a week to under 5 within 30 days.\n";

use common::github::pr_repo;

/// A real payload with this PR's title, body, labels, author and shas.
fn event(repo: &Repo, base: &str, head: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
    common::github::pr_event(repo, base, head, |payload| {
        payload["pull_request"]["title"] = "Add CSV export".into();
        payload["pull_request"]["body"] = GOOD_BODY.into();
        edit(payload);
    })
}

struct Runner {
    summary: PathBuf,
    output: PathBuf,
}

fn github(repo: &Repo, event: &Path, args: &[&str], extra: &[(&str, &str)]) -> (Output, Runner) {
    let runner = Runner {
        summary: repo.home().join("summary.md"),
        output: repo.home().join("output.txt"),
    };
    let mut command = repo.whylint_command(args);
    command
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", event)
        .env("GITHUB_STEP_SUMMARY", &runner.summary)
        .env("GITHUB_OUTPUT", &runner.output)
        .env("GITHUB_REPOSITORY", "Codertocat/Hello-World");
    for (key, value) in extra {
        command.env(key, value);
    }
    (command.output().expect("run whylint"), runner)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

/// Lines of stdout that GitHub would read as workflow commands: everything outside the
/// `::stop-commands::` fence that starts with `::` or `##[`.
fn live_commands(out: &str) -> Vec<String> {
    let mut live = Vec::new();
    let mut fence: Option<String> = None;
    for line in out.lines() {
        match &fence {
            Some(token) => {
                if line == format!("::{token}::") {
                    fence = None;
                }
            }
            None => {
                if let Some(token) = line.strip_prefix("::stop-commands::") {
                    fence = Some(token.to_owned());
                } else if line.starts_with("::") || line.starts_with("##[") {
                    live.push(line.to_owned());
                }
            }
        }
    }
    assert!(fence.is_none(), "commands were never resumed: {out}");
    live
}

#[test]
fn good_pull_request_passes_with_summary_and_outputs() {
    let (repo, base, head) = pr_repo();
    let event = event(&repo, &base, &head, |_| {});
    let (output, runner) = github(&repo, &event, &["check"], &[]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    assert!(
        live_commands(&stdout(&output)).is_empty(),
        "{}",
        stdout(&output)
    );
    assert_eq!(read(&runner.output), "result=pass\nerrors=0\nwarnings=0\n");
    let summary = read(&runner.summary);
    assert!(summary.contains("## whylint: ✅ says why"), "{summary}");
    assert!(
        stdout(&output).contains("event payload"),
        "says where the PR text came from"
    );
}

#[test]
fn missing_metric_fails_with_an_annotation() {
    let (repo, base, head) = pr_repo();
    let event = event(&repo, &base, &head, |p| {
        p["pull_request"]["body"] =
            "## Problem\n\nFinance staff copy invoices by hand. Closes #1\n".into();
    });
    let (output, runner) = github(&repo, &event, &["check"], &[]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    let live = live_commands(&stdout(&output));
    assert_eq!(live.len(), 1, "{live:?}");
    assert!(
        live[0].starts_with("::error title=whylint success-metric%3A pull request #7::"),
        "{live:?}"
    );
    assert_eq!(read(&runner.output), "result=fail\nerrors=1\nwarnings=0\n");
    let summary = read(&runner.summary);
    assert!(
        summary
            .contains("| ❌ | pull request #7<br><code>Add CSV export</code> | `success-metric` |"),
        "{summary}"
    );
    assert!(summary.contains("Example to paste"), "{summary}");
}

#[test]
fn unfilled_template_is_named() {
    let (repo, base, head) = pr_repo();
    let event = event(&repo, &base, &head, |p| {
        p["pull_request"]["body"] =
            "## Problem\n\nCloses #1\n\n## Success metric\n\n<!-- How will we know it worked? -->\n".into();
    });
    let (output, _) = github(&repo, &event, &["check", "--format", "json"], &[]);
    assert_eq!(code(&output), 1);
    let report = json(&output);
    let finding = report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["rule"] == "unfilled-template")
        .expect("unfilled-template finding")
        .clone();
    assert!(
        finding["message"]
            .as_str()
            .expect("message")
            .contains("`Success metric` section still holds only its template prompt")
    );
    assert_eq!(finding["target"]["id"], "#7");
}

#[test]
fn null_body_is_checked_not_crashed() {
    let (repo, base, head) = pr_repo();
    let text = include_str!("fixtures/github/pull_request.opened.null-body.json");
    let mut payload: Value = serde_json::from_str(text).expect("fixture");
    assert!(payload["pull_request"]["body"].is_null());
    payload["pull_request"]["base"]["sha"] = base.as_str().into();
    payload["pull_request"]["head"]["sha"] = head.as_str().into();
    payload["pull_request"]["labels"] = serde_json::json!([]);
    let path = repo.home().join("null.json");
    std::fs::write(&path, serde_json::to_vec(&payload).expect("json")).expect("write");
    let (output, _) = github(&repo, &path, &["check", "--format", "json"], &[]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let rules: Vec<String> = common::rules_of(&json(&output));
    assert!(rules.contains(&"success-metric".to_owned()), "{rules:?}");
    assert!(
        !rules.contains(&"problem-link".to_owned()),
        "the commits link #1: {rules:?}"
    );
}

#[test]
fn bot_pull_request_and_no_why_label_are_exempt() {
    let (repo, base, head) = pr_repo();
    let bot = event(&repo, &base, &head, |p| {
        p["pull_request"]["body"] = "Bumps lodash from 4.17.20 to 4.17.21.".into();
        p["pull_request"]["user"]["login"] = "dependabot[bot]".into();
        p["pull_request"]["user"]["type"] = "Bot".into();
    });
    let (output, _) = github(&repo, &bot, &["check", "--format", "json"], &[]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let report = json(&output);
    let kinds: Vec<&str> = report["exemptions"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["bot"], "{report}");

    let labelled = event(&repo, &base, &head, |p| {
        p["pull_request"]["body"] = "quick fix".into();
        p["pull_request"]["labels"] = serde_json::json!([{ "name": "no-why" }]);
    });
    let (output, _) = github(&repo, &labelled, &["check", "--format", "json"], &[]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let report = json(&output);
    assert_eq!(report["exemptions"][0]["kind"], "label");
    assert!(
        report["exemptions"][0]["reason"]
            .as_str()
            .expect("reason")
            .contains("no-why")
    );
}

#[test]
fn fresh_description_from_gh_beats_a_stale_payload() {
    let (repo, base, head) = pr_repo();
    let stale = event(&repo, &base, &head, |p| {
        p["pull_request"]["body"] = "## Problem\n\nCloses #1\n".into();
    });
    let bin = repo.home().join("bin");
    std::fs::create_dir_all(&bin).expect("bin dir");
    let fresh = serde_json::json!({ "number": 7, "title": "Add CSV export", "body": GOOD_BODY, "labels": [] });
    let script = format!("#!/bin/sh\ncat <<'JSON'\n{fresh}\nJSON\n");
    std::fs::write(bin.join("gh"), script).expect("fake gh");
    common::make_executable(&bin.join("gh"));
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let (output, _) = github(
        &repo,
        &stale,
        &["check"],
        &[("PATH", &path), ("GH_TOKEN", "test-token")],
    );
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(
        stdout(&output).contains("fresh with `gh api`"),
        "{}",
        stdout(&output)
    );
    // Without a token the payload is used, and the run says it may be stale.
    let (output, _) = github(&repo, &stale, &["check"], &[("PATH", &path)]);
    assert_eq!(code(&output), 1);
}

#[test]
fn pull_request_and_commit_text_cannot_inject_workflow_commands_or_html() {
    let hostile = "::error::pwned\n::add-mask::secret\n::set-env name=NODE_OPTIONS::--require /tmp/x\n::stop-commands::abc\n##[error]fake\n%0A::warning::x\n<script>alert(1)</script> ![x](https://evil.example/p.png)\n";
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_owned();
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let head = repo.commit("b.txt", &format!("::error::from a commit\n\n{hostile}"));
    let event = event(&repo, &base, &head, |p| {
        p["pull_request"]["title"] = "::error::title <script>x</script>".into();
        p["pull_request"]["body"] = hostile.into();
    });
    let (output, runner) = github(&repo, &event, &["check"], &[]);
    assert_eq!(code(&output), 1);
    let out = stdout(&output);
    for line in live_commands(&out) {
        assert!(
            [
                "::error title=whylint ",
                "::warning title=whylint ",
                "::notice title=whylint"
            ]
            .iter()
            .any(|ours| line.starts_with(ours)),
            "a line GitHub would execute is not ours: {line}"
        );
        assert!(!line[2..].contains("\n"), "{line}");
    }
    let summary = read(&runner.summary);
    assert!(
        !summary.contains("<script>") && !summary.contains("](https://evil"),
        "{summary}"
    );
    assert!(summary.contains("&lt;script&gt;"), "{summary}");
}

#[test]
fn gitlab_merge_request_pipeline() {
    let (repo, base, head) = pr_repo();
    let run = |description: &str| {
        repo.whylint_command(&["check", "--format", "json"])
            .env("GITLAB_CI", "true")
            .env("CI_MERGE_REQUEST_IID", "12")
            .env("CI_MERGE_REQUEST_TITLE", "Add CSV export")
            .env("CI_MERGE_REQUEST_DESCRIPTION", description)
            .env("CI_MERGE_REQUEST_LABELS", "backend,export")
            .env("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "feature")
            .env("CI_MERGE_REQUEST_DIFF_BASE_SHA", &base)
            .env("CI_COMMIT_SHA", &head)
            .output()
            .expect("run")
    };
    let good = run(GOOD_BODY);
    assert_eq!(code(&good), 0, "{}{}", stdout(&good), stderr(&good));
    let report = json(&good);
    assert_eq!(
        report["summary"]["checked"], 3,
        "two commits and the merge request"
    );
    let bad = run("Adds export.");
    assert_eq!(code(&bad), 1);
    let report = json(&bad);
    let ids: Vec<&str> = report["findings"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|f| f["target"]["id"].as_str())
        .collect();
    assert!(ids.contains(&"!12"), "{report}");
    let long = format!("{GOOD_BODY}{}", "x".repeat(2700));
    let truncated = run(&long);
    let notes = json(&truncated)["notices"].to_string();
    assert!(notes.contains("truncates"), "{notes}");
}

#[test]
fn pr_command_reads_a_file_an_event_or_nothing() {
    let (repo, base, head) = pr_repo();
    let body = repo.write("../pr.md", GOOD_BODY).display().to_string();
    let output = repo.whylint(&["pr", "--body-file", &body, "--title", "Add CSV export"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let event = event(&repo, &base, &head, |p| {
        p["pull_request"]["body"] = "Adds export".into()
    });
    let output = repo.whylint(&[
        "pr",
        "--event",
        &event.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(code(&output), 1);
    assert_eq!(json(&output)["findings"][0]["target"]["id"], "#7");
    let output = repo.whylint(&["pr"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("--body-file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn config_from_a_revision_ignores_the_working_tree() {
    let (repo, _, _) = pr_repo();
    repo.git(&["checkout", "-q", "main"]);
    repo.write(".whylint.yml", "rules:\n  problem-link: { level: error }\n");
    repo.git(&["add", ".whylint.yml"]);
    repo.git(&[
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "Add config\n\nRefs: #1",
    ]);
    // The PR weakens the rules in its own checkout…
    repo.write(".whylint.yml", "rules:\n  problem-link: { level: off }\n");
    let message = repo.write("../m.txt", "Add export\n").display().to_string();
    assert_eq!(code(&repo.whylint(&["msg", &message])), 0);
    // …but checked against the base's config, it still fails.
    let output = repo.whylint(&["msg", &message, "--config-from", "main"]);
    assert_eq!(code(&output), 1, "{}", stdout(&output));
}

fn report(format: &str) -> Output {
    let (mut repo, _, _) = pr_repo();
    repo.commit("d.txt", "Unlinked change");
    repo.whylint(&["commits", "main..HEAD", "--format", format])
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let output = report("sarif");
    assert_eq!(code(&output), 1);
    let log: Value = serde_json::from_slice(&output.stdout).expect("sarif json");
    let errors = common::sarif_schema_errors(&log);
    assert!(errors.is_empty(), "{errors:#?}");
    let results = log["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "problem-link");
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"][0]["id"],
        "problem-link"
    );
}

#[test]
fn junit_parses_and_counts_match() {
    let output = report("junit");
    let xml = stdout(&output);
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let cases: Vec<_> = document
        .descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 3, "one test case per commit: {xml}");
    let failures = document
        .descendants()
        .filter(|n| n.has_tag_name("failure"))
        .count();
    assert_eq!(failures, 1, "{xml}");
    let suite = document
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .expect("suite");
    assert_eq!(suite.attribute("tests"), Some("3"));
    assert_eq!(suite.attribute("failures"), Some("1"));
}

#[test]
fn gitlab_code_quality_has_the_required_fields() {
    let output = report("gitlab");
    let issues: Value = serde_json::from_slice(&output.stdout).expect("json array");
    let issues = issues.as_array().expect("array");
    assert_eq!(issues.len(), 1);
    for key in ["description", "check_name", "fingerprint", "severity"] {
        assert!(issues[0][key].is_string(), "{key}: {}", issues[0]);
    }
    // No config and no README: the first tracked file, never a file that does not exist.
    assert_eq!(issues[0]["location"]["path"], "a.txt");
    assert_eq!(issues[0]["location"]["lines"]["begin"], 1);
    assert_eq!(issues[0]["severity"], "major");
}

#[test]
fn markdown_and_github_formats() {
    let output = report("markdown");
    assert!(stdout(&output).contains("| ❌ |"), "{}", stdout(&output));
    let output = report("github");
    let out = stdout(&output);
    assert!(
        out.starts_with("::error title=whylint problem-link%3A commit "),
        "{out}"
    );
}
