//! One small file per command. Each picks a source, runs the shared pipeline and hands the
//! results to a reporter; what they share lives here.

pub mod branch;
pub mod check;
pub mod commits;
pub mod completions;
pub mod coverage;
pub mod draft;
pub mod due;
pub mod hook;
pub mod init;
pub mod man;
pub mod msg;
pub mod next;
pub mod pr;
pub mod prepare;
pub mod rules;
pub mod suggest;

use crate::Outcome;
use crate::cli::{Color, Global};
use crate::error::{Error, Result};
use crate::finding::{Checked, Summary, Target};
use crate::report::templates::Questions;
use crate::report::{self, Epilogue, Fanout, Format, Options, Reporter};
use crate::rules::RuleSet;
use crate::rules::compile::{self, ProjectFile};
use crate::source::env::{self, ColorChoice};
use crate::source::{anchor, ci, config, git::Repo};
use crate::subject::SubjectKind;
use std::io::{BufWriter, Write};

/// What every checking command starts from: the repository (if any) and the compiled rules.
pub struct Session {
    /// The repository around the working directory, if any.
    pub repo: Option<Repo>,
    /// The rules in effect.
    pub rules: RuleSet,
    /// What was done to read them (the `--config-from` revision fetched into a shallow clone).
    pub notes: Vec<String>,
}

impl Session {
    /// Opens the repository and compiles the rules (built-in packs + project config).
    pub fn open(global: &Global) -> Result<Session> {
        Session::open_as(global, compile::build)
    }

    /// `open`, with every rule's examples: for `whylint rules`.
    pub fn open_with_examples(global: &Global) -> Result<Session> {
        Session::open_as(global, compile::build_with_examples)
    }

