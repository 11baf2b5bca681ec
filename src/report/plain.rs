//! Plain lines of text for commands that report what they did (`hook`, `init`) rather than
//! findings.

use std::io::{self, Write};

/// Writes each line, then flushes.
pub fn lines(mut out: Box<dyn Write>, lines: &[String]) -> io::Result<()> {
    for line in lines {
        writeln!(out, "{line}")?;
    }
    out.flush()
}
