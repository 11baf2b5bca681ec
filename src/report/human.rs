//! Human-readable text: grouped by target, coloured on a terminal, ending with next steps.
//!
//! Each finding shows what is missing, the question behind it, how to fix it and an example to
//! paste. Text from commits, PRs and config (a rule's help, question and example) is
//! untrusted: control characters (terminal escape sequences included) are shown escaped, never
//! sent to the terminal. Fencing for GitHub Actions is `boundary`'s job, not this reporter's.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Level, Summary, Target, TargetKind};
use colored::{ColoredString, Colorize};
use std::borrow::Cow;
use std::io::{self, Write};

/// The text reporter.
pub struct Human<'a> {
    out: Box<dyn Write + 'a>,
    color: bool,
}

impl<'a> Human<'a> {
    /// Writes to `out`; `color` decides ANSI colours.
    pub fn new(out: Box<dyn Write + 'a>, color: bool) -> Self {
        // `colored` decides by itself from the environment; we have already decided (--color,
        // NO_COLOR, CLICOLOR_FORCE, terminal), so tell it.
        if color {
            colored::control::set_override(true);
        }
        Human { out, color }
    }

    fn paint(&self, text: &str, style: fn(&str) -> ColoredString) -> String {
        if self.color {
            style(text).to_string()
        } else {
            text.to_owned()
        }
    }
}

fn level_style(level: Level) -> fn(&str) -> ColoredString {
    match level {
        Level::Error => |s: &str| s.red().bold(),
        Level::Warning => |s: &str| s.yellow().bold(),
        Level::Info | Level::Off => |s: &str| s.cyan().bold(),
    }
}

/// A heading naming the target: a short commit id and subject, a branch, a PR, a file.
fn target_heading(target: &Target) -> String {
    let title = target
        .title
        .as_deref()
        .map(|title| safe(&shorten(title)))
        .unwrap_or_default();
    let quoted = if title.is_empty() {
        String::new()
    } else {
        format!(" \"{title}\"")
    };
    match target.kind {
        TargetKind::Commit => format!(
            "commit {}{quoted}",
            target.id.get(..10).unwrap_or(&target.id)
        ),
        TargetKind::Branch => format!("branch {}", safe(&target.id)),
        TargetKind::Pr => format!("{} {}{quoted}", target.pr_noun(), safe(&target.id)),
        TargetKind::Message => format!("{}{quoted}", safe(&target.id)),
    }
}

impl Reporter for Human<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        if checked.findings.is_empty() && checked.exemption.is_none() && checked.notices.is_empty()
        {
            return Ok(());
        }
        let heading = self.paint(&target_heading(target), |s| s.bold());
        writeln!(self.out, "{heading}")?;
        if let Some(exemption) = &checked.exemption {
            let label = self.paint("exempt", |s| s.dimmed());
            writeln!(
                self.out,
                "  {label}  {} ({})",
                safe(&exemption.reason),
                exemption.kind
            )?;
        }
        for notice in &checked.notices {
            let label = self.paint("note", |s| s.cyan());
            writeln!(self.out, "  {label}  {}", safe(&notice.message))?;
        }
        for finding in &checked.findings {
            let label = self.paint(finding.level.name(), level_style(finding.level));
            let rule = self.paint(&format!("[{}]", finding.rule), |s| s.bold());
            let at = finding
                .location
                .as_ref()
                .map(|l| format!(" (line {})", l.line))
                .unwrap_or_default();
            writeln!(self.out, "  {label}{rule}{at} {}", safe(&finding.message))?;
            if !finding.question.is_empty() {
                writeln!(
                    self.out,
                    "    {} {}",
                    self.paint("?", |s| s.bold()),
                    safe(&finding.question)
                )?;
            }
            writeln!(
                self.out,
                "    {} {}",
                self.paint("help:", |s| s.bold()),
                safe(&finding.help)
            )?;
            if !finding.example.is_empty() {
                writeln!(self.out, "    {}", self.paint("example:", |s| s.bold()))?;
                for line in finding.example.lines() {
                    let line = safe(line);
                    writeln!(self.out, "      {}", self.paint(&line, |s| s.green()))?;
                }
            }
        }
        writeln!(self.out)
    }

    fn finish(&mut self, summary: &Summary, epilogue: &Epilogue) -> io::Result<()> {
        for note in &epilogue.notes {
            let label = self.paint("note:", |s| s.cyan());
            writeln!(self.out, "{label} {}", safe(note))?;
        }
        let counts = format!(
            "{} error{}, {} warning{}",
            summary.errors,
            plural(summary.errors),
            summary.warnings,
            plural(summary.warnings)
        );
        let exempt = if summary.exempt > 0 {
            format!(", {} exempt", summary.exempt)
        } else {
            String::new()
        };
        let line = if summary.passed() {
            let mark = self.paint("✓", |s| s.green().bold());
            format!("{mark} {}: says why ({counts}{exempt})", epilogue.scope)
        } else {
            let mark = self.paint("✗", |s| s.red().bold());
            format!("{mark} {}: {counts}{exempt}", epilogue.scope)
        };
        writeln!(self.out, "{line}")?;
        for hint in &epilogue.hints {
            writeln!(self.out, "{}", safe(hint))?;
        }
        self.out.flush()
    }
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The most characters of a title shown in text output. A subject can be a pasted log or a
/// hostile 10 MiB line; echoing it whole (twice, in a rejected commit) would flood the
/// terminal. Machine formats keep titles whole.
pub const TITLE_CHARS: usize = 100;

/// `text` cut to `TITLE_CHARS` characters, ending in `…` when cut.
pub fn shorten(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(TITLE_CHARS) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
        None => Cow::Borrowed(text),
    }
}

/// Escapes control characters (terminal escapes, NUL, lone CR) so untrusted text cannot act on
/// the terminal; tabs and newlines are kept.
pub fn safe(text: &str) -> String {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{TITLE_CHARS, safe, shorten};

    #[test]
    fn long_titles_are_cut_at_a_character_boundary() {
        assert_eq!(shorten("Add export"), "Add export");
        let long = "é".repeat(TITLE_CHARS + 5);
        let cut = shorten(&long);
        assert_eq!(cut.chars().count(), TITLE_CHARS + 1);
        assert!(cut.ends_with("é…"));
    }

    #[test]
    fn escapes_terminal_control_sequences() {
        assert_eq!(safe("ok\u{1b}[31mred"), "ok\\u{1b}[31mred");
        assert_eq!(safe("a\rb\0"), "a\\u{d}b\\u{0}");
        assert_eq!(safe("line\n\tindent"), "line\n\tindent");
    }
}
