//! Rules: loaded from YAML, compiled once, evaluated against subjects.
//!
//! `yaml` reads files into `schema` specs; `compile` merges packs and the project file into one
//! `RuleSet` (reporting every problem with its position, within the cost `budget` allows);
//! `check` evaluates a compiled check against a `Subject`; `exempt` decides what is not checked
//! at all; `kind` says what kind of change a subject is (`feat`, `docs`, …), which `when:` and
//! `levels:` use. The detectors (`detect`: `reference`, `metric`, `placeholder`) are pure text
//! functions the checks call, reading text with the word lists of `rules/vocabulary.yml` as the
//! project's `vocabulary:` edited them (`vocabulary`, applied by `compile`).

pub mod budget;
pub mod check;
pub mod compile;
pub mod coverage;
pub mod detect;
pub mod evidence;
pub mod exempt;
pub mod kind;
pub mod lazy;
pub mod packed;
pub mod packs;
pub mod pattern;
pub mod schema;
pub mod selfref;
pub mod vocabulary;
pub mod written;
pub mod yaml;

use crate::finding::{Checked, Exemption, Finding, Level, Location, RuleResult, Target};
use crate::subject::{Subject, SubjectKind};
use detect::words::Lexicon;
use globset::GlobSet;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use check::Check;
pub use detect::{measured, metric, placeholder, prose, reference, statement};
pub use exempt::Exemptions;

/// Everything the checks share besides the rules: trackers, section names, placeholders and the
/// word lists the detectors read text with.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// How references are recognised.
    pub trackers: reference::TrackerSettings,
    /// Section name → normalised headings/labels/trailer keys that count as it.
    pub sections: BTreeMap<String, Vec<String>>,
    /// Extra template-prompt patterns from config.
    pub placeholders: Vec<Regex>,
    /// Kinds of change and what reveals each.
    pub kinds: kind::Kinds,
    /// The word lists: `rules/vocabulary.yml` with the project's `vocabulary:` edits, and the
    /// rules' `question:` lines among the template questions.
    pub words: Arc<Lexicon>,
    /// How a change names itself: references that are not problem links.
    pub self_refs: selfref::SelfRefs,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            trackers: reference::TrackerSettings::default(),
            sections: BTreeMap::new(),
            placeholders: Vec::new(),
            kinds: kind::Kinds::default(),
            words: Lexicon::builtin(),
            self_refs: selfref::SelfRefs::default(),
        }
    }
}

impl Vocabulary {
    /// The sections of `subject` that count as section `name`.
    pub fn sections_named<'a>(
        &'a self,
        subject: &'a Subject,
        name: &'a str,
    ) -> impl Iterator<Item = &'a crate::subject::SectionView> + 'a {
        let aliases = self.sections.get(name);
        subject
            .sections
            .iter()
            .filter(move |section| aliases.is_some_and(|aliases| aliases.contains(&section.key)))
    }

    /// Sections named `name` in `subject` and, unless `own_only`, in the parts of the change
    /// related to it; each with the part it came from and, for a related part, its label.
    pub fn sections_in_scope<'a>(
        &'a self,
        subject: &'a Subject,
        name: &'a str,
        own_only: bool,
    ) -> impl Iterator<
        Item = (
            &'a crate::subject::SectionView,
            evidence::Origin,
            Option<&'a str>,
        ),
    > + 'a {
        let own = self
            .sections_named(subject, name)
            .map(|section| (section, evidence::Origin::Own, None));
        let related = subject
            .related
            .iter()
            .enumerate()
            .filter(move |_| !own_only)
            .flat_map(move |(index, related)| {
                self.sections_named(&related.subject, name)
                    .map(move |section| {
                        (
                            section,
                            evidence::Origin::Related(index),
                            Some(related.label.as_str()),
                        )
                    })
            });
        own.chain(related)
    }

    /// How to name section `name` to a person: its first alias, capitalised.
    pub fn section_title(&self, name: &str) -> String {
        let first = self
            .sections
            .get(name)
            .and_then(|aliases| aliases.first())
            .map(String::as_str)
            .unwrap_or(name);
        let mut chars = first.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }

    /// What [`metric::assess`] reads in `text` with this vocabulary's words.
    pub fn assess(&self, text: &str) -> metric::MetricAssessment {
        metric::assess(text, &self.words)
    }

    /// Why `text` is template text rather than content, if it is.
    pub fn placeholder_reason(&self, text: &str) -> Option<String> {
        if let Some(reason) = placeholder::placeholder_reason(text, &self.words) {
            return Some(reason.to_owned());
        }
        let trimmed = text.trim();
        self.placeholders
            .iter()
            .find(|pattern| pattern.is_match(trimmed))
            .map(|pattern| format!("matches placeholder pattern `{}`", pattern.as_str()))
    }
}

