//! `--format markdown`: a summary for a pull request or a GitHub job summary — what was
//! checked, what is missing, and what to paste.
//!
//! Text from commits and PRs is untrusted: every character Markdown or HTML could act on is
//! written as an HTML entity, so a subject holding `<script>` or `![](…)` shows as text, and
//! each quoted title or message is cut to a readable length. As a GitHub job summary the
//! document is also kept under GitHub's 1 MiB limit ([`Markdown::bounded`]), ending with how
//! many findings were left out.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Finding, Level, Summary, Target};
use std::io::{self, Write};

/// The Markdown reporter; writes everything at `finish`.
pub struct Markdown<'a> {
    out: Box<dyn Write + 'a>,
    rows: Vec<String>,
    exempt: Vec<String>,
    fixes: Vec<Finding>,
    limit: Option<usize>,
}

/// GitHub refuses a step summary over 1 MiB; this leaves room for a note and other steps' text.
pub const STEP_SUMMARY_BYTES: usize = 1024 * 1024 - 64 * 1024;

/// The most characters of a message quoted in a cell (titles: `human::TITLE_CHARS`).
const MESSAGE_CHARS: usize = 1000;

impl<'a> Markdown<'a> {
    /// Writes to `out` at the end.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        Markdown {
            out,
            rows: Vec::new(),
            exempt: Vec::new(),
            fixes: Vec::new(),
            limit: None,
        }
    }

    /// Writes at most `limit` bytes, leaving out whole rows and saying how many.
    pub fn bounded(out: Box<dyn Write + 'a>, limit: usize) -> Self {
        Markdown {
            limit: Some(limit),
            ..Markdown::new(out)
        }
    }
}

/// `text` cut to `chars` characters, ending in `…` when cut.
fn clip(text: &str, chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(chars) {
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..cut])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// The document being built, with what did not fit counted instead of written.
struct Page {
    text: String,
    limit: usize,
    left_out: usize,
    full: bool,
}

impl Page {
    /// Adds `piece` when it fits; counts `items` as left out when it does not.
    fn add(&mut self, piece: &str, items: usize) {
        if !self.full && self.text.len() + piece.len() <= self.limit {
            self.text.push_str(piece);
        } else {
            self.full = true;
            self.left_out += items;
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
        Some(title) => format!(
            "{name}<br><code>{}</code>",
            escape(&super::human::shorten(title))
        ),
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
                escape(&clip(&exemption.reason, MESSAGE_CHARS))
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
                escape(&clip(&finding.message, MESSAGE_CHARS))
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
        // The note about what was left out needs room of its own.
        let limit = self.limit.map_or(usize::MAX, |l| l.saturating_sub(200));
        let mut page = Page {
            text: String::new(),
            limit,
            left_out: 0,
            full: false,
        };
        page.add(&format!("## whylint: {verdict}\n\n"), 0);
        page.add(
            &format!(
                "Checked {}: {} error(s), {} warning(s), {} exempt.\n\n",
                escape(&clip(&epilogue.scope, MESSAGE_CHARS)),
                summary.errors,
                summary.warnings,
                summary.exempt
            ),
            0,
        );
        if !self.rows.is_empty() {
            page.add(
                "| | checked | rule | what is missing |\n| --- | --- | --- | --- |\n",
                0,
            );
            for row in &self.rows {
                page.add(&format!("{row}\n"), 1);
            }
            page.add("\n", 0);
        }
        for finding in &self.fixes {
            let mut fix = format!(
                "### `{}`: {}\n\n{}\n\n",
                finding.rule,
                escape(&finding.question),
                escape(&finding.help)
            );
            if !finding.example.is_empty() {
                let example = super::human::safe(&finding.example);
                let fence = fence(&example);
                fix.push_str(&format!(
                    "Example to paste:\n\n{fence}\n{example}\n{fence}\n\n"
                ));
            }
            page.add(&fix, 0);
        }
        if !self.exempt.is_empty() {
            page.add("Exempt:\n\n", 0);
            for line in &self.exempt {
                page.add(&format!("{line}\n"), 0);
            }
            page.add("\n", 0);
        }
        for note in &epilogue.notes {
            page.add(&format!("> {}\n\n", escape(&clip(note, MESSAGE_CHARS))), 0);
        }
        let left_out = page.left_out;
        let mut text = page.text;
        if page.full {
            text.push_str(&format!(
                "\n> truncated: {left_out} more finding(s) are not shown here (GitHub keeps a job summary under 1 MiB); the job log has them all.\n"
            ));
        }
        self.out.write_all(text.as_bytes())?;
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
