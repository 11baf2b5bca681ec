//! `--format sarif`: SARIF 2.1.0, shaped for GitHub code scanning.
//!
//! whylint's findings are about commit messages and PR descriptions, which are not files in the
//! repository. Each result points at one file of the analysed commit, relative to the
//! repository root (`finding::Anchor`, chosen by `source::anchor`: the configuration file when
//! it is tracked, else the README, else the first tracked file), line 1, and names what was
//! checked (commit, branch, pull or merge request) in its message and `logicalLocations`.
//!
//! What code scanning needs besides the schema:
//! - every finding is its own alert: `partialFingerprints` come from the rule and the target
//!   (`Finding::fingerprint`), not from the anchor line that all results share;
//! - every rule has a `name` in PascalCase, a `fullDescription`, `help` (text and Markdown) and,
//!   when known, a `helpUri`;
//! - `automationDetails.id` is `whylint/<kind>/`, after what the run checked (`pr`, `branch`,
//!   `msg`, `commits`), so uploads of different checks do not close each other's alerts;
//! - at most `MAX_RESULTS` results (GitHub keeps 5,000 per run and rejects more than 25,000):
//!   beyond that the most severe are kept, and a notification and a note on stderr say so.

use super::{Epilogue, Reporter};
use crate::finding::{Anchor, Checked, Finding, Level, Summary, Target, TargetKind};
use serde_sarif::sarif;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// The most results one log carries: what GitHub code scanning stores of a run.
pub const MAX_RESULTS: usize = 5_000;

/// The SARIF reporter; writes the log at `finish`.
pub struct Sarif<'a> {
    out: Box<dyn Write + 'a>,
    anchor: Anchor,
    rules: Vec<Finding>,
    results: Vec<(Level, sarif::Result)>,
    found: usize,
    kinds: Vec<TargetKind>,
}

impl<'a> Sarif<'a> {
    /// Writes to `out`; results point at `anchor`.
    pub fn new(out: Box<dyn Write + 'a>, anchor: &Anchor) -> Self {
        Sarif {
            out,
            anchor: anchor.clone(),
            rules: Vec::new(),
            results: Vec::new(),
            found: 0,
            kinds: Vec::new(),
        }
    }

    /// Keeps the `MAX_RESULTS` most severe results, in the order they came within a level.
    fn keep_most_severe(&mut self) {
        self.results
            .sort_by_key(|(level, _)| std::cmp::Reverse(*level));
        self.results.truncate(MAX_RESULTS);
    }

    fn result(&self, target: &Target, finding: &Finding, index: usize) -> sarif::Result {
        let mut location = sarif::Location::builder()
            .logical_locations(vec![
                sarif::LogicalLocation::builder()
                    .name(target.id.clone())
                    .fully_qualified_name(super::github::target_name(target))
                    .kind(logical_kind(target))
                    .build(),
            ])
            .build();
        location.physical_location = self.anchor.path.as_deref().map(|path| {
            sarif::PhysicalLocation::builder()
                .artifact_location(sarif::ArtifactLocation::builder().uri(uri(path)).build())
                .region(sarif::Region::builder().start_line(1).build())
                .build()
        });
        let line = finding.location.as_ref().map_or(1, |l| l.line).max(1);
        let text = format!(
            "{} (line {line} of {})",
            finding.message,
            super::github::target_name(target)
        );
        let fingerprint = finding.fingerprint();
        let mut result = sarif::Result::builder()
            .rule_id(finding.rule.clone())
            .rule_index(index as i64)
            .level(match finding.level {
                Level::Error => sarif::ResultLevel::Error,
                Level::Warning => sarif::ResultLevel::Warning,
                Level::Info | Level::Off => sarif::ResultLevel::Note,
            })
            .message(sarif::Message::builder().text(text).build())
            .locations(vec![location])
            .build();
        // `primaryLocationLineHash` is the key code scanning matches alerts by; left out, the
        // upload action would hash the anchor's line 1, the same for every result.
        result.partial_fingerprints = Some(BTreeMap::from([
            ("primaryLocationLineHash".to_owned(), fingerprint.clone()),
            ("whylint/v1".to_owned(), fingerprint),
        ]));
        result
    }

    fn descriptor(&self, finding: &Finding) -> sarif::ReportingDescriptor {
        let text = |text: String| {
            sarif::MultiformatMessageString::builder()
                .text(text)
                .build()
        };
        let mut help = text(format!("{}\n\nExample:\n{}", finding.help, finding.example));
        help.markdown = Some(format!(
            "**{}**\n\n{}\n\nExample:\n\n```\n{}\n```\n\nRun `whylint explain {}` for the whole rule.",
            finding.question, finding.help, finding.example, finding.rule
        ));
        let mut descriptor = sarif::ReportingDescriptor::builder()
            .id(finding.rule.clone())
            .name(pascal_case(&finding.rule))
            .short_description(text(first_of(&finding.summary, &finding.question)))
            .full_description(text(format!("{} {}", finding.question, finding.help)))
            .help(help)
            .build();
        descriptor.help_uri = self
            .anchor
            .help_uri
            .as_ref()
            .map(|template| template.replace("{rule}", &finding.rule));
        descriptor
    }

