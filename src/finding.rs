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
    /// How to fix it.
    pub help: String,
    /// The question the rule asks, e.g. "What problem are we solving for the user?".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// Text the author can paste to satisfy the rule.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub example: String,
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

/// Everything learned about one checked target.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    /// Rule findings, in rule order.
    pub findings: Vec<Finding>,
    /// Set when the target was exempt (then `findings` is empty).
    pub exemption: Option<Exemption>,
    /// Notices about the input.
    pub notices: Vec<Notice>,
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
