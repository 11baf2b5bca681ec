//! One small file per command. Each picks a source, runs the shared pipeline and hands the
//! results to a reporter; what they share lives here.

pub mod branch;
pub mod check;
pub mod commits;
pub mod draft;
pub mod msg;
pub mod rules;

use crate::Outcome;
use crate::cli::{Color, Global};
use crate::error::{Error, Result};
use crate::finding::{Checked, Summary, Target};
use crate::report::{self, Epilogue, Fanout, Format, Reporter};
use crate::rules::RuleSet;
use crate::rules::compile::{self, ProjectFile};
use crate::source::env::{self, ColorChoice};
use crate::source::{config, git::Repo};
use std::io::{BufWriter, Write};

/// What every checking command starts from: the repository (if any) and the compiled rules.
pub struct Session {
    /// The repository around the working directory, if any.
    pub repo: Option<Repo>,
    /// The rules in effect.
    pub rules: RuleSet,
}

impl Session {
    /// Opens the repository and compiles the rules (built-in packs + project config).
    pub fn open(global: &Global) -> Result<Session> {
        let repo = Repo::open_from_env();
        let root = match &repo {
            Some(repo) => Some(repo.root()),
            None => std::env::current_dir().ok(),
        };
        let config = config::load(global.config.as_deref(), root.as_deref())?;
        let project = config.as_ref().map(|c| ProjectFile {
            name: &c.name,
            text: &c.text,
        });
        let rules = compile::build(project)?;
        Ok(Session { repo, rules })
    }

    /// The repository and the rules, or a clear error for commands that need a repository.
    pub fn with_repo(self, command: &str) -> Result<(Repo, RuleSet)> {
        match self.repo {
            Some(repo) => Ok((repo, self.rules)),
            None => Err(Error::Usage(format!(
                "`whylint {command}` needs a git repository, and none was found here (or in any parent directory); run it inside a clone, or check a single message with `whylint msg FILE`"
            ))),
        }
    }
}

/// A run in progress: feeds results to the reporter and keeps the totals.
pub struct Run<'a> {
    reporter: Box<dyn Reporter + 'a>,
    summary: Summary,
}

impl<'a> Run<'a> {
    /// Starts a run reporting as `global` asks (`--format`, `--output`, `--color`).
    pub fn start(global: &Global) -> Result<Run<'a>> {
        Ok(Run {
            reporter: open_reporter(global)?,
            summary: Summary::default(),
        })
    }

    /// Records one target's results.
    pub fn add(&mut self, target: &Target, checked: &Checked) -> Result<()> {
        self.summary.add(checked);
        self.reporter
            .subject(target, checked)
            .map_err(Error::Output)
    }

    /// The totals so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Ends the run and says how it went.
    pub fn finish(mut self, epilogue: &Epilogue) -> Result<Outcome> {
        self.reporter
            .finish(&self.summary, epilogue)
            .map_err(Error::Output)?;
        Ok(if self.summary.passed() {
            Outcome::Clean
        } else {
            Outcome::Findings
        })
    }
}

/// Whether text on stdout gets colours.
pub fn stdout_color(global: &Global) -> bool {
    env::use_color(match global.color {
        Color::Auto => ColorChoice::Auto,
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
    })
}

/// Standard output, buffered.
pub fn stdout() -> Box<dyn Write> {
    Box::new(BufWriter::new(std::io::stdout()))
}

/// The reporter(s) for this run: the chosen format to stdout, or to `--output` with text on
/// the terminal as well.
fn open_reporter<'a>(global: &Global) -> Result<Box<dyn Reporter + 'a>> {
    let color = stdout_color(global);
    let Some(path) = &global.output else {
        return Ok(report::reporter(global.format, stdout(), color));
    };
    let file = std::fs::File::create(path).map_err(|source| Error::Io {
        action: "write",
        path: path.clone(),
        source,
    })?;
    let to_file = report::reporter(global.format, Box::new(BufWriter::new(file)), false);
    if global.format == Format::Text {
        return Ok(to_file);
    }
    let to_terminal = report::reporter(Format::Text, stdout(), color);
    Ok(Box::new(Fanout::new(vec![to_file, to_terminal])))
}
