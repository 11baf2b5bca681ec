//! Self-references: a reference that names the change itself, not the problem it solves.
//!
//! GitHub's squash merge writes the pull request's own number at the end of the subject
//! (`Fix crash (#1234)`); merge commits and merge bots write `Merge pull request #N from …`,
//! `Auto merge of #N` or `Merge #N`; the Spark-style merge script ends with
//! `Closes #N from user/branch`; review tools add trailers (`PR-URL:`, `Reviewed-on:`,
//! `Differential Revision:`, Gerrit's `Change-Id:`). None of them says where the problem lives,
//! so `problem-link` must not pass on them.
//!
//! This module owns telling those apart from real links. The forms are data (`self-references:`
//! in a rule file, so a project that writes `Closes #N` for the pull request itself can say so);
//! finding the references is `reference`'s job. A form is literal text around one `#N`, matched
//! ignoring ASCII case, optionally anchored to the start (`^`) or end (`$`) of its line:
//! `"^Merge pull request #N"`, `"(#N)$"`, `"Closes #N from "`. Matching is a few comparisons per
//! reference found, no regex, so the commit-msg hook pays nothing for it.

use super::reference::{self, Reference, TrackerSettings};
use serde::Deserialize;

/// `self-references:` as written in a rule file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SelfRefSpec {
    /// Trailer keys whose line names the change itself (`PR-URL`, `Change-Id`).
    #[serde(default)]
    pub trailers: Vec<String>,
    /// Forms that name the change on the subject line of a commit (`(#N)$`).
    #[serde(default)]
    pub subject: Vec<super::yaml::Spanned<String>>,
    /// Forms that name the change on any line of a commit or description.
    #[serde(default)]
    pub lines: Vec<super::yaml::Spanned<String>>,
}

/// One form: the text written before and after the `#N`, lowercase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    before: String,
    after: String,
    at_start: bool,
    at_end: bool,
}

impl Form {
    /// Parses `"^Merge pull request #N"`; the error says what is wrong.
    pub fn parse(written: &str) -> Result<Form, String> {
        let (at_start, rest) = match written.strip_prefix('^') {
            Some(rest) => (true, rest),
            None => (false, written),
        };
        let (at_end, rest) = match rest.strip_suffix('$') {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let Some((before, after)) = rest.split_once("#N") else {
            return Err(format!(
                "the form `{written}` has no `#N`; write the text around the number, e.g. `^Merge pull request #N`"
            ));
        };
        if after.contains("#N") {
            return Err(format!(
                "the form `{written}` has more than one `#N`; write one form per number"
            ));
        }
        Ok(Form {
            before: before.to_ascii_lowercase(),
            after: after.to_ascii_lowercase(),
            at_start,
            at_end,
        })
    }

    /// Whether `line` holds this form with the reference at `start..end` (line offsets) as `#N`.
    fn matches(&self, line: &str, start: usize, end: usize) -> bool {
        let (Some(head), Some(tail)) = (line.get(..start), line.get(end..)) else {
            return false;
        };
        let head_ok = if self.at_start {
            head.trim_start().eq_ignore_ascii_case(&self.before)
        } else {
            ends_with_folded(head, &self.before)
        };
        let tail_ok = if self.at_end {
            tail.trim_end().eq_ignore_ascii_case(&self.after)
        } else {
            tail.get(..self.after.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(&self.after))
        };
        head_ok && tail_ok
    }
}

fn ends_with_folded(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len()
        && text
            .get(text.len() - suffix.len()..)
            .is_some_and(|t| t.eq_ignore_ascii_case(suffix))
}

/// The self-reference forms in effect.
#[derive(Debug, Clone, Default)]
pub struct SelfRefs {
    /// Trailer keys, lowercase.
    pub trailers: Vec<String>,
    /// Forms read on a commit's subject line only.
    pub subject: Vec<Form>,
    /// Forms read on every line.
    pub lines: Vec<Form>,
}

impl SelfRefs {
    /// Whether `found`, a reference in `text`, names the change itself. `subject_line` says
    /// whether the text's first line is a commit subject (it is not for a pull request, whose
    /// title never carries its own number).
    pub fn names_the_change(&self, text: &str, found: &Reference, subject_line: bool) -> bool {
        let line_start = text[..found.span.start.min(text.len())]
            .rfind('\n')
            .map_or(0, |at| at + 1);
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |at| line_start + at);
        let line = text[line_start..line_end].trim_end_matches('\r');
        let start = found.span.start - line_start;
        let end = found.span.end.min(line_start + line.len()) - line_start;
        if self.is_trailer_line(line) {
            return true;
        }
        let forms = self.lines.iter().chain(
            self.subject
                .iter()
                .filter(|_| subject_line && line_start == 0),
        );
        // A form's `#N` is a `#` and digits: a URL or a key is never the change's own number.
        found.text.starts_with('#') && forms.into_iter().any(|f| f.matches(line, start, end))
    }

