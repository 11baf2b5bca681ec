//! Human-readable text: grouped by target, coloured on a terminal, ending with next steps.
//!
//! By default, the way compilers and linters group it: per failing target a heading and one
//! line per finding (rule, what is missing, quoting the author's text where it came close);
//! each rule's question, help and example once at the end, however many targets broke it; then
//! a one-line summary. Exempt and passing targets are counted, not listed. `--verbose` lists
//! every target with what satisfied each rule, the evidence, and each finding in full.
//!
//! Text from commits, PRs and config (a rule's help, question and example) is untrusted:
//! control characters (terminal escape sequences included) are shown escaped, never sent to the
//! terminal. Fencing for GitHub Actions is `boundary`'s job, not this reporter's.

use super::brief::{RuleHelps, brief};
use super::{Epilogue, Reporter};
use crate::finding::{
    Checked, Evidence, EvidenceKind, Finding, Level, RuleResult, Summary, Target, TargetKind,
};
use colored::{ColoredString, Colorize};
use std::borrow::Cow;
use std::io::{self, Write};

/// The text reporter.
pub struct Human<'a> {
    out: Box<dyn Write + 'a>,
    color: bool,
    verbose: bool,
    /// Rules that had findings, for the help blocks at the end.
    helps: RuleHelps,
    /// Exemptions by kind (`release`, `merge`), first seen first, for the summary.
    exempt: Vec<(String, usize)>,
}

impl<'a> Human<'a> {
    /// Writes to `out`; `color` decides ANSI colours.
    pub fn new(out: Box<dyn Write + 'a>, color: bool) -> Self {
        // `colored` decides by itself from the environment; we have already decided (--color,
        // NO_COLOR, CLICOLOR_FORCE, terminal), so tell it.
        if color {
            colored::control::set_override(true);
        }
        Human {
            out,
            color,
            verbose: false,
            helps: RuleHelps::default(),
            exempt: Vec::new(),
        }
    }

    /// Lists every target, passing and exempt ones too, with what satisfied each rule, the
    /// evidence, and each finding in full (`--verbose`).
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// One line per rule that applied (`✓ problem-link #42 (line 3)`), then every fact the
    /// target carries.
    fn results(&mut self, checked: &Checked) -> io::Result<()> {
        for result in &checked.results {
            let line = result_line(result, &checked.evidence);
            let mark = if result.pass {
                self.paint("✓", |s| s.green().bold())
            } else {
                self.paint("✗", level_style(result.level))
            };
            writeln!(self.out, "  {mark} {line}")?;
        }
        if checked.exemption.is_none() {
            let more = match checked.evidence_omitted {
                0 => String::new(),
                n => format!(", and {n} more"),
            };
            writeln!(
                self.out,
                "  {} {}{more}",
                self.paint("evidence:", |s| s.bold()),
                evidence_list(checked.evidence.iter())
            )?;
        }
        Ok(())
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

impl Human<'_> {
    /// One finding's line: level, rule, line, and `message`.
    fn finding_line(&mut self, finding: &Finding, message: &str) -> io::Result<()> {
        let label = self.paint(finding.level.name(), level_style(finding.level));
        let rule = self.paint(&format!("[{}]", finding.rule), |s| s.bold());
        writeln!(
            self.out,
            "  {label}{rule}{} {}",
            line_of(finding),
            safe(message)
        )
    }

    /// Every finding in full: what is missing, the question, how to fix it, an example.
    fn findings_in_full(&mut self, checked: &Checked) -> io::Result<()> {
        for finding in &checked.findings {
            self.finding_line(finding, &finding.message)?;
            self.rule_help("    ", &finding.question, &finding.help, &finding.example)?;
        }
        Ok(())
    }

    /// One line per finding: level, rule, line, what is missing.
    fn findings_in_brief(&mut self, checked: &Checked) -> io::Result<()> {
        for finding in &checked.findings {
            self.helps.add(finding);
            self.finding_line(finding, &brief(finding))?;
        }
        Ok(())
    }

    /// A rule's question, help and example, indented by `indent`.
    fn rule_help(
        &mut self,
        indent: &str,
        question: &str,
        help: &str,
        example: &str,
    ) -> io::Result<()> {
        if !question.is_empty() {
            writeln!(
                self.out,
                "{indent}{} {}",
                self.paint("?", |s| s.bold()),
                safe(question)
            )?;
        }
        writeln!(
            self.out,
            "{indent}{} {}",
            self.paint("help:", |s| s.bold()),
            safe(help)
        )?;
        if !example.is_empty() {
            writeln!(self.out, "{indent}{}", self.paint("example:", |s| s.bold()))?;
            for line in example.lines() {
                let line = safe(line);
                writeln!(self.out, "{indent}  {}", self.paint(&line, |s| s.green()))?;
            }
        }
        Ok(())
    }

    /// Each rule that had findings, once: its summary, how many findings, question, help and
    /// example.
    fn help_blocks(&mut self) -> io::Result<()> {
        let rules = self.helps.rules().to_vec();
        for rule in &rules {
            let label = self.paint(rule.level.name(), level_style(rule.level));
            let id = self.paint(&format!("[{}]", rule.rule), |s| s.bold());
            let times = match rule.count {
                1 => String::new(),
                n => format!(" ({n} findings)"),
            };
            writeln!(self.out, "{label}{id} {}{times}", safe(&rule.summary))?;
            self.rule_help("  ", &rule.question, &rule.help, &rule.example)?;
            writeln!(self.out)?;
        }
        Ok(())
    }

    /// `, 12 exempt (release)` or `, 3 exempt (2 merge, 1 bot)`; empty when none.
    fn exempt_counts(&self, total: usize) -> String {
        if total == 0 {
            return String::new();
        }
        let kinds: Vec<String> = match self.exempt.as_slice() {
            [] => Vec::new(),
            [(kind, _)] => vec![safe(kind)],
            many => many
                .iter()
                .map(|(kind, count)| format!("{count} {}", safe(kind)))
                .collect(),
        };
        if kinds.is_empty() {
            format!(", {total} exempt")
        } else {
            format!(", {total} exempt ({})", kinds.join(", "))
        }
    }
}

/// ` (line 3)` when the finding points at a line.
fn line_of(finding: &crate::finding::Finding) -> String {
    finding
        .location
        .as_ref()
        .map(|l| format!(" (line {})", l.line))
        .unwrap_or_default()
}

impl Reporter for Human<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        if let Some(exemption) = &checked.exemption {
            match self.exempt.iter_mut().find(|(k, _)| *k == exemption.kind) {
                Some((_, count)) => *count += 1,
                None => self.exempt.push((exemption.kind.clone(), 1)),
            }
        }
        let exemption_shown = checked.exemption.is_some() && self.verbose;
        if !self.verbose && checked.findings.is_empty() && checked.notices.is_empty() {
            return Ok(());
        }
        let heading = self.paint(&target_heading(target), |s| s.bold());
        writeln!(self.out, "{heading}")?;
        if let Some(exemption) = checked.exemption.as_ref().filter(|_| exemption_shown) {
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
        if self.verbose {
            self.results(checked)?;
            self.findings_in_full(checked)?;
        } else {
            self.findings_in_brief(checked)?;
        }
        writeln!(self.out)
    }