/// A condition from `when:`.
#[derive(Debug, Clone)]
pub enum Condition {
    /// All hold.
    All(Vec<Condition>),
    /// At least one holds.
    Any(Vec<Condition>),
    /// Does not hold.
    Not(Box<Condition>),
    /// Target kind is one of these.
    On(Vec<SubjectKind>),
    /// Conventional type is one of these (`none` matches non-conventional titles).
    Type(Vec<String>),
    /// The kind of change (see `kind`) is one of these.
    Kind(Vec<String>),
    /// Branch matches a glob.
    Branch(GlobSet),
    /// Author matches a glob.
    Author(GlobSet),
    /// Has one of these labels.
    Label(Vec<String>),
    /// Title matches.
    Subject(Regex),
    /// Has a trailer with one of these keys.
    Trailer(Vec<String>),
}

impl Condition {
    /// The condition in words, for `whylint explain`.
    pub fn describe(&self) -> String {
        let list = |items: &[String]| items.join(", ");
        match self {
            Condition::All(all) => all
                .iter()
                .map(Condition::describe)
                .collect::<Vec<_>>()
                .join(" and "),
            Condition::Any(any) => format!(
                "({})",
                any.iter()
                    .map(Condition::describe)
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            Condition::Not(inner) => format!("not {}", inner.describe()),
            Condition::On(kinds) => format!(
                "on {}",
                kinds
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Condition::Type(types) => format!("type is {}", list(types)),
            Condition::Kind(kinds) => format!("kind of change is {}", list(kinds)),
            Condition::Branch(_) => "branch matches the configured globs".into(),
            Condition::Author(_) => "author matches the configured globs".into(),
            Condition::Label(labels) => format!("labelled {}", list(labels)),
            Condition::Subject(regex) => format!("subject matches `{}`", regex.as_str()),
            Condition::Trailer(keys) => format!("has a trailer {}", list(keys)),
        }
    }

    /// Whether the condition holds for `subject`, a change of kind `kind`.
    pub fn holds(&self, subject: &Subject, kind: &str) -> bool {
        match self {
            Condition::All(all) => all.iter().all(|c| c.holds(subject, kind)),
            Condition::Any(any) => any.iter().any(|c| c.holds(subject, kind)),
            Condition::Not(inner) => !inner.holds(subject, kind),
            Condition::Kind(kinds) => kinds.iter().any(|k| k == kind),
            Condition::On(kinds) => kinds.contains(&subject.kind),
            Condition::Type(types) => match &subject.conventional_type {
                Some(kind) => types.iter().any(|t| t.eq_ignore_ascii_case(kind)),
                None => types.iter().any(|t| t == "none"),
            },
            Condition::Branch(globs) => {
                subject.branch.as_deref().is_some_and(|b| globs.is_match(b))
            }
            Condition::Author(globs) => {
                subject.author.as_deref().is_some_and(|a| globs.is_match(a))
            }
            Condition::Label(labels) => subject
                .labels
                .iter()
                .any(|label| labels.iter().any(|l| l.eq_ignore_ascii_case(label))),
            Condition::Subject(regex) => regex.is_match(&subject.title),
            Condition::Trailer(keys) => subject
                .trailers
                .iter()
                .any(|t| keys.iter().any(|k| k.eq_ignore_ascii_case(&t.key))),
        }
    }
}

/// Self-test examples of a rule.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    /// Must not produce a finding.
    pub pass: Vec<Example>,
    /// Must produce a finding.
    pub fail: Vec<Example>,
}

/// One self-test example.
#[derive(Debug, Clone)]
pub struct Example {
    /// Kind of subject the example builds.
    pub kind: SubjectKind,
    /// PR title, for PR examples.
    pub title: String,
    /// The message or description.
    pub text: String,
    /// Branch the change is on.
    pub branch: Option<String>,
    /// PR labels.
    pub labels: Vec<String>,
}

impl Example {
    /// The subject this example stands for.
    pub fn subject(&self) -> Subject {
        let mut subject = match self.kind {
            SubjectKind::Pr => Subject::from_description(&self.title, &self.text),
            SubjectKind::Commit | SubjectKind::Branch => {
                let mut subject = Subject::from_message(
                    &self.text,
                    &crate::parse::message::CommentStyle::Verbatim,
                );
                subject.kind = self.kind;
                // A branch example is a branch with this one commit on it.
                if let (SubjectKind::Branch, Some(kind)) = (self.kind, &subject.conventional_type) {
                    subject.commit_types = vec![(kind.clone(), subject.conventional_scope.clone())];
                }
                subject
            }
        };
        subject.branch = self.branch.clone();
        subject.labels = self.labels.clone();
        subject
    }
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Stable kebab-case id.
    pub id: String,
    /// How much a finding matters.
    pub level: Level,
    /// Kinds it applies to.
    pub on: Vec<SubjectKind>,
    /// One line: what it wants.
    pub summary: String,
    /// The question it asks.
    pub question: String,
    /// How to fix a finding.
    pub help: String,
    /// Text to paste.
    pub example: String,
    /// When it applies.
    pub when: Option<Condition>,
    /// Level by kind of change, overriding `level` for those kinds.
    pub levels: Vec<(String, Level)>,
    /// What must hold.
    pub check: Check,
    /// Self-test examples.
    pub examples: Examples,
    /// `file:line:column` of the definition.
    pub origin: String,
    /// `file:line:column` of each override applied, in order.
    pub overrides: Vec<String>,
}

impl Rule {
    /// The level of a finding on a change of kind `kind`.
    pub fn level_for(&self, kind: &str) -> Level {
        self.levels
            .iter()
            .find(|(name, _)| name == kind)
            .map_or(self.level, |(_, level)| *level)
    }

