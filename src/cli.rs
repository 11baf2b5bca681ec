//! The command line: commands, their flags, and the flags commands share (`flags` says which
//! of those mean something to which command).

pub mod flags;

use crate::report::Format;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::path::PathBuf;

/// Make every change say why: a linked problem and a measurable success metric.
#[derive(Debug, Parser)]
#[command(name = "whylint", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Flags shared by every command.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command line as clap sees it: each command offers the shared flags that mean
    /// something to it (`flags::MEANINGS`).
    pub fn definition() -> clap::Command {
        flags::command(Cli::command())
    }

    /// Parses `args` (the program name first); a shared flag that means nothing to the command
    /// is an error, and `--output -` is standard output.
    pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let mut command = Cli::definition();
        let matches = command.try_get_matches_from_mut(args)?;
        flags::check(&command, &matches)?;
        let mut cli =
            Cli::from_arg_matches(&matches).map_err(|error| error.format(&mut command))?;
        if cli.global.output.as_deref() == Some(std::path::Path::new("-")) {
            cli.global.output = None;
        }
        Ok(cli)
    }
}

/// Flags shared by the commands (each offers those that mean something to it).
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write to FILE instead of standard output (`-`: standard output; missing directories are
    /// created).
    #[arg(long, short = 'o', global = true, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// When to colour text output (`NO_COLOR` and `CLICOLOR_FORCE` are honoured with `auto`).
    #[arg(long, global = true, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
    /// Use this configuration file instead of looking for `.whylint.yml` (also `WHYLINT_CONFIG`).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit 0 even when there are findings at error level (errors still exit 2).
    #[arg(long, global = true)]
    pub exit_zero: bool,
    /// Text output: show every target (passing and exempt ones too), what satisfied each rule
    /// and where (`problem-link #42 (line 3)`), the evidence, and each finding with its rule's
    /// help and example (by default: one line per finding, each rule's help once at the end).
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
    /// Read the configuration from this git revision instead of the working tree (for
    /// `pull_request_target`: a pull request cannot weaken the rules it is judged by).
    #[arg(long, global = true, value_name = "REV", conflicts_with = "config")]
    pub config_from: Option<String>,
}

/// `--color` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// Colour on a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the current branch against its base: what to run before opening a pull request.
    Check(BranchArgs),
    /// Check one commit message, as the commit-msg hook does (`-` reads standard input).
    Msg(MsgArgs),
    /// Check a pull or merge request description: a file, a GitHub event, or the CI's own PR.
    Pr(PrArgs),
    /// Check every commit in a range (`main..HEAD`, `A...B`) or one revision.
    Commits(CommitsArgs),
    /// Check a branch as a change: its name, each commit since the base, and the whole.
    Branch(BranchArgs),
    /// Write a pull request description from what the branch's commits already say.
    Draft(DraftArgs),
    /// Why-coverage over history: a headline with its trend, per period and author; text, markdown, json or html.
    Report(ReportArgs),
    /// Shipped changes whose metric should be looked at again now.
    Due(DueArgs),
    /// Pre-fill a new commit message (prepare-commit-msg hook): the branch's ticket and prompts.
    Prepare(PrepareArgs),
    /// Install, remove or show whylint's git hooks (an existing hook is kept and run first).
    Hook(HookArgs),
    /// Set a repository up: config, PR template, commit template and CI workflow.
    Init(InitArgs),
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print a man page (roff), or write them all with `--dir`.
    Man(ManArgs),
    /// List the rules in effect and where each came from; `rules test` runs their examples.
    Rules(RulesArgs),
    /// Show one rule's documentation: what it asks, why, how to fix it, examples.
    Explain(ExplainArgs),
}

/// `whylint msg`.
#[derive(Debug, Args)]
pub struct MsgArgs {
    /// The message file (git passes `.git/COMMIT_EDITMSG` to the commit-msg hook), or `-`.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Treat the message as being on this branch (default: the current branch, if any).
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,
}

/// `whylint commits`.
#[derive(Debug, Args)]
pub struct CommitsArgs {
    /// `A..B` (commits in B and not in A), `A...B` (either side since they split) or one revision.
    #[arg(value_name = "RANGE")]
    pub range: String,
    /// Check at most N commits, newest first.
    #[arg(long, short = 'n', value_name = "N")]
    pub max_count: Option<usize>,
    /// Only commits authored on or after this date (`2026-01-31`).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
}

/// `whylint branch` and `whylint check`.
#[derive(Debug, Clone, Args)]
pub struct BranchArgs {
    /// The branch to compare against (default: `origin/HEAD`, then `main`, `master`, `trunk`).
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// A draft pull request description to check together with the branch.
    #[arg(long, value_name = "FILE")]
    pub pr_body: Option<PathBuf>,
    /// The pull request title, with `--pr-body`.
    #[arg(long, value_name = "TITLE", requires = "pr_body")]
    pub pr_title: Option<String>,
    /// The branch name, when HEAD is detached (default: the current branch).
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,
}

