//! Configuration: discovery, overrides, and errors reported all at once with line:column.

mod common;

use common::{Repo, code, json, rules_of, stderr, stdout};

const BROKEN: &str = r#"extends: [default]
rules:
  - id: ticket-in-subject
    level: error
    summary: Put the ticket in the subject
    question: Which ticket is this for?
    help: Start the subject with the ticket key.
    check:
      pattern: { field: subject, matches: '^[A-Z]+-(\d+' }
  - id: problem-link
    summary: A second definition
    question: Again?
    help: Again.
    check:
      reference: {}
  - id: odd-rule
    levle: warning
  - id: succes-metric
    level: warning
trackers:
  jira: { projects: [pay] }
colour: red
"#;

#[test]
fn every_problem_in_a_config_is_reported_at_once_with_line_and_column() {
    let repo = Repo::new();
    repo.write(".whylint.yml", BROKEN);
    let output = repo.whylint(&["rules"]);
    assert_eq!(code(&output), 2);
    assert_eq!(stdout(&output), "");
    // Where the default pack defines `problem-link`, read from the pack itself.
    let pack = include_str!("../rules/default.yml");
    let defined = pack
        .lines()
        .position(|line| line.trim() == "- id: problem-link")
        .map(|index| index + 1)
        .expect("the default pack defines problem-link");
    let expected = format!("\
whylint: error: .whylint.yml:9:43: invalid regex `^[A-Z]+-(\\d+`: unclosed group
.whylint.yml:10:9: duplicate rule id `problem-link`: already defined at rules/default.yml:{defined}:9; give this rule another id, or drop its `check:` to override the existing one
.whylint.yml:17:5: unknown key `levle` (did you mean `level`?); expected one of `id`, `level`, `on`, `summary`, `question`, `help`, `example`, `when`, `levels`, `check`, `examples`
.whylint.yml:18:9: no rule `succes-metric` to override (did you mean `success-metric`?); to define a new rule, give it a `check:` (see `whylint rules`)
.whylint.yml:21:22: `pay` is not a Jira project key; keys are 2+ uppercase letters or digits, starting with a letter (e.g. `PAY`)
.whylint.yml:22:1: unknown key `colour`; expected one of `extends`, `trackers`, `sections`, `placeholders`, `exempt`, `kinds`, `self-references`, `vocabulary`, `rules`
6 problems in the configuration; fix them and run again (`whylint rules` shows the rules in effect)
");
    assert_eq!(stderr(&output), expected);
}

#[test]
fn yaml_syntax_error_is_located() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "rules:\n  problem-link:\n    level: [warning\n",
    );
    let output = repo.whylint(&["msg", "-"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.starts_with("whylint: error: .whylint.yml:4:1: YAML syntax error:"),
        "{err}"
    );
}

#[test]
fn anchors_are_refused_so_a_billion_laughs_file_cannot_expand() {
    let repo = Repo::new();
    repo.write(".whylint.yml", "exempt:\n  labels: &a [x, x]\n  bots: *a\n");
    let output = repo.whylint(&["rules"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains(".whylint.yml:2:14: YAML anchors and aliases"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bad_check_parts_are_reported_with_positions() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "rules:\n  - id: custom\n    summary: s\n    question: q?\n    help: h\n    on: [commits]\n    check:\n      metric: { require: [speed], section: outcome }\n  - id: other\n    summary: s\n    question: q?\n    help: h\n    check:\n      lookup: {}\n",
    );
    let output = repo.whylint(&["rules"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.contains(".whylint.yml:6:10: unknown target `commits`; use `commit`, `branch` or `pr`"),
        "{err}"
    );
    assert!(
        err.contains(".whylint.yml:8:27: unknown metric part `speed`"),
        "{err}"
    );
    assert!(
        err.contains(".whylint.yml:8:44: unknown section `outcome`"),
        "{err}"
    );
    assert!(
        err.contains(".whylint.yml:14:13: unknown check kind `lookup`"),
        "{err}"
    );
}

#[test]
fn project_config_overrides_a_level() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "rules:\n  problem-link: { level: warning }\n",
    );
    let message = repo.write("../m.txt", "Add export\n").display().to_string();
    let output = repo.whylint(&["msg", &message, "--format", "json"]);
    assert_eq!(code(&output), 0, "a warning does not fail the run");
    let report = json(&output);
    assert_eq!(rules_of(&report), ["problem-link"]);
    assert_eq!(report["findings"][0]["level"], "warning");

    let listed = stdout(&repo.whylint(&["rules"]));
    assert!(
        listed.contains("overridden at .whylint.yml:2:3"),
        "{listed}"
    );
}

#[test]
fn config_is_discovered_in_github_dir_and_from_the_environment() {
    let repo = Repo::new();
    repo.write(
        ".github/whylint.yml",
        "rules:\n  problem-link: { level: off }\n",
    );
    let message = repo.write("../m.txt", "Add export\n").display().to_string();
    assert_eq!(code(&repo.whylint(&["msg", &message])), 0);

    let elsewhere = repo
        .write("../strict.yml", "extends: [strict]\n")
        .display()
        .to_string();
    let output = repo
        .whylint_command(&["msg", &message, "--format", "json"])
        .env("WHYLINT_CONFIG", &elsewhere)
        .output()
        .expect("run");
    assert_eq!(code(&output), 1);
    assert!(rules_of(&json(&output)).contains(&"success-metric".to_owned()));
}

#[test]
fn missing_config_file_is_a_usage_error() {
    let repo = Repo::new();
    let output = repo.whylint(&["rules", "--config", "nope.yml"]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("config file `nope.yml` does not exist"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn jira_pack_with_project_allow_list() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "extends: [default, jira]\ntrackers:\n  jira: { projects: [PAY] }\n",
    );
    let check = |text: &str| {
        let message = repo.write("../m.txt", text).display().to_string();
        let output = repo.whylint(&["msg", &message, "--format", "json"]);
        rules_of(&json(&output))
    };
    assert!(check("PAY-812: add export\n").is_empty());
    assert_eq!(check("WEB-812: add export\n"), ["problem-link", "jira-key"]);
    assert_eq!(check("Move to UTF-8\n"), ["problem-link", "jira-key"]);
}

#[test]
fn custom_rule_with_when_and_pattern() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        r#"extends: [default]
rules:
  - id: no-wip
    level: error
    on: [commit]
    summary: Do not commit work in progress
    question: Is this change ready?
    help: Finish the change, or keep it on a local branch.
    when: { not: { branch: ["spike/**"] } }
    check:
      pattern: { field: subject, not-matches: '(?i)\bwip\b' }
"#,
    );
    let message = repo
        .write("../m.txt", "WIP export\n\nRefs: #1\n")
        .display()
        .to_string();
    let output = repo.whylint(&["msg", &message, "--format", "json"]);
    assert_eq!(rules_of(&json(&output)), ["no-wip"]);
    let spike = repo.whylint(&["msg", &message, "--format", "json", "--branch", "spike/try"]);
    assert!(rules_of(&json(&spike)).is_empty());
}
