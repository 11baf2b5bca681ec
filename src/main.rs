//! The `whylint` binary: parse the command line, run, map the outcome to an exit code.
//!
//! 0: nothing at error level; 1: findings at error level; 2: usage, configuration, git or I/O
//! error (a full disk included). A closed pipe (`whylint … | head`) keeps the verdict: what
//! could not be written is dropped, and findings still exit 1. Everything printed goes through
//! `report::boundary`, which never panics on a closed stream. Run as a commit-message hook, an
//! error or a crash also says that the message is kept and how to commit it.

use std::process::ExitCode;
use whylint::cli::Cli;
use whylint::report::boundary;

fn main() -> ExitCode {
    whylint::guard_output();
    if boundary::is_github() {
        // A panic's message goes through the boundary like everything else.
        std::panic::set_hook(Box::new(|info| boundary::eprint(&info.to_string())));
    }
    // A crash still closes the fence below (and exits 101, as Rust does).
    let code = std::panic::catch_unwind(run).unwrap_or(101);
    // The fence closes even after an error or a crash, so the rest of the job's commands run.
    let closed = boundary::close();
    match closed {
        Err(error) if code != 2 => {
            boundary::eprint(&format!("whylint: error: cannot write the report: {error}"));
            ExitCode::from(2)
        }
        _ => ExitCode::from(code),
    }
}

fn run() -> u8 {
    let cli = match Cli::parse_args(std::env::args_os()) {
        Ok(cli) => cli,
        Err(error) => return usage(&error),
    };
    // As a commit-message hook, an error or a crash makes git refuse the commit: say that the
    // message is kept and how to get it back, after whatever went wrong.
    let recovery = whylint::recovery_hint(&cli);
    if let Some(hint) = recovery.clone() {
        let report_panic = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            report_panic(info);
            boundary::eprint(&format!(
                "whylint: internal error: this is a bug in whylint; please report it.\n{hint}"
            ));
        }));
    }
    match whylint::run(cli) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            boundary::eprint(&format!("whylint: error: {error}"));
            if let Some(hint) = recovery {
                boundary::eprint(&hint);
            }
            2
        }
    }
}

/// `--help`, `--version` and command-line mistakes, printed through the boundary (clap's own
/// printing panics on a closed stream in places, and knows no fence).
fn usage(error: &clap::Error) -> u8 {
    let rendered = error.render();
    if error.use_stderr() {
        // Plain: the boundary shows any escape sequence on stderr as text.
        boundary::eprint(rendered.to_string().trim_end_matches('\n'));
    } else {
        let coloured = whylint::source::env::use_color(whylint::source::env::ColorChoice::Auto);
        let text = if coloured {
            rendered.ansi().to_string()
        } else {
            rendered.to_string()
        };
        let text = text.trim_end_matches('\n');
        use std::io::Write;
        let mut out = boundary::stdout();
        if writeln!(out, "{text}").and_then(|()| out.flush()).is_err() {
            return 2;
        }
    }
    u8::try_from(error.exit_code()).unwrap_or(2)
}
