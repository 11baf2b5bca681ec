//! Compiled checks and how each one decides pass or fail for a subject.
//!
//! A check returns a `Verdict` with a sentence that says what it found or what is missing, and
//! on a pass the facts that satisfied it; rules turn failed verdicts into findings. Checks
//! never parse raw text themselves: they ask the `evidence` of the `Subject`.

use super::Vocabulary;
use super::evidence::{Detail, Origin};
use super::metric::MetricAssessment;
use super::pattern::Pattern;
use super::placeholder::scaffold::Kinds as Scaffolding;
use super::reference::Tracker;
use super::written;
use crate::subject::{SectionView, Subject};

pub use super::evidence::Evaluation;

/// What a metric must contain to pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MetricNeeds {
    /// A number, percentage, duration, count or amount.
    pub quantity: bool,
    /// A direction or threshold.
    pub direction: bool,
    /// A time to look again.
    pub timeframe: bool,
}

/// A field a `pattern` check reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// Commit subject or PR title.
    Subject,
    /// Body without title and trailers.
    Body,
    /// All visible text.
    Text,
    /// Branch name.
    Branch,
    /// Author `Name <email>`.
    Author,
    /// Values of trailers with this key.
    Trailer(String),
    /// Text of sections with this name.
    Section(String),
}

impl Field {
    /// Parses `subject`, `trailer:Refs`, `section:problem`, …
    pub fn from_name(name: &str) -> Option<Field> {
        let field = match name {
            "subject" | "title" => Field::Subject,
            "body" => Field::Body,
            "text" => Field::Text,
            "branch" => Field::Branch,
            "author" => Field::Author,
            _ => match name.split_once(':') {
                Some(("trailer", key)) if !key.trim().is_empty() => {
                    Field::Trailer(key.trim().to_owned())
                }
                Some(("section", section)) if !section.trim().is_empty() => {
                    Field::Section(section.trim().to_owned())
                }
                _ => return None,
            },
        };
        Some(field)
    }

    fn name(&self) -> String {
        match self {
            Field::Subject => "subject".into(),
            Field::Body => "body".into(),
            Field::Text => "text".into(),
            Field::Branch => "branch".into(),
            Field::Author => "author".into(),
            Field::Trailer(key) => format!("trailer `{key}:`"),
            Field::Section(name) => format!("section `{name}`"),
        }
    }

    fn value(&self, subject: &Subject, vocabulary: &Vocabulary) -> String {
        match self {
            Field::Subject => subject.title.clone(),
            Field::Body => subject.body.clone(),
            Field::Text => subject.text.clone(),
            Field::Branch => subject.branch.clone().unwrap_or_default(),
            Field::Author => subject.author.clone().unwrap_or_default(),
            Field::Trailer(key) => join(subject.trailer_values(key).map(|t| t.value.as_str())),
            Field::Section(name) => join(
                vocabulary
                    .sections_named(subject, name)
                    .map(|s| s.text.as_str()),
            ),
        }
    }
}

fn join<'a>(values: impl Iterator<Item = &'a str>) -> String {
    values.collect::<Vec<_>>().join("\n")
}

