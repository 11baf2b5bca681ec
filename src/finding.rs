//! The one result type every check produces and every report format consumes.
//!
//! A `Finding` says which rule a change broke, how badly, where, and how to fix it. An
//! `Exemption` records why a change was not checked at all. Rules create them; reports print
//! them; nothing else needs to know about either side.

use serde::Serialize;
use std::fmt;

/// How much a finding matters. `Off` disables a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The rule is disabled.
    Off,
    /// A hint; never fails a run.
    Info,
    /// Shown, but does not fail a run.
    Warning,
    /// Fails the run (exit code 1).
    Error,
}

impl Level {
    /// Parses the YAML spelling of a level.
    pub fn from_name(name: &str) -> Option<Level> {
        match name {
            "off" => Some(Level::Off),
            "info" => Some(Level::Info),
            "warning" | "warn" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    /// The lowercase name used in YAML, JSON and text output.
    pub fn name(self) -> &'static str {
        match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What kind of thing was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// A commit in the repository (id: its sha).
    Commit,
    /// A branch as a whole (id: its name).
    Branch,
    /// A pull or merge request description (id: its number, or the file it came from).
    Pr,
    /// A commit message that is not a commit yet (id: the file path, `-` for stdin).
    Message,
}

/// The checked thing, as the JSON contract names it: `{"kind": …, "id": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// What kind of thing this is.
    pub kind: TargetKind,
    /// Its identity: sha, branch name, PR number or path.
    pub id: String,
    /// A human label: the commit subject or PR title (not part of the identity).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

impl Target {
    /// What a pull request is called where it lives: `merge request` for GitLab's `!N`,
    /// `pull request` otherwise.
    pub fn pr_noun(&self) -> &'static str {
        pr_noun(&self.id)
    }
}

/// `merge request` for a GitLab id (`!7`), `pull request` for anything else (`#7`, a file).
pub fn pr_noun(id: &str) -> &'static str {
    if id.starts_with('!') {
        "merge request"
    } else {
        "pull request"
    }
}

/// Where reports that need a file in the repository (SARIF, GitLab Code Quality) put results
/// about commit messages and descriptions, which are no file. Found by `source::anchor`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Anchor {
    /// A file tracked at `HEAD`, relative to the repository root with `/` separators; `None`
    /// outside a repository or in one without files.
    pub path: Option<String>,
    /// A web address for a rule's documentation; `{rule}` stands for the rule id.
    pub help_uri: Option<String>,
}

/// Where in the checked text a finding points, when it points anywhere in particular.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file the text came from, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line in that text.
    pub line: usize,
}

/// One rule a change did not satisfy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's stable id, e.g. `problem-link`.
    pub rule: String,
    /// How much it matters.
    pub level: Level,
    /// What was checked.
    pub target: Target,
    /// Where in the text, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// What is wrong, quoting the offending text.
    pub message: String,
    /// The rule's one-line summary (what it wants), for reports that describe rules.
    #[serde(skip)]
    pub summary: String,
    /// How to fix it.
    pub help: String,
    /// The question the rule asks, e.g. "What problem are we solving for the user?".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// Text the author can paste to satisfy the rule.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub example: String,
}

impl Finding {
    /// A stable identity for this finding across runs and machines: the rule and what was
    /// checked (kind and id), not the wording of the message. FNV-1a, 64 bits, as hex.
    pub fn fingerprint(&self) -> String {
        let kind = match self.target.kind {
            TargetKind::Commit => "commit",
            TargetKind::Branch => "branch",
            TargetKind::Pr => "pr",
            TargetKind::Message => "message",
        };
        fingerprint(&[&self.rule, kind, &self.target.id])
    }
}

/// FNV-1a over `parts`, each followed by a NUL so that `["ab", ""]` and `["a", "b"]` differ.
/// Hand-written because it must never change: code scanning and GitLab match issues by it.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// A change that was deliberately not checked, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exemption {
    /// What was skipped.
    pub target: Target,
    /// A short machine-friendly kind: `merge`, `revert`, `autosquash`, `bot`, `why-skip`, …
    pub kind: String,
    /// The reason in words, quoting the text that caused it.
    pub reason: String,
}

/// Something the user should know about the input that is not a rule finding (e.g. the text
/// was not valid UTF-8 and was decoded lossily).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    /// What it is about (`None`: the run as a whole, e.g. history fetched for a shallow clone).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// What happened.
    pub message: String,
}

