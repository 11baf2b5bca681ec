//! What the shared flags (`--format`, `--output`, `--color`, `--config`, `--config-from`,
//! `--exit-zero`, `--verbose`) mean to each command, as one table: each command's help offers only the
//! flags that mean something to it and only the formats it writes, and a shared flag given
//! where it means nothing (before the command name, say) is a usage error, never ignored.
//!
//! The flags stay global to clap, so they may come before or after the command name. Each
//! command gets its own copy of every shared flag, which stops clap from propagating the
//! global one: a copy with just the command's formats, or a hidden one when the flag means
//! nothing there (parsed, then refused by `check` with a sentence that says why).

use crate::report::Format;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{Arg, ArgMatches, Command, ValueEnum};

/// What one command does with the shared flags.
#[derive(Debug)]
pub struct Meaning {
    /// The command below `whylint`, words joined by spaces (`rules test`).
    pub path: &'static str,
    /// What it writes, in words.
    pub writes: &'static str,
    /// The `--format` values it writes; empty: it has one output and no `--format`.
    pub formats: &'static [Format],
    /// Whether `--output FILE` means something.
    pub output: bool,
    /// Whether it colours text (`--color`).
    pub color: bool,
    /// Whether it reads the rules (`--config`, `--config-from`).
    pub config: bool,
    /// When it exits 1 (`--exit-zero` makes that 0); `None`: never.
    pub fails: Option<&'static str>,
    /// Whether its text shows per-rule results, evidence and findings in full (`--verbose`).
    pub verbose: bool,
}

/// What the checking commands write.
pub const CHECK_FORMATS: &[Format] = &[
    Format::Text,
    Format::Json,
    Format::Sarif,
    Format::Junit,
    Format::Gitlab,
    Format::Markdown,
    Format::Github,
];

/// What `whylint rules` and `whylint explain` write.
const RULE_FORMATS: &[Format] = &[Format::Text, Format::Json];

/// A checking command: every format, colour, the rules, and exit 1 on findings.
const fn checking(path: &'static str, writes: &'static str) -> Meaning {
    Meaning {
        path,
        writes,
        formats: CHECK_FORMATS,
        output: true,
        color: true,
        config: true,
        fails: Some("a finding at error level"),
        verbose: true,
    }
}

/// A command that prints one thing, reads no rules and never exits 1.
const fn plain(path: &'static str, writes: &'static str) -> Meaning {
    Meaning {
        path,
        writes,
        formats: &[],
        output: false,
        color: false,
        config: false,
        fails: None,
        verbose: false,
    }
}

/// Every command and the shared flags that mean something to it. A nested command without a
/// row (`hook install`) is as its parent.
pub const MEANINGS: &[Meaning] = &[
    checking(
        "check",
        "a report on the branch, or in CI on the pull request",
    ),
    checking("msg", "a report on one commit message"),
    checking("pr", "a report on a pull request description"),
    checking("commits", "a report on each commit in a range"),
    checking("branch", "a report on a branch, its commits and the whole"),
    Meaning {
        formats: &[],
        color: false,
        fails: None,
        verbose: false,
        ..checking("draft", "a pull request description in Markdown")
    },
    Meaning {
        formats: &[Format::Text, Format::Markdown, Format::Json, Format::Html],
        color: false,
        fails: None,
        verbose: false,
        ..checking("report", "why-coverage over history")
    },
    Meaning {
        formats: &[Format::Text, Format::Markdown, Format::Json],
        color: false,
        fails: Some("--fail-if-due is given and a review is due"),
        verbose: false,
        ..checking("due", "the metric reviews that are due")
    },
    Meaning {
        config: true,
        ..plain("prepare", "the commit message file git passes")
    },
    plain("hook", "git hook scripts"),
    plain("init", "configuration, templates and a CI workflow"),
    plain("completions", "a shell completion script"),
    plain("man", "man pages"),
    Meaning {
        formats: RULE_FORMATS,
        color: true,
        config: true,
        ..plain("rules", "the rules in effect")
    },
    Meaning {
        formats: RULE_FORMATS,
        color: true,
        config: true,
        fails: Some("a rule's example does not behave as the rule says"),
        ..plain("rules test", "the results of the rules' examples")
    },
    Meaning {
        formats: RULE_FORMATS,
        color: true,
        config: true,
        ..plain("explain", "one rule's documentation")
    },
];

