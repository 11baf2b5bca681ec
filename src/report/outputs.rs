//! `$GITHUB_OUTPUT`: step outputs a workflow can branch on — `result` (`pass`/`fail`),
//! `errors` and `warnings` counts. Only numbers and fixed words: nothing from the PR.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Summary, Target};
use std::io::{self, Write};

/// Writes the outputs at `finish`.
pub struct Outputs<'a> {
    out: Box<dyn Write + 'a>,
}

impl<'a> Outputs<'a> {
    /// Appends to `out` (the file named by `GITHUB_OUTPUT`).
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        Outputs { out }
    }
}

impl Reporter for Outputs<'_> {
    fn subject(&mut self, _target: &Target, _checked: &Checked) -> io::Result<()> {
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, _epilogue: &Epilogue) -> io::Result<()> {
        let result = if summary.passed() { "pass" } else { "fail" };
        writeln!(self.out, "result={result}")?;
        writeln!(self.out, "errors={}", summary.errors)?;
        writeln!(self.out, "warnings={}", summary.warnings)?;
        self.out.flush()
    }
}
