//! `--format json`: one document. Scripts and CI depend on its shape:
//! `{"version": 1, "findings": [...], "exemptions": [...], "notices": [...], "checked": [...],
//! "summary": {...}}`.
//!
//! Findings are written as they arrive, so memory stays flat over long ranges; exemptions,
//! notices and the `checked` entries (one per target, passing or failing, with the evidence it
//! carries) are kept, already serialized, until `finish`.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Evidence, Level, Notice, Summary, Target};
use serde::Serialize;
use std::io::{self, Write};

/// The JSON reporter.
pub struct Json<'a> {
    out: Box<dyn Write + 'a>,
    started: bool,
    findings: usize,
    exemptions: Vec<String>,
    notices: Vec<String>,
    checked: Vec<String>,
}

/// One entry of `checked`: the target, the facts it carries and how each rule used them.
#[derive(Serialize)]
struct CheckedEntry<'a> {
    target: &'a Target,
    evidence: &'a [Evidence],
    /// Facts found but not listed (only when there are some).
    #[serde(skip_serializing_if = "is_zero")]
    omitted: usize,
    exempt: Option<&'a str>,
    rules: Vec<RuleEntry<'a>>,
}

/// How one rule judged the target: `evidence` numbers the facts that satisfied it.
#[derive(Serialize)]
struct RuleEntry<'a> {
    rule: &'a str,
    level: Level,
    pass: bool,
    evidence: &'a [usize],
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
            checked: Vec::new(),
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

fn is_zero(count: &usize) -> bool {
    *count == 0
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
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
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
        self.checked.push(compact(&CheckedEntry {
            target,
            evidence: &checked.evidence,
            omitted: checked.evidence_omitted,
            exempt: checked.exemption.as_ref().map(|e| e.reason.as_str()),
            rules: checked
                .results
                .iter()
                .map(|result| RuleEntry {
                    rule: &result.rule,
                    level: result.level,
                    pass: result.pass,
                    evidence: &result.evidence,
                })
                .collect(),
        })?);
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
        write!(self.out, ",\n  \"checked\": ")?;
        write_list(&mut self.out, &self.checked)?;
        writeln!(self.out, ",\n  \"summary\": {}\n}}", compact(summary)?)?;
        self.out.flush()
    }
}