/// Where the shared flags come in a command's help: after its own, before `--help` (999).
const SHARED_ORDER: usize = 500;

/// `--format`'s help before a command's name, where any command's format may follow.
const ROOT_FORMAT_HELP: &str =
    "Output format (`whylint COMMAND --help` lists the ones COMMAND writes)";

/// `--output`'s help for a command that writes one document.
const OUTPUT_HELP: &str = "Write to FILE instead of standard output (`-`: standard output; missing directories are created)";

/// `--output`'s help for a checking command, which also prints text when the file is not text.
const CHECK_OUTPUT_HELP: &str = "Write the report to FILE (`-`: standard output; missing directories are created); text still goes to the terminal when the format is not text";

impl Meaning {
    /// The row for `path` (`rules test`), if it has one.
    pub fn of(path: &str) -> Option<&'static Meaning> {
        MEANINGS.iter().find(|meaning| meaning.path == path)
    }

    /// Whether the shared flag `id` means something to this command (a flag this table does
    /// not know, say one added later, does).
    fn takes(&self, id: &str) -> bool {
        match id {
            "format" => !self.formats.is_empty(),
            "output" => self.output,
            "color" => self.color,
            "config" | "config_from" => self.config,
            "exit_zero" => self.fails.is_some(),
            "verbose" => self.verbose,
            _ => true,
        }
    }

    /// Why `flag` means nothing to `whylint PATH` (this row's command or one below it), and
    /// what to do.
    fn refusal(&self, path: &str, id: &str, flag: &str) -> String {
        let why = match id {
            "format" => format!("writes {} only", self.writes),
            "output" => "prints to standard output only (redirect it to keep a copy)".to_owned(),
            "color" => "prints no colour".to_owned(),
            "exit_zero" => "never exits 1".to_owned(),
            "verbose" => "shows no per-rule results".to_owned(),
            _ => "reads no rules".to_owned(),
        };
        format!(
            "`whylint {path}` {why}, so `{flag}` means nothing to it; remove `{flag}` and run again"
        )
    }
}

/// The command line as clap sees it: `Cli`, with each command's shared flags cut to what they
/// mean there.
pub fn command(root: Command) -> Command {
    let shared: Vec<Arg> = root
        .get_arguments()
        .filter(|arg| arg.is_global_set())
        .enumerate()
        .map(|(index, arg)| arg.clone().display_order(SHARED_ORDER + index))
        .collect();
    root.mut_arg("format", |arg| arg.help(ROOT_FORMAT_HELP))
        .mut_subcommands(|sub| restrict(sub, "", &shared))
}

/// Gives `cmd` (below `parent`) and its subcommands their own copies of the shared flags.
fn restrict(cmd: Command, parent: &str, shared: &[Arg]) -> Command {
    let path = join(parent, cmd.get_name());
    let cmd = match Meaning::of(&path) {
        Some(meaning) => shared
            .iter()
            .fold(cmd, |cmd, arg| cmd.arg(offer(arg, meaning))),
        None => cmd,
    };
    cmd.mut_subcommands(|sub| restrict(sub, &path, shared))
}

/// `arg` as `meaning`'s command offers it: its formats only, or hidden when it means nothing.
fn offer(arg: &Arg, meaning: &'static Meaning) -> Arg {
    let arg = arg.clone();
    let id = arg.get_id().as_str();
    if !meaning.takes(id) {
        return arg.hide(true);
    }
    match id {
        "format" => arg.value_parser(FormatParser(meaning)),
        "output" if meaning.formats == CHECK_FORMATS => arg.help(CHECK_OUTPUT_HELP),
        "output" => arg.help(OUTPUT_HELP),
        _ => arg,
    }
}

