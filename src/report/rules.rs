//! Printing the rules themselves: `whylint rules`, `whylint explain`, `whylint rules test`.

use super::Format;
use super::human::safe;
use crate::commands::rules::ExampleFailure;
use crate::finding::{Evidence, RuleResult};
use crate::rules::{Example, Rule, RuleSet};
use crate::subject::SubjectKind;
use colored::Colorize;
use serde_json::json;
use std::io::{self, Write};

fn rule_json(rule: &Rule) -> serde_json::Value {
    json!({
        "id": rule.id,
        "level": rule.level,
        "on": rule.on.iter().map(|k| k.name()).collect::<Vec<_>>(),
        "summary": rule.summary,
        "question": rule.question,
        "help": rule.help,
        "example": rule.example,
        "when": rule.when.as_ref().map(|w| w.describe()),
        "check": rule.check.describe(),
        "origin": rule.origin,
        "overrides": rule.overrides,
        "examples": {
            "pass": rule.examples.pass.iter().map(|e| &e.text).collect::<Vec<_>>(),
            "fail": rule.examples.fail.iter().map(|e| &e.text).collect::<Vec<_>>(),
        },
        "example_contexts": {
            "pass": rule.examples.pass.iter().map(context_json).collect::<Vec<_>>(),
            "fail": rule.examples.fail.iter().map(context_json).collect::<Vec<_>>(),
        },
    })
}

/// What an example stands for besides its text: its kind, and the branch, title and labels
/// that can make it pass or fail.
fn context_json(example: &Example) -> serde_json::Value {
    json!({
        "kind": example.kind.name(),
        "branch": example.branch,
        "title": Some(&example.title).filter(|t| !t.is_empty()),
        "labels": example.labels,
    })
}

/// An example's context in words: `commit on branch \`feat/PAY-12-export\``, `pull request
/// "Bump serde" labelled \`dependencies\``, `branch \`main\``.
pub fn example_context(example: &Example) -> String {
    let branch = example.branch.as_deref().map(safe);
    let mut words = match (example.kind, &branch) {
        (SubjectKind::Branch, Some(name)) => format!("branch `{name}`"),
        (SubjectKind::Branch, None) => "branch".to_owned(),
        (SubjectKind::Commit, _) => "commit".to_owned(),
        (SubjectKind::Pr, _) if example.title.is_empty() => "pull request".to_owned(),
        (SubjectKind::Pr, _) => format!("pull request \"{}\"", safe(&example.title)),
    };
    if let (SubjectKind::Commit | SubjectKind::Pr, Some(name)) = (example.kind, &branch) {
        words.push_str(&format!(" on branch `{name}`"));
    }
    if !example.labels.is_empty() {
        let labels: Vec<String> = example
            .labels
            .iter()
            .map(|label| format!("`{}`", safe(label)))
            .collect();
        words.push_str(&format!(" labelled {}", labels.join(", ")));
    }
    words
}

/// Writes one pretty-printed JSON document.
fn write_json(out: &mut dyn Write, document: &serde_json::Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, document)?;
    writeln!(out)?;
    out.flush()
}

/// The effective rules, one per line, with where each came from.
pub fn list(
    mut out: Box<dyn Write>,
    format: Format,
    rules: &RuleSet,
    color: bool,
) -> io::Result<()> {
    colored::control::set_override(color);
    if format == Format::Json {
        let document = json!({
            "version": 1,
            "sources": rules.sources,
            "rules": rules.rules.iter().map(rule_json).collect::<Vec<_>>(),
        });
        return write_json(&mut out, &document);
    }
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in &rules.rules {
        let id = format!("{:width$}", rule.id);
        let id = if color { id.bold().to_string() } else { id };
        let on: Vec<&str> = rule.on.iter().map(|k| k.name()).collect();
        writeln!(
            out,
            "{id}  {:7}  {:18}  {}",
            rule.level.name(),
            on.join(","),
            safe(&rule.summary)
        )?;
        let mut from = format!("{:width$}  from {}", "", rule.origin);
        for place in &rule.overrides {
            from.push_str(&format!(", overridden at {place}"));
        }
        writeln!(
            out,
            "{}",
            if color {
                from.dimmed().to_string()
            } else {
                from
            }
        )?;
    }
    writeln!(
        out,
        "\nRule files, in the order applied: {}",
        rules.sources.join(", ")
    )?;
    writeln!(out, "`whylint explain RULE` shows one rule in full.")?;
    out.flush()
}

/// How the rule judged a given message (`whylint explain RULE --message FILE`).
#[derive(Debug, Clone)]
pub struct Judgement {
    /// What the message is called (`-` for standard input, else the path).
    pub name: String,
    /// The rule's result; `None` when it does not apply to the message.
    pub result: Option<RuleResult>,
    /// Every fact the message carries; `result.evidence` numbers them.
    pub evidence: Vec<Evidence>,
    /// Why the message was not judged at all (an exemption), when it was not.
    pub exempt: Option<String>,
}

fn judgement_json(judgement: &Judgement) -> serde_json::Value {
    json!({
        "message": judgement.name,
        "applies": judgement.result.is_some(),
        "pass": judgement.result.as_ref().map(|r| r.pass),
        "level": judgement.result.as_ref().map(|r| r.level),
        "detail": judgement.result.as_ref().map(|r| &r.detail),
        "used": judgement.result.as_ref().map(|r| &r.evidence),
        "evidence": judgement.evidence,
        "exempt": judgement.exempt,
    })
}

