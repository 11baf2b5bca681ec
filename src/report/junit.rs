//! `--format junit`: JUnit XML, one test case per checked target, for CI test-report views.
//!
//! A target with an error finding fails; one with only warnings or infos passes with them in
//! its output; an exempt target is skipped with its reason. The class names what was checked:
//! `whylint.commit`, `whylint.branch`, `whylint.pull-request` (`whylint.merge-request` for a
//! GitLab `!N`), `whylint.message`.
//!
//! The XML follows the Jenkins xUnit plugin's `junit-10.xsd`, the strictest common reading of
//! JUnit: it has no `skipped` count on the `<testsuites>` root (each `<testsuite>` keeps its
//! own), so that attribute is left out.

use super::{Epilogue, Reporter};
use crate::finding::{Checked, Level, Summary, Target, TargetKind};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};

/// The JUnit reporter; writes the XML at `finish`.
pub struct Junit<'a> {
    out: Box<dyn Write + 'a>,
    cases: Vec<TestCase>,
}

impl<'a> Junit<'a> {
    /// Writes to `out`.
    pub fn new(out: Box<dyn Write + 'a>) -> Self {
        Junit {
            out,
            cases: Vec::new(),
        }
    }
}

impl Reporter for Junit<'_> {
    fn subject(&mut self, target: &Target, checked: &Checked) -> io::Result<()> {
        let mut name = super::github::target_name(target);
        if let Some(title) = &target.title {
            name.push_str(": ");
            name.push_str(title);
        }
        let lines: Vec<String> = checked
            .findings
            .iter()
            .map(|f| format!("{}[{}]: {}\nhelp: {}", f.level, f.rule, f.message, f.help))
            .collect();
        let status = if let Some(exemption) = &checked.exemption {
            let mut status = TestCaseStatus::skipped();
            status.set_message(exemption.reason.clone());
            status
        } else if checked.findings.iter().any(|f| f.level == Level::Error) {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let first = checked.findings.iter().find(|f| f.level == Level::Error);
            if let Some(first) = first {
                status.set_message(first.message.clone());
                status.set_type(first.rule.clone());
            }
            status.set_description(lines.join("\n\n"));
            status
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(name, status);
        case.set_classname(classname(target));
        if !lines.is_empty() && checked.findings.iter().all(|f| f.level != Level::Error) {
            case.set_system_out(lines.join("\n\n"));
        }
        self.cases.push(case);
        Ok(())
    }

    fn finish(&mut self, _summary: &Summary, _epilogue: &Epilogue) -> io::Result<()> {
        let mut suite = TestSuite::new("whylint");
        suite.add_test_cases(std::mem::take(&mut self.cases));
        let mut report = Report::new("whylint");
        report.add_test_suite(suite);
        let xml = report.to_string().map_err(io::Error::other)?;
        self.out.write_all(without_root_skipped(&xml).as_bytes())?;
        self.out.flush()
    }
}

/// `whylint.<what was checked>`.
fn classname(target: &Target) -> String {
    let kind = match target.kind {
        TargetKind::Commit => "commit",
        TargetKind::Branch => "branch",
        TargetKind::Pr if target.pr_noun() == "merge request" => "merge-request",
        TargetKind::Pr => "pull-request",
        TargetKind::Message => "message",
    };
    format!("whylint.{kind}")
}

/// The XML without the `skipped` attribute of the `<testsuites>` start tag (quick-junit always
/// writes it; junit-10.xsd does not allow it there). Attribute values are escaped, so the first
/// `>` after `<testsuites` ends the tag.
fn without_root_skipped(xml: &str) -> String {
    let Some(start) = xml.find("<testsuites") else {
        return xml.to_owned();
    };
    let end = xml[start..].find('>').map_or(xml.len(), |end| start + end);
    let tag = &xml[start..end];
    let Some(attribute) = tag.find(" skipped=\"") else {
        return xml.to_owned();
    };
    let value_end = tag[attribute + 10..]
        .find('"')
        .map_or(tag.len(), |quote| attribute + 10 + quote + 1);
    format!(
        "{}{}{}",
        &xml[..start + attribute],
        &tag[value_end..],
        &xml[end..]
    )
}

#[cfg(test)]
mod tests {
    use super::without_root_skipped;

    #[test]
    fn only_the_root_loses_its_skipped_count() {
        let xml = "<?xml?>\n<testsuites name=\"w\" tests=\"2\" skipped=\"1\" errors=\"0\">\n<testsuite skipped=\"1\">";
        assert_eq!(
            without_root_skipped(xml),
            "<?xml?>\n<testsuites name=\"w\" tests=\"2\" errors=\"0\">\n<testsuite skipped=\"1\">"
        );
        assert_eq!(without_root_skipped("<a/>"), "<a/>");
    }
}