/// A compiled check.
#[derive(Debug, Clone)]
pub enum Check {
    /// Any inner check passes.
    Any(Vec<Check>),
    /// Every inner check passes.
    All(Vec<Check>),
    /// The inner check fails.
    Not(Box<Check>),
    /// A reference to one of `trackers`.
    Reference {
        /// Trackers that count.
        trackers: Vec<Tracker>,
        /// Only closing references count.
        closing: bool,
        /// Ignore the rest of the change (branch name, related texts).
        own_text_only: bool,
    },
    /// A section with real content.
    Section {
        /// Section name.
        name: String,
        /// Fewest words.
        min_words: usize,
        /// Ignore the rest of the change.
        own_text_only: bool,
    },
    /// A measurable metric.
    Metric {
        /// Section holding it.
        section: String,
        /// What it needs.
        needs: MetricNeeds,
        /// Pass when there is no metric at all.
        pass_if_absent: bool,
        /// Ignore the rest of the change.
        own_text_only: bool,
    },
    /// A regex over a field.
    Pattern {
        /// What to read.
        field: Field,
        /// The regex.
        regex: Pattern,
        /// True: must match; false: must not match.
        must_match: bool,
        /// Custom failure sentence.
        message: Option<String>,
    },
    /// No section still holds its template prompt.
    Filled {
        /// Sections to look at.
        sections: Vec<String>,
    },
    /// A sentence of the body states a problem (see `written`).
    Statement {
        /// Fewest words a statement has.
        min_words: usize,
        /// Ignore the rest of the change.
        own_text_only: bool,
    },
    /// A sentence, table row or benchmark block reports a measured outcome (see `written`).
    Measured {
        /// Ignore the rest of the change.
        own_text_only: bool,
    },
    /// No template text of these kinds is left in a description (see `written`).
    Scaffolding(Scaffolding),
}

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Whether it passed.
    pub pass: bool,
    /// What was found (on pass) or what is missing (on fail).
    pub detail: String,
    /// The line the verdict is about, when there is one.
    pub line: Option<usize>,
    /// On a pass, the facts (numbers in the [`Evaluation`]) that satisfied the check.
    pub evidence: Vec<usize>,
}

impl Verdict {
    pub(super) fn pass(detail: String) -> Verdict {
        Verdict {
            pass: true,
            detail,
            line: None,
            evidence: Vec::new(),
        }
    }

    pub(super) fn fail(detail: String) -> Verdict {
        Verdict {
            pass: false,
            detail,
            line: None,
            evidence: Vec::new(),
        }
    }

    pub(super) fn using(mut self, facts: impl IntoIterator<Item = usize>) -> Verdict {
        for fact in facts {
            if !self.evidence.contains(&fact) {
                self.evidence.push(fact);
            }
        }
        self
    }

    pub(super) fn at(mut self, line: usize) -> Verdict {
        if line > 0 {
            self.line = Some(line);
        }
        self
    }
}

