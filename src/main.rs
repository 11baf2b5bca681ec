//! The `whylint` binary: parse the command line, run, map the outcome to an exit code.
//!
//! 0: nothing at error level; 1: findings at error level; 2: usage, configuration, git or I/O
//! error. A closed pipe (`whylint … | head`) is not an error.

use clap::Parser;
use std::process::ExitCode;
use whylint::cli::Cli;
use whylint::error::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match whylint::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(Error::Output(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("whylint: error: {error}");
            }
            ExitCode::from(2)
        }
    }
}
