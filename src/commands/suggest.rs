//! "A message that would pass": after a rejected commit, a message built from the author's own
//! and the failing rules' examples — and checked by the same rules before it is shown.
//!
//! The author's subject is kept unless a rule found fault with the first line (a pre-filled
//! `Refs: PAY-12` saved unedited is no subject): then the rule's example is the subject and the
//! author's first line moves to the body. Whatever still fails adds its rule's example, a few
//! rounds at most; a message that would still not pass is not offered at all.

use crate::finding::{Finding, Level, Target, TargetKind};
use crate::parse::message::CommentStyle;
use crate::rules::RuleSet;
use crate::subject::Subject;

/// The rule that judges the first line as a subject.
const SUBJECT_RULE: &str = "subject-line";

/// Rounds of adding examples for what still fails before giving up.
const ROUNDS: usize = 3;

/// The subject when neither the author's first line nor any rule's example gives one.
const FALLBACK_SUBJECT: &str = "Add CSV export";

/// A message that passes `rules` on `branch`, built from `subject` (the rejected message) and
/// the `findings` against it; `None` when no such message could be built.
pub fn passing_message(
    rules: &RuleSet,
    subject: &Subject,
    findings: &[Finding],
    branch: Option<&str>,
) -> Option<String> {
    let first_line_at_fault =
        subject.title.trim().is_empty() || findings.iter().any(is_about_subject);
    let mut body: Vec<String> = Vec::new();
    let title = if first_line_at_fault {
        if !subject.title.trim().is_empty() {
            body.push(subject.title.clone());
        }
        findings
            .iter()
            .filter(|finding| is_about_subject(finding))
            .find_map(|finding| finding.example.lines().next().map(str::to_owned))
            .unwrap_or_else(|| FALLBACK_SUBJECT.to_owned())
    } else {
        subject.title.clone()
    };
    let mut failing: Vec<Finding> = findings.to_vec();
    for _ in 0..=ROUNDS {
        for finding in failing.iter().filter(|finding| !is_about_subject(finding)) {
            for line in finding.example.lines() {
                if !body.iter().any(|known| known == line) {
                    body.push(line.to_owned());
                }
            }
        }
        let candidate = format!("{title}\n\n{}", body.join("\n"));
        failing = errors(rules, &candidate, branch);
        if failing.is_empty() {
            return Some(candidate.trim_end().to_owned());
        }
        if failing.iter().all(is_about_subject) {
            return None;
        }
    }
    None
}

/// Whether a finding wants the first line changed: the built-in `subject-line` rule's.
fn is_about_subject(finding: &Finding) -> bool {
    finding.rule == SUBJECT_RULE
}

/// The error-level findings `rules` give `text` as a commit message on `branch`.
fn errors(rules: &RuleSet, text: &str, branch: Option<&str>) -> Vec<Finding> {
    let mut subject = Subject::from_message(text, &CommentStyle::Verbatim);
    subject.branch = branch.map(str::to_owned);
    let target = Target {
        kind: TargetKind::Message,
        id: "suggestion".into(),
        title: None,
    };
    rules
        .check(&subject, &target, None)
        .findings
        .into_iter()
        .filter(|finding| finding.level == Level::Error)
        .collect()
}