impl Check {
    /// Evaluates the check.
    pub fn evaluate(&self, subject: &Subject, evaluation: &Evaluation) -> Verdict {
        let vocabulary = evaluation.vocabulary;
        match self {
            Check::Any(checks) => {
                // Every alternative is asked, so a pass names all that satisfied it (a link
                // and a stated problem); the first one that passed speaks for it.
                let mut failures = Vec::new();
                let mut passed: Option<Verdict> = None;
                for check in checks {
                    let verdict = check.evaluate(subject, evaluation);
                    match (&mut passed, verdict.pass) {
                        (Some(first), true) => *first = first.clone().using(verdict.evidence),
                        (None, true) => passed = Some(verdict),
                        (_, false) => failures.push(verdict),
                    }
                }
                passed.unwrap_or_else(|| combine_failures(failures))
            }
            Check::All(checks) => {
                let mut passes = Vec::new();
                let mut evidence = Vec::new();
                for check in checks {
                    let verdict = check.evaluate(subject, evaluation);
                    if !verdict.pass {
                        return verdict;
                    }
                    passes.push(verdict.detail);
                    evidence.extend(verdict.evidence);
                }
                Verdict::pass(passes.join("; ")).using(evidence)
            }
            Check::Not(inner) => {
                let verdict = inner.evaluate(subject, evaluation);
                Verdict {
                    pass: !verdict.pass,
                    detail: if verdict.pass {
                        format!("it must not hold, but {}", verdict.detail)
                    } else {
                        verdict.detail
                    },
                    line: verdict.line,
                    evidence: Vec::new(),
                }
            }
            Check::Reference {
                trackers,
                closing,
                own_text_only,
            } => check_reference(subject, evaluation, trackers, *closing, *own_text_only),
            Check::Section {
                name,
                min_words,
                own_text_only,
            } => check_section(subject, evaluation, name, *min_words, *own_text_only),
            Check::Metric {
                section,
                needs,
                pass_if_absent,
                own_text_only,
            } => check_metric(
                subject,
                evaluation,
                section,
                *needs,
                *pass_if_absent,
                *own_text_only,
            ),
            Check::Pattern {
                field,
                regex,
                must_match,
                message,
            } => {
                let value = field.value(subject, vocabulary);
                match (regex.regex().find(&value), must_match) {
                    (Some(found), true) => {
                        Verdict::pass(format!("{} matches (`{}`)", field.name(), found.as_str()))
                    }
                    (None, false) => Verdict::pass(format!(
                        "{} does not match `{}`",
                        field.name(),
                        regex.as_str()
                    )),
                    (None, true) => Verdict::fail(message.clone().unwrap_or_else(|| {
                        format!(
                            "{} {} does not match `{}`",
                            field.name(),
                            quoted(&value),
                            regex.as_str()
                        )
                    })),
                    (Some(found), false) => Verdict::fail(message.clone().unwrap_or_else(|| {
                        format!(
                            "{} contains {}, which is not allowed",
                            field.name(),
                            quoted(found.as_str())
                        )
                    })),
                }
            }
            Check::Filled { sections } => check_filled(subject, evaluation, sections),
            Check::Statement {
                min_words,
                own_text_only,
            } => written::check_statement(subject, evaluation, *min_words, *own_text_only),
            Check::Measured { own_text_only } => {
                written::check_measured(subject, evaluation, *own_text_only)
            }
            Check::Scaffolding(kinds) => written::check_scaffolding(subject, evaluation, *kinds),
        }
    }
}

/// The failures of every alternative as one. When some came close (a failure on a line of the
/// author's text: a section too short, a metric with no number, a sentence that names only a
/// fix), those speak for it: the alternatives that found nothing would only bury them.
fn combine_failures(failures: Vec<Verdict>) -> Verdict {
    let line = failures.iter().find_map(|verdict| verdict.line);
    let details: Vec<String> = failures
        .into_iter()
        .filter(|verdict| line.is_none() || verdict.line.is_some())
        .map(|verdict| verdict.detail)
        .collect();
    // "found no A and found no B and found no C" reads as "found no A, no B and no C".
    let details = if details.len() > 1 {
        let nothing: Vec<&str> = details
            .iter()
            .filter_map(|detail| detail.strip_prefix("found no "))
            .collect();
        if nothing.len() == details.len() {
            let (last, rest) = nothing.split_last().map_or(("", &[][..]), |(l, r)| (*l, r));
            vec![format!("found no {} and no {last}", rest.join(", no "))]
        } else {
            details
        }
    } else {
        details
    };
    Verdict {
        pass: false,
        detail: details.join(" and "),
        line,
        evidence: Vec::new(),
    }
}

