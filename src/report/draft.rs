//! Rendering a drafted pull request description as Markdown.
//!
//! Missing parts become HTML-comment prompts under the headings the default rules look for; an
//! empty section holding only a prompt is what `unfilled-template` reports until it is filled.

use super::human::safe;
use std::io::{self, Write};

/// What the branch already says.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    /// Heading for the problem section (`Problem`).
    pub problem_title: String,
    /// Heading for the metric section (`Success metric`).
    pub metric_title: String,
    /// Issue/ticket references found, as written.
    pub links: Vec<String>,
    /// Problem statements found.
    pub problems: Vec<String>,
    /// Metrics found.
    pub metrics: Vec<String>,
    /// `(short id, subject)` of each commit, oldest first.
    pub changes: Vec<(String, String)>,
}

/// Writes the description.
pub fn write(mut out: Box<dyn Write>, draft: &Draft) -> io::Result<()> {
    let title = |t: &str, fallback: &str| {
        if t.is_empty() {
            fallback.to_owned()
        } else {
            safe(t)
        }
    };
    writeln!(out, "## {}\n", title(&draft.problem_title, "Problem"))?;
    if !draft.links.is_empty() {
        writeln!(out, "Refs: {}\n", safe(&draft.links.join(", ")))?;
    }
    for problem in &draft.problems {
        writeln!(out, "{}\n", safe(problem.trim()))?;
    }
    if draft.links.is_empty() && draft.problems.is_empty() {
        writeln!(out, "{}\n", super::templates::PROBLEM_PROMPT)?;
    }
    writeln!(out, "## {}\n", title(&draft.metric_title, "Success metric"))?;
    for metric in &draft.metrics {
        writeln!(out, "{}\n", safe(metric.trim()))?;
    }
    if draft.metrics.is_empty() {
        writeln!(out, "{}\n", super::templates::METRIC_PROMPT)?;
    }
    writeln!(out, "## Changes\n")?;
    for (id, subject) in &draft.changes {
        writeln!(out, "- {} ({id})", safe(subject))?;
    }
    out.flush()
}