/// `--format` for one command: it offers only the formats the command writes (described one by
/// one for the checks, whose descriptions are theirs), and refuses another of whylint's formats
/// with the sentence used before the command's name too.
#[derive(Debug, Clone)]
struct FormatParser(&'static Meaning);

impl FormatParser {
    /// The formats, as clap lists them.
    fn values(&self) -> impl Iterator<Item = PossibleValue> + 'static {
        let accepted = self.0.formats;
        accepted.iter().filter_map(move |format| {
            if accepted == CHECK_FORMATS {
                format.to_possible_value()
            } else {
                Some(PossibleValue::new(format.name()))
            }
        })
    }
}

impl TypedValueParser for FormatParser {
    type Value = Format;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Format, clap::Error> {
        let known = value
            .to_str()
            .and_then(|name| Format::from_str(name, false).ok());
        match known {
            Some(format) if self.0.formats.contains(&format) => Ok(format),
            Some(format) => Err(clap::Error::raw(
                ErrorKind::InvalidValue,
                format.unsupported(self.0.path, self.0.formats),
            )
            .with_cmd(cmd)),
            // Not a format at all: clap's own message, with the list.
            None => PossibleValuesParser::new(self.values())
                .try_map(|name| Format::from_str(&name, false))
                .parse_ref(cmd, arg, value),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.values()))
    }
}

/// `a b` from `a` and `b` (`b` alone when `a` is empty).
fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_owned()
    } else {
        format!("{parent} {name}")
    }
}

/// Refuses a shared flag given where it means nothing, and a format the command does not write
/// (given before the command name, where clap knows every format).
pub fn check(cmd: &Command, matches: &ArgMatches) -> Result<(), clap::Error> {
    let mut path = String::new();
    let mut names = Vec::new();
    let mut leaf = matches;
    let mut meaning = None;
    while let Some((name, sub)) = leaf.subcommand() {
        path = join(&path, name);
        names.push(name.to_owned());
        leaf = sub;
        meaning = Meaning::of(&path).or(meaning);
    }
    let Some(meaning) = meaning else {
        return Ok(());
    };
    let given = leaf
        .ids()
        .map(|id| id.as_str())
        .filter(|id| leaf.value_source(id) == Some(ValueSource::CommandLine));
    for id in given {
        let message = if !meaning.takes(id) {
            let flag = cmd
                .get_arguments()
                .find(|arg| arg.get_id() == id)
                .and_then(Arg::get_long)
                .map_or_else(|| id.to_owned(), |long| format!("--{long}"));
            meaning.refusal(&path, id, &flag)
        } else if id == "format" {
            match leaf.get_one::<Format>(id).copied() {
                Some(format) if !meaning.formats.contains(&format) => {
                    format.unsupported(&path, meaning.formats).to_string()
                }
                _ => continue,
            }
        } else {
            continue;
        };
        let mut usage = names
            .iter()
            .try_fold(cmd, |command, name| command.find_subcommand(name))
            .unwrap_or(cmd)
            .clone();
        return Err(clap::Error::raw(ErrorKind::ArgumentConflict, message).format(&mut usage));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_a_row_and_the_definition_holds() {
        let command = crate::cli::Cli::definition();
        command.clone().debug_assert();
        for sub in command
            .get_subcommands()
            .filter(|sub| sub.get_name() != "help")
        {
            assert!(Meaning::of(sub.get_name()).is_some(), "{}", sub.get_name());
        }
    }

    #[test]
    fn a_format_a_command_does_not_write_is_refused_before_its_name() {
        let refused = |args: &[&str]| crate::cli::Cli::parse_args(args.iter().copied()).is_err();
        assert!(refused(&[
            "whylint",
            "--format",
            "sarif",
            "explain",
            "problem-link"
        ]));
        assert!(refused(&["whylint", "--format", "json", "draft"]));
        assert!(!refused(&[
            "whylint",
            "--format",
            "json",
            "explain",
            "problem-link"
        ]));
        assert!(!refused(&[
            "whylint",
            "explain",
            "problem-link",
            "--format",
            "json"
        ]));
    }
}