fn check_reference(
    subject: &Subject,
    evaluation: &Evaluation,
    trackers: &[Tracker],
    closing: bool,
    own_text_only: bool,
) -> Verdict {
    let wanted = |origin: Origin| {
        evaluation
            .references(subject, origin)
            .into_iter()
            .find_map(|index| {
                let fact = evaluation.fact(index)?;
                let Detail::Reference {
                    tracker,
                    closing: closes,
                } = fact.detail
                else {
                    return None;
                };
                (trackers.contains(&tracker) && (!closing || closes))
                    .then(|| (index, fact.text.clone()))
            })
    };
    if let Some((index, text)) = wanted(Origin::Own) {
        return Verdict::pass(format!("found `{text}`")).using([index]);
    }
    if !own_text_only {
        if let Some(branch) = &subject.branch
            && let Some((index, text)) = wanted(Origin::Branch)
        {
            return Verdict::pass(format!("found `{text}` in branch `{branch}`")).using([index]);
        }
        for (number, related) in subject.related.iter().enumerate() {
            if let Some((index, text)) = wanted(Origin::Related(number)) {
                return Verdict::pass(format!("found `{text}` in {}", related.label))
                    .using([index]);
            }
        }
    }
    let what = if closing {
        "closing reference (`Fixes #123`)"
    } else {
        "reference"
    };
    let examples = if trackers.len() == Tracker::ALL.len() {
        "`#123`, `org/repo#45`, `PAY-812`, an issue URL".to_owned()
    } else {
        trackers
            .iter()
            .map(|t| t.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut detail = format!("found no {what} to an issue or ticket ({examples})");
    if !own_text_only && let Some(branch) = &subject.branch {
        detail.push_str(&format!(", in the text or in branch `{branch}`"));
    }
    let vocabulary = evaluation.vocabulary;
    let commit = subject.kind != crate::subject::SubjectKind::Pr;
    let own = vocabulary
        .self_refs
        .written_in(&subject.text, &vocabulary.trackers, commit);
    if let Some(first) = own.first() {
        detail.push_str(&format!(
            " (`{first}` names this change itself, not where its problem lives)"
        ));
    }
    Verdict::fail(detail)
}

/// The best candidate section for `name`: real content first, then the one with most words.
fn check_section(
    subject: &Subject,
    evaluation: &Evaluation,
    name: &str,
    min_words: usize,
    own_text_only: bool,
) -> Verdict {
    let vocabulary = evaluation.vocabulary;
    let title = vocabulary.section_title(name);
    let mut best: Option<Verdict> = None;
    for (section, origin, from) in vocabulary.sections_in_scope(subject, name, own_text_only) {
        let fact = evaluation.section(section, name, origin);
        let mut verdict = judge_section(evaluation, section, &title, min_words);
        if verdict.pass {
            if let Some(from) = from {
                verdict.detail.push_str(&format!(" in {from}"));
                verdict.line = None;
            }
            return verdict.using(fact);
        }
        if from.is_none() {
            best.get_or_insert(verdict);
        }
    }
    best.unwrap_or_else(|| {
        Verdict::fail(format!(
            "found no `{title}` section (a `{}:` line or a `## {title}` heading)",
            title
        ))
    })
}

fn judge_section(
    evaluation: &Evaluation,
    section: &SectionView,
    title: &str,
    min_words: usize,
) -> Verdict {
    if let Some(reason) = evaluation.placeholder_reason(&section.text) {
        return Verdict::fail(format!(
            "the `{}` section still holds template text ({reason})",
            section.heading
        ))
        .at(section.line);
    }
    let words = super::placeholder::content_words(&section.text);
    if words < min_words {
        return Verdict::fail(format!(
            "the `{}` section has {words} word{}; write at least {min_words} that say what is wrong and for whom",
            section.heading,
            if words == 1 { "" } else { "s" }
        ))
        .at(section.line);
    }
    Verdict::pass(format!(
        "found a `{title}` section: {}",
        quoted(&section.text)
    ))
    .at(section.line)
}

fn check_metric(
    subject: &Subject,
    evaluation: &Evaluation,
    section: &str,
    needs: MetricNeeds,
    pass_if_absent: bool,
    own_text_only: bool,
) -> Verdict {
    let vocabulary = evaluation.vocabulary;
    let title = vocabulary.section_title(section);
    let review_trailer = evaluation.review_trailer(subject);
    let mut first_failure: Option<Verdict> = None;
    let mut present = false;
    for (candidate, origin, from) in vocabulary.sections_in_scope(subject, section, own_text_only) {
        let Some(fact) = evaluation.metric(candidate, origin) else {
            continue;
        };
        present |= from.is_none();
        let mut assessment = evaluation.assess(&candidate.text);
        let mut used = vec![fact];
        if assessment.timeframe.is_none()
            && let Some((review, text, timeframe)) = &review_trailer
        {
            assessment.timeframe = Some((text.clone(), *timeframe));
            if needs.timeframe {
                used.push(*review);
            }
        }
        let missing = missing_parts(&assessment, needs);
        if missing.is_empty() {
            let place = from.map(|from| format!(" in {from}")).unwrap_or_default();
            return Verdict::pass(format!("{}{place} is measurable", quoted(&candidate.text)))
                .using(used);
        }
        if from.is_some() {
            continue;
        }
        let unmeasurable = assessment.quantity.is_none() && needs.quantity
            || assessment.direction.is_none() && needs.direction;
        let what = if unmeasurable {
            "is not measurable yet"
        } else {
            "does not say when to look again"
        };
        first_failure.get_or_insert_with(|| {
            Verdict::fail(format!(
                "{} {what}: add {}",
                quoted(&candidate.text),
                missing.join(" and ")
            ))
            .at(candidate.line)
        });
    }
    if !present {
        return if pass_if_absent {
            Verdict::pass("no metric to judge".into())
        } else {
            Verdict::fail(format!(
                "found no success metric (a `Metric:` line or a `## {title}` section)"
            ))
        };
    }
    first_failure.unwrap_or_else(|| Verdict::fail("found no measurable success metric".into()))
}

fn missing_parts(assessment: &MetricAssessment, needs: MetricNeeds) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if needs.quantity && assessment.quantity.is_none() {
        missing.push("a number (a count, %, duration or amount)");
    }
    if needs.direction && assessment.direction.is_none() {
        missing.push("a direction or threshold (from/to, under, at least, reduce by)");
    }
    if needs.timeframe && assessment.timeframe.is_none() {
        missing.push("a time to look again (`within 30 days`, or a `Review-By: 2027-01-15` line)");
    }
    missing
}

fn check_filled(subject: &Subject, evaluation: &Evaluation, names: &[String]) -> Verdict {
    for name in names {
        for section in evaluation.vocabulary.sections_named(subject, name) {
            if section.text.trim().is_empty() {
                let what = if section.has_comment {
                    "still holds only its template prompt"
                } else {
                    "is empty"
                };
                return Verdict::fail(format!("the `{}` section {what}", section.heading))
                    .at(section.line);
            }
            if let Some(reason) = evaluation.placeholder_reason(&section.text) {
                return Verdict::fail(format!(
                    "the `{}` section still holds template text ({reason}): {}",
                    section.heading,
                    quoted(&section.text)
                ))
                .at(section.line);
            }
        }
    }
    Verdict::pass("every section is filled in".into())
}

/// Quotes at most ~80 characters of `text` on one line.
/// `text` shortened and quoted as a Markdown code span: in backticks, or, when it holds
/// backticks itself, in a longer run of them with a space inside (CommonMark's rule), so that
/// "`faster` builds" is not shown as ``faster` builds`.
pub fn quoted(text: &str) -> String {
    let short = shorten(text);
    let longest = short.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        return format!("`{short}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {short} {fence}")
}

pub fn shorten(text: &str) -> String {
    const LIMIT: usize = 80;
    // Only the start is shown, so only the start is read (a section can be megabytes long).
    let head = match text.char_indices().nth(LIMIT * 4) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    let one_line = head.split_whitespace().collect::<Vec<_>>().join(" ");
    let complete = head.len() == text.len();
    if complete && one_line.chars().count() <= LIMIT {
        return one_line;
    }
    let cut: String = one_line.chars().take(LIMIT - 1).collect();
    format!("{cut}…")
}

impl Check {
    /// The check in words, for `whylint explain`.
    pub fn describe(&self) -> String {
        match self {
            Check::Any(checks) => format!("any of: {}", describe_all(checks)),
            Check::All(checks) => format!("all of: {}", describe_all(checks)),
            Check::Not(inner) => format!("not ({})", inner.describe()),
            Check::Reference {
                trackers,
                closing,
                own_text_only,
            } => {
                let names: Vec<&str> = trackers.iter().map(|t| t.name()).collect();
                format!(
                    "a {}reference ({}){}",
                    if *closing { "closing " } else { "" },
                    names.join(", "),
                    if *own_text_only {
                        " in the text itself"
                    } else {
                        " anywhere in the change"
                    }
                )
            }
            Check::Section {
                name, min_words, ..
            } => {
                format!("a `{name}` section with at least {min_words} word(s) of real content")
            }
            Check::Metric {
                section,
                needs,
                pass_if_absent,
                ..
            } => {
                let mut parts = Vec::new();
                if needs.quantity {
                    parts.push("a quantity");
                }
                if needs.direction {
                    parts.push("a direction or threshold");
                }
                if needs.timeframe {
                    parts.push("a time to look again");
                }
                format!(
                    "a `{section}` metric with {}{}",
                    parts.join(" and "),
                    if *pass_if_absent {
                        " (when there is a metric)"
                    } else {
                        ""
                    }
                )
            }
            Check::Pattern {
                field,
                regex,
                must_match,
                ..
            } => format!(
                "{} {} `{}`",
                field.name(),
                if *must_match {
                    "matches"
                } else {
                    "does not match"
                },
                regex.as_str()
            ),
            Check::Filled { sections } if sections.is_empty() => {
                "every section is filled in".into()
            }
            Check::Filled { sections } => format!("sections {} are filled in", sections.join(", ")),
            Check::Statement { min_words, .. } => format!(
                "a sentence of at least {min_words} words that says what is wrong (a symptom, an error, a slowness, a limitation)"
            ),
            Check::Measured { .. } => "a measured outcome anywhere in the text (before → after, a % or × change, a target)".into(),
            Check::Scaffolding(kinds) => written::describe_scaffolding(*kinds),
        }
    }
}

/// What a check asks of a change: the questions `report`, `due`, `draft` and the templates ask
/// too, so they ask the rules that ask them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Asks {
    /// Where the problem lives or what it is: a reference, or a `problem` section.
    pub problem: bool,
    /// How we will know it worked: a metric with a quantity or a direction.
    pub metric: bool,
}

