//! Reports: the only place that prints results. One file per format, behind one trait.
//!
//! A run calls `subject` once per checked target as results arrive, then `finish` once, so
//! formats that must be written whole (JSON) can wait until the end while text streams.

pub mod draft;
pub mod human;
pub mod json;
pub mod rules;

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

/// Makes the reporter for `format`, writing to `out`.
pub fn reporter<'a>(
    format: Format,
    out: Box<dyn Write + 'a>,
    color: bool,
) -> Box<dyn Reporter + 'a> {
    match format {
        Format::Text => Box::new(human::Human::new(out, color)),
        Format::Json => Box::new(json::Json::new(out)),
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