    /// Whether the rule applies to `subject`, a change of kind `kind`, at all.
    pub fn applies_to(&self, subject: &Subject, kind: &str) -> bool {
        self.level_for(kind) != Level::Off
            && self.on.contains(&subject.kind)
            && self
                .when
                .as_ref()
                .is_none_or(|when| when.holds(subject, kind))
    }
}

/// The rules in effect, compiled once per run.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// Rules in definition order.
    pub rules: Vec<Rule>,
    /// Shared vocabulary.
    pub vocabulary: Vocabulary,
    /// What is exempt.
    pub exemptions: Exemptions,
    /// Files the rules came from, in the order applied (packs and config files).
    pub sources: Vec<String>,
    /// The project's own rule file, when there is one.
    pub project_file: Option<String>,
}

impl RuleSet {
    /// Looks up a rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }

    /// Judges one subject: exemption first, then every applicable rule, with the evidence.
    pub fn evaluate(&self, subject: &Subject) -> Evaluated<'_> {
        if let Some(exemption) = self.exemptions.exemption(subject) {
            return Evaluated {
                exemption: Some(exemption),
                results: Vec::new(),
                facts: Vec::new(),
                omitted: 0,
            };
        }
        self.judge(subject)
    }

    /// Judges one subject by every applicable rule, exempt or not (a merge in `report` is
    /// judged with what it brought in, whatever its own exemption).
    pub fn judge(&self, subject: &Subject) -> Evaluated<'_> {
        let evaluation = check::Evaluation::new(&self.vocabulary);
        let kind = self.vocabulary.kinds.of(subject);
        let mut results = Vec::new();
        for rule in &self.rules {
            if rule.applies_to(subject, kind) {
                results.push(Judged {
                    rule,
                    level: rule.level_for(kind),
                    verdict: rule.check.evaluate(subject, &evaluation),
                });
            }
        }
        evaluation.gather(subject);
        let used: Vec<usize> = results
            .iter()
            .flat_map(|result: &Judged<'_>| result.verdict.evidence.iter().copied())
            .collect();
        let (facts, numbers, omitted) = evaluation.shown(subject, &used);
        for result in &mut results {
            for index in &mut result.verdict.evidence {
                *index = numbers
                    .iter()
                    .position(|&n| n == *index)
                    .unwrap_or(usize::MAX);
            }
            result.verdict.evidence.retain(|&index| index != usize::MAX);
        }
        Evaluated {
            exemption: None,
            results,
            facts,
            omitted,
        }
    }

    /// Checks one subject: its findings, the evidence, and each rule's result.
    pub fn check(&self, subject: &Subject, target: &Target, path: Option<&str>) -> Checked {
        let evaluated = self.evaluate(subject);
        let mut checked = Checked::default();
        if let Some((kind, reason)) = evaluated.exemption {
            checked.exemption = Some(Exemption {
                target: target.clone(),
                kind: kind.to_owned(),
                reason,
            });
            return checked;
        }
        checked.evidence = evaluated
            .facts
            .iter()
            .map(|fact| fact.to_evidence(subject))
            .collect();
        checked.evidence_omitted = evaluated.omitted;
        for Judged {
            rule,
            level,
            verdict,
        } in evaluated.results
        {
            if !verdict.pass {
                checked.findings.push(Finding {
                    rule: rule.id.clone(),
                    level,
                    target: target.clone(),
                    location: verdict.line.map(|line| Location {
                        path: path.map(str::to_owned),
                        line,
                    }),
                    message: format!("{}: {}", rule.summary, verdict.detail),
                    summary: rule.summary.clone(),
                    help: rule.help.clone(),
                    question: rule.question.clone(),
                    example: rule.example.clone(),
                });
            }
            checked.results.push(RuleResult {
                rule: rule.id.clone(),
                level,
                pass: verdict.pass,
                detail: verdict.detail,
                evidence: verdict.evidence,
            });
        }
        checked
    }

    /// The rules that ask `what` of a change of `kind` (commit, branch, pull request), in
    /// rule order: what the templates and prompts ask.
    pub fn asking(
        &self,
        what: fn(check::Asks) -> bool,
        kind: SubjectKind,
    ) -> impl Iterator<Item = &Rule> {
        self.rules.iter().filter(move |rule| {
            rule.level != Level::Off && rule.on.contains(&kind) && what(rule.check.asks())
        })
    }
}

