//! The word lists are data: a project's `vocabulary:` adds and removes words with no rebuild,
//! its own tracker keys win over the decoy list, and mistakes are reported with line:column.

mod common;

use common::{Repo, code, stderr};

const GERMAN_METRIC: &str =
    "feat: add export\n\nRefs: #42\nMetric: Die Fehlerquote sinkt auf 5 Anfragen pro Stunde\n";

#[test]
fn added_units_and_verbs_make_a_metric_measurable() {
    let repo = Repo::new();
    let (before, out) = repo.lint_message(GERMAN_METRIC);
    assert_eq!(
        before, 1,
        "without the words the metric is not measurable: {out}"
    );
    assert!(out.contains("success-metric"), "{out}");

    repo.write(
        ".whylint.yml",
        "vocabulary:\n  units: {add: [Anfragen]}\n  verbs: {add: [sinkt]}\n",
    );
    let (after, out) = repo.lint_message(GERMAN_METRIC);
    assert_eq!(after, 0, "{out}");
}

#[test]
fn removed_verbs_no_longer_give_a_direction() {
    let repo = Repo::new();
    let (status, out) = repo
        .lint_message("feat: add export\n\nRefs: #42\nMetric: 40 tickets a week, and it drops\n");
    assert_eq!(status, 0, "{out}");
    repo.write(".whylint.yml", "vocabulary:\n  verbs: {remove: [drops]}\n");
    let (status, out) = repo
        .lint_message("feat: add export\n\nRefs: #42\nMetric: 40 tickets a week, and it drops\n");
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("success-metric"), "{out}");
}

#[test]
fn a_projects_own_keys_win_over_the_decoy_list() {
    let repo = Repo::new();
    let message =
        "Add export\n\nRefs: TEAM-12\nMetric: export time drops from 2 h to under 5 min\n";
    let (status, out) = repo.lint_message(message);
    assert_eq!(status, 1, "TEAM is a template stand-in by default: {out}");
    assert!(out.contains("problem-link"), "{out}");

    repo.write(
        ".whylint.yml",
        "trackers:\n  jira: {projects: [TEAM, ADR]}\n",
    );
    let (status, out) = repo.lint_message(message);
    assert_eq!(status, 0, "{out}");
    let (status, out) = repo.lint_message(&message.replace("TEAM-12", "ADR-7"));
    assert_eq!(status, 0, "{out}");
}

#[test]
fn a_pasted_back_rule_question_is_no_answer_even_for_a_project_rule() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "rules:\n  - id: rollback-plan\n    summary: Say how to roll back\n    question: How do we roll this back safely?\n    help: Add a Rollback section.\n    check:\n      section: {name: rollback}\nsections:\n  rollback: [rollback]\n",
    );
    let message = "Add export\n\nRefs: #42\nMetric: export time drops from 2 h to under 5 min\n\n## Rollback\nHow do we roll this back safely?\n";
    let (status, out) = repo.lint_message(message);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("rollback-plan"), "{out}");
}

#[test]
fn vocabulary_mistakes_are_located_and_say_what_to_do() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "vocabulary:\n  unitz: {add: [x]}\n  verbs: {add: [[nested]], drop: [x]}\n  units: [Anfragen]\n",
    );
    let output = repo.whylint(&["rules"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.contains(".whylint.yml:2:3: unknown word list `unitz`; the lists are `units`"),
        "{err}"
    );
    assert!(
        err.contains(".whylint.yml:3:17: in `verbs.add`: expected a word or phrase (a string)"),
        "{err}"
    );
    assert!(
        err.contains(
            ".whylint.yml:3:28: unknown key `drop` under `verbs`; expected `add` or `remove`"
        ),
        "{err}"
    );
    assert!(
        err.contains(".whylint.yml:4:10: `units:` takes `add:` and/or `remove:`"),
        "{err}"
    );
}

#[test]
fn the_prose_lists_are_data_a_project_edits() {
    let repo = Repo::new();
    // A problem said in prose, in words the built-in list does not hold.
    let stated =
        "Skip rows without a date\n\nDer Import stürzt ab, wenn eine Zeile kein Datum hat.\n";
    let (status, out) = repo.lint_message(stated);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("problem-link"), "{out}");
    // An outcome said in prose with a word of change the built-in list does not hold.
    let measured = "perf: cache totals\n\nRefs: #9\n\nDie Seite lädt 40% schneller.\n";
    let (status, out) = repo.lint_message(measured);
    assert_eq!(status, 1, "{out}");
    assert!(out.contains("success-metric"), "{out}");

    repo.write(
        ".whylint.yml",
        "vocabulary:\n  problem-words: {add: [stürzt ab]}\n  outcome-words: {add: [schneller]}\n",
    );
    let (status, out) = repo.lint_message(stated);
    assert_eq!(status, 0, "{out}");
    let (status, out) = repo.lint_message(measured);
    assert_eq!(status, 0, "{out}");

    // Taking a word out takes its reading away.
    let english =
        "Skip rows without a date\n\nThe importer crashes when a row has no date column.\n";
    let (status, out) = repo.lint_message(english);
    assert_eq!(status, 0, "{out}");
    repo.write(
        ".whylint.yml",
        "vocabulary:\n  problem-words: {remove: [crash*]}\n",
    );
    let (status, out) = repo.lint_message(english);
    assert_eq!(status, 1, "{out}");
}

#[test]
fn a_comparison_pair_must_be_two_words() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "vocabulary:\n  comparison-pairs: {add: [vorher nachher, vorher]}\n",
    );
    let output = repo.whylint(&["rules"]);
    assert_eq!(code(&output), 2);
    let err = stderr(&output);
    assert!(
        err.contains(
            ".whylint.yml:2:44: in `comparison-pairs.add`: the pair `vorher` is not two words"
        ),
        "{err}"
    );
}
