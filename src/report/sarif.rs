//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards.
//!
//! whylint's findings are about commit messages and PR descriptions, which are not files in the
//! repository. Each result therefore points at the rule file that asked the question (the
//! project's config, or `.whylint.yml` as a pseudo-location when the built-in rules are used),
//! line 1, and names what was checked (commit, branch, pull request) in `logicalLocations`.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Finding, Level, Summary, Target, TargetKind};
use serde_sarif::sarif;
use std::io::{self, Write};

/// The SARIF reporter; writes the log at `finish`.
pub struct Sarif<'a> {
    out: Box<dyn Write + 'a>,
    anchor: String,
    rules: Vec<Finding>,
    results: Vec<sarif::Result>,
}

impl<'a> Sarif<'a> {
    /// Writes to `out`; results are anchored at `anchor` (the rule file's path).
    pub fn new(out: Box<dyn Write + 'a>, anchor: &str) -> Self {
        Sarif {
            out,
            anchor: anchor.to_owned(),
            rules: Vec::new(),
            results: Vec::new(),
        }
    }
}

fn logical_kind(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Commit => "commit",
        TargetKind::Branch => "branch",
        TargetKind::Pr => "pullRequest",
        TargetKind::Message => "commitMessage",
    }
}

impl Reporter for Sarif<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        for finding in &checked.findings {
            let index = match self.rules.iter().position(|r| r.rule == finding.rule) {
                Some(index) => index,
                None => {
                    self.rules.push(finding.clone());
                    self.rules.len() - 1
                }
            };
            let level = match finding.level {
                Level::Error => sarif::ResultLevel::Error,
                Level::Warning => sarif::ResultLevel::Warning,
                Level::Info | Level::Off => sarif::ResultLevel::Note,
            };
            let line = finding
                .location
                .as_ref()
                .map(|l| l.line)
                .unwrap_or(1)
                .max(1);
            let location = sarif::Location::builder()
                .physical_location(
                    sarif::PhysicalLocation::builder()
                        .artifact_location(
                            sarif::ArtifactLocation::builder()
                                .uri(self.anchor.clone())
                                .build(),
                        )
                        .region(sarif::Region::builder().start_line(1).build())
                        .build(),
                )
                .logical_locations(vec![
                    sarif::LogicalLocation::builder()
                        .name(target.id.clone())
                        .fully_qualified_name(super::github::target_name(target))
                        .kind(logical_kind(target.kind))
                        .build(),
                ])
                .build();
            let text = format!(
                "{} (line {line} of {})",
                finding.message,
                super::github::target_name(target)
            );
            self.results.push(
                sarif::Result::builder()
                    .rule_id(finding.rule.clone())
                    .rule_index(index as i64)
                    .level(level)
                    .message(sarif::Message::builder().text(text).build())
                    .locations(vec![location])
                    .build(),
            );
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _epilogue: &Epilogue) -> io::Result<()> {
        let rules: Vec<sarif::ReportingDescriptor> = self
            .rules
            .iter()
            .map(|finding| {
                sarif::ReportingDescriptor::builder()
                    .id(finding.rule.clone())
                    .name(finding.rule.clone())
                    .short_description(
                        sarif::MultiformatMessageString::builder()
                            .text(finding.question.clone())
                            .build(),
                    )
                    .help(
                        sarif::MultiformatMessageString::builder()
                            .text(finding.help.clone())
                            .build(),
                    )
                    .build()
            })
            .collect();
        let driver = sarif::ToolComponent::builder()
            .name("whylint")
            .version(env!("CARGO_PKG_VERSION"))
            .rules(rules)
            .build();
        let run = sarif::Run::builder()
            .tool(sarif::Tool::builder().driver(driver).build())
            .results(std::mem::take(&mut self.results))
            .build();
        let log = sarif::Sarif::builder()
            .schema("https://json.schemastore.org/sarif-2.1.0.json")
            .version(serde_json::json!("2.1.0"))
            .runs(vec![run])
            .build();
        serde_json::to_writer_pretty(&mut self.out, &log)?;
        writeln!(self.out)?;
        self.out.flush()
    }
}