/// `whylint pr`.
#[derive(Debug, Args)]
pub struct PrArgs {
    /// The description as Markdown (`-` reads standard input).
    #[arg(long, value_name = "FILE", conflicts_with = "event")]
    pub body_file: Option<PathBuf>,
    /// The title, with `--body-file`.
    #[arg(long, value_name = "TITLE", requires = "body_file")]
    pub title: Option<String>,
    /// A label on the pull request, with `--body-file` (repeatable).
    #[arg(long = "label", value_name = "NAME", requires = "body_file")]
    pub labels: Vec<String>,
    /// A GitHub webhook payload (`pull_request` or `pull_request_target`).
    #[arg(long, value_name = "FILE")]
    pub event: Option<PathBuf>,
}

/// `whylint draft`.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The branch to compare against (default: as `whylint check`).
    #[arg(long, value_name = "REF")]
    pub base: Option<String>,
    /// The branch name, when HEAD is detached.
    #[arg(long, value_name = "NAME")]
    pub branch: Option<String>,
}

/// `whylint report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// History to count: a revision (all its history, default HEAD) or a range `A..B`.
    #[arg(value_name = "RANGE", default_value = "HEAD")]
    pub range: String,
    /// Only changes on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only changes before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Period size; `auto` takes the shortest of month, quarter and year whose typical period
    /// holds at least 10 changes (periods under 10 are marked small).
    #[arg(long, visible_alias = "period", value_enum, default_value_t = Period::Auto)]
    pub by: Period,
    /// Also count per author.
    #[arg(long)]
    pub by_author: bool,
    /// Show authors' names in markdown, json and html (they say `author 1`, `author 2`, …
    /// unless asked; text shows names).
    #[arg(long, conflicts_with = "anonymize")]
    pub names: bool,
    /// Say `author 1`, `author 2`, … in text too (markdown, json and html always do, unless
    /// `--names`).
    #[arg(long)]
    pub anonymize: bool,
    /// Count every commit, not just first-parent history (where a merged PR counts once).
    #[arg(long)]
    pub all_commits: bool,
}

/// Period sizes for `whylint report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Period {
    /// Month, quarter or year: the shortest whose typical period holds enough changes.
    Auto,
    /// ISO weeks (`2026-W03`).
    Week,
    /// Calendar months (`2026-01`).
    Month,
    /// Calendar quarters (`2026-Q1`).
    Quarter,
    /// Calendar years (`2026`).
    Year,
}

/// `whylint due`.
#[derive(Debug, Args)]
pub struct DueArgs {
    /// History to look through (default HEAD).
    #[arg(value_name = "REV", default_value = "HEAD")]
    pub rev: String,
    /// Pretend today is this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Also list reviews due within this many days (`14d`, `2w`, or a number of days).
    #[arg(long, value_name = "DAYS", default_value = "0d")]
    pub within: String,
    /// Exit 1 when something is due (for a scheduled CI job).
    #[arg(long)]
    pub fail_if_due: bool,
}

/// `whylint prepare`.
#[derive(Debug, Args)]
pub struct PrepareArgs {
    /// The message file git passes to prepare-commit-msg.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where the message comes from (git's second argument): message, template, merge, squash
    /// or commit. Also read from `PRE_COMMIT_COMMIT_MSG_SOURCE` under pre-commit.
    #[arg(value_name = "SOURCE")]
    pub source: Option<String>,
    /// The commit, for `commit` sources (git's third argument; unused).
    #[arg(value_name = "SHA")]
    pub sha: Option<String>,
}

/// `whylint hook`.
#[derive(Debug, Args)]
pub struct HookArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: HookAction,
}

/// `whylint hook` subcommands.
#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Install commit-msg and prepare-commit-msg (existing hooks are kept and run first).
    Install {
        /// Install even when husky or lefthook manage the hooks.
        #[arg(long)]
        force: bool,
    },
    /// Remove whylint's hooks and restore the ones that were there before.
    Uninstall,
    /// Show what is installed.
    Status,
}

/// `whylint init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Show what would be written, write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Overwrite existing files without asking.
    #[arg(long, visible_alias = "force", short = 'y')]
    pub yes: bool,
    /// Write GitLab files (MR template, CI job) instead of GitHub ones (default: detected from
    /// `.gitlab-ci.yml` or the `origin` URL).
    #[arg(long)]
    pub gitlab: bool,
    /// Where the CI file installs whylint from: the repository's https URL and a full commit id,
    /// `https://github.com/OWNER/whylint@<40-hex commit>` (default: the commit this binary was
    /// built from, when the build recorded it; without either, no CI file is written).
    #[arg(long, value_name = "URL@COMMIT")]
    pub source: Option<String>,
}

/// `whylint completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `whylint man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`check`, `hook install`); none: whylint(1).
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Vec<String>,
    /// Write every page (`whylint.1`, `whylint-check.1`, …) into DIR, creating it.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `whylint rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// `test`: run every rule's pass/fail examples.
    #[command(subcommand)]
    pub action: Option<RulesAction>,
}

/// `whylint rules` subcommands.
#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// Run every rule's pass/fail examples; exit 1 naming any example that does not behave.
    Test,
}

/// `whylint explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The rule id, e.g. `problem-link`.
    #[arg(value_name = "RULE")]
    pub rule: String,
    /// Also judge this commit message by the rule (`-` reads standard input): whether it
    /// passes, and the evidence it used or the message lacked.
    #[arg(long, value_name = "FILE")]
    pub message: Option<PathBuf>,
}
