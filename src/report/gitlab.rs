//! `--format gitlab`: GitLab Code Quality JSON (an array of issues), for the merge request
//! widget. Like SARIF, each issue sits at line 1 of one file of the repository, named relative
//! to its root (`finding::Anchor`: the configuration file when tracked, else the README, else
//! the first tracked file), and its description names the commit, branch or merge request it
//! is about. The `fingerprint` comes from the rule and the target (`Finding::fingerprint`), so
//! GitLab tells new issues from old ones across pipelines whatever the wording.

use super::{Epilogue, Reporter};
use crate::finding::{Anchor, Checked, Level, Summary, Target};
use serde_json::json;
use std::io::{self, Write};

/// The Code Quality reporter; writes the array at `finish`.
pub struct Gitlab<'a> {
    out: Box<dyn Write + 'a>,
    anchor: String,
    issues: Vec<serde_json::Value>,
}

impl<'a> Gitlab<'a> {
    /// Writes to `out`; issues point at `anchor` (at an empty path when there is no file to
    /// point at: outside a repository, which no merge request pipeline is).
    pub fn new(out: Box<dyn Write + 'a>, anchor: &Anchor) -> Self {
        Gitlab {
            out,
            anchor: anchor.path.clone().unwrap_or_default(),
            issues: Vec::new(),
        }
    }
}

impl Reporter for Gitlab<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        for finding in &checked.findings {
            let severity = match finding.level {
                Level::Error => "major",
                Level::Warning => "minor",
                Level::Info | Level::Off => "info",
            };
            self.issues.push(json!({
                "type": "issue",
                "check_name": finding.rule,
                "description": format!("{}: {}", super::github::target_name(target), finding.message),
                "content": { "body": finding.help },
                "categories": ["Style"],
                "severity": severity,
                "fingerprint": finding.fingerprint(),
                "location": { "path": self.anchor, "lines": { "begin": 1 } },
            }));
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _epilogue: &Epilogue) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.out, &self.issues)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}