/// The judgement in words: the rule's result and the evidence the message has.
fn write_judgement(
    out: &mut dyn Write,
    judgement: &Judgement,
    head: &dyn Fn(&str) -> String,
) -> io::Result<()> {
    use super::human::{evidence_list, result_line};
    writeln!(
        out,
        "{}",
        head(&format!("This message ({})", safe(&judgement.name)))
    )?;
    match (&judgement.exempt, &judgement.result) {
        (Some(reason), _) => writeln!(out, "  exempt: {}", safe(reason))?,
        (None, None) => writeln!(out, "  the rule does not apply to it")?,
        (None, Some(result)) if result.pass => {
            writeln!(out, "  ✓ {}", result_line(result, &judgement.evidence))?
        }
        (None, Some(result)) => {
            writeln!(out, "  ✗ {}", result_line(result, &judgement.evidence))?;
            writeln!(out, "    {}", safe(&result.detail))?;
        }
    }
    if judgement.exempt.is_none() {
        writeln!(
            out,
            "  evidence: {}",
            evidence_list(judgement.evidence.iter())
        )?;
    }
    writeln!(out)
}

/// One rule in full.
pub fn explain(
    mut out: Box<dyn Write>,
    format: Format,
    rule: &Rule,
    judgement: Option<&Judgement>,
    color: bool,
) -> io::Result<()> {
    colored::control::set_override(color);
    if format == Format::Json {
        let mut document = rule_json(rule);
        if let (Some(judgement), Some(fields)) = (judgement, document.as_object_mut()) {
            fields.insert("judged".into(), judgement_json(judgement));
        }
        return write_json(&mut out, &document);
    }
    let head = |text: &str| {
        if color {
            text.bold().to_string()
        } else {
            text.to_owned()
        }
    };
    writeln!(out, "{} — {}", head(&rule.id), safe(&rule.summary))?;
    writeln!(out)?;
    if let Some(judgement) = judgement {
        write_judgement(&mut out, judgement, &head)?;
    }
    writeln!(out, "{}\n  {}\n", head("Question"), safe(&rule.question))?;
    let on: Vec<&str> = rule.on.iter().map(|k| k.name()).collect();
    writeln!(
        out,
        "{}\n  level {} on {}",
        head("Applies"),
        rule.level,
        on.join(", ")
    )?;
    if let Some(when) = &rule.when {
        writeln!(out, "  when {}", safe(&when.describe()))?;
    }
    for (kind, level) in &rule.levels {
        writeln!(out, "  level {level} for a change of kind {kind}")?;
    }
    writeln!(
        out,
        "\n{}\n  {}\n",
        head("Passes when"),
        safe(&rule.check.describe())
    )?;
    writeln!(out, "{}\n  {}\n", head("How to fix"), safe(&rule.help))?;
    if !rule.example.is_empty() {
        writeln!(out, "{}", head("Example to paste"))?;
        for line in rule.example.lines() {
            writeln!(out, "  {}", safe(line))?;
        }
        writeln!(out)?;
    }
    for (title, examples) in [
        ("Passes", &rule.examples.pass),
        ("Fails", &rule.examples.fail),
    ] {
        if examples.is_empty() {
            continue;
        }
        writeln!(out, "{}", head(title))?;
        for example in examples.iter() {
            let mut lines = example.text.lines();
            let first = match lines.next() {
                Some(line) => safe(line),
                None => "(empty)".to_owned(),
            };
            writeln!(out, "  - ({}) {first}", example_context(example))?;
            for line in lines {
                writeln!(out, "    {}", safe(line))?;
            }
        }
        writeln!(out)?;
    }
    let mut from = format!("Defined at {}", rule.origin);
    for place in &rule.overrides {
        from.push_str(&format!("; overridden at {place}"));
    }
    writeln!(out, "{from}")?;
    out.flush()
}

/// The outcome of `whylint rules test`.
pub fn test_results(
    mut out: Box<dyn Write>,
    format: Format,
    rules: usize,
    examples: usize,
    failures: &[ExampleFailure],
    color: bool,
) -> io::Result<()> {
    colored::control::set_override(color);
    if format == Format::Json {
        let document = json!({
            "version": 1,
            "rules": rules,
            "examples": examples,
            "failures": failures.iter().map(|f| json!({
                "rule": f.rule, "expected": f.expected, "index": f.index, "text": f.text, "detail": f.detail,
            })).collect::<Vec<_>>(),
        });
        return write_json(&mut out, &document);
    }
    for failure in failures {
        let label = if color {
            "FAILED".red().bold().to_string()
        } else {
            "FAILED".to_owned()
        };
        writeln!(
            out,
            "{label} {} example {} #{}: expected the rule to {} but it did not",
            failure.rule,
            failure.expected,
            failure.index,
            if failure.expected == "pass" {
                "pass"
            } else {
                "report it"
            }
        )?;
        for line in failure.text.lines() {
            writeln!(out, "    | {}", safe(line))?;
        }
        writeln!(out, "    check said: {}", safe(&failure.detail))?;
    }
    let passed = examples - failures.len();
    writeln!(
        out,
        "{passed} passed, {} failed ({examples} examples in {rules} rules)",
        failures.len()
    )?;
    out.flush()
}
