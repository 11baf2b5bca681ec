//! One definition of "why", with its evidence: every command asks the configured rule set, and
//! the output shows the facts each target carried and what satisfied each rule. Real binary,
//! real git repositories in temp dirs.

mod common;

use common::{Repo, code, json, stdout};
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Write;
use std::process::{Command, Stdio};

/// The rules that ask a commit for its problem under `CONFIG`.
const PROBLEM_RULES: [&str; 2] = ["problem-link", "jira-key"];

/// A rule turned off, a level changed, a tracker added.
const CONFIG: &str = "extends: [default, jira]\ntrackers:\n  jira: { projects: [PAY] }\nrules:\n  problem-link: { level: off }\n  success-metric: { level: warning }\n";

/// `whylint ARGS` in `dir` with `input` on standard input.
fn with_stdin(command: &mut Command, input: &str) -> std::process::Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run whylint");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// `whylint ARGS` outside any repository, reading `input`.
fn whylint_stdin(args: &[&str], input: &str) -> std::process::Output {
    let home = tempfile::tempdir().expect("temp dir");
    let mut command = Command::new(common::bin());
    command.args(args).current_dir(home.path());
    common::isolate(&mut command, home.path());
    with_stdin(&mut command, input)
}

/// The `checked` entry of `id` in a JSON report.
fn checked_entry<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["checked"]
        .as_array()
        .expect("checked")
        .iter()
        .find(|entry| entry["target"]["id"] == id)
        .unwrap_or_else(|| panic!("no checked entry for {id}: {report}"))
}

/// `(kind, text, line)` of each piece of evidence in a `checked` entry.
fn evidence(entry: &Value) -> Vec<(String, String, Option<u64>)> {
    entry["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| {
            (
                e["kind"].as_str().expect("kind").to_owned(),
                e["text"].as_str().expect("text").to_owned(),
                e["line"].as_u64(),
            )
        })
        .collect()
}

fn ids(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .expect("list")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

#[test]
fn commits_report_due_and_draft_agree_under_a_configuration() {
    let mut repo = Repo::new();
    repo.write(".whylint.yml", CONFIG);
    repo.git(&["add", ".whylint.yml"]);
    repo.commit("a.txt", "Initial commit\n\nRefs: PAY-1");
    repo.git(&["checkout", "-q", "-b", "export"]);
    let shapes = [
        // A GitHub link only: `jira-key` fails it, so it does not say why.
        "Add CSV export\n\nRefs: #12",
        // A Jira key, a measurable metric, a review date.
        "Add PDF export\n\nRefs: PAY-7\nMetric: PDF export tickets drop from 40/week to under 5\nReview-By: 2026-01-10",
        // A stated problem, but no key: `problem-link` is off, so it does not count.
        "feat: add invoices\n\nProblem: finance staff copy invoices into spreadsheets by hand every month.",
        // A closing key.
        "Fix totals\n\nFixes PAY-9",
        // Nothing.
        "Tidy code",
        // A key outside the project list, with a metric that names its own time to look again.
        "feat: add filters\n\nRefs: TEAM-3\nMetric: filter use grows from 0 to 200 a week within 30 days",
    ];
    let mut commits = Vec::new();
    for (index, message) in shapes.iter().enumerate() {
        commits.push(repo.commit(&format!("f{index}.txt"), message));
    }

    let checked = json(&repo.whylint(&["commits", "main..export", "--format", "json"]));
    let report = json(&repo.whylint(&[
        "report",
        "main..export",
        "--all-commits",
        "--format",
        "json",
    ]));
    let due = json(&repo.whylint(&[
        "due",
        "main..export",
        "--as-of",
        "2027-01-01",
        "--format",
        "json",
    ]));
    let missing = ids(&report["missing"]);
    let due_ids = ids(&due["due"]);

    let mut said_why = Vec::new();
    for id in &commits {
        let failed_problem = checked["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .any(|f| {
                f["target"]["id"] == id.as_str()
                    && PROBLEM_RULES.contains(&f["rule"].as_str().expect("rule"))
            });
        assert_eq!(
            !failed_problem,
            !missing.contains(id),
            "`commits` and `report` disagree on {id}: {checked}\n{report}"
        );
        said_why.push(!failed_problem);
        // A metric worth looking at again: measurable, with a time to look again.
        let entry = checked_entry(&checked, id);
        let facts = entry["evidence"].as_array().expect("evidence");
        let measurable = facts.iter().any(|e| {
            e["kind"] == "metric"
                && !e["assessment"]["quantity"].is_null()
                && !e["assessment"]["direction"].is_null()
        });
        let when = facts.iter().any(|e| e["kind"] == "review-date");
        assert_eq!(
            measurable && when,
            due_ids.contains(id),
            "`commits` and `due` disagree on {id}: {entry}\n{due}"
        );
    }
    assert_eq!(said_why, [false, true, false, true, false, false]);
    assert_eq!(report["total"]["says_why"], 2);
    assert_eq!(due_ids.len(), 2);

    // The draft of the branch: the Jira keys satisfy `jira-key`, so no problem prompt; the
    // references and metrics are the evidence `commits` found.
    let draft = stdout(&repo.whylint(&["draft", "--base", "main"]));
    // (`TEAM-3` is outside the project list: no reference at all, as `commits` says.)
    assert!(draft.contains("Refs: PAY-9, PAY-7, #12\n"), "{draft}");
    assert!(
        !draft.contains("Which ticket describes the problem"),
        "{draft}"
    );
    assert!(draft.contains("PDF export tickets drop"), "{draft}");

    // A branch whose only link is a GitHub issue: every command says it has no why.
    repo.git(&["checkout", "-q", "-b", "github-only", "main"]);
    let only = repo.commit("g.txt", "Add CSV export\n\nRefs: #12");
    let checked = json(&repo.whylint(&["commits", "main..github-only", "--format", "json"]));
    assert!(
        common::rules_of(&checked).contains(&"jira-key".to_owned()),
        "{checked}"
    );
    let report = json(&repo.whylint(&[
        "report",
        "main..github-only",
        "--all-commits",
        "--format",
        "json",
    ]));
    assert!(ids(&report["missing"]).contains(&only), "{report}");
    let draft = stdout(&repo.whylint(&["draft", "--base", "main"]));
    assert!(draft.contains("Refs: #12"), "{draft}");
    assert!(
        draft.contains("<!-- Which ticket describes the problem this change solves?"),
        "{draft}"
    );
}