/// How the rule set judged one subject, before anything is reported.
#[derive(Debug)]
pub struct Evaluated<'r> {
    /// The exemption's kind and reason, when the subject is exempt (then nothing was judged).
    pub exemption: Option<(&'static str, String)>,
    /// Every rule that applied, in rule order.
    pub results: Vec<Judged<'r>>,
    /// The facts found, in text order: the subject's own text, its branch name, then the
    /// other parts of the change a rule looked at. Verdicts number them. Those a verdict used,
    /// and a few more of each kind.
    pub facts: Vec<evidence::Fact>,
    /// Facts found but not kept in `facts` (a message with thousands of references).
    pub omitted: usize,
}

/// One rule's verdict on one subject.
#[derive(Debug)]
pub struct Judged<'r> {
    /// The rule.
    pub rule: &'r Rule,
    /// Its level for this subject.
    pub level: Level,
    /// What it found; its evidence numbers [`Evaluated::facts`].
    pub verdict: check::Verdict,
}

/// Which question a rule asks: of its problem.
pub fn asks_problem(asks: check::Asks) -> bool {
    asks.problem
}

/// Which question a rule asks: of its metric.
pub fn asks_metric(asks: check::Asks) -> bool {
    asks.metric
}

impl<'r> Evaluated<'r> {
    /// The verdicts of the rules that ask `what` and count (warning or error): the ones a
    /// change must satisfy to have answered that question.
    pub fn answers(&self, what: fn(check::Asks) -> bool) -> impl Iterator<Item = &Judged<'r>> {
        self.results
            .iter()
            .filter(move |result| result.level >= Level::Warning && what(result.rule.check.asks()))
    }

    /// Whether the change said why: every rule that asks for its problem passed.
    pub fn says_why(&self) -> bool {
        self.answers(asks_problem).all(|result| result.verdict.pass)
    }

    /// The facts that satisfied the passing rules that ask `what`, in text order.
    pub fn used(&self, what: fn(check::Asks) -> bool) -> Vec<&evidence::Fact> {
        let mut used: Vec<usize> = self
            .answers(what)
            .filter(|result| result.verdict.pass)
            .flat_map(|result| result.verdict.evidence.iter().copied())
            .collect();
        used.sort_unstable();
        used.dedup();
        used.iter()
            .filter_map(|&index| self.facts.get(index))
            .collect()
    }
}
