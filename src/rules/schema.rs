//! The shape of a rule file, exactly as users write it in YAML.
//!
//! Built-in packs (`rules/*.yml`) and a project's `.whylint.yml` share this one schema. Every
//! struct denies unknown fields so a typo is an error, not silence. Values that later checks can
//! reject (regexes, levels, names) keep their position so the error can point at them. Turning
//! these specs into runnable rules is `compile`'s job; reading YAML is `yaml`'s.

use super::yaml::Spanned;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A rule (pack or project) file. `yaml` reads each top-level key and each `rules:` entry on its
/// own, so that one broken part does not hide the problems of the others.
#[derive(Debug, Default)]
pub struct FileSpec {
    /// Packs this file builds on, applied first, in order (`None`: the key is absent).
    pub extends: Option<Vec<Spanned<String>>>,
    /// Tracker settings (project keys, extra URL patterns, decoy prefixes).
    pub trackers: Option<TrackersSpec>,
    /// Section name → headings/labels/trailer keys that count as that section.
    pub sections: BTreeMap<String, Vec<String>>,
    /// Extra regexes for text that is a template prompt, not content.
    pub placeholders: Vec<Spanned<String>>,
    /// What is exempt from checking.
    pub exempt: Option<ExemptSpec>,
    /// Kinds of change (`feat`, `docs`, …) and what reveals each, in file order.
    pub kinds: Vec<(Spanned<String>, KindSpec)>,
    /// How a change names itself: references that are not problem links.
    pub self_references: Option<super::selfref::SelfRefSpec>,
    /// Edits of the word lists (`vocabulary:`).
    pub vocabulary: Vec<super::vocabulary::ListEdit>,
    /// The `rules:` entries, in file order.
    pub rules: Vec<RuleEntry>,
}

/// One entry under `kinds:`: what reveals that a change is of this kind. Entries for a kind
/// already declared add to it.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KindSpec {
    /// Conventional types (`docs`), or a type with its scope (`chore(deps)`), which wins.
    #[serde(default)]
    pub types: Vec<String>,
    /// Pull/merge request labels.
    #[serde(default)]
    pub labels: Vec<String>,
    /// Branch name globs (`docs/**`).
    #[serde(default)]
    pub branches: Vec<Spanned<String>>,
}

/// One `rules:` entry with its id resolved (from `id:` or from the mapping key).
#[derive(Debug)]
pub struct RuleEntry {
    /// The rule id.
    pub id: String,
    /// Where the id is written.
    pub id_at: Pos,
    /// The entry itself.
    pub spec: RuleSpec,
}

/// A 1-based line and column in a YAML file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// `trackers:` — how references are recognised.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TrackersSpec {
    /// Jira-style keys.
    #[serde(default)]
    pub jira: Option<KeyTrackerSpec>,
    /// Extra URL patterns (regexes) that link to a problem.
    #[serde(default)]
    pub urls: Vec<Spanned<String>>,
    /// Key prefixes that are never tickets, added to the built-in decoys (`UTF`, `SHA`, `ISO`, …).
    #[serde(default)]
    pub deny_prefixes: Vec<String>,
}

/// Settings for Jira-style `KEY-123` references.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KeyTrackerSpec {
    /// Allowed project keys; empty allows any key that is not a decoy.
    #[serde(default)]
    pub projects: Vec<Spanned<String>>,
}

/// `exempt:` — changes that are not checked, each recorded with its reason.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExemptSpec {
    /// Merge commits (default: true).
    pub merges: Option<bool>,
    /// `Revert "…"` commits (default: true).
    pub reverts: Option<bool>,
    /// `fixup!`, `squash!` and `amend!` commits (default: true).
    pub autosquash: Option<bool>,
    /// Bot identities, each matched exactly (ignoring case): a login (`snyk-bot`; a bare name
    /// also matches `name[bot]`) against a pull request's author and a commit author's GitHub
    /// noreply address, or an e-mail address (`gobot@golang.org`) against a commit's author.
    pub bots: Option<Vec<String>>,
    /// Any GitHub App identity is a bot: a `name[bot]` login, or its noreply e-mail.
    pub github_apps: Option<bool>,
    /// Regexes for the subject of a release commit (`^v?\d+\.\d+\.\d+$`).
    pub releases: Option<Vec<Spanned<String>>>,
    /// PR/MR labels that exempt a change.
    pub labels: Option<Vec<String>>,
    /// Branch globs that exempt a change.
    pub branches: Option<Vec<Spanned<String>>>,
    /// Path globs: a commit that changes only matching paths is exempt.
    pub paths: Option<Vec<Spanned<String>>>,
    /// Trailer that exempts a change when it gives a reason (default `Why-Skip`).
    pub skip_trailer: Option<String>,
}

/// One entry under `rules:`: a full definition (it has a `check`) or an override of a rule
/// defined earlier (it has no `check`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    /// Stable kebab-case id; absent when the id is the mapping key.
    pub id: Option<Spanned<String>>,
    /// `error`, `warning`, `info` or `off`.
    pub level: Option<Spanned<String>>,
    /// Target kinds the rule applies to: `commit`, `branch`, `pr`.
    pub on: Option<Vec<Spanned<String>>>,
    /// One line: what the rule wants.
    pub summary: Option<String>,
    /// The question the rule asks the author.
    pub question: Option<String>,
    /// How to fix a finding.
    pub help: Option<String>,
    /// Text to paste that satisfies the rule.
    pub example: Option<String>,
    /// Conditions under which the rule applies.
    pub when: Option<WhenSpec>,
    /// Level by kind of change (`{ fix: warning }`), overriding `level:` for those kinds.
    pub levels: Option<std::collections::HashMap<Spanned<String>, Spanned<String>>>,
    /// What must hold.
    pub check: Option<CheckSpec>,
    /// Self-test examples, run by `whylint rules test`.
    pub examples: Option<ExamplesSpec>,
}