#[test]
fn msg_json_lists_the_evidence_of_passing_and_failing_targets() {
    let output = whylint_stdin(
        &["msg", "-", "--format", "json"],
        "Add export\n\nRefs: #42\nMetric: export time drops from 2 h to under 5 min\n",
    );
    let report = json(&output);
    let entry = &report["checked"][0];
    assert_eq!(entry["target"]["kind"], "message");
    assert_eq!(entry["target"]["id"], "-");
    assert!(entry["exempt"].is_null());
    assert_eq!(
        evidence(entry),
        [
            ("reference".into(), "#42".into(), Some(3)),
            (
                "metric".into(),
                "export time drops from 2 h to under 5 min".into(),
                Some(4)
            ),
        ]
    );
    assert_eq!(entry["evidence"][0]["tracker"], "github");
    assert_eq!(entry["evidence"][0]["closing"], false);
    assert!(!entry["evidence"][1]["assessment"]["quantity"].is_null());
    // `problem-link` names the reference that satisfied it.
    let link = entry["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["rule"] == "problem-link")
        .expect("problem-link result");
    assert_eq!(link["pass"], true);
    assert_eq!(link["evidence"], serde_json::json!([0]));

    // A failing target is listed too, with the evidence it did have.
    let output = whylint_stdin(
        &["msg", "-", "--format", "json"],
        "feat: add export\n\nRefs: #42\nMetric: make exports faster\n",
    );
    assert_eq!(code(&output), 1);
    let report = json(&output);
    let entry = &report["checked"][0];
    assert_eq!(
        evidence(entry),
        [
            ("reference".into(), "#42".into(), Some(3)),
            ("metric".into(), "make exports faster".into(), Some(4)),
        ]
    );
    assert!(entry["evidence"][1]["assessment"]["quantity"].is_null());
    let metric = entry["rules"]
        .as_array()
        .expect("rules")
        .iter()
        .find(|r| r["rule"] == "success-metric")
        .expect("success-metric result");
    assert_eq!(metric["pass"], false);

    // An exempt target is listed with its reason and no evidence.
    let report = json(&whylint_stdin(
        &["msg", "-", "--format", "json"],
        "Fix typo\n\nWhy-Skip: comment typo\n",
    ));
    assert_eq!(report["checked"][0]["evidence"], serde_json::json!([]));
    assert!(
        report["checked"][0]["exempt"]
            .as_str()
            .is_some_and(|reason| reason.contains("comment typo")),
        "{report}"
    );
}

/// `whylint explain problem-link --message -`, in plain text.
const EXPLAIN: [&str; 6] = [
    "explain",
    "problem-link",
    "--message",
    "-",
    "--color",
    "never",
];

#[test]
fn verbose_text_and_explain_show_what_satisfied_a_rule() {
    let message = "Add export\n\nRefs: #42\nMetric: export time drops from 2 h to under 5 min\n";
    let output = whylint_stdin(&["msg", "-", "-v", "--color", "never"], message);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(text.contains("✓ problem-link #42 (line 3)"), "{text}");
    assert!(
        text.contains(
            "evidence: #42 (line 3), metric \"export time drops from 2 h to under 5 min\" (line 4)"
        ),
        "{text}"
    );
    // Without `-v`, a passing message prints no per-rule lines.
    let quiet = stdout(&whylint_stdin(&["msg", "-", "--color", "never"], message));
    assert!(!quiet.contains("problem-link"), "{quiet}");

    let output = whylint_stdin(&EXPLAIN, message);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(text.contains("✓ problem-link #42 (line 3)"), "{text}");

    let output = whylint_stdin(
        &EXPLAIN,
        "Add export\n\nMetric: export time drops from 2 h to under 5 min\n",
    );
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(text.contains("✗ problem-link (error)"), "{text}");
    assert!(text.contains("found no reference"), "{text}");
    assert!(text.contains("evidence: metric \""), "{text}");

    let report = json(&whylint_stdin(
        &[
            "explain",
            "problem-link",
            "--message",
            "-",
            "--format",
            "json",
        ],
        message,
    ));
    assert_eq!(report["judged"]["pass"], true);
    assert_eq!(report["judged"]["used"], serde_json::json!([0]));
}

#[test]
fn a_ticket_in_the_branch_is_evidence_from_the_branch() {
    let mut repo = Repo::new();
    repo.commit("a.txt", "Initial commit\n\nRefs: #1");
    repo.git(&["checkout", "-q", "-b", "feat/PAY-12-export"]);
    let mut command = repo.whylint_command(&["msg", "-", "--format", "json"]);
    let report = json(&with_stdin(&mut command, "Add CSV export\n"));
    let entry = &report["checked"][0];
    assert_eq!(entry["evidence"][0]["kind"], "reference");
    assert_eq!(entry["evidence"][0]["text"], "PAY-12");
    assert!(entry["evidence"][0]["line"].is_null());
    assert_eq!(entry["evidence"][0]["from"], "branch feat/PAY-12-export");
}
