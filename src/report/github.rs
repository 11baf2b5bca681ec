//! `--format github`: GitHub Actions workflow commands — one annotation per finding, at most as
//! many as GitHub shows per step, the rest summed up in a notice.
//!
//! Every piece of text from a commit, a PR or a config is escaped the way the runner expects
//! (`%`, `\r`, `\n` in data; also `:` and `,` in properties), and what the runner would still
//! act on is shown escaped (`##[` anywhere, other line breaks, control characters), so it can
//! never end an annotation early or start a command of its own. On standard output these lines
//! go through `boundary::commands`, outside the stop-commands fence.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Level, Summary, Target, TargetKind};
use std::io::{self, Write};

/// GitHub shows at most this many annotations of each level per step.
pub const ANNOTATIONS_PER_LEVEL: usize = 10;

/// The annotations reporter.
pub struct GitHub<'a> {
    out: Box<dyn Write + 'a>,
    shown: [usize; 3],
    hidden: usize,
    /// Commands are written at `finish`, after the other formats' text.
    lines: Vec<String>,
}

impl<'a> GitHub<'a> {
    /// Writes workflow commands to `out` (the step's stdout).
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        GitHub {
            out,
            shown: [0; 3],
            hidden: 0,
            lines: Vec::new(),
        }
    }
}

/// Escapes the message part of a workflow command.
pub fn escape_data(text: &str) -> String {
    let escaped = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    super::boundary::neutralise(&super::human::safe(&escaped))
}

/// Escapes a property value (`title=…`) of a workflow command.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A short name for a target, for titles: `commit 1a2b3c4d`, `pull request #12`, …
pub fn target_name(target: &Target) -> String {
    match target.kind {
        TargetKind::Commit => format!("commit {}", target.id.get(..8).unwrap_or(&target.id)),
        TargetKind::Branch => format!("branch {}", target.id),
        TargetKind::Pr => format!("{} {}", target.pr_noun(), target.id),
        TargetKind::Message => format!("message {}", target.id),
    }
}

impl Reporter for GitHub<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        for finding in &checked.findings {
            let (command, slot) = match finding.level {
                Level::Error => ("error", 0),
                Level::Warning => ("warning", 1),
                Level::Info => ("notice", 2),
                Level::Off => continue,
            };
            if self.shown[slot] >= ANNOTATIONS_PER_LEVEL {
                self.hidden += 1;
                continue;
            }
            self.shown[slot] += 1;
            let title = format!("whylint {}: {}", finding.rule, target_name(target));
            let text = format!("{}\n{}", finding.message, finding.help);
            self.lines.push(format!(
                "::{command} title={}::{}",
                escape_property(&title),
                escape_data(&text)
            ));
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, _epilogue: &Epilogue) -> io::Result<()> {
        for line in &self.lines {
            writeln!(self.out, "{line}")?;
        }
        if self.hidden > 0 {
            let text = format!(
                "{} more finding(s) are not annotated (GitHub shows {ANNOTATIONS_PER_LEVEL} of each level per step); see the job summary or the log",
                self.hidden
            );
            writeln!(self.out, "::notice title=whylint::{}", escape_data(&text))?;
        }
        let _ = summary;
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_cannot_break_out_of_its_line() {
        assert_eq!(
            escape_data("a\n::set-env name=X::1"),
            "a%0A::set-env name=X::1"
        );
        assert_eq!(escape_data("100%\r\n"), "100%25%0D%0A");
    }

    #[test]
    fn data_cannot_hold_a_command_the_runner_finds_mid_line() {
        assert_eq!(
            escape_data("ok ##[stop-commands]x\u{2028}::error::y\u{1b}]52"),
            "ok ##\\u{5b}stop-commands]x\\u{2028}::error::y\\u{1b}]52"
        );
    }

    #[test]
    fn properties_escape_separators() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
