//! The checks that read what people wrote, wherever they wrote it: `statement` (a problem
//! stated in a sentence of the body), `measured` (a success metric in a sentence, a table or
//! benchmark output) and `scaffolding` (template text left anywhere in a description).
//!
//! This module owns turning what the prose readers found (asked of the `evidence`, so each
//! text is read once and a pass names its fact) into verdicts, quoting the author's own words
//! when a failure came close. `check` dispatches these three checks here.

use super::check::{Verdict, quoted};
use super::evidence::{Evaluation, Origin, Stated};
use super::placeholder::scaffold::{self, Kinds};
use crate::subject::{Subject, SubjectKind};

/// The parts of the change a check reads, in order: the subject's own text, then (unless
/// `own_text_only`) the other parts, each with how to name it.
fn parts(subject: &Subject, own_text_only: bool) -> Vec<(&Subject, Origin, Option<&str>)> {
    let mut parts = vec![(subject, Origin::Own, None)];
    if !own_text_only {
        for (index, related) in subject.related.iter().enumerate() {
            parts.push((
                &related.subject,
                Origin::Related(index),
                Some(related.label.as_str()),
            ));
        }
    }
    parts
}

/// The verdict of a pass on fact `fact`, found in part `from` (`None`: the subject's own).
fn passed(evaluation: &Evaluation, fact: usize, what: &str, from: Option<&str>) -> Verdict {
    let (text, line) = evaluation
        .fact(fact)
        .map(|fact| (fact.text.clone(), fact.line))
        .unwrap_or_default();
    let place = from.map(|from| format!(" in {from}")).unwrap_or_default();
    let verdict = Verdict::pass(format!("{what}{place}: {}", quoted(&text))).using([fact]);
    match (from, line) {
        (None, Some(line)) => verdict.at(line),
        _ => verdict,
    }
}

/// `statement:` — a sentence of at least `min_words` words says what is wrong.
pub fn check_statement(
    subject: &Subject,
    evaluation: &Evaluation,
    min_words: usize,
    own_text_only: bool,
) -> Verdict {
    let mut close = None;
    for (part, origin, from) in parts(subject, own_text_only) {
        match evaluation.statement(part, origin, min_words) {
            Stated::Stated(fact) => {
                return passed(evaluation, fact, "the problem is stated", from);
            }
            Stated::Close(quote) if from.is_none() => close = Some(quote),
            Stated::Close(_) | Stated::Nothing => {}
        }
    }
    match close {
        Some(quote) => Verdict::fail(format!(
            "{} says what the change does, not what was wrong: say what fails, is slow or is missing, and for whom",
            quoted(&quote.text)
        ))
        .at(quote.line),
        None => Verdict::fail("found no sentence that says what is wrong".into()),
    }
}

/// `measured:` — a sentence, table row or benchmark block reports a measured outcome.
pub fn check_measured(subject: &Subject, evaluation: &Evaluation, own_text_only: bool) -> Verdict {
    for (part, origin, from) in parts(subject, own_text_only) {
        if let Some(fact) = evaluation.outcome(part, origin) {
            return passed(evaluation, fact, "a measured outcome", from);
        }
    }
    Verdict::fail("found no measured outcome in the text".into())
}

/// `scaffolding:` — no template text of `kinds` is left in a description.
pub fn check_scaffolding(subject: &Subject, evaluation: &Evaluation, kinds: Kinds) -> Verdict {
    if subject.kind != SubjectKind::Pr {
        return Verdict::pass("no template to read".into());
    }
    let prose = &evaluation.vocabulary.words.prose();
    let left = scaffold::scaffolding_left(subject.written(), kinds, prose, |text| {
        evaluation.placeholder_reason(text)
    });
    match left {
        Some(left) => Verdict::fail(format!("{}: {}", left.what, quoted(&left.text)))
            .at(subject.written_line(left.line).unwrap_or(0)),
        None => Verdict::pass("no template text is left".into()),
    }
}

/// A `scaffolding:` check in words, for `whylint explain`.
pub fn describe_scaffolding(kinds: Kinds) -> String {
    let parts: Vec<&str> = [
        (kinds.instructions, "instruction comments"),
        (kinds.placeholders, "placeholder prompts"),
        (kinds.empty_sections, "empty sections"),
    ]
    .into_iter()
    .filter_map(|(asked, what)| asked.then_some(what))
    .collect();
    format!("no template {} left", parts.join(", "))
}
