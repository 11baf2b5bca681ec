//! What a config can cost and what it can reach (issue #17): a total budget for a config's
//! regexes and globs, a cap on its size, no config read through a link out of the repository,
//! no file content quoted back beyond a short snippet, `WHYLINT_CONFIG` honoured with
//! `--config-from`, and `due` dates past the end of the calendar.
//!
//! The budget tests have no timer: without a budget they would run for minutes, not fail fast.

mod common;

use common::{Repo, code, json, rules_of, stderr, stdout};

/// What every config problem report ends with.
const ONE_PROBLEM: &str = "1 problem in the configuration; fix it and run again (`whylint rules` shows the rules in effect)\n";

/// A `rules:` entry whose check is `check`, with the fields every rule needs.
fn rule(id: &str, check: &str) -> String {
    format!("  - id: {id}\n    summary: s\n    question: q\n    help: h\n    check: {check}\n")
}

/// A repository with `.whylint.yml` holding `config`, and a commit message to check.
fn repo_with_config(config: &str) -> Repo {
    let repo = Repo::new();
    repo.write(".whylint.yml", config);
    repo.write("msg.txt", "Add CSV export\n\nRefs: #42\n");
    repo
}

#[test]
fn two_thousand_huge_regexes_are_refused_at_the_first_past_the_total_budget() {
    // Each `\w{20}…` is near the 1 MiB a single regex may compile to (a third of it); together
    // they took 25–47 s and 2–4.5 GB per commit before the budget.
    let mut config = String::from("rules:\n");
    for i in 0..2000 {
        config += &rule(
            &format!("big-{i}"),
            &format!("{{ pattern: {{ field: subject, not-matches: '\\w{{20}}x{i}' }} }}"),
        );
    }
    let repo = repo_with_config(&config);
    let output = repo.whylint(&["msg", "msg.txt"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        format!(
            "whylint: error: .whylint.yml:61:54: regex `\\w{{20}}x11` brings the config's compiled regexes to 4125 KiB, over the 4096 KiB they may have together (every run compiles them all, the commit-msg hook on every commit); simplify the largest (a Unicode class such as `\\w` or `\\S` repeated with `{{n}}` costs most; `[A-Za-z0-9_]` is far smaller), or remove some\n{ONE_PROBLEM}"
        )
    );
}

#[test]
fn a_config_may_hold_200_regexes_and_no_more() {
    let mut config = String::from("placeholders:\n");
    for i in 0..2000 {
        config += &format!("  - '^prompt {i}$'\n");
    }
    let repo = repo_with_config(&config);
    let output = repo.whylint(&["msg", "msg.txt"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        format!(
            "whylint: error: .whylint.yml:202:5: regex `^prompt 200$` is one more than the 200 a config may have (every run compiles them all, the commit-msg hook on every commit); merge some with `|`, or remove the ones you can do without\n{ONE_PROBLEM}"
        )
    );
}

#[test]
fn a_config_may_hold_200_globs_and_no_more() {
    let mut config = String::from("exempt:\n  paths:\n");
    for i in 0..5000 {
        config += &format!("    - 'generated/{i}/**'\n");
    }
    let repo = repo_with_config(&config);
    let output = repo.whylint(&["msg", "msg.txt"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        format!(
            "whylint: error: .whylint.yml:203:7: glob `generated/200/**` is one more than the 200 a config may have (every run compiles them all, the commit-msg hook on every commit); merge some with `{{a,b}}` or `**`, or remove the ones you can do without\n{ONE_PROBLEM}"
        )
    );
}

#[test]
fn fifty_ordinary_regexes_still_work() {
    let mut config = String::from("rules:\n");
    for i in 0..49 {
        config += &rule(
            &format!("no-word-{i}"),
            &format!(
                "{{ pattern: {{ field: text, not-matches: '(?i)\\bforbidden{i}\\w*\\b|^\\S+ {i}$' }} }}"
            ),
        );
    }
    config += &rule(
        "no-csv",
        "{ pattern: { field: subject, not-matches: '(?i)\\bcsv\\b' } }",
    );
    let repo = repo_with_config(&config);
    let output = repo.whylint(&["msg", "msg.txt", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(rules_of(&json(&output)).contains(&"no-csv".to_owned()));
    assert!(!rules_of(&json(&output)).contains(&"no-word-7".to_owned()));
}

#[test]
fn error_messages_quote_a_short_inert_snippet_of_the_config() {
    // `\e` in a double-quoted YAML string is ESC: the start of a terminal clipboard write.
    let name = format!("\"\\e]52;c;{}\"", "k".repeat(5000));
    let repo = repo_with_config(&format!("extends: [{name}]\n"));
    let output = repo.whylint(&["rules"]);
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        format!(
            "whylint: error: .whylint.yml:1:11: unknown pack `\\u{{1b}}]52;c;{}…`; built-in packs: default, jira, conventional, strict\n{ONE_PROBLEM}",
            "k".repeat(72)
        )
    );
}

