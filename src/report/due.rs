//! `whylint due`: the changes whose metric should be looked at again — text, Markdown ready to
//! paste into an issue, or JSON.

use serde::Serialize;
use std::io::{self, Write};

/// One change whose review is due.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Due {
    /// Full commit id.
    pub id: String,
    /// Subject line.
    pub subject: String,
    /// Commit date, `YYYY-MM-DD`.
    pub shipped: String,
    /// When to look again, `YYYY-MM-DD`.
    pub review: String,
    /// Days past the review date (0 when due today or later within the window).
    pub overdue_days: i64,
    /// The metric as written.
    pub metric: String,
    /// Link to the commit, when the remote is on GitHub or GitLab.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Writes the list as `format` (`text`, `markdown`, `json`).
pub fn write(mut out: Box<dyn Write>, due: &[Due], as_of: &str, format: &str) -> io::Result<()> {
    match format {
        "json" => {
            let document = serde_json::json!({ "version": 1, "as_of": as_of, "due": due });
            serde_json::to_writer_pretty(&mut out, &document)?;
            writeln!(out)?;
        }
        "markdown" => {
            use super::markdown::escape;
            writeln!(out, "## Metrics to look at again (as of {as_of})\n")?;
            if due.is_empty() {
                writeln!(out, "Nothing is due.")?;
            }
            for item in due {
                let short = item.id.get(..10).unwrap_or(&item.id);
                let id = match &item.url {
                    Some(url) => format!("[`{short}`]({url})"),
                    None => format!("`{short}`"),
                };
                writeln!(
                    out,
                    "- [ ] {id} {} — review {} (shipped {}): {}",
                    escape(&item.subject),
                    item.review,
                    item.shipped,
                    escape(&item.metric)
                )?;
            }
        }
        _ => {
            if due.is_empty() {
                writeln!(out, "Nothing is due as of {as_of}.")?;
            }
            for item in due {
                let short = item.id.get(..10).unwrap_or(&item.id);
                let late = if item.overdue_days > 0 {
                    format!(", {} days overdue", item.overdue_days)
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "{short} review {}{late} (shipped {}) {}",
                    item.review,
                    item.shipped,
                    super::human::safe(&item.subject)
                )?;
                writeln!(out, "    metric: {}", super::human::safe(&item.metric))?;
            }
        }
    }
    out.flush()
}
