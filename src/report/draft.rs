//! Rendering a drafted pull request description as Markdown.
//!
//! Missing parts become HTML-comment prompts (the rules' questions, chosen by `commands::draft`)
//! under the headings the rules look for; an empty section holding only a prompt is what
//! `unfilled-template` reports until it is filled.

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
    /// The prompt under the problem heading, when the rules still want a problem.
    pub problem_prompt: Option<String>,
    /// The prompt under the metric heading, when the rules still want a metric.
    pub metric_prompt: Option<String>,
}

/// Writes the description.
pub fn write<'a>(mut out: Box<dyn Write + 'a>, draft: &Draft) -> io::Result<()> {
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
    if let Some(prompt) = &draft.problem_prompt {
        writeln!(out, "{prompt}\n")?;
    }
    writeln!(out, "## {}\n", title(&draft.metric_title, "Success metric"))?;
    for metric in &draft.metrics {
        writeln!(out, "{}\n", safe(metric.trim()))?;
    }
    if let Some(prompt) = &draft.metric_prompt {
        writeln!(out, "{prompt}\n")?;
    }
    writeln!(out, "## Changes\n")?;
    for (id, subject) in &draft.changes {
        writeln!(out, "- {} ({id})", safe(subject))?;
    }
    out.flush()
}
