//! `whylint rules`, `whylint rules test`, `whylint explain ID`: the rules themselves.

use super::{Session, document_stdout, stdout_color};
use crate::Outcome;
use crate::cli::{ExplainArgs, Global};
use crate::error::{Error, Result};
use crate::finding::{Level, Target, TargetKind};
use crate::report::Format;
use crate::report::rules as render;
use crate::report::rules::Judgement;
use crate::rules::{Example, Rule};
use crate::source::file::TextSource;

/// Lists the rules in effect.
pub fn list(global: &Global) -> Result<Outcome> {
    let session = Session::open_with_examples(global)?;
    render::list(
        document_stdout(global.format == Format::Json),
        global.format,
        &session.rules,
        stdout_color(global),
    )
    .map_err(Error::Output)?;
    Ok(Outcome::Clean)
}

/// Prints one rule's documentation; with `--message`, how the rule judges that message.
pub fn explain(global: &Global, args: &ExplainArgs) -> Result<Outcome> {
    let id = args.rule.as_str();
    let session = Session::open_with_examples(global)?;
    let Some(rule) = session.rules.rule(id) else {
        let known: Vec<&str> = session.rules.rules.iter().map(|r| r.id.as_str()).collect();
        return Err(Error::Usage(format!(
            "no rule `{id}`; rules in effect: {} (see `whylint rules`)",
            known.join(", ")
        )));
    };
    let judgement = match &args.message {
        Some(file) => Some(judge(&session, rule, file)?),
        None => None,
    };
    render::explain(
        document_stdout(global.format == Format::Json),
        global.format,
        rule,
        judgement.as_ref(),
        stdout_color(global),
    )
    .map_err(Error::Output)?;
    let failed = judgement
        .and_then(|judgement| judgement.result)
        .is_some_and(|result| !result.pass && result.level == Level::Error);
    Ok(if failed {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// How `rule` judges the commit message in `file`, read as `whylint msg` reads it.
fn judge(session: &Session, rule: &Rule, file: &std::path::Path) -> Result<Judgement> {
    let source = TextSource::from_arg(file);
    let subject = super::msg::message_subject(session, &source.read()?, None);
    let name = source.display();
    let target = Target {
        kind: TargetKind::Message,
        id: name.clone(),
        title: None,
    };
    let checked = session.rules.check(&subject, &target, Some(&name));
    Ok(Judgement {
        name,
        result: checked.results.into_iter().find(|r| r.rule == rule.id),
        evidence: checked.evidence,
        exempt: checked.exemption.map(|exemption| exemption.reason),
    })
}

/// One example that did not behave as its rule says.
#[derive(Debug, Clone)]
pub struct ExampleFailure {
    /// The rule.
    pub rule: String,
    /// `pass` or `fail`: what the example should have done.
    pub expected: &'static str,
    /// 1-based index among the rule's examples of that kind.
    pub index: usize,
    /// The example text.
    pub text: String,
    /// What the check said.
    pub detail: String,
}

/// Runs every rule's examples and reports the ones that misbehave.
pub fn test(global: &Global) -> Result<Outcome> {
    let session = Session::open_with_examples(global)?;
    let mut failures = Vec::new();
    let mut count = 0;
    for rule in &session.rules.rules {
        count += rule.examples.pass.len() + rule.examples.fail.len();
        failures.extend(test_rule(rule, &session.rules.vocabulary));
    }
    render::test_results(
        document_stdout(global.format == Format::Json),
        global.format,
        session.rules.rules.len(),
        count,
        &failures,
        stdout_color(global),
    )
    .map_err(Error::Output)?;
    Ok(if failures.is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

/// The examples of `rule` that do not behave as declared.
pub fn test_rule(rule: &Rule, vocabulary: &crate::rules::Vocabulary) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    let cases = [("pass", &rule.examples.pass), ("fail", &rule.examples.fail)];
    for (expected, examples) in cases {
        for (index, example) in examples.iter().enumerate() {
            let (flagged, detail) = flags(rule, example, vocabulary);
            if flagged != (expected == "fail") {
                failures.push(ExampleFailure {
                    rule: rule.id.clone(),
                    expected,
                    index: index + 1,
                    text: example.text.clone(),
                    detail,
                });
            }
        }
    }
    failures
}

/// Whether `rule` reports `example`, and the check's sentence.
fn flags(rule: &Rule, example: &Example, vocabulary: &crate::rules::Vocabulary) -> (bool, String) {
    let subject = example.subject();
    let kind = vocabulary.kinds.of(&subject);
    if !rule.on.contains(&subject.kind)
        || !rule.when.as_ref().is_none_or(|w| w.holds(&subject, kind))
    {
        return (false, "the rule does not apply to this example".into());
    }
    let verdict = rule
        .check
        .evaluate(&subject, &crate::rules::check::Evaluation::new(vocabulary));
    (!verdict.pass, verdict.detail)
}