    /// `whylint/<kind>/`: the most encompassing kind of target the run checked.
    fn category(&self) -> String {
        let kind = [
            (TargetKind::Pr, "pr"),
            (TargetKind::Branch, "branch"),
            (TargetKind::Message, "msg"),
        ]
        .into_iter()
        .find(|(kind, _)| self.kinds.contains(kind))
        .map_or("commits", |(_, name)| name);
        format!("whylint/{kind}/")
    }

    /// What the run has to say besides results: the epilogue's notes, and the cap.
    fn notifications(&self, epilogue: &Epilogue) -> Vec<sarif::Notification> {
        let notification = |level: &str, text: String| {
            sarif::Notification::builder()
                .level(serde_json::json!(level))
                .message(sarif::Message::builder().text(text).build())
                .build()
        };
        let mut notes: Vec<_> = epilogue
            .notes
            .iter()
            .map(|note| notification("note", note.clone()))
            .collect();
        if let Some(warning) = self.truncation() {
            notes.push(notification("warning", warning));
        }
        notes
    }

    fn truncation(&self) -> Option<String> {
        (self.found > MAX_RESULTS).then(|| {
            format!(
                "whylint found {} results and wrote the {MAX_RESULTS} most severe: GitHub code scanning keeps {MAX_RESULTS} results per run (and rejects more than 25,000). Check a shorter range, or use `--format json` for all of them.",
                self.found
            )
        })
    }
}

fn logical_kind(target: &Target) -> &'static str {
    match target.kind {
        TargetKind::Commit => "commit",
        TargetKind::Branch => "branch",
        TargetKind::Pr if target.pr_noun() == "merge request" => "mergeRequest",
        TargetKind::Pr => "pullRequest",
        TargetKind::Message => "commitMessage",
    }
}

fn first_of(preferred: &str, fallback: &str) -> String {
    if preferred.is_empty() {
        fallback
    } else {
        preferred
    }
    .to_owned()
}

/// `problem-link` → `ProblemLink`: the readable name code scanning shows for a rule.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

/// A relative path as a URI reference: `/` kept, everything outside RFC 3986's unreserved set
/// percent-encoded (a space, `#`, `%`, non-ASCII).
fn uri(path: &str) -> String {
    path.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                char::from(byte).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

impl Reporter for Sarif<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        if !self.kinds.contains(&target.kind) {
            self.kinds.push(target.kind);
        }
        for finding in &checked.findings {
            let index = match self.rules.iter().position(|r| r.rule == finding.rule) {
                Some(index) => index,
                None => {
                    self.rules.push(finding.clone());
                    self.rules.len() - 1
                }
            };
            let result = self.result(target, finding, index);
            self.results.push((finding.level, result));
            self.found += 1;
            // Bounded memory on long histories: trim whenever twice the cap has piled up.
            if self.results.len() >= 2 * MAX_RESULTS {
                self.keep_most_severe();
            }
        }
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, epilogue: &Epilogue) -> io::Result<()> {
        if self.results.len() > MAX_RESULTS {
            self.keep_most_severe();
        }
        if let Some(warning) = self.truncation() {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("note: {warning}");
            }
        }
        let rules: Vec<_> = self.rules.iter().map(|f| self.descriptor(f)).collect();
        let driver = sarif::ToolComponent::builder()
            .name("whylint")
            .version(env!("CARGO_PKG_VERSION"))
            .rules(rules)
            .build();
        let notifications = self.notifications(epilogue);
        let mut run = sarif::Run::builder()
            .tool(sarif::Tool::builder().driver(driver).build())
            .results(
                std::mem::take(&mut self.results)
                    .into_iter()
                    .map(|(_, r)| r)
                    .collect::<Vec<_>>(),
            )
            .build();
        run.automation_details = Some(sarif::RunAutomationDetails {
            id: Some(self.category()),
            ..Default::default()
        });
        if !notifications.is_empty() {
            let mut invocation = sarif::Invocation::builder()
                .execution_successful(true)
                .build();
            invocation.tool_execution_notifications = Some(notifications);
            run.invocations = Some(vec![invocation]);
        }
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

#[cfg(test)]
mod tests {
    use super::{pascal_case, uri};

    #[test]
    fn names_are_pascal_case() {
        assert_eq!(pascal_case("problem-link"), "ProblemLink");
        assert_eq!(pascal_case("success-metric"), "SuccessMetric");
        assert_eq!(pascal_case("x"), "X");
    }

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri(".github/whylint.yml"), ".github/whylint.yml");
        assert_eq!(uri("docs/read me#1.md"), "docs/read%20me%231.md");
        assert_eq!(uri("é"), "%C3%A9");
    }
}
