//! `--format markdown`: a summary for a pull request or a GitHub job summary — what was
//! checked, what is missing, and what to paste.
//!
//! Text from commits and PRs is untrusted: every character Markdown or HTML could act on is
//! written as an HTML entity, so a subject holding `<script>` or `![](…)` shows as text.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Finding, Level, Summary, Target};
use std::io::{self, Write};

/// The Markdown reporter; writes everything at `finish`.
pub struct Markdown<'a> {
    out: Box<dyn Write + 'a>,
    rows: Vec<String>,
    exempt: Vec<String>,
    fixes: Vec<Finding>,
}

impl<'a> Markdown<'a> {
    /// Writes to `out` at the end.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        Markdown {
            out,
            rows: Vec::new(),
            exempt: Vec::new(),
            fixes: Vec::new(),
        }
    }
}

/// Escapes untrusted text for a Markdown table cell or paragraph: HTML and Markdown syntax
/// become entities, line breaks become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Tables, code, emphasis, links and images, strikethrough, escapes, math, mentions
            // and autolinked URLs (`:`); `#`, `!` and parentheses are inert without these.
            '|' | '`' | '*' | '_' | '[' | ']' | '~' | '\\' | '$' | '@' | ':' => {
                out.push_str(&format!("&#{};", c as u32))
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn target_cell(target: &Target) -> String {
    let name = escape(&super::github::target_name(target));
    match &target.title {
        Some(title) => format!("{name}<br><code>{}</code>", escape(title)),
        None => name,
    }
}

/// A code fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    "`".repeat((longest + 1).max(3))
}

impl Reporter for Markdown<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        if let Some(exemption) = &checked.exemption {
            self.exempt.push(format!(
                "- {} — {}",
                target_cell(target),
                escape(&exemption.reason)
            ));
        }
        for finding in &checked.findings {
            let mark = match finding.level {
                Level::Error => "❌",
                Level::Warning => "⚠️",
                Level::Info | Level::Off => "ℹ️",
            };
            self.rows.push(format!(
                "| {mark} | {} | `{}` | {} |",
                target_cell(target),
                finding.rule,
                escape(&finding.message)
            ));
            if !self.fixes.iter().any(|f| f.rule == finding.rule) {
                self.fixes.push(finding.clone());
            }
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, epilogue: &Epilogue) -> io::Result<()> {
        let verdict = if summary.passed() {
            "✅ says why"
        } else {
            "❌ does not say why yet"
        };
        writeln!(self.out, "## whylint: {verdict}\n")?;
        writeln!(
            self.out,
            "Checked {}: {} error(s), {} warning(s), {} exempt.\n",
            escape(&epilogue.scope),
            summary.errors,
            summary.warnings,
            summary.exempt
        )?;
        if !self.rows.is_empty() {
            writeln!(self.out, "| | checked | rule | what is missing |")?;
            writeln!(self.out, "| --- | --- | --- | --- |")?;
            for row in &self.rows {
                writeln!(self.out, "{row}")?;
            }
            writeln!(self.out)?;
        }
        for finding in &self.fixes {
            writeln!(
                self.out,
                "### `{}`: {}\n",
                finding.rule,
                escape(&finding.question)
            )?;
            writeln!(self.out, "{}\n", escape(&finding.help))?;
            if !finding.example.is_empty() {
                let fence = fence(&finding.example);
                writeln!(
                    self.out,
                    "Example to paste:\n\n{fence}\n{}\n{fence}\n",
                    finding.example
                )?;
            }
        }
        if !self.exempt.is_empty() {
            writeln!(self.out, "Exempt:\n")?;
            for line in &self.exempt {
                writeln!(self.out, "{line}")?;
            }
            writeln!(self.out)?;
        }
        for note in &epilogue.notes {
            writeln!(self.out, "> {}\n", escape(note))?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_and_markdown_are_inert() {
        let escaped = escape("<script>alert(1)</script> ![x](http://e/p.png) | `a`\n# h");
        assert!(!escaped.contains('<') && !escaped.contains('|') && !escaped.contains('`'));
        assert!(!escaped.contains("](") && !escaped.contains('\n'));
        assert!(escaped.starts_with("&lt;script&gt;"));
    }

    #[test]
    fn fence_outgrows_backticks() {
        assert_eq!(fence("a ```` b"), "`````");
        assert_eq!(fence("plain"), "```");
    }
}
