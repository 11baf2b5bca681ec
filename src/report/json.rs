//! `--format json`: one document. Scripts and CI depend on its shape:
//! `{"version": 1, "findings": [...], "exemptions": [...], "notices": [...], "summary": {...}}`.
//!
//! Findings are written as they arrive, so memory stays flat over long ranges; exemptions and
//! notices (rarer) are kept, already serialized, until `finish`.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Notice, Summary, Target};
use serde::Serialize;
use std::io::{self, Write};

/// The JSON reporter.
pub struct Json<'a> {
    out: Box<dyn Write + 'a>,
    started: bool,
    findings: usize,
    exemptions: Vec<String>,
    notices: Vec<String>,
}

impl<'a> Json<'a> {
    /// Writes to `out`.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        Json {
            out,
            started: false,
            findings: 0,
            exemptions: Vec::new(),
            notices: Vec::new(),
        }
    }

    fn start(&mut self) -> io::Result<()> {
        if !self.started {
            self.started = true;
            write!(self.out, "{{\n  \"version\": 1,\n  \"findings\": [")?;
        }
        Ok(())
    }
}

fn compact(value: &impl Serialize) -> io::Result<String> {
    serde_json::to_string(value).map_err(io::Error::other)
}

fn write_list(out: &mut dyn Write, items: &[String]) -> io::Result<()> {
    if items.is_empty() {
        return write!(out, "[]");
    }
    write!(out, "[")?;
    for (index, item) in items.iter().enumerate() {
        write!(out, "{}\n    {item}", if index == 0 { "" } else { "," })?;
    }
    write!(out, "\n  ]")
}

impl Reporter for Json<'_> {
    fn subject(&mut self, _target: &Target, checked: &Checked) -> io::Result<()> {
        self.start()?;
        for finding in &checked.findings {
            let separator = if self.findings == 0 { "" } else { "," };
            write!(self.out, "{separator}\n    {}", compact(finding)?)?;
            self.findings += 1;
        }
        if let Some(exemption) = &checked.exemption {
            self.exemptions.push(compact(exemption)?);
        }
        for notice in &checked.notices {
            self.notices.push(compact(notice)?);
        }
        Ok(())
    }

    fn finish(&mut self, summary: &Summary, epilogue: &Epilogue) -> io::Result<()> {
        self.start()?;
        for message in &epilogue.notes {
            self.notices.push(compact(&Notice {
                target: None,
                message: message.clone(),
            })?);
        }
        write!(
            self.out,
            "{}],\n  \"exemptions\": ",
            if self.findings == 0 { "" } else { "\n  " }
        )?;
        write_list(&mut self.out, &self.exemptions)?;
        write!(self.out, ",\n  \"notices\": ")?;
        write_list(&mut self.out, &self.notices)?;
        writeln!(self.out, ",\n  \"summary\": {}\n}}", compact(summary)?)?;
        self.out.flush()
    }
}