    fn open_as(
        global: &Global,
        build: fn(Option<ProjectFile<'_>>) -> Result<RuleSet>,
    ) -> Result<Session> {
        let mut repo = Repo::open_from_env();
        let mut notes = Vec::new();
        if let (Some(rev), Some(repo)) = (&global.config_from, &mut repo) {
            notes = crate::source::shallow::ensure_config_revision(repo, rev)?;
        }
        let root = match &repo {
            Some(repo) => Some(repo.root()),
            None => std::env::current_dir().ok(),
        };
        let config = match (&global.config_from, &repo) {
            (Some(rev), Some(repo)) => config::load_from_revision(repo, rev)?,
            (Some(_), None) => {
                return Err(Error::Usage(
                    "`--config-from` reads the configuration from git history, and there is no repository here".into(),
                ));
            }
            (None, _) => config::load(global.config.as_deref(), root.as_deref())?,
        };
        let project = config.as_ref().map(|c| ProjectFile {
            name: &c.name,
            text: &c.text,
        });
        let rules = build(project)?;
        Ok(Session { repo, rules, notes })
    }

    /// How the repository marks comment lines (`#` outside a repository).
    pub fn comment_style(&self) -> crate::parse::message::CommentStyle {
        self.repo
            .as_ref()
            .map(Repo::comment_style)
            .unwrap_or_else(|| crate::parse::message::CommentStyle::Prefix("#".into()))
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
    /// Starts a run reporting as `global` asks (`--format`, `--output`, `--color`); on GitHub
    /// Actions, also annotations, a job summary and step outputs, whatever the format.
    pub fn start(global: &Global, rules: &RuleSet) -> Result<Run<'a>> {
        Ok(Run {
            reporter: open_reporter(global, rules)?,
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

/// The questions the rules in effect ask of a `kind` of change (the first rule that asks for
/// the problem, the first that asks for a metric), for templates and prompts.
pub fn questions(rules: &RuleSet, kind: SubjectKind) -> Questions {
    let first = |what| {
        rules
            .asking(what, kind)
            .map(|rule| rule.question.trim())
            .find(|question| !question.is_empty())
            .map(str::to_owned)
    };
    Questions {
        problem: first(crate::rules::asks_problem),
        metric: first(crate::rules::asks_metric),
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

/// Standard output, through the one output boundary (fenced on GitHub Actions).
pub fn stdout() -> Box<dyn Write> {
    report::boundary::stdout()
}

/// Standard output for a check's report in `format`: JSON documents stay valid JSON (made
/// inert rather than fenced on GitHub Actions); everything else is text.
pub fn stdout_for(format: Format) -> Box<dyn Write> {
    document_stdout(is_json(format))
}

/// Formats whose document is JSON.
fn is_json(format: Format) -> bool {
    matches!(format, Format::Json | Format::Sarif | Format::Gitlab)
}

/// Standard output for a command that writes JSON (`json`) or text.
pub fn document_stdout(json: bool) -> Box<dyn Write> {
    if json {
        report::boundary::stdout_json()
    } else {
        report::boundary::stdout()
    }
}

/// The reporter(s) for this run: the chosen format to stdout, or to `--output` with text on
/// the terminal as well. On GitHub Actions, whatever the format and `--output`, the run also
/// writes annotations, the job summary and the step outputs, so a workflow's `fail-on` and
/// its view of the run never depend on the format asked for. Fencing is the output
/// boundary's job (`report::boundary`), not the reporters'.
fn open_reporter<'a>(global: &Global, rules: &RuleSet) -> Result<Box<dyn Reporter + 'a>> {
    if global.format == Format::Html {
        return Err(Error::Usage(
            "`--format html` is for `whylint report`; checks write text, json, sarif, junit, gitlab, markdown or github".into(),
        ));
    }
    let options = Options {
        color: stdout_color(global),
        verbose: global.verbose,
        anchor: match global.format {
            Format::Sarif | Format::Gitlab => anchor::locate(rules.project_file.as_deref()),
            _ => Default::default(),
        },
    };
    let mut reporters = Vec::new();
    match &global.output {
        Some(path) => {
            let plain = Options {
                color: false,
                ..options.clone()
            };
            reporters.push(report::reporter(
                global.format,
                output_file(path, is_json(global.format))?,
                &plain,
            ));
            if global.format != Format::Text {
                reporters.push(report::reporter(Format::Text, stdout(), &options));
            }
        }
        // Workflow commands are whylint's own lines, written outside the fence.
        None if global.format == Format::Github => reporters.push(report::reporter(
            Format::Github,
            report::boundary::commands(),
            &options,
        )),
        None => reporters.push(report::reporter(
            global.format,
            stdout_for(global.format),
            &options,
        )),
    }
    if ci::platform() == ci::Platform::GitHub {
        if global.format != Format::Github || global.output.is_some() {
            reporters.push(report::reporter(
                Format::Github,
                report::boundary::commands(),
                &options,
            ));
        }
        if let Some(path) = ci::github_step_summary() {
            reporters.push(Box::new(report::markdown::Markdown::bounded(
                create(&path, true)?,
                report::markdown::STEP_SUMMARY_BYTES,
            )));
        }
        if let Some(path) = ci::github_output() {
            reporters.push(Box::new(report::outputs::Outputs::new(create(
                &path, true,
            )?)));
        }
    }
    Ok(match reporters.len() {
        1 => reporters.remove(0),
        _ => Box::new(Fanout::new(reporters)),
    })
}

/// Where a command's document goes: `--output FILE`, or standard output (`json`: the
/// document is JSON, see `document_stdout`).
pub fn output(global: &Global, json: bool) -> Result<Box<dyn Write>> {
    match &global.output {
        Some(path) => output_file(path, json),
        None => Ok(document_stdout(json)),
    }
}

/// `--output FILE`: on Actions made inert for the runner as standard output is, since a later
/// step may print it (`json`: the document is JSON, escaped so it stays the same document).
fn output_file(path: &std::path::Path, json: bool) -> Result<Box<dyn Write>> {
    Ok(report::boundary::file(create(path, false)?, json))
}

/// Opens a report file for writing (or appending, for the files GitHub hands a step).
fn create(path: &std::path::Path, append: bool) -> Result<Box<dyn Write>> {
    if !append {
        return Ok(Box::new(BufWriter::new(crate::source::file::create(path)?)));
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(append)
        .truncate(!append)
        .open(path)
        .map_err(|source| Error::Io {
            action: "write",
            path: path.to_path_buf(),
            source,
        })?;
    Ok(Box::new(BufWriter::new(file)))
}