impl Check {
    /// What this check asks for (a check under `not:` asks for nothing: it forbids).
    pub fn asks(&self) -> Asks {
        match self {
            Check::Any(checks) | Check::All(checks) => {
                checks
                    .iter()
                    .map(Check::asks)
                    .fold(Asks::default(), |a, b| Asks {
                        problem: a.problem || b.problem,
                        metric: a.metric || b.metric,
                    })
            }
            Check::Reference { .. } => Asks {
                problem: true,
                metric: false,
            },
            Check::Section { name, .. } => Asks {
                problem: name == "problem",
                metric: false,
            },
            Check::Statement { .. } => Asks {
                problem: true,
                metric: false,
            },
            Check::Measured { .. } => Asks {
                problem: false,
                metric: true,
            },
            Check::Metric { needs, .. } => Asks {
                problem: false,
                metric: needs.quantity || needs.direction,
            },
            Check::Not(_)
            | Check::Pattern { .. }
            | Check::Filled { .. }
            | Check::Scaffolding(_) => Asks::default(),
        }
    }
}

fn describe_all(checks: &[Check]) -> String {
    checks
        .iter()
        .map(Check::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quoted_text_stays_one_code_span_whatever_backticks_it_holds() {
        assert_eq!(quoted("faster builds"), "`faster builds`");
        assert_eq!(quoted("`faster` builds"), "`` `faster` builds ``");
        assert_eq!(quoted("a ``b`` c"), "``` a ``b`` c ```");
        assert_eq!(quoted("  two\n lines "), "`two lines`");
    }
}
