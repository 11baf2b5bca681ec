//! The built-in rules: ids unique and stable, every example behaves, docs are complete.

mod common;

use common::{Repo, code, stdout};
use std::collections::BTreeSet;
use whylint::rules::compile::{build_pack, is_kebab_case};
use whylint::rules::packs::PACKS;

#[test]
fn every_pack_compiles_and_its_examples_behave() {
    for (name, _) in PACKS {
        let rules = build_pack(name).unwrap_or_else(|error| panic!("pack {name}: {error}"));
        for rule in &rules.rules {
            assert!(
                !rule.examples.pass.is_empty(),
                "{name}/{}: no pass example",
                rule.id
            );
            assert!(
                !rule.examples.fail.is_empty(),
                "{name}/{}: no fail example",
                rule.id
            );
            let failures = whylint::commands::rules::test_rule(rule, &rules.vocabulary);
            assert!(failures.is_empty(), "{name}/{}: {failures:#?}", rule.id);
        }
    }
}

#[test]
fn rule_ids_are_unique_kebab_case_and_stable() {
    let mut seen = BTreeSet::new();
    for (name, _) in PACKS {
        let rules = build_pack(name).expect("pack compiles");
        for rule in &rules.rules {
            assert!(is_kebab_case(&rule.id), "{}", rule.id);
            assert!(!rule.summary.is_empty() && !rule.question.is_empty() && !rule.help.is_empty());
            // A pack sees the rules of the packs it extends; record where each id is defined.
            seen.insert((
                rule.id.clone(),
                rule.origin.split(':').next().unwrap_or("").to_owned(),
            ));
        }
    }
    let ids: Vec<&str> = seen.iter().map(|(id, _)| id.as_str()).collect();
    let unique: BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(
        ids.len(),
        unique.len(),
        "an id is defined in two packs: {seen:?}"
    );
    // Scripts and configs name these ids: changing one is a breaking change.
    assert_eq!(
        ids,
        [
            "conventional-subject",
            "jira-key",
            "metric-review-date",
            "problem-link",
            "subject-line",
            "success-metric",
            "template-instructions",
            "unfilled-template",
            "why-skip-reason",
        ]
    );
}

#[test]
fn rules_test_command_passes_for_every_pack() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "extends: [default, jira, conventional, strict]\n",
    );
    let output = repo.whylint(&["rules", "test"]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    assert!(
        stdout(&output).contains(" passed, 0 failed"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn rules_test_names_the_example_that_misbehaves() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "rules:\n  problem-link:\n    examples:\n      pass: [\"Add export\"]\n      fail: [\"Add export\\n\\nRefs: #1\"]\n",
    );
    let output = repo.whylint(&["rules", "test"]);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    assert!(
        text.contains("FAILED problem-link example pass #1"),
        "{text}"
    );
    assert!(
        text.contains("FAILED problem-link example fail #1"),
        "{text}"
    );
}

#[test]
fn explain_prints_the_rule_docs() {
    let repo = Repo::new();
    let output = repo.whylint(&["explain", "success-metric"]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    for part in [
        "How will we know this actually worked?",
        "How to fix",
        "Example to paste",
        "Fails",
        "rules/default.yml:",
    ] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }
    let unknown = repo.whylint(&["explain", "nope"]);
    assert_eq!(code(&unknown), 2);
    assert!(common::stderr(&unknown).contains("no rule `nope`"));
}

/// The same text can pass on one branch and fail on another: `explain` says which.
#[test]
fn explain_shows_each_example_with_its_context() {
    let repo = Repo::new();
    repo.write(
        ".whylint.yml",
        "rules:\n  - id: ticket\n    summary: Link a ticket\n    question: Which ticket?\n    help: 'Add `Refs: PAY-1`.'\n    check:\n      reference: { trackers: [jira] }\n    examples:\n      pass:\n        - { text: Add CSV export, branch: feat/PAY-12-export }\n        - { on: pr, title: Bump serde, text: 'Refs: PAY-3', labels: [dependencies] }\n      fail:\n        - { text: Add CSV export, branch: main }\n        - ''\n",
    );
    let output = repo.whylint(&["explain", "ticket"]);
    assert_eq!(code(&output), 0, "{}", common::stderr(&output));
    let text = stdout(&output);
    let passes = text.split("\nFails\n").next().unwrap_or_default();
    let fails = text.split("\nFails\n").nth(1).unwrap_or_default();
    assert!(
        passes.contains("  - (commit on branch `feat/PAY-12-export`) Add CSV export\n"),
        "{text}"
    );
    assert!(
        passes.contains("  - (pull request \"Bump serde\" labelled `dependencies`) Refs: PAY-3\n"),
        "{text}"
    );
    assert!(
        fails.contains("  - (commit on branch `main`) Add CSV export\n"),
        "{text}"
    );
    assert!(fails.contains("  - (commit) (empty)\n"), "{text}");
    let output = repo.whylint(&["explain", "ticket", "--format", "json"]);
    let document = common::json(&output);
    let contexts = &document["example_contexts"];
    assert_eq!(
        contexts["pass"][0]["branch"], "feat/PAY-12-export",
        "{document}"
    );
    assert_eq!(contexts["fail"][0]["kind"], "commit", "{document}");
}

#[test]
fn rules_list_as_json_names_sources() {
    let repo = Repo::new();
    let output = repo.whylint(&["rules", "--format", "json"]);
    assert_eq!(code(&output), 0);
    let document = common::json(&output);
    assert_eq!(document["sources"][0], "rules/default.yml");
    assert_eq!(document["rules"][0]["id"], "problem-link");
}
