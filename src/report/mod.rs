//! Reports: the only place that prints results. One file per format, behind one trait.
//!
//! A run calls `subject` once per checked target as results arrive, then `finish` once, so
//! formats that must be written whole (JSON) can wait until the end while text streams.

pub mod boundary;
pub mod brief;
pub mod coverage;
pub mod draft;
pub mod due;
pub mod github;
pub mod gitlab;
pub mod headline;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod outputs;
pub mod periods;
pub mod plain;
pub mod progress;
pub mod rules;
pub mod sarif;
pub mod templates;
pub mod workflows;

use crate::finding::{Checked, Summary, Target};
use std::io::{self, Write};

/// Output formats (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Human-readable text, coloured on a terminal.
    #[default]
    Text,
    /// One JSON document: `{"version": 1, "findings": […], "exemptions": […], "summary": {…}}`.
    Json,
    /// SARIF 2.1.0 (code scanning).
    Sarif,
    /// JUnit XML, one test case per checked target.
    Junit,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// Markdown, as written to a GitHub job summary.
    Markdown,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML page (`whylint report` only).
    Html,
}

impl Format {
    /// The name as typed after `--format` (`sarif`, `junit`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Gitlab => "gitlab",
            Format::Markdown => "markdown",
            Format::Github => "github",
            Format::Html => "html",
        }
    }

    /// The error for a command that does not write this format: what it writes instead.
    pub fn unsupported(self, command: &str, accepted: &[Format]) -> crate::error::Error {
        let names: Vec<&str> = accepted.iter().map(|format| format.name()).collect();
        let listed = match names.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
            None => String::new(),
        };
        crate::error::Error::Usage(format!(
            "`whylint {command}` writes {listed}, not {}; choose one of these with `--format` (e.g. `--format {}`)",
            self.name(),
            names.first().copied().unwrap_or("text")
        ))
    }
}

/// What a run adds at the end besides the totals: next steps for the person reading.
#[derive(Debug, Clone, Default)]
pub struct Epilogue {
    /// Lines of advice, printed by text formats only.
    pub hints: Vec<String>,
    /// What was checked, in words (`1 message`, `3 commits`).
    pub scope: String,
    /// Things the run did or noticed that concern no single target (history fetched, …).
    pub notes: Vec<String>,
}

/// A report format.
pub trait Reporter {
    /// One target's results.
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()>;
    /// The end of the run.
    fn finish(&mut self, summary: &Summary, epilogue: &Epilogue) -> io::Result<()>;
}

/// What a reporter needs to know besides the format.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Colour text output.
    pub color: bool,
    /// Text output lists every target, what satisfied each rule and each finding in full
    /// (`--verbose`).
    pub verbose: bool,
    /// The file SARIF and Code Quality results point at, and where rule docs live.
    pub anchor: crate::finding::Anchor,
}

/// Makes the reporter for `format`, writing to `out`.
pub fn reporter<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    options: &Options,
) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Text => Box::new(human::Human::new(out, options.color).verbose(options.verbose)),
        Format::Json => Box::new(json::Json::new(out)),
        Format::Sarif => Box::new(sarif::Sarif::new(out, &options.anchor)),
        Format::Junit => Box::new(junit::Junit::new(out)),
        Format::Gitlab => Box::new(gitlab::Gitlab::new(out, &options.anchor)),
        Format::Markdown => Box::new(markdown::Markdown::new(out)),
        Format::Github => Box::new(github::GitHub::new(out)),
        // Only `whylint report` writes HTML; checking commands reject it before getting here.
        Format::Html => Box::new(markdown::Markdown::new(out)),
    }
}

/// Sends every call to several reporters (e.g. JSON to a file and text to the terminal).
pub struct Fanout<'a> {
    reporters: Vec<Box<dyn Reporter + 'a>>,
}

impl<'a> Fanout<'a> {
    /// Wraps reporters.
    pub fn new(reporters: Vec<Box<dyn Reporter + 'a>>) -> Self {
        Fanout { reporters }
    }
}

impl Reporter for Fanout<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        self.reporters
            .iter_mut()
            .try_for_each(|r| r.subject(target, checked))
    }

    fn finish(&mut self, summary: &Summary, epilogue: &Epilogue) -> io::Result<()> {
        self.reporters
            .iter_mut()
            .try_for_each(|r| r.finish(summary, epilogue))
    }
}
