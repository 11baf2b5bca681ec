//! The `whylint` binary: parse the command line, run, map the outcome to an exit code.
//!
//! 0: nothing at error level; 1: findings at error level; 2: usage, configuration, git or I/O
//! error. A closed pipe (`whylint … | head`) is not an error. Run as a commit-message hook, an
//! error or a crash also says that the message is kept and how to commit it.

use clap::Parser;
use std::process::ExitCode;
use whylint::cli::Cli;
use whylint::error::Error;

#[allow(clippy::print_stderr)]
fn main() -> ExitCode {
    let cli = Cli::parse();
    // As a commit-message hook, an error or a crash makes git refuse the commit: say that the
    // message is kept and how to get it back, after whatever went wrong.
    let recovery = whylint::recovery_hint(&cli);
    if let Some(hint) = recovery.clone() {
        let report_panic = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            report_panic(info);
            eprintln!(
                "whylint: internal error: this is a bug in whylint; please report it.\n{hint}"
            );
        }));
    }
    match whylint::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        Err(Error::Output(error)) if error.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("whylint: error: {error}");
            if let Some(hint) = recovery {
                eprintln!("{hint}");
            }
            ExitCode::from(2)
        }
    }
}