/// What a piece of evidence is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceKind {
    /// A reference to an issue or ticket (`#42`, `PAY-812`, an issue URL).
    Reference,
    /// A stated problem (a `Problem:` line, a `## Why` section).
    Problem,
    /// Another named section a rule asked for (`section: { name: … }`).
    Section,
    /// A success metric, with what makes it measurable.
    Metric,
    /// When to look at the metric again (`Review-By: 2027-01-15`, "within 30 days").
    ReviewDate,
}

impl EvidenceKind {
    /// The name used in JSON (`review-date`).
    pub fn name(self) -> &'static str {
        match self {
            EvidenceKind::Reference => "reference",
            EvidenceKind::Problem => "problem",
            EvidenceKind::Section => "section",
            EvidenceKind::Metric => "metric",
            EvidenceKind::ReviewDate => "review-date",
        }
    }
}

/// What a metric says, part by part, as written (`None`: it does not say).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MetricParts {
    /// The quantity: `40%`, `200 ms`.
    pub quantity: Option<String>,
    /// The direction or threshold: `from 40 to 5`, `under`.
    pub direction: Option<String>,
    /// The baseline: `from 40`, `currently 12%`.
    pub baseline: Option<String>,
    /// The time to look again: `within 30 days`.
    pub timeframe: Option<String>,
}

/// One fact a change carries that a rule can use: where it is and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// What it is.
    pub kind: EvidenceKind,
    /// The text as written (a section's text, shortened to one line).
    pub text: String,
    /// 1-based line in the checked text (`null`: on no line of it, e.g. in the branch name).
    pub line: Option<usize>,
    /// Where it was found when not in the target's own text: `branch feat/PAY-12-export`, `the
    /// pull request description`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// For a reference: the tracker (`github`, `jira`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tracker: Option<&'static str>,
    /// For a reference: whether it closes its issue (`Fixes #12`) or only mentions it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closing: Option<bool>,
    /// For a section: its name in the configuration.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// For a metric: what it says, part by part.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment: Option<MetricParts>,
    /// For a review date: the day (`2027-01-15`), when it names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// For a review date: days after the change ships, when it counts from then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days: Option<u32>,
}

impl Evidence {
    /// A fact of `kind` saying `text` at `line`, with nothing else known yet.
    pub fn new(kind: EvidenceKind, text: String, line: Option<usize>) -> Evidence {
        Evidence {
            kind,
            text,
            line,
            from: None,
            tracker: None,
            closing: None,
            section: None,
            assessment: None,
            date: None,
            days: None,
        }
    }
}

/// How one rule judged one target, with the evidence it used: on a pass, what satisfied it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleResult {
    /// The rule's id.
    pub rule: String,
    /// Its level for this target.
    pub level: Level,
    /// Whether the target satisfied it.
    pub pass: bool,
    /// What the check found (on a pass) or what is missing.
    pub detail: String,
    /// Indices into [`Checked::evidence`] of the facts that satisfied it.
    pub evidence: Vec<usize>,
}

/// Everything learned about one checked target.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Rule findings, in rule order.
    pub findings: Vec<Finding>,
    /// Set when the target was exempt (then `findings` is empty).
    pub exemption: Option<Exemption>,
    /// Notices about the input.
    pub notices: Vec<Notice>,
    /// The facts the target carries (and those elsewhere in the change that a rule used), in
    /// text order. Empty when exempt. Those a rule used, and a few more of each kind.
    pub evidence: Vec<Evidence>,
    /// Facts found but not listed in `evidence` (thousands of references in one message).
    pub evidence_omitted: usize,
    /// Every rule that applied, in rule order, passing or failing.
    pub results: Vec<RuleResult>,
}

/// Totals over a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Targets looked at (exempt ones included).
    pub checked: usize,
    /// Targets skipped by an exemption.
    pub exempt: usize,
    /// Findings at error level.
    pub errors: usize,
    /// Findings at warning level.
    pub warnings: usize,
    /// Findings at info level.
    pub infos: usize,
}

impl Summary {
    /// Adds one target's results.
    pub fn add(&mut self, checked: &Checked) {
        self.checked += 1;
        if checked.exemption.is_some() {
            self.exempt += 1;
        }
        for finding in &checked.findings {
            match finding.level {
                Level::Error => self.errors += 1,
                Level::Warning => self.warnings += 1,
                Level::Info => self.infos += 1,
                Level::Off => {}
            }
        }
    }

    /// True when nothing reached error level.
    pub fn passed(&self) -> bool {
        self.errors == 0
    }
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprint_is_stable_and_separates_parts() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
        // Pinned: a change here would reopen every alert users have triaged.
        assert_eq!(
            fingerprint(&["problem-link", "commit", "0"]),
            "69f58029502fc0c4"
        );
    }
}