/// `examples:` — texts the rule must pass and fail.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSpec {
    /// Must produce no finding for this rule.
    #[serde(default)]
    pub pass: Vec<ExampleSpec>,
    /// Must produce a finding for this rule.
    #[serde(default)]
    pub fail: Vec<ExampleSpec>,
}

/// One self-test example: a commit message, or a mapping for other target kinds.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ExampleSpec {
    /// A commit message.
    Message(String),
    /// A fuller example.
    Full(FullExampleSpec),
}

/// An example with its kind and context.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FullExampleSpec {
    /// `commit` (default), `branch` or `pr`.
    pub on: Option<String>,
    /// PR title (for `pr`).
    pub title: Option<String>,
    /// The commit message or PR description.
    #[serde(default)]
    pub text: String,
    /// The branch the change is on.
    pub branch: Option<String>,
    /// PR labels.
    #[serde(default)]
    pub labels: Vec<String>,
}

/// `when:` — all given conditions must hold.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WhenSpec {
    /// Target kind is one of these.
    pub on: Option<Vec<Spanned<String>>>,
    /// Conventional-commit type of the subject/title is one of these (`none`: not conventional).
    #[serde(rename = "type")]
    pub types: Option<Vec<String>>,
    /// The kind of change (declared under `kinds:`, or `unknown`) is one of these.
    pub kind: Option<Vec<Spanned<String>>>,
    /// Branch name matches one of these globs.
    pub branch: Option<Vec<Spanned<String>>>,
    /// Author (`Name <email>`) matches one of these globs.
    pub author: Option<Vec<Spanned<String>>>,
    /// PR carries one of these labels.
    pub label: Option<Vec<String>>,
    /// Subject/title matches this regex.
    pub subject: Option<Spanned<String>>,
    /// The text has a trailer with one of these keys.
    pub trailer: Option<Vec<String>>,
    /// At least one of these holds.
    pub any: Option<Vec<WhenSpec>>,
    /// This does not hold.
    pub not: Option<Box<WhenSpec>>,
}

/// `check:` — one check kind or a combinator.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum CheckSpec {
    /// Passes when any inner check passes.
    Any(Vec<CheckSpec>),
    /// Passes when every inner check passes.
    All(Vec<CheckSpec>),
    /// Passes when the inner check fails.
    Not(Box<CheckSpec>),
    /// A reference to an issue or ticket.
    Reference(ReferenceSpec),
    /// A section (heading, trailer or labelled paragraph) with real content.
    Section(SectionSpec),
    /// A measurable success metric.
    Metric(MetricSpec),
    /// A regex that a field must (or must not) match.
    Pattern(PatternSpec),
    /// No section still holds its template prompt.
    Filled(FilledSpec),
    /// A sentence of the body states a problem.
    Statement(StatementSpec),
    /// A measured outcome in a sentence, table or benchmark output anywhere in the text.
    Measured(MeasuredSpec),
    /// No template text left anywhere in a description.
    Scaffolding(ScaffoldingSpec),
}

/// `reference:` options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ReferenceSpec {
    /// Trackers that count (default: all).
    pub trackers: Option<Vec<Spanned<String>>>,
    /// Only closing references (`Fixes #1`) count.
    #[serde(default)]
    pub closing: bool,
    /// Only the target's own text counts, not the rest of the change (branch name, PR).
    #[serde(default)]
    pub own_text_only: bool,
}

/// `section:` options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionSpec {
    /// Section name, as declared under `sections:`.
    pub name: Spanned<String>,
    /// Fewest words of real content (default 1).
    pub min_words: Option<usize>,
    /// Only the target's own text counts, not the rest of the change.
    #[serde(default)]
    pub own_text_only: bool,
}

/// `metric:` options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MetricSpec {
    /// What a metric must have: `quantity`, `direction`, `timeframe` (default quantity + direction).
    pub require: Option<Vec<Spanned<String>>>,
    /// Section holding the metric (default `metric`).
    pub section: Option<Spanned<String>>,
    /// `fail` (default) or `pass` when there is no metric at all.
    pub if_absent: Option<Spanned<String>>,
    /// Only the target's own text counts, not the rest of the change.
    #[serde(default)]
    pub own_text_only: bool,
}

/// `pattern:` options.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternSpec {
    /// `subject`, `body`, `text`, `title`, `branch`, `author`, `trailer:KEY`, `section:NAME`.
    pub field: Spanned<String>,
    /// The field must match this regex.
    pub matches: Option<Spanned<String>>,
    /// The field must not match this regex.
    pub not_matches: Option<Spanned<String>>,
    /// Shown when the check fails, instead of a generic sentence.
    pub message: Option<String>,
}

/// `filled:` options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FilledSpec {
    /// Sections to look at (default: all declared sections).
    pub sections: Option<Vec<Spanned<String>>>,
}

/// `statement:` options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StatementSpec {
    /// Fewest words a statement has (default 5).
    pub min_words: Option<usize>,
    /// Only the target's own text counts, not the rest of the change.
    #[serde(default)]
    pub own_text_only: bool,
}

/// `measured:` options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct MeasuredSpec {
    /// Only the target's own text counts, not the rest of the change.
    #[serde(default)]
    pub own_text_only: bool,
}

/// `scaffolding:` options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScaffoldingSpec {
    /// What to look for: `instructions`, `placeholders`, `empty-sections` (default: all).
    pub find: Option<Vec<Spanned<String>>>,
}
