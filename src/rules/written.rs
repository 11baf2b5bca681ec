//! The checks that read what people wrote, wherever they wrote it (issue #16): `statement`
//! (a problem stated in prose), `measured` (a success metric in a sentence, table or benchmark
//! output anywhere) and `scaffolding` (template text left anywhere in a description).
//!
//! This module owns turning the readers (`statement`, `measured`, `scaffold`) into pass/fail
//! answers with the sentence that decided them, quoting the author's own words when a failure
//! came close. `check` calls [`WrittenCheck::evaluate`] for these checks and nothing else.

use super::check::{Evaluation, quoted};
use super::measured;
use super::scaffold::{self, Kinds};
use super::statement::{self, Stated};
use crate::subject::{Subject, SubjectKind};

/// A check that reads prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WrittenCheck {
    /// A sentence in the body states a problem.
    Statement {
        /// Fewest words a statement has.
        min_words: usize,
    },
    /// A sentence, table row or benchmark block reports a measured or targeted outcome.
    Measured,
    /// No template scaffolding of these kinds is left.
    Scaffolding(Kinds),
}

/// What a written check found: pass or fail, the sentence that says why, the line it is on,
/// and the evidence (the author's words) when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    /// Whether the check passed.
    pub pass: bool,
    /// What was found or what is missing.
    pub detail: String,
    /// 1-based line of the evidence, when known.
    pub line: Option<usize>,
    /// The author's words that decided it (`problem`, `metric` or `template` evidence).
    pub evidence: Option<(&'static str, String)>,
}

impl WrittenCheck {
    /// Evaluates the check for `subject`.
    pub fn evaluate(&self, subject: &Subject, evaluation: &Evaluation) -> Said {
        let prose = &evaluation.vocabulary.prose;
        match self {
            WrittenCheck::Statement { min_words } => {
                // The body only: a subject line names the change, not who hit what. A commit's
                // text after its first line is read, so a body written without the blank line
                // after the subject (`Problem:` right below it) still counts.
                let (body, skipped) = if subject.markdown.is_empty() {
                    let rest = subject.text.split_once('\n').map_or("", |(_, rest)| rest);
                    (rest, 1)
                } else {
                    (subject.markdown.as_str(), 0)
                };
                let stated = statement::stated_problem(body, prose, *min_words, |sentence| {
                    evaluation.placeholder_reason(sentence).is_some()
                });
                match stated {
                    Stated::Problem(quote) => Said {
                        pass: true,
                        detail: format!("the problem is stated: {}", quoted(&quote.text)),
                        line: Some(quote.line + skipped),
                        evidence: Some(("problem", quote.text)),
                    },
                    Stated::Close(quote) => Said {
                        pass: false,
                        detail: format!(
                            "{} names a fix but not what was wrong: say what fails, is slow or is missing, and for whom",
                            quoted(&quote.text)
                        ),
                        line: Some(quote.line + skipped),
                        evidence: None,
                    },
                    Stated::Nothing => Said {
                        pass: false,
                        detail: "found no sentence that says what is wrong (a symptom, an error, a slowness or a limitation someone hit)".into(),
                        line: None,
                        evidence: None,
                    },
                }
            }
            WrittenCheck::Measured => {
                let text = if subject.kind == SubjectKind::Pr {
                    format!("{}\n\n{}", subject.title, subject.markdown)
                } else {
                    subject.text.clone()
                };
                match measured::measured_outcome(&text, prose) {
                    Some(found) => Said {
                        pass: true,
                        detail: format!("{} is a measured outcome", quoted(&found.text)),
                        line: Some(found.line),
                        evidence: Some(("metric", found.text)),
                    },
                    None => Said {
                        pass: false,
                        detail: "found no measured outcome (a before → after number, a % or × change, a target with a direction)".into(),
                        line: None,
                        evidence: None,
                    },
                }
            }
            WrittenCheck::Scaffolding(kinds) => {
                if subject.markdown.is_empty() {
                    return Said {
                        pass: true,
                        detail: "no template to read".into(),
                        line: None,
                        evidence: None,
                    };
                }
                let left = scaffold::scaffolding_left(&subject.markdown, *kinds, prose, |text| {
                    evaluation.placeholder_reason(text)
                });
                match left {
                    Some(left) => Said {
                        pass: false,
                        detail: format!("{}: {}", left.what, quoted(&left.text)),
                        line: Some(left.line),
                        evidence: Some(("template", left.text)),
                    },
                    None => Said {
                        pass: true,
                        detail: "no template text is left".into(),
                        line: None,
                        evidence: None,
                    },
                }
            }
        }
    }

    /// The check in words, for `whylint explain`.
    pub fn describe(&self) -> String {
        match self {
            WrittenCheck::Statement { min_words } => format!(
                "a sentence of at least {min_words} words that says what is wrong (a symptom, an error, a slowness, a limitation)"
            ),
            WrittenCheck::Measured => {
                "a measured outcome anywhere in the text (before → after, a % or × change, a target)".into()
            }
            WrittenCheck::Scaffolding(kinds) => {
                let mut parts = Vec::new();
                if kinds.instructions {
                    parts.push("instruction comments");
                }
                if kinds.placeholders {
                    parts.push("placeholder prompts");
                }
                if kinds.empty_sections {
                    parts.push("empty sections");
                }
                format!("no template {} left", parts.join(", "))
            }
        }
    }
}