    fn is_trailer_line(&self, line: &str) -> bool {
        let Some((key, _)) = line.trim_start().split_once(':') else {
            return false;
        };
        let key = key.trim();
        self.trailers.iter().any(|t| t.eq_ignore_ascii_case(key))
    }

    /// The self-reference forms that `text` holds, as written (for a prompt that says why a
    /// reference did not count).
    pub fn written_in(
        &self,
        text: &str,
        settings: &TrackerSettings,
        subject_line: bool,
    ) -> Vec<String> {
        reference::find_references(text, settings)
            .into_iter()
            .filter(|found| self.names_the_change(text, found, subject_line))
            .map(|found| found.text)
            .collect()
    }
}

/// [`reference::find_references`] without the references that name the change itself.
pub fn problem_references(
    text: &str,
    settings: &TrackerSettings,
    own: &SelfRefs,
    subject_line: bool,
) -> Vec<Reference> {
    let mut found = reference::find_references(text, settings);
    if !own.trailers.is_empty() || !own.lines.is_empty() || !own.subject.is_empty() {
        found.retain(|r| !own.names_the_change(text, r, subject_line));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms() -> SelfRefs {
        SelfRefs {
            trailers: vec!["pr-url".into(), "change-id".into(), "reviewed-on".into()],
            subject: ["(#N)$", "^Merge pull request #N", "^Auto merge of #N"]
                .iter()
                .map(|f| Form::parse(f).expect("form"))
                .collect(),
            lines: vec![Form::parse("Closes #N from ").expect("form")],
        }
    }

    fn kept(text: &str) -> Vec<String> {
        problem_references(text, &TrackerSettings::default(), &forms(), true)
            .into_iter()
            .map(|r| r.text)
            .collect()
    }

    #[test]
    fn squash_suffix_and_merge_subjects_are_the_change_itself() {
        assert!(kept("Fix crash on empty file (#1234)").is_empty());
        assert!(kept("Fix crash on empty file (#1234)\r\n\r\nMore text.\r\n").is_empty());
        assert!(kept("Merge pull request #12 from ada/fix").is_empty());
        assert!(kept("Auto merge of #77 - ada:fix, r=bob").is_empty());
        assert!(kept("Fix X\n\nCloses #55 from ada/branch.\n").is_empty());
        assert!(kept("Fix X\n\nPR-URL: https://github.com/o/r/pull/9\n").is_empty());
    }

    #[test]
    fn real_links_beside_self_references_stay() {
        assert_eq!(kept("Fix crash (#1234)\n\nFixes #1200\n"), vec!["#1200"]);
        // The squash form is read on the subject only.
        assert_eq!(kept("Fix crash\n\nThis broke in (#1200)\n"), vec!["#1200"]);
        assert_eq!(kept("Fix X\n\nCloses #55\n"), vec!["#55"]);
    }

    #[test]
    fn a_pull_request_title_is_not_a_commit_subject() {
        let own = forms();
        let found = problem_references(
            "Forward the fix (#12)",
            &TrackerSettings::default(),
            &own,
            false,
        );
        assert_eq!(found.len(), 1);
    }

    #[test]
    fn forms_must_hold_one_number() {
        assert!(Form::parse("Merge pull request").is_err());
        assert!(Form::parse("#N and #N").is_err());
        assert!(Form::parse("^Merge #N$").is_ok());
    }
}
