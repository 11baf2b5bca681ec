//! `whylint completions SHELL`: generated from the command line definition.

use super::stdout;
use crate::Outcome;
use crate::cli::{Cli, CompletionsArgs};
use crate::error::{Error, Result};
use std::io::Write;

/// Prints completions for a shell.
pub fn completions(args: &CompletionsArgs) -> Result<Outcome> {
    let mut command = Cli::definition();
    // Generated in memory first: `generate` panics when its writer fails (`… | head -1`).
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "whylint", &mut script);
    let mut out = stdout();
    out.write_all(&script)
        .and_then(|()| out.flush())
        .map_err(Error::Output)?;
    Ok(Outcome::Clean)
}
