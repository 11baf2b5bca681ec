//! whylint: make every change say why.
//!
//! The pipeline, one module per stage: `source` (files, git, environment: the only input I/O)
//! → `parse` (pure text → structure) → `subject` (what rules read) → `rules` (compiled from
//! YAML, evaluated per subject) → `finding` → `report` (the only place that prints).
//! `commands` composes them, one small file per command; `cli` defines the command line.

pub mod cli;
pub mod commands;
pub mod error;
pub mod finding;
pub mod parse;
pub mod pipeline;
pub mod report;
pub mod rules;
pub mod source;
pub mod subject;

use cli::{Cli, Command, RulesAction};
pub use error::{Error, Result};

/// What to tell the user if this command line stops on an error or a crash: as a commit-message
/// hook, that their message is kept and how to commit it.
pub fn recovery_hint(cli: &Cli) -> Option<String> {
    match &cli.command {
        Command::Msg(args) => commands::msg::kept_message_hint(args),
        Command::Prepare(args) => commands::prepare::kept_message_hint(args),
        _ => None,
    }
}

/// Guards everything printed from here on for where the process runs: on GitHub Actions, no
/// printed text can act as a workflow command (see `report::boundary`). Call once, first.
pub fn guard_output() {
    report::boundary::install(report::boundary::Setting {
        github: source::ci::platform() == source::ci::Platform::GitHub,
        stdout_is_file: source::env::stdout_is_file(),
    });
}

/// How a run ended, when it did not end in an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing at error level (or `--exit-zero`).
    Clean,
    /// Findings at error level.
    Findings,
}

impl Outcome {
    /// The process exit code: 0 or 1.
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
        }
    }
}

/// Runs one command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    #[cfg(debug_assertions)]
    if source::env::debug_panic_requested() {
        panic!("WHYLINT_DEBUG_PANIC=1: a crash forced for testing (debug builds only)");
    }
    let global = cli.global;
    let outcome = match cli.command {
        Command::Check(args) => commands::check::run(&global, &args)?,
        Command::Msg(args) => commands::msg::run(&global, &args)?,
        Command::Pr(args) => commands::pr::run(&global, &args)?,
        Command::Commits(args) => commands::commits::run(&global, &args)?,
        Command::Branch(args) => commands::branch::run(&global, &args)?,
        Command::Draft(args) => commands::draft::run(&global, &args)?,
        Command::Report(args) => commands::coverage::run(&global, &args)?,
        Command::Due(args) => commands::due::run(&global, &args)?,
        Command::Prepare(args) => commands::prepare::run(&global, &args)?,
        Command::Hook(args) => commands::hook::run(&global, &args)?,
        Command::Init(args) => commands::init::run(&global, &args)?,
        Command::Completions(args) => commands::completions::completions(&args)?,
        Command::Man(args) => commands::man::run(&args)?,
        Command::Rules(args) => match args.action {
            None => commands::rules::list(&global)?,
            Some(RulesAction::Test) => commands::rules::test(&global)?,
        },
        Command::Explain(args) => commands::rules::explain(&global, &args)?,
    };
    Ok(if global.exit_zero {
        Outcome::Clean
    } else {
        outcome
    })
}