    fn finish(&mut self, summary: &Summary, epilogue: &Epilogue) -> io::Result<()> {
        self.help_blocks()?;
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
        let exempt = self.exempt_counts(summary.exempt);
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

/// One rule's result in words: `problem-link #42 (line 3)` on a pass, `jira-key (error)` on a
/// failure (its finding follows).
pub fn result_line(result: &RuleResult, evidence: &[Evidence]) -> String {
    if !result.pass {
        return format!("{} ({})", result.rule, result.level);
    }
    let used = result
        .evidence
        .iter()
        .filter_map(|&index| evidence.get(index));
    if result.evidence.is_empty() {
        result.rule.clone()
    } else {
        format!("{} {}", result.rule, evidence_list(used))
    }
}

/// Facts in words, comma-separated (`none` when there are none).
pub fn evidence_list<'a>(evidence: impl Iterator<Item = &'a Evidence>) -> String {
    let shown: Vec<String> = evidence.map(evidence_phrase).collect();
    if shown.is_empty() {
        "none".to_owned()
    } else {
        shown.join(", ")
    }
}

/// One fact in words: `#42 (line 3)`, `PAY-12 (branch feat/PAY-12-export)`, `metric
/// "export time drops…" (line 4)`. Untrusted text is made safe here.
pub fn evidence_phrase(evidence: &Evidence) -> String {
    let text = safe(&shorten(&evidence.text));
    let what = match evidence.kind {
        EvidenceKind::Reference => text,
        EvidenceKind::Section => format!(
            "{} \"{text}\"",
            safe(evidence.section.as_deref().unwrap_or("section"))
        ),
        kind => format!("{} \"{text}\"", kind.name()),
    };
    let line = evidence.line.map(|line| format!("line {line}"));
    let place = match (evidence.from.as_deref(), line) {
        (Some(from), Some(line)) => format!(" ({}, {line})", safe(from)),
        (Some(from), None) => format!(" ({})", safe(from)),
        (None, Some(line)) => format!(" ({line})"),
        (None, None) => String::new(),
    };
    format!("{what}{place}")
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
